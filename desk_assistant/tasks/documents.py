"""Reading what the user opens, drops or pastes into plain text for Summarize and Translate.

One entry point per kind of input: ``read_document`` for a file (.txt/.md/.html/.pdf/.docx, or any
other file that decodes cleanly as text), ``decode_text`` for raw bytes (stdin), ``check_text`` for a
paste. The text keeps the structure the tasks care about as Markdown: headings as ``#`` lines, list
items as ``- `` lines, tables as ``| a | b |`` rows, paragraphs separated by blank lines.

Every failure is an ``InputError`` with one sentence naming the file; limits are checked before
reading (file size) and after extracting (characters), so a 50 MB file is refused without reading it.
The parsing libraries are imported on first use: the window imports this module at start-up.
"""

from __future__ import annotations

import codecs
import re
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from desk_assistant.core.errors import InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from bs4 import Tag
    from docx.document import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
MAX_TEXT_CHARS = 10_000_000
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024

_FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
_OLD_WORD = frozenset({".doc", ".dot"})
# Known binary formats: refused by their name, without reading them. Any other suffix is tried as text.
_REFUSED = frozenset(
    {
        ".docm", ".dotx", ".xls", ".xlsx", ".xlsm", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf",
        ".pages", ".numbers", ".key", ".epub", ".mobi", ".djvu", ".xps", ".zip", ".gz", ".tgz", ".bz2",
        ".xz", ".7z", ".rar", ".tar", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp",
        ".heic", ".ico", ".mp3", ".wav", ".flac", ".ogg", ".m4a", ".mp4", ".mov", ".avi", ".mkv",
        ".webm", ".exe", ".dll", ".so", ".dylib", ".bin", ".iso", ".dmg", ".gguf", ".sqlite", ".db",
    }
)  # fmt: skip
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls/.ppt (Office 97-2003)
_ZIP_MAGIC = b"PK\x03\x04"

_E_MISSING = QT_TRANSLATE_NOOP("errors", "{name} was not found.")
_E_FOLDER = QT_TRANSLATE_NOOP("errors", "{name} is a folder, not a file.")
_E_NOT_REGULAR = QT_TRANSLATE_NOOP("errors", "{name} is not a regular file, so it cannot be read.")
_E_PERMISSION = QT_TRANSLATE_NOOP("errors", "{name} cannot be read because permission was denied.")
_E_UNREADABLE = QT_TRANSLATE_NOOP("errors", "{name} could not be read ({reason}).")
_E_EMPTY = QT_TRANSLATE_NOOP("errors", "{name} is empty.")
_E_NO_TEXT = QT_TRANSLATE_NOOP("errors", "{name} contains no text.")
_E_NOT_TEXT = QT_TRANSLATE_NOOP("errors", "{name} does not look like a text file.")
_E_UNSUPPORTED = QT_TRANSLATE_NOOP(
    "errors", "{name} is not a kind of file that can be read; open a .txt, .md, .html, .pdf or .docx file."
)
_E_OLD_WORD = QT_TRANSLATE_NOOP(
    "errors",
    "{name} is an old Word document (.doc), which cannot be read; save it as .docx in Word or "
    "LibreOffice and open that.",
)
_E_TOO_BIG = QT_TRANSLATE_NOOP(
    "errors", "{name} is too large ({size}; the limit is {limit}), so split it into smaller files."
)
_E_TOO_LONG = QT_TRANSLATE_NOOP(
    "errors",
    "{name} is too long ({chars} characters; the limit is {limit} characters), so split it into "
    "smaller parts.",
)
_E_CANCELLED = QT_TRANSLATE_NOOP("errors", "Reading {name} was cancelled.")
_E_PDF_BROKEN = QT_TRANSLATE_NOOP(
    "errors", "{name} could not be read as a PDF; the file may be damaged or incomplete."
)
_E_PDF_PAGE = QT_TRANSLATE_NOOP(
    "errors", "Page {page} of {name} could not be read; the file may be damaged or incomplete."
)
_E_PDF_PASSWORD = QT_TRANSLATE_NOOP(
    "errors", "{name} is password-protected; remove the password and open it again."
)
_E_PDF_CRYPTO = QT_TRANSLATE_NOOP(
    "errors", "{name} is encrypted with AES, and reading it needs the Python package cryptography."
)
_E_PDF_SCANNED = QT_TRANSLATE_NOOP(
    "errors",
    "{name} has no text layer; it is probably scanned, and reading scanned pages (OCR) is not supported.",
)
_E_DOCX_BROKEN = QT_TRANSLATE_NOOP(
    "errors", "{name} could not be read as a Word document; the file may be damaged or incomplete."
)
_E_HTML_BROKEN = QT_TRANSLATE_NOOP("errors", "{name} could not be read as a web page.")


@dataclass(frozen=True)
class Document:
    text: str  # "\n" newlines, no BOM, no NUL; Markdown-ish structure kept
    name: str  # file name, or a label for pasted text
    format: str  # "txt" | "md" | "html" | "pdf" | "docx" | "paste"
    encoding: str | None = None  # a Python codec that decodes the file's bytes (text files only)
    pages: int | None = None  # PDFs


def _error(template: str, name: str, detail: str | None = None, **args: Any) -> InputError:
    return InputError(template, detail=detail, name=name, **args)


def _size_label(size: int) -> str:
    """'50 MB', '16.5 MB', '900 KB': plain enough for a sentence in both UI languages."""
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    else:
        value, unit = max(size, 1) / 1024, "KB"
    return f"{value:.0f} {unit}" if value >= 100 or value == int(value) else f"{value:.1f} {unit}"


# ---------------------------------------------------------------------------------------------- paste


def check_text(text: str, name: str) -> str:
    """A paste (or decoded stdin) ready for a task; refused when there is nothing to work on or too much."""
    text = _normalize(text)
    if len(text) > MAX_TEXT_CHARS:
        raise _error(_E_TOO_LONG, name, chars=f"{len(text):,}", limit=f"{MAX_TEXT_CHARS:,}")
    if not text:
        raise _error(_E_EMPTY, name)
    if text.isspace():
        raise _error(_E_NO_TEXT, name)
    return text


def _normalize(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text


# ----------------------------------------------------------------------------------------- text bytes

_BOMS: tuple[tuple[bytes, str, str], ...] = (  # (BOM, codec that strips it, encoding reported)
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
_SAMPLE_BYTES = 64 * 1024
# Control characters other than tab, newlines, vertical tab and form feed; text files have next to none.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROL_SAMPLE_CHARS = 100_000
_MAX_CONTROL_RATIO = 0.05
# When several encodings read a short sample equally well, the likelier one for this app's users wins:
# GBK/GB18030 before Korean and Big5, Western European before Central European, and so on.
_PREFERRED = {
    name: rank
    for rank, name in enumerate(
        (
            "gb18030", "big5", "cp950", "big5hkscs", "cp1252", "cp932", "shift_jis", "euc_jp", "cp949",
            "euc_kr", "cp1251", "koi8_r", "cp1250", "iso8859-15", "iso8859-1", "cp1253", "cp1254",
            "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
        )
    )
}  # fmt: skip
_ALWAYS_TRY = ("gb18030", "big5", "cp1252")
_PRIOR_BONUS = {"gb18030": 0.02, "big5": 0.02, "cp1252": 0.15}
_SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "ascii": "utf-8", "iso8859-1": "cp1252"}


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Bytes of a text file in any common encoding -> (normalized text, encoding), or InputError.

    Order: a BOM; NUL bytes (UTF-16 without a BOM, else binary); UTF-8 (strict, so a clean decode is
    all but certain); then charset-normalizer on a sample, and the whole decoded with its answer.
    """
    if not data:
        raise _error(_E_EMPTY, name)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = _decoded(data, codec, name)
            if text is None:
                raise _error(_E_NOT_TEXT, name, detail=f"invalid {label} after its BOM")
            return text, label
    if b"\x00" in data:
        codec = _utf16_without_bom(data[:_SAMPLE_BYTES])
        text = _decoded(data, codec, name) if codec else None
        if codec is None or text is None:
            raise _error(_E_NOT_TEXT, name, detail="NUL bytes")
        return text, codec
    text = _decoded(data, "utf-8", name)
    if text is not None:
        return text, "utf-8"
    sample = data
    if len(data) > _SAMPLE_BYTES:
        # Cut at a newline: 0x0A is never the second byte of a GBK, Big5, Shift_JIS or EUC character.
        sample = data[:_SAMPLE_BYTES]
        cut = sample.rfind(b"\n")
        if cut > _SAMPLE_BYTES // 2:
            sample = sample[: cut + 1]
    tried: set[str] = set()
    for candidate in (sample, data) if sample is not data else (data,):
        codec = _detect(candidate)
        if codec is None or codec in tried:
            continue
        tried.add(codec)
        text = _decoded(data, codec, name)
        if text is not None:
            return text, codec
    raise _error(_E_NOT_TEXT, name, detail=f"no encoding fits (tried {sorted(tried)})")


def _decoded(data: bytes, codec: str, name: str) -> str | None:
    """The text when ``codec`` decodes ``data`` strictly and the result reads as text, else None."""
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    sample = text[:_CONTROL_SAMPLE_CHARS]
    controls = len(_CONTROL.findall(sample))
    if controls and controls > _MAX_CONTROL_RATIO * len(sample):
        raise _error(_E_NOT_TEXT, name, detail=f"{controls} control characters in {len(sample)} ({codec})")
    return _normalize(text)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM has its NUL bytes on one side only (the high byte of ASCII)."""
    sample = sample[: len(sample) // 2 * 2]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd and even <= odd // 50:
        return "utf-16-le"
    if even and odd <= even // 50:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
    found = {_codec_name(m.encoding) for m in matches}
    # On a few bytes charset-normalizer may stop before trying the likeliest encodings: try them too.
    missing = [codec for codec in _ALWAYS_TRY if codec not in found and _decodes(data, codec)]
    if missing:
        matches += list(from_bytes(data, cp_isolation=missing))
    if not matches:
        return None

    # charset-normalizer's "chaos" (how garbled the decoded text looks) is noisy on short samples: GBK
    # "你好，世界" reads as cleanly as Korean cp949, French as Baltic cp1257. A prior in the same units
    # favours the encodings this app's users most likely have; coherence and then the ranking below
    # break what remains tied.
    def score(match: Any) -> float:
        return match.chaos - _PRIOR_BONUS.get(_codec_name(match.encoding), 0.0)

    least = min(score(m) for m in matches)
    tied = [m for m in matches if score(m) <= least + 0.005]
    most_coherent = max(m.coherence for m in tied)
    tied = [m for m in tied if m.coherence >= most_coherent - 0.02]
    best = min(tied, key=lambda m: _PREFERRED.get(_codec_name(m.encoding), len(_PREFERRED)))
    return _codec_name(best.encoding)


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _codec_name(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return _SUPERSETS.get(name, name)


# ------------------------------------------------------------------------------------------ documents


def read_document(path: Path, *, cancel: threading.Event | None = None) -> Document:
    """The text of a file, for Summarize/Translate; any failure is one InputError sentence."""
    path = Path(path)
    name = path.name or str(path)
    suffix = path.suffix.lower()
    size = _regular_file_size(path, name)
    fmt = _FORMATS.get(suffix)
    if suffix in _OLD_WORD:
        if not _head(path, name).startswith(_ZIP_MAGIC):  # a .docx saved under the old name reads fine
            raise _error(_E_OLD_WORD, name)
        fmt = "docx"
    elif fmt is None and suffix in _REFUSED:
        raise _error(_E_UNSUPPORTED, name, detail=f"suffix {suffix}")
    limit = MAX_FILE_BYTES if fmt in ("pdf", "docx") else MAX_TEXT_FILE_BYTES
    if size > limit:
        raise _error(_E_TOO_BIG, name, size=_size_label(size), limit=_size_label(limit))
    if size == 0:
        raise _error(_E_EMPTY, name)

    encoding: str | None = None
    pages: int | None = None
    if fmt == "pdf":
        text, pages = _read_pdf(path, name, cancel)
    elif fmt == "docx":
        text = _read_docx(path, name, cancel)
    else:
        data = _read_bytes(path, name, limit)
        if fmt == "html":
            text, encoding = _decode_html(data, name)
            text = _html_text(text, name)
        else:
            try:
                text, encoding = decode_text(data, name)
            except InputError as exc:
                if fmt is None and exc.template == _E_NOT_TEXT:
                    raise _error(_E_UNSUPPORTED, name, detail=f"suffix {suffix!r}: {exc.detail}") from None
                raise
            fmt = fmt or "txt"
    if len(text) > MAX_TEXT_CHARS:
        raise _error(_E_TOO_LONG, name, chars=f"{len(text):,}", limit=f"{MAX_TEXT_CHARS:,}")
    if not text or text.isspace():
        raise _error(_E_NO_TEXT, name)
    return Document(text=text, name=name, format=fmt, encoding=encoding, pages=pages)


def _regular_file_size(path: Path, name: str) -> int:
    try:
        info = path.stat()
    except OSError as exc:
        raise _os_error(exc, name) from None
    if stat.S_ISDIR(info.st_mode):
        raise _error(_E_FOLDER, name)
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
        raise _error(_E_NOT_REGULAR, name)
    return info.st_size


def _os_error(exc: OSError, name: str) -> InputError:
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, FileNotFoundError):
        return _error(_E_MISSING, name, detail=detail)
    if isinstance(exc, IsADirectoryError):
        return _error(_E_FOLDER, name, detail=detail)
    if isinstance(exc, PermissionError):
        return _error(_E_PERMISSION, name, detail=detail)
    return _error(_E_UNREADABLE, name, detail=detail, reason=exc.strerror or type(exc).__name__)


def _open(path: Path, name: str) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise _os_error(exc, name) from None


def _head(path: Path, name: str, size: int = 8) -> bytes:
    with _open(path, name) as fh:
        try:
            return fh.read(size)
        except OSError as exc:
            raise _os_error(exc, name) from None


def _read_bytes(path: Path, name: str, limit: int) -> bytes:
    with _open(path, name) as fh:
        try:
            data = fh.read(limit + 1)  # the file may have grown since stat()
        except OSError as exc:
            raise _os_error(exc, name) from None
    if len(data) > limit:
        raise _error(_E_TOO_BIG, name, size=_size_label(len(data)), limit=_size_label(limit))
    return data


def _cancelled(cancel: threading.Event | None, name: str) -> None:
    if cancel is not None and cancel.is_set():
        raise _error(_E_CANCELLED, name)


class _Blocks:
    """Blocks of Markdown separated by blank lines; consecutive items of one list by a single newline."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._group: str | None = None

    def add(self, text: str, group: str | None = None) -> None:
        if self._parts:
            self._parts.append("\n" if group is not None and group == self._group else "\n\n")
        self._parts.append(text)
        self._group = group

    def text(self) -> str:
        return "".join(self._parts)


_SPACES = re.compile(r"\s+")
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A line break between two Chinese or Japanese characters is no space (CSS Text: segment breaks).
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n\s*(?=[{_CJK}])")


def _collapse(text: str) -> str:
    """Runs of whitespace as one space, as a browser shows them."""
    if "\n" in text:
        text = _CJK_BREAK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _table_rows(rows: list[list[str]]) -> str:
    """Markdown table rows, a header rule after the first row; cells with "|" escaped."""
    rows = [row for row in rows if any(row)]
    if not rows:
        return ""
    lines = ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * len(rows[0]))
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ PDF


def _read_pdf(path: Path, name: str, cancel: threading.Event | None) -> tuple[str, int]:
    """Page texts joined by blank lines; ``cancel`` is checked before each page."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    with _open(path, name) as fh:
        try:
            if b"%PDF-" not in fh.read(1024):
                raise _error(_E_PDF_BROKEN, name, detail="no %PDF- header")
            fh.seek(0)
            reader = PdfReader(fh)  # tries the empty user password itself
            # Encrypted with an owner password only (the user password empty): readable, like in a viewer.
            if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise _error(_E_PDF_PASSWORD, name)
            count = len(reader.pages)
        except InputError:
            raise
        except DependencyError as exc:
            raise _error(_E_PDF_CRYPTO, name, detail=str(exc)) from None
        except Exception as exc:  # pypdf raises many types on malformed files
            raise _error(_E_PDF_BROKEN, name, detail=f"{type(exc).__name__}: {exc}") from None
        if count == 0:
            raise _error(_E_PDF_BROKEN, name, detail="no pages")
        texts: list[str] = []
        for index in range(count):
            _cancelled(cancel, name)
            try:
                page_text = reader.pages[index].extract_text()
            except DependencyError as exc:
                raise _error(_E_PDF_CRYPTO, name, detail=str(exc)) from None
            except Exception as exc:
                detail = f"page {index + 1}: {type(exc).__name__}: {exc}"
                raise _error(_E_PDF_PAGE, name, detail=detail, page=index + 1) from None
            page_text = _normalize(page_text).strip()
            if page_text:
                texts.append(page_text)
    if not texts:
        raise _error(_E_PDF_SCANNED, name, detail=f"{count} pages without text")
    return "\n\n".join(texts), count


# ----------------------------------------------------------------------------------------------- DOCX

_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.IGNORECASE)
_LIST_LEVEL = re.compile(r"(\d+)\s*$")


@dataclass(frozen=True)
class _ParagraphKind:
    heading: int = 0  # 1-6 for a heading ("Title" is 1)
    list_marker: str = ""  # "- " or "1. " for a list paragraph
    list_level: int = 1


def _read_docx(path: Path, name: str, cancel: threading.Event | None) -> str:
    head = _head(path, name)
    if head.startswith(_OLE_MAGIC):
        raise _error(_E_OLD_WORD, name, detail="OLE compound file")
    if not head.startswith(_ZIP_MAGIC):
        raise _error(_E_DOCX_BROKEN, name, detail="not a ZIP file")
    import docx

    try:
        document = docx.Document(str(path))
        return _docx_text(document, name, cancel)
    except InputError:
        raise
    except Exception as exc:  # zipfile, lxml, KeyError on a missing part, ValueError on another type
        raise _error(_E_DOCX_BROKEN, name, detail=f"{type(exc).__name__}: {exc}") from None


def _docx_text(document: DocxDocument, name: str, cancel: threading.Event | None) -> str:
    from docx.table import Table

    blocks = _Blocks()
    kinds: dict[str | None, _ParagraphKind] = {}
    for index, item in enumerate(_docx_items(document)):
        if index % 256 == 0:
            _cancelled(cancel, name)
        if isinstance(item, Table):
            table = _table_rows(_docx_table(item))
            if table:
                blocks.add(table)
            continue
        text = item.text.strip()
        if not text:
            continue
        style_id = item._p.style
        kind = kinds.get(style_id)
        if kind is None:
            kind = kinds[style_id] = _docx_style_kind(item)
        p_pr = item._p.pPr
        num_pr = p_pr.numPr if p_pr is not None else None
        if kind.heading:
            blocks.add("#" * kind.heading + " " + _collapse(text))
        elif kind.list_marker or num_pr is not None:
            level = kind.list_level
            if num_pr is not None and num_pr.ilvl is not None:
                level = num_pr.ilvl.val + 1
            marker = kind.list_marker or "- "
            blocks.add("  " * (level - 1) + marker + _collapse(text), group="list")
        else:
            blocks.add(text)
    return blocks.text()


def _docx_items(document: DocxDocument) -> Iterator[Paragraph | Table]:
    """Body paragraphs and tables in document order, including those inside content controls
    (cover pages, tables of contents), which ``Document.iter_inner_content`` skips."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    p_tag, tbl_tag, sdt_tag, content_tag = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
    part = document.part

    def walk(element: Any) -> Iterator[Paragraph | Table]:
        for child in element.iterchildren():
            if child.tag == p_tag:
                yield Paragraph(child, part)
            elif child.tag == tbl_tag:
                yield Table(child, part)
            elif child.tag == sdt_tag:
                content = child.find(content_tag)
                if content is not None:
                    yield from walk(content)

    yield from walk(document.element.body)


def _docx_style_kind(paragraph: Paragraph) -> _ParagraphKind:
    """Heading or list, from the paragraph style or the style it is based on ("My Heading" <- "Heading 2")."""
    style = paragraph.style
    for _ in range(8):
        if style is None:
            break
        style_name = style.name or ""
        lowered = style_name.lower()
        if lowered == "title":
            return _ParagraphKind(heading=1)
        match = _HEADING_STYLE.fullmatch(lowered)
        if match:
            return _ParagraphKind(heading=min(max(int(match.group(1)), 1), 6))
        if lowered.startswith("list"):
            level = _LIST_LEVEL.search(style_name)
            marker = "1. " if "number" in lowered else "- "
            return _ParagraphKind(list_marker=marker, list_level=int(level.group(1)) if level else 1)
        style = style.base_style
    return _ParagraphKind()


def _docx_table(table: Table) -> list[list[str]]:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    p_tag = qn("w:p")
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell repeats: keep the columns, not the text
                cells.append("")
                continue
            previous = cell._tc
            # Every paragraph in the cell, nested tables included, in order.
            texts = (Paragraph(p, cell).text for p in cell._tc.iter(p_tag))
            cells.append(_collapse(" ".join(texts)))
        rows.append(cells)
    return rows


# ----------------------------------------------------------------------------------------------- HTML

_HTML_DROP = ("script", "style", "noscript", "template", "head")
_HTML_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header",
        "hgroup", "html", "legend", "li", "main", "nav", "p", "section", "summary", "td", "th", "tr",
        "tbody", "thead", "tfoot",
    }
)  # fmt: skip
_HTML_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_HTML_LISTS = frozenset({"ul", "ol", "menu"})
_BR = "\x00"  # never in decoded text (_normalize drops NUL)
# Declared charsets read the way browsers read them (WHATWG Encoding): the superset decoder first.
_HTML_CHARSETS = {
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "x-gbk": ("gb18030",),
    "big5": ("big5", "cp950", "big5hkscs"),
    "iso-8859-1": ("cp1252",),
    "latin1": ("cp1252",),
    "us-ascii": ("cp1252",),
    "ascii": ("cp1252",),
    "shift_jis": ("cp932",),
    "euc-kr": ("cp949",),
}


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    """BOM first, then the declared charset (meta or XML declaration), then detection, as browsers do."""
    if not any(data.startswith(bom) for bom, _, _ in _BOMS):
        from bs4.dammit import EncodingDetector

        declared = EncodingDetector.find_declared_encoding(data, is_html=True)
        if declared:
            declared = declared.lower()
            if declared.startswith(("utf-16", "utf-32")):  # a meta tag cannot be read in UTF-16
                declared = "utf-8"
            for codec in _HTML_CHARSETS.get(declared, (declared,)):
                try:
                    text = data.decode(codec)
                except (UnicodeDecodeError, LookupError):
                    continue
                return _normalize(text), _codec_name(codec)
    return decode_text(data, name)


def _html_text(markup: str, name: str) -> str:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(markup, "html.parser")
        for tag in soup(_HTML_DROP):
            tag.decompose()
        writer = _HtmlWriter()
        writer.walk(soup)
        writer.flush()
        return writer.blocks.text()
    except RecursionError as exc:  # absurdly deep nesting
        raise _error(_E_HTML_BROKEN, name, detail=repr(exc)) from None


def _is_text_node(node: Any) -> bool:
    from bs4 import NavigableString
    from bs4.element import PreformattedString

    # PreformattedString: comments, CDATA, doctype, processing instructions.
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


def _inline(tag: Tag) -> str:
    """The text of an element on one line; block children are kept apart by a space."""
    parts: list[str] = []

    def gather(node: Tag) -> None:
        for child in node.children:
            if _is_text_node(child):
                parts.append(str(child))
            elif child.name is not None:
                separate = child.name in _HTML_BLOCKS or child.name in _HTML_HEADINGS or child.name == "br"
                if separate:
                    parts.append(" ")
                gather(child)
                if separate:
                    parts.append(" ")

    gather(tag)
    return _collapse("".join(parts))


class _HtmlWriter:
    """Walks the parsed page into Markdown-ish blocks: headings, list items, table rows, paragraphs."""

    def __init__(self) -> None:
        self.blocks = _Blocks()
        self._line: list[str] = []  # the current paragraph; _BR stands for a <br>
        self._lists = 0  # each top-level list is its own block

    def flush(self) -> None:
        if not self._line:
            return
        lines = (_collapse(part) for part in "".join(self._line).split(_BR))
        self._line.clear()
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.add(text)

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if _is_text_node(child):
                self._line.append(str(child))
            elif child.name is not None:
                self._element(child)

    def _element(self, tag: Tag) -> None:
        name = tag.name
        if name == "br":
            self._line.append(_BR)
        elif name in _HTML_HEADINGS:
            self.flush()
            text = _inline(tag)
            if text:
                self.blocks.add("#" * _HTML_HEADINGS[name] + " " + text)
        elif name in _HTML_LISTS:
            self.flush()
            self._lists += 1
            self._list(tag, 0)
        elif name == "table":
            self.flush()
            table = _table_rows(self._table(tag))
            if table:
                self.blocks.add(table)
        elif name == "pre":
            self.flush()
            code = tag.get_text().strip("\n")
            if code.strip():
                self.blocks.add("```\n" + code + "\n```")
        elif name in _HTML_BLOCKS or name == "hr":
            self.flush()
            self.walk(tag)
            self.flush()
        else:
            self.walk(tag)

    def _list(self, tag: Tag, depth: int) -> None:
        ordered = tag.name == "ol"
        number = int(tag["start"]) if ordered and str(tag.get("start", "")).isdigit() else 1
        for child in tag.children:
            if child.name is None:
                continue
            if child.name in _HTML_LISTS:  # a list nested without its <li>
                self._list(child, depth + 1)
                continue
            self._list_item(child, f"{number}. " if ordered else "- ", depth)
            number += 1

    def _list_item(self, item: Tag, marker: str, depth: int) -> None:
        """One "- text" line; a nested list follows on indented lines, text after it continues the item."""
        pending: list[str] = []
        for sub in item.children if item.name == "li" else (item,):
            if _is_text_node(sub):
                pending.append(str(sub))
            elif sub.name in _HTML_LISTS:
                marker = self._list_line(pending, marker, depth)
                self._list(sub, depth + 1)
            elif sub.name is not None:
                pending.append(_inline(sub))
        self._list_line(pending, marker, depth)

    def _list_line(self, pending: list[str], marker: str, depth: int) -> str:
        text = _collapse(" ".join(pending))
        pending.clear()
        if not text:
            return marker
        self.blocks.add("  " * depth + marker + text, group=f"list {self._lists}")
        return " " * len(marker)  # later text of the same item continues it

    @staticmethod
    def _table(table: Tag) -> list[list[str]]:
        rows: list[list[str]] = []
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:  # rows of a nested table are in their cell's text
                continue
            cells: list[str] = []
            for cell in tr.find_all(("td", "th"), recursive=False):
                cells.append(_inline(cell))
                span = str(cell.get("colspan", "1"))
                cells += [""] * (min(int(span), 50) - 1 if span.isdigit() and int(span) > 1 else 0)
            rows.append(cells)
        return rows
