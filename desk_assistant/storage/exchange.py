"""Export conversations to JSON and Markdown, and import the JSON back.

JSON document (``FORMAT``/``FORMAT_VERSION``)::

    {"format": "desk-assistant-conversations", "version": 1, "exported_at": "...",
     "conversations": [{"id", "kind", "title", "model", "system_prompt", "sampling", "settings",
                        "pinned", "created_at", "updated_at", "active_leaf_id",
                        "messages": [{"id", "parent_id", "role", "content", "status", "stats",
                                      "created_at"}, ...]}]}

Every branch is exported (parents before children); ids are those of the exporting database and are
only used to link messages: an import gets new ids, everything else comes back identical.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desk_assistant.core.errors import InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.storage.errors import ConversationNotFoundError
from desk_assistant.storage.schema import (
    KINDS,
    ROLES,
    STATUSES,
    ConversationRow,
    MessageRow,
    from_iso,
    to_iso,
    utcnow,
)

FORMAT = "desk-assistant-conversations"
FORMAT_VERSION = 1


def export_json(session: Session, conversation_ids: list[int] | None) -> dict[str, Any]:
    query = select(ConversationRow)
    if conversation_ids is None:
        query = query.where(ConversationRow.deleted_at.is_(None))
    else:
        query = query.where(ConversationRow.id.in_(conversation_ids))
    rows = session.scalars(query.order_by(ConversationRow.id)).all()
    if conversation_ids is not None:
        missing = set(conversation_ids) - {row.id for row in rows}
        if missing:
            raise ConversationNotFoundError(
                QT_TRANSLATE_NOOP("errors", "Conversation {id} does not exist."), id=min(missing)
            )
    messages: dict[int, list[dict[str, Any]]] = {row.id: [] for row in rows}
    if rows:
        for m in session.scalars(
            select(MessageRow).where(MessageRow.conversation_id.in_(messages)).order_by(MessageRow.id)
        ):
            messages[m.conversation_id].append(
                {
                    "id": m.id,
                    "parent_id": m.parent_id,
                    "role": m.role,
                    "content": m.content,
                    "status": m.status,
                    "stats": m.stats,
                    "created_at": to_iso(m.created_at),
                }
            )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": to_iso(utcnow()),
        "conversations": [
            {
                "id": row.id,
                "kind": row.kind,
                "title": row.title,
                "model": row.model,
                "system_prompt": row.system_prompt,
                "sampling": row.sampling or {},
                "settings": row.settings or {},
                "pinned": bool(row.pinned),
                "created_at": to_iso(row.created_at),
                "updated_at": to_iso(row.updated_at),
                "active_leaf_id": row.active_leaf_id,
                "messages": messages[row.id],
            }
            for row in rows
        ],
    }


def active_branch_of(conversation: dict[str, Any]) -> list[dict[str, Any]]:
    """The shown branch of an exported conversation, first message first."""
    by_id = {m["id"]: m for m in conversation["messages"]}
    leaf = conversation.get("active_leaf_id")
    if leaf not in by_id:
        leaf = conversation["messages"][-1]["id"] if conversation["messages"] else None
    chain = []
    while leaf is not None:
        chain.append(by_id[leaf])
        leaf = by_id[leaf]["parent_id"]
    return chain[::-1]


_ROLE_HEADINGS = {"system": "System", "user": "User", "assistant": "Assistant"}


def render_markdown(document: dict[str, Any]) -> str:
    parts: list[str] = []
    for conv in document["conversations"]:
        title = conv["title"] or "Untitled"
        meta = [conv["kind"], f"created {conv['created_at'][:16].replace('T', ' ')} UTC"]
        if conv["model"]:
            meta.insert(1, f"model {conv['model']}")
        parts.append(f"# {title}\n\n*{' · '.join(meta)}*\n")
        if conv["system_prompt"]:
            parts.append(f"## System prompt\n\n{conv['system_prompt']}\n")
        for m in active_branch_of(conv):
            heading = _ROLE_HEADINGS.get(m["role"], m["role"])
            note = "" if m["status"] == "complete" else f" *({m['status']})*"
            parts.append(f"## {heading}{note}\n\n{m['content']}\n")
    return "\n".join(parts)


def _bad(reason: str) -> InputError:
    return InputError(
        QT_TRANSLATE_NOOP("errors", "This is not a Desk Assistant conversation export: {reason}."),
        reason=reason,
    )


def _require(condition: bool) -> None:
    if not condition:
        raise ValueError("invalid field")


def validate(data: Any) -> list[dict[str, Any]]:
    """The conversations of an export document, checked; raises InputError with the first problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad("the format marker is missing")
    if not isinstance(data.get("version"), int) or data["version"] > FORMAT_VERSION:
        raise _bad("it comes from a newer version of the app")
    conversations = data.get("conversations")
    if not isinstance(conversations, list):
        raise _bad("it has no list of conversations")
    for i, conv in enumerate(conversations, 1):
        try:
            _require(conv["kind"] in KINDS)
            _require(isinstance(conv["title"], str) and isinstance(conv["system_prompt"], str))
            from_iso(conv["created_at"])
            from_iso(conv["updated_at"])
            seen: set[Any] = set()
            for m in conv["messages"]:
                _require(m["role"] in ROLES and m["status"] in STATUSES and isinstance(m["content"], str))
                _require(m["parent_id"] is None or m["parent_id"] in seen)  # parents come first
                from_iso(m["created_at"])
                seen.add(m["id"])
        except (KeyError, TypeError, ValueError) as exc:
            raise _bad(f"conversation {i} is incomplete or invalid") from exc
    return conversations


def import_conversations(session: Session, conversations: list[dict[str, Any]]) -> list[int]:
    new_ids: list[int] = []
    for conv in conversations:
        row = ConversationRow(
            kind=conv["kind"],
            title=conv["title"],
            model=conv.get("model"),
            system_prompt=conv["system_prompt"],
            sampling=conv.get("sampling") or {},
            settings=conv.get("settings") or {},
            pinned=bool(conv.get("pinned", False)),
            created_at=from_iso(conv["created_at"]),
            updated_at=from_iso(conv["updated_at"]),
        )
        session.add(row)
        session.flush()
        id_map: dict[Any, int] = {}
        for m in conv["messages"]:
            new_id = session.execute(
                insert(MessageRow)
                .values(
                    conversation_id=row.id,
                    parent_id=None if m["parent_id"] is None else id_map[m["parent_id"]],
                    role=m["role"],
                    content=m["content"],
                    status=m["status"],
                    stats=m.get("stats"),
                    created_at=from_iso(m["created_at"]),
                )
                .returning(MessageRow.id)
            ).scalar_one()
            id_map[m["id"]] = new_id
        row.active_leaf_id = id_map.get(conv.get("active_leaf_id"))
        new_ids.append(row.id)
    return new_ids
