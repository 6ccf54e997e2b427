"""Token budgeting: trim in large steps, keep system + newest, stable across turns, clear overflow error."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from desk_assistant.core.errors import ContextOverflowError
from desk_assistant.inference.budget import HIGH, LOW, answer_reserve, fit_messages
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import ChatMessage, SamplingParams


def count(messages: Sequence[ChatMessage]) -> int:
    """A stand-in template: 4 tokens per message plus one per character."""
    return sum(4 + len(m.content) for m in messages)


def conversation(turns: int, size: int = 96) -> list[ChatMessage]:
    msgs = [ChatMessage("system", "S" * 20)]
    for i in range(turns):
        msgs += [ChatMessage("user", f"u{i:03d}".ljust(size, ".")), ChatMessage("assistant", "a" * size)]
    return [*msgs, ChatMessage("user", "newest")]


def test_fits_untouched() -> None:
    msgs = conversation(3)
    fit = fit_messages(msgs, count, n_ctx=4096, max_tokens=512)
    assert fit.messages == msgs and fit.report is None and fit.prompt_tokens == count(msgs)


def test_trims_to_half_keeping_system_and_newest() -> None:
    msgs = conversation(20)  # 20 * 200 + ... ~ 4040 tokens
    n_ctx, max_tokens = 4096, 512
    limit = n_ctx - answer_reserve(n_ctx, max_tokens)
    fit = fit_messages(msgs, count, n_ctx=n_ctx, max_tokens=max_tokens)
    assert fit.messages[0] == msgs[0] and fit.messages[-1] == msgs[-1]
    assert fit.messages[1].role == "user"  # whole turns dropped
    assert fit.prompt_tokens <= LOW * limit + 200  # about half, within one turn
    assert fit.prompt_tokens > LOW * limit - 400
    report = fit.report
    assert report is not None and report.dropped_messages == len(msgs) - len(fit.messages)
    assert report.tokens_before == count(msgs) and report.tokens_after == fit.prompt_tokens


def test_trim_point_is_stable_across_turns() -> None:
    msgs = conversation(20)
    first = fit_messages(msgs, count, n_ctx=4096, max_tokens=512)
    grown = [*msgs, ChatMessage("assistant", "a" * 96), ChatMessage("user", "next")]
    second = fit_messages(grown, count, n_ctx=4096, max_tokens=512, previous=first.trim)
    # the same old turns stay dropped, so the kept prompt starts the same (prefix reuse survives)
    assert second.messages[: len(first.messages) - 1] == first.messages[:-1]
    assert second.report is not None and second.report.dropped_messages == first.report.dropped_messages


def test_trims_again_in_a_large_step_when_full_again() -> None:
    msgs = conversation(20)
    first = fit_messages(msgs, count, n_ctx=4096, max_tokens=512)
    grown = msgs + conversation(12)[1:]
    second = fit_messages(grown, count, n_ctx=4096, max_tokens=512, previous=first.trim)
    assert second.report is not None
    assert second.report.dropped_messages > first.report.dropped_messages
    assert second.prompt_tokens <= HIGH * (4096 - 512)


def test_single_message_too_long_is_a_clear_error() -> None:
    msgs = [ChatMessage("system", "be nice"), ChatMessage("user", "x" * 5000)]
    with pytest.raises(ContextOverflowError) as err:
        fit_messages(msgs, count, n_ctx=4096, max_tokens=512)
    text = str(err.value)
    assert "too long" in text and "\n" not in text


def test_engine_trims_and_reports(tiny_engine: LlamaCppEngine) -> None:
    msgs = [ChatMessage("system", "Be brief.")]
    for i in range(12):
        msgs += [ChatMessage("user", f"question {i} " + "q" * 20), ChatMessage("assistant", "a" * 20)]
    msgs.append(ChatMessage("user", "last one"))
    items = list(tiny_engine.stream_chat(msgs, SamplingParams(max_tokens=64, seed=1)))
    stats = items[-1]
    assert stats.trimmed is not None and stats.trimmed.dropped_messages > 0
    assert stats.prompt_tokens == stats.trimmed.tokens_after < stats.trimmed.tokens_before
    assert stats.prompt_tokens + 64 <= tiny_engine.context_size


def test_engine_refuses_a_message_that_cannot_fit(tiny_engine: LlamaCppEngine) -> None:
    with pytest.raises(ContextOverflowError):
        list(tiny_engine.stream_chat([ChatMessage("user", "z" * 2000)], SamplingParams(max_tokens=64)))
    items = list(tiny_engine.stream_chat([ChatMessage("user", "ok")], SamplingParams(max_tokens=4, seed=1)))
    assert items[-1].completion_tokens == 4  # still usable
