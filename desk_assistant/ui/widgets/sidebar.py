"""The conversation sidebar: New, search as you type (FTS), a filter by kind, pinned + date groups,
a context menu. Chats, summaries, translations and drafts share the list; all but chats carry a mark."""

from __future__ import annotations

import html
import logging
import re
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QFontMetrics, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core.errors import StorageError
from desk_assistant.storage.store import SNIPPET_CLOSE, SNIPPET_OPEN
from desk_assistant.ui.conversation_model import (
    KINDS,
    ConversationIdRole,
    ConversationListModel,
    IsHeaderRole,
    KindRole,
    MessageIdRole,
    PinnedRole,
    SearchResultsModel,
    SnippetRole,
    kind_label,
)
from desk_assistant.ui.error_text import readable_error

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 150


_MARKDOWN_NOISE = re.compile(r"```[\w+-]*|\*\*|__|`|^#+\s", re.MULTILINE)


def snippet_html(snippet: str) -> str:
    """Plain words of the snippet (Markdown marks dropped, escaped) with the store's match in bold."""
    text = " ".join(_MARKDOWN_NOISE.sub("", snippet).split())
    return html.escape(text).replace(SNIPPET_OPEN, "<b>").replace(SNIPPET_CLOSE, "</b>")


class _ItemDelegate(QStyledItemDelegate):
    """Headers in small grey caps; conversations with a pin mark; search hits with a snippet line."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if index.data(IsHeaderRole):
            painter.save()
            font = QFont(option.font)  # a copy: the option's font is the rows' own
            font.setPointSizeF(font.pointSizeF() * 0.85)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
            rect = option.rect.adjusted(8, 6, -8, 0)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, index.data())
            painter.restore()
            return
        snippet = index.data(SnippetRole)
        if snippet is None:
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            opt.rect = opt.rect.adjusted(4, 0, -4, 0)
            mark = kind_label(index.data(KindRole) or "")
            mark_width = self._mark_width(opt, mark)
            if mark_width:  # the title is elided before the mark, not under it
                room = opt.rect.width() - mark_width - 18
                opt.text = opt.fontMetrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, max(room, 20))
            style = opt.widget.style() if opt.widget else None
            if style is not None:
                style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
            if mark_width:
                self._paint_mark(painter, option, mark, mark_width)
            return
        # a search hit: title line + snippet line as rich text
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        opt.text = ""
        if opt.widget is not None:
            opt.widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(index, opt)
        painter.save()
        painter.translate(opt.rect.left() + 6, opt.rect.top() + 2)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        context.clip = QRectF(0, 0, opt.rect.width() - 12, opt.rect.height() - 4)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    @staticmethod
    def _mark_font(option: QStyleOptionViewItem) -> QFont:
        font = QFont(option.font)  # a copy: changing option.font shrank the title of marked rows
        font.setPointSizeF(font.pointSizeF() * 0.8)
        return font

    def _mark_width(self, option: QStyleOptionViewItem, mark: str) -> int:
        if not mark:
            return 0
        return QFontMetrics(self._mark_font(option)).horizontalAdvance(mark) + 10

    def _paint_mark(self, painter: QPainter, option: QStyleOptionViewItem, mark: str, width: int) -> None:
        """A small rounded tag at the right end of the row: "Summary", "Translation", "Draft"."""
        painter.save()
        painter.setFont(self._mark_font(option))
        height = painter.fontMetrics().height() + 2
        rect = QRectF(
            option.rect.right() - width - 6, option.rect.center().y() - height / 2 + 1, width, height
        )
        palette = option.palette
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, mark)
        painter.restore()

    def _document(self, index: QModelIndex, option: QStyleOptionViewItem) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setTextWidth(max(option.rect.width() - 12, 60))
        title = html.escape(str(index.data()))
        doc.setHtml(f"<div><b>{title}</b></div><div>{snippet_html(index.data(SnippetRole))}</div>")
        return doc

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        if index.data(IsHeaderRole):
            return QSize(base.width(), base.height() + 10)
        if index.data(SnippetRole) is not None:  # as tall as the wrapped title + snippet need
            view = self.parent()
            width = view.viewport().width() if isinstance(view, QListView) else 240
            opt = QStyleOptionViewItem(option)
            opt.rect.setWidth(width)
            return QSize(base.width(), int(self._document(index, opt).size().height()) + 8)
        return QSize(base.width(), base.height() + 8)


class Sidebar(QFrame):
    conversationActivated = Signal(int)  # open this conversation
    searchHitActivated = Signal(int, int)  # conversation id, message id
    newChatRequested = Signal()
    conversationDeleted = Signal(int, str)  # id, title: the window offers Undo
    storageFailed = Signal(str)  # a readable sentence for the message bar

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Sidebar")
        self._store = store
        self.list_model = ConversationListModel(store, parent=self)
        self.search_model = SearchResultsModel(self)

        self.new_button = QPushButton(self.tr("New chat"))
        self.new_button.setObjectName("NewChatButton")
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.newChatRequested)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search conversations (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Search conversations"))
        self.search_edit.textChanged.connect(self._on_search_text)
        self.search_edit.returnPressed.connect(self.run_search)

        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("KindFilter")
        self.kind_filter.setToolTip(self.tr("Show one kind of conversation"))
        for kind, text in (
            (None, self.tr("All")),
            ("chat", self.tr("Chats")),
            ("summarize", self.tr("Summaries")),
            ("translate", self.tr("Translations")),
            ("draft", self.tr("Drafts")),
        ):
            self.kind_filter.addItem(text, kind)
        self.kind_filter.currentIndexChanged.connect(self._on_kind_filter)

        self._search_timer = QTimer(self)  # debounce: search once typing pauses
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.run_search)

        self.view = QListView()
        self.view.setAccessibleName(self.tr("Conversations"))
        self.view.setModel(self.list_model)
        self.view.setItemDelegate(_ItemDelegate(self.view))
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.clicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        # long titles are elided (before their kind mark), never scrolled sideways
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap snippets when the sidebar resizes

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.kind_filter)
        layout.addWidget(self.view, 1)
        self.setMinimumWidth(200)

    # ---- list -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_conversation_id()
        self.list_model.refresh()
        if self.list_model.last_error is not None:
            self.storageFailed.emit(readable_error(self.list_model.last_error, log))
        if self.is_searching():
            self.run_search()  # titles or messages may have changed
        elif selected is not None:
            self.select_conversation(selected)

    def selected_conversation_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(ConversationIdRole) if index.isValid() else None

    def select_conversation(self, conversation_id: int | None) -> None:
        if self.is_searching():
            return
        row = self.list_model.row_of(conversation_id) if conversation_id is not None else -1
        if row < 0:
            self.view.clearSelection()
            self.view.setCurrentIndex(QModelIndex())
            return
        self.view.setCurrentIndex(self.list_model.index(row))

    @Slot(QModelIndex)
    def _activate(self, index: QModelIndex) -> None:
        conversation_id = index.data(ConversationIdRole)
        if conversation_id is None:
            return
        if self.view.model() is self.search_model:
            self.searchHitActivated.emit(conversation_id, index.data(MessageIdRole))
        self.conversationActivated.emit(conversation_id)

    def set_new_button_text(self, text: str, tooltip: str) -> None:
        """The New button follows the pane: "New chat", "New summary", …"""
        self.new_button.setText(text)
        self.new_button.setToolTip(tooltip)

    def kind(self) -> str | None:
        """The kind shown (None: all)."""
        return self.kind_filter.currentData()

    def set_kind(self, kind: str | None) -> None:
        if kind is not None and kind not in KINDS:
            return
        self.kind_filter.setCurrentIndex(max(0, self.kind_filter.findData(kind)))

    @Slot(int)
    def _on_kind_filter(self, _index: int) -> None:
        self.list_model.set_kind(self.kind())
        if self.list_model.last_error is not None:
            self.storageFailed.emit(readable_error(self.list_model.last_error, log))
        if self.is_searching():
            self.run_search()

    # ---- search ---------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def is_searching(self) -> bool:
        return bool(self.search_edit.text().strip())

    @Slot(str)
    def _on_search_text(self, text: str) -> None:
        if not text.strip():
            self._search_timer.stop()
            self.view.setModel(self.list_model)
            self.search_model.set_hits([])
            return
        self._search_timer.start()  # restarts on every keystroke

    @Slot()
    def run_search(self) -> None:
        self._search_timer.stop()
        query = self.search_edit.text().strip()
        if not query:
            return
        try:
            hits = self._store.search(query, limit=50, kind=self.kind())
        except StorageError as exc:
            self.storageFailed.emit(readable_error(exc, log))
            hits = []
        except Exception as exc:  # e.g. an FTS syntax the store did not escape: never crash typing
            self.storageFailed.emit(readable_error(exc, log))
            hits = []
        self.search_model.set_hits(hits)
        if self.view.model() is not self.search_model:
            self.view.setModel(self.search_model)

    def clear_search(self) -> None:
        self.search_edit.clear()

    # ---- context menu actions ---------------------------------------------------------------------
    def _context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu_at(pos)
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def context_menu_at(self, pos: QPoint) -> QMenu | None:
        """The menu for the conversation under ``pos`` (viewport coordinates): Rename / Pin / Delete."""
        index = self.view.indexAt(pos)
        conversation_id = index.data(ConversationIdRole)
        if conversation_id is None or self.view.model() is not self.list_model:
            return None
        pinned = bool(index.data(PinnedRole))
        persistent = QPersistentModelIndex(index)
        menu = QMenu(self)
        menu.addAction(self.tr("Rename"), lambda: self.view.edit(QModelIndex(persistent)))
        menu.addAction(
            self.tr("Unpin") if pinned else self.tr("Pin"),
            lambda: self.set_pinned(conversation_id, not pinned),
        )
        menu.addSeparator()
        menu.addAction(self.tr("Delete"), lambda: self.delete_conversation(conversation_id))
        return menu

    def rename_conversation(self, conversation_id: int, title: str) -> bool:
        row = self.list_model.row_of(conversation_id)
        ok = row >= 0 and self.list_model.setData(self.list_model.index(row), title)
        if self.list_model.last_error is not None:
            self.storageFailed.emit(readable_error(self.list_model.last_error, log))
        return ok

    def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        try:
            self._store.set_pinned(conversation_id, pinned)
        except StorageError as exc:
            self.storageFailed.emit(readable_error(exc, log))
        self.refresh()

    def delete_conversation(self, conversation_id: int) -> None:
        row = self.list_model.row_of(conversation_id)
        conv = self.list_model.conversation_at(row)
        try:
            self._store.delete_conversation(conversation_id)
        except StorageError as exc:
            self.storageFailed.emit(readable_error(exc, log))
            return
        self.refresh()
        self.conversationDeleted.emit(conversation_id, conv.title if conv else "")

    def restore_conversation(self, conversation_id: int) -> None:
        try:
            self._store.restore_conversation(conversation_id)
        except StorageError as exc:
            self.storageFailed.emit(readable_error(exc, log))
        self.refresh()

    def hideEvent(self, event) -> None:
        self._search_timer.stop()
        super().hideEvent(event)
