"""A summary, translation or draft kept as a conversation of its kind: the source and the result.

``TaskRecord.begin`` runs on the caller's thread before the task is queued: it commits the
conversation (kind, title, the options in ``settings``) and the source as a user message, and opens
the result as a 'streaming' assistant message. The task fills the result while it runs (``append`` or
``replace``; the store's writer flushes at least once a second) and closes it with ``finish``: after a
crash the source is there and the result up to the last flush, marked stopped at the next start.
"""

from __future__ import annotations

import logging
from typing import Any

from desk_assistant.storage.records import Conversation, ConversationKind, MessageStatus
from desk_assistant.storage.store import ConversationStore, StreamWriter

log = logging.getLogger(__name__)


class TaskRecord:
    def __init__(self, store: ConversationStore, conversation: Conversation, writer: StreamWriter) -> None:
        self.store = store
        self.conversation_id = conversation.id
        self.settings = dict(conversation.settings)
        self.writer = writer

    @classmethod
    def begin(
        cls,
        store: ConversationStore,
        kind: ConversationKind,
        title: str,
        source: str,
        settings: dict[str, Any] | None = None,
        model: str | None = None,
    ) -> TaskRecord:
        conversation = store.create_conversation(kind=kind, title=title, model=model, settings=settings)
        store.append_message(conversation.id, "user", source)
        return cls(store, conversation, store.start_stream(conversation.id))

    @property
    def result_message_id(self) -> int:
        return self.writer.message_id

    def append(self, text: str) -> None:
        self.writer.append(text)

    def replace(self, text: str) -> None:
        self.writer.replace(text)

    def finish(
        self,
        status: MessageStatus,
        stats: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
    ) -> None:
        """Close the result; ``settings`` (merged into the conversation's) can keep what the task
        learned (how far it got, the parts of a translation)."""
        if settings:
            self.settings.update(settings)
            self.store.update_conversation(self.conversation_id, settings=self.settings)
        self.writer.finish(status, stats)

    def finish_quietly(self, status: MessageStatus) -> None:
        """Close after a failure without raising (the failure being reported matters more)."""
        try:
            self.writer.finish(status)
        except Exception:
            log.exception("could not close the result of conversation %d", self.conversation_id)
