"""What ``desk-assistant chat --conversation ID|new`` needs from the store (for cli/chat.py).

store = ConversationStore()
conv = open_cli_conversation(store, args.conversation, model=model_name, system_prompt=system)
messages = prompt_history(store, conv.id)          # earlier turns, to send before the new one
store.append_message(conv.id, "user", text)         # committed before generating
writer = store.start_stream(conv.id)
for piece in pieces: writer.append(piece)
writer.finish("complete" or "stopped", stats=dataclasses.asdict(stats))
"""

from __future__ import annotations

from desk_assistant.core.errors import InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.storage.errors import ConversationNotFoundError
from desk_assistant.storage.records import Conversation
from desk_assistant.storage.store import ConversationStore


def open_cli_conversation(
    store: ConversationStore, spec: str, *, model: str | None = None, system_prompt: str = ""
) -> Conversation:
    """``new`` creates a chat conversation; a number opens that (live) conversation."""
    if spec.strip().lower() == "new":
        return store.create_conversation("chat", model=model, system_prompt=system_prompt)
    try:
        conversation_id = int(spec)
    except ValueError:
        raise InputError(
            QT_TRANSLATE_NOOP("errors", "--conversation takes a conversation number or 'new', not {spec}."),
            spec=repr(spec),
        ) from None
    conversation = store.get_conversation(conversation_id)
    if conversation.deleted_at is not None:
        raise ConversationNotFoundError(
            QT_TRANSLATE_NOOP("errors", "Conversation {id} was deleted; restore it in the window first."),
            id=conversation_id,
        )
    return conversation


def prompt_history(store: ConversationStore, conversation_id: int) -> list[tuple[str, str]]:
    """(role, content) pairs of the shown branch, oldest first, ready to send to a model.

    The conversation's system prompt comes first (if any); failed and empty answers are left out,
    stopped ones are kept (the user saw them).
    """
    conversation = store.get_conversation(conversation_id)
    pairs: list[tuple[str, str]] = []
    if conversation.system_prompt:
        pairs.append(("system", conversation.system_prompt))
    for m in store.active_branch(conversation_id):
        if m.status == "error" or (m.role == "assistant" and not m.content):
            continue
        pairs.append((m.role, m.content))
    return pairs
