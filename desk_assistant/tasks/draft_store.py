"""Drafts kept in the conversation store (kind "draft") and re-opened where the user left them.

Layout of one draft (a conversation):
- the first message (user) is the brief text; every saved version of the draft is an assistant
  message under it, so versions are siblings: ``ConversationStore.siblings`` lists them, the active
  branch's leaf is the version shown, ``switch_branch`` restores one. A version is saved after a full
  expansion, after an accepted rewrite, or when the user saves;
- ``Conversation.settings["draft"]`` holds the rest: the brief's fields, the outline, each section's
  text and state (complete / incomplete / stopped), the versions' labels, and the working text (the
  editor's text since the last version, saved without making a version).

``DraftStore`` is shared by the pane (UI thread) and the tasks (inference thread): one lock serializes
its read-modify-write of the settings. ``DraftRecord`` is one draft's handle that tasks fill.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desk_assistant.core.errors import InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.storage.records import MessageStatus
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks.chat import title_from_message
from desk_assistant.tasks.draft import DraftBrief, SectionState, load_kind
from desk_assistant.tasks.outline import Outline, assemble_markdown
from desk_assistant.tasks.prompts import PromptError

SETTINGS_KEY = "draft"
FORMAT = 1  # the layout of settings["draft"]; a later layout upgrades older ones on load

_E_NOT_DRAFT = QT_TRANSLATE_NOOP("errors", "Conversation {id} is not a draft.")
_E_NOT_VERSION = QT_TRANSLATE_NOOP("errors", "Message {id} is not a version of this draft.")


@dataclass(frozen=True)
class SectionText:
    text: str
    state: SectionState


@dataclass(frozen=True)
class DraftVersion:
    message_id: int
    number: int  # 1-based, in the order saved
    label: str  # English text (QT_TRANSLATE_NOOP context "draft") or the user's own words
    text: str
    status: MessageStatus  # "stopped" for a text that was not finished
    created_at: datetime
    active: bool  # the version shown


@dataclass(frozen=True)
class Draft:
    id: int
    title: str
    brief: DraftBrief
    brief_message_id: int
    outline: Outline | None
    sections: dict[str, SectionText]
    versions: tuple[DraftVersion, ...]
    working_text: str | None  # the editor's text, saved since the last version (None: none)
    headings: bool = True  # the kind's sections get headings
    settings: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def current_version(self) -> DraftVersion | None:
        return next((v for v in self.versions if v.active), None)

    def assembled(self) -> str:
        """The outline's sections written so far, as Markdown."""
        if self.outline is None:
            return ""
        return assemble_markdown(
            self.outline, {k: s.text for k, s in self.sections.items()}, headings=self.headings
        )

    @property
    def text(self) -> str:
        """What the editor shows on re-opening: the working text, else the version shown, else the
        sections written so far."""
        if self.working_text is not None:
            return self.working_text
        version = self.current_version
        return version.text if version is not None else self.assembled()


class DraftRecord:
    """One draft, as the tasks fill it (any thread)."""

    def __init__(self, drafts: DraftStore, draft_id: int) -> None:
        self.drafts = drafts
        self.draft_id = draft_id

    def save_outline(self, outline: Outline) -> None:
        self.drafts.save_outline(self.draft_id, outline)

    def save_section(self, section_id: str, text: str, state: SectionState) -> None:
        self.drafts.save_section(self.draft_id, section_id, text, state)

    def save_version(self, text: str, label: str = "", *, status: MessageStatus = "complete") -> DraftVersion:
        return self.drafts.save_version(self.draft_id, text, label, status=status)


class DraftStore:
    def __init__(self, store: ConversationStore) -> None:
        self.store = store
        self._lock = threading.Lock()

    # ---- creating and reading -------------------------------------------------------------------

    def create(self, brief: DraftBrief, *, model: str | None = None, title: str | None = None) -> int:
        """A new draft (committed, with its brief as the first message); returns its id."""
        data = {
            "format": FORMAT,
            "brief": brief.to_dict(),
            "outline": None,
            "sections": {},
            "labels": {},
            "working_text": None,
        }
        conversation = self.store.create_conversation(
            kind="draft",
            title=title or title_from_message(brief.brief),
            model=model,
            settings={SETTINGS_KEY: data},
        )
        message = self.store.append_message(conversation.id, "user", brief.brief, parent_id=None)
        data["brief_message_id"] = message.id
        with self._lock:
            self._write(conversation.id, data)
        return conversation.id

    def record(self, draft_id: int) -> DraftRecord:
        self._data(draft_id)  # fails now for an id that is not a draft
        return DraftRecord(self, draft_id)

    def drafts(self, limit: int = 200) -> list[Any]:
        """The drafts (``Conversation`` records), most recent first."""
        return self.store.list_conversations(kind="draft", limit=limit)

    def load(self, draft_id: int) -> Draft:
        conversation = self.store.get_conversation(draft_id)
        data = self._data_of(conversation)
        brief = DraftBrief.from_dict(data.get("brief") or {})
        outline = Outline.from_dict(data["outline"]) if data.get("outline") else None
        sections = {
            sid: SectionText(str(s.get("text", "")), s.get("state", "complete"))
            for sid, s in (data.get("sections") or {}).items()
        }
        brief_id = self._brief_id(draft_id, data)
        versions = self._versions(draft_id, brief_id, data.get("labels") or {})
        try:
            headings = load_kind(brief.kind, brief.language).headings
        except PromptError:  # the kind's template was removed since: keep the default layout
            headings = True
        return Draft(
            id=draft_id,
            title=conversation.title,
            brief=brief,
            brief_message_id=brief_id,
            outline=outline,
            sections=sections,
            versions=versions,
            working_text=data.get("working_text"),
            headings=headings,
            settings=dict(conversation.settings),
        )

    def _versions(self, draft_id: int, brief_id: int, labels: dict[str, str]) -> tuple[DraftVersion, ...]:
        branch = self.store.active_branch(draft_id)
        shown = next((m.id for m in branch if m.parent_id == brief_id), None)
        if shown is None:
            return ()
        return tuple(
            DraftVersion(
                message_id=m.id,
                number=i + 1,
                label=labels.get(str(m.id), ""),
                text=m.content,
                status=m.status,
                created_at=m.created_at,
                active=m.id == shown,
            )
            for i, m in enumerate(self.store.siblings(shown))
        )

    # ---- saving ---------------------------------------------------------------------------------

    def save_brief(self, draft_id: int, brief: DraftBrief) -> None:
        """New brief fields; the brief message's text follows (search finds the draft by it)."""
        data = self._update(draft_id, lambda d: d.update(brief=brief.to_dict()))
        self.store.update_message(self._brief_id(draft_id, data), content=brief.brief)

    def save_outline(self, draft_id: int, outline: Outline) -> None:
        """The outline as edited; texts of sections no longer in it are dropped."""

        def change(data: dict[str, Any]) -> None:
            data["outline"] = outline.to_dict()
            ids = set(outline.ids)
            data["sections"] = {k: v for k, v in (data.get("sections") or {}).items() if k in ids}

        self._update(draft_id, change)

    def save_section(self, draft_id: int, section_id: str, text: str, state: SectionState) -> None:
        def change(data: dict[str, Any]) -> None:
            data.setdefault("sections", {})[section_id] = {"text": text, "state": state}

        self._update(draft_id, change)

    def save_text(self, draft_id: int, text: str | None) -> None:
        """The editor's text, kept without making a version (None forgets it)."""
        self._update(draft_id, lambda d: d.update(working_text=text))

    def save_version(
        self, draft_id: int, text: str, label: str = "", *, status: MessageStatus = "complete"
    ) -> DraftVersion:
        """A new version (it becomes the one shown; the working text is then that version)."""
        with self._lock:
            data = self._data(draft_id)
            brief_id = self._brief_id(draft_id, data)
            message = self.store.append_message(
                draft_id, "assistant", text, parent_id=brief_id, status=status
            )
            data.setdefault("labels", {})[str(message.id)] = label
            data["working_text"] = None
            self._write(draft_id, data)
        return next(
            v for v in self._versions(draft_id, brief_id, data["labels"]) if v.message_id == message.id
        )

    def restore_version(self, draft_id: int, message_id: int) -> Draft:
        """Show an earlier version again (the others are kept); returns the draft as re-opened."""
        data = self._data(draft_id)
        message = self.store.get_message(message_id)
        if message.conversation_id != draft_id or message.parent_id != self._brief_id(draft_id, data):
            raise InputError(_E_NOT_VERSION, id=message_id)
        self.store.switch_branch(message_id)
        self.save_text(draft_id, None)
        return self.load(draft_id)

    # ---- settings -------------------------------------------------------------------------------

    def _data(self, draft_id: int) -> dict[str, Any]:
        return self._data_of(self.store.get_conversation(draft_id))

    @staticmethod
    def _data_of(conversation: Any) -> dict[str, Any]:
        data = conversation.settings.get(SETTINGS_KEY)
        if conversation.kind != "draft" or not isinstance(data, dict):
            raise InputError(_E_NOT_DRAFT, id=conversation.id)
        return data

    def _brief_id(self, draft_id: int, data: dict[str, Any]) -> int:
        """The brief message (the first message, should a crash have kept its id from the settings)."""
        if data.get("brief_message_id"):
            return int(data["brief_message_id"])
        branch = self.store.active_branch(draft_id)
        if not branch:
            raise InputError(_E_NOT_DRAFT, id=draft_id)
        return branch[0].id

    def _update(self, draft_id: int, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        with self._lock:
            data = self._data(draft_id)
            change(data)
            self._write(draft_id, data)
            return data

    def _write(self, draft_id: int, data: dict[str, Any]) -> None:
        settings = dict(self.store.get_conversation(draft_id).settings)
        settings[SETTINGS_KEY] = data
        self.store.update_conversation(draft_id, settings=settings)
