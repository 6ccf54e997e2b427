"""The brief of a draft as a form: kind, length, brief, audience, tone, language, key points.

``brief()`` turns the form into a ``tasks.draft.DraftBrief``, which checks it (an empty or oversized
brief is one ``InputError`` sentence); ``set_brief`` shows a stored one. Kinds, lengths and tones come
from the task layer, named in the UI language; the tone box also takes the user's own words.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desk_assistant.tasks import draft as draft_tasks
from desk_assistant.tasks.draft import LENGTHS, TONES, DraftBrief
from desk_assistant.tasks.prompts import PromptError
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.panes.work_pane import compact_combo
from desk_assistant.ui.theme import lines_height
from desk_assistant.ui.widgets.language_box import LanguageBox

log = logging.getLogger(__name__)


class BriefForm(QWidget):
    changed = Signal()
    failed = Signal(str)  # a kind template that cannot be read: one sentence

    def __init__(self, ui_language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_box = compact_combo(5)
        self.length_box = compact_combo(4)
        for code, name in LENGTHS:
            self.length_box.addItem(QCoreApplication.translate("draft", name), code)
        self.length_box.setCurrentIndex(self.length_box.findData("medium"))
        self.tone_box = compact_combo(6)
        self.tone_box.setEditable(True)
        self.tone_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, name in TONES:
            self.tone_box.addItem(QCoreApplication.translate("draft", name), code)
        self.tone_box.setToolTip(self.tr("Choose a tone or type your own words"))
        self.language_box = LanguageBox()
        self.language_box.set_code("zh_CN" if ui_language.startswith("zh") else "en")
        self.brief_edit = QPlainTextEdit()
        self.brief_edit.setPlaceholderText(
            self.tr("What should the piece say? The topic, the purpose, anything the model should know.")
        )
        self.brief_edit.setTabChangesFocus(True)
        self.brief_edit.setMinimumHeight(lines_height(self.brief_edit, 2))
        self.brief_edit.setMaximumHeight(lines_height(self.brief_edit, 6))  # the outline gets the room
        self.audience_edit = QLineEdit()
        self.audience_edit.setPlaceholderText(self.tr("Who reads it (optional)"))
        self.points_edit = QPlainTextEdit()
        self.points_edit.setPlaceholderText(self.tr("Points it must make, one per line (optional)"))
        self.points_edit.setTabChangesFocus(True)
        self.points_edit.setMinimumHeight(lines_height(self.points_edit, 2))
        self.points_edit.setMaximumHeight(lines_height(self.points_edit, 3))
        self._ui_language = ui_language
        self.load_kinds()

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        # the short choices side by side; free text (an audience, a tone in the user's words) and the
        # language names ("Chinese (Simplified) · 简体中文") get the whole width
        rows: list[tuple[str, QWidget, str | None, QWidget | None]] = [
            (self.tr("Kind"), self.kind_box, self.tr("Length"), self.length_box),
            (self.tr("Brief"), self.brief_edit, None, None),
            (self.tr("Audience"), self.audience_edit, None, None),
            (self.tr("Tone"), self.tone_box, None, None),
            (self.tr("Language"), self.language_box, None, None),
            (self.tr("Key points"), self.points_edit, None, None),
        ]
        for row, (label, widget, label2, widget2) in enumerate(rows):
            name = QLabel(label)
            tall = isinstance(widget, QPlainTextEdit)
            name.setAlignment(
                Qt.AlignmentFlag.AlignRight
                | (Qt.AlignmentFlag.AlignTop if tall else Qt.AlignmentFlag.AlignVCenter)
            )
            if tall:
                name.setContentsMargins(0, 4, 0, 0)
            name.setBuddy(widget)
            grid.addWidget(name, row, 0)
            if widget2 is None:
                grid.addWidget(widget, row, 1, 1, 3)
                continue
            grid.addWidget(widget, row, 1)
            second = QLabel(label2 or "")
            second.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            second.setBuddy(widget2)
            grid.addWidget(second, row, 2)
            grid.addWidget(widget2, row, 3)

        for signal in (
            self.brief_edit.textChanged,
            self.audience_edit.textChanged,
            self.points_edit.textChanged,
            self.tone_box.currentTextChanged,
            self.kind_box.currentIndexChanged,
            self.length_box.currentIndexChanged,
            self.language_box.currentIndexChanged,
        ):
            signal.connect(self.changed)

    def load_kinds(self) -> None:
        """The kinds there are templates for (the user's own too), named in the UI language."""
        current = self.kind_box.currentData()
        self.kind_box.blockSignals(True)
        self.kind_box.clear()
        try:
            kinds = draft_tasks.draft_kinds(self._ui_language)
        except PromptError as exc:  # a broken kind template of the user's
            self.failed.emit(readable_error(exc, log))
            kinds = []
        for kind in kinds:
            self.kind_box.addItem(kind.name, kind.id)
        index = self.kind_box.findData(current)
        self.kind_box.setCurrentIndex(max(index, 0))
        self.kind_box.blockSignals(False)

    def brief(self) -> DraftBrief:
        """The form as a brief; InputError (one sentence) for an empty or oversized one."""
        points = tuple(line for line in self.points_edit.toPlainText().splitlines() if line.strip())
        return DraftBrief(
            kind=str(self.kind_box.currentData() or ""),
            brief=self.brief_edit.toPlainText(),
            audience=self.audience_edit.text(),
            tone=self.tone(),
            length=str(self.length_box.currentData() or "medium"),
            language=self.language_box.code() or "en",
            key_points=points,
        )

    def tone(self) -> str:
        """A preset's code ("formal"), or the user's own words."""
        text = self.tone_box.currentText().strip()
        index = self.tone_box.findText(text)
        if index >= 0 and self.tone_box.itemData(index):
            return str(self.tone_box.itemData(index))
        return text or "neutral"

    def set_brief(self, brief: DraftBrief) -> None:
        index = self.kind_box.findData(brief.kind)
        if index < 0:  # a kind whose template is gone: shown by its id, so the brief stays as it was
            self.kind_box.addItem(brief.kind, brief.kind)
            index = self.kind_box.count() - 1
        self.kind_box.setCurrentIndex(index)
        self.length_box.setCurrentIndex(max(0, self.length_box.findData(brief.length)))
        tone = self.tone_box.findData(brief.tone)
        if tone >= 0:
            self.tone_box.setCurrentIndex(tone)
        else:
            self.tone_box.setEditText(brief.tone)
        self.language_box.set_code(brief.language)
        self.brief_edit.setPlainText(brief.brief)
        self.audience_edit.setText(brief.audience)
        self.points_edit.setPlainText("\n".join(brief.key_points))

    def clear(self) -> None:
        """A new draft: the texts go; kind, length, tone and language stay as chosen."""
        self.brief_edit.clear()
        self.audience_edit.clear()
        self.points_edit.clear()

    def set_read_only(self, read_only: bool) -> None:
        """While the model writes: the brief it works from stays as it is."""
        for box in (self.kind_box, self.length_box, self.tone_box, self.language_box):
            box.setEnabled(not read_only)
        self.audience_edit.setReadOnly(read_only)
        for edit in (self.brief_edit, self.points_edit):
            edit.setReadOnly(read_only)
