"""Marking translatable text below the UI layer, where Qt may not be imported.

``QT_TRANSLATE_NOOP(context, text)`` returns ``text`` unchanged; ``pyside6-lupdate`` extracts every call
to it into the .ts files, and the UI translates the text with ``QCoreApplication.translate(context, text)``.
Error types use the context ``"errors"``; task prompts and labels use their own contexts.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


class LocalText(str):
    """A piece of text that the UI shows in the user's language: an error argument such as a language
    name ("French"). It is the English text everywhere below the UI (the CLI, logs); the UI translates
    it with ``QCoreApplication.translate(context, text)`` when it words the error."""

    context: str

    def __new__(cls, context: str, text: str) -> LocalText:
        obj = super().__new__(cls, text)
        obj.context = context
        return obj
