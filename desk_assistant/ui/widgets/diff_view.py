"""A read-only view of a rewrite's changes: deletions struck through in red, insertions in green.

It shows ``tasks.rewrite.rewrite_diff`` operations as they are (word by word; character by character in
Chinese), with the text's own line breaks and spaces; while the rewrite streams it shows the new text
as it grows.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtWidgets import QTextBrowser, QWidget

from desk_assistant.tasks.rewrite import DiffOp
from desk_assistant.ui.theme import current_theme

COLORS = {
    "light": {"delete": ("#b3261e", "#f8d7da"), "insert": ("#17612a", "#cdeed6")},
    "dark": {"delete": ("#f28b82", "#4a2326"), "insert": ("#81c995", "#1f3b27")},
}


def diff_html(ops: Sequence[DiffOp], dark: bool = False) -> str:
    """The operations as HTML spans (a ``pre-wrap`` block keeps the text's spaces and line breaks)."""
    colors = COLORS["dark" if dark else "light"]
    parts: list[str] = []
    for op in ops:
        text = html.escape(op.text)
        if op.kind == "delete":
            fg, bg = colors["delete"]
            parts.append(
                f'<span style="color:{fg}; background-color:{bg}; text-decoration:line-through">{text}</span>'
            )
        elif op.kind == "insert":
            fg, bg = colors["insert"]
            parts.append(f'<span style="color:{fg}; background-color:{bg}">{text}</span>')
        else:
            parts.append(text)
    return f'<div style="white-space:pre-wrap">{"".join(parts)}</div>'


class DiffView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.ops: list[DiffOp] = []
        self._streamed = ""

    def show_diff(self, ops: Sequence[DiffOp]) -> None:
        self.ops = list(ops)
        self._streamed = ""
        self.setHtml(diff_html(self.ops, dark=current_theme() == "dark"))

    def begin_stream(self) -> None:
        self.ops = []
        self._streamed = ""
        self.clear()

    def append_stream(self, text: str) -> None:
        """The rewrite as it arrives (plain: the diff needs the whole of it)."""
        self._streamed += text
        self.setPlainText(self._streamed)
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def streamed(self) -> str:
        return self._streamed
