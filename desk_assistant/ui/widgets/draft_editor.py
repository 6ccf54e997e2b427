"""The Draft pane's text editor: Markdown source the user owns, replaced in place by the model's text.

``text()`` is the text exactly (``toPlainText`` would turn no-break spaces into spaces); ``set_text``
replaces it without counting as the user's edit (``edited`` is emitted for the user's edits only);
``replace_range`` swaps a range for new text as one step of the editor's own undo. Positions are
QTextCursor positions (UTF-16 units: an emoji counts two). The context menu carries a "Rewrite
selection" submenu when one is given.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget

PARAGRAPH_SEPARATOR = "\u2029"


def as_editor_text(text: str) -> str:
    """``text`` as the editor holds it: a QTextDocument has no carriage returns or paragraph separators
    (they become line breaks); everything else (no-break spaces too) stays as it is."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace(PARAGRAPH_SEPARATOR, "\n")


def utf16_length(text: str) -> int:
    """A text's length in QTextCursor positions."""
    return len(text.encode("utf-16-le")) // 2


class DraftEditor(QPlainTextEdit):
    edited = Signal()  # the user changed the text (not ``set_text``)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rewrite_menu: QMenu | None = None
        self._setting = False
        self.textChanged.connect(self._changed)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)

    def text(self) -> str:
        return self.document().toRawText().replace(PARAGRAPH_SEPARATOR, "\n")

    def set_text(self, text: str, cursor: int | None = None) -> None:
        """Show ``text`` (a draft opened, the model's text growing); ``cursor`` is where to look."""
        text = as_editor_text(text)
        self._setting = True
        try:
            if self.text() != text:
                self.setPlainText(text)
            if cursor is not None:
                moved = self.textCursor()
                moved.setPosition(max(0, min(cursor, self.document().characterCount() - 1)))
                self.setTextCursor(moved)
                self.ensureCursorVisible()
        finally:
            self._setting = False

    def _changed(self) -> None:
        if not self._setting:
            self.edited.emit()

    # ---- the selection --------------------------------------------------------------------------
    def selection(self) -> tuple[int, int, str]:
        """(start, end, text) of the selection; the text exactly, lines joined by "\\n"."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return cursor.position(), cursor.position(), ""
        text = cursor.selectedText().replace(PARAGRAPH_SEPARATOR, "\n")
        return cursor.selectionStart(), cursor.selectionEnd(), text

    def select_range(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def text_at(self, start: int, end: int) -> str:
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(start, self.document().characterCount() - 1))
        cursor.setPosition(min(end, self.document().characterCount() - 1), QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace(PARAGRAPH_SEPARATOR, "\n")

    def passage_around(self, start: int, end: int, limit: int) -> str:
        """The paragraphs a range lies in, when the range is only part of them and they are at most
        ``limit`` characters (what a rewrite gets to read around the selection); else ""."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        passage = cursor.selectedText().replace(PARAGRAPH_SEPARATOR, "\n")
        if passage.strip() == self.text_at(start, end).strip() or len(passage) > limit:
            return ""
        return passage

    def replace_range(self, start: int, end: int, expected: str, new: str) -> bool:
        """Replace ``expected`` between ``start`` and ``end`` by ``new`` in one undo step, and select
        the new text; False (nothing changed) when the range no longer holds ``expected``."""
        if self.text_at(start, end) != expected:
            return False
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.insertText(as_editor_text(new))
        cursor.endEditBlock()
        cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        return True

    # ---- context menu -------------------------------------------------------------------------------
    def _context_menu(self, position: QPoint) -> None:
        menu = self.createStandardContextMenu(position)
        if self.rewrite_menu is not None:
            menu.addSeparator()
            menu.addMenu(self.rewrite_menu)
        menu.exec(self.mapToGlobal(position))
        menu.deleteLater()
