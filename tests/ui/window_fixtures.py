"""Helpers for window tests: a real SQLite store with conversations of chosen ages, and a running app."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desk_assistant.core import paths


def age_conversation(db_path: Path, conversation_id: int, days: float) -> None:
    """Move a conversation's last activity ``days`` into the past (the store has no API for that)."""
    moment = (datetime.now(UTC) - timedelta(days=days)).isoformat()
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (moment, conversation_id))


def write_settings(**values: object) -> None:
    path = paths.config_dir() / "settings.json"
    data = json.loads(path.read_text("utf-8")) if path.exists() else {}
    data.update(values)
    path.write_text(json.dumps(data), "utf-8")


def close_desk(desk: Any) -> None:
    """End a DeskApp a test started: its threads, its window (deleted now), and the process-wide
    language and theme back to English and light for the next test."""
    from PySide6.QtCore import QCoreApplication

    from desk_assistant.ui.i18n import install_translators
    from desk_assistant.ui.theme import apply_theme

    desk.shutdown()
    desk.window.close()
    desk.window.deleteLater()
    install_translators("en")
    apply_theme("light")
    QCoreApplication.processEvents()
