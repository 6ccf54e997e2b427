"""The list model behind the message view: one row per message of the active branch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desk_assistant.storage.records import Message

MessageRole = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class MessageItem:
    """What a row shows; ``version`` changes whenever the rendered look must change."""

    id: int
    role: str
    content: str
    status: str = "complete"
    parent_id: int | None = None
    sibling_index: int = 0
    sibling_count: int = 1
    stats: dict[str, Any] | None = None
    error: str = ""  # a readable error shown under a failed answer (not stored)
    streaming: bool = False
    version: int = 0
    cache: dict[str, Any] = field(default_factory=dict)  # the delegate's rendered document

    @classmethod
    def from_record(cls, msg: Message) -> MessageItem:
        return cls(
            id=msg.id,
            role=msg.role,
            content=msg.content,
            status=msg.status,
            parent_id=msg.parent_id,
            sibling_index=msg.sibling_index,
            sibling_count=msg.sibling_count,
            stats=msg.stats,
        )


class MessageListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[MessageItem] = []

    # --- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == MessageRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return item.content
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled if index.isValid() else Qt.ItemFlag.NoItemFlags

    # --- our API ----------------------------------------------------------------------------
    @property
    def items(self) -> list[MessageItem]:
        return self._items

    def set_messages(self, messages: list[Message]) -> None:
        self.beginResetModel()
        self._items = [MessageItem.from_record(m) for m in messages]
        self.endResetModel()

    def append(self, item: MessageItem) -> int:
        row = len(self._items)
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.append(item)
        self.endInsertRows()
        return row

    def row_of(self, message_id: int) -> int:
        for row in range(len(self._items) - 1, -1, -1):  # the newest rows are the busy ones
            if self._items[row].id == message_id:
                return row
        return -1

    def item_at(self, row: int) -> MessageItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def changed(self, row: int) -> None:
        """Tell the view a row looks different (new text, status, error)."""
        item = self._items[row]
        item.version += 1
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def remove_from(self, row: int) -> None:
        """Drop rows ``row..end`` (a branch below them changed)."""
        if row >= len(self._items):
            return
        self.beginRemoveRows(QModelIndex(), row, len(self._items) - 1)
        del self._items[row:]
        self.endRemoveRows()
