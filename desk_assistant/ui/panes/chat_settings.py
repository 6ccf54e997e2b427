"""The per-conversation settings dialog: persona, system prompt, sampling, and whether the user's
profile goes with this conversation.

Personas come from the prompt library (shipped and the user's own); picking one fills the system
prompt and sets the sampling to the defaults with the persona's own values on top. Editing the prompt
afterwards makes it "Custom" again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
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

from desk_assistant.inference.types import SamplingParams
from desk_assistant.tasks.chat import PERSONA, USE_PROFILE, Persona
from desk_assistant.tasks.prompts import PromptError
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.theme import lines_height
from desk_assistant.ui.widgets.sampling_form import SamplingForm


class ChatSettingsDialog(QDialog):
    def __init__(
        self,
        system_prompt: str,
        sampling: SamplingParams,
        personas: Sequence[Persona],
        parent: QWidget | None = None,
        *,
        defaults: SamplingParams | None = None,
        persona_id: str = "",
        use_profile: bool | None = None,
        profile_on: bool = True,
    ) -> None:
        """``sampling``: the conversation's (defaults + overrides); ``defaults``: what a persona's own
        sampling goes on top of; ``persona_id``: the persona last picked for it; ``use_profile``: the
        conversation's choice (None: as in Settings, which is ``profile_on``)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conversation settings"))
        self._personas = {p.id: p for p in personas}
        self._defaults = defaults
        self._prompts: dict[str, str] = {}  # persona id -> its rendered system prompt
        for persona in personas:
            with contextlib.suppress(PromptError):  # a broken one says so when it is picked
                self._prompts[persona.id] = persona.system_prompt()

        self.persona = QComboBox(self)
        self.persona.addItem(self.tr("Custom"), "")
        for persona in personas:
            label = (
                persona.title if persona.read_only else self.tr("{title} (yours)").format(title=persona.title)
            )
            self.persona.addItem(label, persona.id)
        self.persona.setCurrentIndex(max(0, self.persona.findData(self._matching(persona_id, system_prompt))))
        self.persona.currentIndexChanged.connect(self._persona_chosen)

        self.system_prompt = QPlainTextEdit(system_prompt, self)
        self.system_prompt.setPlaceholderText(self.tr("How the assistant should behave in this chat"))
        self.system_prompt.setMinimumHeight(lines_height(self.system_prompt, 6))
        self.system_prompt.textChanged.connect(self._prompt_edited)

        self.use_profile = QComboBox(self)
        self.use_profile.addItem(
            self.tr("As in Settings (on)") if profile_on else self.tr("As in Settings (off)"), None
        )
        self.use_profile.addItem(self.tr("Use it in this conversation"), True)
        self.use_profile.addItem(self.tr("Leave it out of this conversation"), False)
        self.use_profile.setCurrentIndex(0 if use_profile is None else (1 if use_profile else 2))
        self.use_profile.setToolTip(
            self.tr("Your profile (Settings › About you) is added to the system prompt when this is on.")
        )

        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()

        self.sampling_form = SamplingForm(self.tr("Sampling"), sampling, self)

        form = QFormLayout()
        form.addRow(self.tr("Persona"), self.persona)
        form.addRow(self.tr("System prompt"), self.system_prompt)
        form.addRow(self.tr("My profile"), self.use_profile)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.sampling_form)
        layout.addWidget(buttons)
        self.resize(560, 600)

    def _matching(self, persona_id: str, system_prompt: str) -> str:
        """The persona this prompt came from: the one last picked if its text is unchanged, else the
        first with the same text, else "" (Custom)."""
        text = system_prompt.strip()
        if not text:
            return ""
        if self._prompts.get(persona_id) == text:
            return persona_id
        return next((pid for pid, prompt in self._prompts.items() if prompt == text), "")

    def _persona_chosen(self, index: int) -> None:
        persona = self._personas.get(self.persona.itemData(index) or "")
        self.error.hide()
        if persona is None:
            return
        try:
            prompt = persona.system_prompt()
        except PromptError as exc:  # a broken user template: say which, change nothing
            self.error.setText(readable_error(exc))
            self.error.show()
            self._select_persona("")
            return
        self._prompts[persona.id] = prompt
        self.system_prompt.blockSignals(True)
        self.system_prompt.setPlainText(prompt)
        self.system_prompt.blockSignals(False)
        base: Any = self._defaults if self._defaults is not None else self.sampling_form.value()
        for key in ("temperature", "top_p", "top_k", "min_p", "repeat_penalty", "max_tokens"):
            value = persona.sampling.get(key, getattr(base, key))
            getattr(self.sampling_form, key).setValue(value)

    def _prompt_edited(self) -> None:
        chosen = self.persona.currentData() or ""
        if chosen and self._prompts.get(chosen) != self.system_prompt.toPlainText().strip():
            self._select_persona("")

    def _select_persona(self, persona_id: str) -> None:
        self.persona.blockSignals(True)
        self.persona.setCurrentIndex(max(0, self.persona.findData(persona_id)))
        self.persona.blockSignals(False)

    def values(self) -> tuple[str, dict[str, Any]]:
        """(system prompt, sampling overrides) as the store keeps them."""
        return self.system_prompt.toPlainText().strip(), self.sampling_form.as_dict()

    def options(self) -> dict[str, Any]:
        """The conversation settings this dialog sets; a None value means "remove: use the default"."""
        return {
            USE_PROFILE: self.use_profile.currentData(),
            PERSONA: self.persona.currentData() or None,
        }
