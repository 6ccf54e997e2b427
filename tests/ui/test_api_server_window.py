"""The API server in the window: its requests and the window's own chat share one inference queue; the
status bar says how many requests it is serving; the UI thread never waits for it."""

from __future__ import annotations

import threading
import urllib.request
from pathlib import Path
from typing import Any

import keyring
import openai
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk_assistant.core.settings import load_settings
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.ui.app import DeskApp
from tests.keyrings import LockedKeyring
from tests.ui.pane_helpers import Heartbeat
from tests.ui.window_fixtures import close_desk, write_settings


class GatedEngine:
    """The real engine; each generation records its session key and can be held at its start (a
    test's gate), so the queue's order is visible. Never two at once: ``max_active`` says."""

    def __init__(self) -> None:
        self.engine = LlamaCppEngine(state_budget_bytes=0)
        self.gate = threading.Event()
        self.gate.set()
        self.sessions: list[str | None] = []
        self.active = 0
        self.max_active = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def stream_chat(self, messages: Any, sampling: Any = None, cancel: Any = None, session_key: Any = None):
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        self.sessions.append(session_key)
        try:
            assert self.gate.wait(30)
            yield from self.engine.stream_chat(messages, sampling, cancel, session_key)
        finally:
            self.active -= 1


@pytest.fixture
def desk(qtbot, tiny_model: Path, app_home: Path):
    write_settings(
        default_model=str(tiny_model),
        first_run_done=True,
        ui_language="en",
        theme="light",
        models={str(tiny_model): {"context_size": 2048, "threads": 1}},
        api_server={"enabled": True, "host": "127.0.0.1", "port": 0},
    )
    engine = GatedEngine()
    desk = DeskApp(QApplication.instance(), engine_factory=lambda: engine, show_welcome=False)
    desk.engine = engine
    assert desk.start()
    qtbot.waitExposed(desk.window)
    yield desk
    engine.gate.set()
    close_desk(desk)


def _ask(url: str, key: str, text: str, results: dict[str, Any]) -> None:
    client = openai.OpenAI(base_url=url, api_key=key, max_retries=0, timeout=60)
    try:
        chunks = list(
            client.chat.completions.create(
                model="m",
                messages=[{"role": "user", "content": text}],
                max_tokens=200,
                stream=True,
                stream_options={"include_usage": True},
            )
        )
        results[text] = chunks[-1].usage.completion_tokens
    except Exception as exc:  # the test thread reports, the test asserts
        results[text] = exc


def test_api_requests_and_the_window_chat_share_one_queue(qtbot, desk) -> None:
    window, engine, control = desk.window, desk.engine, desk.api_server
    qtbot.waitUntil(lambda: window._service.current_model() is not None, timeout=30_000)
    qtbot.waitUntil(control.is_running, timeout=10_000)  # started at launch: the setting was on
    assert window.api_status.text() == "API server on"
    assert window.actions_by_name["api_toggle"].text() == "Stop &API server"
    url, key = control.url(), control.key()
    heartbeat = Heartbeat()
    heartbeat.start()
    results: dict[str, Any] = {}
    engine.gate.clear()  # the first request holds the engine until everything is queued
    first = threading.Thread(target=_ask, args=(url, key, "first", results))
    first.start()
    qtbot.waitUntil(lambda: engine.active == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "serving: 1 request" in window.api_status.text(), timeout=5000)
    assert window.api_status.text() == "API server · serving: 1 request"

    window.chat.input.set_text("Hello from the window")  # the window's own chat, queued behind it
    qtbot.keyClick(window.chat.input.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(window.chat.is_generating, timeout=5000)
    second = threading.Thread(target=_ask, args=(url, key, "second", results))
    second.start()
    qtbot.waitUntil(lambda: "serving: 2 requests" in window.api_status.text(), timeout=5000)
    assert engine.sessions == ["api"]  # the chat and the second request wait in the queue

    engine.gate.set()
    qtbot.waitUntil(lambda: not window.chat.is_generating() and len(results) == 2, timeout=60_000)
    first.join(10)
    second.join(10)
    assert results == {"first": 200, "second": 200}
    assert engine.sessions[0] == "api" and engine.sessions[1].startswith("conv-")
    assert engine.sessions[2] == "api"  # FIFO: first, the window's chat, second
    assert engine.max_active == 1
    qtbot.waitUntil(lambda: window.api_status.text() == "API server on", timeout=5000)
    answer = window.chat.current_conversation_id()
    assert answer is not None

    window.actions_by_name["api_toggle"].trigger()  # stop, from the menu: off the UI thread
    qtbot.waitUntil(lambda: control.phase() == "stopped", timeout=10_000)
    heartbeat.stop()
    assert heartbeat.longest < 0.25, f"the UI thread stalled for {heartbeat.longest * 1000:.0f} ms"
    assert not window.api_status.isVisible()
    assert window.actions_by_name["api_toggle"].text() == "Start &API server"
    assert load_settings().api_server.enabled is False  # remembered: not started at the next launch
    with pytest.raises(openai.APIConnectionError):
        openai.OpenAI(base_url=url, api_key=key, max_retries=0, timeout=5).models.list()


def test_the_dialog_shows_url_and_key_and_makes_a_new_key(qtbot, desk) -> None:
    control = desk.api_server
    qtbot.waitUntil(control.is_running, timeout=10_000)
    dialog = desk.window.open_api_server()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not dialog.key_pending())  # the key is read on a thread
    assert dialog.status.text() == f"Running at {control.url()}."
    assert dialog.url.text() == control.url() and dialog.key.text() == control.key()
    assert dialog.key_note.text().startswith("The key is kept in ")
    assert not dialog.host.isEnabled() and not dialog.warning.isVisible()
    old = dialog.key.text()
    dialog.copy_key.click()
    assert QApplication.clipboard().text() == old
    dialog.new_key.click()
    qtbot.waitUntil(lambda: not dialog.key_pending())
    assert dialog.key.text() != old and control.key() == dialog.key.text()
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=control.url(), api_key=old, max_retries=0).models.list()
    dialog.toggle.click()  # stop
    qtbot.waitUntil(lambda: dialog.status.text() == "Stopped.", timeout=10_000)
    dialog.host.setText("0.0.0.0")
    assert dialog.warning.isVisible() and dialog.host.isEnabled()
    dialog.close()


@pytest.fixture
def served(qtbot, tiny_model: Path, app_home: Path):
    """The window's path without the window: the inference service, its API executor, a real server."""
    from desk_assistant.api.server import ApiServer
    from desk_assistant.inference.types import LoadOptions
    from desk_assistant.ui.api_bridge import ServiceExecutor
    from desk_assistant.ui.inference_service import InferenceService

    engine = GatedEngine()
    service = InferenceService(lambda: engine)
    with qtbot.waitSignal(service.modelLoaded, timeout=30_000):
        service.load_model(str(tiny_model), LoadOptions(context_size=2048, threads=1))
    executor = ServiceExecutor(service)
    server = ApiServer(executor, port=0)
    server.start()
    client = openai.OpenAI(base_url=server.url, api_key=server.key(), max_retries=0, timeout=60)
    yield engine, service, executor, client
    engine.gate.set()
    server.stop()
    service.shutdown()


def _in_thread(target: Any) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["result"] = target()
        except Exception as exc:
            out["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


def test_through_the_service_a_client_gone_mid_stream_stops_the_answer(qtbot, served) -> None:
    _engine, service, executor, client = served
    finished: list[Any] = []
    service.finished.connect(lambda _id, result: finished.append(result))

    def read_a_little() -> int:
        stream = client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "go"}], max_tokens=1900, stream=True
        )
        for count, _chunk in enumerate(stream, 1):
            if count == 3:
                stream.close()  # the client goes away mid-answer
                return count
        return -1

    thread, out = _in_thread(read_a_little)
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=30_000)
    assert out.get("result") == 3, out
    qtbot.waitUntil(lambda: bool(finished), timeout=10_000)
    (result,) = finished
    assert result.stats.finish_reason == "cancelled"
    assert result.stats.completion_tokens < 1900
    qtbot.waitUntil(lambda: executor.serving() == 0, timeout=5000)


def test_through_the_service_text_completions_stream_whole_and_in_order(qtbot, served) -> None:
    _engine, _service, _executor, client = served
    thread, out = _in_thread(
        lambda: client.completions.create(model="m", prompt="Once upon", max_tokens=12, seed=4, temperature=0)
    )
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=30_000)
    whole = out["result"]
    assert whole.usage.completion_tokens == 12 and whole.choices[0].text
    thread, out = _in_thread(
        lambda: list(
            client.completions.create(
                model="m", prompt="Once upon", max_tokens=12, seed=4, temperature=0, stream=True
            )
        )
    )
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=30_000)
    # the service batches text at 25 Hz; the pieces still arrive whole and in order
    assert "".join(c.choices[0].text for c in out["result"]) == whole.choices[0].text


def test_web_origins_set_in_the_dialog_get_cors_headers_and_are_saved(qtbot, desk) -> None:
    control = desk.api_server
    qtbot.waitUntil(control.is_running, timeout=10_000)
    dialog = desk.window.open_api_server()
    qtbot.waitExposed(dialog)
    assert not dialog.origins.isEnabled()  # running: stop it to change where it listens or who calls
    dialog.toggle.click()
    qtbot.waitUntil(lambda: dialog.status.text() == "Stopped.", timeout=10_000)
    assert dialog.origins.isEnabled() and dialog.origins.text() == ""
    dialog.origins.setText("localhost:3000")
    dialog.toggle.click()
    assert dialog.error_label.isVisible() and dialog.error_label.text().startswith(
        "'localhost:3000' is not a web origin: write it like http://localhost:3000"
    )
    assert control.phase() == "stopped"
    dialog.origins.setText("http://LOCALHOST:3000/")
    dialog.toggle.click()
    qtbot.waitUntil(control.is_running, timeout=10_000)
    assert not dialog.error_label.isVisible() and dialog.origins.text() == "http://localhost:3000"
    assert load_settings().api_server.cors_origins == ["http://localhost:3000"]
    qtbot.waitUntil(lambda: not dialog.key_pending())
    request = urllib.request.Request(
        f"{control.url()}/models",
        headers={"Authorization": f"Bearer {dialog.key.text()}", "Origin": "http://localhost:3000"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    dialog.close()


def test_a_keyring_waiting_for_its_unlock_prompt_never_blocks_the_dialog(qtbot, desk) -> None:
    control = desk.api_server
    qtbot.waitUntil(control.is_running, timeout=10_000)
    control.stop(remember=False)
    qtbot.waitUntil(lambda: control.phase() == "stopped", timeout=10_000)
    ring = LockedKeyring()
    keyring.set_keyring(ring)
    try:
        with Heartbeat() as beat:
            dialog = desk.window.open_api_server()
            qtbot.waitExposed(dialog)
            qtbot.waitUntil(lambda: ring.calls >= 1)
            qtbot.wait(200)
            assert dialog.key.text() == "" and dialog.key.placeholderText() == "Reading the key…"
            assert not dialog.copy_key.isEnabled() and not dialog.new_key.isEnabled()
        assert beat.longest < 0.25, beat.longest  # the window kept painting while the keyring waited
        ring.unlock()
        qtbot.waitUntil(lambda: not dialog.key_pending(), timeout=10_000)
        assert dialog.key.text() and dialog.key.text() == control.key()
        assert dialog.key_note.text() == "The key is kept in Test keyring."
        assert dialog.copy_key.isEnabled() and dialog.new_key.isEnabled()
        dialog.close()
    finally:
        ring.unlock()  # the next test starts with no keyring again (tests/conftest.py)
