"""Placeholder pages for panes that arrive later (Summarize, Translate, Draft) and for the chat pane
until it is merged."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desk_assistant.ui.theme import make_title


class PlaceholderPane(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("PlaceholderTitle")
        make_title(heading, 1.4)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(text)
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(2)


class ChatPanePlaceholder(PlaceholderPane):
    """The ChatPane interface of UI_CONTRACT.md, doing nothing, for when the real pane is absent."""

    conversationChanged = Signal(int)
    statsChanged = Signal(object)
    contextUsageChanged = Signal(int, int)
    errorRaised = Signal(str)

    def __init__(self, service: object, store: object, settings: object, parent: QWidget | None = None):
        super().__init__(self.tr("Chat"), self.tr("The chat pane is not available in this build."), parent)
        self._conversation_id: int | None = None

    def open_conversation(self, conversation_id: int | None) -> None:
        self._conversation_id = conversation_id

    def new_chat(self) -> None:
        self._conversation_id = None

    def stop(self) -> None:
        pass

    def focus_input(self) -> None:
        pass

    def current_conversation_id(self) -> int | None:
        return self._conversation_id
