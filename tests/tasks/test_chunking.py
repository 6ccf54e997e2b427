"""tasks/chunking.py: chunks tile the text, fit the budget as counted, and end at the best boundaries.

Property-style runs use cheap counters (words, characters, and ``len // 3``, which counts a join as
more than its parts, like real tokenizers sometimes do); the real tokenizers of the tiny model (byte
tokens, a space prefix on every text) and of Gemma 3 (262k vocabulary) run on English and Chinese.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import LoadOptions
from desk_assistant.tasks.chunking import Chunk, chunk_text
from tests.tasks.summary_samples import (
    chinese_document,
    chinese_sentences,
    document_of_tokens,
    english_document,
    english_sentences,
)

Counter = Callable[[str], int]


def words(text: str) -> int:
    return len(text.split())


def chars(text: str) -> int:
    return len(text)


def thirds(text: str) -> int:
    """Superadditive: two parts can count one less than their join, so sums alone would overshoot."""
    return len(text) // 3


def check_tiling(text: str, chunks: list[Chunk], count: Counter, budget: int) -> None:
    assert "".join(c.text(text) for c in chunks) == text
    position = 0
    for chunk in chunks:
        assert chunk.start == position < chunk.end  # in order, no gap, no overlap, never empty
        position = chunk.end
        assert chunk.tokens == count(chunk.text(text)) <= budget
    assert position == len(text)


# ---- property-style runs ---------------------------------------------------------------------------

_PIECES = [
    "word",
    "longerword",
    "a",
    ".",
    ". ",
    "! ",
    "? ",
    ", ",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\n \n",
    "\t",
    "中文",
    "。",
    "！",
    "；",
    "……",
    "」",
    "”",
    "，",
    "x" * 40,
    "字" * 30,
    "e.g. ",
    "(note) ",
    "\r\n",
]


def random_text(rng: random.Random) -> str:
    size = rng.choice([1, 5, 30, 200, 800])
    return "".join(rng.choice(_PIECES) for _ in range(size))


@pytest.mark.parametrize("count", [words, chars, thirds], ids=["words", "chars", "thirds"])
def test_random_texts_and_budgets_tile_and_fit(count: Counter) -> None:
    rng = random.Random(1234)
    for _ in range(300):
        text = random_text(rng)
        budget = rng.choice([1, 2, 3, 7, 20, 64, 300])
        chunks = chunk_text(text, count, budget)
        check_tiling(text, chunks, count, budget)


def test_empty_text_has_no_chunks_and_a_fitting_text_is_one_chunk() -> None:
    assert chunk_text("", words, 10) == []
    assert chunk_text("a b c", words, 3) == [Chunk(0, 5, 3)]
    assert chunk_text("   \n\n ", words, 1) == [Chunk(0, 6, 0)]


def test_the_total_given_is_used_instead_of_counting_the_whole() -> None:
    calls: list[str] = []

    def counting(text: str) -> int:
        calls.append(text)
        return words(text)

    assert chunk_text("a b c", counting, 3, total=3) == [Chunk(0, 5, 3)]
    assert calls == []


def test_budget_below_one_token_or_below_one_character_is_refused() -> None:
    with pytest.raises(ValueError):
        chunk_text("abc", chars, 0)
    with pytest.raises(ValueError, match="one character"):
        chunk_text("ab", lambda s: 5 * len(s), 4)


# ---- boundaries ------------------------------------------------------------------------------------


def test_paragraphs_shorter_than_half_the_budget_always_end_a_chunk_at_a_paragraph_break() -> None:
    text = english_document(200, seed=3)
    budget = 400
    assert max(words(p) for p in text.split("\n\n")) <= budget // 2
    chunks = chunk_text(text, words, budget)
    check_tiling(text, chunks, words, budget)
    assert len(chunks) > 5
    for chunk in chunks[:-1]:
        assert text[chunk.end - 2 : chunk.end] == "\n\n"
        assert not text[chunk.end].isspace()
    assert all(c.tokens > budget // 2 for c in chunks[:-2])  # full enough: the cut is in the second half


def test_english_sentences_end_chunks_when_there_is_no_paragraph_break() -> None:
    text = english_sentences(400, seed=5)
    assert "\n" not in text
    chunks = chunk_text(text, words, 120)
    check_tiling(text, chunks, words, 120)
    for chunk in chunks[:-1]:
        assert re.search(r"[.!?][\"')]*\s$", chunk.text(text)), chunk.text(text)[-40:]


def test_chinese_sentences_end_chunks_with_their_closing_quotes() -> None:
    text = chinese_sentences(300, seed=7)
    assert " " not in text and "\n" not in text
    chunks = chunk_text(text, chars, 200)
    check_tiling(text, chunks, chars, 200)
    assert len(chunks) > 10
    for chunk in chunks[:-1]:
        assert re.search(r"[。！？；…][」”’）]*$", chunk.text(text)), chunk.text(text)[-20:]
        assert text[chunk.end] not in "」”’）"  # a closing quote stays with its sentence


def test_a_quote_after_a_full_stop_stays_with_the_sentence() -> None:
    text = "他说：「我们走吧。」她没有回答。" * 20
    chunks = chunk_text(text, chars, 40)
    check_tiling(text, chunks, chars, 40)
    assert all(c.text(text).endswith(("。」", "回答。")) for c in chunks)


def test_a_sentence_without_punctuation_is_cut_at_spaces() -> None:
    text = " ".join(f"word{i}" for i in range(3000))
    chunks = chunk_text(text, words, 100)
    check_tiling(text, chunks, words, 100)
    assert all(text[c.end - 1] == " " for c in chunks[:-1])


@pytest.mark.parametrize("text", ["x" * 20_000, "字" * 9_000], ids=["latin-run", "cjk-run"])
def test_an_endless_run_without_boundaries_is_cut_hard(text: str) -> None:
    chunks = chunk_text(text, chars, 512)
    check_tiling(text, chunks, chars, 512)
    assert len(chunks) >= len(text) // 512


def test_lines_are_preferred_to_spaces_and_clauses_to_spaces() -> None:
    lines = "\n".join(" ".join(f"w{i}-{j}" for j in range(8)) for i in range(300))
    chunks = chunk_text(lines, words, 50)
    check_tiling(lines, chunks, words, 50)
    assert all(lines[c.end - 1] == "\n" for c in chunks[:-1])
    clauses = ", ".join(" ".join(f"w{i}-{j}" for j in range(6)) for i in range(300))
    chunks = chunk_text(clauses, words, 50)
    assert all(clauses[c.end - 2 : c.end] == ", " for c in chunks[:-1])


def test_the_last_two_chunks_are_balanced_rather_than_leaving_a_small_tail() -> None:
    text = "\n\n".join(english_sentences(3, seed=i) for i in range(40))
    total = words(text)
    budget = int(total * 0.8)  # two chunks needed; greedy would leave a 20 % tail
    chunks = chunk_text(text, words, budget)
    check_tiling(text, chunks, words, budget)
    assert len(chunks) == 2
    assert min(c.tokens for c in chunks) > 0.4 * total  # near the middle


# ---- cost ------------------------------------------------------------------------------------------


class CountingCounter:
    def __init__(self, count: Counter) -> None:
        self.count = count
        self.calls = 0
        self.chars = 0

    def __call__(self, text: str) -> int:
        self.calls += 1
        self.chars += len(text)
        return self.count(text)


def test_each_piece_is_counted_about_once_and_each_chunk_checked_once() -> None:
    text = english_document(3000, seed=11)
    counter = CountingCounter(words)
    total = words(text)
    chunks = chunk_text(text, counter, 500, total=total)
    check_tiling(text, chunks, words, 500)
    # pieces (about one pass over the text) + one check per chunk (another pass), a little slack
    assert counter.chars <= 2.3 * len(text)
    assert counter.calls <= 40 * len(chunks)


def test_a_single_huge_sentence_is_not_counted_word_by_word() -> None:
    text = " ".join(f"w{i}" for i in range(200_000))
    counter = CountingCounter(words)
    chunks = chunk_text(text, counter, 2000)
    check_tiling(text, chunks, words, 2000)
    assert counter.calls < 3000  # 200,000 words: grouped, not counted one by one
    assert counter.chars <= 3.3 * len(text)


# ---- the real tokenizers ---------------------------------------------------------------------------


def _engine(path: Path) -> Iterator[LlamaCppEngine]:
    engine = LlamaCppEngine(state_budget_bytes=0)
    engine.load(str(path), LoadOptions(context_size=512, threads=1))
    yield engine
    engine.unload()


@pytest.fixture(scope="module")
def tiny_engine(tiny_model: Path) -> Iterator[LlamaCppEngine]:
    yield from _engine(tiny_model)


@pytest.fixture(scope="module")
def gemma_engine(gemma_model_path: Path) -> Iterator[LlamaCppEngine]:
    yield from _engine(gemma_model_path)


def _check_real(engine: LlamaCppEngine, text: str, budget: int, chinese: bool) -> list[Chunk]:
    chunks = chunk_text(text, engine.count_tokens, budget)
    check_tiling(text, chunks, engine.count_tokens, budget)
    assert len(chunks) > 3
    pattern = r"[。！？；…][」”’）]*\s*$" if chinese else r"[.!?][\"')]*\s+$"
    for chunk in chunks[:-1]:
        tail = chunk.text(text)
        assert tail.endswith("\n\n") or re.search(pattern, tail), tail[-30:]
    # full enough: what the sums of pieces overestimate is small next to the budget
    assert sum(c.tokens for c in chunks[:-1]) >= 0.7 * budget * (len(chunks) - 1)
    return chunks


@pytest.mark.parametrize("chinese", [False, True], ids=["english", "chinese"])
def test_tiny_model_tokenizer(tiny_engine: LlamaCppEngine, chinese: bool) -> None:
    text = chinese_document(60, seed=2) if chinese else english_document(60, seed=2)
    _check_real(tiny_engine, text, 700, chinese)


@pytest.mark.gemma
@pytest.mark.parametrize("chinese", [False, True], ids=["english", "chinese"])
def test_gemma_tokenizer(gemma_engine: LlamaCppEngine, chinese: bool) -> None:
    text = chinese_document(150, seed=4) if chinese else english_document(150, seed=4)
    _check_real(gemma_engine, text, 300, chinese)
    # one paragraph without breaks: sentence ends
    single = chinese_sentences(400, seed=9) if chinese else english_sentences(400, seed=9)
    chunks = chunk_text(single, gemma_engine.count_tokens, 250)
    check_tiling(single, chunks, gemma_engine.count_tokens, 250)
    pattern = r"[。！？；…][」”’）]*$" if chinese else r"[.!?][\"')]*\s$"
    assert all(re.search(pattern, c.text(single)) for c in chunks[:-1])


@pytest.mark.gemma
def test_gemma_half_a_million_tokens_chunk_in_seconds(gemma_engine: LlamaCppEngine) -> None:
    count = gemma_engine.count_tokens
    base = document_of_tokens(count, 25_000, seed=8)
    text = "\n\n".join([base] * 20)  # ~500k tokens
    total = count(text)
    assert total > 450_000
    counter = CountingCounter(count)
    started = time.perf_counter()
    chunks = chunk_text(text, counter, 3000, total=total)
    elapsed = time.perf_counter() - started
    assert "".join(c.text(text) for c in chunks) == text
    assert all(c.tokens <= 3000 for c in chunks)
    assert counter.chars <= 2.3 * len(text)  # about two tokenizer passes
    assert elapsed < 60, f"{total:,} tokens took {elapsed:.1f} s to chunk"  # ~5 s on an idle laptop core
