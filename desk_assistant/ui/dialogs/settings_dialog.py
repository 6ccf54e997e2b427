"""App settings: language, theme and the default sampling; the user profile and where it is used.

The profile tab shows, as the user types, the exact text the model gets (the ``chat/profile``
template), so what is shared is never a guess.
"""

from __future__ import annotations

import copy
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core.settings import Settings, UserProfile
from desk_assistant.tasks.chat import profile_text
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.theme import lines_height
from desk_assistant.ui.widgets.language_box import LanguageBox
from desk_assistant.ui.widgets.sampling_form import SamplingForm

log = logging.getLogger(__name__)


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)
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
        self.sampling_form = SamplingForm(
            self.tr("Default sampling for new conversations"), settings.sampling
        )

        general = QWidget()
        general_form = QFormLayout()
        general_form.addRow(self.tr("Language"), self.language)
        general_form.addRow(self.tr("Theme"), self.theme)
        general_layout = QVBoxLayout(general)
        general_layout.addLayout(general_form)
        general_layout.addWidget(self.sampling_form)
        general_layout.addStretch(1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(general, self.tr("General"))
        self.tabs.addTab(self._profile_tab(settings.user_profile), self.tr("About you"))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self._show_preview()

    def _profile_tab(self, profile: UserProfile) -> QWidget:
        note = QLabel(
            self.tr(
                "What the assistant should know about you. It stays on this computer and is added to "
                "prompts only where you turn it on. Leave a field empty to leave it out."
            )
        )
        note.setWordWrap(True)
        self.profile_name = QLineEdit(profile.name)
        self.profile_language = LanguageBox(self.tr("Not set"))
        self.profile_language.set_code(profile.preferred_language or None)
        self.profile_style = QLineEdit(profile.writing_style)
        self.profile_style.setPlaceholderText(self.tr("For example: plain and friendly, short sentences"))
        self.profile_remember = QPlainTextEdit(profile.remember)
        self.profile_remember.setPlaceholderText(
            self.tr("For example: I am a teacher in Shanghai; answer briefly, in simple words.")
        )
        self.profile_remember.setFixedHeight(lines_height(self.profile_remember, 5))
        self.use_in_chat = QCheckBox(self.tr("Use in chats (each conversation can change this)"))
        self.use_in_chat.setChecked(profile.use_in_chat)
        self.use_in_drafts = QCheckBox(self.tr("Use in drafts and rewrites"))
        self.use_in_drafts.setChecked(profile.use_in_drafts)

        self.profile_preview = QLabel()
        self.profile_preview.setWordWrap(True)
        self.profile_preview.setTextFormat(Qt.TextFormat.PlainText)
        self.profile_preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        preview_box = QGroupBox(self.tr("What the model is told"))
        QVBoxLayout(preview_box).addWidget(self.profile_preview)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.profile_name)
        form.addRow(self.tr("Preferred language"), self.profile_language)
        form.addRow(self.tr("Writing style"), self.profile_style)
        form.addRow(self.tr("Things to remember"), self.profile_remember)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.use_in_chat)
        layout.addWidget(self.use_in_drafts)
        layout.addWidget(preview_box)
        layout.addStretch(1)
        for edit in (self.profile_name, self.profile_style):
            edit.textChanged.connect(self._show_preview)
        self.profile_remember.textChanged.connect(self._show_preview)
        self.profile_language.currentIndexChanged.connect(self._show_preview)
        return tab

    def profile(self) -> UserProfile:
        return UserProfile(
            name=self.profile_name.text().strip(),
            preferred_language=self.profile_language.code() or "",
            writing_style=self.profile_style.text().strip(),
            remember=self.profile_remember.toPlainText().strip(),
            use_in_chat=self.use_in_chat.isChecked(),
            use_in_drafts=self.use_in_drafts.isChecked(),
        )

    def _show_preview(self) -> None:
        try:
            text = profile_text(self.profile())
        except Exception as exc:  # a broken profile template of the user's: say so here
            text = readable_error(exc, log)
        self.profile_preview.setText(text or self.tr("Nothing: the profile is empty."))

    def result_settings(self) -> Settings:
        """A copy of the settings with this dialog's values (the original is not changed)."""
        out = copy.deepcopy(self._original)
        out.ui_language = self.language.currentData()
        out.theme = self.theme.currentData()
        out.user_profile = self.profile()
        out.sampling = self.sampling_form.value()
        return out


def _select(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))
