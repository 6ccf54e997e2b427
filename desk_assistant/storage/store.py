"""ConversationStore: the one way the app reads and writes conversations.

Thread-safe: the engine and session factories are shared, every method opens its own short session
(one unit of work, committed before it returns) and hands out frozen records, never ORM objects.
SQLite failures come out as StorageError subclasses (storage/errors.py) with one readable sentence.

Branches: every message has a parent (None for the first). Regenerating or editing adds a sibling
(same parent); ``Conversation.active_leaf_id`` names the branch shown, which ``active_branch`` returns
root first. ``append_message(parent_id=AUTO)`` continues the shown branch.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any, Final, Literal

import psutil
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from desk_assistant.core import paths
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.core.text import clean_text
from desk_assistant.storage import exchange, migrations
from desk_assistant.storage.database import DEFAULT_BUSY_TIMEOUT_MS, make_engine, writer_engine
from desk_assistant.storage.errors import (
    ConversationNotFoundError,
    DatabaseCorruptError,
    MessageNotFoundError,
    StorageError,
    storage_error_from,
)
from desk_assistant.storage.records import Conversation, Message, SearchHit
from desk_assistant.storage.recovery import set_aside_broken_database
from desk_assistant.storage.schema import (
    KINDS,
    ROLES,
    STATUSES,
    ConversationRow,
    MessageRow,
    from_iso,
    utcnow,
)
from desk_assistant.storage.search import SNIPPET_CLOSE, SNIPPET_OPEN, search_messages
from desk_assistant.storage.streaming import DEFAULT_FLUSH_INTERVAL, Flusher, StreamWriter

__all__ = ["AUTO", "SNIPPET_CLOSE", "SNIPPET_OPEN", "ConversationStore", "StreamWriter"]

log = logging.getLogger("desk_assistant.storage")


def _process_started(pid: int) -> float | None:
    try:
        return float(psutil.Process(pid).create_time())
    except (psutil.Error, OSError):
        return None


_open_stores: set[str] = set()  # tokens of this process's open stores


def _owner_stats(store_token: str) -> dict[str, Any]:
    """What a streaming message records of the process (and store) writing it."""
    return {"owner": {"pid": os.getpid(), "started": _process_started(os.getpid()), "store": store_token}}


def _owner_alive(stats: dict[str, Any] | None) -> bool:
    owner = (stats or {}).get("owner")
    if not isinstance(owner, dict) or not isinstance(owner.get("pid"), int):
        return False
    if owner["pid"] == os.getpid():  # ours: alive while the store that wrote it is open
        return owner.get("store") in _open_stores
    started = _process_started(owner["pid"])
    recorded = owner.get("started")
    # a pid is reused by the next process: the start time tells them apart
    return started is not None and isinstance(recorded, int | float) and abs(started - recorded) < 1.0


TITLE_LENGTH = 60


class _Auto(enum.Enum):
    AUTO = "AUTO"


AUTO: Final = _Auto.AUTO  # parent_id=AUTO: continue the conversation's active branch
ParentId = int | None | Literal[_Auto.AUTO]
_UNSET: Any = object()


def _auto_title(content: str) -> str:
    line = next((ln.strip() for ln in content.splitlines() if ln.strip()), "")
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {allowed}, not {value!r}")


class ConversationStore:
    def __init__(
        self,
        db_path: Path | None = None,
        *,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        flush_interval: float = DEFAULT_FLUSH_INTERVAL,
    ) -> None:
        """Open (creating or upgrading) the database; raises DatabaseTooNewError or StorageError."""
        self.path = Path(db_path) if db_path is not None else paths.database_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error_from(exc, self.path) from exc
        self.backup_path = migrations.migrate(self.path)  # the copy made before an upgrade, if any
        paths.make_private(self.path)  # SQLite gives the -wal and -shm files the same mode
        self._engine = make_engine(self.path, busy_timeout_ms)
        self._token = uuid.uuid4().hex  # names this store as the owner of the answers it streams
        _open_stores.add(self._token)
        self._read_sessions = sessionmaker(self._engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(writer_engine(self._engine), expire_on_commit=False)
        self._flusher = Flusher(flush_interval)
        try:  # fail now, not at the first click: take the write lock and read the conversations table
            with self._write() as session:
                session.execute(text("SELECT count(*) FROM conversations NOT INDEXED")).scalar_one()
        except StorageError:
            self._engine.dispose()
            raise

    @classmethod
    def open_or_recover(
        cls, db_path: Path | None = None, **options: Any
    ) -> tuple[ConversationStore, Path | None]:
        """Open the database; if it is damaged, move it aside (kept) and start a fresh one.

        Returns the store and the path the broken file was moved to (None if nothing was moved).
        A locked, read-only or too-new database still raises: moving it would not help.
        """
        path = Path(db_path) if db_path is not None else paths.database_path()
        try:
            return cls(path, **options), None
        except DatabaseCorruptError as exc:
            log.warning("database %s is damaged (%s); setting it aside", path, exc.detail)
            aside = set_aside_broken_database(path)
            return cls(path, **options), aside

    def check_integrity(self) -> None:
        """Read every page (PRAGMA quick_check; seconds on a big database: run it in the background).

        Raises DatabaseCorruptError if anything is damaged.
        """
        with self._read() as session:
            problems = [row[0] for row in session.execute(text("PRAGMA quick_check"))]
        if problems != ["ok"]:
            raise storage_error_from(sqlite3.DatabaseError("database disk image is malformed"), self.path)

    def close(self) -> None:
        """Flush open stream writers and release the database."""
        self._flusher.stop()
        _open_stores.discard(self._token)
        self._engine.dispose()

    def __enter__(self) -> ConversationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions ---------------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Session]:
        try:
            with self._read_sessions() as session:
                yield session
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            raise storage_error_from(exc, self.path) from exc

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction (BEGIN IMMEDIATE), committed on success, rolled back on any error."""
        try:
            with self._write_sessions.begin() as session:
                yield session
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            raise storage_error_from(exc, self.path) from exc

    # -- records ----------------------------------------------------------------------------------

    @staticmethod
    def _conversation(row: ConversationRow, message_count: int = 0) -> Conversation:
        return Conversation(
            id=row.id,
            kind=row.kind,  # type: ignore[arg-type]
            title=row.title,
            model=row.model,
            system_prompt=row.system_prompt,
            sampling=dict(row.sampling or {}),
            settings=dict(row.settings or {}),
            pinned=bool(row.pinned),
            created_at=row.created_at,
            updated_at=row.updated_at,
            message_count=message_count,
            deleted_at=row.deleted_at,
            active_leaf_id=row.active_leaf_id,
        )

    @staticmethod
    def _message(row: MessageRow, sibling_index: int = 0, sibling_count: int = 1) -> Message:
        return Message(
            id=row.id,
            conversation_id=row.conversation_id,
            parent_id=row.parent_id,
            role=row.role,  # type: ignore[arg-type]
            content=row.content,
            status=row.status,  # type: ignore[arg-type]
            stats=dict(row.stats) if row.stats is not None else None,
            created_at=row.created_at,
            sibling_index=sibling_index,
            sibling_count=sibling_count,
        )

    @staticmethod
    def _conv_row(session: Session, conversation_id: int) -> ConversationRow:
        row = session.get(ConversationRow, conversation_id)
        if row is None:
            raise ConversationNotFoundError(
                QT_TRANSLATE_NOOP("errors", "Conversation {id} does not exist."), id=conversation_id
            )
        return row

    @staticmethod
    def _message_count(session: Session, conversation_id: int) -> int:
        query = select(func.count()).select_from(MessageRow)
        return session.scalar(query.where(MessageRow.conversation_id == conversation_id)) or 0

    @staticmethod
    def _msg_row(session: Session, message_id: int) -> MessageRow:
        row = session.get(MessageRow, message_id)
        if row is None:
            raise MessageNotFoundError(
                QT_TRANSLATE_NOOP("errors", "Message {id} does not exist."), id=message_id
            )
        return row

    @staticmethod
    def _sibling_ids(session: Session, row: MessageRow) -> list[int]:
        same = MessageRow.parent_id
        parent = same.is_(None) if row.parent_id is None else same == row.parent_id
        query = select(MessageRow.id).where(MessageRow.conversation_id == row.conversation_id, parent)
        return list(session.scalars(query.order_by(MessageRow.id)))

    def _message_with_siblings(self, session: Session, row: MessageRow) -> Message:
        ids = self._sibling_ids(session, row)
        return self._message(row, ids.index(row.id), len(ids))

    @staticmethod
    def _subtree_ids(session: Session, message_id: int) -> list[int]:
        query = text(
            """WITH RECURSIVE sub(id) AS (
                   SELECT :id UNION ALL SELECT m.id FROM messages m JOIN sub ON m.parent_id = sub.id)
               SELECT id FROM sub"""
        )
        return list(session.execute(query, {"id": message_id}).scalars())

    # -- conversations ----------------------------------------------------------------------------

    def create_conversation(
        self,
        kind: str = "chat",
        title: str = "",
        model: str | None = None,
        system_prompt: str = "",
        sampling: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
    ) -> Conversation:
        _check(kind, KINDS, "kind")
        now = utcnow()
        row = ConversationRow(
            kind=kind,
            title=title.strip(),
            model=model,
            system_prompt=system_prompt,
            sampling=dict(sampling or {}),
            settings=dict(settings or {}),
            pinned=False,
            created_at=now,
            updated_at=now,
        )
        with self._write() as session:
            session.add(row)
            session.flush()
            return self._conversation(row)

    def get_conversation(self, conversation_id: int) -> Conversation:
        """The conversation, also while soft-deleted (see ``deleted_at``)."""
        with self._read() as session:
            row = self._conv_row(session, conversation_id)
            return self._conversation(row, self._message_count(session, row.id))

    def list_conversations(
        self, kind: str | None = None, limit: int = 200, offset: int = 0, include_deleted: bool = False
    ) -> list[Conversation]:
        """Pinned first, then most recently updated first; ``limit``/``offset`` page through them."""
        count = (
            select(func.count())
            .select_from(MessageRow)
            .where(MessageRow.conversation_id == ConversationRow.id)
            .scalar_subquery()
        )
        query = select(ConversationRow, count)
        if kind is not None:
            query = query.where(ConversationRow.kind == kind)
        if not include_deleted:
            query = query.where(ConversationRow.deleted_at.is_(None))
        query = query.order_by(
            ConversationRow.pinned.desc(), ConversationRow.updated_at.desc(), ConversationRow.id.desc()
        )
        with self._read() as session:
            rows = session.execute(query.limit(limit).offset(offset)).all()
            return [self._conversation(row, n) for row, n in rows]

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        """Change the title (does not move the conversation in the recent list)."""
        with self._write() as session:
            self._conv_row(session, conversation_id).title = title.strip()

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        with self._write() as session:
            self._conv_row(session, conversation_id).pinned = bool(pinned)

    def update_conversation(
        self,
        conversation_id: int,
        *,
        model: str | None = _UNSET,
        system_prompt: str = _UNSET,
        sampling: dict[str, Any] = _UNSET,
        settings: dict[str, Any] = _UNSET,
        kind: str = _UNSET,
    ) -> Conversation:
        """Change only the fields given (sampling/settings are replaced as a whole)."""
        with self._write() as session:
            row = self._conv_row(session, conversation_id)
            if model is not _UNSET:
                row.model = model
            if system_prompt is not _UNSET:
                row.system_prompt = system_prompt
            if sampling is not _UNSET:
                row.sampling = dict(sampling or {})
            if settings is not _UNSET:
                row.settings = dict(settings or {})
            if kind is not _UNSET:
                _check(kind, KINDS, "kind")
                row.kind = kind
            row.updated_at = utcnow()
            session.flush()
            return self._conversation(row, self._message_count(session, row.id))

    def delete_conversation(self, conversation_id: int) -> None:
        """Soft delete: hidden from lists and search until restored or purged."""
        with self._write() as session:
            row = self._conv_row(session, conversation_id)
            if row.deleted_at is None:
                row.deleted_at = utcnow()

    def restore_conversation(self, conversation_id: int) -> None:
        with self._write() as session:
            self._conv_row(session, conversation_id).deleted_at = None

    def purge_deleted(self, older_than_seconds: float = 0) -> int:
        """Really delete conversations soft-deleted at least that long ago; returns how many.

        Deleted means deleted: the rows go (with secure_delete on, their bytes are zeroed), the search
        index is merged so no segment keeps their words, and the WAL is checkpointed and truncated so
        no old page copy of them stays in the -wal file.
        """
        cutoff = utcnow() - timedelta(seconds=older_than_seconds)
        with self._write() as session:
            result = session.execute(
                delete(ConversationRow).where(
                    ConversationRow.deleted_at.is_not(None), ConversationRow.deleted_at <= cutoff
                )
            )
            purged = int(result.rowcount or 0)  # type: ignore[attr-defined]
            if purged:
                session.execute(text("INSERT INTO messages_fts(messages_fts) VALUES ('optimize')"))
        if purged:
            self.checkpoint()
        return purged

    def checkpoint(self) -> None:
        """Copy the WAL into the database file and truncate it (best effort: a reader may hold it)."""
        raw = self._engine.raw_connection()  # autocommit (see database.py): no BEGIN around the pragma
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _, _ = cursor.fetchone()
            if busy:
                log.info("WAL checkpoint incomplete: another connection is reading")
        except sqlite3.Error as exc:
            log.info("WAL checkpoint skipped: %s", exc)
        finally:
            raw.close()

    def compact(self) -> tuple[int, int]:
        """VACUUM: rewrite the database without the free pages deleted conversations left (seconds on
        a big file: run it off the UI thread). Returns the file's size before and after, in bytes."""
        before = self._file_size()
        raw = self._engine.raw_connection()  # autocommit: VACUUM cannot run inside a transaction
        try:
            raw.cursor().execute("VACUUM")
        except sqlite3.Error as exc:
            raise storage_error_from(exc, self.path) from exc
        finally:
            raw.close()
        self.checkpoint()
        return before, self._file_size()

    def _file_size(self) -> int:
        return sum(p.stat().st_size for p in (self.path, Path(f"{self.path}-wal")) if p.exists())

    # -- messages and branches --------------------------------------------------------------------

    def append_message(
        self,
        conversation_id: int,
        role: str,
        content: str,
        *,
        parent_id: ParentId = AUTO,
        status: str = "complete",
        stats: dict[str, Any] | None = None,
    ) -> Message:
        """Add a message (committed before returning); it becomes the active leaf.

        A conversation without a title takes the first line of its first user message.
        """
        _check(role, ROLES, "role")
        _check(status, STATUSES, "status")
        now = utcnow()
        with self._write() as session:
            conv = self._conv_row(session, conversation_id)
            if parent_id is AUTO:
                parent_id = self._active_leaf(session, conv)
            elif parent_id is not None:
                parent = self._msg_row(session, parent_id)
                if parent.conversation_id != conversation_id:
                    raise ValueError(f"message {parent_id} is not in conversation {conversation_id}")
            row = MessageRow(
                conversation_id=conversation_id,
                parent_id=parent_id,
                role=role,
                content=content,
                status=status,
                stats=dict(stats) if stats is not None else None,
                created_at=now,
            )
            session.add(row)
            session.flush()
            conv.active_leaf_id = row.id
            conv.updated_at = now
            if not conv.title and role == "user":
                conv.title = _auto_title(content)
            return self._message_with_siblings(session, row)

    @staticmethod
    def _active_leaf(session: Session, conv: ConversationRow) -> int | None:
        """The stored leaf if it still exists, else the newest message (None for an empty one)."""
        if conv.active_leaf_id is not None:
            found = session.scalar(
                select(MessageRow.id).where(
                    MessageRow.id == conv.active_leaf_id, MessageRow.conversation_id == conv.id
                )
            )
            if found is not None:
                return found
        return session.scalar(select(func.max(MessageRow.id)).where(MessageRow.conversation_id == conv.id))

    def start_stream(
        self, conversation_id: int, *, parent_id: ParentId = AUTO, role: str = "assistant"
    ) -> StreamWriter:
        """Create an empty 'streaming' message (committed) and a writer that fills it. The message
        names this process as its owner until it is finished (see ``recover_interrupted``)."""
        message = self.append_message(
            conversation_id,
            role,
            "",
            parent_id=parent_id,
            status="streaming",
            stats=_owner_stats(self._token),
        )
        writer = StreamWriter(message, self._write_stream_content, self._finish_stream, self._flusher.remove)
        self._flusher.add(writer)
        return writer

    def resume_stream(self, message_id: int) -> StreamWriter:
        """Mark a stored message 'streaming' again and return a writer that adds to its text
        (continuing an answer). ``finish`` closes it as usual."""
        earlier = self.get_message(message_id).stats or {}
        message = self.update_message(
            message_id, status="streaming", stats={**earlier, **_owner_stats(self._token)}
        )
        writer = StreamWriter(message, self._write_stream_content, self._finish_stream, self._flusher.remove)
        self._flusher.add(writer)
        return writer

    def _write_stream_content(self, message_id: int, content: str) -> None:
        with self._write() as session:
            session.execute(update(MessageRow).where(MessageRow.id == message_id).values(content=content))

    def _finish_stream(
        self, message_id: int, content: str, status: str, stats: dict[str, Any] | None
    ) -> Message:
        return self.update_message(message_id, content=content, status=status, stats=stats)

    def active_branch(self, conversation_id: int) -> list[Message]:
        """The shown branch, first message first, with sibling positions for the < 2/3 > arrows."""
        with self._read() as session:
            conv = self._conv_row(session, conversation_id)
            # The hot path of opening a conversation: one indexed query, plain tuples (no ORM or
            # type-processing layer), decoded here. Other branches' rows come along; they are few.
            rows = (
                session.connection()
                .exec_driver_sql(
                    "SELECT id, parent_id, role, content, status, stats, created_at FROM messages"
                    " WHERE conversation_id = ? ORDER BY id",
                    (conversation_id,),
                )
                .fetchall()
            )
        if not rows:
            return []
        by_id = {row[0]: row for row in rows}
        children: dict[int | None, list[int]] = {}
        for row in rows:
            children.setdefault(row[1], []).append(row[0])
        leaf = conv.active_leaf_id if conv.active_leaf_id in by_id else rows[-1][0]
        chain = []
        node: int | None = leaf
        while node is not None:
            chain.append(by_id[node])
            node = by_id[node][1]
        result = []
        for mid, pid, role, content, status, stats, created_at in reversed(chain):
            siblings = children[pid]
            result.append(
                Message(
                    id=mid,
                    conversation_id=conversation_id,
                    parent_id=pid,
                    role=role,
                    content=content,
                    status=status,
                    stats=json.loads(stats) if stats is not None else None,
                    created_at=from_iso(created_at),
                    sibling_index=siblings.index(mid) if len(siblings) > 1 else 0,
                    sibling_count=len(siblings),
                )
            )
        return result

    def get_message(self, message_id: int) -> Message:
        with self._read() as session:
            return self._message_with_siblings(session, self._msg_row(session, message_id))

    def siblings(self, message_id: int) -> list[Message]:
        """The message and its alternatives (same parent), oldest first."""
        with self._read() as session:
            row = self._msg_row(session, message_id)
            ids = self._sibling_ids(session, row)
            rows = {r.id: r for r in session.scalars(select(MessageRow).where(MessageRow.id.in_(ids)))}
            return [self._message(rows[mid], i, len(ids)) for i, mid in enumerate(ids)]

    def switch_branch(self, message_id: int) -> list[Message]:
        """Show the branch through this message (its newest descendant becomes the leaf)."""
        with self._write() as session:
            row = self._msg_row(session, message_id)
            leaf = max(self._subtree_ids(session, message_id))
            self._conv_row(session, row.conversation_id).active_leaf_id = leaf
            conversation_id = row.conversation_id
        return self.active_branch(conversation_id)

    def edit_message(self, message_id: int, new_content: str) -> Message:
        """Edit-and-resend: a new sibling with the new text, which becomes the active leaf."""
        with self._read() as session:
            row = self._msg_row(session, message_id)
            conversation_id, role, parent_id = row.conversation_id, row.role, row.parent_id
        return self.append_message(conversation_id, role, new_content, parent_id=parent_id)

    def delete_message(self, message_id: int) -> None:
        """Delete the message and everything that followed it (its whole subtree)."""
        with self._write() as session:
            row = self._msg_row(session, message_id)
            conv = self._conv_row(session, row.conversation_id)
            doomed = self._subtree_ids(session, message_id)
            parent_id = row.parent_id
            session.execute(delete(MessageRow).where(MessageRow.id.in_(doomed)))
            if conv.active_leaf_id in doomed or conv.active_leaf_id is None:
                # show the parent's newest remaining branch (or the newest message left)
                leaf = max(self._subtree_ids(session, parent_id)) if parent_id is not None else None
                if leaf is None:
                    leaf = session.scalar(
                        select(func.max(MessageRow.id)).where(MessageRow.conversation_id == conv.id)
                    )
                conv.active_leaf_id = leaf
            conv.updated_at = utcnow()

    def update_message(
        self,
        message_id: int,
        *,
        content: str | None = None,
        status: str | None = None,
        stats: dict[str, Any] | None = None,
    ) -> Message:
        """Change the given fields of a message in place (no new branch)."""
        if status is not None:
            _check(status, STATUSES, "status")
        with self._write() as session:
            row = self._msg_row(session, message_id)
            if content is not None:
                row.content = content
            if status is not None:
                row.status = status
            if stats is not None:
                row.stats = dict(stats)
            if row.status != "streaming" and row.stats and "owner" in row.stats:  # owned while streaming
                row.stats = {k: v for k, v in row.stats.items() if k != "owner"} or None
            self._conv_row(session, row.conversation_id).updated_at = utcnow()
            session.flush()
            return self._message_with_siblings(session, row)

    def recover_interrupted(self) -> int:
        """Mark messages left 'streaming' by a process that is gone as 'stopped'; returns how many.

        Another process writing into the same database (the CLI while the window starts, or the
        reverse) still owns its answer: a message is taken over only when its owner process no
        longer runs (same pid, same start time), or it names none (older versions).
        """
        live = self._flusher.active_ids()  # this store's own open streams are not interrupted
        with self._write() as session:
            rows = session.execute(
                select(MessageRow.id, MessageRow.stats).where(MessageRow.status == "streaming")
            ).all()
            stale = [row for row in rows if row.id not in live and not _owner_alive(row.stats)]
            for row in stale:
                stats = {k: v for k, v in (row.stats or {}).items() if k != "owner"} or None
                session.execute(
                    update(MessageRow).where(MessageRow.id == row.id).values(status="stopped", stats=stats)
                )
            return len(stale)

    # -- search -----------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, kind: str | None = None) -> list[SearchHit]:
        """Ranked hits with snippets marked by SNIPPET_OPEN/SNIPPET_CLOSE; deleted conversations excluded."""
        with self._read() as session:
            return search_messages(session, clean_text(query), limit, kind)

    # -- export / import --------------------------------------------------------------------------

    def export_json(self, conversation_ids: list[int] | None = None) -> dict[str, Any]:
        """All branches, statuses, stats and timestamps; None exports every live conversation."""
        with self._read() as session:
            return exchange.export_json(session, conversation_ids)

    def export_markdown(self, conversation_ids: list[int] | None = None) -> str:
        """The shown branch of each conversation as readable Markdown."""
        return exchange.render_markdown(self.export_json(conversation_ids))

    def import_json(self, data: dict[str, Any]) -> list[int]:
        """Add the conversations of an ``export_json`` document (new ids); returns their ids."""
        conversations = exchange.validate(data)
        with self._write() as session:
            return exchange.import_conversations(session, conversations)
