"""The per-conversation settings dialog: persona preset, system prompt and sampling."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.inference.types import SamplingParams
from desk_assistant.tasks.chat import PromptPresets


class ChatSettingsDialog(QDialog):
    def __init__(
        self,
        system_prompt: str,
        sampling: SamplingParams,
        presets: PromptPresets,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conversation settings"))
        self._presets = presets
        language = "zh_CN" if QLocale().name().startswith("zh") else "en"

        self.persona = QComboBox(self)
        self.persona.addItem(self.tr("Custom"), "")
        for persona in presets.personas:
            self.persona.addItem(persona.name(language), persona.id)
        for i, persona in enumerate(presets.personas, start=1):
            if persona.prompt == system_prompt:
                self.persona.setCurrentIndex(i)
        self.persona.currentIndexChanged.connect(self._persona_chosen)

        self.system_prompt = QPlainTextEdit(system_prompt, self)
        self.system_prompt.setPlaceholderText(self.tr("How the assistant should behave in this chat"))
        self.system_prompt.setMinimumHeight(90)

        self.temperature = QDoubleSpinBox(self)
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(sampling.temperature)
        self.top_p = QDoubleSpinBox(self)
        self.top_p.setRange(0.05, 1.0)
        self.top_p.setSingleStep(0.05)
        self.top_p.setValue(sampling.top_p)
        self.max_tokens = QSpinBox(self)
        self.max_tokens.setRange(16, 32768)
        self.max_tokens.setSingleStep(128)
        self.max_tokens.setValue(sampling.max_tokens)
        self.seed = QSpinBox(self)
        self.seed.setRange(-1, 2**31 - 1)
        self.seed.setSpecialValueText(self.tr("random"))
        self.seed.setValue(-1 if sampling.seed is None else sampling.seed)

        form = QFormLayout()
        form.addRow(self.tr("Persona"), self.persona)
        form.addRow(self.tr("System prompt"), self.system_prompt)
        form.addRow(self.tr("Temperature"), self.temperature)
        form.addRow(self.tr("Top-p"), self.top_p)
        form.addRow(self.tr("Max answer tokens"), self.max_tokens)
        form.addRow(self.tr("Seed"), self.seed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, 380)

    def _persona_chosen(self, index: int) -> None:
        persona = self._presets.persona(self.persona.itemData(index) or "")
        if persona is not None:
            self.system_prompt.setPlainText(persona.prompt)

    def values(self) -> tuple[str, dict[str, Any]]:
        """(system prompt, sampling overrides) as the store keeps them."""
        seed = self.seed.value()
        sampling = {
            "temperature": round(self.temperature.value(), 2),
            "top_p": round(self.top_p.value(), 2),
            "max_tokens": self.max_tokens.value(),
            "seed": None if seed < 0 else seed,
        }
        return self.system_prompt.toPlainText().strip(), sampling
