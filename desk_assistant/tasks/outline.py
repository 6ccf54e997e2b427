"""A draft's outline: ordered sections the user edits before they are written (DESIGN.md §4, issue 9).

``Outline`` is immutable: every edit (``move``, ``add``, ``delete``, ``rename``, ``set_notes``) returns
a new one, which makes undo in the pane a list of outlines. Section ids ("s1", "s2", …) never change
while the user reorders or renames, so written section texts stay attached to their section; a new
section gets the next free number.

``Outline.parse`` reads what a model wrote, tolerantly: Markdown headings, a numbered list ("1.",
"1)", "一、", "第一部分：") or bullets, with the lines under an item as its notes; a one-line item
"Title: what it covers" is split into title and notes. At most ``MAX_SECTIONS`` are kept: a model
that rambles past that is cut, and ``Outline.dropped`` says how many were left out (the pane says
so). Building or editing an outline past the cap is refused with an ``InputError``: a 200-section
document is not something this app can write section by section in one sitting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from desk_assistant.core.errors import InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP

MAX_SECTIONS = 30
MAX_TITLE_CHARS = 200  # a longer "title" is a paragraph: its start becomes the title, the rest notes
NOTES_SPLIT_MIN = 2  # "Intro: …" splits into title + notes only when the title is not a single character

_E_TOO_MANY = QT_TRANSLATE_NOOP(
    "errors", "An outline can have at most {limit} sections; this one has {count}. Merge or delete some."
)
_E_NO_SECTION = QT_TRANSLATE_NOOP("errors", "The outline has no section “{id}”.")
_E_EMPTY_TITLE = QT_TRANSLATE_NOOP("errors", "A section needs a title.")


@dataclass(frozen=True)
class Section:
    id: str  # "s1": stable across edits
    title: str
    notes: str = ""  # what the section should cover (model's or user's words), may be several lines


@dataclass(frozen=True)
class Outline:
    sections: tuple[Section, ...] = ()
    title: str = ""  # the document's title, when the model gave one (a single "# Title" line)
    dropped: int = field(default=0, compare=False)  # sections cut by ``parse`` beyond MAX_SECTIONS

    def __post_init__(self) -> None:
        if len(self.sections) > MAX_SECTIONS:
            raise InputError(_E_TOO_MANY, limit=MAX_SECTIONS, count=len(self.sections))
        ids = [s.id for s in self.sections]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate section ids in {ids}")

    # ---- reading ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.sections)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.sections)

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.sections]

    def index(self, section_id: str) -> int:
        for i, section in enumerate(self.sections):
            if section.id == section_id:
                return i
        raise InputError(_E_NO_SECTION, id=section_id)

    def section(self, section_id: str) -> Section:
        return self.sections[self.index(section_id)]

    # ---- editing (each returns a new outline) -------------------------------------------------

    def move(self, section_id: str, new_index: int) -> Outline:
        """The section at position ``new_index`` (clamped to the ends), the others in their order."""
        i = self.index(section_id)
        rest = list(self.sections)
        moved = rest.pop(i)
        rest.insert(max(0, min(new_index, len(rest))), moved)
        return replace(self, sections=tuple(rest), dropped=0)

    def add(self, title: str, notes: str = "", *, after: str | None = None) -> Outline:
        """A new section after ``after`` (at the end when None); refused past ``MAX_SECTIONS``."""
        if len(self.sections) >= MAX_SECTIONS:
            raise InputError(_E_TOO_MANY, limit=MAX_SECTIONS, count=len(self.sections) + 1)
        section = Section(self.next_id(), _clean_title(title), notes.strip())
        position = len(self.sections) if after is None else self.index(after) + 1
        sections = list(self.sections)
        sections.insert(position, section)
        return replace(self, sections=tuple(sections), dropped=0)

    def delete(self, section_id: str) -> Outline:
        i = self.index(section_id)
        return replace(self, sections=self.sections[:i] + self.sections[i + 1 :], dropped=0)

    def rename(self, section_id: str, title: str) -> Outline:
        return self._change(section_id, title=_clean_title(title))

    def set_notes(self, section_id: str, notes: str) -> Outline:
        return self._change(section_id, notes=notes.strip())

    def retitle(self, title: str) -> Outline:
        """Change the document's title."""
        return replace(self, title=title.strip(), dropped=0)

    def _change(self, section_id: str, **changes: str) -> Outline:
        i = self.index(section_id)
        sections = list(self.sections)
        sections[i] = replace(sections[i], **changes)
        return replace(self, sections=tuple(sections), dropped=0)

    def next_id(self) -> str:
        numbers = [int(s.id[1:]) for s in self.sections if re.fullmatch(r"s\d+", s.id)]
        return f"s{max(numbers, default=0) + 1}"

    # ---- building -----------------------------------------------------------------------------

    @classmethod
    def of(cls, titles: Iterable[str | tuple[str, str]], title: str = "") -> Outline:
        """An outline from titles (or (title, notes) pairs), ids s1, s2, …; InputError past the cap."""
        sections = []
        for i, item in enumerate(titles, 1):
            name, notes = (item, "") if isinstance(item, str) else item
            sections.append(Section(f"s{i}", _clean_title(name), notes.strip()))
        return cls(tuple(sections), title.strip())

    @classmethod
    def parse(cls, text: str) -> Outline:
        """The outline in a model's answer (or a pasted one); never raises, keeps at most MAX_SECTIONS."""
        title, items = _parse_items(text)
        sections = [Section(f"s{i}", name, notes) for i, (name, notes) in enumerate(items[:MAX_SECTIONS], 1)]
        return cls(tuple(sections), title, dropped=max(0, len(items) - MAX_SECTIONS))

    def to_markdown(self) -> str:
        """A numbered list, notes indented under their section (what the prompts and the CLI show;
        ``parse`` reads it back to the same outline)."""
        lines = [f"# {self.title}", ""] if self.title else []
        for i, section in enumerate(self.sections, 1):
            lines.append(f"{i}. {section.title}")
            lines.extend(f"   {line}" for line in section.notes.splitlines() if line.strip())
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "sections": [{"id": s.id, "title": s.title, "notes": s.notes} for s in self.sections],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Outline:
        sections = tuple(
            Section(str(s["id"]), str(s.get("title", "")), str(s.get("notes", "")))
            for s in data.get("sections", ())
        )
        return cls(sections, str(data.get("title", "")))


def assemble_markdown(outline: Outline, texts: Mapping[str, str], *, headings: bool = True) -> str:
    """The draft as Markdown: the sections that have text, in outline order, under "## " headings (and
    the title as "# ") when the kind has headings, else separated by blank lines."""
    parts = [f"# {outline.title}"] if headings and outline.title else []
    for section in outline.sections:
        text = texts.get(section.id, "").strip()
        if not text:
            continue
        if headings:
            parts.append(f"## {section.title}")
        parts.append(text)
    return "\n\n".join(parts)


def _clean_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise InputError(_E_EMPTY_TITLE)
    return cleaned


# ---- parsing ------------------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_CN_NUM = "一二三四五六七八九十百零〇两"
_NUMBERED = re.compile(
    r"^(?:"
    r"\(?\d{1,3}[.)．、:：]"  # 1.  1)  (1)  1．  1、
    r"|[IVXLC]{1,6}[.)]"  # I.  IV)
    rf"|[{_CN_NUM}]{{1,3}}[、.．]"  # 一、
    rf"|第[{_CN_NUM}\d]{{1,3}}[部分章节段节]+[：:、.]?"  # 第一部分：
    r"|(?:section|part|chapter)\s+\d{1,3}\s*[:.)-]?"  # Section 1:
    r")\s*(.*)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[-*+•·]\s+(.*)$")
_BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*\s*[:：]?\s*(.*)$")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_SPLIT = re.compile(r"\s*(?:[:：]|\s[-–—]\s)\s*")
_PREAMBLE = re.compile(
    r"^(?:here(?:'s| is| are)\b|sure\b|certainly\b|of course\b|outline\b|以下|下面|好的|当然).*[:：]?$",
    re.IGNORECASE,
)


@dataclass
class _Line:
    indent: int
    kind: str  # "heading" | "numbered" | "bullet" | "bold" | "text"
    level: int  # heading level (1-6); 0 for others
    text: str


def _classify(raw: str) -> _Line | None:
    stripped = raw.strip()
    if not stripped or stripped.startswith("```") or re.fullmatch(r"[-*_=]{3,}", stripped):
        return None
    indent = len(raw) - len(raw.lstrip())
    if m := _HEADING.match(stripped):
        return _Line(indent, "heading", len(m.group(1)), m.group(2))
    if m := _NUMBERED.match(stripped):
        return _Line(indent, "numbered", 0, m.group(1))
    if m := _BULLET.match(stripped):
        return _Line(indent, "bullet", 0, m.group(1))
    if _BOLD_LINE.match(stripped):
        return _Line(indent, "bold", 0, stripped)
    return _Line(indent, "text", 0, stripped)


def _plain(text: str) -> str:
    """Inline Markdown emphasis and stray markers removed."""
    text = _EMPHASIS.sub(r"\2", text)
    return text.strip().strip("*_`").strip()


def _split_title(text: str) -> tuple[str, str]:
    """ "Introduction: sets the scene" -> ("Introduction", "sets the scene")."""
    text = _plain(text)
    if m := _BOLD_LINE.match(text):
        return _plain(m.group(1)).rstrip(":："), m.group(2).strip()
    parts = _SPLIT.split(text, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) >= NOTES_SPLIT_MIN and parts[1]:
        return parts[0].strip(), parts[1].strip()
    title = text.rstrip(":：").strip()
    if len(title) > MAX_TITLE_CHARS:
        cut = title.rfind(" ", 0, MAX_TITLE_CHARS)
        cut = cut if cut > MAX_TITLE_CHARS // 2 else MAX_TITLE_CHARS
        return title[:cut].rstrip(" ,;") + "…", title
    return title, ""


def _choose(lines: Sequence[_Line]) -> tuple[_Line | None, Any]:
    """Which lines start a section, and which line (if any) is the document's title."""
    headings = [ln for ln in lines if ln.kind == "heading"]
    title: _Line | None = None
    if headings:
        top = min(ln.level for ln in headings)
        tops = [ln for ln in headings if ln.level == top]
        if len(tops) == 1:  # one "# Title", perhaps above "## Section"s
            title = tops[0]
            below = [ln for ln in headings if ln.level > top]
            top = min((ln.level for ln in below), default=0)
            tops = [ln for ln in below if ln.level == top]
        if len(tops) >= 2:
            return title, lambda ln, top=top: ln.kind == "heading" and ln.level == top
    for kind in ("numbered", "bullet", "bold"):
        found = [ln for ln in lines if ln.kind == kind]
        if found:
            indent = min(ln.indent for ln in found)
            return title, lambda ln, kind=kind, indent=indent: ln.kind == kind and ln.indent == indent
    return title, lambda ln: ln.kind in ("text", "heading")


def _parse_items(text: str) -> tuple[str, list[tuple[str, str]]]:
    lines = [ln for ln in (_classify(raw) for raw in text.replace("\r", "").split("\n")) if ln is not None]
    if len(lines) > 1 and lines[0].kind == "text" and _PREAMBLE.match(lines[0].text):
        lines = lines[1:]  # "Here is an outline:" is not a section
    title_line, starts = _choose(lines)
    items: list[tuple[str, list[str]]] = []
    for line in lines:
        if line is title_line:
            continue
        if starts(line):
            name, notes = _split_title(line.text)
            if name:
                items.append((name, [notes] if notes else []))
        elif items:
            items[-1][1].append(_plain(_BULLET.sub(r"\1", line.text)) if line.kind == "bullet" else line.text)
    title = _plain(title_line.text) if title_line is not None else ""
    return title, [(name, "\n".join(n for n in notes if n)) for name, notes in items]
