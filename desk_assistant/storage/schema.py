"""SQLAlchemy 2 ORM models of the current schema (the tables themselves are created by migrations.py).

Timestamps are stored as UTC ISO-8601 text with microseconds (``2026-11-23T13:25:29.123456+00:00``):
readable in any SQLite tool, sorted correctly as text, and exact through JSON export and import.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates
from sqlalchemy.types import TypeDecorator

from desk_assistant.core.text import clean_text

KINDS = ("chat", "summarize", "translate", "draft")
ROLES = ("system", "user", "assistant")
STATUSES = ("complete", "streaming", "stopped", "error")


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_iso(value: datetime) -> str:
    if value.tzinfo is None:  # naive datetimes are taken as UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def from_iso(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is UTC else parsed.astimezone(UTC)  # stored text is already UTC


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime kept as ISO text (see module doc)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> str | None:
        return None if value is None else to_iso(value)

    def process_result_value(self, value: str | None, dialect: Any) -> datetime | None:
        return None if value is None else from_iso(value)


class UserText(TypeDecorator[str]):
    """Text the user wrote or pasted, cleaned on the way in (lone surrogates, NUL: core/text.py),
    so no write can fail on it, whichever store method it comes through."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else clean_text(value)


class Base(DeclarativeBase):
    pass


class ConversationRow(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="chat")
    title: Mapped[str] = mapped_column(UserText, default="")
    model: Mapped[str | None] = mapped_column(Text, nullable=True)
    system_prompt: Mapped[str] = mapped_column(UserText, default="")
    sampling: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    pinned: Mapped[bool] = mapped_column(default=False)
    # The leaf of the branch shown to the user; kept by the store (no FK: messages point back here).
    active_leaf_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @validates("title", "system_prompt")
    def _clean(self, _key: str, value: str) -> str:  # the object the store returns matches the row
        return clean_text(value) if value is not None else value

    __table_args__ = (
        # the sidebar: live conversations, pinned first, most recent first (optionally of one kind)
        # (SQLite walks an index backwards for ORDER BY pinned DESC, updated_at DESC)
        Index("ix_conversations_list", "deleted_at", "pinned", "updated_at"),
        Index("ix_conversations_kind_list", "kind", "deleted_at", "pinned", "updated_at"),
    )


class MessageRow(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    # Previous message in the branch. No cascade: deep chains would exceed SQLite's recursion limit,
    # so the store deletes a subtree itself with one recursive query.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), nullable=True)
    role: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(UserText, default="")
    status: Mapped[str] = mapped_column(String(16), default="complete")
    stats: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @validates("content")
    def _clean(self, _key: str, value: str) -> str:
        return clean_text(value) if value is not None else value

    __table_args__ = (
        Index("ix_messages_conversation", "conversation_id", "id"),  # load a conversation
        Index("ix_messages_parent", "parent_id"),  # siblings, subtree deletes
        # recover_interrupted() at startup without a table scan
        Index("ix_messages_streaming", "status", sqlite_where=text("status = 'streaming'")),
    )
