"""Chat template choice and rendering; UTF-8 and stop strings across token boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_assistant.core.errors import ModelLoadError
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.streaming import TextAssembler
from desk_assistant.inference.templates import (
    BUILTIN_TEMPLATES,
    ChatRenderer,
    choose_template,
    format_for_architecture,
)
from desk_assistant.inference.types import ChatMessage, LoadOptions, SamplingParams

MSGS = [
    ChatMessage("system", "Be kind."),
    ChatMessage("user", "Hi"),
    ChatMessage("assistant", "Hello!"),
    ChatMessage("user", "你好"),
]


@pytest.mark.parametrize(
    ("arch", "vocab", "expected"),
    [
        ("gemma3", 262144, "gemma"),
        ("gemma2", 256000, "gemma"),
        ("gemma", 256000, "gemma"),
        ("llama", 128256, "llama-3"),
        ("llama", 32000, "llama-2"),
        ("qwen2", 151936, "chatml"),
        ("phi3", 32064, "phi-3"),
        ("mistral", 32768, "mistral-instruct"),
        ("somethingnew", 1000, "chatml"),
    ],
)
def test_format_by_architecture(arch: str, vocab: int, expected: str) -> None:
    assert format_for_architecture(arch, vocab_size=vocab) == expected


def test_gguf_template_wins_and_override_beats_it() -> None:
    assert choose_template(gguf_template="{{x}}", architecture="gemma3").name == "gguf-template"
    assert choose_template(gguf_template="{{x}}", architecture="gemma3", override="chatml").name == "chatml"
    custom = choose_template(gguf_template=None, architecture="llama", override="{{ messages[0].content }}")
    assert custom.name == "custom"
    with pytest.raises(ModelLoadError):
        choose_template(gguf_template=None, architecture="llama", override="no-such-format")


def test_gemma_rendering_folds_system_into_first_user_turn() -> None:
    r = ChatRenderer(
        choose_template(gguf_template=None, architecture="gemma3"), bos_token="<bos>", eos_token="<eos>"
    )
    assert r.render(MSGS) == (
        "<bos><start_of_turn>user\nBe kind.\n\nHi<end_of_turn>\n"
        "<start_of_turn>model\nHello!<end_of_turn>\n"
        "<start_of_turn>user\n你好<end_of_turn>\n<start_of_turn>model\n"
    )
    assert "<end_of_turn>" in r.stop_strings


@pytest.mark.parametrize("name", sorted(BUILTIN_TEMPLATES))
def test_history_renders_as_a_prefix_of_the_next_turn(name: str) -> None:
    """Byte-identical history: turn N's prompt plus the answer starts turn N+1's prompt."""
    r = ChatRenderer(
        choose_template(gguf_template=None, architecture="x", override=name),
        bos_token="<s>",
        eos_token="</s>",
    )
    turn1 = r.render(MSGS[:2])
    turn2 = r.render(MSGS)
    assert turn2.startswith(turn1)
    assert "Be kind." in turn2 and "你好" in turn2


def test_template_fallback_on_a_model_without_one(tiny_model_no_template: Path) -> None:
    engine = LlamaCppEngine()
    info = engine.load(str(tiny_model_no_template), LoadOptions(context_size=256))
    assert not info.has_template and info.chat_format == "llama-2"  # llama arch, small vocab
    assert engine.render(MSGS[:2]).startswith("<s>[INST] <<SYS>>\nBe kind.")
    info = engine.load(str(tiny_model_no_template), LoadOptions(context_size=256, chat_template="chatml"))
    assert info.chat_format == "chatml"
    assert (
        engine.render(MSGS[:2])
        == "<|im_start|>system\nBe kind.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
    )
    items = list(engine.stream_chat(MSGS[:2], SamplingParams(max_tokens=3, seed=1)))
    assert items[-1].completion_tokens == 3


def test_chinese_streams_whole_characters_across_byte_tokens() -> None:
    data = "你好，世界".encode()
    asm = TextAssembler()
    out = [asm.feed(data[i : i + 1]) for i in range(len(data))]
    assert "".join(out) + asm.flush() == "你好，世界"
    assert all(piece in ("", "你", "好", "，", "世", "界") for piece in out)


def test_an_unfinished_character_at_the_end_is_dropped_not_shown_as_a_replacement() -> None:
    asm = TextAssembler()
    data = "好".encode()
    assert asm.feed(b"ok " + data[:2]) == "ok "
    assert asm.flush() == ""
    # a byte that can never start a character is still shown as one replacement, as it arrives
    assert TextAssembler().feed(b"\xff") == "\ufffd"


def test_stop_string_split_over_pieces_is_cut_and_never_shown() -> None:
    asm = TextAssembler(["<end_of_turn>"])
    shown = [asm.feed(p.encode()) for p in ["Sure", " thing<end", "_of", "_turn>more"]]
    assert "".join(shown) == "Sure thing" and asm.stopped and asm.flush() == ""


def test_held_back_tail_is_released_when_no_stop_follows() -> None:
    asm = TextAssembler(["<|im_end|>"])
    assert asm.feed(b"a <|im") == "a "
    assert asm.feed(b" no") == "<|im no"
    assert asm.feed(b" <") == " "
    assert asm.flush() == "<"
