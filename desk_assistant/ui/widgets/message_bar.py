"""A slim banner at the top of the window for readable errors, warnings and undo offers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget


class MessageBar(QFrame):
    """One message at a time; a new message replaces the old one (its action is dropped, not run)."""

    actionTriggered = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBar")
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._action_button = QPushButton()
        self._action_button.clicked.connect(self._run_action)
        self._close_button = QToolButton()
        self._close_button.setText("✕")
        self._close_button.setAutoRaise(True)
        self._close_button.setToolTip(self.tr("Dismiss"))
        self._close_button.setAccessibleName(self.tr("Dismiss"))
        self._close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._action_button)
        layout.addWidget(self._close_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self._action: Callable[[], None] | None = None
        self.hide()

    def show_message(
        self,
        text: str,
        level: str = "error",
        *,
        action_text: str | None = None,
        action: Callable[[], None] | None = None,
        timeout_ms: int | None = None,
    ) -> None:
        self._label.setText(text)
        self.setProperty("level", level)
        self.style().unpolish(self)  # re-read the [level=...] rule
        self.style().polish(self)
        self._action = action
        self._action_button.setVisible(bool(action_text and action))
        self._action_button.setText(action_text or "")
        self._timer.stop()
        if timeout_ms:
            self._timer.start(timeout_ms)
        self.show()

    def text(self) -> str:
        return self._label.text() if self.isVisible() else ""

    def level(self) -> str:
        return str(self.property("level") or "")

    def action_button(self) -> QPushButton:
        return self._action_button

    def dismiss(self) -> None:
        self._timer.stop()
        self._action = None
        if self.isVisible():
            self.hide()
            self.dismissed.emit()

    def _run_action(self) -> None:
        action = self._action
        self.dismiss()
        if action is not None:
            action()
            self.actionTriggered.emit()

    def hideEvent(self, event) -> None:
        self._timer.stop()  # no timer outlives the banner
        super().hideEvent(event)
