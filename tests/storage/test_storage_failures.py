"""Bad situations: damaged file, read-only folder, locked database, full disk. Each is a StorageError
with one clear sentence, nothing already stored is lost, and the store keeps working afterwards."""

from __future__ import annotations

import ctypes
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from desk_assistant.storage.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DiskFullError,
    StorageError,
)
from desk_assistant.storage.recovery import set_aside_broken_database
from desk_assistant.storage.store import ConversationStore

ROOT = Path(__file__).resolve().parents[2]
GARBAGE = os.urandom(8192)


def _make_db(path: Path, text: str = "precious words") -> int:
    with ConversationStore(path) as s:
        c = s.create_conversation(title="kept")
        s.append_message(c.id, "user", text)
        return c.id


# -- damaged file -------------------------------------------------------------------------------


def test_garbage_file_is_a_clear_error_and_can_be_set_aside(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(GARBAGE)
    with pytest.raises(DatabaseCorruptError, match=r"is damaged and cannot be read\.$"):
        ConversationStore(db_path)
    assert db_path.read_bytes() == GARBAGE  # untouched by the failed open

    store, aside = ConversationStore.open_or_recover(db_path)
    try:
        assert aside is not None and aside.parent == db_path.parent and ".broken-" in aside.name
        assert aside.read_bytes() == GARBAGE  # the broken file is kept
        assert store.list_conversations() == []  # a fresh, working database
        store.create_conversation()
    finally:
        store.close()


def _damage_page(path: Path, page_number: int) -> None:
    data = bytearray(path.read_bytes())
    data[(page_number - 1) * 4096 : page_number * 4096] = GARBAGE[:4096]
    path.write_bytes(bytes(data))


def _root_page(path: Path, name: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    finally:
        conn.close()


def test_damaged_conversations_table_is_found_at_open(db_path: Path) -> None:
    _make_db(db_path)
    _damage_page(db_path, _root_page(db_path, "conversations"))
    with pytest.raises(DatabaseCorruptError):
        ConversationStore(db_path)


def test_damage_elsewhere_is_found_by_use_or_by_the_integrity_check(db_path: Path) -> None:
    conv_id = _make_db(db_path)
    _damage_page(db_path, _root_page(db_path, "messages"))
    with ConversationStore(db_path) as store:  # the probe at open does not read every page ...
        with pytest.raises(DatabaseCorruptError, match="is damaged"):
            store.active_branch(conv_id)  # ... using it says so clearly
        with pytest.raises(DatabaseCorruptError):
            store.check_integrity()


def test_integrity_check_passes_on_a_good_database(store: ConversationStore) -> None:
    store.append_message(store.create_conversation().id, "user", "fine")
    store.check_integrity()


def test_set_aside_moves_wal_and_shm_too(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    for suffix, content in [("", b"main"), ("-wal", b"wal"), ("-shm", b"shm")]:
        db_path.with_name(db_path.name + suffix).write_bytes(content)
    aside = set_aside_broken_database(db_path)
    assert not db_path.exists() and aside.read_bytes() == b"main"
    assert aside.with_name(aside.name + "-wal").read_bytes() == b"wal"
    assert aside.with_name(aside.name + "-shm").read_bytes() == b"shm"
    db_path.write_bytes(b"again")
    assert set_aside_broken_database(db_path) != aside  # a second one does not overwrite the first


def test_open_or_recover_on_a_good_database_moves_nothing(db_path: Path) -> None:
    conv_id = _make_db(db_path)
    store, aside = ConversationStore.open_or_recover(db_path)
    with store:
        assert aside is None and store.active_branch(conv_id)[0].content == "precious words"


# -- read-only folder ---------------------------------------------------------------------------

OPEN_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from desk_assistant.storage.store import ConversationStore
    try:
        ConversationStore(Path(sys.argv[1])).close()
        print(json.dumps(["opened", ""]))
    except Exception as exc:
        print(json.dumps([type(exc).__name__, str(exc)]))
    """
)


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def _obey_file_permissions() -> None:
    """In the child, as root: drop the capabilities that let root ignore chmod (bounding set)."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search, cap_fowner = 24, 1, 2, 3
    for cap in (cap_dac_override, cap_dac_read_search, cap_fowner):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def readonly_folder(tmp_path: Path) -> Iterator[Path]:
    """A data folder made read-only (0555) once the test has put its files in."""
    folder = tmp_path / "readonly"
    folder.mkdir()
    yield folder
    folder.chmod(0o755)


def _open_in_readonly_folder(folder: Path, db_path: Path) -> tuple[str, str]:
    """Open the store in another process that is refused writes into ``folder``."""
    folder.chmod(0o555)
    try:
        out = subprocess.run(
            [sys.executable, "-c", OPEN_SCRIPT, str(db_path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            preexec_fn=_obey_file_permissions if os.geteuid() == 0 else None,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            timeout=60,
            check=True,
        ).stdout
    finally:
        folder.chmod(0o755)
    kind, message = json.loads(out)
    return kind, message


@posix_only
def test_new_database_in_a_readonly_folder(readonly_folder: Path) -> None:
    kind, message = _open_in_readonly_folder(readonly_folder, readonly_folder / "conversations.sqlite3")
    assert kind == "DatabaseReadOnlyError", message
    assert message.endswith("cannot be written; check that its folder is writable.")


@posix_only
def test_existing_database_in_a_readonly_folder(readonly_folder: Path) -> None:
    path = readonly_folder / "conversations.sqlite3"
    conv_id = _make_db(path)
    path.chmod(0o444)
    before = path.read_bytes()
    kind, message = _open_in_readonly_folder(readonly_folder, path)
    assert kind == "DatabaseReadOnlyError", message
    assert message.endswith("cannot be written; check that its folder is writable.")
    assert path.read_bytes() == before
    path.chmod(0o644)
    with ConversationStore(path) as store:  # where it is writable again, everything is there
        assert store.active_branch(conv_id)[0].content == "precious words"


@posix_only
def test_readonly_check_really_refuses_writes(readonly_folder: Path) -> None:
    """Guard for the two tests above: the child process really cannot write there."""
    folder = readonly_folder
    folder.chmod(0o555)
    try:
        result = subprocess.run(
            [sys.executable, "-c", f"open({str(folder / 'probe')!r}, 'w')"],
            capture_output=True,
            text=True,
            preexec_fn=_obey_file_permissions if os.geteuid() == 0 else None,
            timeout=60,
        )
    finally:
        folder.chmod(0o755)
    assert result.returncode != 0 and "PermissionError" in result.stderr


# -- locked database ----------------------------------------------------------------------------


def test_locked_by_another_writer_then_released(db_path: Path) -> None:
    conv_id = _make_db(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        with ConversationStore(db_path, busy_timeout_ms=200) as store:
            other.execute("BEGIN EXCLUSIVE")
            other.execute("INSERT INTO conversations (title, created_at, updated_at) VALUES ('x', 'a', 'a')")
            start = time.monotonic()
            with pytest.raises(DatabaseLockedError, match="locked by another program"):
                store.append_message(conv_id, "user", "while locked")
            assert time.monotonic() - start >= 0.15  # it waited for the busy timeout first
            assert store.active_branch(conv_id)[0].content == "precious words"  # reads still work (WAL)
            other.execute("COMMIT")
            store.append_message(conv_id, "user", "after")
            assert [m.content for m in store.active_branch(conv_id)] == ["precious words", "after"]
    finally:
        other.close()


def test_exclusive_locking_mode_blocks_opening(db_path: Path) -> None:
    _make_db(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        other.execute("PRAGMA locking_mode = EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("COMMIT")  # keeps the lock in exclusive locking mode
        with pytest.raises(DatabaseLockedError):
            ConversationStore(db_path, busy_timeout_ms=100)
    finally:
        other.close()
    ConversationStore(db_path).close()


# -- full disk ----------------------------------------------------------------------------------


def _limit_size(store: ConversationStore, extra_pages: int | None) -> None:
    """Simulate a full disk: cap the file at its current size (+ extra pages) on every connection."""
    engine = store._engine
    for fn in list(getattr(store, "_test_limits", [])):
        event.remove(engine, "connect", fn)
    store._test_limits = []  # type: ignore[attr-defined]
    if extra_pages is not None:
        conn = sqlite3.connect(store.path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.close()

        def cap(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + extra_pages}")

        event.listen(engine, "connect", cap)
        store._test_limits.append(cap)  # type: ignore[attr-defined]
    engine.dispose()  # new connections get the pragma


def test_full_disk_is_a_clear_error_and_loses_nothing(store: ConversationStore) -> None:
    c = store.create_conversation()
    store.append_message(c.id, "user", "short and safe")
    _limit_size(store, 2)
    with pytest.raises(DiskFullError, match="no space left"):
        store.append_message(c.id, "user", "x" * 200_000)
    assert [m.content for m in store.active_branch(c.id)] == ["short and safe"]

    writer = store.start_stream(c.id)  # small: fits
    writer.append("y" * 200_000)
    deadline = time.monotonic() + 3
    while writer.error is None:  # the background flush fails, quietly
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert isinstance(writer.error, DiskFullError)
    with pytest.raises(DiskFullError):
        writer.finish()
    assert len(writer.text) == 200_000  # still in memory

    _limit_size(store, None)  # space freed
    done = writer.finish()
    assert len(done.content) == 200_000 and done.status == "complete"
    assert len(store.active_branch(c.id)) == 2


def test_errors_are_storage_errors_with_one_sentence() -> None:
    for cls in (DatabaseCorruptError, DatabaseLockedError, DatabaseReadOnlyError, DiskFullError):
        assert issubclass(cls, StorageError)
