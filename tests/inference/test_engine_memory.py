"""Memory stays within budget over a long session: saved states, trims and text caches are bounded."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest

from desk_assistant.inference import llama_engine
from desk_assistant.inference.llama_engine import STATE_BUDGET_CEILING, LlamaCppEngine
from desk_assistant.inference.types import ChatMessage, LoadOptions, SamplingParams

MiB = 2**20


def test_the_saved_state_budget_comes_from_free_ram_under_a_ceiling(monkeypatch: pytest.MonkeyPatch) -> None:
    assert LlamaCppEngine()._states.budget_bytes <= STATE_BUDGET_CEILING
    monkeypatch.setattr(llama_engine, "available_memory_bytes", lambda: 400 * MiB)
    assert LlamaCppEngine()._states.budget_bytes == 50 * MiB  # 1/8 of free RAM on a full machine
    assert LlamaCppEngine(state_budget_bytes=10 * MiB)._states.budget_bytes == 10 * MiB


def ask(engine: LlamaCppEngine, conversation: int) -> None:
    words = " ".join(f"note{conversation}-{i}" for i in range(45))  # ~250 tokens per conversation
    messages = [ChatMessage("user", f"Conversation {conversation}: {words}. Summarize.")]
    for _ in engine.stream_chat(
        messages, SamplingParams(max_tokens=4, seed=1), session_key=str(conversation)
    ):
        pass


def test_thirty_conversation_switches_stay_within_budget(
    smollm2_model_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each conversation's state is ~6 MB (SmolLM2, ~250 tokens): kept without a bound, thirty of
    them would add ~170 MB. With a 24 MB budget the process grows by that and allocator slack only."""
    monkeypatch.setattr(llama_engine, "MAX_REMEMBERED_TRIMS", 8)
    budget = 24 * MiB
    engine = LlamaCppEngine(state_budget_bytes=budget)
    engine.load(str(smollm2_model_path), LoadOptions(context_size=1024, threads=1, gpu_layers=0))
    try:
        ask(engine, 0)
        ask(engine, 1)
        process = psutil.Process()
        baseline = process.memory_info().rss
        for conversation in range(2, 32):
            ask(engine, conversation)
        grown = process.memory_info().rss - baseline
        states = engine._states
        assert len(states) >= 2 and states.used_bytes <= budget
        one_state = states.used_bytes / len(states)
        limit = budget + 48 * MiB
        assert 30 * one_state > limit  # so an unbounded cache would fail here
        assert len(engine._trims) <= 8
        assert grown <= limit, f"RSS grew {grown / MiB:.0f} MiB"
    finally:
        engine.unload()
