"""Translating whole files: .txt, .md and .docx, written beside the original (or where asked).

- .txt / .md: the text goes through ``Translate`` (Markdown structure kept by ``tasks.segments``) and
  is written as UTF-8 (with a BOM only if the source had one) with the source's newline style.
- .docx (python-docx): every paragraph of the body, of tables (nested ones too), of headers and
  footers is translated in place. A paragraph's runs keep their formatting by the simplest faithful
  rule: the translation goes into the first run that has text, keeping its character formatting, and
  the other text runs are emptied (only their text: images and page breaks in them stay). Styles,
  numbering and tables are untouched. A hyperlink's text is translated on its own; in the paragraph
  it is a marker the model keeps in place, so the text before and after it goes to the runs before and
  after it. Fields (page numbers, dates) and content controls stay as they are, in the same way.
  Not translated: text boxes, footnotes, comments.

The output is ``<stem>.<target>.<suffix>`` beside the source (``report.zh_CN.docx``) unless ``out`` is
given. It is never written over an existing file unless ``overwrite`` is set (InputError naming it),
and it is written to a temporary file first, then renamed, so a full disk never leaves half a file.
A stopped translation is written too: what was translated, the rest as in the source.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk_assistant.core.errors import InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.tasks import documents
from desk_assistant.tasks.records import TaskRecord
from desk_assistant.tasks.runtime import TaskContext
from desk_assistant.tasks.segments import segment_texts
from desk_assistant.tasks.translate import Translate, TranslateOptions, TranslationResult

TEXT_SUFFIXES = {".txt": False, ".md": True, ".markdown": True}  # suffix -> Markdown?
DOCX_SUFFIX = ".docx"
SUPPORTED = (".txt", ".md", ".docx")
MAX_DOCX_BYTES = documents.MAX_FILE_BYTES

_ANCHOR_BASE = 0xE000  # private-use characters stand for links and fields inside a paragraph's text
_ANCHORS = re.compile("[\ue000-\uf8ff]")


class OutputExistsError(InputError):
    """The output file is there already (``args_map["path"]``): ask before replacing it."""


@dataclass
class FileTranslation:
    path: Path  # the file written
    result: TranslationResult
    source: Path = field(default_factory=Path)

    @property
    def stopped(self) -> bool:
        return self.result.stopped


def output_path(source: Path, target: str, out: Path | None = None) -> Path:
    """Where the translation of ``source`` goes: ``out``, else ``<stem>.<target><suffix>`` beside it."""
    if out is not None:
        return Path(out)
    return source.with_name(f"{source.stem}.{target}{source.suffix}")


def check_output(path: Path, *, overwrite: bool) -> None:
    """InputError when ``path`` exists (and may not be replaced) or cannot be written there."""
    if path.is_dir():
        raise InputError(
            QT_TRANSLATE_NOOP("errors", "{name} is a folder; give a file name for the translation."),
            name=str(path),
        )
    if path.exists() and not overwrite:
        raise OutputExistsError(
            QT_TRANSLATE_NOOP("errors", "{name} already exists; choose another name or allow replacing it."),
            name=str(path),
            path=path,
        )
    if not path.parent.is_dir():
        raise InputError(
            QT_TRANSLATE_NOOP("errors", "The folder {name} does not exist."), name=str(path.parent)
        )


def _unsupported(path: Path) -> InputError:
    return InputError(
        QT_TRANSLATE_NOOP(
            "errors", "{name} cannot be translated as a file; translate a .txt, .md or .docx file."
        ),
        name=path.name,
    )


def write_atomically(path: Path, data: bytes | None, *, overwrite: bool, save: Any = None) -> None:
    """Write ``data`` (or call ``save(temp_path)``) to a temporary file beside ``path``, then move it
    into place; never over an existing file unless ``overwrite``."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if save is not None:
            save(temp)
        else:
            assert data is not None
            with open(temp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        if overwrite:
            os.replace(temp, path)
        else:
            _link_new(temp, path)
    except OSError as exc:
        raise InputError(
            QT_TRANSLATE_NOOP("errors", "{name} could not be written ({reason})."),
            detail=repr(exc),
            name=str(path),
            reason=exc.strerror or type(exc).__name__,
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _link_new(temp: Path, path: Path) -> None:
    """Move ``temp`` to ``path`` only if ``path`` does not exist (atomically where links work)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        check_output(path, overwrite=False)  # raises the sentence
        raise
    except OSError as exc:  # no hard links here (FAT, some network drives): check, then rename
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EOPNOTSUPP, errno.EACCES):
            raise
        check_output(path, overwrite=False)
        os.replace(temp, path)


class TranslateFile:
    """Translate ``path`` into a new file. Built on the caller's thread (checks names only); ``run``
    reads, translates and writes where the engine lives. The result is a ``FileTranslation``."""

    def __init__(
        self,
        path: Path,
        options: TranslateOptions,
        out: Path | None = None,
        overwrite: bool = False,
        record: TaskRecord | None = None,
    ) -> None:
        self.source = Path(path).expanduser()
        suffix = self.source.suffix.lower()
        if suffix not in TEXT_SUFFIXES and suffix != DOCX_SUFFIX:
            raise _unsupported(self.source)
        self.suffix = suffix
        self.options = options
        self.out = output_path(self.source, options.target, Path(out).expanduser() if out else None)
        if self.out.resolve() == self.source.resolve():
            raise InputError(
                QT_TRANSLATE_NOOP("errors", "The translation cannot replace its source {name}."),
                name=self.source.name,
            )
        self.overwrite = overwrite
        self.record = record
        check_output(self.out, overwrite=overwrite)
        self.task: Translate | None = None
        self._units: list[_Unit] = []
        self._docx: Any = None
        self._encoding: str | None = None

    def prepare(self, cancel: threading.Event | None = None) -> Translate:
        """Read the file and segment it (no engine needed: a broken file or a text already in the
        target language is refused before a model is loaded). Idempotent."""
        if self.task is not None:
            return self.task
        if self.suffix == DOCX_SUFFIX:
            self._docx = _open_docx(self.source)
            self._units = list(_docx_units(self._docx))
            segmented = segment_texts([unit.text for unit in self._units], anchored=True)
            task = Translate(segmented, _with_markdown(self.options, False), self.record)
        else:
            document = documents.read_document(self.source, cancel=cancel)
            self._encoding = document.encoding
            task = Translate(
                document.text, _with_markdown(self.options, TEXT_SUFFIXES[self.suffix]), self.record
            )
        task.prepare()
        self.task = task
        return task

    def run(self, ctx: TaskContext) -> FileTranslation:
        try:
            task = self.prepare(ctx.cancel)
        except Exception:
            if self.record is not None:
                self.record.finish_quietly("error")
            raise
        result = task.run(ctx)
        if self.suffix == DOCX_SUFFIX:
            self._write_docx(task, result)
        else:
            self._write_text(result)
        return FileTranslation(self.out, result, self.source)

    def abandon(self) -> None:
        if self.record is not None:
            self.record.finish_quietly("stopped")

    def _write_text(self, result: TranslationResult) -> None:
        newline = _newline_style(self.source, self._encoding)
        text = result.document if newline == "\n" else result.document.replace("\n", newline)
        encoding = "utf-8-sig" if self._encoding == "utf-8-sig" else "utf-8"
        write_atomically(self.out, text.encode(encoding), overwrite=self.overwrite)

    def _write_docx(self, task: Translate, result: TranslationResult) -> None:
        segmented = task.document
        assert segmented is not None
        kept = set(result.kept)
        for n, unit in enumerate(self._units):
            index = segmented.segment_of.get(n)
            if index is not None and index in result.translations and index not in kept:
                segment = segmented.segments[index]  # render: the unit's own leading/trailing spaces back
                unit.apply(segment.render(result.translations[index]))
        write_atomically(self.out, None, overwrite=self.overwrite, save=self._docx.save)


def _with_markdown(options: TranslateOptions, markdown: bool) -> TranslateOptions:
    from dataclasses import replace

    return replace(options, markdown=markdown)


def _newline_style(path: Path, encoding: str | None) -> str:
    """ "\\r\\n" when the file's lines mostly end so, else "\\n" (files are read with "\\n" only)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return "\n"
    text = head.decode(encoding or "utf-8", errors="replace")
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


# ---- .docx paragraphs as translation units -----------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not allowed in XML
_TEXT_TAGS = {f"{_W}t", f"{_W}tab", f"{_W}cr", f"{_W}noBreakHyphen", f"{_W}ptab", f"{_W}br"}


def _open_docx(path: Path) -> Any:
    import docx

    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise InputError(QT_TRANSLATE_NOOP("errors", "{name} was not found."), name=path.name) from exc
    except OSError as exc:
        raise InputError(
            QT_TRANSLATE_NOOP("errors", "{name} could not be read ({reason})."),
            detail=repr(exc),
            name=path.name,
            reason=exc.strerror or type(exc).__name__,
        ) from exc
    if size > MAX_DOCX_BYTES:
        raise InputError(
            QT_TRANSLATE_NOOP("errors", "{name} is too large to translate ({size} MB)."),
            name=path.name,
            size=f"{size / 1024 / 1024:.0f}",
        )
    try:
        return docx.Document(str(path))
    except Exception as exc:  # not a zip, missing parts, broken XML: python-docx raises many kinds
        raise InputError(
            QT_TRANSLATE_NOOP(
                "errors",
                "{name} could not be read as a Word document; the file may be damaged or incomplete.",
            ),
            detail=repr(exc),
            name=path.name,
        ) from exc


def _text_elements(r: Any) -> list[Any]:
    """The children of a run that make its text (a page or column break is not text)."""
    return [child for child in r if child.tag in _TEXT_TAGS and str(child)]


def _run_text(r: Any) -> str:
    return "".join(str(child) for child in _text_elements(r))


def _set_run_text(r: Any, text: str) -> None:
    """Replace a run's text in place, keeping its formatting and anything else in it (an image)."""
    from docx.oxml import OxmlElement

    old = _text_elements(r)
    position = list(r).index(old[0]) if old else len(r)
    for child in old:
        r.remove(child)
    text = _XML_INVALID.sub("", text)
    if not text:
        return
    carrier = OxmlElement("w:r")
    carrier.text = text  # python-docx turns "\t" and "\n" into w:tab and w:br
    for offset, child in enumerate(list(carrier)):
        r.insert(position + offset, child)


class _Unit:
    """A paragraph (or a hyperlink's text) as one text: groups of runs split by anchors."""

    def __init__(self) -> None:
        self.groups: list[list[Any]] = [[]]  # run elements between anchors
        self.parts: list[str] = [""]
        self.anchors = 0

    def add_run(self, r: Any) -> None:
        self.groups[-1].append(r)
        self.parts[-1] += _run_text(r)

    def add_anchor(self) -> None:
        self.anchors += 1
        self.groups.append([])
        self.parts.append("")

    @property
    def text(self) -> str:
        out = self.parts[0]
        for n, part in enumerate(self.parts[1:]):
            out += chr(_ANCHOR_BASE + n) + part
        return out

    def apply(self, translation: str) -> None:
        pieces = _ANCHORS.split(translation)
        order = [ord(ch) - _ANCHOR_BASE for ch in _ANCHORS.findall(translation)]
        if order != list(range(self.anchors)):  # anchors lost or moved: everything before the first
            pieces = [_ANCHORS.sub("", translation)] + [""] * self.anchors
        carry = ""
        last_with_text: Any = None
        for group, piece in zip(self.groups, pieces, strict=True):
            holders = [r for r in group if _run_text(r)]
            if not holders:
                carry += piece
                continue
            _set_run_text(holders[0], carry + piece)
            carry = ""
            for r in holders[1:]:
                _set_run_text(r, "")
            last_with_text = holders[0]
        if carry and last_with_text is not None:
            _set_run_text(last_with_text, _run_text(last_with_text) + carry)


def _paragraph_units(p: Any) -> Iterator[_Unit]:
    """The paragraph's own unit, then one for each hyperlink in it."""
    unit = _Unit()
    links: list[_Unit] = []
    field_depth = 0  # inside a complex field (fldChar begin .. end): its runs are left alone
    for child in p:
        tag = child.tag
        if tag == f"{_W}r":
            chars = child.findall(f"{_W}fldChar")
            for ch in chars:
                kind = ch.get(f"{_W}fldCharType")
                if kind == "begin":
                    if field_depth == 0:
                        unit.add_anchor()
                    field_depth += 1
                elif kind == "end":
                    field_depth = max(0, field_depth - 1)
            if field_depth == 0 and not chars:
                unit.add_run(child)
        elif tag == f"{_W}hyperlink":
            unit.add_anchor()
            link = _Unit()
            for r in child.findall(f"{_W}r"):
                link.add_run(r)
            links.append(link)
        elif tag in (f"{_W}pPr", f"{_W}bookmarkStart", f"{_W}bookmarkEnd", f"{_W}proofErr"):
            continue
        elif "".join(child.itertext()).strip():  # fldSimple, content controls, tracked changes, …
            unit.add_anchor()
    yield unit
    yield from links


def _block_units(container: Any) -> Iterator[_Unit]:
    """Units of a body, cell, header or footer: its paragraphs and tables, in order."""
    for child in container:
        if child.tag == f"{_W}p":
            yield from _paragraph_units(child)
        elif child.tag == f"{_W}tbl":
            for tc in child.iter(f"{_W}tc"):  # nested tables' cells too; a merged cell is one w:tc
                for inner in tc:
                    if inner.tag == f"{_W}p":
                        yield from _paragraph_units(inner)
        elif child.tag == f"{_W}sdt":  # a content control around blocks
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _block_units(content)


def _docx_units(docx: Any) -> Iterator[_Unit]:
    yield from _block_units(docx.element.body)
    for section in docx.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:  # reading it would add a definition
                continue
            yield from _block_units(part._element)
