"""First run: say what the starter model is (tiny, short answers), offer the catalog, let people chat."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_assistant.ui.theme import make_title


class WelcomeDialog(QDialog):
    catalogRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to Desk Assistant"))
        self.setMinimumWidth(520)
        title = QLabel(self.tr("Welcome to Desk Assistant"))
        title.setObjectName("WelcomeTitle")
        make_title(title, 1.5)
        body = QLabel(
            self.tr(
                "Everything runs on this computer: your conversations never leave it, and no internet "
                "connection is needed.\n\n"
                "To start at once, Desk Assistant comes with a starter model, SmolLM2 135M Instruct. "
                "It is tiny: it follows simple instructions and gives short answers, mostly in English, "
                "and it often gets facts wrong. It is there to show that everything works.\n\n"
                "For real work, and for Chinese, pick an instruct model from the catalog (1–8 GB). It "
                "downloads once and then works offline."
            )
        )
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.PlainText)
        self.catalog_button = QPushButton(self.tr("Browse the model catalog…"))
        self.start_button = QPushButton(self.tr("Start chatting"))
        self.start_button.setDefault(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.catalog_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.catalog_button.clicked.connect(self._catalog)
        self.start_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addWidget(buttons)

    def _catalog(self) -> None:
        self.accept()
        self.catalogRequested.emit()
