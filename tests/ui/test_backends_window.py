"""The real window on a remote model: the app's own engine (SwitchingEngine) loads ``remote:lab/...`` from a
real OpenAI-compatible server on 127.0.0.1, and chat, summarize, translate and draft run on it unchanged;
a remote default model whose server is down (or while working offline) is a message, never a wait."""

from __future__ import annotations

import json
import time
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk_assistant.core import backends, network
from desk_assistant.core.settings import load_settings, settings_path
from desk_assistant.ui.app import DeskApp
from tests.ui.openai_fake import FakeOpenAIServer, refused_url
from tests.ui.pane_helpers import Heartbeat
from tests.ui.test_backends_ui import open_menu
from tests.ui.window_fixtures import close_desk, write_settings

REF = "remote:lab/qwen/Qwen3-8B"


@pytest.fixture(autouse=True)
def no_keyring():
    keyring.set_keyring(fail.Keyring())  # the next test starts with none again (tests/conftest.py)
    network.set_offline(False)
    yield
    network.set_offline(False)


@pytest.fixture(autouse=True)
def close_menus(qapp):
    yield
    for widget in qapp.topLevelWidgets():
        if widget.isVisible() and widget.inherits("QMenu"):
            widget.hide()


@pytest.fixture
def server():
    with FakeOpenAIServer() as fake:
        yield fake


def start_app(qtbot, url: str, default_model: str, key: str = "", **values: object) -> DeskApp:
    backends.add_backend(load_settings(), "lab", url, key)
    write_settings(
        default_model=default_model, first_run_done=True, ui_language="en", theme="light", **values
    )
    desk = DeskApp(QApplication.instance(), show_welcome=False)
    assert desk.start()
    qtbot.waitExposed(desk.window)
    return desk


@pytest.fixture
def started():
    apps: list[DeskApp] = []
    yield apps
    for desk in apps:
        close_desk(desk)


def test_a_remote_default_model_chats_end_to_end(qtbot, server, started) -> None:
    server.key = "sk-lab-key"  # the saved key goes with every request
    desk = start_app(qtbot, server.url, REF, key="sk-lab-key")
    started.append(desk)
    window, picker = desk.window, desk.window.model_picker
    qtbot.waitUntil(lambda: picker.state() == "ready", timeout=15000)
    assert picker.text() == "qwen/Qwen3-8B · lab"
    assert desk.service.current_model().path == REF
    assert window.status_bar.context.text().startswith("context ≈0 / 4,096")

    window.chat.input.set_text("Say hello")
    qtbot.keyClick(window.chat.input.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.chat.is_generating(), timeout=15000)
    conversation = window.chat.current_conversation_id()
    question, answer = desk.store.active_branch(conversation)
    assert question.content == "Say hello"
    assert answer.content == "Hello from the server!" and answer.status == "complete"
    assert server.requests[-1]["model"] == "qwen/Qwen3-8B" and server.requests[-1]["stream"] is True
    assert server.requests[-1]["messages"][-1] == {"role": "user", "content": "Say hello"}
    assert window.status_bar.context.text().startswith("context ≈")


def results_of(pane) -> list[object]:
    results: list[object] = []
    pane.runner.finished.connect(results.append)
    pane.runner.failed.connect(results.append)
    return results


def test_summarize_translate_and_draft_run_on_the_remote_model(qtbot, server, started) -> None:
    desk = start_app(qtbot, server.url, REF)
    started.append(desk)
    window = desk.window
    qtbot.waitUntil(lambda: window.model_picker.state() == "ready", timeout=15000)

    server.answer = "The council approved the tram line."
    pane = window.summarize
    window.set_pane(1)
    results = results_of(pane)
    pane.source.set_text("The council met on Monday. It approved the new tram line, which opens next year.")
    qtbot.waitUntil(lambda: "≈" in pane.plan_label.text(), timeout=15000)
    assert pane.plan_label.text().endswith("tokens · one pass")
    assert pane.run()
    qtbot.waitUntil(lambda: bool(results), timeout=30000)
    assert getattr(results[0], "text", results[0]) == "The council approved the tram line."
    assert desk.store.get_conversation(pane.current_conversation_id()).model == REF

    server.answer = "La bibliothèque ouvre à neuf heures."
    pane = window.translate
    window.set_pane(2)
    results = results_of(pane)
    pane.source.set_text("The library opens at nine.")
    pane.source_box.set_code("en")
    pane.target_box.set_code("fr")
    assert pane.run()
    qtbot.waitUntil(lambda: bool(results), timeout=30000)
    assert getattr(results[0], "document", results[0]) == "La bibliothèque ouvre à neuf heures."

    post = "Trams are coming back to our town, and that is good news."
    server.answer = post
    pane = window.draft
    window.set_pane(3)
    results = results_of(pane)
    pane.form.brief_edit.setPlainText("A short post about the new tram line.")
    assert pane.write_whole()
    qtbot.waitUntil(lambda: bool(results), timeout=30000)
    assert getattr(results[0], "text", results[0]) == post
    assert window.message_bar.text() == ""


def test_a_remote_default_model_that_is_down_is_a_message(qtbot, tiny_model: Path, started) -> None:
    url = refused_url()
    desk = start_app(qtbot, url, "remote:lab/big-model")
    started.append(desk)
    window = desk.window
    with Heartbeat() as beat:  # from the window shown to the message: the load is on its thread
        qtbot.waitUntil(lambda: window.message_bar.text() != "", timeout=15000)
    assert beat.longest < 0.1, f"the window stalled {beat.longest * 1000:.0f} ms"
    assert window.message_bar.text() == (
        f"big-model on lab is not available. Nothing answers at {url}: the connection was refused. "
        "Is the server running? Choose another model with the model button."
    )
    assert window.message_bar.action_button().text() == "Use the starter model"
    assert window.model_picker.state() == "error"
    # a model on this computer is one choice away
    window.model_picker.loadRequested.emit(str(tiny_model))
    qtbot.waitUntil(lambda: window.model_picker.state() == "ready", timeout=30000)
    assert window.model_picker.text().endswith("CPU")
    assert load_settings().default_model == str(tiny_model)


def test_working_offline_a_remote_default_is_not_even_tried(qtbot, server, started) -> None:
    desk = start_app(qtbot, server.url, REF, offline=True)
    started.append(desk)
    window = desk.window
    qtbot.waitUntil(lambda: window.message_bar.text() != "", timeout=5000)
    text = window.message_bar.text()
    assert text.startswith("qwen/Qwen3-8B on lab is not available. Desk Assistant is set to work offline.")
    time.sleep(0.1)
    assert server.hits == [] and desk.service.current_model() is None


def test_choosing_a_remote_model_in_the_picker_loads_it(qtbot, server, tiny_model: Path, started) -> None:
    desk = start_app(qtbot, server.url, str(tiny_model))
    started.append(desk)
    picker = desk.window.model_picker
    qtbot.waitUntil(lambda: picker.state() == "ready", timeout=30000)
    assert picker.text().endswith("CPU")
    open_menu(qtbot, picker)
    qtbot.waitUntil(lambda: any(t == "llama-3.1-70b" for t, _e, _tip in picker.menu_rows()), timeout=15000)
    action = next(a for a in picker.menu().actions() if a.text() == "llama-3.1-70b")
    shown: list[tuple[str, str]] = []  # (stage, the picker's text then): the picker's slot runs first
    desk.service.loadStage.connect(lambda _id, stage: shown.append((stage, picker.text())))
    action.trigger()
    qtbot.waitUntil(lambda: picker.text() == "llama-3.1-70b · lab", timeout=15000)
    assert shown == [("connecting", "Connecting to the server…")]
    assert desk.service.current_model().path == "remote:lab/llama-3.1-70b"
    assert json.loads(settings_path().read_text("utf-8"))["default_model"] == "remote:lab/llama-3.1-70b"
    open_menu(qtbot, picker)
    checked = [a.text() for a in picker.menu().actions() if a.isChecked()]
    assert checked == ["llama-3.1-70b"]


def test_stop_ends_a_remote_answer_at_once_and_keeps_it(qtbot, server, started) -> None:
    server.answer = " ".join(f"word{i}" for i in range(400))
    server.delay = 0.02
    desk = start_app(qtbot, server.url, REF)
    started.append(desk)
    window = desk.window
    qtbot.waitUntil(lambda: window.model_picker.state() == "ready", timeout=15000)
    window.chat.input.set_text("Count")
    qtbot.keyClick(window.chat.input.edit, Qt.Key.Key_Return)
    conversation = window.chat.current_conversation_id()
    qtbot.waitUntil(lambda: "word20 " in desk.store.active_branch(conversation)[-1].content, timeout=15000)
    pressed = time.perf_counter()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.chat.is_generating(), timeout=5000)
    assert time.perf_counter() - pressed < 0.5
    answer = desk.store.active_branch(conversation)[-1]
    assert answer.status == "stopped" and answer.content.startswith("word0 word1 ")
    assert "word399" not in answer.content


def test_tools_menu_opens_the_backends_dialog(qtbot, server, started) -> None:
    desk = start_app(qtbot, server.url, REF)
    started.append(desk)
    window, picker = desk.window, desk.window.model_picker
    qtbot.waitUntil(lambda: picker.state() == "ready", timeout=15000)
    tools = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Tools")
    action = window.actions_by_name["backends"]
    assert action in tools.actions() and action.text() == "&Remote backends…"
    open_menu(qtbot, picker)
    qtbot.waitUntil(lambda: not picker.remote_models("lab").pending, timeout=15000)
    picker.menu().hide()
    action.trigger()
    dialog = window.backends_dialog
    qtbot.waitExposed(dialog)
    assert dialog.names() == ["lab"]
    assert dialog.windowModality() == Qt.WindowModality.WindowModal  # the window behind keeps running
    dialog.reject()
    assert picker.remote_models("lab") is None  # asked again the next time the menu opens
