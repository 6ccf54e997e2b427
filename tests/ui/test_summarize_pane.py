"""The Summarize pane on the real tiny llama.cpp model (random text out, but real tokens, passes,
progress, Stop and storage), a real SQLite file and real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_assistant.tasks.summarize import SummaryResult
from desk_assistant.ui.panes.summarize_pane import SummarizePane
from tests.tasks.summary_samples import english_document
from tests.ui.pane_helpers import WorkRig, make_work_rig


@pytest.fixture
def rig(qtbot, tiny_model: Path) -> Iterator[WorkRig]:
    rig = make_work_rig(qtbot, SummarizePane, tiny_model, context_size=1024)
    yield rig
    rig.close()


def finished_results(pane: SummarizePane) -> list[SummaryResult | str]:
    """What the task ended with: its result, or the failure sentence (so a test fails fast)."""
    results: list[SummaryResult | str] = []
    pane.runner.finished.connect(results.append)
    pane.runner.failed.connect(results.append)
    return results


def test_the_plan_shows_tokens_and_passes_before_running(qtbot, rig: WorkRig) -> None:
    pane = rig.pane
    assert not pane.run_button.isEnabled()  # nothing to summarize yet
    pane.source.set_text(english_document(12, seed=1))
    qtbot.waitUntil(lambda: "passes" in pane.plan_label.text(), timeout=30000)
    plan = pane._plan
    assert plan.passes > 1 and len(plan.chunks) > 1
    assert f"{plan.tokens:,}" in pane.plan_label.text() and str(plan.passes) in pane.plan_label.text()
    pane.source.set_text("A short note about the tram line.")
    qtbot.waitUntil(lambda: "one pass" in pane.plan_label.text(), timeout=30000)


@pytest.fixture
def smol_rig(qtbot, smollm2_model_path: Path) -> Iterator[WorkRig]:
    rig = make_work_rig(qtbot, SummarizePane, smollm2_model_path, context_size=1024)
    yield rig
    rig.close()


def test_a_long_document_is_summarized_in_parts_and_stored(qtbot, smol_rig: WorkRig) -> None:
    """The real SmolLM2 starter: parts, a final pass, the summary streamed, stored."""
    rig = smol_rig
    pane = rig.pane
    results = finished_results(pane)
    steps: list[str] = []
    pane.runner.progress.connect(lambda p: steps.append(pane.progress_row.label.text()))
    document = english_document(12, seed=2)
    pane.source.set_text(document)
    pane.length_box.setCurrentIndex(pane.length_box.findData("short"))
    with qtbot.waitSignal(pane.conversationChanged, timeout=5000) as created:
        assert pane.run()
    assert pane.run_button.text() == "Stop" and pane.source.edit.isReadOnly()
    qtbot.waitUntil(lambda: bool(results), timeout=300000)
    result = results[0]
    assert isinstance(result, SummaryResult), result
    assert not result.stopped and result.chunks_total > 1 and result.chunks_done == result.chunks_total
    assert any("part 2 of" in s for s in steps) and steps[-1] == "Writing the summary…"
    assert pane.output.markdown() == result.text
    assert pane.run_button.text() == "Summarize" and pane.copy_button.isEnabled()
    conv_id = created.args[0]
    conv = rig.store.get_conversation(conv_id)
    assert conv.kind == "summarize" and conv.settings["options"]["length"] == "short"
    source, answer = rig.store.active_branch(conv_id)
    assert (source.role, source.content) == ("user", document)
    assert (answer.role, answer.status, answer.content) == ("assistant", "complete", result.text)


def test_stop_keeps_the_parts_done_in_the_view_and_the_database(qtbot, rig: WorkRig) -> None:
    pane = rig.pane
    results = finished_results(pane)
    pane.runner.progress.connect(lambda p: pane.stop() if p.stage == "map" and p.done == 3 else None)
    pane.source.set_text(english_document(16, seed=3))
    assert pane.run()
    qtbot.waitUntil(lambda: bool(results), timeout=120000)
    result = results[0]
    assert result.stopped and result.chunks_done == 2
    assert "Stopped after part 2 of" in pane.progress_row.label.text()
    assert pane.output.markdown() == result.text and result.text
    (_, answer) = rig.store.active_branch(pane.current_conversation_id())
    assert answer.status == "stopped" and answer.content == result.text


def test_reopening_a_stored_summary_shows_its_document_options_and_result(qtbot, rig: WorkRig) -> None:
    pane = rig.pane
    results = finished_results(pane)
    pane.source.set_text("The council approved the tram line. It opens next year.")
    pane.format_box.setCurrentIndex(pane.format_box.findData("tldr"))
    pane.language_box.set_code("fr")
    assert pane.run()
    qtbot.waitUntil(lambda: bool(results), timeout=60000)
    conv_id = pane.current_conversation_id()
    pane.new_document()
    assert pane.source.text() == "" and pane.output.markdown() == ""
    assert pane.format_box.currentData() == "tldr"  # options stay as chosen for the next one
    pane.format_box.setCurrentIndex(0)
    pane.open_conversation(conv_id)
    assert pane.source.text() == "The council approved the tram line. It opens next year."
    assert pane.output.markdown() == results[0].text
    assert pane.format_box.currentData() == "tldr" and pane.language_box.code() == "fr"


def test_bad_input_gives_one_sentence_and_keeps_the_text(qtbot, rig: WorkRig, tmp_path: Path) -> None:
    pane = rig.pane
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    pane.source.set_text("Keep me.")
    pane.source.open_file(binary)
    qtbot.waitUntil(lambda: bool(rig.errors), timeout=10000)
    assert rig.errors[-1] == "photo.txt does not look like a text file."
    assert pane.source.text() == "Keep me."
    pane.source.set_text("   \n  ")
    assert not pane.run_button.isEnabled()
    assert not pane.run()  # whitespace only: refused with a sentence
    assert rig.errors[-1] and "Traceback" not in rig.errors[-1]


def test_a_file_dropped_or_opened_lands_in_the_editor_with_its_name(
    qtbot, rig: WorkRig, tmp_path: Path
) -> None:
    pane = rig.pane
    path = tmp_path / "minutes.txt"
    path.write_bytes("会议纪要：电车线路获得批准。".encode("gb18030"))
    with qtbot.waitSignal(pane.source.documentLoaded, timeout=10000):
        pane.source.open_file(path)
    assert pane.source.text() == "会议纪要：电车线路获得批准。"
    assert (
        pane.source.name_label.text().startswith("minutes.txt") and "GB18030" in pane.source.name_label.text()
    )
    assert pane.source.document_name() == "minutes.txt"


def test_without_a_model_run_says_so(qtbot, tiny_model: Path) -> None:
    rig = make_work_rig(qtbot, SummarizePane, None)
    try:
        rig.pane.source.set_text("Some text.")
        assert not rig.pane.run()
        assert "No model is loaded" in rig.errors[-1]
        assert rig.store.list_conversations() == []  # nothing half-made was stored
    finally:
        rig.close()


def test_a_paste_over_the_limit_is_refused_and_the_text_kept(qtbot, rig: WorkRig) -> None:
    from PySide6.QtCore import QMimeData

    from desk_assistant.tasks.documents import MAX_TEXT_CHARS

    pane = rig.pane
    pane.source.set_text("Keep me.")
    notes: list[str] = []
    pane.source.failed.connect(notes.append)
    huge = QMimeData()
    huge.setText("x" * (MAX_TEXT_CHARS + 1))
    pane.source.edit.insertFromMimeData(huge)
    assert pane.source.text() == "Keep me."
    assert notes and "too long" in notes[0] and "10,000,000" in notes[0]
