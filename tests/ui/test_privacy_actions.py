"""The window's privacy actions on the real app, store and llama.cpp (tiny model): File → Work offline,
Tools → Compact the database (on a thread), Tools → Delete all my data… (the dialog, cancelled and
confirmed: generation stopped, model unloaded, every file gone, the app closes)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desk_assistant.core import network, paths, secrets
from desk_assistant.ui.app import DeskApp
from desk_assistant.ui.dialogs.delete_data import DeleteAllDataDialog
from tests.keyrings import LockedKeyring
from tests.test_wipe import MARKER, files_under, holding
from tests.ui.pane_helpers import Heartbeat
from tests.ui.window_fixtures import close_desk, write_settings


@pytest.fixture
def desk(qtbot, tiny_model: Path, app_home: Path):
    write_settings(default_model=str(tiny_model), first_run_done=True, ui_language="en", theme="light")
    desk = DeskApp(QApplication.instance(), show_welcome=False)
    quits: list[bool] = []
    desk.quit_app = lambda: quits.append(True)
    desk.quits = quits
    assert desk.start()
    qtbot.waitExposed(desk.window)
    qtbot.waitUntil(lambda: desk.service.current_model() is not None, timeout=60000)
    yield desk
    close_desk(desk)


def menu_texts(window, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_work_offline_toggles_applies_and_saves(qtbot, desk) -> None:
    window = desk.window
    action = window.actions_by_name["offline"]
    assert "Work &offline" in menu_texts(window, "&File") and action.isCheckable()
    assert not action.isChecked() and not network.is_offline()
    action.trigger()
    assert action.isChecked() and network.is_offline()
    saved = json.loads((paths.config_dir() / "settings.json").read_text("utf-8"))
    assert saved["offline"] is True
    assert "Working offline" in window.message_bar.text()
    action.trigger()
    assert not network.is_offline()
    assert json.loads((paths.config_dir() / "settings.json").read_text("utf-8"))["offline"] is False


def test_offline_setting_applies_at_start(qtbot, tiny_model: Path, app_home: Path) -> None:
    write_settings(first_run_done=True, ui_language="en", theme="light", offline=True)
    desk = DeskApp(QApplication.instance(), show_welcome=False)
    try:
        assert network.is_offline()
        assert desk.start() and desk.window.actions_by_name["offline"].isChecked()
    finally:
        desk.shutdown()
        desk.window.close()
        desk.window.deleteLater()
        QCoreApplication.processEvents()


def test_compact_runs_on_a_thread_and_shrinks_the_file(qtbot, desk) -> None:
    store = desk.store
    conv = store.create_conversation(title="big")
    for _ in range(40):
        store.append_message(conv.id, "user", "x" * 50_000 + " filler text")
    store.delete_conversation(conv.id)
    store.purge_deleted()
    before = paths.database_path().stat().st_size
    window = desk.window
    assert "&Compact the database" in menu_texts(window, "&Tools")
    started = time.perf_counter()
    window.actions_by_name["compact"].trigger()
    assert time.perf_counter() - started < 0.05  # VACUUM runs on its thread, not here
    assert window._compacting is not None
    qtbot.waitUntil(lambda: "compacted" in window.message_bar.text(), timeout=20000)
    assert paths.database_path().stat().st_size < before / 4


def test_the_dialog_asks_explicitly_and_cancel_is_the_default(qtbot, tmp_path: Path) -> None:
    dialog = DeleteAllDataDialog([tmp_path / "data", tmp_path / "config"])
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.what_label.text()
    for what in ("conversation", "settings", "models", "API keys", "log files"):
        assert what in text
    assert str(tmp_path / "data") in dialog.folders_label.text()
    assert dialog.cancel_button.isDefault() and not dialog.delete_button.isDefault()
    assert not dialog.delete_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter: Cancel
    assert dialog.result() == DeleteAllDataDialog.DialogCode.Rejected
    dialog.show()
    dialog.understand.setChecked(True)
    assert dialog.delete_button.isEnabled()
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == DeleteAllDataDialog.DialogCode.Accepted


def test_delete_all_my_data_from_the_window(qtbot, desk, app_home: Path, tmp_path: Path) -> None:
    window = desk.window
    conv = desk.store.create_conversation(title="Bank")
    desk.store.append_message(conv.id, "user", f"remember {MARKER}")
    outside = tmp_path / "mine.bin"
    outside.write_bytes(MARKER.encode())  # the user's file elsewhere: never touched
    assert holding(app_home, MARKER)
    assert "&Delete all my data…" in menu_texts(window, "&Tools")

    requested: list[bool] = []
    window.deleteAllDataRequested.connect(lambda: requested.append(True))
    dialog = window.confirm_delete_all()  # cancelled: nothing happens
    assert dialog.isVisible() and dialog.isModal()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not requested and holding(app_home, MARKER) and desk.service.current_model() is not None

    dialog = window.confirm_delete_all()
    window.chat.input.edit.setPlainText("Tell me a long story")
    window.chat.input.submit()  # generating while the user confirms
    dialog.understand.setChecked(True)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert requested
    qtbot.waitUntil(lambda: not desk.wiping(), timeout=20000)  # the files go on a thread
    box = desk.wiped_box
    assert box.isVisible() and "All your data was deleted" in box.text()
    assert desk.service.current_model() is None and not desk.service.is_busy()
    assert desk.store is None
    assert files_under(app_home) == [] and holding(app_home, MARKER) == []
    assert outside.read_bytes() == MARKER.encode()
    box.button(QMessageBox.StandardButton.Ok).click()
    assert desk.quits == [True]
    # closing writes nothing back (no settings, no window layout, no log)
    desk.shutdown()
    window.close()
    QCoreApplication.processEvents()
    assert files_under(app_home) == []


def test_delete_all_data_waiting_on_the_keyring_never_freezes_the_window(qtbot, desk, app_home: Path) -> None:
    ring = LockedKeyring()
    keyring.set_keyring(ring)
    ring.unlock()
    secrets.set_secret("backend:lab", "sk-0123456789")
    ring.unlocked.clear()  # from here the keyring waits on its unlock prompt
    assert holding(app_home, "sk-0123456789") == []  # in the keyring, not in a file
    dialog = desk.window.confirm_delete_all()
    dialog.understand.setChecked(True)
    with Heartbeat() as beat:
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: ring.calls >= 1, timeout=20000)
        qtbot.wait(300)
        progress = desk.wipe_progress
        assert desk.wiping() and progress.isVisible() and progress.labelText() == "Deleting your data…"
        assert not progress.findChildren(QPushButton)  # nothing to press: it cannot stop halfway
    assert beat.longest < 0.25, beat.longest  # the window kept painting while the keyring waited
    ring.unlock()
    qtbot.waitUntil(lambda: not desk.wiping(), timeout=20000)
    box = desk.wiped_box
    assert not progress.isVisible() and box.isVisible()
    assert "All your data was deleted" in box.text() and ring.secrets == {}
    assert files_under(app_home) == []
    box.button(QMessageBox.StandardButton.Ok).click()
    assert desk.quits == [True]


def test_delete_all_data_failing_outright_is_a_sentence_and_the_app_still_closes(
    qtbot, desk, monkeypatch
) -> None:
    from desk_assistant.core import wipe

    def broken() -> None:
        raise PermissionError(13, "Permission denied", str(paths.data_dir()))

    monkeypatch.setattr(wipe, "delete_all_data", broken)
    dialog = desk.window.confirm_delete_all()
    dialog.understand.setChecked(True)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not desk.wiping(), timeout=20000)
    box = desk.wiped_box
    assert box.text() == (
        "Deleting your data stopped: A file could not be used: Permission denied "
        f"({paths.data_dir()}). Desk Assistant will now close."
    )
    box.button(QMessageBox.StandardButton.Ok).click()
    assert desk.quits == [True]
