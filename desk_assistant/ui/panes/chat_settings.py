"""The per-conversation settings dialog: persona preset, system prompt and sampling."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.inference.types import SamplingParams
from desk_assistant.tasks.chat import PromptPresets
from desk_assistant.ui.widgets.sampling_form import SamplingForm


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

        self.sampling_form = SamplingForm(self.tr("Sampling"), sampling, self)

        form = QFormLayout()
        form.addRow(self.tr("Persona"), self.persona)
        form.addRow(self.tr("System prompt"), self.system_prompt)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.sampling_form)
        layout.addWidget(buttons)
        self.resize(520, 560)

    def _persona_chosen(self, index: int) -> None:
        persona = self._presets.persona(self.persona.itemData(index) or "")
        if persona is not None:
            self.system_prompt.setPlainText(persona.prompt)

    def values(self) -> tuple[str, dict[str, Any]]:
        """(system prompt, sampling overrides) as the store keeps them."""
        return self.system_prompt.toPlainText().strip(), self.sampling_form.as_dict()
