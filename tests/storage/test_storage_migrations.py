"""Schema versions: fresh databases, upgrades from every fixture version, refusal of newer ones."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from desk_assistant.storage import migrations
from desk_assistant.storage.errors import DatabaseTooNewError, StorageError
from desk_assistant.storage.schema import Base
from desk_assistant.storage.store import ConversationStore
from tests.storage import make_fixtures

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _copy_fixture(version: int, tmp_path: Path) -> Path:
    target = tmp_path / f"from-v{version}" / "conversations.sqlite3"
    target.parent.mkdir()
    shutil.copyfile(FIXTURES / f"v{version}.sqlite3", target)
    return target


def test_there_is_a_fixture_for_every_version() -> None:
    for version in range(1, migrations.SCHEMA_VERSION + 1):
        path = FIXTURES / f"v{version}.sqlite3"
        assert path.exists(), f"run python -m tests.storage.make_fixtures to add {path.name}"
        assert _user_version(path) == version


def test_fresh_database_matches_the_orm_models(db_path: Path) -> None:
    ConversationStore(db_path).close()
    assert _user_version(db_path) == migrations.SCHEMA_VERSION
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        inspector = inspect(engine)
        for table in Base.metadata.sorted_tables:
            assert {c["name"] for c in inspector.get_columns(table.name)} == set(table.columns.keys())
            assert {i["name"] for i in inspector.get_indexes(table.name)} == {i.name for i in table.indexes}
    finally:
        engine.dispose()
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    assert list(db_path.parent.glob("*backup*")) == []  # nothing to back up


@pytest.mark.parametrize("version", range(1, migrations.SCHEMA_VERSION + 1))
def test_every_fixture_version_opens_with_its_data(version: int, tmp_path: Path) -> None:
    path = _copy_fixture(version, tmp_path)
    with ConversationStore(path) as store:
        assert _user_version(path) == migrations.SCHEMA_VERSION
        convs = store.list_conversations()
        assert [c.title for c in convs] == ["Greetings", "翻译测试"]  # pinned first; the deleted one hidden
        greet = convs[0]
        assert greet.pinned and greet.sampling == {"temperature": 0.2} and greet.system_prompt == "Be brief."
        branch = store.active_branch(greet.id)
        assert [m.id for m in branch] == [1, 3, 4]
        assert (branch[1].sibling_index, branch[1].sibling_count, branch[1].stats) == (
            1,
            2,
            {"completion_tokens": 6},
        )
        assert store.switch_branch(2)[1].stats == {"completion_tokens": 4, "tokens_per_second": 31.5}
        assert store.get_conversation(3).deleted_at is not None
        # the interrupted answer of the old version is recovered, and search covers old messages
        assert store.recover_interrupted() == 1
        assert [h.message_id for h in store.search("你好世")] == [5]
        assert [h.message_id for h in store.search("weather")] == [6]
        assert [h.message_id for h in store.search("lighthouse")] == [4]
        # and it keeps working
        store.switch_branch(3)
        store.append_message(greet.id, "assistant", "Once upon a time")
        assert store.active_branch(greet.id)[-1].parent_id == 4


def test_upgrade_from_v1_makes_a_backup_first(tmp_path: Path) -> None:
    path = _copy_fixture(1, tmp_path)
    original = _dump(path)
    with ConversationStore(path) as store:
        assert store.backup_path is not None and store.backup_path.parent == path.parent
        assert store.backup_path.name.startswith("conversations.sqlite3.v1-backup-")
        assert store.get_conversation(2).settings == {}  # the column v2 added
    assert _user_version(store.backup_path) == 1
    assert _dump(store.backup_path) == original  # the same schema and rows as the v1 database


def test_current_version_opens_without_backup(tmp_path: Path) -> None:
    path = _copy_fixture(migrations.SCHEMA_VERSION, tmp_path)
    with ConversationStore(path) as store:
        assert store.backup_path is None
        assert store.get_conversation(2).settings == {"target_language": "en"}


def test_failed_upgrade_leaves_the_old_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy_fixture(1, tmp_path)
    broken = [*migrations.STEPS[1], "THIS IS NOT SQL"]
    monkeypatch.setattr(migrations, "STEPS", [migrations.STEPS[0], broken])
    with pytest.raises(StorageError):
        ConversationStore(path)
    assert _user_version(path) == 1
    conn = sqlite3.connect(path)
    try:  # nothing of step 2 stayed: one transaction
        columns = [r[1] for r in conn.execute("PRAGMA table_info(conversations)")]
        assert "settings" not in columns
        assert (
            conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'messages_fts'").fetchone()[0] == 0
        )
    finally:
        conn.close()
    monkeypatch.undo()
    with ConversationStore(path) as store:  # the next (fixed) version upgrades it fine
        assert store.get_conversation(1).title == "Greetings"


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_too_new_database_is_refused_and_left_untouched(tmp_path: Path, journal: str) -> None:
    path = tmp_path / "newer.sqlite3"
    make_fixtures.build(migrations.SCHEMA_VERSION, path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer version of Desk Assistant") as info:
        ConversationStore(path)
    assert str(migrations.SCHEMA_VERSION + 5) in str(info.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.sqlite3"]  # no backup, wal or shm
    with pytest.raises(DatabaseTooNewError):  # open_or_recover does not move it aside either
        ConversationStore.open_or_recover(path)
    assert path.read_bytes() == before
