"""Prompt-lookup decoding in LlamaCppEngine (``SamplingParams.prompt_lookup``), on the real llama.cpp:
the same greedy text as without it, the Llama object restored after every call (also after Stop),
max tokens, end of turn and prefix reuse unchanged, and on SmolLM2 fewer decodes than tokens when the
answer copies its prompt."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import ChatMessage, GenerationStats, LoadOptions, SamplingParams

COPY_TEXT = (
    "The old office was too small for the twenty people who work there, and the heating broke down "
    "almost every winter. Finding a new place took longer than anyone expected."
)
MESSAGES = [
    ChatMessage("system", "Repeat the user's text exactly."),
    ChatMessage("user", COPY_TEXT + " " + COPY_TEXT),
]


@pytest.fixture(scope="module")
def engine(tiny_model: Path) -> Iterator[LlamaCppEngine]:
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(tiny_model), LoadOptions(context_size=1024, threads=1, gpu_layers=0))
    yield eng
    eng.unload()


def ask(
    engine: LlamaCppEngine,
    lookup: int,
    max_tokens: int = 48,
    cancel: threading.Event | None = None,
    stop_after: int | None = None,
) -> tuple[str, GenerationStats]:
    sampling = SamplingParams(temperature=0, max_tokens=max_tokens, seed=1, prompt_lookup=lookup)
    pieces: list[str] = []
    stats = None
    for item in engine.stream_chat(MESSAGES, sampling, cancel):
        if isinstance(item, GenerationStats):
            stats = item
            continue
        pieces.append(item)
        if stop_after is not None and cancel is not None and len(pieces) >= stop_after:
            cancel.set()
    assert stats is not None
    return "".join(pieces), stats


def forget(engine: LlamaCppEngine) -> None:
    llama = engine._llama
    llama.n_tokens = 0
    llama._ctx.kv_cache_seq_rm(-1, 0, -1)
    llama._requires_eval = True


def assert_restored(engine: LlamaCppEngine) -> None:
    llama = engine._llama
    assert llama.draft_model is None
    assert "eval" not in vars(llama)  # Llama.eval is the class's again


def test_same_greedy_tokens_with_and_without_lookup_and_the_llama_is_restored(engine: LlamaCppEngine) -> None:
    forget(engine)
    plain, plain_stats = ask(engine, 0)
    forget(engine)
    fast, fast_stats = ask(engine, 8)
    assert_restored(engine)
    assert fast == plain
    assert fast_stats.completion_tokens == plain_stats.completion_tokens == 48  # the tiny model never ends
    assert fast_stats.finish_reason == plain_stats.finish_reason == "length"
    report = fast_stats.extra["prompt_lookup"]
    assert report["tokens"] == 8
    assert report["drafted"] > 0  # guesses were evaluated: the speculative path really ran
    assert 0 < report["decodes"] <= 48
    assert "prompt_lookup" not in plain_stats.extra


def test_max_tokens_is_exact_although_guesses_run_ahead(engine: LlamaCppEngine) -> None:
    forget(engine)
    _, stats = ask(engine, 10, max_tokens=5)
    assert stats.completion_tokens == 5
    assert stats.finish_reason == "length"
    assert_restored(engine)


def test_stop_during_lookup_then_the_cache_is_still_right(engine: LlamaCppEngine) -> None:
    forget(engine)
    baseline, _ = ask(engine, 0)
    forget(engine)
    cancel = threading.Event()
    partial, stats = ask(engine, 8, cancel=cancel, stop_after=5)
    assert stats.finish_reason == "cancelled"
    assert baseline.startswith(partial) and partial
    assert_restored(engine)
    # the cache now holds guessed tokens past what was kept; the next answer must not be misled by them
    again, again_stats = ask(engine, 0)
    assert again == baseline
    assert again_stats.cached_tokens == again_stats.prompt_tokens - 1  # the prompt was reused, not re-read


def test_prefix_reuse_after_a_lookup_answer(engine: LlamaCppEngine) -> None:
    forget(engine)
    first, _ = ask(engine, 8)
    second, stats = ask(engine, 8)
    assert second == first
    assert stats.cached_tokens == stats.prompt_tokens - 1


def test_end_of_turn_ends_a_lookup_answer(tmp_path: Path) -> None:
    from tests.model_builder import build_tiny_llama

    path = build_tiny_llama(tmp_path / "ends.gguf", end_logit=5.0)  # <|im_end|> always wins
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(path), LoadOptions(context_size=512, threads=1, gpu_layers=0))
    try:
        items = list(eng.stream_chat(MESSAGES, SamplingParams(temperature=0, max_tokens=32, prompt_lookup=8)))
        assert items[-1].finish_reason == "stop"
        assert items[-1].completion_tokens == 0
        assert eng._llama.draft_model is None
    finally:
        eng.unload()


def test_smollm2_copies_with_fewer_decodes_and_the_same_text(smollm2_model_path: Path) -> None:
    """On a real instruct model a copying answer is accepted several tokens per decode."""
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(smollm2_model_path), LoadOptions(context_size=1024, threads=2, gpu_layers=0))
    try:
        sampling = SamplingParams(temperature=0, repeat_penalty=1.0, max_tokens=80, seed=1)
        plain = list(eng.stream_chat(MESSAGES, sampling))
        fast = list(eng.stream_chat(MESSAGES, SamplingParams(**{**vars(sampling), "prompt_lookup": 10})))
    finally:
        eng.unload()
    plain_text, fast_text = "".join(plain[:-1]), "".join(fast[:-1])
    assert "twenty people" in plain_text  # the model really copied
    assert fast_text == plain_text
    stats = fast[-1]
    report = stats.extra["prompt_lookup"]
    assert report["decodes"] * 2 < stats.completion_tokens, report  # > 2 tokens accepted per decode
