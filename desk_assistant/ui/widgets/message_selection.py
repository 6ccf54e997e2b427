"""Selecting text in a message: the painted rows cannot be selected, so a double-click lays a
read-only text browser with the same content exactly over the row's text; it goes away when it
loses focus, on Esc, or when the view scrolls or changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QPalette,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget


class SelectableMessage(QTextBrowser):
    closed = Signal()
    anchorActivated = Signal(str)

    def __init__(self, docs: list[QTextDocument], text_color: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)
        self.setStyleSheet("QTextBrowser { background: transparent; }")
        palette = QPalette(self.palette())
        palette.setColor(QPalette.ColorRole.Text, QColor(text_color))
        self.setPalette(palette)
        doc = self.document()
        doc.setDocumentMargin(0)
        if docs:
            doc.setDefaultFont(docs[0].defaultFont())
            doc.setDefaultStyleSheet(docs[0].defaultStyleSheet())
        cursor = QTextCursor(doc)
        for i, part in enumerate(docs):
            if i:
                cursor.insertBlock()
            cursor.insertFragment(QTextDocumentFragment(part))
        self.anchorClicked.connect(lambda url: self.anchorActivated.emit(url.toString()))

    def loadResource(self, type: int, name: Any) -> Any:
        return None  # never load images or URLs from a message

    def select_word_at(self, pos: Any) -> None:
        self.document().setTextWidth(self.viewport().width())  # lay out now, at the row's width
        cursor = self.cursorForPosition(pos)
        cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        self.setTextCursor(cursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # the context menu keeps it open
            self.closed.emit()
