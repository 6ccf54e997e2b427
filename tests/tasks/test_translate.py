"""tasks/translate.py on the real engine: batching, the retry path, progress, Stop, the stored record,
structure kept through translation, the glossary check, languages; and one real-model run.

The tiny model writes random bytes, which is what proves the structure is the code's doing: whatever the
model writes, every code block, URL, heading and table comes back. SmolLM2 135M (the app's offline
starter) is the real model: a poor translator, but a real one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from desk_assistant.core.errors import InputError
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import ChatMessage, LoadOptions, SamplingParams
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks.glossary import Glossary, GlossaryEntry
from desk_assistant.tasks.records import TaskRecord
from desk_assistant.tasks.runtime import Progress, run_task
from desk_assistant.tasks.segments import MARKER_PATTERN, segment_document
from desk_assistant.tasks.translate import (
    SESSION_KEY,
    BatchRetried,
    PrepareCancelled,
    SegmentTranslated,
    Translate,
    TranslateOptions,
    TranslationPlan,
    drop_repeated_lines,
    split_paragraphs,
)
from tests.tasks.test_segments import _blocks

DOC = """# Getting started

Install the package with `pip install desk-assistant` and read the guide at https://example.com/guide.
The guide explains every option in detail.

## What it does

- It translates whole files, see [the documentation](https://example.com/docs).
- It summarizes long documents for you.
- It drafts articles and letters.

| Command | Purpose |
|---------|---------|
| chat | Talk to the model |
| translate | Translate a text |

```python
print("hello world")
```

> Every paragraph is sent to the model on its own or in a small group.

1. Open the window and choose a model.
2. Paste the text and press the button.
"""

KEPT_SPANS = (
    '```python\nprint("hello world")\n```\n',
    "`pip install desk-assistant`",
    "https://example.com/guide",
    "](https://example.com/docs)",
    "|---------|---------|",
)


class RecordingEngine:
    """The real engine, with every request it gets written down (messages, sampling, session key)."""

    def __init__(self, engine: LlamaCppEngine) -> None:
        self.engine = engine
        self.requests: list[tuple[list[ChatMessage], SamplingParams, str | None, int]] = []

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
    ) -> Iterator[Any]:
        assert sampling is not None
        prompt = self.engine.count_messages(messages)
        self.requests.append((list(messages), sampling, session_key, prompt))
        return self.engine.stream_chat(messages, sampling, cancel, session_key)


@pytest.fixture(scope="module")
def tiny_engine(tiny_model: Path) -> Iterator[LlamaCppEngine]:
    engine = LlamaCppEngine(state_budget_bytes=0)
    engine.load(str(tiny_model), LoadOptions(context_size=2048, gpu_layers=0, threads=1))
    yield engine
    engine.unload()


class Collected:
    def __init__(self) -> None:
        self.events: list[object] = []
        self.progress: list[Progress] = []
        self.text: dict[object, list[str]] = {}

    def on_text(self, piece: str, key: object) -> None:
        self.text.setdefault(key, []).append(piece)

    def of(self, kind: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]


def translate(engine: Any, task: Translate, cancel: threading.Event | None = None, **hooks: Any) -> Any:
    seen = Collected()

    def on_event(event: object) -> None:
        seen.events.append(event)
        if "on_event" in hooks:
            hooks["on_event"](event)

    result = run_task(
        task,
        engine,
        cancel=cancel,
        on_text=seen.on_text,
        on_progress=seen.progress.append,
        on_event=on_event,
    )
    return result, seen


def test_batches_retries_progress_and_structure_with_random_output(tiny_engine: LlamaCppEngine) -> None:
    engine = RecordingEngine(tiny_engine)
    task = Translate(DOC, TranslateOptions("fr", source="en", batch_tokens=64, seed=3))
    result, seen = translate(engine, task)
    document = segment_document(DOC)
    indices = list(range(len(document.segments)))

    plan = seen.events[0]
    assert isinstance(plan, TranslationPlan)
    assert [row.source for row in plan.segments] == [s.source for s in document.segments]
    assert plan.to_translate == len(indices) and plan.source_language == "en"
    finals = seen.of(SegmentTranslated)
    assert sorted(e.index for e in finals) == indices  # one final text per segment
    assert result.complete and not result.stopped
    assert sorted(result.translations) == indices
    assert {e.index: e.text for e in finals} == result.translations

    # every request: fixed instructions first, the text last, room left for the answer
    batches = retried = 0
    for event in seen.events:
        if isinstance(event, BatchRetried):
            retried += len(event.indices)
            later = seen.events[seen.events.index(event) :]
            assert {e.index for e in later if isinstance(e, SegmentTranslated)} >= set(event.indices)
    batches = len(engine.requests) - retried
    assert batches >= 2 and len(engine.requests) == result.stats.requests
    first_user = engine.requests[0][0][-1].content
    fixed = first_user[: first_user.index(":\n\n") + 3]  # "Translate into French:\n\n"
    for messages, sampling, key, prompt in engine.requests:
        assert key == SESSION_KEY
        assert messages[0] == engine.requests[0][0][0]  # the same system message every time
        assert messages[-1].content.startswith(fixed)
        assert sampling.temperature == pytest.approx(0.2) and sampling.repeat_penalty == 1.0
        assert prompt + sampling.max_tokens <= tiny_engine.context_size
    assert result.stats.cached_tokens > 0  # the instructions were read once, then reused

    # progress: before each request, the number of its first segment among those sent
    assert seen.progress and all(p.stage == "translate" and p.total == len(indices) for p in seen.progress)
    assert len(seen.progress) == len(engine.requests)
    assert [p.done for p in seen.progress] == sorted(p.done for p in seen.progress)
    assert seen.progress[0].done == 1
    # streamed text goes to segment keys only
    assert set(seen.text) <= set(indices)

    # random bytes in, the structure out
    assert _blocks(result.document) == _blocks(DOC)
    for span in KEPT_SPANS:
        assert result.document.count(span) == DOC.count(span), span
    assert not MARKER_PATTERN.search(result.document)


def test_stop_keeps_what_was_done_and_the_rest_in_the_source(tiny_engine: LlamaCppEngine) -> None:
    cancel = threading.Event()
    done: list[int] = []

    def on_event(event: object) -> None:
        if isinstance(event, SegmentTranslated):
            done.append(event.index)
            if len(done) == 3:
                cancel.set()

    with ConversationStore() as store:
        record = TaskRecord.begin(store, "translate", "Guide", DOC, settings={"target": "fr"})
        task = Translate(DOC, TranslateOptions("fr", batch_tokens=32, seed=5), record)
        result, _seen = translate(tiny_engine, task, cancel, on_event=on_event)
        assert result.stopped and not result.complete
        assert 3 <= len(result.translations) < len(segment_document(DOC).segments)
        untranslated = [s for s in segment_document(DOC).segments if s.index not in result.translations]
        for segment in untranslated:
            assert segment.original in result.document  # the rest stays as in the source
        message = store.active_branch(record.conversation_id)[-1]
        assert message.status == "stopped" and message.content == result.document
        settings = store.get_conversation(record.conversation_id).settings
        assert settings["target"] == "fr" and settings["tone"] == "neutral"
        assert sorted(settings["translations"]) == sorted(str(i) for i in result.translations)


def test_stored_translation_is_the_document_and_its_parts(tiny_engine: LlamaCppEngine) -> None:
    text = "First paragraph about the sea and the wind.\n\nSecond paragraph about mountains."
    with ConversationStore() as store:
        record = TaskRecord.begin(store, "translate", "Two", text)
        result, _ = translate(tiny_engine, Translate(text, TranslateOptions("de", seed=2), record))
        conversation = store.get_conversation(record.conversation_id)
        source, answer = store.active_branch(record.conversation_id)
        assert conversation.kind == "translate"
        assert source.content == text
        assert answer.status == "complete" and answer.content == result.document
        assert conversation.settings["source_language"] == "en"
        assert conversation.settings["translations"] == {str(i): t for i, t in result.translations.items()}
        assert answer.stats is not None and answer.stats["requests"] == result.stats.requests


def test_a_paragraph_longer_than_the_context_is_cut_at_sentences(tmp_path: Path) -> None:
    from tests.model_builder import build_tiny_llama

    # a tiny model that ends every answer at once: each request costs only its prompt
    quiet = build_tiny_llama(tmp_path / "quiet.gguf", end_logit=5.0)
    small = LlamaCppEngine(state_budget_bytes=0)
    small.load(str(quiet), LoadOptions(context_size=1024, gpu_layers=0, threads=1))
    try:
        engine = RecordingEngine(small)
        long_paragraph = " ".join(f"Sentence number {n} talks about a quiet river." for n in range(30))
        text = f"# Title\n\n{long_paragraph}\n"
        result, _seen = translate(engine, Translate(text, TranslateOptions("fr", source="en", seed=1)))
        assert result.complete
        parts = [m[0][-1].content.split(":\n\n", 1)[1] for m in engine.requests[1:]]
        assert len(parts) >= 3  # the paragraph went in several parts, each cut after a sentence
        assert all(part.endswith("river.") for part in parts)
        assert " ".join(parts) == long_paragraph
        for _messages, sampling, _key, prompt in engine.requests:
            assert prompt + sampling.max_tokens <= small.context_size
        # the model wrote nothing: the source is kept rather than an empty paragraph
        assert result.document == text
    finally:
        small.unload()


def test_glossary_misses_are_flagged_and_only_relevant_pairs_are_sent(tiny_engine: LlamaCppEngine) -> None:
    engine = RecordingEngine(tiny_engine)
    glossary = Glossary([("model", "Modell"), ("window", "Fenster"), ("submarine", "U-Boot")])
    text = "Choose a model in the list.\n\nThe window opens at once."
    result, seen = translate(engine, Translate(text, TranslateOptions("de", glossary=glossary, seed=4)))
    prompts = "\n".join(m[0][-1].content for m in engine.requests)
    assert "model = Modell" in prompts and "window = Fenster" in prompts
    assert "submarine" not in prompts
    assert result.misses == {0: [GlossaryEntry("model", "Modell")], 1: [GlossaryEntry("window", "Fenster")]}
    assert {e.index: e.misses for e in seen.of(SegmentTranslated)} == {
        0: (GlossaryEntry("model", "Modell"),),
        1: (GlossaryEntry("window", "Fenster"),),
    }


def test_mixed_text_keeps_what_is_already_in_the_target(tiny_engine: LlamaCppEngine) -> None:
    french = "Ce paragraphe est déjà écrit en français, il reste tel quel dans la traduction."
    text = (
        "This paragraph is written in English and needs a translation.\n\n"
        f"{french}\n\n"
        "Another English paragraph follows here, about the weather today."
    )
    result, seen = translate(tiny_engine, Translate(text, TranslateOptions("fr", seed=6)))
    assert result.kept == [1] and result.source_language == "en"
    assert result.translations[1] == french
    assert f"\n\n{french}\n\n" in result.document
    assert 1 not in seen.text  # never sent
    kept = [e for e in seen.of(SegmentTranslated) if e.kept]
    assert [(e.index, e.text) for e in kept] == [(1, french)]
    assert seen.of(TranslationPlan)[0].to_translate == 2


def test_text_already_in_the_target_language_is_refused() -> None:
    text = "Bonjour à tous. Ce texte est écrit en français.\n\nIl a deux paragraphes assez longs."
    with pytest.raises(InputError, match="already in French"):
        Translate(text, TranslateOptions("fr")).prepare()
    with pytest.raises(InputError, match="already in Simplified Chinese"):
        Translate("这是一段中文文字，已经是简体中文了。", TranslateOptions("zh-Hans")).prepare()
    # a forced source language is trusted
    assert Translate(text, TranslateOptions("fr", source="en")).prepare().segments
    # traditional to simplified Chinese is a translation
    Translate("這是一段繁體中文的文字，我們會說話。", TranslateOptions("zh_CN")).prepare()


class _SetAfter(threading.Event):
    """An Event that reads as set from its ``n``-th check on: Stop pressed while the text is prepared."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n, self.checks = n, 0

    def is_set(self) -> bool:
        self.checks += 1
        return self.checks >= self.n


def test_prepare_ends_at_the_next_segment_when_cancelled() -> None:
    text = "\n\n".join(f"Paragraph {i} says that the library opens at nine every day." for i in range(50))
    task = Translate(text, TranslateOptions("fr"))
    cancel = _SetAfter(5)
    with pytest.raises(PrepareCancelled):
        task.prepare(cancel)
    assert cancel.checks == 5  # checked before each segment's detection: it stopped there, not after 50
    # nothing was settled: a later call prepares the whole text
    assert len(task.prepare().segments) == 50 and task.source_language == "en"
    stopped = threading.Event()
    stopped.set()
    with pytest.raises(PrepareCancelled):
        Translate(text, TranslateOptions("fr")).prepare(stopped)
    assert len(Translate(text, TranslateOptions("fr", source="en")).prepare(threading.Event()).segments) == 50


def test_options_are_checked_with_one_sentence() -> None:
    with pytest.raises(InputError, match="“xx” is not a language"):
        TranslateOptions("xx")
    with pytest.raises(InputError, match="“klingon” is not a language"):
        TranslateOptions("fr", source="klingon")
    with pytest.raises(InputError, match="both French"):
        TranslateOptions("fr", source="FR")
    with pytest.raises(InputError, match="not a tone"):
        TranslateOptions("fr", tone="rude")
    assert TranslateOptions("zh-Hant").target == "zh_TW"
    assert TranslateOptions("ja", source="").source is None


def test_nothing_to_translate_is_refused() -> None:
    with pytest.raises(InputError, match="no text to translate"):
        Translate("  \n\n ", TranslateOptions("fr"))
    with pytest.raises(InputError, match="nothing to translate"):
        Translate("```\ncode only\n```\n\nhttps://example.com\n", TranslateOptions("fr")).prepare()


def test_abandon_closes_the_record_as_stopped() -> None:
    with ConversationStore() as store:
        record = TaskRecord.begin(store, "translate", "T", "Some text to translate.")
        result = Translate("Some text to translate.", TranslateOptions("fr"), record).abandon()
        assert result.stopped and result.document == "Some text to translate."
        assert store.active_branch(record.conversation_id)[-1].status == "stopped"


def test_split_paragraphs() -> None:
    assert split_paragraphs("\n\na\nb\n\n \n\nc  \n\n") == ["a\nb", "c"]
    assert split_paragraphs("") == []


# ---- the real model ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def smollm2(smollm2_model_path: Path) -> Iterator[LlamaCppEngine]:
    engine = LlamaCppEngine(state_budget_bytes=0)
    engine.load(str(smollm2_model_path), LoadOptions(context_size=2048, gpu_layers=0, threads=1))
    yield engine
    engine.unload()


def test_real_model_translates_markdown_keeping_its_structure(smollm2: LlamaCppEngine) -> None:
    glossary = Glossary([("model", "modèle")])
    task = Translate(DOC, TranslateOptions("fr", glossary=glossary, batch_tokens=48, seed=11))
    result, _seen = translate(smollm2, task)
    assert result.complete and result.source_language == "en"
    assert _blocks(result.document) == _blocks(DOC)
    for span in KEPT_SPANS:
        assert result.document.count(span) == DOC.count(span), span
    assert not MARKER_PATTERN.search(result.document)  # every marker went back to its span
    changed = [
        i for i, text in result.translations.items() if text != segment_document(DOC).segments[i].source
    ]
    assert len(changed) >= len(result.translations) // 2  # the model did write something else
    assert result.stats.cached_tokens > result.stats.prompt_tokens // 3  # instructions reused
    for index, misses in result.misses.items():  # the check reports exactly the pairs not kept
        assert all(m.term == "model" and "modèle" not in result.translations[index].lower() for m in misses)
    print("\n--- SmolLM2 translation ---\n" + result.document)


def test_a_batch_answer_repeating_one_line_for_every_paragraph_is_not_accepted() -> None:
    from desk_assistant.tasks.segments import segment_document
    from desk_assistant.tasks.translate import aligned_paragraphs

    batch = list(segment_document("Monday: closed\n\nSaturday: ten to two\n\nSunday: noon").segments)
    same = "L'outil envers en ligne:"
    assert aligned_paragraphs("\n\n".join([same] * 3), batch) is None
    fine = aligned_paragraphs("Lundi : fermé\n\nSamedi : dix à deux\n\nDimanche : midi", batch)
    assert fine == ["Lundi : fermé", "Samedi : dix à deux", "Dimanche : midi"]


@pytest.mark.parametrize(
    ("answer", "source", "kept"),
    [
        ("Mon jour : fermé\nMon jour : fermé\nMon jour : fermé\nMon", "Monday: closed", "Mon jour : fermé"),
        ("Lundi\nMardi\nMercredi", "Monday\nTuesday\nWednesday", "Lundi\nMardi\nMercredi"),
        ("Ha\nHa", "Ha\nHa", "Ha\nHa"),  # the source repeats it: so does the translation
        ("Titre\n\nTitre", "Title\n\nTitle", "Titre\n\nTitre"),  # blank lines between are not a loop
    ],
)
def test_a_line_the_model_loops_on_is_kept_once(answer: str, source: str, kept: str) -> None:
    assert drop_repeated_lines(answer, source) == kept
