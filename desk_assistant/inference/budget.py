"""Token budgeting: make a conversation fit the context before it is sent.

When the rendered history would pass ``HIGH`` (85%) of what is left after reserving room for the
answer, the oldest turns are dropped in one large step down to ``LOW`` (50%). Large steps mean the
trimmed prefix stays the same for many turns, so llama.cpp's prefix reuse breaks rarely; the caller keeps
the returned ``dropped`` count (per conversation) and passes it back as ``previous`` next turn so the same
turns stay dropped. The system prompt and the newest message are always kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desk_assistant.core.errors import ContextOverflowError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.types import ChatMessage, TrimReport

HIGH = 0.85
LOW = 0.50
MIN_ANSWER_TOKENS = 16  # a reply reserve never shrinks below this


@dataclass(frozen=True)
class PreviousTrim:
    """What was dropped last time: how many messages, and the first message that was kept then."""

    dropped: int
    first_kept: ChatMessage | None


@dataclass
class FitResult:
    messages: list[ChatMessage]
    prompt_tokens: int
    trim: PreviousTrim
    report: TrimReport | None


def answer_reserve(n_ctx: int, max_tokens: int) -> int:
    """Room kept free for the answer: max_tokens, but never more than half the context."""
    return max(MIN_ANSWER_TOKENS, min(max_tokens, n_ctx // 2))


def fit_messages(
    messages: Sequence[ChatMessage],
    count_prompt: Callable[[Sequence[ChatMessage]], int],
    *,
    n_ctx: int,
    max_tokens: int,
    previous: PreviousTrim | None = None,
) -> FitResult:
    """Return the messages to send; raise ContextOverflowError when even the newest one cannot fit.

    ``count_prompt`` renders messages with the model's template and counts the tokens.
    """
    msgs = list(messages)
    n_system = 0
    while n_system < len(msgs) and msgs[n_system].role == "system":
        n_system += 1
    system, rest = msgs[:n_system], msgs[n_system:]
    limit = n_ctx - answer_reserve(n_ctx, max_tokens)

    def build(start: int) -> list[ChatMessage]:
        return system + rest[start:]

    if not rest:
        tokens = count_prompt(system)
        _check_fits(tokens, limit)
        return FitResult(system, tokens, PreviousTrim(0, None), None)

    last = len(rest) - 1
    start = 0
    if previous and 0 < previous.dropped <= last and rest[previous.dropped] == previous.first_kept:
        start = previous.dropped  # drop what was dropped last turn: keeps the prompt prefix stable
    tokens = count_prompt(build(start))
    if tokens <= HIGH * limit:
        return _result(build(start), tokens, start, rest, count_prompt if start else None, system)

    minimal = count_prompt(build(last))
    _check_fits(minimal, limit)
    # Drop whole turns from the oldest until the estimate reaches LOW; each dropped message costs
    # about its own rendered size, which is close enough to choose the cut, then we count exactly.
    target = LOW * limit
    while start < last and tokens > target:
        step = start + 1
        while step < last and rest[step].role != "user":
            step += 1
        estimate = tokens - sum(count_prompt([m]) for m in rest[start:step])
        start = step
        tokens = estimate
        if tokens <= target:
            break
    tokens = count_prompt(build(start))
    while tokens > limit and start < last:  # the estimate was optimistic: keep dropping
        start += 1
        tokens = count_prompt(build(start))
    return _result(build(start), tokens, start, rest, count_prompt, system)


def _result(
    kept: list[ChatMessage],
    tokens: int,
    start: int,
    rest: list[ChatMessage],
    count_prompt: Callable[[Sequence[ChatMessage]], int] | None,
    system: list[ChatMessage],
) -> FitResult:
    if not start or count_prompt is None:
        return FitResult(kept, tokens, PreviousTrim(0, None), None)
    before = count_prompt(system + rest)
    report = TrimReport(dropped_messages=start, tokens_before=before, tokens_after=tokens)
    return FitResult(kept, tokens, PreviousTrim(start, rest[start]), report)


def _check_fits(tokens: int, limit: int) -> None:
    if tokens > limit:
        raise ContextOverflowError(
            QT_TRANSLATE_NOOP(
                "errors",
                "The message is too long for this model's context: it needs {tokens} tokens "
                "and at most {limit} fit; shorten it or load the model with a larger context.",
            ),
            tokens=tokens,
            limit=limit,
        )
