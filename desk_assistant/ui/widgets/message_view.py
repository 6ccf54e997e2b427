"""The conversation view: a virtualized list (QListView + painting delegate) of messages.

Only rows on screen are rendered; the rest get estimated heights that an idle pre-render replaces
in small time slices. The streamed answer re-renders only its own row. The view keeps following
the newest text unless the user scrolled up; scrolling back to the bottom resumes following.
Clicks on anchors: ``copy:N`` copies code block N, ``act:copy`` the message, ``link:N`` asks the
pane to open a link (after confirmation), other ``act:*`` go to the pane as ``actionRequested``.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QKeyEvent, QMouseEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QWidget

from desk_assistant.ui.widgets.message_delegate import MessageDelegate, action_labels, footer_actions
from desk_assistant.ui.widgets.message_model import MessageListModel
from desk_assistant.ui.widgets.message_selection import SelectableMessage

FOLLOW_SLACK_PX = 24  # this close to the bottom counts as "at the bottom"
PRERENDER_SLICE_S = 0.006  # idle pre-render works at most this long per event-loop turn
PRERENDER_RELAYOUT_S = 0.25  # and lets the list lay out again at most this often


class MessageView(QListView):
    actionRequested = Signal(
        str, int
    )  # action ("edit", "regen", "cont", "delete", "prev", "next"), message id
    linkRequested = Signal(str)  # a link from a message the user clicked
    copied = Signal(str)  # "message" or "code": something went to the clipboard

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = MessageListModel(self)
        self.setModel(self._model)
        self._delegate = MessageDelegate(self)
        self.setItemDelegate(self._delegate)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        # lay rows out 500 at a time across event-loop turns: no long stall when a height changes
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(500)
        self.setMouseTracking(True)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setObjectName("MessageView")  # the theme gives it no focus border: the current message has one
        self.follow = True
        self._programmatic = False
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._on_range_changed)
        bar.valueChanged.connect(self._on_value_changed)
        self._prerender = QTimer(self)
        self._prerender.setInterval(0)
        self._prerender.timeout.connect(self._prerender_slice)
        self._prerender_row = -1
        self._selection: SelectableMessage | None = None
        bar.valueChanged.connect(self.close_selection)
        self._model.modelAboutToBeReset.connect(self.close_selection)
        self._model.modelAboutToBeReset.connect(self._delegate.forget_documents)
        self._model.rowsAboutToBeRemoved.connect(self.close_selection)
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(0)
        self._follow_timer.timeout.connect(self.scroll_to_bottom)
        self._update_theme()

    # --- content ----------------------------------------------------------------------------
    def message_model(self) -> MessageListModel:
        return self._model

    def delegate(self) -> MessageDelegate:
        return self._delegate

    def set_messages(self, messages: list) -> None:
        self._model.set_messages(messages)
        self._measure_newest()
        self.follow = True
        self.scroll_to_bottom()
        self._start_prerender()

    def refresh_row(self, row: int) -> None:
        """A row's text or status changed: re-render just it; lay out again only if its height moved."""
        if not 0 <= row < self._model.rowCount():
            return
        self._model.changed(row)
        if self._delegate.ensure_exact(row):
            self._delegate.sizeHintChanged.emit(self._model.index(row))

    def refresh_all(self) -> None:
        if self._model.rowCount():
            self._delegate.sizeHintChanged.emit(self._model.index(0))
        self.viewport().update()
        self._start_prerender()

    # --- scroll following -------------------------------------------------------------------------
    def at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - FOLLOW_SLACK_PX

    def scroll_to_bottom(self) -> None:
        self.follow = True
        self._programmatic = True
        try:
            self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())
        finally:
            self._programmatic = False

    def _on_range_changed(self, _min: int, _max: int) -> None:
        if self.follow:
            self.scroll_to_bottom()

    def _on_value_changed(self, _value: int) -> None:
        if not self._programmatic:
            self.follow = self.at_bottom()

    # --- idle pre-render of rows never painted -----------------------------------------------------
    def _start_prerender(self) -> None:
        self._prerender_row = self._model.rowCount() - 1  # newest first: that is where people look
        self._prerender_changed = False
        self._prerender_flushed = time.perf_counter()
        if self._prerender_row >= 0:
            self._prerender.start()

    def _prerender_slice(self) -> None:
        deadline = time.perf_counter() + PRERENDER_SLICE_S
        while self._prerender_row >= 0 and time.perf_counter() < deadline:
            row = self._prerender_row
            if not self._delegate.is_exact(self._model.items[row], row):
                self._prerender_changed |= self._delegate.ensure_exact(row, keep=False)  # measure, free
            self._prerender_row -= 1
        done = self._prerender_row < 0
        if done:
            self._prerender.stop()
        # corrected heights of rows off screen only move the scroll bar: lay the list out again
        # rarely (each layout visits every row), not after every slice
        now = time.perf_counter()
        if self._prerender_changed and (done or now - self._prerender_flushed > PRERENDER_RELAYOUT_S):
            self._prerender_changed = False
            self._prerender_flushed = now
            self._delegate.schedule_size_change()

    def _measure_newest(self) -> None:
        """Exact heights for the newest rows (about two screens) before the first layout, so a
        conversation opens at its true bottom instead of settling there."""
        room = 2 * max(self.viewport().height(), 400)
        row = self._model.rowCount() - 1
        while row >= 0 and room > 0:
            self._delegate.ensure_exact(row)
            room -= self._model.items[row].cache["height"]
            row -= 1

    def prerender_done(self) -> bool:
        return not self._prerender.isActive()

    # --- theme ----------------------------------------------------------------------------------------
    def _update_theme(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        if dark != self._delegate.dark:
            self._delegate.set_dark(dark)
            self.refresh_all()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._update_theme()
        elif event.type() == QEvent.Type.LanguageChange:
            self._delegate.refresh_labels()
            self.refresh_all()

    def hideEvent(self, event: QEvent) -> None:
        self._prerender.stop()  # no idle work for a view nobody sees
        self._follow_timer.stop()
        super().hideEvent(event)

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)
        self._start_prerender()

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self._delegate.set_viewport_width(self.viewport().width()):
            self._start_prerender()  # exact heights at the new width, a slice at a time
        super().resizeEvent(event)
        if self.follow:
            self._follow_timer.start()  # after the layout caught up with the new size

    # --- clicks -------------------------------------------------------------------------------------
    def _anchor(self, pos: QPoint) -> tuple[QModelIndex, str]:
        index = self.indexAt(pos)
        if not index.isValid():
            return index, ""
        return index, self._delegate.anchor_at(index, self.visualRect(index).topLeft(), pos)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        _, anchor = self._anchor(event.position().toPoint())
        cursor = Qt.CursorShape.PointingHandCursor if anchor else Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(cursor)
        super().mouseMoveEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index, anchor = self._anchor(event.position().toPoint())
        if index.isValid() and not anchor:
            self.open_selection(index.row(), event.position().toPoint())
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # --- selecting text ------------------------------------------------------------------------------
    def open_selection(self, row: int, pos: QPoint | None = None) -> SelectableMessage | None:
        """Lay a selectable copy of row ``row`` over it (double-click); the word at ``pos`` is selected."""
        from desk_assistant.ui.widgets.message_delegate import MARGIN_X, MARGIN_Y, PAD

        self.close_selection()
        item = self._model.item_at(row)
        if item is None or not item.cache.get("docs"):
            return None
        rect = self.visualRect(self._model.index(row))
        selection = SelectableMessage(item.cache["docs"], self._delegate.pal.text, self.viewport())
        selection.setGeometry(
            rect.left() + MARGIN_X + PAD,
            rect.top() + MARGIN_Y + PAD,
            self._delegate.text_width() + 4,
            rect.height() - 2 * (MARGIN_Y + PAD),
        )
        selection.closed.connect(self.close_selection)
        selection.anchorActivated.connect(lambda anchor: self.activate_anchor(row, anchor))
        selection.show()
        selection.setFocus(Qt.FocusReason.MouseFocusReason)
        if pos is not None:
            selection.select_word_at(selection.mapFrom(self.viewport(), pos))
        self._selection = selection
        return selection

    def close_selection(self, *_args: object) -> None:
        selection, self._selection = self._selection, None
        if selection is not None:
            selection.hide()
            selection.deleteLater()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index, anchor = self._anchor(event.position().toPoint())
            if anchor:
                self.activate_anchor(index.row(), anchor)
                event.accept()
                return
        super().mouseReleaseEvent(event)

    def actions_menu(self, row: int) -> QMenu | None:
        """The actions under a message (Copy, Edit, Regenerate, …) as a menu: the keyboard's way to them."""
        item = self._model.item_at(row)
        actions = footer_actions(item, row == self._model.rowCount() - 1) if item is not None else []
        if not actions:  # no message there, or one being written
            return None
        labels = action_labels()
        menu = QMenu(self)
        for action in actions:
            menu.addAction(labels[action], lambda a=action: self.activate_anchor(row, f"act:{a}"))
        return menu

    def _show_actions(self, row: int, where: QPoint) -> None:
        menu = self.actions_menu(row)
        if menu is not None:
            menu.exec(where)
            menu.deleteLater()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right-click on a message: its actions."""
        self._show_actions(self.indexAt(event.pos()).row(), event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The Menu key or Shift+F10: the actions of the current message (Up/Down pick it; else the last)."""
        shift_f10 = event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
        if event.key() != Qt.Key.Key_Menu and not shift_f10:
            super().keyPressEvent(event)
            return
        event.accept()
        current = self.currentIndex()
        row = current.row() if current.isValid() else self._model.rowCount() - 1
        rect = self.visualRect(self._model.index(row)).intersected(self.viewport().rect())
        self._show_actions(row, self.viewport().mapToGlobal(rect.topLeft() + QPoint(24, 12)))

    def activate_anchor(self, row: int, anchor: str) -> None:
        item = self._model.item_at(row)
        if item is None:
            return
        kind, _, arg = anchor.partition(":")
        rendered = self._delegate.rendered(item)
        if anchor == "act:copy":
            QGuiApplication.clipboard().setText(item.content)
            self.copied.emit("message")
        elif kind == "copy" and rendered and arg.isdigit() and int(arg) < len(rendered.code_blocks):
            QGuiApplication.clipboard().setText(rendered.code_blocks[int(arg)])
            self.copied.emit("code")
        elif kind == "link" and rendered and arg.isdigit() and int(arg) < len(rendered.links):
            self.linkRequested.emit(rendered.links[int(arg)])
        elif kind == "act":
            self.actionRequested.emit(arg, item.id)

    def anchor_rect_center(self, row: int, anchor: str) -> QPoint | None:
        """Where ``anchor`` sits in the viewport (tests click there), or None if it is not shown."""
        from desk_assistant.ui.widgets.message_delegate import MARGIN_X, MARGIN_Y, PAD

        item = self._model.item_at(row)
        found = self._delegate.anchor_position(item, anchor) if item is not None else None
        if found is None:
            return None
        top_left = self.visualRect(self._model.index(row)).topLeft()
        return QPoint(
            int(top_left.x() + MARGIN_X + PAD + found.x()), int(top_left.y() + MARGIN_Y + PAD + found.y())
        )
