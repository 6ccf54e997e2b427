"""The outline of a draft as the user edits it: sections to reorder (buttons or drag), add, delete,
rename in place, with notes; every edit undoable; each section's state marked.

The editor holds an ``Outline`` value (tasks.outline: immutable, every edit returns a new one), so undo
is a stack of outlines. Each edit emits ``outlineEdited`` with the new outline (the pane saves it); a
refused edit (an empty title, a 31st section) emits ``failed`` with one sentence and changes nothing.
While the model writes an outline, its text streams into a read-only view in place of the list.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDropEvent, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.tasks.outline import Outline
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.theme import current_theme, lines_height

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole
STATE_ROLE = Qt.ItemDataRole.UserRole + 1
NOTES_DELAY_MS = 800  # notes typed are one edit once typing pauses
MAX_UNDO = 200
PAGE_LIST, PAGE_STREAM = 0, 1
# A section's state: written in full, cut short by the model (out of room or an error), stopped by the
# user, being written now, or not written yet ("").
STATES = ("complete", "incomplete", "stopped", "writing", "")
STATE_COLORS = {
    "light": {
        "complete": "#1b7f3b",
        "incomplete": "#b45309",
        "stopped": "#b3261e",
        "writing": "#1d5fbf",
        "": "#8a8a8a",
    },
    "dark": {
        "complete": "#6fcf8a",
        "incomplete": "#f0b04a",
        "stopped": "#f28b82",
        "writing": "#8ab4f8",
        "": "#9a9a9a",
    },
}


class StateDelegate(QStyledItemDelegate):
    """Paints a section's title and, at the right, a short coloured mark of its state."""

    def __init__(self, marks: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks = marks
        self.colors = STATE_COLORS["dark" if current_theme() == "dark" else "light"]

    def _mark_width(self, option: QStyleOptionViewItem, state: str) -> int:
        return option.fontMetrics.horizontalAdvance(self.marks.get(state, "")) + 12

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        state = str(index.data(STATE_ROLE) or "")
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self._mark_width(opt, state)
        full = QRect(opt.rect)
        opt.rect = full.adjusted(0, 0, -width, 0)
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:  # the row's background under the mark too
            background = QStyleOptionViewItem(opt)
            background.rect = full
            background.text = ""
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, background, painter, opt.widget)
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        color = opt.palette.highlightedText().color() if selected else QColor(self.colors.get(state, "#888"))
        painter.setPen(color)
        mark_rect = QRect(full.right() - width + 4, full.top(), width - 8, full.height())
        painter.drawText(
            mark_rect,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            self.marks.get(state, ""),
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        """As tall as the text; as wide as the list (no sideways scrolling: a long title is elided, its
        mark stays in sight)."""
        size = super().sizeHint(option, index)
        return QSize(self._mark_width(option, str(index.data(STATE_ROLE) or "")), size.height() + 4)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().updateEditorGeometry(editor, option, index)
        width = self._mark_width(option, str(index.data(STATE_ROLE) or ""))
        editor.setGeometry(editor.geometry().adjusted(0, 0, -width, 0))


class SectionList(QListWidget):
    """The sections, reordered by drag and drop; ``orderChanged`` after a drop."""

    orderChanged = Signal()

    def dropEvent(self, event: QDropEvent) -> None:
        super().dropEvent(event)
        self.orderChanged.emit()


class OutlineEditor(QWidget):
    outlineEdited = Signal(object)  # the new Outline, after an edit or an undo
    regenerateRequested = Signal(str)  # a section id
    failed = Signal(str)  # one sentence: an edit was refused
    selectionChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._outline = Outline()
        self._undo: list[Outline] = []
        self._redo: list[Outline] = []
        self._states: dict[str, str] = {}
        self._editable = True
        self._filling = False
        self._notes_for: str | None = None  # the section the notes box shows

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("Title (optional)"))
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.title_edit.editingFinished.connect(self._title_edited)

        self.marks = {
            "complete": self.tr("written"),
            "incomplete": self.tr("cut short"),
            "stopped": self.tr("stopped"),
            "writing": self.tr("writing…"),
            "": self.tr("not written"),
        }
        self.tips = {
            "complete": self.tr("This section is written."),
            "incomplete": self.tr(
                "The model stopped before finishing this section (it ran out of room or failed); "
                "regenerate it or finish it in the text."
            ),
            "stopped": self.tr("Writing was stopped in this section; its text so far is kept."),
            "writing": self.tr("The model is writing this section."),
            "": self.tr("Not written yet."),
        }
        self.list = SectionList()
        self.list.setItemDelegate(StateDelegate(self.marks, self.list))
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.list.itemChanged.connect(self._item_changed)
        # a drop or a model-level move: read the new order once the view is done with it
        self.list.orderChanged.connect(self._schedule_sync)
        self.list.model().rowsMoved.connect(self._schedule_sync)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.setToolTip(self.tr("Double-click a section to rename it; drag to reorder."))
        self.list.setAccessibleName(self.tr("Sections"))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        # at least four sections in sight, at any font size (the brief above scrolls instead)
        self.list.setMinimumHeight(4 * (self.list.fontMetrics().lineSpacing() + 8))
        self.stream_view = QPlainTextEdit()
        self.stream_view.setReadOnly(True)
        self.stream_view.setPlaceholderText(self.tr("The model is writing the outline…"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.list)
        self.pages.addWidget(self.stream_view)

        self.add_button = self._tool("+", self.tr("Add a section after the selected one"), self.add_section)
        self.delete_button = self._tool("−", self.tr("Delete the selected section"), self.delete_section)
        self.up_button = self._tool(
            "↑", self.tr("Move the selected section up"), lambda: self.move_selected(-1)
        )
        self.down_button = self._tool(
            "↓", self.tr("Move the selected section down"), lambda: self.move_selected(1)
        )
        # the glyphs say nothing to a screen reader
        for button, name in (
            (self.add_button, self.tr("Add section")),
            (self.delete_button, self.tr("Delete section")),
            (self.up_button, self.tr("Move section up")),
            (self.down_button, self.tr("Move section down")),
        ):
            button.setAccessibleName(name)
        self.undo_button = self._tool(
            self.tr("Undo"), self.tr("Undo the last outline edit (Ctrl+Z)"), self.undo
        )
        self.regenerate_button = self._tool(
            self.tr("Regenerate"),
            self.tr("Write the selected section again; the other sections stay as they are"),
            self._request_regenerate,
        )
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.setSpacing(4)
        for button in (self.add_button, self.delete_button, self.up_button, self.down_button):
            tools.addWidget(button)
        tools.addWidget(self.undo_button)
        tools.addStretch(1)
        tools.addWidget(self.regenerate_button)

        self.notes_label = QLabel(self.tr("Notes for the selected section"))
        self.notes_edit = QPlainTextEdit()
        self.notes_label.setBuddy(self.notes_edit)
        self.notes_edit.setPlaceholderText(self.tr("What this section should cover (optional)"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(lines_height(self.notes_edit, 2))
        self.notes_edit.setMaximumHeight(lines_height(self.notes_edit, 3.5))
        self.notes_edit.textChanged.connect(self._notes_typed)
        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(NOTES_DELAY_MS)
        self._notes_timer.timeout.connect(self.commit_notes)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title_edit)
        layout.addWidget(self.pages, 1)
        layout.addLayout(tools)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.notes_edit)

        for keys, slot in (
            (QKeySequence.StandardKey.Undo, self.undo),
            (QKeySequence.StandardKey.Redo, self.redo),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)  # text boxes keep their own Ctrl+Z (they take the key first)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_section)
        self._update_buttons()

    def _tool(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(False)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ---- the value -----------------------------------------------------------------------------------
    def outline(self) -> Outline:
        return self._outline

    def set_outline(self, outline: Outline | None, *, keep_history: bool = False) -> None:
        """Show ``outline`` (a draft opened, a new one): history starts over unless ``keep_history``."""
        self._notes_timer.stop()
        if keep_history:
            self._push(self._outline)
        else:
            self._undo.clear()
            self._redo.clear()
        self._outline = outline or Outline()
        self._fill()

    def replace_outline(self, outline: Outline) -> None:
        """A new outline from the model: an edit like any other (undo brings the old one back)."""
        self.commit_notes()
        self._apply(outline)

    def history(self) -> list[Outline]:
        """Every outline on the undo and redo stacks (their section ids are taken)."""
        return [*self._undo, *self._redo]

    def set_states(self, states: dict[str, str]) -> None:
        self._states = dict(states)
        for row in range(self.list.count()):
            self._paint_state(self.list.item(row))

    def set_state(self, section_id: str, state: str) -> None:
        self._states[section_id] = state
        item = self._item(section_id)
        if item is not None:
            self._paint_state(item)
            if state == "writing":
                self.list.scrollToItem(item)

    def state(self, section_id: str) -> str:
        return self._states.get(section_id, "")

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None

    def select(self, section_id: str | None) -> None:
        item = self._item(section_id) if section_id else None
        self.list.setCurrentItem(item)

    def set_editable(self, editable: bool) -> None:
        """Off while the model writes: the outline it works from must not change under it."""
        if not editable:
            self.commit_notes()
        self._editable = editable
        self.list.setDragEnabled(editable)
        self.title_edit.setReadOnly(not editable)
        self.notes_edit.setReadOnly(not editable)
        self._update_buttons()

    def can_undo(self) -> bool:
        return bool(self._undo)

    # ---- streaming an outline ----------------------------------------------------------------------
    def begin_stream(self) -> None:
        self.stream_view.clear()
        self.pages.setCurrentIndex(PAGE_STREAM)

    def append_stream(self, text: str) -> None:
        cursor = self.stream_view.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        cursor.insertText(text)
        self.stream_view.setTextCursor(cursor)

    def end_stream(self) -> None:
        self.pages.setCurrentIndex(PAGE_LIST)

    def streaming(self) -> bool:
        return self.pages.currentIndex() == PAGE_STREAM

    # ---- edits -------------------------------------------------------------------------------------
    def add_section(self, title: str | None = None) -> str | None:
        """A new section after the selected one (at the end when none); its title is edited in place
        when none is given. Returns the new id."""
        if not self._editable:
            return None
        self.commit_notes()
        after = self.selected_id()
        name = title if title is not None else self.tr("New section")
        try:
            outline = self._outline.add(name, after=after)
        except Exception as exc:
            self.failed.emit(readable_error(exc, log))
            return None
        new_id = next(s.id for s in outline.sections if s.id not in self._outline.ids)
        self._apply(outline)
        self.select(new_id)
        if title is None:
            item = self._item(new_id)
            if item is not None and self.isVisible():
                self.list.editItem(item)
        return new_id

    def delete_section(self, section_id: str | None = None) -> None:
        section_id = section_id or self.selected_id()
        if not self._editable or not section_id:
            return
        self.commit_notes()
        row = self._outline.index(section_id)
        self._apply(self._outline.delete(section_id))
        if len(self._outline):
            self.select(self._outline.sections[min(row, len(self._outline) - 1)].id)

    def move_selected(self, step: int) -> None:
        section_id = self.selected_id()
        if not self._editable or not section_id:
            return
        self.commit_notes()
        row = self._outline.index(section_id)
        if not 0 <= row + step < len(self._outline):
            return
        self._apply(self._outline.move(section_id, row + step))
        self.select(section_id)

    def rename(self, section_id: str, title: str) -> bool:
        if not self._editable:
            return False
        try:
            outline = self._outline.rename(section_id, title)
        except Exception as exc:
            self.failed.emit(readable_error(exc, log))
            QTimer.singleShot(0, self._fill)  # the old title back in the list (after its editor closed)
            return False
        if outline != self._outline:
            self._apply(outline)
        return True

    def set_notes(self, section_id: str, notes: str) -> None:
        if self._editable and self._outline.section(section_id).notes != notes.strip():
            self._apply(self._outline.set_notes(section_id, notes))

    def undo(self) -> None:
        if not self._editable or not self.list.isEnabled():
            return
        self.commit_notes()
        if not self._undo:
            return
        self._redo.append(self._outline)
        self._outline = self._undo.pop()
        self._after_change()

    def redo(self) -> None:
        if not self._editable:
            return
        self.commit_notes()
        if not self._redo:
            return
        self._undo.append(self._outline)
        self._outline = self._redo.pop()
        self._after_change()

    def commit_notes(self) -> None:
        """The notes typed so far become one edit (on a pause, a selection change, before any edit)."""
        self._notes_timer.stop()
        section_id = self._notes_for
        if section_id is None or section_id not in self._outline.ids:
            return
        self.set_notes(section_id, self.notes_edit.toPlainText())

    def stop_timers(self) -> None:
        self.commit_notes()

    # ---- internals ---------------------------------------------------------------------------------
    def _push(self, outline: Outline) -> None:
        self._undo.append(outline)
        del self._undo[:-MAX_UNDO]
        self._redo.clear()

    def _apply(self, outline: Outline) -> None:
        self._push(self._outline)
        self._outline = outline
        self._after_change()

    def _after_change(self) -> None:
        self._fill()
        self.outlineEdited.emit(self._outline)

    def _fill(self) -> None:
        """The list from the outline, the selection kept; the notes box then shows the selected
        section's notes (nothing typed is pending: every edit commits the notes first)."""
        selected = self.selected_id()
        self._notes_timer.stop()
        self._notes_for = None
        self._filling = True
        try:
            self.list.clear()
            for section in self._outline.sections:
                item = QListWidgetItem(section.title)
                item.setData(ID_ROLE, section.id)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsEditable
                    | Qt.ItemFlag.ItemIsDragEnabled
                )
                self.list.addItem(item)
                self._paint_state(item)
            if selected in self._outline.ids:
                self.list.setCurrentItem(self._item(selected))
            if self.title_edit.text() != self._outline.title:
                self.title_edit.setText(self._outline.title)
        finally:
            self._filling = False
        self._show_notes()
        self._update_buttons()

    def _paint_state(self, item: QListWidgetItem) -> None:
        state = self._states.get(str(item.data(ID_ROLE)), "")
        was = self._filling
        self._filling = True
        try:
            item.setData(STATE_ROLE, state)
            item.setToolTip(self.tips.get(state, ""))
        finally:
            self._filling = was

    def _item(self, section_id: str | None) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ID_ROLE) == section_id:
                return item
        return None

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        section_id, text = str(item.data(ID_ROLE)), item.text()
        # not from inside the item's own signal: the list is rebuilt after an edit
        QTimer.singleShot(0, lambda: self._renamed_in_place(section_id, text))

    def _renamed_in_place(self, section_id: str, text: str) -> None:
        if section_id in self._outline.ids and text != self._outline.section(section_id).title:
            self.rename(section_id, text)

    def _schedule_sync(self, *_args: object) -> None:
        if not self._filling:
            QTimer.singleShot(0, self._sync_order)

    def _sync_order(self) -> None:
        """After a drop: the outline in the list's order (one edit, however many rows moved)."""
        if self._filling:
            return
        order = [str(self.list.item(row).data(ID_ROLE)) for row in range(self.list.count())]
        if order == self._outline.ids or sorted(order) != sorted(self._outline.ids):
            return
        if not self._editable:
            self._fill()
            return
        outline = self._outline
        for index, section_id in enumerate(order):
            outline = outline.move(section_id, index)
        selected = self.selected_id()
        self._apply(outline)
        self.select(selected)

    def _current_changed(self, *_args: object) -> None:
        if self._filling:
            return
        self.commit_notes()
        self._show_notes()
        self._update_buttons()
        self.selectionChanged.emit()

    def _show_notes(self) -> None:
        section_id = self.selected_id()
        self._notes_for = None
        notes = self._outline.section(section_id).notes if section_id in self._outline.ids else ""
        self.notes_edit.blockSignals(True)
        self.notes_edit.setPlainText(notes)
        self.notes_edit.blockSignals(False)
        self.notes_edit.setEnabled(section_id is not None)
        self._notes_for = section_id

    def _notes_typed(self) -> None:
        if self._notes_for is not None and self._editable:
            self._notes_timer.start()

    def _title_edited(self) -> None:
        if self._editable and self.title_edit.text().strip() != self._outline.title:
            self._apply(self._outline.retitle(self.title_edit.text()))

    def _request_regenerate(self) -> None:
        section_id = self.selected_id()
        if section_id:
            self.regenerateRequested.emit(section_id)

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        row = (
            self._outline.index(self.selected_id()) if has and self.selected_id() in self._outline.ids else -1
        )
        editable = self._editable
        self.add_button.setEnabled(editable)
        self.delete_button.setEnabled(editable and has)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < len(self._outline) - 1)
        self.undo_button.setEnabled(editable and bool(self._undo))
        self.notes_edit.setEnabled(has)
