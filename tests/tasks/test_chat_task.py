"""tasks/chat.py: messages for the engine, personas from the prompt library, titles, sampling overrides."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from desk_assistant.core.settings import SamplingSettings
from desk_assistant.inference.types import ChatMessage
from desk_assistant.storage.records import Message
from desk_assistant.tasks import chat
from desk_assistant.tasks.prompts import PromptLibrary


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


def test_personas_come_from_the_persona_templates_in_each_language() -> None:
    ids = [p.id for p in chat.personas()]
    assert {"assistant", "programmer", "translator", "writer", "teacher"} <= set(ids)
    programmer = chat.persona("programmer")
    assert programmer is not None and programmer.read_only
    assert programmer.title == "Programmer"
    assert programmer.system_prompt().startswith("You are an experienced software engineer.")
    assert programmer.sampling == {"temperature": 0.2, "top_p": 0.9}
    chinese = chat.persona("programmer", "zh_CN")
    assert chinese is not None and chinese.title == "程序员" and "软件工程师" in chinese.system_prompt()
    assert chat.persona("programmer", "fr").title == "Programmer"  # type: ignore[union-attr]  # English


def test_a_users_persona_joins_the_list_and_one_in_english_only_is_offered_in_chinese(tmp_path: Path) -> None:
    library = PromptLibrary(user=tmp_path / "prompts")
    library.save_user_template(
        "persona/pirate", "en", "Pirate", "Talk like a pirate.", "", {"temperature": 1.3}
    )
    found = chat.persona("pirate", "zh_CN", library)
    assert found is not None and not found.read_only
    assert (found.system_prompt(), dict(found.sampling)) == ("Talk like a pirate.", {"temperature": 1.3})
    assert [p.id for p in chat.personas(library=library)][-1] == "pirate"  # shipped ones first


def test_system_text_is_the_prompt_then_the_profile_text() -> None:
    assert chat.system_text("Sys", "About me") == "Sys\n\nAbout me"
    assert chat.system_text("", "About me") == "About me"
    assert chat.system_text("  ", "  ") == ""


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
    assert out[-1].content == chat.continue_prompt() == PromptLibrary().get("chat/continue").render().user
    assert "Continue" in out[-1].content


def test_a_chinese_answer_is_continued_with_the_chinese_request() -> None:
    history = [
        _msg(1, "user", "写一首诗"),
        _msg(2, "assistant", "床前明月光，疑是地上霜。", status="stopped"),
    ]
    out = chat.build_continue_messages(history)
    assert out[-1].content == chat.continue_prompt("zh_CN") and "继续" in out[-1].content


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
