"""The SQLAlchemy engine for one SQLite file, set up once per connection.

Pragmas go in the ``connect`` event (SQLAlchemy's documented recipe): foreign keys on, WAL (readers
never wait for the writer), synchronous NORMAL (a commit survives a killed process; only a power cut
can lose the last commits), and a busy timeout. pysqlite's own transaction handling is switched off so
that SQLAlchemy's ``begin`` event emits BEGIN itself: sessions that write use ``BEGIN IMMEDIATE``, which
takes the write lock up front and waits for it under busy_timeout instead of failing midway.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

DEFAULT_BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        # The pool hands each connection to one thread at a time, so any thread may use the engine.
        connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
        pool_size=4,
        max_overflow=4,
    )

    @event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see module doc)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA secure_delete = ON")  # deleted text is zeroed, not left in free pages
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))

    return engine


def writer_engine(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions start with BEGIN IMMEDIATE."""
    return engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")
