"""App settings: language, theme, the user profile and the default sampling."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core.settings import Settings
from desk_assistant.ui.widgets.sampling_form import SamplingForm


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(480)
        self._original = settings

        self.language = QComboBox()
        self.language.addItem(self.tr("Same as the system"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        self.theme = QComboBox()
        self.theme.addItem(self.tr("Same as the system"), "system")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        _select(self.language, settings.ui_language)
        _select(self.theme, settings.theme)

        self.profile = QPlainTextEdit(settings.user_profile)
        self.profile.setPlaceholderText(
            self.tr("For example: I am a teacher in Shanghai; answer briefly, in simple words.")
        )
        self.profile.setFixedHeight(80)

        general = QFormLayout()
        general.addRow(self.tr("Language"), self.language)
        general.addRow(self.tr("Theme"), self.theme)
        note = QLabel(self.tr("About you (added to every chat, so answers fit you):"))
        note.setWordWrap(True)
        self.sampling_form = SamplingForm(
            self.tr("Default sampling for new conversations"), settings.sampling
        )

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(general)
        layout.addWidget(note)
        layout.addWidget(self.profile)
        layout.addWidget(self.sampling_form)
        layout.addWidget(buttons)

    def result_settings(self) -> Settings:
        """A copy of the settings with this dialog's values (the original is not changed)."""
        out = copy.deepcopy(self._original)
        out.ui_language = self.language.currentData()
        out.theme = self.theme.currentData()
        out.user_profile = self.profile.toPlainText().strip()
        out.sampling = self.sampling_form.value()
        return out


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))
