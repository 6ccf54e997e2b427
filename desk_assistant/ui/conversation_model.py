"""Qt item models over the conversation store: the grouped list and the search results."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from desk_assistant.core.errors import StorageError
from desk_assistant.storage.records import Conversation, SearchHit
from desk_assistant.ui.locale_format import date_time_text

log = logging.getLogger(__name__)

ConversationIdRole = Qt.ItemDataRole.UserRole + 1
IsHeaderRole = Qt.ItemDataRole.UserRole + 2
PinnedRole = Qt.ItemDataRole.UserRole + 3
SnippetRole = Qt.ItemDataRole.UserRole + 4
MessageIdRole = Qt.ItemDataRole.UserRole + 5
KindRole = Qt.ItemDataRole.UserRole + 6

KINDS = ("chat", "summarize", "translate", "draft")


def kind_label(kind: str) -> str:
    """The short mark a conversation of this kind carries in the sidebar ("" for chats)."""
    labels = {
        "summarize": QCoreApplication.translate("Sidebar", "Summary"),
        "translate": QCoreApplication.translate("Sidebar", "Translation"),
        "draft": QCoreApplication.translate("Sidebar", "Draft"),
    }
    return labels.get(kind, "")


_Index = QModelIndex | QPersistentModelIndex


def local_day(moment: datetime) -> date:
    """The store keeps UTC; group by the user's local calendar day."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date()


def group_of(conversation: Conversation, today: date) -> str:
    """The group key: pinned / today / yesterday / week / older."""
    if conversation.pinned:
        return "pinned"
    age = (today - local_day(conversation.updated_at)).days
    if age <= 0:
        return "today"
    if age == 1:
        return "yesterday"
    if age < 7:
        return "week"
    return "older"


def group_title(key: str) -> str:
    titles = {
        "pinned": QCoreApplication.translate("Sidebar", "Pinned"),
        "today": QCoreApplication.translate("Sidebar", "Today"),
        "yesterday": QCoreApplication.translate("Sidebar", "Yesterday"),
        "week": QCoreApplication.translate("Sidebar", "Last 7 days"),
        "older": QCoreApplication.translate("Sidebar", "Older"),
    }
    return titles[key]


def display_title(title: str) -> str:
    return title.strip() or QCoreApplication.translate("Sidebar", "New conversation")


@dataclass(frozen=True)
class _Row:
    header: str | None  # group key for a header row, None for a conversation
    conversation: Conversation | None = None


class ConversationListModel(QAbstractListModel):
    """A flat list: a header row before each non-empty group, then its conversations.

    Every kind by default (chats, summaries, translations, drafts: each marked by ``KindRole``);
    ``set_kind`` shows one kind only.
    """

    def __init__(self, store: Any, kind: str | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._kind = kind
        self._rows: list[_Row] = []
        self.last_error: StorageError | None = None

    @property
    def kind(self) -> str | None:
        return self._kind

    def set_kind(self, kind: str | None) -> None:
        self._kind = kind
        self.refresh()

    def refresh(self, today: date | None = None) -> None:
        today = today or datetime.now().astimezone().date()
        try:
            conversations = self._store.list_conversations(kind=self._kind, limit=500)
            self.last_error = None
        except StorageError as exc:  # shown by the sidebar; keep the old list
            self.last_error = exc
            return
        rows: list[_Row] = []
        current_group = None
        for conv in conversations:  # the store orders: pinned first, then most recent first
            key = group_of(conv, today)
            if key != current_group:
                rows.append(_Row(header=key))
                current_group = key
            rows.append(_Row(header=None, conversation=conv))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def conversation_at(self, row: int) -> Conversation | None:
        return self._rows[row].conversation if 0 <= row < len(self._rows) else None

    def row_of(self, conversation_id: int) -> int:
        for row, item in enumerate(self._rows):
            if item.conversation is not None and item.conversation.id == conversation_id:
                return row
        return -1

    def headers(self) -> list[str]:
        return [r.header for r in self._rows if r.header is not None]

    def titles_in(self, key: str) -> list[str]:
        """Titles in one group, in order (tests and accessibility)."""
        out, inside = [], False
        for row in self._rows:
            if row.header is not None:
                inside = row.header == key
            elif inside and row.conversation is not None:
                out.append(row.conversation.title)
        return out

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == IsHeaderRole:
            return item.header is not None
        if item.header is not None:
            return group_title(item.header) if role == Qt.ItemDataRole.DisplayRole else None
        conv = item.conversation
        assert conv is not None
        if role == Qt.ItemDataRole.DisplayRole:
            return display_title(conv.title)
        if role == Qt.ItemDataRole.EditRole:
            return conv.title
        if role == Qt.ItemDataRole.ToolTipRole:
            changed = QCoreApplication.translate("Sidebar", "Last changed {when}").format(
                when=date_time_text(conv.updated_at)
            )
            return f"{display_title(conv.title)}\n{changed}"
        if role == ConversationIdRole:
            return conv.id
        if role == PinnedRole:
            return conv.pinned
        if role == KindRole:
            return conv.kind
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].header is not None:
            return Qt.ItemFlag.ItemIsEnabled  # headers: visible, not selectable
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Inline rename writes through to the store."""
        conv = self.conversation_at(index.row()) if index.isValid() else None
        if conv is None or role != Qt.ItemDataRole.EditRole:
            return False
        title = str(value).strip()
        if not title or title == conv.title:
            return False
        try:
            self._store.rename_conversation(conv.id, title)
        except StorageError as exc:
            self.last_error = exc
            return False
        self.refresh()
        return True


class SearchResultsModel(QAbstractListModel):
    """Hits of ``store.search``: conversation title + snippet with the match marked."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[SearchHit]:
        return list(self._hits)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display_title(hit.conversation_title)
        if role == SnippetRole:
            return hit.snippet
        if role == ConversationIdRole:
            return hit.conversation_id
        if role == MessageIdRole:
            return hit.message_id
        if role == IsHeaderRole:
            return False
        return None
