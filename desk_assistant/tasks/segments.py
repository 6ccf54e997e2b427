"""Cutting a text into the pieces a translation model may touch, and putting it back together.

Structure is kept by the code, not by the model: the model only ever sees inline text.

- ``segment_document(text)`` splits a text (Markdown, or plain when ``markdown=False``) into an ordered
  list of pieces: verbatim strings (fenced and indented code, HTML blocks, front matter, horizontal
  rules, table delimiter rows, link reference definitions, blank lines, the pipes of a table, the
  markers in front of a line) and ``Segment`` objects (a paragraph, a heading's text, a list item's
  text, a table cell). Markdown blocks are found with markdown-it-py (CommonMark + GFM tables); the
  markup in front of each line ("## ", "> ", "- ", "1. ", "- [ ] ") is kept aside as the line's prefix.
- Inside a segment, spans that must come back untouched (inline code, URLs, e-mail addresses, link and
  image targets ``](...)``, autolinks, HTML tags and entities, footnote references) are replaced by
  numbered markers ``[1]`` that the prompt tells the model to keep (``Segment.text_for_model``).
  ``Segment.restore`` puts the spans back; a marker the model dropped is appended at the end of the
  segment (nothing protected is ever lost) and reported in ``Restored.dropped``.
- ``SegmentedDocument.assemble(translations)`` rebuilds the text. Segments without a translation keep
  their source, so ``assemble({})`` returns the input byte for byte (CRLF and lone CR included).

Line breaks inside a paragraph: the model gets the paragraph's lines joined by "\\n". When the
translation has as many lines, each gets its source line's prefix and trailing spaces back; otherwise
the translation's own lines are used, every line after the first carrying the paragraph's continuation
prefix ("> " in a quote, indentation in a list item), so it stays the same block. Blank lines inside
a translated segment are dropped (they would split the block); a heading or a table cell is always one
line (its line breaks become spaces) and a "|" in a translated cell is escaped. In Markdown, a
translated line that would open a block of its own ("- ", "# ", "> ", "1. ", a fence, a rule) gets a
backslash before its marker: it reads the same and cannot add a list or a heading to the document.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

log = logging.getLogger(__name__)

SegmentKind = Literal["paragraph", "heading", "item", "cell", "text"]

# ---- markers ------------------------------------------------------------------------------------
# "[n]" is the marker small models keep best. Measured on SmolLM2-135M-Instruct (the offline starter),
# English -> French, 10 sentences with 1-2 markers x 4 seeds, counting the markers in the paragraph
# that is kept: "[1]" 69 %, "<1>" 40 %, "⟦1⟧" 38 %, "{{1}}" 27 % (it writes "{1}"). Gemma 3 270M,
# a base model, copies its prompt and keeps 81-85 % of every form.
MARKER_EXAMPLE = "[1]"


def marker(number: int) -> str:
    return f"[{number}]"


# What counts as a marker when reading an answer: also "[ 1 ]", "⟦1⟧" and the CJK brackets "【1】"
# "〚1〛" that models write instead. Source text that already looks like one of these (a citation
# "[1]") is protected too, so a marker in an answer is never confused with text.
MARKER_PATTERN = re.compile(r"[⟦\[【〚][ \t]*(\d{1,4})[ \t]*[⟧\]】〛]")
_PARTIAL_MARKER = re.compile(r"[⟦\[【〚][ \t]*\d{0,4}[ \t]*$")  # the end of a text that may become one


# ---- spans the model must not touch ---------------------------------------------------------------
_URL_CHARS = r"[^\s<>`\"\u3000-\u303f\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]"
_PROTECTED = re.compile(
    "|".join(
        (
            r"(?P<code>(?<!`)(`+)(?!`).+?(?<!`)\2(?!`))",  # inline code, any number of backticks
            r"<!--.*?-->",  # HTML comment
            r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>",  # autolink
            r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>",  # HTML tag
            r"\]\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)",
            r"\[\^[^\]\s]+\]",  # footnote reference [^1]
            r"\]\[[^\[\]]*\]",  # reference link label ][ref]
            rf"(?:(?:https?|ftp)://|mailto:|www\.){_URL_CHARS}+",  # bare URL
            r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",  # e-mail address
            r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",  # HTML entity
            MARKER_PATTERN.pattern,  # text that looks like a marker
            r"[\ue000-\uf8ff]",  # private-use characters: anchors placed by callers (.docx links)
        )
    ),
    re.DOTALL,
)
_URL_TRAIL = ".,;:!?'\")]}*_~"
_ANCHOR = re.compile("[\ue000-\uf8ff]")
_LETTER = re.compile(r"[^\W\d_]")


def _trim_url(span: str) -> str:
    """A bare URL without the punctuation that ends the sentence around it ("see https://x.org.")."""
    if not span.startswith(("http", "ftp", "mailto:", "www.")):
        return span
    while span and span[-1] in _URL_TRAIL:
        if span[-1] == ")" and span.count("(") >= span.count(")"):
            break  # https://en.wikipedia.org/wiki/Foo_(bar)
        span = span[:-1]
    return span


def protect(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with its protected spans replaced by markers 1..n, and the spans in marker order."""
    spans: list[str] = []
    out: list[str] = []
    pos = 0
    while True:
        match = _PROTECTED.search(text, pos)
        if match is None:
            break
        span = _trim_url(match.group(0))
        if not span:  # cannot happen with these patterns; guards an endless loop
            pos = match.end()
            continue
        out.append(text[pos : match.start()])
        spans.append(span)
        out.append(marker(len(spans)))
        pos = match.start() + len(span)
    out.append(text[pos:])
    return "".join(out), tuple(spans)


@dataclass(frozen=True)
class Restored:
    """A translated segment with its protected spans back; ``dropped``: spans the model left out
    (appended at the end of ``text``)."""

    text: str
    dropped: tuple[str, ...] = ()


def restore(model_text: str, spans: Sequence[str]) -> Restored:
    """Put ``spans`` back where the model kept their markers. A marker used twice is restored once
    (the copy is removed); an unknown number is removed; a missing one is appended at the end."""
    seen: set[int] = set()

    def put_back(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if 1 <= number <= len(spans) and number not in seen:
            seen.add(number)
            return spans[number - 1]
        return ""

    text = MARKER_PATTERN.sub(put_back, model_text)
    dropped = tuple(span for number, span in enumerate(spans, 1) if number not in seen)
    if dropped:
        text = text.rstrip()
        text += (" " if text else "") + " ".join(dropped)
    return Restored(text, dropped)


class StreamRestorer:
    """Puts spans back into streamed text as it arrives (for display only: the final text is
    ``restore``'s). Text that may be the start of a marker is held back until it is complete."""

    def __init__(self, spans: Sequence[str]) -> None:
        self.spans = tuple(spans)
        self._pending = ""
        self._seen: set[int] = set()

    def feed(self, piece: str) -> str:
        text = self._pending + piece
        partial = _PARTIAL_MARKER.search(text)
        if partial:
            text, self._pending = text[: partial.start()], text[partial.start() :]
        else:
            self._pending = ""
        return self._put_back(text)

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return self._put_back(text)

    def _put_back(self, text: str) -> str:
        def put_back(match: re.Match[str]) -> str:
            number = int(match.group(1))
            if 1 <= number <= len(self.spans) and number not in self._seen:
                self._seen.add(number)
                return self.spans[number - 1]
            return ""

        return MARKER_PATTERN.sub(put_back, text)


def shift_markers(text: str, delta: int) -> str:
    """``text`` with every marker's number moved by ``delta`` (and written in the canonical form)."""
    if not delta:
        return text
    return MARKER_PATTERN.sub(lambda found: marker(int(found.group(1)) + delta), text)


def strip_markers(text: str) -> str:
    return MARKER_PATTERN.sub(" ", text)


# ---- segments -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentLine:
    """One source line of a segment: markup kept aside (``prefix``), the text, and what follows it
    (closing "#"s of a heading, trailing spaces, the line ending)."""

    prefix: str
    content: str
    end: str

    @property
    def original(self) -> str:
        return self.prefix + self.content + self.end


@dataclass(frozen=True)
class Segment:
    """A piece of inline text to translate. ``index`` is its number in the document (0-based), the key
    its streamed text and its translation go by."""

    index: int
    kind: SegmentKind
    lines: tuple[SegmentLine, ...]
    start: int  # offset of the segment's first line in the source text
    end: int  # offset just past its last line (line ending included)
    text_for_model: str = ""
    spans: tuple[str, ...] = ()
    # prefix for lines a translation adds beyond the source's; None: one line only (headings, cells)
    continuation: str | None = ""
    markdown: bool = False  # a translated line that would open a new block gets its marker escaped

    @property
    def source(self) -> str:
        """The inline text as written (markup and markers not included; lines joined by "\\n")."""
        return "\n".join(line.content for line in self.lines)

    @property
    def original(self) -> str:
        return "".join(line.original for line in self.lines)

    def restore(self, model_text: str) -> Restored:
        return restore(model_text, self.spans)

    def stream_restorer(self) -> StreamRestorer:
        return StreamRestorer(self.spans)

    def tidy(self, text: str) -> str:
        """A translation laid out as ``render`` will place it: no blank lines (they would split the
        block), one line for headings and cells."""
        return "\n".join(_translated_lines(text, single_line=self.continuation is None))

    def render(self, text: str) -> str:
        """The segment's block with ``text`` (already restored) in place of its source; an empty text
        is no translation (the source stays: an empty setext heading or list item would change the
        structure around it)."""
        if not text.strip():
            return self.original
        lines = _translated_lines(text, single_line=self.continuation is None)
        if self.markdown and self.kind != "cell":
            lines = [_escape_block_start(line) for line in lines]
        if self.kind == "cell":
            lines = [_escape_pipes(line) for line in lines]
        if not lines:
            lines = [""]
        source = self.lines
        if len(lines) == len(source):
            return "".join(s.prefix + t + s.end for s, t in zip(source, lines, strict=True))
        newline = _line_ending(source[0].end) or _line_ending(source[-1].end) or "\n"
        first, last = source[0], source[-1]
        parts = [first.prefix + lines[0]]
        cont = self.continuation or ""
        parts += [newline + cont + line for line in lines[1:]]
        return "".join(parts) + last.end


def _line_ending(end: str) -> str:
    if end.endswith("\r\n"):
        return "\r\n"
    if end.endswith(("\n", "\r")):
        return end[-1]
    return ""


_BLANK_RUN = re.compile(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*)+")


def _translated_lines(text: str, *, single_line: bool) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if single_line:
        return [" ".join(part.strip() for part in text.split("\n") if part.strip())]
    text = _BLANK_RUN.sub("\n", text)
    return [line.rstrip() for line in text.split("\n")]


_BLOCK_START = re.compile(
    r"^([ \t]*)(?:"
    r"(?P<mark>#{1,6}|[-+*]|\d{1,9}(?P<dot>[.)]))(?=[ \t]|$)|>"  # heading, list item, quote
    r"|(?P<fence>```|~~~)"  # code fence
    r"|(?P<rule>(?:[-=*_][ \t]*){3,}$|=+[ \t]*$)"  # rule or setext underline
    r"|(?P<html><(?:!--|/?(?:address|article|aside|blockquote|details|div|dl|fieldset|figure|footer|form|"
    r"h[1-6]|header|hr|li|main|nav|ol|p|pre|script|section|style|table|ul)\b))"
    r")",
    re.IGNORECASE,
)


def _escape_block_start(line: str) -> str:
    """A translated line that would open a block of its own (a list item, a heading, a fence, …) in
    the middle of a paragraph, with a backslash before its marker: it reads the same, and the
    document keeps its structure."""
    found = _BLOCK_START.match(line)
    if found is None:
        return line
    at = found.start("dot") if found.group("dot") else found.end(1)
    return line[:at] + "\\" + line[at:]


def _escape_pipes(text: str) -> str:
    return re.sub(r"(?<!\\)\|", r"\\|", text)


@dataclass
class SegmentedDocument:
    """A text as verbatim strings and segments, in order. ``segments[i].index == i``."""

    text: str
    pieces: list[str | Segment]
    markdown: bool
    segments: list[Segment] = field(default_factory=list)
    # ``segment_texts`` only: the number of the given text -> its segment's index
    segment_of: dict[int, int] = field(default_factory=dict)
    # the texts hold private-use anchors (links and fields of a .docx paragraph): ``visible`` drops them
    anchored: bool = False

    def __post_init__(self) -> None:
        if not self.segments:
            self.segments = [p for p in self.pieces if isinstance(p, Segment)]

    def __len__(self) -> int:
        return len(self.segments)

    def assemble(self, translations: Mapping[int, str]) -> str:
        """The text with each translated segment (model text, markers and all) in place of its
        source; segments without a translation keep theirs."""
        blocks = {}
        for i, model_text in translations.items():
            segment = self.segments[i]
            blocks[i] = segment.render(segment.restore(model_text).text)
        return self.join(blocks)

    def visible(self, text: str) -> str:
        """``text`` as a person should see it (without the anchors of ``segment_texts``)."""
        return _ANCHOR.sub("", text) if self.anchored else text

    def join(self, blocks: Mapping[int, str]) -> str:
        """The text with ``blocks[i]`` (a rendered segment, see ``Segment.render``) in place of
        segment ``i``."""
        out: list[str] = []
        for piece in self.pieces:
            if isinstance(piece, Segment):
                out.append(blocks.get(piece.index, piece.original))
            else:
                out.append(piece)
        return "".join(out)


def segment_document(text: str, *, markdown: bool = True) -> SegmentedDocument:
    """Split ``text`` into verbatim pieces and segments (see the module's docstring)."""
    lines = _split_lines(text)
    builder = _Builder(text, lines, markdown=markdown)
    if markdown:
        try:
            _MarkdownScanner(lines, builder).scan()
        except Exception:  # markdown-it should never fail; if it does, plain text is still exact
            log.exception("markdown segmentation failed; treating the text as plain")
            builder = _Builder(text, lines)
            _plain_scan(lines, builder)
            markdown = False
    else:
        _plain_scan(lines, builder)
    document = builder.build(markdown)
    if document.join({}) != text:  # the invariant the rest relies on; never seen, but never silent
        log.error("segmentation did not reproduce the text; translating it as one plain block")
        builder = _Builder(text, lines)
        _plain_scan(lines, builder)
        document = builder.build(False)
    return document


_MARKDOWN_SIGNS = re.compile(
    r"^(?:[ \t]{0,3}(?:#{1,6}[ \t]|```|~~~)|[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|)"  # heading, fence, table
    r"|\]\(|`[^`\n]+`|\*\*[^*\n]+\*\*",  # link or image, inline code, bold
    re.MULTILINE,
)


_SEARCH_CHARS = 64_000  # one regex search holds the GIL: over a 3 MB text, 16 ms of a window's time


def looks_like_markdown(text: str) -> bool:
    """Whether a pasted text uses Markdown's own syntax (headings, fences, tables, links, code, bold).
    Lists and quotes are not counted: plain text has them too, and reads the same either way.
    Searched a run of whole lines at a time (no sign spans a line break), so other threads get a turn."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + _SEARCH_CHARS)
        end = len(text) if end < 0 else end + 1
        if _MARKDOWN_SIGNS.search(text, start, end) is not None:
            return True
        start = end
    return False


def segment_texts(
    texts: Sequence[str], separator: str = "\n\n", *, anchored: bool = False
) -> SegmentedDocument:
    """One plain segment per given text (a .docx paragraph, say), in order, joined by ``separator``.
    A text without letters gets no segment; ``segment_of[i]`` maps a text to its segment.
    ``anchored``: the texts hold private-use characters standing for things the model must keep
    in place (they are protected like code; see ``translate_files``)."""
    pieces: list[str | Segment] = []
    joined: list[str] = []
    pos = 0
    index = 0
    owner: dict[int, int] = {}
    for n, item in enumerate(texts):
        if n:
            pieces.append(separator)
            joined.append(separator)
            pos += len(separator)
        segment = _make_segment(index, "text", [_plain_line(item, "")], pos, pos + len(item), "")
        if segment is None:
            pieces.append(item)
        else:
            pieces.append(segment)
            owner[n] = index
            index += 1
        joined.append(item)
        pos += len(item)
    return SegmentedDocument("".join(joined), pieces, markdown=False, segment_of=owner, anchored=anchored)


# ---- building -----------------------------------------------------------------------------------

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class _Line:
    start: int
    body: str
    ending: str


def _split_lines(text: str) -> list[_Line]:
    """Lines as markdown-it counts them ("\\r\\n", "\\r" and "\\n" each end one)."""
    lines: list[_Line] = []
    pos = 0
    for match in _LINE_END.finditer(text):
        lines.append(_Line(pos, text[pos : match.start()], match.group(0)))
        pos = match.end()
    if pos < len(text):
        lines.append(_Line(pos, text[pos:], ""))
    return lines


def _make_segment(
    index: int,
    kind: SegmentKind,
    seg_lines: list[SegmentLine],
    start: int,
    end: int,
    continuation: str | None,
    markdown: bool = False,
) -> Segment | None:
    """A segment, or None when there is nothing to translate in it (no letters outside spans)."""
    source = "\n".join(line.content for line in seg_lines)
    for_model, spans = protect(source)
    if not _LETTER.search(strip_markers(for_model)):
        return None
    return Segment(index, kind, tuple(seg_lines), start, end, for_model, spans, continuation, markdown)


def _plain_line(body: str, ending: str) -> SegmentLine:
    content = body.strip()
    if not content:
        return SegmentLine(body, "", ending)
    lead = len(body) - len(body.lstrip())
    return SegmentLine(body[:lead], content, body[lead + len(content) :] + ending)


class _Builder:
    def __init__(self, text: str, lines: list[_Line], *, markdown: bool = False) -> None:
        self.markdown = markdown
        self.text = text
        self.lines = lines
        self.pieces: list[str | Segment] = []
        self.pos = 0  # text offset up to which pieces cover the text
        self.count = 0

    def verbatim_to(self, offset: int) -> None:
        if offset > self.pos:
            self._verbatim(self.text[self.pos : offset])
            self.pos = offset

    def _verbatim(self, text: str) -> None:
        if self.pieces and isinstance(self.pieces[-1], str):
            self.pieces[-1] += text
        else:
            self.pieces.append(text)

    def segment(
        self, kind: SegmentKind, seg_lines: list[SegmentLine], start: int, continuation: str | None
    ) -> None:
        """A segment starting at ``start`` (everything before it becomes verbatim)."""
        self.verbatim_to(start)
        end = start + sum(len(line.original) for line in seg_lines)
        segment = _make_segment(self.count, kind, seg_lines, start, end, continuation, self.markdown)
        if segment is None:
            self.verbatim_to(end)
            return
        self.pieces.append(segment)
        self.count += 1
        self.pos = end

    def build(self, markdown: bool) -> SegmentedDocument:
        self.verbatim_to(len(self.text))
        return SegmentedDocument(self.text, self.pieces, markdown)


def _plain_scan(lines: list[_Line], builder: _Builder) -> None:
    """Plain text: every run of non-blank lines is one segment (its lines' indentation kept aside)."""
    run: list[_Line] = []

    def close() -> None:
        if run:
            seg_lines = [_plain_line(line.body, line.ending) for line in run]
            continuation = seg_lines[1].prefix if len(seg_lines) > 1 else ""
            builder.segment("text", seg_lines, run[0].start, continuation)
            run.clear()

    for line in lines:
        if line.body.strip():
            run.append(line)
        else:
            close()
    close()


# ---- Markdown -----------------------------------------------------------------------------------

_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")
_QUOTE_PREFIX = re.compile(r"^(?:[ \t]*>)*[ \t]*")
_TASK_BOX = re.compile(r"^\[[ xX]\][ \t]+(?=\S)")
_FOOTNOTE_LABEL = re.compile(r"^\[\^[^\]\s]+\]:[ \t]*(?=\S)")
_FRONT_MATTER_END = {"---", "..."}


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _front_matter_lines(lines: list[_Line]) -> int:
    """How many lines of YAML front matter ("---" … "---") open the document (0 if none)."""
    if not lines or lines[0].body.rstrip() != "---":
        return 0
    for i in range(1, min(len(lines), 200)):
        if lines[i].body.rstrip() in _FRONT_MATTER_END:
            return i + 1
    return 0


def _continuation_of(prefix: str) -> str:
    """The prefix of a line that continues a block opened with ``prefix``: quote marks stay, list
    markers become spaces ("> 1. " -> ">    ")."""
    return re.sub(r"[^>\s]", " ", prefix).replace("\t", "    ")


class _MarkdownScanner:
    def __init__(self, lines: list[_Line], builder: _Builder) -> None:
        self.lines = lines
        self.builder = builder

    def scan(self) -> None:
        skip = _front_matter_lines(self.lines)
        bodies = ["" if i < skip else line.body for i, line in enumerate(self.lines)]
        tokens = _parser().parse("\n".join(bodies))
        stack: list[Any] = []  # open container / block tokens
        for token in tokens:
            if token.nesting == 1:
                stack.append(token)
            elif token.nesting == -1 and stack:
                stack.pop()
            if token.type == "inline" and token.map and stack:
                parent = stack[-1]
                if parent.type == "paragraph_open":
                    item = stack[-2] if len(stack) >= 2 and stack[-2].type == "list_item_open" else None
                    self._paragraph(token, item)
                elif parent.type == "heading_open":
                    self._heading(token, setext=parent.markup in ("=", "-"))
            elif token.type == "tr_open" and token.map:
                self._table_row(token.map[0])

    # -- leaves

    def _match_lines(self, first: int, contents: list[str]) -> list[SegmentLine]:
        out: list[SegmentLine] = []
        for k, content in enumerate(contents):
            line = self.lines[first + k]
            body = line.body
            stripped = content.strip()
            head = body.rstrip()
            if stripped and head.endswith(stripped):
                begin = len(head) - len(stripped)
            else:  # tabs expanded by markdown-it: fall back to the container markup
                begin = _CONTAINER_PREFIX.match(body).end()  # type: ignore[union-attr]
                stripped = head[begin:] if begin < len(head) else ""
            out.append(SegmentLine(body[:begin], stripped, body[begin + len(stripped) :] + line.ending))
        return out

    def _paragraph(self, token: Any, item: Any) -> None:
        """A paragraph (``item``: the list item it is directly in, if any)."""
        first, last = token.map
        contents = token.content.split("\n")
        if len(contents) != last - first:
            return  # unexpected shape: leave the lines verbatim
        seg_lines = self._match_lines(first, contents)
        if len(seg_lines) > 1:
            continuation = seg_lines[1].prefix or _continuation_of(seg_lines[0].prefix)
        else:  # from the marker alone: a task box's width would make the next line indented code
            continuation = _continuation_of(seg_lines[0].prefix)
        head = seg_lines[0]
        label = _FOOTNOTE_LABEL.match(head.content)  # "[^1]: the note": the label is markup
        if item is not None and item.map and item.map[0] == first:
            label = label or _TASK_BOX.match(head.content)
        if label:
            seg_lines[0] = SegmentLine(head.prefix + label.group(0), head.content[label.end() :], head.end)
        kind: SegmentKind = "item" if item is not None else "paragraph"
        self.builder.segment(kind, seg_lines, self.lines[first].start, continuation)

    def _heading(self, token: Any, *, setext: bool) -> None:
        first, last = token.map
        if setext:
            contents = token.content.split("\n")
            if len(contents) != last - first:
                return
            seg_lines = self._match_lines(first, contents)
            self.builder.segment("heading", seg_lines, self.lines[first].start, None)
            return
        line = self.lines[first]
        body = line.body
        content = token.content.strip()
        hashes = body.find("#")
        begin = body.find(content, hashes + 1) if content else -1
        if hashes < 0 or begin < 0:
            return
        seg_line = SegmentLine(body[:begin], content, body[begin + len(content) :] + line.ending)
        self.builder.segment("heading", [seg_line], line.start, None)

    def _table_row(self, row: int) -> None:
        line = self.lines[row]
        body = line.body
        pos = _QUOTE_PREFIX.match(body).end()  # type: ignore[union-attr]
        cells = _split_cells(body, pos)
        for begin, finish in cells:
            raw = body[begin:finish]
            content = raw.strip()
            if not content:
                continue
            start = begin + (len(raw) - len(raw.lstrip()))
            self.builder.segment("cell", [SegmentLine("", content, "")], line.start + start, None)


def _split_cells(body: str, pos: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of a table row, between unescaped pipes."""
    bounds: list[tuple[int, int]] = []
    begin = pos
    i = pos
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "|":
            bounds.append((begin, i))
            begin = i + 1
        i += 1
    bounds.append((begin, len(body)))
    return bounds
