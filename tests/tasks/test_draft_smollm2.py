"""A draft end to end on a real instruct model (SmolLM2 135M, the offline starter): an outline from a brief,
edited, expanded section by section into the store, one section regenerated, a version saved, and the
whole draft re-opened after a restart."""

from __future__ import annotations

from pathlib import Path

from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import LoadOptions, SamplingParams
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks.draft import DraftBrief, ExpandAll, ExpandSection, SectionWritten, WriteOutline
from desk_assistant.tasks.draft_store import DraftStore
from desk_assistant.tasks.languages import detect_language
from desk_assistant.tasks.runtime import run_task


def test_outline_expand_regenerate_and_reopen(smollm2_model_path: Path) -> None:
    brief = DraftBrief(
        "blog_post", "Why everyone should learn to cook at home", audience="students", length="short"
    )
    engine = LlamaCppEngine(state_budget_bytes=0)
    engine.load(str(smollm2_model_path), LoadOptions(context_size=4096, threads=2, gpu_layers=0))
    store = ConversationStore()
    drafts = DraftStore(store)
    try:
        draft_id = drafts.create(brief, model=str(smollm2_model_path))
        record = drafts.record(draft_id)
        outlined = run_task(
            WriteOutline(brief, SamplingParams(temperature=0.2, seed=3), record=record), engine
        )
        assert len(outlined.outline) >= 3, outlined.text
        # the user keeps three sections and renames one
        outline = outlined.outline
        for section in outline.sections[3:]:
            outline = outline.delete(section.id)
        outline = outline.rename(outline.ids[0], "Why cook?")
        drafts.save_outline(draft_id, outline)

        events: list[object] = []
        sampling = SamplingParams(temperature=0.3, seed=5)
        task = ExpandAll(brief, outline, {}, sampling, record=record, max_tokens=90)
        result = run_task(task, engine, on_event=events.append)
        written = [e for e in events if isinstance(e, SectionWritten)]
        assert [e.section_id for e in written] == outline.ids
        for event in written:
            assert event.state in ("complete", "incomplete") and len(event.text.split()) >= 5
            assert detect_language(event.text).code == "en"
        assert result.text.startswith("## Why cook?\n\n")
        assert result.stats.cached_tokens > 0  # the brief and outline were read once for all sections

        second = outline.ids[1]
        regenerated = run_task(
            ExpandSection(brief, outline, second, result.written, SamplingParams(temperature=0.9, seed=99),
                          record=record, max_tokens=60),
            engine,
        )  # fmt: skip
        assert regenerated.text and regenerated.text != result.written[second]
        written_now = dict(result.written, **{second: regenerated.text})
        version = record.save_version(drafts.load(draft_id).assembled(), "Saved")
    finally:
        engine.unload()
        store.close()

    again = DraftStore(ConversationStore())
    try:
        draft = again.load(draft_id)
        assert draft.outline == outline
        assert {sid: s.text for sid, s in draft.sections.items()} == written_now
        assert [v.message_id for v in draft.versions] == [version.message_id]
        assert draft.text == version.text and regenerated.text in draft.text
    finally:
        again.store.close()
