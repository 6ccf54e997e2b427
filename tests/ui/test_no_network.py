"""Nothing leaves the laptop: a whole window session (chat, summarize, translate, draft, search, export)
on the real app, the real store and llama.cpp opens no socket. Proved with an audit hook, which sees
every connection Python makes (httpx, urllib, huggingface_hub, sockets), wherever it comes from."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desk_assistant.core import paths
from desk_assistant.inference.types import SamplingParams
from desk_assistant.storage.store import ConversationStore
from desk_assistant.ui.app import DeskApp
from desk_assistant.ui.main_window import PANE_CHAT, PANE_DRAFT, PANE_SUMMARIZE, PANE_TRANSLATE
from tests.ui.test_draft_pane import fill_brief
from tests.ui.window_fixtures import close_desk, write_settings

NETWORK_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto")
_seen: list[tuple[str, str]] = []
_recording = [False]


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _recording[0] and event in NETWORK_EVENTS:
        _seen.append((event, repr(args)[:200]))


sys.addaudithook(_audit)  # hooks cannot be removed: it records only while a test switches it on


@pytest.fixture
def recording():
    _seen.clear()
    _recording[0] = True
    yield _seen
    _recording[0] = False


def test_the_audit_hook_sees_a_connection(recording: list[tuple[str, str]]) -> None:
    """The proof is only as good as the hook: it must see an attempt, even one that fails."""
    import socket

    with socket.socket() as s, pytest.raises(OSError):
        s.settimeout(0.5)
        s.connect(("127.0.0.1", 9))  # discard port: refused or unreachable either way
    assert recording and recording[0][0] == "socket.connect"


def ended(pane) -> list[object]:
    results: list[object] = []
    pane.runner.finished.connect(results.append)
    pane.runner.failed.connect(results.append)
    return results


def test_a_whole_window_session_opens_no_socket(qtbot, tiny_model: Path, app_home: Path, recording) -> None:
    write_settings(default_model=str(tiny_model), first_run_done=True, ui_language="en", theme="light")
    desk = DeskApp(QApplication.instance(), show_welcome=False)
    try:
        assert desk.start()
        window = desk.window
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: desk.service.current_model() is not None, timeout=60000)

        window.set_pane(PANE_CHAT)  # chat: a question and its answer, stored
        window.chat.input.edit.setPlainText("Hello, how are you?")
        window.chat.input.submit()
        store = ConversationStore(paths.database_path())
        qtbot.waitUntil(
            lambda: any(
                m.role == "assistant" and m.status != "streaming"
                for c in store.list_conversations()
                for m in store.active_branch(c.id)
            ),
            timeout=120000,
        )

        window.set_pane(PANE_SUMMARIZE)
        summarize = window.pane_at(PANE_SUMMARIZE)
        results = ended(summarize)
        summarize.source.set_text("The council approved the tram line. It opens next year.")
        assert summarize.run()
        qtbot.waitUntil(lambda: bool(results), timeout=120000)

        window.set_pane(PANE_TRANSLATE)
        translate = window.pane_at(PANE_TRANSLATE)
        results = ended(translate)
        translate.source.set_text("The library opens at nine.\n\nThe museum opens at ten.")
        translate.source_box.set_code("en")
        translate.target_box.set_code("fr")
        assert translate.run()
        qtbot.waitUntil(lambda: bool(results), timeout=120000)

        window.set_pane(PANE_DRAFT)
        draft = window.pane_at(PANE_DRAFT)
        draft.sampling = SamplingParams(temperature=0.7, seed=1)
        draft.token_limits = {"outline": 40, "section": 12, "whole": 16}
        results = ended(draft)
        fill_brief(draft)
        assert draft.write_whole()
        qtbot.waitUntil(lambda: bool(results), timeout=120000)
        assert draft.export_to(app_home / "draft.md") is not None
        assert (app_home / "draft.md").read_text(encoding="utf-8").strip()

        window.sidebar.search_edit.setText("library")
        window.sidebar.run_search()
        store.close()
    finally:
        close_desk(desk)
    assert recording == []


OFFLINE_SENTENCE = "Desk Assistant is set to work offline. Turn off “Work offline” to allow this connection."


def test_offline_a_download_opens_no_socket_and_says_why(
    qtbot, app_home: Path, recording, capsys: pytest.CaptureFixture
) -> None:
    """With "Work offline" on, every way to download refuses with one sentence before any connection:
    the library, the CLI (settings file), and the model manager (buttons off, the reason shown)."""
    from desk_assistant.cli import main
    from desk_assistant.core import network
    from desk_assistant.core.errors import OfflineError
    from desk_assistant.library.catalog import load_catalog
    from desk_assistant.library.download import Downloader
    from desk_assistant.library.local_models import LocalModels
    from desk_assistant.ui.dialogs.model_manager import ModelManagerDialog

    entry = load_catalog()[0]
    network.set_offline(True)
    with pytest.raises(OfflineError) as refused:
        Downloader(endpoint="http://127.0.0.1:9", token=False).download_entry(entry)
    assert str(refused.value) == OFFLINE_SENTENCE

    network.set_offline(False)  # the CLI takes it from the settings file, as at a fresh start
    write_settings(offline=True)
    assert main(["models", "download", entry.id]) == 1
    err = capsys.readouterr().err
    assert OFFLINE_SENTENCE in err and "Traceback" not in err
    assert network.is_offline()

    dialog = ModelManagerDialog(LocalModels(), catalog=[entry], total_ram=64 * 2**30)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_catalog(entry.id)
    assert not dialog.download_button.isEnabled()
    assert dialog.offline_label.isVisible() and "work offline" in dialog.offline_label.text()
    dialog.start_download(entry)  # any other way in: refused too, no thread started
    assert not dialog.running_jobs()
    assert dialog.error_label.text() == OFFLINE_SENTENCE
    assert not list(LocalModels().models_dir.iterdir())

    network.set_offline(False)  # back online: the button is there again
    dialog.refresh()
    assert dialog.download_button.isEnabled() and not dialog.offline_label.isVisible()
    assert recording == []
