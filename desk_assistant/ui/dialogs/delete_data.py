"""Tools → Delete all my data…: says what goes, asks for an explicit "I understand", Cancel by default.

The dialog only asks; the app does the work (``DeskApp.delete_all_data``: stop, unload, close the
database, ``core.wipe.delete_all_data``, then close).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class DeleteAllDataDialog(QDialog):
    def __init__(self, folders: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Delete all my data"))
        self.setMinimumWidth(520)
        intro = QLabel(self.tr("This deletes, for good, everything Desk Assistant keeps on this computer:"))
        intro.setWordWrap(True)
        items = [
            self.tr("every conversation, summary, translation and draft, with their search index"),
            self.tr("your settings, your profile and the prompt library"),
            self.tr(
                "the models in Desk Assistant's models folder (downloaded models and imported copies; "
                "model files you imported from elsewhere stay where they are)"
            ),
            self.tr("the saved API keys of remote servers"),
            self.tr("log files and crash reports"),
        ]
        self.what_label = QLabel("\n".join(f"•  {item}" for item in items))
        self.what_label.setWordWrap(True)
        self.what_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folders_label = QLabel(
            self.tr("Folders deleted:") + "\n" + "\n".join(str(folder) for folder in folders)
            if folders
            else self.tr("Desk Assistant has no folders on this computer yet.")
        )
        self.folders_label.setWordWrap(True)
        self.folders_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folders_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        after = QLabel(
            self.tr("Generation stops and the model is unloaded first. Desk Assistant closes afterwards.")
        )
        after.setWordWrap(True)
        self.understand = QCheckBox(self.tr("I understand that this cannot be undone"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.delete_button = QPushButton(self.tr("Delete everything"))
        self.delete_button.setEnabled(False)
        self.delete_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)  # Enter never deletes
        buttons = QDialogButtonBox()
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.understand.toggled.connect(self.delete_button.setEnabled)
        self.delete_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        for widget in (intro, self.what_label, self.folders_label, after, self.understand, buttons):
            layout.addWidget(widget)
        self.cancel_button.setFocus()

    def _confirm(self) -> None:
        if self.understand.isChecked():
            self.accept()
