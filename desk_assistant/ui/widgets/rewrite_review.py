"""The panel under the Draft editor where a rewrite of the selection streams in and is then shown as a
diff to accept or reject. The pane does the replacing; this panel only shows and asks."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_assistant.tasks.rewrite import DiffOp
from desk_assistant.ui.widgets.diff_view import DiffView


class RewriteReview(QFrame):
    accepted = Signal()
    rejected = Signal()  # Reject, or Stop while the rewrite streams

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RewriteReview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setObjectName("RewriteTitle")
        self.title.setWordWrap(True)
        self.view = DiffView(self)
        self.view.setMinimumHeight(90)
        self.accept_button = QPushButton(self.tr("Accept"))
        self.accept_button.setToolTip(
            self.tr("Replace the selection with the rewrite (Ctrl+Z in the text undoes it)")
        )
        self.accept_button.clicked.connect(self.accepted)
        self.reject_button = QPushButton(self.tr("Reject"))
        self.reject_button.clicked.connect(self.rejected)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        self.hide()

    def start(self, how: str) -> None:
        """A rewrite begins: its text streams in; Reject reads Stop until it ends."""
        self.title.setText(self.tr("{how}: the model is rewriting the selection…").format(how=how))
        self.view.begin_stream()
        self.accept_button.setEnabled(False)
        self.reject_button.setText(self.tr("Stop"))
        self.show()

    def append(self, text: str) -> None:
        self.view.append_stream(text)

    def show_diff(self, how: str, ops: Sequence[DiffOp]) -> None:
        changed = any(op.kind != "equal" for op in ops)
        self.title.setText(
            self.tr(
                "{how}: accept the change or reject it (deleted words struck through, new ones green)."
            ).format(how=how)
            if changed
            else self.tr("{how}: the model changed nothing.").format(how=how)
        )
        self.view.show_diff(ops)
        self.accept_button.setEnabled(changed)
        self.reject_button.setText(self.tr("Reject"))
        self.show()

    def close_review(self) -> None:
        self.view.begin_stream()
        self.hide()

    def is_open(self) -> bool:
        return not self.isHidden()
