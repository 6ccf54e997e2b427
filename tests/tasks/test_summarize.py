"""tasks/summarize.py on the real engine.

The tiny model (byte tokens, random output that never ends early: every answer is exactly its
max_tokens) makes counting, chunking, passes, progress, Stop and prefix reuse real and exact; SmolLM2
(an instruct model) does one end-to-end run whose summary is read. ``RecordingEngine`` is the real
engine with each pass's prompt and stats kept: nothing is replaced.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from desk_assistant.core.errors import ContextOverflowError, DeskAssistantError, InputError
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import ChatMessage, GenerationStats, LoadOptions, SamplingParams
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks.records import TaskRecord
from desk_assistant.tasks.runtime import Progress, run_task
from desk_assistant.tasks.summarize import (
    SESSION_KEY,
    PartSummarized,
    PlanSummary,
    Summarize,
    SummaryOptions,
    SummaryPlan,
    SummaryResult,
    plan_summary,
)
from tests.tasks.summary_samples import chinese_document, english_document, english_sentences

CONTEXT = 2048  # the tiny model's trained length; its byte tokens make the prompts ~500 tokens


class RecordingEngine:
    """The real engine; keeps (messages, sampling, session key, stats) of every pass."""

    def __init__(self, engine: LlamaCppEngine) -> None:
        self.engine = engine
        self.passes: list[tuple[list[ChatMessage], SamplingParams, str | None, GenerationStats]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    @property
    def context_size(self) -> int:
        return self.engine.context_size

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        sampling: SamplingParams | None = None,
        cancel: threading.Event | None = None,
        session_key: str | None = None,
    ) -> Iterator[str | GenerationStats]:
        for item in self.engine.stream_chat(messages, sampling, cancel, session_key):
            if isinstance(item, GenerationStats):
                self.passes.append((list(messages), sampling or SamplingParams(), session_key, item))
            yield item


class Run:
    """One run of a task with everything it reported, in order."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, Hashable]] = []
        self.steps: list[Progress] = []
        self.events: list[object] = []
        self.order: list[tuple[str, object]] = []  # ("text", key) / ("progress", stage) / ("event", type)

    def on_text(self, piece: str, key: Hashable) -> None:
        self.texts.append((piece, key))
        if not self.order or self.order[-1] != ("text", key):
            self.order.append(("text", key))

    def on_progress(self, progress: Progress) -> None:
        self.steps.append(progress)
        self.order.append(("progress", (progress.stage, progress.done, progress.total)))

    def on_event(self, event: object) -> None:
        self.events.append(event)
        self.order.append(("event", type(event).__name__))

    def text(self, key: Hashable) -> str:
        return "".join(piece for piece, k in self.texts if k == key)

    def keys(self) -> list[Hashable]:
        return list(dict.fromkeys(k for _, k in self.texts))

    def parts(self) -> list[PartSummarized]:
        return [e for e in self.events if isinstance(e, PartSummarized)]

    def go(self, task: Any, engine: Any, cancel: threading.Event | None = None) -> Any:
        return run_task(
            task,
            engine,
            cancel=cancel,
            on_text=self.on_text,
            on_progress=self.on_progress,
            on_event=self.on_event,
        )


@pytest.fixture(scope="module")
def engine(tiny_model: Path) -> Iterator[LlamaCppEngine]:
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(tiny_model), LoadOptions(context_size=CONTEXT, threads=1))
    yield eng
    eng.unload()


@pytest.fixture
def store(app_home: Path) -> Iterator[ConversationStore]:
    with ConversationStore() as s:
        yield s


def begin(store: ConversationStore, text: str) -> TaskRecord:
    return TaskRecord.begin(store, "summarize", "A document", text, settings={"options": {"length": "short"}})


def stored(conversation_id: int) -> tuple[Any, list[Any]]:
    """The conversation and its messages as a fresh connection to the SQLite file reads them."""
    with ConversationStore() as fresh:
        return fresh.get_conversation(conversation_id), fresh.active_branch(conversation_id)


def document_with_chunks(engine: LlamaCppEngine, n: int, options: SummaryOptions) -> tuple[str, SummaryPlan]:
    """An English document the plan splits into exactly ``n`` parts."""
    for paragraphs in range(2, 400):
        text = english_document(paragraphs, seed=n)
        plan = plan_summary(engine, text, options)
        if len(plan.chunks) == n and (n > 1 or plan.single):
            return text, plan
        if len(plan.chunks) > n:
            break
    raise AssertionError(f"no document of {n} parts")


# ---- options and input ------------------------------------------------------------------------------


def test_options_are_normalized_and_unknown_values_named() -> None:
    options = SummaryOptions(length="Short", format="key-points", language="zh-cn")
    assert (options.length, options.format, options.language) == ("short", "key_points", "zh_CN")
    assert SummaryOptions(format="TL;DR", language="").format == "tldr"
    assert SummaryOptions(language="").language is None
    for kwargs, value in (
        ({"length": "huge"}, "huge"),
        ({"format": "poem"}, "poem"),
        ({"language": "klingon"}, "klingon"),
    ):
        with pytest.raises(InputError, match=value):
            SummaryOptions(**kwargs)


def test_empty_text_is_refused_before_anything_runs(engine: LlamaCppEngine) -> None:
    with pytest.raises(InputError, match="no text"):
        Summarize("  \n\t ")
    with pytest.raises(InputError, match="no text"):
        run_task(PlanSummary("", SummaryOptions()), engine)


def test_a_context_too_small_for_the_instructions_is_one_sentence(tiny_model: Path) -> None:
    small = LlamaCppEngine(state_budget_bytes=0)
    small.load(str(tiny_model), LoadOptions(context_size=512, threads=1))
    try:
        with pytest.raises(ContextOverflowError, match="too small to summarize"):
            plan_summary(small, english_document(10), SummaryOptions())
    finally:
        small.unload()


# ---- one pass -----------------------------------------------------------------------------------------


def test_a_short_document_is_one_pass_streamed_to_the_main_output(
    engine: LlamaCppEngine, store: ConversationStore
) -> None:
    text = english_document(3, seed=1)
    options = SummaryOptions(length="short", seed=7)
    plan = run_task(PlanSummary(text, options), engine)
    assert plan == plan_summary(engine, text, options)
    assert (plan.passes, plan.single, len(plan.chunks), plan.language) == (1, True, 1, "en")
    assert plan.tokens == engine.count_tokens(text)

    record = begin(store, text)
    recording = RecordingEngine(engine)
    run = Run()
    result = run.go(Summarize(text, options, record=record), recording)

    assert isinstance(result, SummaryResult)
    assert [(s.stage, s.done, s.total) for s in run.steps] == [("count", 0, 1), ("final", 1, 1)]
    assert run.keys() == [None]
    assert result.text == run.text(None) and result.text
    assert (result.stopped, result.chunks_done, result.chunks_total, result.passes_done) == (False, 1, 1, 1)
    assert len(recording.passes) == 1
    messages, sampling, key, stats = recording.passes[0]
    assert key == SESSION_KEY
    assert text.strip() in messages[-1].content
    assert sampling.temperature <= 0.4 and sampling.repeat_penalty >= 1.05 and sampling.seed == 7
    assert (
        result.stats.completion_tokens == stats.completion_tokens == sampling.max_tokens
    )  # tiny never stops
    assert result.stats.prompt_tokens == stats.prompt_tokens

    conversation, messages_stored = stored(record.conversation_id)
    assert conversation.kind == "summarize"
    assert conversation.settings["chunks_total"] == 1 and conversation.settings["chunks_done"] == 1
    assert conversation.settings["language"] == "en"
    assert conversation.settings["options"] == {"length": "short"}  # what the caller stored is kept
    assert [(m.role, m.status) for m in messages_stored] == [("user", "complete"), ("assistant", "complete")]
    assert messages_stored[0].content == text
    assert messages_stored[1].content == result.text
    assert messages_stored[1].stats["completion_tokens"] == result.stats.completion_tokens


# ---- map and reduce -------------------------------------------------------------------------------------


def test_parts_then_final_pass_with_progress_events_and_keys_in_order(
    engine: LlamaCppEngine, store: ConversationStore
) -> None:
    options = SummaryOptions(length="short", seed=3)
    text, plan = document_with_chunks(engine, 2, options)
    assert plan.passes == 3 and not plan.single
    assert all(c.tokens <= plan.chunk_budget for c in plan.chunks)
    assert "".join(c.text(text) for c in plan.chunks) == text

    record = begin(store, text)
    run = Run()
    result = run.go(Summarize(text, options, record=record), engine)

    assert result.passes_done == plan.passes == 3
    assert (result.chunks_done, result.chunks_total, result.stopped) == (2, 2, False)
    assert run.order == [
        ("progress", ("count", 0, 1)),
        ("event", "SummaryPlan"),
        ("progress", ("map", 1, 2)),
        ("text", ("part", 1)),
        ("event", "PartSummarized"),
        ("progress", ("map", 2, 2)),
        ("text", ("part", 2)),
        ("event", "PartSummarized"),
        ("progress", ("final", 1, 1)),
        ("text", None),
    ]
    parts = run.parts()
    assert [(p.index, p.total) for p in parts] == [(1, 2), (2, 2)]
    assert [p.text for p in parts] == [run.text(("part", 1)).strip(), run.text(("part", 2)).strip()]
    assert result.text == run.text(None)
    _conversation, messages = stored(record.conversation_id)
    assert messages[1].content == result.text and messages[1].status == "complete"


def test_the_fixed_instructions_are_read_once_and_reused_for_every_part(engine: LlamaCppEngine) -> None:
    options = SummaryOptions(seed=5)
    text, _plan = document_with_chunks(engine, 4, options)
    recording = RecordingEngine(engine)
    run = Run()
    run.go(Summarize(text, options), recording)

    maps = [p for p in recording.passes if "Part of the document:" in p[0][-1].content]
    assert len(maps) == 4
    assert all(key == SESSION_KEY for _, _, key, _ in recording.passes)
    first = engine.encode_messages(maps[0][0])
    second = engine.encode_messages(maps[1][0])
    prefix = next(i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b)
    empty = [ChatMessage(m.role, m.content) for m in maps[0][0][:-1]]
    instructions = maps[0][0][-1].content[: maps[0][0][-1].content.index("Part of the document:")]
    empty.append(ChatMessage("user", instructions + "Part of the document:"))
    overhead = engine.count_messages(empty)
    # everything but the chat template's closing tokens after the part is shared
    assert prefix >= overhead - 16
    for _, _, _, stats in maps[1:]:
        assert stats.cached_tokens >= prefix
    assert maps[0][3].cached_tokens < prefix  # the first part read the instructions itself


def test_notes_that_do_not_fit_the_final_pass_are_merged_first(
    engine: LlamaCppEngine, store: ConversationStore
) -> None:
    options = SummaryOptions(length="medium", seed=11)
    text, plan = document_with_chunks(engine, 8, options)
    assert plan.passes > len(plan.chunks) + 1  # the plan expects merge passes

    record = begin(store, text)
    recording = RecordingEngine(engine)
    run = Run()
    result = run.go(Summarize(text, options, record=record), recording)

    stages = [s.stage for s in run.steps]
    merges = [s for s in run.steps if s.stage == "reduce"]
    assert stages[:9] == ["count"] + ["map"] * 8
    assert merges and stages[-1] == "final" and stages.count("final") == 1
    assert [s.done for s in merges][: merges[0].total] == list(range(1, merges[0].total + 1))
    assert ("combine", 1) in set(run.keys())
    assert result.passes_done == 8 + len(merges) + 1 == len(recording.passes)
    # every prompt fits with its answer: nothing is trimmed, nothing overflows
    for _messages, sampling, _, stats in recording.passes:
        assert stats.prompt_tokens + sampling.max_tokens <= CONTEXT
        assert stats.trimmed is None
    final_prompt = recording.passes[-1][0][-1].content
    for j in range(1, merges[0].total + 1):  # the final pass reads the merged notes, not the parts
        assert run.text(("combine", j)).strip()[:20] in final_prompt
    assert stored(record.conversation_id)[1][1].status == "complete"


# ---- Stop --------------------------------------------------------------------------------------------


def test_stop_before_part_3_keeps_parts_1_and_2_under_headings(
    engine: LlamaCppEngine, store: ConversationStore
) -> None:
    options = SummaryOptions(length="short", seed=2)
    text, _plan = document_with_chunks(engine, 5, options)
    cancel = threading.Event()
    record = begin(store, text)
    run = Run()

    def progress(step: Progress) -> None:
        run.on_progress(step)
        if step.stage == "map" and step.done == 3:
            cancel.set()

    result = run_task(
        Summarize(text, options, record=record),
        engine,
        cancel=cancel,
        on_text=run.on_text,
        on_progress=progress,
        on_event=run.on_event,
    )
    assert result.stopped and (result.chunks_done, result.chunks_total) == (2, 5)
    parts = run.parts()
    assert len(parts) == 2
    assert "### Part 1 of 5" in result.text and "### Part 2 of 5" in result.text
    assert "Part 3" not in result.text
    assert (
        result.text.index(parts[0].text)
        < result.text.index("### Part 2 of 5")
        < result.text.index(parts[1].text)
    )
    assert result.stats.finish_reason == "cancelled"

    conversation, messages = stored(record.conversation_id)
    assert messages[1].status == "stopped"
    assert messages[1].content == result.text
    assert (conversation.settings["chunks_done"], conversation.settings["chunks_total"]) == (2, 5)


def test_stop_from_another_thread_in_the_middle_of_a_part_drops_only_that_part(
    engine: LlamaCppEngine,
) -> None:
    options = SummaryOptions(length="short", seed=4)
    text, _plan = document_with_chunks(engine, 3, options)
    cancel = threading.Event()
    part_2_started = threading.Event()
    run = Run()

    def presser() -> None:
        part_2_started.wait(30)
        cancel.set()

    def on_text(piece: str, key: Hashable) -> None:
        run.on_text(piece, key)
        if key == ("part", 2) and not part_2_started.is_set():
            part_2_started.set()
            assert cancel.wait(30)  # hold the pass until Stop was pressed, so it stops mid-part

    button = threading.Thread(target=presser)
    button.start()
    recording = RecordingEngine(engine)
    result = run_task(
        Summarize(text, options), recording, cancel=cancel, on_text=on_text, on_event=run.on_event
    )
    button.join()
    assert result.stopped and result.chunks_done == 1
    assert recording.passes[-1][3].finish_reason == "cancelled"
    assert 0 < recording.passes[-1][3].completion_tokens < recording.passes[-1][1].max_tokens
    assert "### Part 1 of 3" in result.text and "Part 2" not in result.text
    assert result.passes_done == 1


def test_stop_during_the_final_pass_keeps_the_summary_so_far(
    engine: LlamaCppEngine, store: ConversationStore
) -> None:
    options = SummaryOptions(length="short", seed=6)
    text, _plan = document_with_chunks(engine, 2, options)
    cancel = threading.Event()
    record = begin(store, text)
    run = Run()

    def on_text(piece: str, key: Hashable) -> None:
        run.on_text(piece, key)
        if key is None:
            cancel.set()

    result = run_task(Summarize(text, options, record=record), engine, cancel=cancel, on_text=on_text)
    assert result.stopped and result.chunks_done == 2
    assert result.text == run.text(None) and result.text
    assert "### Part" not in result.text
    messages = stored(record.conversation_id)[1]
    assert (messages[1].status, messages[1].content) == ("stopped", result.text)


def test_stop_while_counting_ends_the_plan_and_the_summary_with_nothing_done(
    engine: LlamaCppEngine, store: ConversationStore
) -> None:
    text = english_document(60, seed=1)
    assert len(plan_summary(engine, text, SummaryOptions()).chunks) > 3
    cancel = threading.Event()
    cancel.set()
    assert run_task(PlanSummary(text), engine, cancel=cancel) is None
    record = begin(store, text)
    result = run_task(Summarize(text, record=record), engine, cancel=cancel)
    assert result.stopped and (result.passes_done, result.chunks_done, result.text) == (0, 0, "")
    assert stored(record.conversation_id)[1][1].status == "stopped"


def test_a_task_dropped_before_it_ran_closes_its_record_as_stopped(store: ConversationStore) -> None:
    record = begin(store, "Some text.")
    result = Summarize("Some text.", record=record).abandon()
    assert result.stopped and result.text == "" and result.passes_done == 0
    assert stored(record.conversation_id)[1][1].status == "stopped"


def test_a_model_failure_mid_way_keeps_the_parts_done_and_raises(
    tiny_model: Path, store: ConversationStore
) -> None:
    own = LlamaCppEngine(state_budget_bytes=0)
    own.load(str(tiny_model), LoadOptions(context_size=CONTEXT, threads=1))
    options = SummaryOptions(length="short", seed=8)
    text, _plan = document_with_chunks(own, 3, options)
    record = begin(store, text)

    def progress(step: Progress) -> None:
        if step.stage == "map" and step.done == 2:
            own.unload()  # the model goes away between two parts (a crash, a user unloading it)

    try:
        with pytest.raises(DeskAssistantError):
            run_task(Summarize(text, options, record=record), own, on_progress=progress)
    finally:
        own.unload()
    messages = stored(record.conversation_id)[1]
    assert messages[1].status == "error"
    assert "### Part 1 of 3" in messages[1].content and "Part 2 of" not in messages[1].content


# ---- languages and the chat's state ----------------------------------------------------------------------


def test_a_chinese_document_gets_a_chinese_summary_and_chinese_headings(engine: LlamaCppEngine) -> None:
    text = chinese_document(30, seed=1)
    options = SummaryOptions(length="short", seed=9)
    plan = plan_summary(engine, text, options)
    assert plan.language == "zh_CN" and len(plan.chunks) >= 3
    recording = RecordingEngine(engine)
    cancel = threading.Event()
    result = run_task(
        Summarize(text, options),
        recording,
        cancel=cancel,
        on_progress=lambda p: cancel.set() if (p.stage, p.done) == ("map", 3) else None,
    )
    assert result.language == "zh_CN"
    assert "用简体中文" in recording.passes[0][0][-1].content
    assert "### 第 1 部分（共" in result.text


def test_a_chosen_language_overrides_the_documents(engine: LlamaCppEngine) -> None:
    text = chinese_document(2, seed=1)
    recording = RecordingEngine(engine)
    result = run_task(Summarize(text, SummaryOptions(length="short", language="fr", seed=1)), recording)
    assert result.language == "fr"
    assert "in French" in recording.passes[0][0][-1].content


def test_summarizing_leaves_a_chats_saved_state_alone(tiny_model: Path) -> None:
    eng = LlamaCppEngine(state_budget_bytes=256 * 1024 * 1024)
    eng.load(str(tiny_model), LoadOptions(context_size=CONTEXT, threads=1))
    try:
        history = [ChatMessage("user", english_sentences(12, seed=1))]
        sampling = SamplingParams(max_tokens=16, seed=1)
        items = list(eng.stream_chat(history, sampling, session_key="conv-1"))
        history += [ChatMessage("assistant", "".join(items[:-1])), ChatMessage("user", "And then?")]
        run_task(Summarize(english_document(12, seed=2), SummaryOptions(length="short", seed=1)), eng)
        again = list(eng.stream_chat(history, sampling, session_key="conv-1"))[-1]
        assert again.cached_tokens >= items[-1].prompt_tokens  # the chat's first turn was not read again
    finally:
        eng.unload()


# ---- a real instruct model -------------------------------------------------------------------------------


def test_smollm2_summarizes_a_long_document_part_by_part(smollm2_model_path: Path) -> None:
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(smollm2_model_path), LoadOptions(context_size=1024, threads=1))
    try:
        text = english_document(14, seed=21)
        options = SummaryOptions(length="short", seed=1)
        plan = plan_summary(eng, text, options)
        assert len(plan.chunks) >= 2
        run = Run()
        recording = RecordingEngine(eng)
        result = run.go(Summarize(text, options), recording)
    finally:
        eng.unload()
    assert not result.stopped and result.passes_done >= len(plan.chunks) + 1
    assert result.text.strip()
    # an instruct model answers and stops: it ends passes itself, before their token limits
    assert any(
        s.finish_reason == "stop" and s.completion_tokens < p.max_tokens for _, p, _, s in recording.passes
    )
    words = {w.strip(".,!?\"'()").lower() for w in text.split()} - {"the", "a", "of", "and", "to", "in"}
    found = {w.strip(".,!?\"'()*:").lower() for w in result.text.split()} & words
    assert len(found) >= 3, result.text  # it talks about the document (names, places, topics)
    for part in run.parts():
        assert part.text.strip()
