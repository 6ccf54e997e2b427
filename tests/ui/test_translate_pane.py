"""The Translate pane on the real llama.cpp engine (the tiny model for the paths, SmolLM2 for a real
translation), a real SQLite file and real widgets: rows aligned with their source paragraphs,
streaming into the right row, Stop keeping what is done, glossary misses marked, files translated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desk_assistant.tasks.glossary import Glossary
from desk_assistant.tasks.records import TaskRecord
from desk_assistant.tasks.segments import segment_document
from desk_assistant.tasks.translate import MAX_TEXT_CHARS, TranslationResult
from desk_assistant.tasks.translate_files import FileTranslation
from desk_assistant.ui.panes.translate_pane import PAGE_ALIGNED, PAGE_EDIT, TranslatePane
from desk_assistant.ui.widgets.segment_table import DONE, KEPT, PENDING, STREAMING
from tests.ui.pane_helpers import Heartbeat, WorkRig, make_work_rig

LEFT = Qt.MouseButton.LeftButton
# The longest the window may stand still. DESIGN.md's budget is 50 ms: on this 2-core machine, beside a
# benchmark, a 3 MB text measures 33-61 ms from Run to queued and when its translation is opened again.
# Preparing on the UI thread, as before, stood it still for 4.4 s and 2.8 s: the bound fails that with a
# wide margin and does not fail on a loaded CI machine's hiccups (timings belong in tests/benchmarks).
STALL_S = 0.25

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


def mixed_text(size: int) -> str:
    """About ``size`` bytes of UTF-8: numbered paragraphs, one in English for two in Chinese."""
    english = (
        "The library on the corner opens at nine every morning and closes at five in the evening; on "
        "Saturdays it stays open until noon, and the reading room upstairs is quiet all day."
    )
    chinese = (
        "图书馆每天早上九点开门，晚上五点关门；星期六开放到中午，楼上的阅览室整天都很安静。"
        "市议会决定在河边种植两百棵树，让市民在夏天有更多阴凉的地方。"
    )
    paragraphs: list[str] = []
    total = 0
    while total < size:
        paragraph = f"({len(paragraphs)}) " + (english if len(paragraphs) % 3 == 0 else chinese)
        paragraphs.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs)


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
    # the text is prepared on a worker thread first: the button is Stop already, the options locked
    assert pane.is_busy() and pane.run_button.text() == "Stop" and not pane.target_box.isEnabled()
    assert pane.progress_row.label.text() == "Preparing the text…"
    qtbot.waitUntil(pane.runner.is_running, timeout=30000)  # prepared, committed and queued
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
    # at once the two texts side by side; the aligned rows when the source is segmented again
    assert pane.stack.currentIndex() == PAGE_EDIT
    qtbot.waitUntil(lambda: pane.preview.toPlainText() == answer.content)  # at the next turn
    qtbot.waitUntil(lambda: pane.stack.currentIndex() == PAGE_ALIGNED, timeout=30000)
    reopened = {r.index: r.translation for r in pane.table.table_model.rows if r.state == DONE}
    assert reopened == {r.index: r.translation for r in done}


def test_text_already_in_the_target_language_is_refused_with_a_sentence(qtbot, rig: WorkRig) -> None:
    pane = rig.pane
    pane.source.set_text("The library opens at nine every morning, and it closes at five in the evening.")
    pane.target_box.set_code("en")
    assert pane.run()  # found while preparing: the same sentence, then the pane is ready again
    qtbot.waitUntil(lambda: bool(rig.errors), timeout=30000)
    assert "English" in rig.errors[-1] and "English" in pane.note.text()
    assert not pane.is_busy() and pane.run_button.text() == "Translate" and pane.target_box.isEnabled()
    assert pane.progress_row.label.text() == "" and not pane.source.edit.isReadOnly()
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


# ---- a long text never blocks the window ------------------------------------------------------------------


def test_a_3_mb_paste_is_prepared_without_blocking_the_window(qtbot, rig: WorkRig) -> None:
    """Segmenting and detecting 3 MB takes seconds: on a worker thread, so the window keeps answering
    from the click on Translate until the first paragraph streams, and through Stop."""
    pane = rig.pane
    text = mixed_text(3_000_000)
    assert len(text.encode("utf-8")) >= 3_000_000 and len(text) < MAX_TEXT_CHARS
    QGuiApplication.clipboard().setText(text)
    pane.source.edit.setFocus()
    pane.source.edit.paste()
    assert pane.source.text() == text
    pane.target_box.set_code("fr")
    qtbot.waitUntil(lambda: pane.detected_label.text() != "", timeout=30000)  # the paste has settled
    streamed: list[object] = []
    pane.runner.text.connect(lambda _text, key: streamed.append(key))
    results = ended(pane)
    with Heartbeat() as whole, Heartbeat() as until_queued:
        qtbot.mouseClick(pane.run_button, LEFT)
        assert pane.is_busy() and pane.run_button.text() == "Stop" and not pane.target_box.isEnabled()
        assert pane.progress_row.label.text() == "Preparing the text…"
        assert not pane.runner.is_running() and rig.store.list_conversations() == []  # not yet queued
        qtbot.waitUntil(pane.runner.is_running, timeout=60000)
        until_queued.stop()
        rows = pane.table.table_model.rows  # the rows are there when it is queued
        assert len(rows) == text.count("\n\n") + 1 and rows[0].source == text.split("\n\n")[0]
        assert pane.stack.currentIndex() == PAGE_ALIGNED
        qtbot.waitUntil(lambda: bool(streamed), timeout=120000)
        qtbot.mouseClick(pane.run_button, LEFT)  # Stop
        qtbot.waitUntil(lambda: bool(results), timeout=60000)
    print(f"until queued: {until_queued}; through the first paragraph and Stop: {whole}")
    assert until_queued.longest < STALL_S, str(until_queued)
    # then the model runs beside the window: its thread's many short calls into llama.cpp make each
    # paint of the rows wait for the GIL (tens of ms); before, the 15,000 rows alone froze it for 2 s
    assert whole.longest < 2 * STALL_S, str(whole)
    result = results[0]
    assert isinstance(result, TranslationResult) and result.stopped and result.segments == len(rows)
    (conv,) = rig.store.list_conversations()
    source, answer = rig.store.active_branch(conv.id)
    assert source.content == text and answer.status == "stopped"
    assert not pane.is_busy() and pane.run_button.text() == "Translate"


def test_stop_while_the_text_is_prepared_queues_nothing(qtbot, rig: WorkRig) -> None:
    pane = rig.pane
    pane.source.set_text(mixed_text(1_000_000))  # about a second to prepare
    pane.target_box.set_code("fr")
    running: list[bool] = []
    pane.runner.runningChanged.connect(running.append)
    assert pane.run()
    call = pane._preparing
    assert call is not None and pane.run_button.text() == "Stop" and not pane.target_box.isEnabled()
    qtbot.mouseClick(pane.run_button, LEFT)  # Stop, before the text is ready
    # ready at once: Translate again, the options and the text editable, no busy bar
    assert not pane.is_busy() and pane.run_button.text() == "Translate" and pane.run_button.isEnabled()
    assert pane.target_box.isEnabled() and not pane.source.edit.isReadOnly()
    assert pane.progress_row.label.text() == "" and pane.progress_row.bar.isHidden()
    # the worker ends at its next segment; what it sends back then is dropped
    qtbot.waitUntil(lambda: not call.thread.is_alive(), timeout=10000)
    qtbot.wait(50)
    assert running == [] and rig.store.list_conversations() == [] and rig.errors == []
    assert pane.table.table_model.rows == [] and pane.stack.currentIndex() == PAGE_EDIT
    # and a translation runs as usual
    results = ended(pane)
    pane.source.set_text("The library opens at nine.\n\nThe museum opens at ten.")
    pane.source_box.set_code("en")
    assert pane.run()
    qtbot.waitUntil(lambda: bool(results), timeout=120000)
    assert isinstance(results[0], TranslationResult) and len(rig.store.list_conversations()) == 1


def test_editing_or_opening_another_conversation_drops_the_text_being_prepared(qtbot, rig: WorkRig) -> None:
    pane = rig.pane
    pane.source.set_text(mixed_text(1_000_000))
    pane.target_box.set_code("fr")
    assert pane.run()
    first = pane._preparing
    pane.new_document()  # the sidebar's New: the text being prepared is not wanted any more
    assert not pane.is_busy() and pane._preparing is None and first is not None and first.cancel.is_set()
    pane.source.set_text(mixed_text(500_000))
    assert pane.run()
    second = pane._preparing
    pane.source.set_text("A different text.")  # changed under it (a file dropped on the editor)
    assert not pane.is_busy() and second is not None and second.cancel.is_set()
    qtbot.waitUntil(lambda: not first.thread.is_alive() and not second.thread.is_alive(), timeout=10000)
    qtbot.wait(50)
    assert rig.store.list_conversations() == [] and not pane.runner.is_running() and rig.errors == []


def test_reopening_a_long_stored_translation_does_not_block_the_window(qtbot, rig: WorkRig) -> None:
    """The stored source shows at once, the result at the next turn, the aligned rows from a worker."""
    pane = rig.pane
    text = mixed_text(3_000_000)
    segments = segment_document(text, markdown=False).segments
    translations = {s.index: f"Traduction {s.index}." for s in segments[:200]}
    record = TaskRecord.begin(rig.store, "translate", "Long", text, {"target": "fr", "tone": "neutral"})
    record.replace("\n\n".join([*translations.values(), *(s.source for s in segments[200:])]))
    record.finish("stopped", settings={"translations": {str(i): t for i, t in translations.items()}})
    other = TaskRecord.begin(rig.store, "translate", "Short", "The museum opens at ten.", {"target": "fr"})
    other.finish("complete")
    pane.open_conversation(record.conversation_id)  # seen once (the first CJK text painted loads fonts)
    qtbot.waitUntil(lambda: pane.stack.currentIndex() == PAGE_ALIGNED, timeout=60000)
    pane.open_conversation(other.conversation_id)
    qtbot.waitUntil(lambda: [r.source for r in pane.table.table_model.rows] == ["The museum opens at ten."])
    with Heartbeat() as heartbeat:
        pane.open_conversation(record.conversation_id)
        assert pane.stack.currentIndex() == PAGE_EDIT and pane.source.text() == text
        qtbot.waitUntil(lambda: pane.preview.toPlainText().startswith("Traduction 0.\n\nTraduction 1."))
        qtbot.waitUntil(lambda: pane.stack.currentIndex() == PAGE_ALIGNED, timeout=60000)
        qtbot.waitUntil(lambda: not pane.table.is_measuring(), timeout=60000)
    print(f"reopening: {heartbeat}")
    assert heartbeat.longest < STALL_S, str(heartbeat)
    rows = pane.table.table_model.rows
    assert len(rows) == len(segments) and [r.state for r in rows[199:201]] == [DONE, PENDING]
    assert rows[5].translation == "Traduction 5." and pane.copy_button.isEnabled()
    # opened, then another conversation before the rows came: the late rows are dropped
    pane.open_conversation(record.conversation_id)
    late = pane._restoring
    pane.open_conversation(other.conversation_id)
    assert late is not None and late.cancel.is_set()
    qtbot.waitUntil(lambda: not late.thread.is_alive(), timeout=10000)
    qtbot.waitUntil(lambda: pane.stack.currentIndex() == PAGE_ALIGNED, timeout=10000)
    qtbot.wait(50)
    assert [r.source for r in pane.table.table_model.rows] == ["The museum opens at ten."]
    assert pane.source.text() == "The museum opens at ten."


def test_stop_just_after_the_text_was_committed_closes_it_and_queues_nothing(qtbot, rig: WorkRig) -> None:
    """The worker prepared and committed the text; Stop comes before its result reaches the window."""
    pane = rig.pane
    running: list[bool] = []
    pane.runner.runningChanged.connect(running.append)
    pane.source.set_text("The library opens at nine.\n\nThe museum opens at ten.")
    pane.source_box.set_code("en")
    pane.target_box.set_code("fr")
    assert pane.run()
    call = pane._preparing
    assert call is not None
    call.thread.join(30)  # done on its thread; its result waits in the event queue
    (conv,) = rig.store.list_conversations()
    pane.stop()
    qtbot.wait(50)  # the result arrives, stale
    assert running == [] and not pane.is_busy() and pane.run_button.text() == "Translate"
    source, answer = rig.store.active_branch(conv.id)
    assert source.content.startswith("The library") and answer.status == "stopped" and answer.content == ""
