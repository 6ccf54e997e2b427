"""A draft written out as Markdown, plain text or Word (.docx) (issue 9: "Export Markdown, plain text,
.docx"). No Qt; the Draft pane uses it, and so can the CLI.

The Markdown is read once with markdown-it (CommonMark plus tables and strikethrough) into plain
blocks (headings, paragraphs, list items, quotes, code, tables) that both writers share, so plain text
and Word agree on what the draft says: headings become Word headings, lists Word lists, bold and
italics stay bold and italics; in plain text the marks go and the words stay. Every file is written
to a temporary file beside the target and renamed over it, so a failure never leaves half a file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from desk_assistant.core.errors import DeskAssistantError, InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP

ExportFormat = Literal["md", "txt", "docx"]
SUFFIXES: dict[str, ExportFormat] = {".md": "md", ".markdown": "md", ".txt": "txt", ".docx": "docx"}
CODE_FONT = "Courier New"
MAX_HEADING_LEVEL = 9  # Word's "Heading 1" … "Heading 9"
MAX_LIST_DEPTH = 3  # Word's "List Bullet", "List Bullet 2", "List Bullet 3"

_E_FORMAT = QT_TRANSLATE_NOOP(
    "errors", "“{name}” is not a format a draft can be saved in; use .md, .txt or .docx."
)
_E_WRITE = QT_TRANSLATE_NOOP("errors", "Could not save {path}: {reason}.")


class ExportError(DeskAssistantError):
    """The file could not be written (folder missing, no permission, disk full)."""


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    soft: bool = False  # a line break in the source: kept in plain text, a space in Word


@dataclass
class Block:
    kind: Literal["heading", "paragraph", "item", "code", "quote", "rule", "table"]
    runs: list[Run] = field(default_factory=list)
    level: int = 0  # heading level (1-6)
    depth: int = 0  # list nesting (0 = top level)
    ordered: bool = False
    number: int = 0  # an ordered item's number
    continued: bool = False  # a later paragraph of the same list item
    rows: list[list[str]] = field(default_factory=list)  # a table's cells, header row first
    list_id: int = 0  # which list an item belongs to (two lists in a row are kept apart)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


# ---- reading the Markdown -------------------------------------------------------------------------


def parse_blocks(markdown: str) -> list[Block]:
    """The draft's blocks in order."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)
    blocks: list[Block] = []
    lists: list[list[Any]] = []  # [ordered, next number, list id] per open list
    list_count = 0
    item_started: list[bool] = []  # per open list item: its first paragraph was used
    quote = 0
    heading: int | None = None
    table: list[list[str]] | None = None
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 1
            list_count += 1
            lists.append([kind == "ordered_list_open", start, list_count])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_started.append(False)
        elif kind == "list_item_close":
            item_started.pop()
            if lists and lists[-1][0]:
                lists[-1][1] += 1
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "heading_open":
            heading = int(token.tag[1:])
        elif kind == "heading_close":
            heading = None
        elif kind == "table_open":
            table = []
        elif kind == "table_close":
            if table:
                blocks.append(Block("table", rows=table))
            table = None
        elif kind == "tr_open" and table is not None:
            table.append([])
        elif kind == "inline" and table is not None and table:
            table[-1].append("".join(" " if r.soft else r.text for r in _runs(token.children or [])))
        elif kind == "inline":
            runs = _runs(token.children or [])
            if heading is not None:
                blocks.append(Block("heading", runs, level=heading))
            elif item_started and not item_started[-1]:
                item_started[-1] = True
                ordered, number, list_id = lists[-1]
                depth = len(lists) - 1
                blocks.append(
                    Block("item", runs, depth=depth, ordered=ordered, number=number, list_id=list_id)
                )
            elif item_started:
                blocks.append(Block("item", runs, depth=len(lists) - 1, continued=True, list_id=lists[-1][2]))
            else:
                blocks.append(Block("quote" if quote else "paragraph", runs))
        elif kind in ("fence", "code_block"):
            blocks.append(Block("code", [Run(token.content.rstrip("\n"), code=True)], depth=len(lists)))
        elif kind == "html_block":
            blocks.append(Block("paragraph", [Run(token.content.strip())]))
        elif kind == "hr":
            blocks.append(Block("rule"))
    return blocks


def _runs(children: Iterable[Any]) -> list[Run]:
    runs: list[Run] = []
    bold = italic = strike = False
    link: str | None = None
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "s_open":
            strike = True
        elif kind == "s_close":
            strike = False
        elif kind == "link_open":
            link = str(child.attrGet("href") or "")
        elif kind == "link_close":
            label = runs[-1].text if runs else ""
            if link and link != label and not link.startswith("#"):
                runs.append(Run(f" ({link})", bold, italic))
            link = None
        elif kind in ("text", "html_inline"):
            runs.append(Run(child.content, bold, italic, strike=strike))
        elif kind == "code_inline":
            runs.append(Run(child.content, bold, italic, code=True))
        elif kind == "image":
            runs.append(Run(child.content or "", bold, italic))
        elif kind == "softbreak":
            runs.append(Run("\n", bold, italic, soft=True))
        elif kind == "hardbreak":
            runs.append(Run("\n", bold, italic))
    return [r for r in runs if r.text]


# ---- writing ----------------------------------------------------------------------------------------


def markdown_to_text(markdown: str) -> str:
    """Plain text: headings, paragraphs and list items with the Markdown marks removed ("- " and
    "1. " stay before list items, which read as lists in any text editor)."""
    out: list[str] = []
    previous: Block | None = None
    for block in parse_blocks(markdown):
        text = _plain_block(block)
        if previous is not None:
            tight = block.kind == "item" and previous.kind == "item" and not block.continued
            tight = tight and (block.list_id == previous.list_id or block.depth != previous.depth)
            out.append("\n" if tight else "\n\n")
        out.append(text)
        previous = block
    return "".join(out).strip("\n") + "\n" if out else ""


def _plain_block(block: Block) -> str:
    indent = "    " * block.depth
    if block.kind == "item":
        marker = "   " if block.continued else (f"{block.number}. " if block.ordered else "- ")
        lines = block.text.split("\n")
        pad = indent + " " * len(marker)
        return indent + marker + lines[0] + "".join("\n" + pad + line for line in lines[1:])
    if block.kind == "table":
        return "\n".join("\t".join(row) for row in block.rows)
    if block.kind == "rule":
        return "* * *"
    if block.kind == "quote":
        return "\n".join("    " + line for line in block.text.split("\n"))
    if block.kind == "code":
        return "\n".join(indent + line for line in block.text.split("\n"))
    return block.text


def markdown_to_docx(markdown: str, title: str = "") -> Any:
    """A python-docx ``Document`` of the draft."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    if title:
        document.core_properties.title = title
    style_names = {s.name for s in document.styles}
    for block in parse_blocks(markdown):
        if block.kind == "heading":
            paragraph = document.add_heading(level=min(block.level, MAX_HEADING_LEVEL))
            _add_runs(paragraph, block.runs)
        elif block.kind == "item":
            if block.continued:
                paragraph = document.add_paragraph(style=_list_style("List Continue", block, style_names))
            else:
                base = "List Number" if block.ordered else "List Bullet"
                paragraph = document.add_paragraph(style=_list_style(base, block, style_names))
            _add_runs(paragraph, block.runs)
        elif block.kind == "quote":
            paragraph = document.add_paragraph(style="Quote" if "Quote" in style_names else None)
            _add_runs(paragraph, block.runs)
        elif block.kind == "code":
            paragraph = document.add_paragraph()
            for i, line in enumerate(block.text.split("\n")):
                run = paragraph.add_run(line)
                run.font.name = CODE_FONT
                run.font.size = Pt(10)
                if i < block.text.count("\n"):
                    run.add_break()
        elif block.kind == "table" and block.rows:
            columns = max(len(row) for row in block.rows)
            table = document.add_table(rows=len(block.rows), cols=columns)
            if "Table Grid" in style_names:
                table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
                    if r == 0:
                        for run in table.cell(r, c).paragraphs[0].runs:
                            run.bold = True
        elif block.kind == "paragraph":
            _add_runs(document.add_paragraph(), block.runs)
    return document


def _list_style(base: str, block: Block, names: set[str]) -> str | None:
    depth = min(block.depth, MAX_LIST_DEPTH - 1)
    for candidate in (f"{base} {depth + 1}" if depth else base, base):
        if candidate in names:
            return candidate
    return None


def _add_runs(paragraph: Any, runs: Iterable[Run]) -> None:
    for piece in runs:
        lines = [" "] if piece.soft else piece.text.split("\n")
        for i, line in enumerate(lines):
            if not line and i < len(lines) - 1:
                paragraph.add_run().add_break()
                continue
            if not line:
                continue
            run = paragraph.add_run(line)
            run.bold = piece.bold or None
            run.italic = piece.italic or None
            if piece.strike:
                run.font.strike = True
            if piece.code:
                run.font.name = CODE_FONT
            if i < len(lines) - 1:
                run.add_break()


# ---- files ------------------------------------------------------------------------------------------


def format_for(path: Path) -> ExportFormat:
    """The format a file name asks for; InputError for any other suffix."""
    found = SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise InputError(_E_FORMAT, name=path.name)
    return found


def export_draft(markdown: str, path: Path, fmt: ExportFormat | None = None, *, title: str = "") -> Path:
    """Write the draft to ``path`` in ``fmt`` (by default from the suffix); the whole file or nothing."""
    path = Path(path)
    fmt = fmt or format_for(path)
    if fmt == "docx":
        document = markdown_to_docx(markdown, title)
        _write_atomically(path, lambda tmp: document.save(str(tmp)))
    else:
        text = markdown if fmt == "md" else markdown_to_text(markdown)
        if text and not text.endswith("\n"):
            text += "\n"
        _write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
    return path


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    tmp: str | None = None
    try:
        mode = _mode_for(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        os.close(fd)
        write(Path(tmp))
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise ExportError(
            _E_WRITE, path=str(path), reason=exc.strerror or str(exc), detail=repr(exc)
        ) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a new file gets under the umask (mkstemp makes 0600)."""
    with contextlib.suppress(OSError):
        return path.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


__all__ = [
    "SUFFIXES",
    "ExportError",
    "ExportFormat",
    "export_draft",
    "format_for",
    "markdown_to_docx",
    "markdown_to_text",
    "parse_blocks",
]
