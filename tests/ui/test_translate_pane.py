"""The Translate pane on the real llama.cpp engine (the tiny model for the paths, SmolLM2 for a real
translation), a real SQLite file and real widgets: rows aligned with their source paragraphs,
streaming into the right row, Stop keeping what is done, glossary misses marked, files translated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_assistant.tasks.glossary import Glossary
from desk_assistant.tasks.translate import TranslationResult
from desk_assistant.tasks.translate_files import FileTranslation
from desk_assistant.ui.panes.translate_pane import PAGE_ALIGNED, PAGE_EDIT, TranslatePane
from desk_assistant.ui.widgets.segment_table import DONE, KEPT, STREAMING
from tests.ui.pane_helpers import WorkRig, make_work_rig

MARKDOWN = """# Opening hours

The library opens at nine.

- Monday: closed
- Tuesday: 9 to 5

See https://example.org/hours for holidays.

```
do_not_translate()
```
"""


@pytest.fixture
def rig(qtbot, tiny_model: Path) -> Iterator[WorkRig]:
    rig = make_work_rig(qtbot, TranslatePane, tiny_model, context_size=1024)
    yield rig
    rig.close()


def ended(pane: TranslatePane) -> list[object]:
    results: list[object] = []
    pane.runner.finished.connect(results.append)
    pane.runner.failed.connect(results.append)
    return results


def test_rows_follow_the_source_paragraphs_and_the_result_is_stored(qtbot, rig: WorkRig) -> None:
    pane = rig.pane
    results = ended(pane)
    streamed: list[int] = []
    pane.runner.text.connect(lambda _text, key: streamed.append(key))
    pane.source.set_text(MARKDOWN)
    pane.source_box.set_code("en")
    pane.target_box.set_code("fr")
    assert pane.run()
    assert pane.stack.currentIndex() == PAGE_ALIGNED and pane.run_button.text() == "Stop"
    qtbot.waitUntil(lambda: bool(results), timeout=120000)
    result = results[0]
    assert isinstance(result, TranslationResult), result
    rows = pane.table.table_model.rows
    # one row per translatable paragraph, heading and list item; the code block is not a row
    assert [r.source for r in rows] == [
        "Opening hours",
        "The library opens at nine.",
        "Monday: closed",
        "Tuesday: 9 to 5",
        "See https://example.org/hours for holidays.",
    ]
    assert all(r.state == DONE and r.translation == result.translations[r.index] for r in rows)
    assert set(streamed) <= {r.index for r in rows}  # text went to rows by their segment
    conv = rig.store.get_conversation(pane.current_conversation_id())
    assert conv.kind == "translate" and conv.settings["target"] == "fr"
    source, answer = rig.store.active_branch(conv.id)
    assert source.content == MARKDOWN and answer.status == "complete" and answer.content == result.document
    # whatever the tiny model wrote, the document keeps its structure, code and URL
    assert result.document.startswith("# ") and "\n- " in result.document
    assert (
        "```\ndo_not_translate()\n```" in result.document and "https://example.org/hours" in result.document
    )


def test_stop_keeps_the_rows_done(qtbot, rig: WorkRig) -> None:
    pane = rig.pane
    results = ended(pane)
    pane.source.set_text("\n\n".join(f"Paragraph number {i} is about the library." for i in range(30)))
    pane.source_box.set_code("en")
    pane.target_box.set_code("de")
    pane.runner.progress.connect(lambda p: pane.stop() if p.done >= 3 else None)  # working on the 3rd
    assert pane.run()
    qtbot.waitUntil(lambda: bool(results), timeout=120000)
    result = results[0]
    assert isinstance(result, TranslationResult) and result.stopped
    done = [r for r in pane.table.table_model.rows if r.state == DONE]
    assert 2 <= len(done) < 30 and not any(r.state == STREAMING for r in pane.table.table_model.rows)
    assert "Stopped after" in pane.progress_row.label.text()
    (_, answer) = rig.store.active_branch(pane.current_conversation_id())
    assert answer.status == "stopped"
    # reopened later: the same rows, the same translations
    conv_id = pane.current_conversation_id()
    pane.new_document()
    assert pane.stack.currentIndex() == PAGE_EDIT
    pane.open_conversation(conv_id)
    reopened = {r.index: r.translation for r in pane.table.table_model.rows if r.state == DONE}
    assert reopened == {r.index: r.translation for r in done}


def test_text_already_in_the_target_language_is_refused_with_a_sentence(qtbot, rig: WorkRig) -> None:
    pane = rig.pane
    pane.source.set_text("The library opens at nine every morning, and it closes at five in the evening.")
    pane.target_box.set_code("en")
    assert not pane.run()
    assert "English" in rig.errors[-1]
    assert rig.store.list_conversations() == []


def test_mixed_text_keeps_the_paragraphs_already_in_the_target_language(qtbot, rig: WorkRig) -> None:
    pane = rig.pane
    results = ended(pane)
    pane.source.set_text(
        "The library opens at nine every morning and closes at five in the evening.\n\n"
        "Die Bibliothek öffnet jeden Morgen um neun Uhr und schließt um fünf Uhr abends."
    )
    pane.target_box.set_code("de")
    assert pane.run()
    qtbot.waitUntil(lambda: bool(results), timeout=120000)
    states = [r.state for r in pane.table.table_model.rows]
    assert states == [DONE, KEPT]


def test_glossary_misses_are_marked_on_their_row(qtbot, rig: WorkRig) -> None:
    pane = rig.pane
    results = ended(pane)
    pane.glossary = Glossary([("library", "Bibliothek")])
    pane._show_glossary_count()
    assert pane.glossary_button.text() == "Glossary (1)"
    pane.source.set_text("The library opens at nine.\n\nThe museum opens at ten.")
    pane.source_box.set_code("en")
    pane.target_box.set_code("de")
    assert pane.run()
    qtbot.waitUntil(lambda: bool(results), timeout=120000)
    first, second = pane.table.table_model.rows
    if "Bibliothek" not in first.translation:  # the tiny model writes noise: the term is missing
        assert first.misses == [("library", "Bibliothek")]
        assert "Bibliothek" in pane.table.table_model.tooltip(first)
    assert second.misses == []  # the term is not in its source


def test_a_whole_file_is_translated_beside_the_original(qtbot, rig: WorkRig, tmp_path: Path) -> None:
    pane = rig.pane
    results = ended(pane)
    source = tmp_path / "notes.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    pane.source_box.set_code("en")
    pane.target_box.set_code("fr")
    out = tmp_path / "notes.fr.md"
    assert pane.translate_file(source, out=out)
    qtbot.waitUntil(lambda: bool(results), timeout=120000)
    done = results[0]
    assert isinstance(done, FileTranslation), done
    assert out.is_file() and source.read_text(encoding="utf-8") == MARKDOWN
    assert "```\ndo_not_translate()\n```" in out.read_text(encoding="utf-8")
    assert str(out) in pane.note.text()


def test_smollm2_translates_into_french(qtbot, smollm2_model_path: Path) -> None:
    """The offline starter really translates a short text, streamed into its rows."""
    rig = make_work_rig(qtbot, TranslatePane, smollm2_model_path, context_size=2048)
    try:
        pane = rig.pane
        results = ended(pane)
        pane.source.set_text("Good morning.\n\nThe weather is nice today.")
        pane.source_box.set_code("en")
        pane.target_box.set_code("fr")
        assert pane.run()
        qtbot.waitUntil(lambda: bool(results), timeout=300000)
        assert isinstance(results[0], TranslationResult), results[0]
        rows = pane.table.table_model.rows
        assert len(rows) == 2 and all(r.state == DONE and r.translation.strip() for r in rows)
        assert pane.translation() == "\n\n".join(r.translation for r in rows)
    finally:
        rig.close()


def test_a_5_mb_text_is_refused_with_one_sentence(qtbot, rig: WorkRig) -> None:
    pane = rig.pane
    text = ("The library opens at nine and closes at five. " * 20 + "\n\n") * 5500  # about 5 MB
    pane.source.set_text(text)
    assert not pane.run()
    assert "too long" in rig.errors[-1] or "characters" in rig.errors[-1]
    assert pane.source.text() == text and rig.store.list_conversations() == []
