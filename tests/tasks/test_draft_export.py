"""A draft written out as Markdown, plain text and .docx (read back with python-docx): headings, lists
(nested, numbered, two in a row), emphasis, links, code, quotes and tables; files whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest

from desk_assistant.core.errors import DeskAssistantError, InputError
from desk_assistant.tasks.draft_export import export_draft, markdown_to_docx, markdown_to_text

DRAFT = """# Street trees

Trees give **shade**, *calm* and ~~nothing~~ [more](https://example.org/trees).
A second line of the same paragraph.

## Plan

- Plant near schools
  - oaks first
- Water them in summer

3. Ask the council
4. Join a group

> Cities are hot.

```
budget = 1000
trees = 40
```

| Street | Trees |
|---|---|
| Main | 12 |
"""


def test_plain_text_keeps_the_words_and_drops_the_marks() -> None:
    assert markdown_to_text(DRAFT) == (
        "Street trees\n\n"
        "Trees give shade, calm and nothing more (https://example.org/trees).\n"
        "A second line of the same paragraph.\n\n"
        "Plan\n\n"
        "- Plant near schools\n    - oaks first\n- Water them in summer\n\n"
        "3. Ask the council\n4. Join a group\n\n"
        "    Cities are hot.\n\n"
        "budget = 1000\ntrees = 40\n\n"
        "Street\tTrees\nMain\t12\n"
    )
    assert markdown_to_text("") == ""
    assert markdown_to_text("你好，**世界**。") == "你好，世界。\n"


def test_word_gets_headings_lists_emphasis_code_and_a_table(tmp_path: Path) -> None:
    path = export_draft(DRAFT, tmp_path / "trees.docx", title="Street trees")
    document = docx.Document(str(path))
    assert document.core_properties.title == "Street trees"
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[:9] == [
        ("Heading 1", "Street trees"),
        ("Normal", "Trees give shade, calm and nothing more (https://example.org/trees). A second line of "
         "the same paragraph."),
        ("Heading 2", "Plan"),
        ("List Bullet", "Plant near schools"),
        ("List Bullet 2", "oaks first"),
        ("List Bullet", "Water them in summer"),
        ("List Number", "Ask the council"),
        ("List Number", "Join a group"),
        ("Quote", "Cities are hot."),
    ]  # fmt: skip
    runs = {r.text: r for r in document.paragraphs[1].runs}
    assert runs["shade"].bold and runs["calm"].italic and runs["nothing"].font.strike
    code = document.paragraphs[9]
    assert code.text == "budget = 1000\ntrees = 40" and code.runs[0].font.name == "Courier New"
    (table,) = document.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [["Street", "Trees"], ["Main", "12"]]


def test_files_are_whole_and_bad_targets_are_one_sentence(tmp_path: Path) -> None:
    target = tmp_path / "draft.md"
    target.write_text("old", "utf-8")
    os.chmod(target, 0o640)
    export_draft("# New\n\nText.", target)
    assert target.read_text("utf-8") == "# New\n\nText.\n" and (target.stat().st_mode & 0o777) == 0o640
    assert export_draft("x", tmp_path / "x.txt").read_text("utf-8") == "x\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.md", "x.txt"]  # no temporary files
    with pytest.raises(InputError, match="not a format a draft can be saved in"):
        export_draft("x", tmp_path / "x.pdf")
    with pytest.raises(
        DeskAssistantError, match=r"^Could not save .*missing.*: No such file or directory\.$"
    ):
        export_draft("x", tmp_path / "missing" / "x.docx")


def test_a_docx_of_nothing_is_still_a_document() -> None:
    document = markdown_to_docx("")
    assert [p.text for p in document.paragraphs] == []
