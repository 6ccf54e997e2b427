"""Stores on real SQLite files in the test's tmp folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_assistant.storage.store import ConversationStore


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "conversations.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[ConversationStore]:
    s = ConversationStore(db_path)
    yield s
    s.close()
