"""Markdown from the model -> the HTML subset Qt rich text shows, with highlighted code.

markdown-it-py (CommonMark + tables) with ``html=False``: raw HTML in a model's answer is shown as
text, never interpreted. Pygments colours code with inline styles (Qt rich text has no CSS classes).
Nothing remote is ever loaded: images become text, links become ``link:N`` anchors the view opens
only after the user clicks and confirms. Code blocks get a ``copy:N`` anchor the view handles.

``StreamingMarkdown`` renders a growing answer cheaply: finished blocks (up to the last blank line
outside a code fence) are rendered once and kept; only the tail is rendered again on each update.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.lexers.special import TextLexer
from pygments.styles import get_style_by_name
from pygments.util import ClassNotFound

LIGHT_CODE_STYLE = "friendly"
DARK_CODE_STYLE = "one-dark"
MAX_HIGHLIGHT_CHARS = 60_000  # bigger code blocks are shown plain: lexing them would stall the UI


@dataclass(frozen=True)
class Palette:
    text: str
    muted: str
    border: str
    header_bg: str
    inline_code_bg: str
    link: str
    code_bg: str
    code_border: str


LIGHT = Palette("#1f2328", "#656d76", "#d0d7de", "#f0f2f4", "#eff1f3", "#0969da", "", "#d0d7de")
DARK = Palette("#e6edf3", "#9198a1", "#3d444d", "#262c33", "#2d333b", "#4493f8", "", "#3d444d")


@dataclass
class Rendered:
    html: str
    code_blocks: list[str] = field(default_factory=list)  # source of code block N (for copy:N)
    links: list[str] = field(default_factory=list)  # target of link N (for link:N)


@lru_cache(maxsize=2)
def _code_style(dark: bool) -> tuple[HtmlFormatter, str]:
    name = DARK_CODE_STYLE if dark else LIGHT_CODE_STYLE
    formatter = HtmlFormatter(style=name, noclasses=True, nowrap=True)
    return formatter, get_style_by_name(name).background_color or ("#282c34" if dark else "#f6f8fa")


def _lexer(lang: str) -> Any:
    try:
        return get_lexer_by_name(lang, stripnl=False, ensurenl=False) if lang else TextLexer()
    except ClassNotFound:
        return TextLexer()


def highlight_code(code: str, lang: str, dark: bool) -> str:
    """Code as coloured HTML spans (no wrapper); plain escaped text if too big to lex quickly."""
    formatter, _ = _code_style(dark)
    if len(code) > MAX_HIGHLIGHT_CHARS:
        return html.escape(code)
    return highlight(code, _lexer(lang), formatter).rstrip("\n")


class _QtRenderer(RendererHTML):
    """markdown-it's HTML renderer with the outputs Qt's rich text understands."""

    def __init__(self, parser: Any = None) -> None:
        super().__init__(parser)

    # --- code -------------------------------------------------------------------------------
    def _code_block(self, code: str, lang: str, env: dict) -> str:
        state: Rendered = env["result"]
        dark: bool = env["dark"]
        pal: Palette = env["palette"]
        _, background = _code_style(dark)
        index = len(state.code_blocks)
        state.code_blocks.append(code)
        body = highlight_code(code, lang, dark)
        label = html.escape(lang or "")
        copy = html.escape(env["copy_label"])
        # A one-cell table gives the block a background, a border and padding in Qt rich text.
        return (
            f'<table width="100%" cellspacing="0" cellpadding="8" border="1" '
            f'style="border-collapse:collapse; border-style:solid; border-color:{pal.code_border}; '
            f'background-color:{background}; margin-top:4px; margin-bottom:8px;">'
            f'<tr><td style="background-color:{pal.header_bg};">'
            f'<span style="color:{pal.muted}; font-size:small;">{label}</span>&nbsp;&nbsp;'
            f'<a href="copy:{index}" style="color:{pal.link}; font-size:small; text-decoration:none;">'
            f"{copy}</a></td></tr>"
            f"<tr><td><pre>{body}</pre></td></tr></table>\n"
        )

    def fence(self, tokens: Any, idx: int, options: Any, env: dict) -> str:
        token = tokens[idx]
        lang = token.info.strip().split()[0] if token.info.strip() else ""
        return self._code_block(token.content, lang, env)

    def code_block(self, tokens: Any, idx: int, options: Any, env: dict) -> str:
        return self._code_block(tokens[idx].content, "", env)

    def code_inline(self, tokens: Any, idx: int, options: Any, env: dict) -> str:
        pal: Palette = env["palette"]
        return (
            f'<code style="background-color:{pal.inline_code_bg};">'
            f"&nbsp;{html.escape(tokens[idx].content)}&nbsp;</code>"
        )

    # --- links and images: nothing is loaded, nothing opens without a click ----------------
    def link_open(self, tokens: Any, idx: int, options: Any, env: dict) -> str:
        state: Rendered = env["result"]
        pal: Palette = env["palette"]
        href = tokens[idx].attrGet("href") or ""
        if not href.lower().startswith(("http://", "https://", "mailto:")):
            tokens[idx].meta["plain"] = True
            return ""
        state.links.append(str(href))
        return f'<a href="link:{len(state.links) - 1}" style="color:{pal.link};">'

    def link_close(self, tokens: Any, idx: int, options: Any, env: dict) -> str:
        # find the matching opener to know whether it was rendered as an anchor
        level = tokens[idx].level
        for j in range(idx - 1, -1, -1):
            if tokens[j].type == "link_open" and tokens[j].level == level:
                return "" if tokens[j].meta.get("plain") else "</a>"
        return ""

    def image(self, tokens: Any, idx: int, options: Any, env: dict) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env)
        src = token.attrGet("src") or ""
        return html.escape(f"[image: {alt}] ({src})")

    # --- tables: borders and padding ---------------------------------------------------------
    def table_open(self, tokens: Any, idx: int, options: Any, env: dict) -> str:
        pal: Palette = env["palette"]
        return (
            f'<table border="1" cellspacing="0" cellpadding="6" '
            f'style="border-collapse:collapse; border-style:solid; border-color:{pal.border}; '
            f"margin-top:4px; "
            f'margin-bottom:8px;">\n'
        )

    def th_open(self, tokens: Any, idx: int, options: Any, env: dict) -> str:
        pal: Palette = env["palette"]
        return f'<th{self._align(tokens[idx])} style="background-color:{pal.header_bg};">'

    def td_open(self, tokens: Any, idx: int, options: Any, env: dict) -> str:
        return f"<td{self._align(tokens[idx])}>"

    @staticmethod
    def _align(token: Any) -> str:
        style = str(token.attrGet("style") or "")
        for side in ("left", "right", "center"):
            if f"text-align:{side}" in style:
                return f' align="{side}"'
        return ""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.renderer = _QtRenderer(md)
    return md


def render_markdown(
    text: str, *, dark: bool = False, copy_label: str = "Copy code", code_start: int = 0, link_start: int = 0
) -> Rendered:
    """Render ``text``; code blocks/links are numbered from ``code_start``/``link_start``."""
    result = Rendered(html="", code_blocks=[""] * code_start, links=[""] * link_start)
    env = {"result": result, "dark": dark, "palette": DARK if dark else LIGHT, "copy_label": copy_label}
    result.html = _parser().render(text, env)
    result.code_blocks = result.code_blocks[code_start:]
    result.links = result.links[link_start:]
    return result


def stable_prefix_length(text: str) -> int:
    """Length of the part of ``text`` made of finished blocks: up to the last blank line that is
    outside a fenced code block. Rendering it separately from the rest gives the same result."""
    pos = 0
    stable = 0
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if fence is None:
            if stripped.startswith(("```", "~~~")):
                fence = stripped[:3]
            elif not stripped and line.endswith("\n"):
                stable = pos + len(line)
        elif stripped.startswith(fence) and not stripped.strip("`~"):
            fence = None
        pos += len(line)
    return stable


class StreamingMarkdown:
    """Renders a growing text: finished blocks once, the unfinished tail on every update."""

    def __init__(self, *, dark: bool = False, copy_label: str = "Copy code") -> None:
        self.dark = dark
        self.copy_label = copy_label
        self._stable_src = ""
        self._chunks: list[str] = []
        self._code: list[str] = []
        self._links: list[str] = []

    def update(self, text: str) -> tuple[list[str], Rendered]:
        """(HTML of every finished chunk so far, the rendered tail). Chunks only ever get appended,
        so a view can keep one laid-out document per chunk and redo only the tail's."""
        if not text.startswith(self._stable_src):  # the text was replaced, not extended: start over
            self._stable_src, self._chunks, self._code, self._links = "", [], [], []
        done = len(self._stable_src)
        # only the new part is scanned for a block boundary (cheap for long answers)
        stable = done + stable_prefix_length(text[done:])
        if stable > done:
            part = render_markdown(
                text[done:stable],
                dark=self.dark,
                copy_label=self.copy_label,
                code_start=len(self._code),
                link_start=len(self._links),
            )
            self._chunks.append(part.html)
            self._code += part.code_blocks
            self._links += part.links
            self._stable_src = text[:stable]
        tail = render_markdown(
            text[stable:],
            dark=self.dark,
            copy_label=self.copy_label,
            code_start=len(self._code),
            link_start=len(self._links),
        )
        tail.code_blocks = self._code + tail.code_blocks
        tail.links = self._links + tail.links
        return self._chunks, tail

    def render(self, text: str) -> Rendered:
        """The whole text as one piece of HTML (finished chunks are not rendered again)."""
        chunks, tail = self.update(text)
        return Rendered(html="".join(chunks) + tail.html, code_blocks=tail.code_blocks, links=tail.links)
