"""End to end on the real SmolLM2 135M Instruct, the offline starter (ChatML template from the GGUF).

The point of the starter: asked a question, it answers and stops on its own, where the base Gemma 270M
runs on to the token limit. Both are measured here on the same question.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import ChatMessage, GenerationStats, LoadOptions, SamplingParams
from tests.model_fixtures import long_text

QUESTIONS = ("What is the capital of France?", "What is 2 + 2?", "Say hello in one short sentence.")
MAX_TOKENS = 128
GREEDY = SamplingParams(temperature=0.0, max_tokens=MAX_TOKENS, seed=1)


@pytest.fixture(scope="module")
def smollm2_engine(smollm2_model_path: Path) -> Iterator[LlamaCppEngine]:
    engine = LlamaCppEngine()
    engine.load(str(smollm2_model_path), LoadOptions(context_size=4096))
    yield engine
    engine.unload()


def run(
    engine: LlamaCppEngine, messages: list[ChatMessage], sampling: SamplingParams = GREEDY, **kw
) -> tuple[str, GenerationStats, int]:
    items = list(engine.stream_chat(messages, sampling, **kw))
    pieces = [item for item in items[:-1] if isinstance(item, str)]
    return "".join(pieces), items[-1], len(pieces)


def test_chatml_template_comes_from_the_gguf(smollm2_engine: LlamaCppEngine) -> None:
    info = smollm2_engine.model_info
    assert info is not None and info.architecture == "llama" and info.quantization == "Q4_1"
    assert info.has_template and info.chat_format == "gguf-template"
    prompt = smollm2_engine.render([ChatMessage("system", "Be brief."), ChatMessage("user", "Hello")])
    assert prompt == (
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n"
    )
    # without a system message the model's own template puts in its default one
    assert smollm2_engine.render([ChatMessage("user", "Hello")]).startswith("<|im_start|>system\n")


@pytest.mark.parametrize("question", QUESTIONS)
def test_answers_and_stops_on_its_own(smollm2_engine: LlamaCppEngine, question: str) -> None:
    text, stats, n_pieces = run(smollm2_engine, [ChatMessage("user", question)], session_key="ask")
    assert stats.finish_reason == "stop", text
    assert 0 < stats.completion_tokens < MAX_TOKENS * 0.75, text  # well before the limit
    assert text.strip() and n_pieces > 1  # streamed, piece by piece
    assert "<|im_end|>" not in text and "<|im_start|>" not in text


@pytest.mark.gemma
def test_the_starter_stops_where_gemma_runs_to_the_limit(
    smollm2_engine: LlamaCppEngine, gemma_engine: LlamaCppEngine
) -> None:
    question = [ChatMessage("user", QUESTIONS[0])]
    _, smol, _ = run(smollm2_engine, question, session_key="compare")
    _, gemma, _ = run(gemma_engine, question, session_key="compare")
    print(
        f"\nfirst answer to {QUESTIONS[0]!r}, max_tokens {MAX_TOKENS}:"
        f"\n  SmolLM2 135M Instruct: {smol.completion_tokens} tokens, {smol.finish_reason}, "
        f"{smol.tokens_per_second:.0f} tokens/s"
        f"\n  Gemma 3 270M (base):   {gemma.completion_tokens} tokens, {gemma.finish_reason}, "
        f"{gemma.tokens_per_second:.0f} tokens/s"
    )
    assert smol.finish_reason == "stop" and smol.completion_tokens < MAX_TOKENS // 2
    assert gemma.finish_reason == "length" and gemma.completion_tokens == MAX_TOKENS


def test_token_counts_match_what_generation_reads(smollm2_engine: LlamaCppEngine) -> None:
    english = "The quick brown fox jumps over the lazy dog."
    assert smollm2_engine.count_tokens(english) == len(smollm2_engine.tokenize(english))
    assert 5 <= smollm2_engine.count_tokens(english) <= 15  # about a token per word
    # an English-mostly vocabulary: Chinese costs far more tokens per character
    chinese = "今天天气很好，我们去公园散步吧。"
    assert smollm2_engine.count_tokens(chinese) > len(chinese)
    messages = [ChatMessage("system", "Answer in one word."), ChatMessage("user", english)]
    counted = smollm2_engine.count_messages(messages)
    assert counted > smollm2_engine.count_tokens(english)
    _, stats, _ = run(smollm2_engine, messages, SamplingParams(temperature=0.0, max_tokens=4, seed=1))
    assert stats.prompt_tokens == counted


def test_prefix_reuse_on_a_second_turn(smollm2_engine: LlamaCppEngine) -> None:
    history = [ChatMessage("user", "Tell me about rivers. " + long_text(300))]
    answer, first, _ = run(smollm2_engine, history, SamplingParams(temperature=0.0, max_tokens=48, seed=1),
                           session_key="reuse")  # fmt: skip
    history += [ChatMessage("assistant", answer), ChatMessage("user", "And lakes?")]
    _, second, _ = run(smollm2_engine, history, SamplingParams(temperature=0.0, max_tokens=8, seed=1),
                       session_key="reuse")  # fmt: skip
    assert first.prompt_tokens > 300 and first.cached_tokens < 40
    assert second.cached_tokens >= first.prompt_tokens  # all of turn 1 came from the cache
    assert second.prompt_tokens - second.cached_tokens < 80
