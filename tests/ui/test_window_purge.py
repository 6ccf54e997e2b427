"""The window purges what was deleted once Undo is no longer offered, and what an earlier run left."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from desk_assistant.core import paths
from desk_assistant.storage.store import ConversationStore
from desk_assistant.ui import main_window
from desk_assistant.ui.app import DeskApp
from tests.ui.window_fixtures import write_settings


def stored_rows(db_path: Path) -> list[str]:
    with ConversationStore(db_path) as store:
        return [c.title for c in store.list_conversations(include_deleted=True)]


def test_deleted_conversations_are_purged_after_the_undo_delay(qtbot, app_home: Path, monkeypatch) -> None:
    monkeypatch.setattr(main_window, "UNDO_DELETE_MS", 300)
    store = ConversationStore(paths.database_path())
    left = store.create_conversation(title="left deleted by an earlier run")
    store.delete_conversation(left.id)
    store.close()
    with ConversationStore(paths.database_path()) as store:  # deleted long ago
        from sqlalchemy import update

        from desk_assistant.storage.schema import ConversationRow, utcnow

        with store._write() as session:
            session.execute(update(ConversationRow).values(deleted_at=utcnow() - timedelta(hours=1)))
    write_settings(first_run_done=True, ui_language="en", theme="light")
    desk = DeskApp(QApplication.instance(), show_welcome=False)
    try:
        assert desk.start()
        window = desk.window
        qtbot.waitUntil(
            lambda: "left deleted by an earlier run" not in stored_rows(desk.store.path), timeout=10000
        )
        conv = desk.store.create_conversation(title="Secret plans")
        desk.store.append_message(conv.id, "user", "the secret plans")
        window.sidebar.refresh()
        window.sidebar.delete_conversation(conv.id)
        assert "Secret plans" in stored_rows(desk.store.path)  # soft-deleted: Undo still possible
        qtbot.waitUntil(lambda: "Secret plans" not in stored_rows(desk.store.path), timeout=10000)
        assert desk.store.search("secret") == []
    finally:
        desk.shutdown()
        desk.window.close()
        desk.window.deleteLater()
        QCoreApplication.processEvents()
