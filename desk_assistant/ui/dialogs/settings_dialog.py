"""App settings: language, theme, the user profile and the default sampling."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core.settings import SamplingSettings, Settings


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

        s = settings.sampling
        self.temperature = _double(0.0, 2.0, 0.05, s.temperature)
        self.top_p = _double(0.0, 1.0, 0.01, s.top_p)
        self.top_k = _int(0, 500, s.top_k)
        self.min_p = _double(0.0, 1.0, 0.01, s.min_p)
        self.repeat_penalty = _double(0.8, 2.0, 0.01, s.repeat_penalty)
        self.max_tokens = _int(16, 32768, s.max_tokens)
        self.seed = QLineEdit("" if s.seed is None else str(s.seed))
        self.seed.setPlaceholderText(self.tr("random each time"))

        general = QFormLayout()
        general.addRow(self.tr("Language"), self.language)
        general.addRow(self.tr("Theme"), self.theme)
        note = QLabel(self.tr("About you (added to every chat, so answers fit you):"))
        note.setWordWrap(True)
        sampling_box = QGroupBox(self.tr("Default sampling for new conversations"))
        form = QFormLayout(sampling_box)
        form.addRow(self.tr("Temperature"), self.temperature)
        form.addRow(self.tr("Top-p"), self.top_p)
        form.addRow(self.tr("Top-k"), self.top_k)
        form.addRow(self.tr("Min-p"), self.min_p)
        form.addRow(self.tr("Repeat penalty"), self.repeat_penalty)
        form.addRow(self.tr("Longest answer (tokens)"), self.max_tokens)
        form.addRow(self.tr("Seed"), self.seed)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(general)
        layout.addWidget(note)
        layout.addWidget(self.profile)
        layout.addWidget(sampling_box)
        layout.addWidget(buttons)

    def result_settings(self) -> Settings:
        """A copy of the settings with this dialog's values (the original is not changed)."""
        out = copy.deepcopy(self._original)
        out.ui_language = self.language.currentData()
        out.theme = self.theme.currentData()
        out.user_profile = self.profile.toPlainText().strip()
        seed_text = self.seed.text().strip()
        out.sampling = SamplingSettings(
            temperature=round(self.temperature.value(), 3),
            top_p=round(self.top_p.value(), 3),
            top_k=self.top_k.value(),
            min_p=round(self.min_p.value(), 3),
            repeat_penalty=round(self.repeat_penalty.value(), 3),
            max_tokens=self.max_tokens.value(),
            seed=int(seed_text) if seed_text.lstrip("-").isdigit() else None,
        )
        return out


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def _double(low: float, high: float, step: float, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(2)
    box.setValue(value)
    return box


def _int(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box
