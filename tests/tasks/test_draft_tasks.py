"""The Draft tasks on the real llama.cpp (the tiny model: its text is random, its mechanics are real):
outline -> expand section by section with progress, events and per-section streaming, regenerating one
section, a section cut short, Stop, an engine failure, the context budget, and what the store keeps."""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from desk_assistant.core.errors import ContextOverflowError, GenerationError
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import ChatMessage, GenerationStats, LoadOptions, SamplingParams
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks.draft import (
    DraftBrief,
    ExpandAll,
    ExpandSection,
    SectionStarted,
    SectionWritten,
    WriteOutline,
    WriteWhole,
)
from desk_assistant.tasks.draft_store import DraftStore, SectionText
from desk_assistant.tasks.outline import Outline
from desk_assistant.tasks.runtime import Progress, run_task

BRIEF = DraftBrief("article", "Why cities should plant more trees", length="short")
OUTLINE = Outline.of(["Shade", "Cost", "What to do"], "Trees")


def sampling(seed: int = 1) -> SamplingParams:
    return SamplingParams(temperature=0.7, seed=seed)


@pytest.fixture(scope="module")
def engine(tiny_model: Path) -> Iterator[LlamaCppEngine]:
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(tiny_model), LoadOptions(context_size=2048, threads=1, gpu_layers=0))
    yield eng
    eng.unload()


@pytest.fixture
def drafts() -> Iterator[DraftStore]:
    store = ConversationStore()
    yield DraftStore(store)
    store.close()


class Recorder:
    """What a task reported, in order."""

    def __init__(self) -> None:
        self.text: dict[Hashable, str] = {}
        self.progress: list[Progress] = []
        self.events: list[object] = []
        self.order: list[object] = []

    def on_text(self, piece: str, key: Hashable) -> None:
        self.text[key] = self.text.get(key, "") + piece

    def on_progress(self, progress: Progress) -> None:
        self.progress.append(progress)
        self.order.append(progress)

    def on_event(self, event: object) -> None:
        self.events.append(event)
        self.order.append(event)

    def run(self, task: Any, engine: Any, cancel: threading.Event | None = None) -> Any:
        return run_task(
            task,
            engine,
            cancel=cancel,
            on_text=self.on_text,
            on_progress=self.on_progress,
            on_event=self.on_event,
        )


def test_outline_then_expand_all_with_progress_events_keys_and_the_store(
    engine: LlamaCppEngine, drafts: DraftStore
) -> None:
    draft_id = drafts.create(BRIEF)
    record = drafts.record(draft_id)
    seen = Recorder()
    outlined = seen.run(WriteOutline(BRIEF, sampling(), record=record, max_tokens=40), engine)
    assert outlined.text and seen.text == {None: outlined.text}  # streamed under key None, as returned
    assert outlined.state == "incomplete"  # the tiny model never ends: it ran out of tokens
    assert outlined.stats.completion_tokens == 40
    if len(outlined.outline):  # random bytes may hold no usable line; the store keeps what was parsed
        assert drafts.load(draft_id).outline == outlined.outline

    drafts.save_outline(draft_id, OUTLINE)  # as the user edited it
    seen = Recorder()
    result = seen.run(ExpandAll(BRIEF, OUTLINE, {}, sampling(), record=record, max_tokens=12), engine)
    assert [(p.stage, p.done, p.total) for p in seen.progress] == [("section", i, 3) for i in (1, 2, 3)]
    started = [e for e in seen.order if isinstance(e, SectionStarted)]
    written = [e for e in seen.order if isinstance(e, SectionWritten)]
    assert [(e.section_id, e.index, e.total) for e in started] == [("s1", 1, 3), ("s2", 2, 3), ("s3", 3, 3)]
    assert [e.section_id for e in written] == ["s1", "s2", "s3"]
    kinds = [type(e).__name__ for e in seen.order]
    assert kinds == ["Progress", "SectionStarted", "SectionWritten"] * 3  # each section in turn
    assert set(seen.text) == {"s1", "s2", "s3"}  # text streamed under each section's id
    for event in written:
        assert event.text and seen.text[event.section_id].strip() == event.text
        assert event.state == "incomplete" and not event.stopped  # cut at max_tokens, text kept
        assert result.sections[event.section_id].stats.completion_tokens == 12
    assert not result.stopped and not result.complete
    assert result.stats.completion_tokens == 36
    assert result.text.startswith("# Trees\n\n## Shade\n\n" + result.written["s1"])
    assert "## Cost" in result.text and "## What to do" in result.text

    # a "restart": the draft re-opens with its outline and sections
    drafts.store.close()
    again = DraftStore(ConversationStore())
    try:
        draft = again.load(draft_id)
        assert draft.outline == OUTLINE
        assert draft.sections == {e.section_id: SectionText(e.text, "incomplete") for e in written}
        assert draft.versions == ()  # unfinished sections make no version
        assert draft.text == result.text
    finally:
        again.store.close()
        drafts.store = ConversationStore()  # for the fixture's close


def test_regenerating_one_section_changes_only_that_section(
    engine: LlamaCppEngine, drafts: DraftStore
) -> None:
    draft_id = drafts.create(BRIEF)
    drafts.save_outline(draft_id, OUTLINE)
    before = {"s1": "Trees give shade.", "s2": "They cost little.", "s3": "Plant them now."}
    for sid, text in before.items():
        drafts.save_section(draft_id, sid, text, "complete")
    seen = Recorder()
    task = ExpandSection(
        BRIEF, OUTLINE, "s2", before, sampling(5), record=drafts.record(draft_id), max_tokens=10
    )
    result = seen.run(task, engine)
    assert result.section_id == "s2" and result.text and result.text != before["s2"]
    assert set(seen.text) == {"s2"}
    assert [type(e).__name__ for e in seen.events] == ["SectionStarted", "SectionWritten"]
    assert seen.events[0] == SectionStarted("s2", 2, 3)
    sections = drafts.load(draft_id).sections
    assert sections["s2"] == SectionText(result.text, "incomplete")
    assert {sid: sections[sid].text for sid in ("s1", "s3")} == {"s1": before["s1"], "s3": before["s3"]}


def test_the_sections_before_are_sent_for_continuity(engine: LlamaCppEngine) -> None:
    sent: list[list[ChatMessage]] = []
    watched = Watched(engine, sent)
    written = {"s1": "FIRST-SECTION-TEXT.", "s3": "THIRD-SECTION-TEXT."}
    run_task(ExpandSection(BRIEF, OUTLINE, "s2", written, sampling(), max_tokens=4), watched)
    prompt = sent[0][-1].content
    assert "## Shade\n\nFIRST-SECTION-TEXT." in prompt
    assert "THIRD-SECTION-TEXT" not in prompt  # only what comes before the section
    assert "section 2 of 3: Cost" in prompt


def test_a_long_draft_is_cut_to_fit_the_context(tiny_model: Path) -> None:
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(tiny_model), LoadOptions(context_size=1024, threads=1, gpu_layers=0))
    try:
        sent: list[list[ChatMessage]] = []
        long = " ".join(f"word{i}" for i in range(1500))  # far more than the context
        written = {"s1": "OLDEST " + long, "s2": long + " NEWEST-END"}
        task = ExpandSection(BRIEF, OUTLINE, "s3", written, sampling(), max_tokens=64)
        result = run_task(task, Watched(eng, sent))
        prompt = eng.count_messages(sent[0])
        assert prompt + 64 <= 1024
        text = sent[0][-1].content
        assert "NEWEST-END" in text and "OLDEST" not in text and "[…]" in text
        assert result.stats.completion_tokens == 64
    finally:
        eng.unload()


def test_a_brief_too_long_for_the_context_is_a_sentence_and_nothing_is_sent(tiny_model: Path) -> None:
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(tiny_model), LoadOptions(context_size=512, threads=1, gpu_layers=0))
    try:
        sent: list[list[ChatMessage]] = []
        brief = DraftBrief("article", "trees " * 2000)
        with pytest.raises(ContextOverflowError) as err:
            run_task(WriteOutline(brief), Watched(eng, sent))
        assert "of this model's 512 tokens of context" in str(err.value)
        assert sent == []
    finally:
        eng.unload()


def test_stop_keeps_the_sections_done_and_the_partial_one(engine: LlamaCppEngine, drafts: DraftStore) -> None:
    draft_id = drafts.create(BRIEF)
    drafts.save_outline(draft_id, OUTLINE)
    cancel = threading.Event()
    seen = Recorder()

    def on_text(piece: str, key: Hashable) -> None:
        seen.on_text(piece, key)
        if key == "s2" and len(seen.text["s2"]) >= 3:
            cancel.set()  # Stop pressed while section 2 streams

    task = ExpandAll(BRIEF, OUTLINE, {}, sampling(), record=drafts.record(draft_id), max_tokens=40)
    result = run_task(task, engine, cancel=cancel, on_text=on_text, on_event=seen.on_event)
    assert result.stopped and not result.complete
    assert result.sections["s1"].state == "incomplete"
    assert result.sections["s2"].state == "stopped" and result.sections["s2"].text
    assert result.sections["s2"].stats.completion_tokens < 40
    assert "s3" not in result.sections and "s3" not in seen.text
    stored = drafts.load(draft_id).sections
    assert stored["s2"] == SectionText(result.sections["s2"].text, "stopped") and "s3" not in stored

    # go on after the Stop: only the sections not done are written, from where it stopped
    seen = Recorder()
    done = {"s1": result.written["s1"]}
    rest = seen.run(
        ExpandAll(BRIEF, OUTLINE, done, sampling(), record=drafts.record(draft_id), max_tokens=8), engine
    )
    assert [(p.done, p.total) for p in seen.progress] == [(2, 3), (3, 3)]
    assert set(rest.sections) == {"s2", "s3"} and rest.written["s1"] == done["s1"]


def test_an_engine_failure_mid_section_keeps_its_text(engine: LlamaCppEngine, drafts: DraftStore) -> None:
    draft_id = drafts.create(BRIEF)
    seen = Recorder()
    task = ExpandSection(BRIEF, OUTLINE, "s1", {}, sampling(), record=drafts.record(draft_id), max_tokens=10)
    with pytest.raises(GenerationError, match="the text so far is kept"):
        seen.run(task, FailingAtEnd(engine))
    (written,) = [e for e in seen.events if isinstance(e, SectionWritten)]
    assert written.state == "incomplete" and written.text
    assert drafts.load(draft_id).sections["s1"] == SectionText(written.text, "incomplete")


def test_write_whole_saves_a_version(engine: LlamaCppEngine, drafts: DraftStore) -> None:
    draft_id = drafts.create(BRIEF)
    seen = Recorder()
    result = seen.run(
        WriteWhole(BRIEF, None, sampling(), record=drafts.record(draft_id), max_tokens=16), engine
    )
    assert result.text and seen.text[None].strip().startswith(result.text[:5])
    assert result.state == "incomplete"
    (version,) = drafts.load(draft_id).versions
    assert version.text == result.text
    assert version.label == "Written in one go (not finished)" and version.status == "stopped"


def test_abandoned_tasks_say_stopped() -> None:
    assert ExpandAll(BRIEF, OUTLINE, {"s1": "x"}).abandon().stopped
    assert WriteOutline(BRIEF).abandon().stopped
    assert ExpandSection(BRIEF, OUTLINE, "s1").abandon().stopped
    assert WriteWhole(BRIEF).abandon().stopped


class Watched:
    """The real engine; the prompts sent are recorded."""

    def __init__(self, engine: LlamaCppEngine, sent: list[list[ChatMessage]]) -> None:
        self.engine = engine
        self.sent = sent

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def stream_chat(self, messages: Sequence[ChatMessage], *args: Any) -> Iterator[Any]:
        self.sent.append(list(messages))
        return self.engine.stream_chat(messages, *args)


class FailingAtEnd(Watched):
    """The real engine's answer, reported as failed at its end (llama_decode failing mid-answer)."""

    def __init__(self, engine: LlamaCppEngine) -> None:
        super().__init__(engine, [])

    def stream_chat(self, messages: Sequence[ChatMessage], *args: Any) -> Iterator[Any]:
        for item in self.engine.stream_chat(messages, *args):
            if isinstance(item, GenerationStats):
                item.finish_reason = "error"
                item.extra["error"] = "llama_decode returned -1"
            yield item
