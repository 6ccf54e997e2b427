"""A glossary: fixed translations for terms, given to the model and checked in its output.

``parse_glossary(text)`` reads one pair a line in whichever form the user has:

    term<TAB>translation            (TSV, e.g. exported from a spreadsheet; more columns are ignored)
    "term, with comma",translation  (CSV, quoted fields as spreadsheets write them)
    term = translation
    term => translation   term -> translation   term → translation

Blank lines and lines starting with "#" are skipped; so is a first line that is a column header
("source,target", "term<TAB>translation"). A line that cannot be used (no separator, an empty side, a
term given again with a different translation) becomes a ``GlossaryProblem`` and the good lines are
used: ``problems_error(problems)`` words them as one sentence.

Matching: a term is found in the source as a whole word for scripts with spaces (case-insensitive
for cased scripts), as a plain substring for CJK and Thai; a translation is found in the output as a
substring (case-insensitive for cased scripts: "API" is there in "l'API").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from desk_assistant.core.errors import InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP

MAX_GLOSSARY_BYTES = 4 * 1024 * 1024  # tens of thousands of terms; more is not a glossary

# reasons a line was not used (short codes; the UI words them)
NO_SEPARATOR = "no separator"
EMPTY_TERM = "empty term"
EMPTY_TRANSLATION = "empty translation"
CONFLICT = "conflicting duplicate"

_ARROWS = ("=>", "->", "→", "⇒", "=", "＝")  # tried in this order: "=>" before "="
_HEADERS = {
    ("source", "target"),
    ("term", "translation"),
    ("source term", "target term"),
    ("source", "translation"),
    ("原文", "译文"),
    ("术语", "译文"),
}
# scripts written without spaces between words: a term is matched anywhere, not as a whole word
_NO_SPACES = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    translation: str

    def as_pair(self) -> tuple[str, str]:
        return (self.term, self.translation)


@dataclass(frozen=True)
class GlossaryProblem:
    line: int  # 1-based line number in the file
    text: str  # the line as written
    reason: str  # NO_SEPARATOR, EMPTY_TERM, EMPTY_TRANSLATION or CONFLICT


def _finder(term: str, *, whole_word: bool) -> re.Pattern[str]:
    escaped = re.escape(term)
    if whole_word and not _NO_SPACES.search(term):
        escaped = rf"(?<!\w){escaped}(?!\w)"
    return re.compile(escaped, re.IGNORECASE)  # case only matters for cased scripts anyway


class Glossary:
    """Term pairs, in the order given (the first translation of a term wins)."""

    def __init__(self, entries: Iterable[GlossaryEntry | tuple[str, str]] = ()) -> None:
        seen: dict[str, GlossaryEntry] = {}
        for item in entries:
            entry = item if isinstance(item, GlossaryEntry) else GlossaryEntry(item[0], item[1])
            term, translation = entry.term.strip(), entry.translation.strip()
            if term and translation and term.casefold() not in seen:
                seen[term.casefold()] = GlossaryEntry(term, translation)
        self.entries: tuple[GlossaryEntry, ...] = tuple(seen.values())

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self.entries)

    def __repr__(self) -> str:
        return f"Glossary({len(self.entries)} entries)"

    @cached_property
    def _source_finders(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_finder(e.term, whole_word=True) for e in self.entries)

    @cached_property
    def _target_finders(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_finder(e.translation, whole_word=False) for e in self.entries)

    def relevant(self, text: str) -> list[GlossaryEntry]:
        """The entries whose term occurs in ``text`` (what a prompt for this text needs)."""
        return [e for e, find in zip(self.entries, self._source_finders, strict=True) if find.search(text)]

    def check(self, source: str, translation: str) -> list[GlossaryEntry]:
        """The entries whose term is in ``source`` but whose translation is not in ``translation``."""
        return [
            entry
            for entry, in_source, in_target in zip(
                self.entries, self._source_finders, self._target_finders, strict=True
            )
            if in_source.search(source) and not in_target.search(translation)
        ]

    def to_dict(self) -> dict[str, str]:
        return {e.term: e.translation for e in self.entries}


def _split(line: str) -> list[str] | None:
    """The fields of one line, or None when it has no separator."""
    if "\t" in line:
        return line.split("\t")
    if line.lstrip().startswith('"'):
        return _csv_fields(line)
    for arrow in _ARROWS:
        if arrow in line:
            term, _, translation = line.partition(arrow)
            return [term, translation]
    if "," in line:
        return _csv_fields(line)
    return None


def _csv_fields(line: str) -> list[str] | None:
    try:
        rows = list(csv.reader([line], skipinitialspace=True))
    except csv.Error:
        return None
    if not rows or len(rows[0]) < 2:
        return None
    return rows[0]


def parse_glossary(text: str) -> tuple[Glossary, list[GlossaryProblem]]:
    """The usable pairs of ``text`` and the lines that could not be used."""
    entries: dict[str, GlossaryEntry] = {}
    problems: list[GlossaryProblem] = []
    first = True
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = _split(raw.rstrip("\r\n"))
        header = first
        first = False
        if fields is None:
            problems.append(GlossaryProblem(number, raw, NO_SEPARATOR))
            continue
        term, translation = fields[0].strip(), fields[1].strip()
        if header and (term.casefold(), translation.casefold()) in _HEADERS:
            continue
        if not term:
            problems.append(GlossaryProblem(number, raw, EMPTY_TERM))
            continue
        if not translation:
            problems.append(GlossaryProblem(number, raw, EMPTY_TRANSLATION))
            continue
        known = entries.get(term.casefold())
        if known is not None:
            if known.translation != translation:
                problems.append(GlossaryProblem(number, raw, CONFLICT))
            continue
        entries[term.casefold()] = GlossaryEntry(term, translation)
    return Glossary(entries.values()), problems


def load_glossary(path: Path) -> tuple[Glossary, list[GlossaryProblem]]:
    """Read a glossary file in any common text encoding (GBK, UTF-16, …); InputError if unusable."""
    from desk_assistant.tasks.documents import decode_text

    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_GLOSSARY_BYTES:
            raise InputError(
                QT_TRANSLATE_NOOP(
                    "errors", "The glossary {name} is too large ({size} MB); a glossary holds term pairs."
                ),
                name=name,
                size=f"{size / 1024 / 1024:.0f}",
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(
            QT_TRANSLATE_NOOP("errors", "The glossary {name} was not found."), detail=str(exc), name=name
        ) from exc
    except IsADirectoryError as exc:
        raise InputError(
            QT_TRANSLATE_NOOP("errors", "The glossary {name} is a folder, not a file."),
            detail=str(exc),
            name=name,
        ) from exc
    except OSError as exc:
        raise InputError(
            QT_TRANSLATE_NOOP("errors", "The glossary {name} could not be read ({reason})."),
            detail=repr(exc),
            name=name,
            reason=exc.strerror or str(exc),
        ) from exc
    text, _encoding = decode_text(data, name)
    glossary, problems = parse_glossary(text)
    if not glossary:
        raise InputError(
            QT_TRANSLATE_NOOP(
                "errors",
                "The glossary {name} has no usable term pairs; write one pair a line, "
                "such as “term = translation”.",
            ),
            detail=f"{len(problems)} bad lines",
            name=name,
        )
    return glossary, problems


def _line_list(numbers: Sequence[int], limit: int = 12) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (", …" if len(numbers) > limit else "")


def problems_error(problems: Sequence[GlossaryProblem], used: int) -> InputError | None:
    """One sentence about the lines that were skipped (None when there were none). It is not raised:
    the glossary's good lines are used; the CLI prints it, the window shows it."""
    if not problems:
        return None
    return InputError(
        QT_TRANSLATE_NOOP(
            "errors",
            "Glossary lines {lines} were skipped (a line needs a term, a separator such as “=”, a tab "
            "or a comma, and a translation; a term given twice must have the same translation); "
            "the other {used} pairs are used.",
        ),
        detail="; ".join(f"line {p.line}: {p.reason}: {p.text!r}" for p in problems),
        lines=_line_list([p.line for p in problems]),
        used=used,
    )
