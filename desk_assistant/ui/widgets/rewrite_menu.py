"""The kinds of rewrite as a menu (tasks.rewrite.HOWS, in the UI language): improve, shorten, expand,
simplify, change the tone (a preset or the user's words), fix grammar, translate (into which language).
The same menu hangs on the Draft pane's Rewrite button and in its editor's context menu."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from desk_assistant.tasks.draft import TONES
from desk_assistant.tasks.languages import LANGUAGES
from desk_assistant.tasks.rewrite import HOWS
from desk_assistant.ui.widgets.language_box import language_label


def how_name(how: str) -> str:
    """A kind of rewrite's name in the UI language ("Shorten")."""
    return QCoreApplication.translate("rewrite", dict(HOWS).get(how, how))


class RewriteMenu(QMenu):
    chosen = Signal(str, object, object)  # how, tone (or None), target language code (or None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Rewrite selection"))
        for how, _name in HOWS:
            if how == "tone":
                tones = self.addMenu(how_name(how))
                for code, tone in TONES:
                    tones.addAction(
                        QCoreApplication.translate("draft", tone),
                        lambda c=code: self.chosen.emit("tone", c, None),
                    )
                tones.addSeparator()
                tones.addAction(self.tr("Other tone…"), self._ask_tone)
            elif how == "translate":
                languages = self.addMenu(how_name(how))
                for lang in LANGUAGES:
                    languages.addAction(
                        language_label(lang), lambda c=lang.code: self.chosen.emit("translate", None, c)
                    )
            else:
                self.addAction(how_name(how), lambda h=how: self.chosen.emit(h, None, None))

    def _ask_tone(self) -> None:
        tone, ok = QInputDialog.getText(
            self.parentWidget(), self.tr("Change the tone"), self.tr("Which tone should the text have?")
        )
        if ok and tone.strip():
            self.chosen.emit("tone", tone.strip(), None)
