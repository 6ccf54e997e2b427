"""tasks/segments.py: what the model may touch, and putting the text back together exactly.

The invariants: a document with no translations assembles to its source byte for byte; with any
translations at all (here: hostile garbage) every code block, URL, inline code span, heading level,
list marker and table shape is still there, checked by parsing the output again with markdown-it.
"""

from __future__ import annotations

import random

import pytest
from markdown_it import MarkdownIt

from desk_assistant.tasks.segments import (
    MARKER_PATTERN,
    StreamRestorer,
    looks_like_markdown,
    marker,
    protect,
    restore,
    segment_document,
    segment_texts,
)

GUIDE = """---
title: Guide
tags: [a, b]
---
# Getting started ##

Install the package with `pip install desk-assistant` and read the guide at https://example.com/guide.
The guide explains every option, see [the docs](https://example.com/docs "Docs") and ![logo](img/logo.png).

## Features

- Translate whole files.
- Summarize long documents; mail me@example.org.
  A continuation line of the item.
- [ ] Draft articles <b>soon</b> &amp; more.
- [x] Done already[^1].

> A quote that should be translated, with ``code `with` ticks``.
>
> > A nested quote.
> > - a list inside it

| Name | Purpose |
|------|:-------:|
| chat | Talk to the model \\| really |
| translate | Translate `a\\|b` text |

```python
print("hello world")  # not translated
```

~~~
tilde fence
~~~

    indented code stays
    as it is

<div class="note">
An HTML block stays as it is.
</div>

Setext heading
==============

1. First step of the process.
2) Second step, see <https://example.com/auto>.

***

[docs]: https://example.com/docs
[^1]: The footnote text.
"""

SAMPLES = [
    GUIDE,
    GUIDE.replace("\n", "\r\n"),
    GUIDE.replace("\n", "\r"),
    "",
    "\n\n\n",
    "Just one line without a newline",
    "Plain text\nwrapped over\nthree lines.\n\nSecond paragraph.\n",
    "  Indented first line of a plain letter.\n\n\tTabbed paragraph\twith\ttabs.\n",
    "中文段落，没有空格。第二句话！\n\n另一个段落：https://example.com/路径 之后。\n",
    "Emoji 🎉 and accents: café, naïve.\n> quote without end",
    "```\nunclosed fence\nstill code\n",
    "- a\n- b\n\n  para in item\n\n      code in item\n- c\n",
    "* * *\n___\n# \n#\n##### Deep heading\n",
    "Term with [1] and ⟦2⟧ citations, 【3】 already in it.\n",
    "Trailing spaces  \nhard break\\\nbackslash break\n",
    "| only | header |\n| --- | --- |\n",
    "\ufeffBOM at the start\n",
    "<!-- comment -->\n\nText <span>inline</span> html.\n",
    "Line with a lone CR\rnext\r\n",
    "1. one\n\n   continued paragraph\n2. two\n",
    "> - [ ] task in a quote\n>   continued\n",
]

GARBAGE = [
    "",
    "zz",
    "line one\nline two\n\n\nafter blank lines",
    "pipes | everywhere \\| and | more",
    "crlf\r\nlines\rand cr",
    "fake markers ⟦99⟧ ⟦1⟧ ⟦1⟧ [3] 【2】 {{4}}",
    "  leading and trailing spaces  ",
    "中文译文，带标点。\n第二行",
    "a\n\n\n\n\nb\n\n",
    "\\",
    "starts fine\n- then a list\n# a heading\n> a quote\n```\n1. one\n2) two\n---\n===\n<div>\n* * *",
    "# heading first\n\n- list first",
]


@pytest.mark.parametrize("markdown", [True, False])
@pytest.mark.parametrize("sample", range(len(SAMPLES)))
def test_assemble_without_translations_is_the_source_byte_for_byte(sample: int, markdown: bool) -> None:
    text = SAMPLES[sample]
    document = segment_document(text, markdown=markdown)
    assert document.assemble({}) == text
    assert [s.index for s in document.segments] == list(range(len(document.segments)))
    for segment in document.segments:  # offsets point at the segment's own text
        assert text[segment.start : segment.end] == segment.original


def test_random_documents_round_trip() -> None:
    rng = random.Random(7)
    parts = [
        "# Title\n", "plain words here\n", "\n", "- item\n", "  continued\n", "> quote\n", "```\n",
        "code()\n", "    indented\n", "| a | b |\n", "|---|---|\n", "1. one\n", "<div>\n", "</div>\n",
        "text `code` https://x.org/a.\n", "\r\n", "===\n", "---\n", "\t tab\n", "[x]: http://y\n",
    ]  # fmt: skip
    for _ in range(300):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 25)))
        for markdown in (True, False):
            assert segment_document(text, markdown=markdown).assemble({}) == text


def _blocks(text: str) -> list[tuple[str, ...]]:
    """The block structure markdown-it sees: headings with level, list items with marker, tables
    with their shape, code with its content. Paragraph text is left out (it is what changes)."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    out: list[tuple[str, ...]] = []
    cells = 0
    for token in md.parse(text):
        if token.type in ("fence", "code_block", "html_block"):
            out.append((token.type, token.content))
        elif token.type in ("heading_open", "bullet_list_open", "ordered_list_open", "list_item_open"):
            out.append((token.type, token.tag, token.markup))
        elif token.type in ("blockquote_open", "hr", "table_open", "thead_open", "tbody_open"):
            out.append((token.type,))
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            out.append(("row", str(cells)))
    return out


@pytest.mark.parametrize("garbage", range(len(GARBAGE)))
def test_any_translation_keeps_code_urls_headings_lists_and_tables(garbage: int) -> None:
    text = GUIDE
    document = segment_document(text)
    translations = {s.index: GARBAGE[garbage] for s in document.segments}
    out = document.assemble(translations)
    assert _blocks(out) == _blocks(text)
    for kept in (
        '```python\nprint("hello world")  # not translated\n```\n',
        "~~~\ntilde fence\n~~~\n",
        "    indented code stays\n    as it is\n",
        '<div class="note">\nAn HTML block stays as it is.\n</div>\n',
        "---\ntitle: Guide\ntags: [a, b]\n---\n",
        "[docs]: https://example.com/docs\n",
        "`pip install desk-assistant`",
        "``code `with` ticks``",
        "`a\\|b`",
        "https://example.com/guide",
        '](https://example.com/docs "Docs")',
        "](img/logo.png)",
        "me@example.org",
        "<https://example.com/auto>",
        "<b>",
        "&amp;",
        "[^1]",
    ):
        assert out.count(kept) == text.count(kept), kept
    lines = out.split("\n")
    for prefix in ("# ", "## ", "- [ ] ", "- [x] ", "> > - ", "1. ", "2) "):
        assert sum(line.startswith(prefix) for line in lines) == sum(
            line.startswith(prefix) for line in text.split("\n")
        ), prefix


def test_crlf_document_keeps_crlf_through_translation() -> None:
    text = "# Title\r\n\r\nFirst line\r\nsecond line\r\n\r\n- item\r\n"
    document = segment_document(text)
    out = document.assemble({s.index: "one\ntwo\nthree" for s in document.segments})
    assert "\n" not in out.replace("\r\n", "")
    assert out.startswith("# one two three\r\n\r\n")
    assert "one\r\ntwo\r\nthree\r\n\r\n- one\r\n  two\r\n  three\r\n" in out


def test_segments_carry_inline_text_only() -> None:
    document = segment_document(GUIDE)
    by_text = {s.source: s for s in document.segments}
    heading = by_text["Getting started"]
    assert heading.kind == "heading"
    assert heading.lines[0].prefix == "# " and heading.lines[0].end == " ##\n"
    task = by_text["Draft articles <b>soon</b> &amp; more."]
    assert task.kind == "item" and task.lines[0].prefix == "- [ ] "
    nested = by_text["A nested quote."]
    assert nested.lines[0].prefix == "> > "
    item = by_text["Summarize long documents; mail me@example.org.\nA continuation line of the item."]
    assert [line.prefix for line in item.lines] == ["- ", "  "]
    cells = [s.source for s in document.segments if s.kind == "cell"]
    assert cells == [
        "Name",
        "Purpose",
        "chat",
        "Talk to the model \\| really",
        "translate",
        "Translate `a\\|b` text",
    ]
    setext = by_text["Setext heading"]
    assert setext.kind == "heading"
    everything = "\n".join(s.source for s in document.segments)
    for verbatim in ("print(", "tilde fence", "indented code", "HTML block", "title: Guide", "[docs]"):
        assert verbatim not in everything, verbatim
    footnote = by_text["The footnote text."]
    assert footnote.lines[0].prefix == "[^1]: "


def test_plain_mode_translates_indented_text_and_markdown_mode_does_not() -> None:
    text = "Dear Sir,\n\n    I write to you about the invoice.\n"
    plain = segment_document(text, markdown=False)
    assert [s.source for s in plain.segments] == ["Dear Sir,", "I write to you about the invoice."]
    assert plain.segments[1].lines[0].prefix == "    "
    markdown = segment_document(text, markdown=True)
    assert [s.source for s in markdown.segments] == ["Dear Sir,"]


def test_protected_spans_become_markers_in_order() -> None:
    text, spans = protect("Run `make test`, then open https://x.org/a_(b). Mail a@b.io or see [2].")
    assert text == "Run [1], then open [2]. Mail [3] or see [4]."
    assert spans == ("`make test`", "https://x.org/a_(b)", "a@b.io", "[2]")
    assert MARKER_PATTERN.findall(text) == ["1", "2", "3", "4"]


def test_url_stops_at_cjk_text_and_sentence_punctuation() -> None:
    text, spans = protect("访问https://example.com/a获取，或者 http://x.org/b。")
    assert spans == ("https://example.com/a", "http://x.org/b")
    assert text == "访问[1]获取，或者 [2]。"


def test_restore_puts_spans_back_and_appends_what_the_model_dropped() -> None:
    spans = ("`a`", "https://x.org", "<br>")
    result = restore("Lancez [1] puis [ 3 ].", spans)
    assert result.text == "Lancez `a` puis <br>. https://x.org"
    assert result.dropped == ("https://x.org",)
    assert restore("⟦1⟧ et 【2】 [2] [7] 〚3〛", spans).text == "`a` et https://x.org   <br>"
    assert restore("", spans).text == "`a` https://x.org <br>"


def test_stream_restorer_matches_restore_piece_by_piece() -> None:
    spans = ("`code`", "https://example.com/x")
    answer = "Voici [1] et [2] fin ["
    restorer = StreamRestorer(spans)
    streamed = "".join(restorer.feed(ch) for ch in answer) + restorer.flush()
    assert streamed == "Voici `code` et https://example.com/x fin ["
    assert "[" not in "".join(StreamRestorer(spans).feed(p) for p in ["a [", " 1", "] b"])


def test_a_translated_cell_cannot_add_a_column() -> None:
    document = segment_document("| a | b |\n|---|---|\n| c | d |\n")
    out = document.assemble({s.index: "x | y" for s in document.segments})
    assert out == "| x \\| y | x \\| y |\n|---|---|\n| x \\| y | x \\| y |\n"


def test_a_translation_with_the_same_lines_keeps_each_line_prefix_and_trailing_spaces() -> None:
    text = "> first line  \n> second line\n"
    document = segment_document(text)
    assert document.assemble({0: "premier\ndeuxième"}) == "> premier  \n> deuxième\n"
    assert document.assemble({0: "tout en une ligne"}) == "> tout en une ligne\n"


def test_segments_without_letters_are_not_sent() -> None:
    document = segment_document("| 1 | 2 |\n|---|---|\n| 3.5 | `x` |\n\n42\n\nhttps://example.com\n")
    assert document.segments == []


def test_looks_like_markdown() -> None:
    assert looks_like_markdown("# Title\n\ntext")
    assert looks_like_markdown("see [here](http://x)")
    assert looks_like_markdown("a\n\n```\ncode\n```")
    assert looks_like_markdown("| a | b |\n|---|---|")
    assert not looks_like_markdown("Dear Sir,\n\n    indented letter text\n- a dash list")


def test_segment_texts_one_segment_per_text() -> None:
    document = segment_texts(["Hello world", "", "123", "Link \ue000 here"], anchored=True)
    assert [s.source for s in document.segments] == ["Hello world", "Link \ue000 here"]
    assert document.segment_of == {0: 0, 3: 1}
    assert document.segments[1].text_for_model == f"Link {marker(1)} here"
    assert document.visible(document.assemble({})) == "Hello world\n\n\n\n123\n\nLink  here"
