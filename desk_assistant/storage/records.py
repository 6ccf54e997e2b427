"""Plain, immutable data handed out of the store (never ORM objects: no lazy loading across threads)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

ConversationKind = Literal["chat", "summarize", "translate", "draft"]
MessageStatus = Literal["complete", "streaming", "stopped", "error"]


@dataclass(frozen=True)
class Conversation:
    id: int
    kind: ConversationKind
    title: str
    model: str | None
    system_prompt: str
    sampling: dict[str, Any]  # SamplingParams fields the user changed for this conversation
    settings: dict[str, Any]  # other per-conversation settings (pane options, etc.)
    pinned: bool
    created_at: datetime
    updated_at: datetime
    message_count: int = 0  # all messages, every branch
    deleted_at: datetime | None = None  # set while soft-deleted (undo possible until purged)
    active_leaf_id: int | None = None  # last message of the branch shown


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int
    parent_id: int | None  # previous message in the branch; siblings share a parent
    role: Literal["system", "user", "assistant"]
    content: str
    status: MessageStatus
    stats: dict[str, Any] | None  # GenerationStats as a dict for assistant messages
    created_at: datetime
    sibling_index: int = 0  # position among messages with the same parent (branches), 0-based
    sibling_count: int = 1


@dataclass(frozen=True)
class SearchHit:
    conversation_id: int
    conversation_title: str
    message_id: int
    role: str
    snippet: str  # matched text between store.SNIPPET_OPEN ("\x02") and store.SNIPPET_CLOSE ("\x03")
    rank: float  # lower is better (bm25); 0.0 for short queries answered by LIKE (newest first)
    created_at: datetime
    extra: dict[str, Any] = field(default_factory=dict)
