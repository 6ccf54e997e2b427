"""Splitting a long text into chunks of at most ``budget`` tokens, at the best boundaries there are.

The chunks tile the text: every character is in exactly one chunk, in order, and joining the chunk
texts gives the text back. Each chunk's own text is counted (tokenizing a join is not the sum of
its parts), so ``count_tokens(chunk) <= budget`` holds for the tokenizer given.

Where a chunk ends, best first: a paragraph break (a blank line), a sentence end (English ``.!?``
followed by a space or a line end; Chinese ``。！？；…``, with closing quotes or brackets after
them), a line end, a clause mark (``,;:``, ``，、：``), a space, and only when a run has none of those
(a long URL, Chinese text without punctuation) anywhere inside the run. A chunk ends at the strongest
kind of boundary found in the second half of what fits (``MIN_FILL``), the latest one of that kind;
so with paragraphs shorter than half the budget every chunk ends at a paragraph break. When the rest
of the text needs two chunks, the cut is put near its middle rather than leaving a small last chunk.

Cost: the text is split only where it does not fit, into pieces of about ``budget / GROUP`` tokens
(grouping small units so a 500k-token text costs a few thousand counts, not one per word); each
piece is counted once, and each chunk is counted once more to check it. About two tokenizer passes
over the text in all, plus one for the whole text unless its count is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

PARAGRAPH, SENTENCE, LINE, CLAUSE, SPACE, HARD = 5, 4, 3, 2, 1, 0
MIN_FILL = 0.5  # a chunk prefers a weaker boundary over a stronger one in its first half
GROUP = 16  # pieces of about budget / GROUP tokens: fine enough to cut well, few enough to count fast

_CLOSERS = "\"'”’)\\]」』）】》〉"
_PATTERNS: dict[int, re.Pattern[str]] = {
    PARAGRAPH: re.compile(r"\n[^\S\n]*\n\s*"),
    SENTENCE: re.compile(rf"[.!?]+[{_CLOSERS}]*\s+|[。！？；…]+[{_CLOSERS}]*\s*"),
    LINE: re.compile(r"\n\s*"),
    CLAUSE: re.compile(r"[,;:]\s+|[，、：]\s*"),
    SPACE: re.compile(r"\s+"),
}


@dataclass(frozen=True)
class Chunk:
    """``source[start:end]``, which counts ``tokens`` tokens on its own."""

    start: int
    end: int
    tokens: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    tokens: int
    level: int  # the kind of boundary at ``end``


def chunk_text(
    text: str, count_tokens: Callable[[str], int], budget: int, *, total: int | None = None
) -> list[Chunk]:
    """Chunks of at most ``budget`` tokens that tile ``text`` (none for an empty text).

    ``total`` is ``count_tokens(text)`` when the caller has it already. Raises ValueError when the
    budget is below one token or a single character counts more than the budget.
    """
    if budget < 1:
        raise ValueError(f"a chunk budget of {budget} tokens is too small")
    if not text:
        return []
    if total is None:
        total = count_tokens(text)
    if total <= budget:
        return [Chunk(0, len(text), total)]
    splitter = _Splitter(text, count_tokens, budget)
    splitter.split(0, len(text), total, PARAGRAPH + 1, PARAGRAPH)
    return _pack(text, splitter.pieces, count_tokens, budget)


class _Splitter:
    """Cuts the parts that do not fit into pieces that do, each counted once."""

    def __init__(self, text: str, count_tokens: Callable[[str], int], budget: int) -> None:
        self.text = text
        self.count = count_tokens
        self.budget = budget
        self.target = max(1.0, budget / GROUP)
        self.pieces: list[_Piece] = []

    def split(self, start: int, end: int, tokens: int, end_level: int, level: int) -> None:
        """``text[start:end]`` counts ``tokens`` > budget: split it at ``level`` or weaker boundaries."""
        cuts: list[int] = []
        while level > HARD:
            cuts = [
                m.end() for m in _PATTERNS[level].finditer(self.text, start, end) if start < m.end() < end
            ]
            if cuts:
                break
            level -= 1
        if not cuts:
            self._split_hard(start, end, tokens, end_level)
            return
        bounds = [start, *cuts, end]
        per_char = tokens / (end - start)
        i, n_units = 0, len(bounds) - 1
        while i < n_units:
            j = i + 1  # the group is units i..j-1: at least one, more while the estimate allows
            while j < n_units and (bounds[j + 1] - bounds[i]) * per_char <= self.target:
                j += 1
            g_start, g_end = bounds[i], bounds[j]
            g_level = level if j < n_units else end_level
            count = self.count(self.text[g_start:g_end])
            if count <= self.budget:
                self.pieces.append(_Piece(g_start, g_end, count, g_level))
            elif j - i > 1:  # the estimate was off: split the group again, knowing its count
                self.split(g_start, g_end, count, g_level, level)
            else:
                self.split(g_start, g_end, count, g_level, level - 1)
            i = j

    def _split_hard(self, start: int, end: int, tokens: int, end_level: int) -> None:
        """No boundary at all: slices of about ``target`` tokens, halved while one does not fit."""
        step = max(1, int(self.target * (end - start) / tokens))
        pos = start
        while pos < end:
            stop = min(end, pos + step)
            count = self.count(self.text[pos:stop])
            while count > self.budget:
                if stop - pos == 1:
                    raise ValueError(f"one character counts {count} tokens, over the budget of {self.budget}")
                stop = pos + (stop - pos) // 2
                count = self.count(self.text[pos:stop])
            self.pieces.append(_Piece(pos, stop, count, HARD if stop < end else end_level))
            pos = stop


def _pack(text: str, pieces: list[_Piece], count_tokens: Callable[[str], int], budget: int) -> list[Chunk]:
    """Consecutive pieces joined into chunks: the preferred cut that really fits (counted)."""
    sums = [0]
    for piece in pieces:
        sums.append(sums[-1] + piece.tokens)
    chunks: list[Chunk] = []
    i = 0
    while i < len(pieces):
        start = pieces[i].start
        failed_at = len(pieces) + 1
        for k in _candidates(pieces, sums, i, budget):
            if k >= failed_at:  # a longer chunk than one that did not fit will not fit either
                continue
            end = pieces[k - 1].end
            count = pieces[i].tokens if k == i + 1 else count_tokens(text[start:end])
            if count <= budget:
                chunks.append(Chunk(start, end, count))
                i = k
                break
            failed_at = k
        else:  # unreachable: a single piece always fits (it was counted alone)
            raise AssertionError("no chunk fits")
    return chunks


def _candidates(pieces: list[_Piece], sums: list[int], i: int, budget: int) -> list[int]:
    """Where a chunk starting at piece ``i`` may end (an index past its last piece), best first."""
    rest = sums[-1] - sums[i]
    j = i + 1
    while j < len(pieces) and sums[j + 1] - sums[i] <= budget:
        j += 1
    ends = range(i + 1, j + 1)
    order: list[int] = [len(pieces)] if rest <= budget else []  # the rest fits (if the count agrees)
    full = [k for k in ends if sums[k] - sums[i] >= MIN_FILL * budget]
    full.sort(key=lambda k: (pieces[k - 1].level, k), reverse=True)
    if full and rest <= 2 * budget:  # the last two chunks: cut near the middle, at as good a boundary
        best = pieces[full[0] - 1].level
        even = [k for k in ends if pieces[k - 1].level >= best and sums[-1] - sums[k] <= budget]
        if even:
            order.append(min(even, key=lambda k: abs(2 * (sums[k] - sums[i]) - rest)))
    order += full
    order += sorted(set(ends) - set(full), reverse=True)
    return list(dict.fromkeys(order))
