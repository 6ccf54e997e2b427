"""What the Draft editor shows while the model writes sections (no Qt: plain text in, text out).

Two ways: every section assembled under its heading as it streams (writing the outline's sections), or
one section's new text put where its old text was, the user's text around it untouched (regenerating a
section whose old text is in the editor exactly once).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desk_assistant.tasks.outline import Outline, assemble_markdown
from desk_assistant.ui.widgets.draft_editor import as_editor_text, utf16_length


def section_span(text: str, old: str) -> tuple[str, str] | None:
    """The text before and after ``old`` in ``text``, when ``old`` is there exactly once."""
    old = as_editor_text(old).strip()
    if not old or text.count(old) != 1:
        return None
    start = text.index(old)
    return text[:start], text[start + len(old) :]


@dataclass
class StreamedDraft:
    outline: Outline
    headings: bool
    texts: dict[str, str]  # each section's text: the ones written before, then the new ones
    span: tuple[str, str] | None = None  # the text around the one section being written
    writing: str | None = None
    live: dict[str, str] = field(default_factory=dict)

    def started(self, section_id: str) -> None:
        self.writing = section_id
        self.live[section_id] = ""

    def add(self, section_id: str, piece: str) -> None:
        self.live[section_id] = self.live.get(section_id, "") + piece

    def written(self, section_id: str, text: str) -> None:
        self.live.pop(section_id, None)
        self.texts[section_id] = text

    def text(self) -> tuple[str, int | None]:
        """The text to show, and where the section being written ends (a cursor position) if known."""
        texts = {sid: as_editor_text(t) for sid, t in {**self.texts, **self.live}.items()}
        if self.span is not None and self.writing is not None:
            before, after = self.span
            body = texts.get(self.writing, "").strip()
            return before + body + after, utf16_length(before + body)
        text = assemble_markdown(self.outline, texts, headings=self.headings)
        if self.writing not in self.outline.ids:
            return text, None
        upto = Outline(self.outline.sections[: self.outline.index(self.writing) + 1], self.outline.title)
        return text, utf16_length(assemble_markdown(upto, texts, headings=self.headings))
