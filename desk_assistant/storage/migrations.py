"""Schema versions kept in ``PRAGMA user_version``, upgraded step by step.

Each released schema version N has a step ``STEPS[N-1]`` that upgrades N-1 to N. ``migrate()``:

1. reads the version with a read-only connection (a newer database than we know is refused with
   ``DatabaseTooNewError`` before anything writes to it, so the file stays byte-identical);
2. copies an existing database to ``<name>.v<old>-backup-<timestamp>`` next to it (SQLite backup API,
   consistent even in WAL mode) before an upgrade;
3. applies every missing step and the new ``user_version`` in ONE transaction: a failure leaves the
   database at its old version.

Steps are plain SQL (not the ORM models), so a fixture database of every version can be rebuilt
exactly (tests/storage/make_fixtures.py) and upgrades are tested on it.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.storage.errors import DatabaseTooNewError, storage_error_from

log = logging.getLogger("desk_assistant.storage")

# v1: conversations and messages with branches.
_V1 = [
    """CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        kind VARCHAR(16) NOT NULL DEFAULT 'chat',
        title TEXT NOT NULL DEFAULT '',
        model TEXT,
        system_prompt TEXT NOT NULL DEFAULT '',
        sampling JSON NOT NULL DEFAULT '{}',
        pinned BOOLEAN NOT NULL DEFAULT 0,
        active_leaf_id INTEGER,
        deleted_at VARCHAR(32),
        created_at VARCHAR(32) NOT NULL,
        updated_at VARCHAR(32) NOT NULL
    )""",
    """CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id INTEGER REFERENCES messages(id),
        role VARCHAR(16) NOT NULL,
        content TEXT NOT NULL DEFAULT '',
        status VARCHAR(16) NOT NULL DEFAULT 'complete',
        stats JSON,
        created_at VARCHAR(32) NOT NULL
    )""",
    "CREATE INDEX ix_conversations_list ON conversations (deleted_at, pinned, updated_at)",
    "CREATE INDEX ix_conversations_kind_list ON conversations (kind, deleted_at, pinned, updated_at)",
    "CREATE INDEX ix_messages_conversation ON messages (conversation_id, id)",
    "CREATE INDEX ix_messages_parent ON messages (parent_id)",
    "CREATE INDEX ix_messages_streaming ON messages (status) WHERE status = 'streaming'",
]

# v2: per-conversation settings, and full-text search. FTS5 external content with the trigram
# tokenizer (finds Chinese substrings). The index reads messages through a view that ends every text
# with two newlines, so each character, even the last ones, starts a trigram: a 1-2 character query
# can then be answered from the index's vocabulary (search.py) instead of scanning every message.
# A message is indexed only once it stops streaming: a flush every second rewrites one row, not its
# whole trigram index.
_V2 = [
    "ALTER TABLE conversations ADD COLUMN settings JSON NOT NULL DEFAULT '{}'",
    # exactly what the triggers index (FTS5 'rebuild' and 'integrity-check' read it)
    """CREATE VIEW messages_fts_source AS
        SELECT id, content || char(10, 10) AS content FROM messages WHERE status != 'streaming'""",
    """CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, content='messages_fts_source', content_rowid='id', tokenize='trigram'
    )""",
    "CREATE VIRTUAL TABLE messages_fts_vocab USING fts5vocab(messages_fts, 'row')",
    """CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.status != 'streaming' BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content || char(10, 10));
    END""",
    """CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.status != 'streaming' BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
            VALUES ('delete', old.id, old.content || char(10, 10));
    END""",
    # one trigger, statements in order: drop the old text from the index, then index the new text
    """CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, status ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content)
            SELECT 'delete', old.id, old.content || char(10, 10) WHERE old.status != 'streaming';
        INSERT INTO messages_fts(rowid, content)
            SELECT new.id, new.content || char(10, 10) WHERE new.status != 'streaming';
    END""",
    "INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')",  # index what v1 stored
]

STEPS: list[list[str]] = [_V1, _V2]
SCHEMA_VERSION = len(STEPS)


def read_version(path: Path) -> int:
    """``PRAGMA user_version`` read without writing anything (0 for a missing or empty file).

    Read from the file header (bytes 60-63) when no write-ahead log is pending: even a read-only
    SQLite connection would leave -wal/-shm files next to a WAL database we may have to refuse.
    """
    try:
        if not path.exists() or path.stat().st_size == 0:
            return 0
        with path.open("rb") as f:
            header = f.read(100)
        if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
            raise sqlite3.DatabaseError("file is not a database")
        wal = path.with_name(path.name + "-wal")
        if not wal.exists() or wal.stat().st_size == 0:
            return int.from_bytes(header[60:64], "big")
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as exc:
        raise storage_error_from(exc, path) from exc


def check_not_too_new(path: Path, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise DatabaseTooNewError(
            QT_TRANSLATE_NOOP(
                "errors",
                "The conversation database {path} was written by a newer version of Desk Assistant "
                "(schema {found}, this version knows {known}); update the app to open it.",
            ),
            path=str(path),
            found=version,
            known=SCHEMA_VERSION,
        )


def backup_database(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the open database next to itself with the SQLite backup API; returns the copy's path."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}.v{version}-backup-{stamp}")
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    except BaseException:
        dest.close()
        target.unlink(missing_ok=True)  # no half copy left behind (e.g. the disk is full)
        raise
    dest.close()
    log.info("backed up %s (schema %d) to %s", path, version, target)
    return target


def upgrade(conn: sqlite3.Connection, from_version: int, to_version: int = SCHEMA_VERSION) -> None:
    """Apply steps from_version+1 .. to_version and set user_version, all in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(from_version + 1, to_version + 1):
            for statement in STEPS[version - 1]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {int(to_version)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def migrate(path: Path, to_version: int = SCHEMA_VERSION) -> Path | None:
    """Bring the database at ``path`` to ``to_version`` (creating it if needed).

    Returns the backup copy's path when an existing database was upgraded, else None.
    Raises DatabaseTooNewError (file untouched) or another StorageError.
    """
    version = read_version(path)
    check_not_too_new(path, version)
    if version >= to_version:
        return None
    backup: Path | None = None
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
            if version > 0 or has_tables:
                backup = backup_database(conn, path, version)
            upgrade(conn, version, to_version)
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as exc:
        raise storage_error_from(exc, path) from exc
    log.info("database %s upgraded from schema %d to %d", path, version, to_version)
    return backup
