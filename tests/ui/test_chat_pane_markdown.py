"""Markdown rendering for the chat view: highlighted code, real tables, nothing from the model executed
or loaded, and the incremental renderer used while an answer streams."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QTextDocument

from desk_assistant.ui import markdown_render
from desk_assistant.ui.markdown_render import StreamingMarkdown, render_markdown, stable_prefix_length
from desk_assistant.ui.widgets.message_delegate import SafeTextDocument
from tests.ui import chat_samples


def test_code_blocks_are_highlighted_with_inline_styles_and_copy_anchors() -> None:
    out = render_markdown(chat_samples.ANSWER_EN)
    assert out.code_blocks == [
        'import csv\n\ndef total(path: str, column: str) -> float:\n    with open(path, newline="", '
        'encoding="utf-8") as f:\n        return sum(float(row[column]) for row in csv.DictReader(f))\n\n'
        'print(total("sales.csv", "amount"))  # 1234.5\n'
    ]
    assert 'href="copy:0"' in out.html
    pre = out.html[out.html.index("<pre>") : out.html.index("</pre>")]
    assert re.search(r'<span style="[^"]*color: ?#[0-9a-fA-F]{3,6}[^"]*">import</span>', pre), pre[:300]
    assert "class=" not in pre  # Qt rich text has no CSS classes


def test_dark_and_light_use_different_code_colours() -> None:
    code = "```python\ndef f():\n    return 'x'\n```\n"
    light, dark = render_markdown(code, dark=False).html, render_markdown(code, dark=True).html
    assert light != dark
    colours = re.compile(r"color: ?(#[0-9a-fA-F]{6})")
    assert set(colours.findall(light)) != set(colours.findall(dark))


def test_unknown_language_and_huge_code_are_shown_plain() -> None:
    out = render_markdown("```nosuchlang\na < b\n```\n")
    assert "a &lt; b" in out.html
    big = "x = 1\n" * (markdown_render.MAX_HIGHLIGHT_CHARS // 6 + 10)
    out = render_markdown(f"```python\n{big}```\n")
    assert "<span" not in out.html[out.html.index("<pre>") :]
    assert out.code_blocks == [big]


def test_tables_are_real_tables_with_borders_and_alignment() -> None:
    out = render_markdown(chat_samples.ANSWER_EN)
    assert '<table border="1" cellspacing="0" cellpadding="6"' in out.html
    assert "border-style:solid" in out.html
    assert '<th align="right"' in out.html and '<td align="center">' in out.html
    doc = QTextDocument()
    doc.setHtml(out.html)
    tables = [f for f in doc.rootFrame().childFrames() if f.__class__.__name__ == "QTextTable"]
    data = [t for t in tables if t.columns() == 3]
    assert len(data) == 1 and data[0].rows() == 3
    assert data[0].cellAt(1, 1).firstCursorPosition().block().text() == "fast"


def test_html_from_the_model_is_text_and_nothing_remote_is_loaded() -> None:
    out = render_markdown(chat_samples.HOSTILE)
    assert "<script" not in out.html and "<img" not in out.html
    assert "&lt;script&gt;" in out.html
    assert "javascript:" not in out.html.split("[bad link]")[0]  # never an href
    assert 'href="javascript' not in out.html
    assert out.links == ["http://example.com/page"]
    assert 'href="link:0"' in out.html and "http://example.com/page" not in out.html.replace("link:0", "")

    requested: list[str] = []

    class Spy(SafeTextDocument):
        def loadResource(self, type, name):
            requested.append(name.toString())
            return super().loadResource(type, name)

    doc = Spy()
    doc.setHtml(out.html + '<img src="http://evil.example/direct.png">')  # even if an <img> slipped in
    assert "<script>alert('x')</script>" in doc.toPlainText()
    assert "[image: tracker] (http://evil.example/pixel.gif)" in doc.toPlainText()
    doc.setTextWidth(400)
    doc.size()
    # the only resource ever asked for is the one we injected, and it gets nothing
    assert all("direct.png" in r for r in requested)
    assert SafeTextDocument().loadResource(2, "http://evil.example/x.png") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one\n\ntwo", 5),
        ("```\na\n\nb\n```\n\nafter", len("```\na\n\nb\n```\n\n")),
        ("```\na\n\nb", 0),  # the blank line is inside an open fence
        ("no blank line yet", 0),
    ],
)
def test_stable_prefix_ends_at_a_blank_line_outside_fences(text: str, expected: int) -> None:
    assert stable_prefix_length(text) == expected


def test_streaming_renderer_matches_the_full_render_and_renders_finished_blocks_once(monkeypatch) -> None:
    text = "".join(chat_samples.filler_turn(i)[1] + "\n\n" for i in range(30))
    rendered_chars = [0]
    real = markdown_render.render_markdown

    def counting(src: str, **kw):
        rendered_chars[0] += len(src)
        return real(src, **kw)

    monkeypatch.setattr(markdown_render, "render_markdown", counting)
    stream = StreamingMarkdown()
    step = 16
    for end in range(step, len(text) + step, step):
        out = stream.render(text[:end])
    full = real(text)
    assert out.code_blocks == full.code_blocks
    assert out.html.count("<table") == full.html.count("<table")
    assert re.sub(r"\s", "", out.html) == re.sub(r"\s", "", full.html)
    updates = len(text) // step + 1
    # re-rendering everything each time would cost updates * len(text) / 2 characters
    assert rendered_chars[0] < updates * len(text) / 20, (rendered_chars[0], updates * len(text))


def test_streaming_renderer_starts_over_when_the_text_is_replaced() -> None:
    stream = StreamingMarkdown()
    stream.render("alpha\n\nbeta")
    out = stream.render("gamma\n\ndelta")
    assert "alpha" not in out.html and "gamma" in out.html and "delta" in out.html
