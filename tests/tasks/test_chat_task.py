"""tasks/chat.py: messages for the engine, persona presets, titles, sampling overrides."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from desk_assistant.core.settings import SamplingSettings
from desk_assistant.inference.types import ChatMessage
from desk_assistant.storage.records import Message
from desk_assistant.tasks import chat


def _msg(i: int, role: str, content: str, status: str = "complete") -> Message:
    return Message(
        id=i,
        conversation_id=1,
        parent_id=i - 1 or None,
        role=role,  # type: ignore[arg-type]
        content=content,
        status=status,  # type: ignore[arg-type]
        stats=None,
        created_at=datetime(2026, 1, 1),
    )


def test_build_messages_puts_system_prompt_and_profile_first() -> None:
    history = [_msg(1, "user", "Hi"), _msg(2, "assistant", "Hello!"), _msg(3, "user", "Tell me more")]
    out = chat.build_messages(history, system_prompt="Be brief.", user_profile="I am a chemist.")
    assert out[0].role == "system"
    assert out[0].content.startswith("Be brief.")
    assert "I am a chemist." in out[0].content
    assert out[1:] == [
        ChatMessage("user", "Hi"),
        ChatMessage("assistant", "Hello!"),
        ChatMessage("user", "Tell me more"),
    ]


def test_build_messages_without_system_text_has_no_system_message() -> None:
    out = chat.build_messages([_msg(1, "user", "Hi")])
    assert out == [ChatMessage("user", "Hi")]


def test_build_messages_skips_failed_and_empty_but_keeps_stopped_text_exactly() -> None:
    partial = "Half an answer with trailing space "
    history = [
        _msg(1, "user", "Q1"),
        _msg(2, "assistant", "", status="error"),
        _msg(3, "user", "Q2"),
        _msg(4, "assistant", partial, status="stopped"),
        _msg(5, "user", "Q3"),
    ]
    out = chat.build_messages(history)
    assert [m.content for m in out] == ["Q1", "Q2", partial, "Q3"]


def test_presets_come_from_the_resources_file() -> None:
    presets = chat.load_presets()
    ids = [p.id for p in presets.personas]
    assert "assistant" in ids and "programmer" in ids
    programmer = presets.persona("programmer")
    assert programmer is not None
    assert programmer.name("zh_CN") == "程序员"
    assert programmer.name("fr") == "Programmer"  # falls back to English
    assert "{profile}" in presets.profile_template


def test_broken_presets_file_gives_no_presets_and_no_crash(tmp_path: Path) -> None:
    bad = tmp_path / "personas.json"
    bad.write_text("{not json", encoding="utf-8")
    presets = chat.load_presets(bad)
    assert presets.personas == ()
    assert chat.system_text("", "likes tea", presets).endswith("likes tea")


def test_custom_presets_file(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps(
            {
                "profile_template": "PROFILE<{profile}>",
                "personas": [{"id": "x", "name": {"en": "X"}, "prompt": "Do X."}],
            }
        ),
        encoding="utf-8",
    )
    presets = chat.load_presets(path)
    assert presets.persona("x").prompt == "Do X."  # type: ignore[union-attr]
    assert chat.system_text("Sys", "me", presets) == "Sys\n\nPROFILE<me>"


def test_title_from_first_line_collapsed_and_cut() -> None:
    assert chat.title_from_message("\n\n  How do   I sort\ta list?\nMore text") == "How do I sort a list?"
    long = "word " * 40
    title = chat.title_from_message(long)
    assert len(title) <= chat.TITLE_MAX_CHARS
    assert title.endswith("…") and not title.endswith(" …")
    cjk = "请帮我把这段很长的中文文字翻译成英文并且保持原来的格式不变" * 3
    cjk_title = chat.title_from_message(cjk)
    assert cjk_title.endswith("…") and len(cjk_title) == chat.TITLE_MAX_CHARS
    assert chat.title_from_message("# Heading question") == "Heading question"
    assert chat.title_from_message("   ") == ""


def test_sampling_overrides_on_top_of_defaults() -> None:
    defaults = SamplingSettings(temperature=0.5, max_tokens=256)
    params = chat.sampling_params({"temperature": 1.2, "seed": 7, "bogus": 1}, defaults)
    assert params.temperature == 1.2
    assert params.seed == 7
    assert params.max_tokens == 256
    assert chat.sampling_params(None).temperature == SamplingSettings().temperature


def test_continue_messages_end_with_the_continue_request_after_the_partial_answer() -> None:
    history = [_msg(1, "user", "Write a poem"), _msg(2, "assistant", "Roses are red,", status="stopped")]
    out = chat.build_continue_messages(history, "Be nice.")
    assert out[-2] == ChatMessage("assistant", "Roses are red,")
    assert out[-1].role == "user"
    assert out[-1].content == chat.load_presets().continue_prompt
    assert "Continue" in out[-1].content


def test_model_sampling_defaults_sit_between_app_defaults_and_conversation_overrides() -> None:
    from desk_assistant.core.settings import ModelSettings, Settings

    settings = Settings(sampling=SamplingSettings(temperature=0.7, max_tokens=1024))
    settings.models["/m/tuned.gguf"] = ModelSettings(sampling=SamplingSettings(temperature=0.2, top_k=10))
    settings.models["/m/plain.gguf"] = ModelSettings()  # settings without sampling defaults

    assert chat.default_sampling(settings, None).temperature == 0.7
    assert chat.default_sampling(settings, "/m/plain.gguf").temperature == 0.7
    tuned = chat.default_sampling(settings, "/m/tuned.gguf")
    assert (tuned.temperature, tuned.top_k) == (0.2, 10)
    params = chat.sampling_params({"temperature": 0.9}, tuned)
    assert (params.temperature, params.top_k) == (0.9, 10)
