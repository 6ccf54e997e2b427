"""Marking translatable text below the UI layer, where Qt may not be imported.

``QT_TRANSLATE_NOOP(context, text)`` returns ``text`` unchanged; ``pyside6-lupdate`` extracts every call
to it into the .ts files, and the UI translates the text with ``QCoreApplication.translate(context, text)``.
Error types use the context ``"errors"``; task prompts and labels use their own contexts.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text
