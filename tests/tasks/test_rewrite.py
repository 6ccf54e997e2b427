"""tasks/rewrite.py: checks before anything runs, the rewrite on the real engine (streamed, tidied,
prompt lookup where it pays, refused when the selection cannot fit), and the word diff the pane shows."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Hashable, Iterator
from pathlib import Path

import pytest

from desk_assistant.core.errors import ContextOverflowError, InputError
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import LoadOptions, SamplingParams
from desk_assistant.tasks.rewrite import (
    HOW_CODES,
    MAX_CHARS,
    PROMPT_LOOKUP,
    PROMPT_LOOKUP_HOWS,
    DiffOp,
    Rewrite,
    diff_tokens,
    rewrite_diff,
    tidy,
)
from desk_assistant.tasks.runtime import run_task


@pytest.fixture(scope="module")
def engine(tiny_model: Path) -> Iterator[LlamaCppEngine]:
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(tiny_model), LoadOptions(context_size=2048, threads=1, gpu_layers=0))
    yield eng
    eng.unload()


# ---- checks ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("   \n", "improve"), "There is no text to rewrite"),
        (
            ("x" * (5 * 1024 * 1024), "improve"),
            f"too long to rewrite in one go (5,242,880 characters; at most {MAX_CHARS:,})",
        ),
        (("Hello.", "rhyme"), "“rhyme” is not a kind of rewrite; choose one of: improve, shorten"),
        (("Hello.", "tone"), "Say which tone"),
        (("Hello.", "translate"), "Say which language"),
    ],
)
def test_bad_requests_are_one_sentence_before_anything_runs(args: tuple[str, str], message: str) -> None:
    with pytest.raises(InputError) as err:
        Rewrite(*args)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_translate_checks_the_language() -> None:
    with pytest.raises(InputError, match="“xx-yy” is not a language"):
        Rewrite("Hello.", "translate", target_language="xx-yy")
    assert Rewrite("Hello.", "translate", target_language="zh-Hans").target_language == "zh_CN"
    assert Rewrite("Hello.", " Grammar ").how == "grammar"


# ---- on the engine -------------------------------------------------------------------------------------


def test_a_rewrite_streams_and_returns_the_tidied_text(engine: LlamaCppEngine) -> None:
    streamed: dict[Hashable, str] = {}

    def on_text(piece: str, key: Hashable) -> None:
        streamed[key] = streamed.get(key, "") + piece

    original = "\nThe cat sit on the mat.\n"
    result = run_task(Rewrite(original, "grammar", sampling=SamplingParams(seed=3)), engine, on_text=on_text)
    assert list(streamed) == [None]
    assert result.original == original
    assert result.text.strip() and result.text == tidy(original, streamed[None])
    assert result.text.startswith("\n") and result.text.endswith("\n")  # the selection's own spacing
    assert not result.stopped
    assert result.stats.extra["prompt_lookup"]["tokens"] == PROMPT_LOOKUP  # grammar copies its input


def test_prompt_lookup_only_where_it_pays(engine: LlamaCppEngine) -> None:
    used = set()
    for how in HOW_CODES:  # measured per kind of rewrite: see tasks/rewrite.py
        task = Rewrite(
            "Good morning.", how, tone="formal", target_language="fr", sampling=SamplingParams(max_tokens=4)
        )
        if "prompt_lookup" in run_task(task, engine).stats.extra:
            used.add(how)
    assert used == PROMPT_LOOKUP_HOWS and "translate" not in used and "grammar" in used
    forced = run_task(Rewrite("Good morning.", "shorten", prompt_lookup=4), engine)
    assert forced.stats.extra["prompt_lookup"]["tokens"] == 4  # a caller (a setting) may still ask for it


def test_the_answer_has_room_in_proportion_to_the_selection(engine: LlamaCppEngine) -> None:
    text = "Short words here. " * 20
    shorten = run_task(Rewrite(text, "shorten", sampling=SamplingParams(seed=1)), engine)
    expand = run_task(Rewrite(text, "expand", sampling=SamplingParams(seed=1)), engine)
    # the tiny model never ends: each answer ran to its room, the expansion's ~2.75x the shortening's
    assert shorten.stats.finish_reason == expand.stats.finish_reason == "length"
    assert 2.3 < expand.stats.completion_tokens / shorten.stats.completion_tokens < 3.2


def test_a_selection_too_long_for_the_context_is_refused_with_the_limit(tiny_model: Path) -> None:
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(tiny_model), LoadOptions(context_size=1024, threads=1, gpu_layers=0))
    try:
        text = "A sentence that repeats. " * 40  # 1,000 tokens: one per byte on this model
        with pytest.raises(ContextOverflowError) as err:
            run_task(Rewrite(text, "improve"), eng)
        message = str(err.value)
        assert message.startswith(
            "The selection is too long for this model to rewrite in one go: it has about"
        )
        limit = int(message.split("at most ")[1].split(" ")[0])
        assert 100 < limit < 250
        fits = run_task(Rewrite(text[: limit - 10], "improve", sampling=SamplingParams(seed=1)), eng)
        assert fits.text and fits.stats.prompt_tokens + fits.stats.completion_tokens <= 1024
    finally:
        eng.unload()
    eng.load(str(tiny_model), LoadOptions(context_size=512, threads=1, gpu_layers=0))
    try:
        with pytest.raises(ContextOverflowError, match=r"context \(512 tokens\) is too small to rewrite"):
            run_task(Rewrite("Fine.", "improve"), eng)
    finally:
        eng.unload()


@pytest.mark.parametrize("seed", [1, 2, 3])  # seeded: the same tokens on every run
def test_stop_keeps_the_partial_rewrite(engine: LlamaCppEngine, seed: int) -> None:
    cancel = threading.Event()
    pieces: list[str] = []

    def on_text(piece: str, _key: Hashable) -> None:
        pieces.append(piece)
        if len(pieces) == 3:
            cancel.set()

    result = run_task(
        Rewrite("Make this better please. " * 5, "improve", sampling=SamplingParams(seed=seed)),
        engine,
        cancel=cancel,
        on_text=on_text,
    )
    assert result.stopped and not result.complete
    # No text after Stop. The tiny model's random tokens can be parts of one UTF-8
    # character that give no text of their own, so tokens may run a little ahead of pieces.
    assert len(pieces) == 3
    assert result.stats.completion_tokens <= 12


def test_smollm2_fixes_a_sentence_and_the_diff_shows_it(smollm2_model_path: Path) -> None:
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(smollm2_model_path), LoadOptions(context_size=2048, threads=2, gpu_layers=0))
    try:
        original = "She go to the market every days and buy fresh bread."
        result = run_task(Rewrite(original, "grammar", sampling=SamplingParams(temperature=0, seed=1)), eng)
    finally:
        eng.unload()
    assert result.complete, result
    ops = rewrite_diff(result.original, result.text)
    assert "".join(op.text for op in ops if op.kind != "insert") == original
    assert "".join(op.text for op in ops if op.kind != "delete") == result.text
    assert any(op.kind == "equal" and "market" in op.text for op in ops)  # most of it is kept
    report = result.stats.extra["prompt_lookup"]
    assert report["decodes"] < result.stats.completion_tokens  # guesses were accepted


# ---- tidying and the diff -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "answer", "expected"),
    [
        ("fix this text", "Here is the corrected text:\n\nFix this text.", "Fix this text."),
        ("fix this text", "Sure!\nHere's the revised version:\nFix this text.", "Fix this text."),
        ("fix this text", '"Fix this text."', "Fix this text."),
        ('"quoted" text', '"Quoted" text.', '"Quoted" text.'),
        ("plain", "```markdown\nPlain.\n```", "Plain."),
        ("  two\n\n", "Two.", "  Two.\n\n"),
        ("改这个", "以下是修改后的文字：\n改好了。", "改好了。"),
        ("Here is my plan: go.", "Here is my plan: go now.", "Here is my plan: go now."),
        ("x", "   ", ""),
    ],
)
def test_tidy(original: str, answer: str, expected: str) -> None:
    assert tidy(original, answer) == expected


def check_ops(original: str, rewritten: str) -> list[DiffOp]:
    ops = rewrite_diff(original, rewritten)
    assert "".join(op.text for op in ops if op.kind != "insert") == original
    assert "".join(op.text for op in ops if op.kind != "delete") == rewritten
    assert all(op.text for op in ops)
    assert all(a.kind != b.kind for a, b in itertools.pairwise(ops) if "equal" in (a.kind, b.kind))  # merged
    return ops


def test_word_diff() -> None:
    assert check_ops("The cat sit on the mat.", "The cat sits on the mat.") == [
        DiffOp("equal", "The cat "),
        DiffOp("delete", "sit"),
        DiffOp("insert", "sits"),
        DiffOp("equal", " on the mat."),
    ]


def test_a_space_between_two_changes_joins_them() -> None:
    assert check_ops("a b c", "x y c") == [
        DiffOp("delete", "a b"),
        DiffOp("insert", "x y"),
        DiffOp("equal", " c"),
    ]


def test_chinese_is_compared_character_by_character() -> None:
    assert diff_tokens("我们今天 go!") == ["我", "们", "今", "天", " ", "go", "!"]
    ops = check_ops("我们今天去公园玩。", "我们明天去公园散步。")
    assert DiffOp("delete", "今") in ops and DiffOp("insert", "明") in ops
    assert DiffOp("equal", "天去公园") in ops


def test_diff_edge_cases() -> None:
    assert check_ops("same", "same") == [DiffOp("equal", "same")]
    assert check_ops("", "new text") == [DiffOp("insert", "new text")]
    assert check_ops("old text", "") == [DiffOp("delete", "old text")]
    check_ops("Line one.\n\nLine two.", "Line one!\nLine 2.")
    check_ops("naïve café — ok", "naive cafe - ok")
