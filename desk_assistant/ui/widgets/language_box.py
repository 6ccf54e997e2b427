"""A combo box of the languages the app offers (tasks.languages), each as "Name · Native name"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QWidget

from desk_assistant.tasks.languages import LANGUAGES, Language, language


def language_label(lang: Language) -> str:
    """ "French · Français"; the name in the UI language first (just the native name when they agree)."""
    name = QCoreApplication.translate("languages", lang.name)
    return name if name == lang.native else f"{name} · {lang.native}"


def language_label_for(code: str | None) -> str:
    found = language(code) if code else None
    return language_label(found) if found else (code or "")


class LanguageBox(QComboBox):
    def __init__(self, first_item: str | None = None, parent: QWidget | None = None) -> None:
        """``first_item``: a leading choice whose data is None ("The document's language", "Detect")."""
        super().__init__(parent)
        # long names ("Simplified Chinese · 简体中文") must not set the window's minimum width
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(9)
        if first_item is not None:
            self.addItem(first_item, None)
        for lang in LANGUAGES:
            self.addItem(language_label(lang), lang.code)

    def code(self) -> str | None:
        return self.currentData()

    def set_code(self, code: str | None) -> None:
        found = language(code) if code else None
        index = self.findData(found.code if found else None)
        if index >= 0:
            self.setCurrentIndex(index)
