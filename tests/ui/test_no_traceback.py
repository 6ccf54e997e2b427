"""Foreseeable failures in the window are one readable sentence, never a traceback or the generic
"something went wrong" box. Driven through the real app (real store, llama.cpp on the tiny model, real
files); pytest-qt fails the test if any exception escapes a slot or virtual method into sys.excepthook
(its exception capture is on: qt_no_exception_capture is not set).

Checked: opening a binary file, a folder, a missing file, a broken PDF and a broken .docx in Summarize
and Translate; translating a broken .docx to a file; saving and exporting onto a disk that is full (a
real EFBIG from RLIMIT_FSIZE: the old file is left whole); settings that cannot be saved (the file's
place taken by a folder); a model file that is not a GGUF; a database from a newer version at start;
data and log folders that cannot be made at launch; a disk with no room for any database at start."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog

from desk_assistant.core import paths
from desk_assistant.storage.store import ConversationStore
from desk_assistant.ui.app import DeskApp
from tests.ui.window_fixtures import close_desk, write_settings

GENERIC = "Something went wrong"


@pytest.fixture
def desk(qtbot, tiny_model: Path, app_home: Path):
    write_settings(default_model=str(tiny_model), first_run_done=True, ui_language="en", theme="light")
    desk = DeskApp(QApplication.instance(), show_welcome=False)
    assert desk.start()
    qtbot.waitExposed(desk.window)
    qtbot.waitUntil(lambda: desk.service.current_model() is not None, timeout=60000)
    yield desk
    close_desk(desk)


@contextmanager
def full_disk(limit: int = 64 * 1024) -> Iterator[None]:
    """Files cannot grow past ``limit`` bytes: writes fail with EFBIG, as on a full disk."""
    previous = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the error, not the signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, previous[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, previous)
        signal.signal(signal.SIGXFSZ, handler)


def bad_files(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    files = {
        "binary": folder / "photo.txt",
        "pdf": folder / "report.pdf",
        "docx": folder / "letter.docx",
        "folder": folder / "notes.md",
        "missing": folder / "gone.txt",
    }
    files["binary"].write_bytes(bytes(range(256)) * 64)
    files["pdf"].write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    files["docx"].write_bytes(b"PK\x03\x04" + os.urandom(4096))
    files["folder"].mkdir()
    return files


def shown(window) -> str:
    return window.message_bar.text()


@pytest.mark.parametrize("pane_name", ["summarize", "translate"])
def test_bad_documents_are_one_sentence(qtbot, desk, tmp_path: Path, pane_name: str) -> None:
    window = desk.window
    pane = getattr(window, pane_name)
    window.set_pane(window.panes.indexOf(pane))
    for kind, path in bad_files(tmp_path / "in").items():
        window.message_bar.dismiss()
        pane.source.open_file(path)
        qtbot.waitUntil(lambda: not pane.source.is_loading(), timeout=20000)
        text = shown(window)
        assert text and path.name in text and GENERIC not in text, (kind, text)
        assert "Traceback" not in text and "\n" not in text.strip(), (kind, text)


def test_translating_a_broken_file_is_one_sentence(qtbot, desk, tmp_path: Path) -> None:
    window = desk.window
    pane = window.translate
    window.set_pane(window.panes.indexOf(pane))
    files = bad_files(tmp_path / "in")
    failed: list[str] = []
    pane.runner.failed.connect(failed.append)
    pane.target_box.set_code("fr")
    started = pane.translate_file(files["docx"], out=tmp_path / "letter.fr.docx")
    if started:
        qtbot.waitUntil(lambda: bool(failed), timeout=30000)
    text = shown(window)
    assert "letter.docx" in text and GENERIC not in text, text
    assert not (tmp_path / "letter.fr.docx").exists()


def test_saving_and_exporting_on_a_full_disk(qtbot, desk, tmp_path: Path, monkeypatch) -> None:
    window = desk.window
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "summary.md"
    target.write_text("the old summary, kept whole\n", "utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    pane = window.summarize
    window.set_pane(window.panes.indexOf(pane))
    with full_disk():
        assert pane.save_text("a long summary. " * 20_000, "summary.md", "Markdown (*.md)") is None
    text = shown(window)
    assert "Could not save" in text and "summary.md" in text and "too large" in text, text
    assert target.read_text("utf-8") == "the old summary, kept whole\n"
    assert [p.name for p in target.parent.iterdir()] == ["summary.md"]  # no temporary file left
    # the same text saves once there is room (lone surrogates, as a paste may hold, included)
    assert pane.save_text("fine \ud800 text", "summary.md", "Markdown (*.md)") == str(target)
    assert target.read_text("utf-8") == "fine \ufffd text"

    draft = window.draft
    window.set_pane(window.panes.indexOf(draft))
    draft.editor.set_text("A draft. " * 20_000)
    assert draft.text().startswith("A draft.")
    window.message_bar.dismiss()
    with full_disk():
        assert draft.export_to(target.parent / "draft.md", "md") is None
    assert "draft.md" in shown(window) and GENERIC not in shown(window), shown(window)
    assert [p.name for p in target.parent.iterdir()] == ["summary.md"]


def test_settings_that_cannot_be_saved(qtbot, desk) -> None:
    window = desk.window
    settings_file = paths.config_dir() / "settings.json"
    settings_file.unlink()
    settings_file.mkdir()  # its place taken: every save fails
    window.actions_by_name["offline"].trigger()
    text = shown(window)
    assert "Could not save settings" in text and GENERIC not in text, text


def test_a_model_file_that_is_not_gguf(qtbot, desk, tmp_path: Path, tiny_model: Path) -> None:
    window = desk.window
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"this is a text file, not a model\n" * 100)
    window.load_model(str(fake))
    qtbot.waitUntil(lambda: "model.gguf" in shown(window), timeout=30000)
    assert "is not a GGUF model file" in shown(window) and GENERIC not in shown(window)
    window.load_model(str(tiny_model))  # the app keeps working: the next load is fine
    qtbot.waitUntil(lambda: desk.service.current_model() is not None, timeout=30000)


def test_a_database_from_a_newer_version(qtbot, tiny_model: Path, app_home: Path) -> None:
    ConversationStore(paths.database_path()).close()
    with sqlite3.connect(paths.database_path()) as db:
        db.execute("PRAGMA user_version = 999")
    write_settings(first_run_done=True, ui_language="en", theme="light")
    asked: list[str] = []

    def ask(_parent, message: str) -> str:
        asked.append(message)
        return "quit" if len(asked) == 1 else "fresh"

    desk = DeskApp(QApplication.instance(), ask_database=ask, show_welcome=False)
    try:
        assert not desk.start()  # "Quit": the file is left as it is
        assert len(asked) == 1 and "newer" in asked[0] and GENERIC not in asked[0]
        assert desk.start()  # "Start a new database": the old one is kept beside it
        assert "the old one is kept as" in shown(desk.window)
        assert list(paths.data_dir().glob("conversations.sqlite3.too-new-*"))
    finally:
        desk.shutdown()
        if desk.window is not None:
            desk.window.close()
            desk.window.deleteLater()
        QCoreApplication.processEvents()


def test_folders_that_cannot_be_used_at_launch(qtbot, app_home: Path, monkeypatch, capsys) -> None:
    """A file where the data and log folders should be (as a read-only or broken disk gives): the
    launch stops with one sentence naming the folder, not a traceback."""
    from PySide6.QtCore import qInstallMessageHandler

    from desk_assistant.ui import app as app_module

    app_home.mkdir(parents=True, exist_ok=True)
    (app_home / "data").write_text("not a folder", "utf-8")
    (app_home / "logs").write_text("not a folder", "utf-8")
    told: list[str] = []
    monkeypatch.setattr(app_module, "show_fatal_error", lambda _parent, message: told.append(message))
    qapp = QApplication.instance()
    names = (qapp.applicationName(), qapp.organizationName(), qapp.desktopFileName())
    previous_handler = qInstallMessageHandler(None)
    try:
        assert app_module.run_app([]) == 1
    finally:
        qInstallMessageHandler(previous_handler)
        qapp.setApplicationName(names[0])
        qapp.setOrganizationName(names[1])
        qapp.setDesktopFileName(names[2])
    assert len(told) == 1 and "cannot use its folder" in told[0] and str(app_home / "data") in told[0]
    assert "Traceback" not in capsys.readouterr().err


def test_a_full_disk_at_start(qtbot, app_home: Path) -> None:
    """No room for the database anywhere (a real EFBIG on every new write): one sentence, then quit."""
    with ConversationStore(paths.database_path()) as store:
        store.create_conversation(title="kept")
    write_settings(first_run_done=True, ui_language="en", theme="light")
    told: list[str] = []
    desk = DeskApp(
        QApplication.instance(),
        ask_database=lambda _parent, _message: "fresh",
        tell_fatal=lambda _parent, message: told.append(message),
        show_welcome=False,
    )
    try:
        with full_disk(limit=1):
            started = desk.start()
        assert not started
        assert len(told) == 1 and "cannot keep conversations" in told[0] and GENERIC not in told[0]
    finally:
        desk.shutdown()
        if desk.window is not None:
            desk.window.close()
            desk.window.deleteLater()
        QCoreApplication.processEvents()
