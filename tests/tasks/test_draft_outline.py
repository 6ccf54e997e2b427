"""tasks/outline.py: reading a model's outline (tolerantly), the section cap, editing, Markdown."""

from __future__ import annotations

import pytest

from desk_assistant.core.errors import InputError
from desk_assistant.tasks.outline import MAX_SECTIONS, Outline, Section, assemble_markdown


def titles(outline: Outline) -> list[str]:
    return [s.title for s in outline.sections]


def test_numbered_list_with_notes_preamble_and_bold() -> None:
    outline = Outline.parse(
        "Here is an outline for your article:\n\n"
        "1. Introduction: why bees matter\n"
        "2. **The decline**: causes and numbers\n"
        "   - pesticides\n"
        "   - habitat loss\n"
        "3) What gardeners can do\n"
        "4. Conclusion\n"
    )
    assert titles(outline) == ["Introduction", "The decline", "What gardeners can do", "Conclusion"]
    assert outline.sections[0].notes == "why bees matter"
    assert outline.sections[1].notes == "causes and numbers\npesticides\nhabitat loss"
    assert outline.ids == ["s1", "s2", "s3", "s4"]
    assert outline.dropped == 0


def test_markdown_headings_with_a_title() -> None:
    outline = Outline.parse(
        "# Bees in the City\n\n## Why bees matter\nPollination of crops.\n\n"
        "## What is happening\n## What to do"
    )
    assert outline.title == "Bees in the City"
    assert titles(outline) == ["Why bees matter", "What is happening", "What to do"]
    assert outline.sections[0].notes == "Pollination of crops."


def test_one_heading_above_a_list_is_the_title() -> None:
    outline = Outline.parse("## My plan\n1. Start\n2. Middle\n3. End")
    assert outline.title == "My plan"
    assert titles(outline) == ["Start", "Middle", "End"]


@pytest.mark.parametrize(
    "text",
    [
        "一、引言：为什么蜜蜂重要\n二、现状\n三、我们能做什么",
        "第一部分：引言：为什么蜜蜂重要\n第二部分：现状\n第三部分：我们能做什么",
        "1．引言：为什么蜜蜂重要\n2．现状\n3．我们能做什么",
    ],
)
def test_chinese_numbering(text: str) -> None:
    outline = Outline.parse(text)
    assert titles(outline) == ["引言", "现状", "我们能做什么"]
    assert outline.sections[0].notes == "为什么蜜蜂重要"


def test_bullets_and_plain_lines() -> None:
    assert titles(Outline.parse("- Intro\n- Body\n  - detail\n- End")) == ["Intro", "Body", "End"]
    assert titles(Outline.parse("Intro paragraph\nSecond idea\n\nThird idea")) == [
        "Intro paragraph",
        "Second idea",
        "Third idea",
    ]


def test_nothing_usable_gives_an_empty_outline() -> None:
    assert len(Outline.parse("")) == 0
    assert len(Outline.parse("```\n```\n---")) == 0


def test_a_very_long_line_is_cut_into_title_and_notes() -> None:
    long = "word " * 100
    section = Outline.parse(f"1. {long}").sections[0]
    assert len(section.title) <= 201 and section.title.endswith("…")
    assert section.notes == long.strip()


def test_200_sections_from_a_model_are_capped_and_the_rest_counted() -> None:
    outline = Outline.parse("\n".join(f"{i}. Section {i}" for i in range(1, 201)))
    assert len(outline) == MAX_SECTIONS
    assert outline.dropped == 200 - MAX_SECTIONS
    assert outline.sections[-1].title == f"Section {MAX_SECTIONS}"


def test_200_sections_made_by_hand_are_refused_with_the_limit() -> None:
    with pytest.raises(InputError) as err:
        Outline.of(f"Section {i}" for i in range(200))
    assert f"at most {MAX_SECTIONS} sections" in str(err.value) and "200" in str(err.value)
    full = Outline.of(f"S{i}" for i in range(MAX_SECTIONS))
    with pytest.raises(InputError, match="at most"):
        full.add("One too many")


def test_markdown_round_trip() -> None:
    outline = Outline.of(
        [("Start", "how it began\nand why"), "Middle", ("End", "what we learned")], "A title"
    )
    text = outline.to_markdown()
    assert text.startswith("# A title\n\n1. Start\n   how it began\n   and why\n2. Middle")
    assert Outline.parse(text) == outline
    assert Outline.from_dict(outline.to_dict()) == outline


def test_edits_keep_ids_and_return_new_outlines() -> None:
    outline = Outline.of(["A", "B", "C"])
    moved = outline.move("s3", 0)
    assert titles(moved) == ["C", "A", "B"] and moved.ids == ["s3", "s1", "s2"]
    assert titles(outline) == ["A", "B", "C"]  # unchanged
    assert titles(outline.move("s1", 99)) == ["B", "C", "A"]
    added = outline.add("B2", "more on B", after="s2")
    assert titles(added) == ["A", "B", "B2", "C"]
    assert added.section("s4") == Section("s4", "B2", "more on B")
    deleted = added.delete("s2")
    assert deleted.ids == ["s1", "s4", "s3"]
    assert deleted.add("D").ids[-1] == "s5"  # a deleted id is not reused
    renamed = outline.rename("s2", "  Better   B ").set_notes("s2", " why ")
    assert renamed.section("s2") == Section("s2", "Better B", "why")
    assert outline.retitle(" T ").title == "T"


def test_edit_errors_are_sentences() -> None:
    outline = Outline.of(["A"])
    with pytest.raises(InputError, match="no section “s9”"):
        outline.delete("s9")
    with pytest.raises(InputError, match="needs a title"):
        outline.rename("s1", "   ")


def test_assemble_markdown_with_and_without_headings() -> None:
    outline = Outline.of(["Intro", "Body", "End"], "Title")
    texts = {"s1": "Hello.", "s3": "Bye.\n"}
    assert assemble_markdown(outline, texts) == "# Title\n\n## Intro\n\nHello.\n\n## End\n\nBye."
    assert assemble_markdown(outline, texts, headings=False) == "Hello.\n\nBye."
