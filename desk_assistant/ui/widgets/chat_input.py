"""The message box: Enter sends, Shift+Enter adds a line, Esc stops; huge pastes are refused.

A paste is checked before Qt inserts it: text over ``MAX_INPUT_CHARS`` is not inserted at all (a
5 MB paste would freeze the layout and never fit a small model's context anyway) and
``notice`` explains what to do instead. Plain text only: pasted rich text is not kept.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QSizePolicy, QWidget

from desk_assistant.ui.locale_format import number

MAX_INPUT_CHARS = 200_000


class MessageEdit(QPlainTextEdit):
    submitted = Signal()
    stopRequested = Signal()
    notice = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.document().contentsChanged.connect(self.updateGeometry)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if mods & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier):
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.stopRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if not source.hasText():
            return
        text = source.text()
        room = MAX_INPUT_CHARS - len(self.toPlainText()) + len(self.textCursor().selectedText())
        if len(text) > room:
            self.notice.emit(
                self.tr(
                    "That text is too long to paste here ({count} characters; the limit is {limit}). "
                    "Use the Summarize pane for long documents."
                ).format(count=number(len(text)), limit=number(MAX_INPUT_CHARS))
            )
            return
        self.insertPlainText(text)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText()

    def sizeHint(self) -> QSize:
        # grow with the text from 2 to 8 lines, then scroll
        lines = min(8, max(2, self.document().blockCount()))
        height = int(lines * self.fontMetrics().lineSpacing() + 2 * self.frameWidth() + 12)
        return QSize(super().sizeHint().width(), height)


class ChatInput(QWidget):
    """The edit box with a Send / Stop button beside it."""

    submitted = Signal(str)
    stopRequested = Signal()
    notice = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = MessageEdit(self)
        self.edit.setAccessibleName(self.tr("Message"))
        self.send_button = QPushButton(self)
        self.stop_button = QPushButton(self)
        self.stop_button.hide()
        self._retranslate()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.edit.submitted.connect(self.submit)
        self.edit.stopRequested.connect(self.stopRequested)
        self.edit.notice.connect(self.notice)
        self.send_button.clicked.connect(self.submit)
        self.stop_button.clicked.connect(self.stopRequested)
        self._generating = False

    def _retranslate(self) -> None:
        self.edit.setPlaceholderText(self.tr("Message the assistant (Enter sends, Shift+Enter new line)"))
        self.send_button.setText(self.tr("Send"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the answer (Esc)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def submit(self) -> None:
        """Emit the text unless it is blank or an answer is still being written."""
        text = self.edit.toPlainText()
        if not text.strip():
            return
        if self._generating:
            self.notice.emit(self.tr("Wait for the answer to finish, or press Stop (Esc)."))
            return
        self.submitted.emit(text)

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text[:MAX_INPUT_CHARS])
        cursor = self.edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.edit.setTextCursor(cursor)

    def clear(self) -> None:
        self.edit.clear()

    def set_generating(self, generating: bool) -> None:
        self._generating = generating
        self.send_button.setVisible(not generating)
        self.stop_button.setVisible(generating)

    def is_generating(self) -> bool:
        return self._generating

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
