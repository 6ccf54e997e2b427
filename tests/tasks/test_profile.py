"""The user profile: typed settings (old files still load), the text prompts get (only the filled
fields, through the ``chat/profile`` template), and where it is sent: the app's switches and a
conversation's own choice, down to the prompt the real llama.cpp engine reads."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_assistant.core.settings import Settings, UserProfile, load_settings, save_settings, settings_path
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import LoadOptions
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks import chat
from desk_assistant.tasks.prompts import PromptError, PromptLibrary
from desk_assistant.tasks.runtime import run_task

PROFILE = UserProfile(
    name="Mei", preferred_language="", writing_style="short and plain", remember="I teach maths."
)


@pytest.fixture(scope="module")
def engine(tiny_model: Path) -> Iterator[LlamaCppEngine]:
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(tiny_model), LoadOptions(context_size=2048, threads=1))
    yield eng
    eng.unload()


@pytest.fixture
def store(app_home: Path) -> Iterator[ConversationStore]:
    with ConversationStore() as s:
        yield s


def test_an_old_settings_file_with_a_text_profile_still_loads_and_is_saved_as_a_table(app_home: Path) -> None:
    path = settings_path()
    path.write_text(
        json.dumps(
            {"theme": "dark", "user_profile": "  I am a chemist in Lyon.  ", "sampling": {"top_k": 9}}
        ),
        encoding="utf-8",
    )
    settings = load_settings()
    assert settings.theme == "dark" and settings.sampling.top_k == 9
    assert settings.user_profile == UserProfile(remember="I am a chemist in Lyon.")
    assert settings.user_profile.use_in_chat  # it was added to every chat before: it still is
    assert "I am a chemist in Lyon." in chat.profile_for(settings, None)
    save_settings(settings)
    stored = json.loads(path.read_text(encoding="utf-8"))["user_profile"]
    assert stored["remember"] == "I am a chemist in Lyon." and stored["use_in_drafts"] is True
    assert load_settings().user_profile == settings.user_profile
    assert not path.with_name("settings.json.broken").exists()


def test_profile_text_has_only_the_filled_fields() -> None:
    text = chat.profile_text(PROFILE)
    assert text.startswith("About the user")
    assert "- Name: Mei" in text and "- Preferred writing style: short and plain" in text
    assert "- Remember: I teach maths." in text
    assert "Preferred language" not in text  # left empty: left out
    assert chat.profile_text(UserProfile(remember="  ")) == ""
    assert chat.profile_text(UserProfile(use_in_chat=True)) == ""


def test_a_chinese_preferred_language_uses_the_chinese_template() -> None:
    text = chat.profile_text(UserProfile(name="Mei", preferred_language="zh_CN"))
    assert text.startswith("关于用户") and "- 姓名：Mei" in text and "Simplified Chinese" in text


def test_where_the_profile_goes_app_switches_and_a_conversations_own_choice(store: ConversationStore) -> None:
    settings = Settings(user_profile=dataclasses.replace(PROFILE))  # a copy: the test changes it
    follows = store.create_conversation(title="follows")
    wants = store.create_conversation(title="wants", settings={chat.USE_PROFILE: True})
    refuses = store.create_conversation(title="refuses", settings={chat.USE_PROFILE: False})
    on = chat.profile_text(PROFILE)
    assert [chat.profile_for(settings, c) for c in (None, follows, wants, refuses)] == [on, on, on, ""]
    settings.user_profile.use_in_chat = False
    assert [chat.profile_for(settings, c) for c in (None, follows, wants, refuses)] == ["", "", on, ""]
    assert chat.profile_for_drafts(settings) == on
    settings.user_profile.use_in_drafts = False
    assert chat.profile_for_drafts(settings) == ""


def test_a_users_profile_template_with_an_unknown_variable_is_a_clear_error(tmp_path: Path) -> None:
    library = PromptLibrary(user=tmp_path / "prompts")
    library.save_user_template("chat/profile", "en", "My profile", "About {{ name }}, aged {{ age }}")
    with pytest.raises(PromptError) as caught:
        chat.profile_text(PROFILE, library)
    assert str(caught.value) == "The prompt template “My profile” needs a value for “age”."
    library.save_user_template("chat/profile", "en", "My profile", "Talking to {{ name }}.")
    assert chat.profile_text(PROFILE, library) == "Talking to Mei."


def _prompt_sent(
    engine: LlamaCppEngine, store: ConversationStore, settings: Settings, conv_id: int
) -> tuple[str, int]:
    """Ask in conversation ``conv_id`` as the window does; the prompt the model read and its size."""
    conversation = store.get_conversation(conv_id)
    turn = chat.ChatTurn.ask(store, conv_id, "Hello?", user_profile=chat.profile_for(settings, conversation))
    turn.sampling.max_tokens, turn.sampling.seed = 4, 1
    outcome = run_task(turn, engine)
    assert outcome.status == "complete"
    return engine.render(turn.messages), outcome.stats.prompt_tokens


def test_profile_on_and_off_in_the_prompt_the_real_engine_reads(
    engine: LlamaCppEngine, store: ConversationStore
) -> None:
    settings = Settings(user_profile=dataclasses.replace(PROFILE))  # a copy: the test changes it
    on = store.create_conversation(title="on", system_prompt="Be brief.")
    off = store.create_conversation(
        title="off", system_prompt="Be brief.", settings={chat.USE_PROFILE: False}
    )
    prompt_on, tokens_on = _prompt_sent(engine, store, settings, on.id)
    prompt_off, tokens_off = _prompt_sent(engine, store, settings, off.id)
    assert "- Name: Mei" in prompt_on and "I teach maths." in prompt_on
    assert "Mei" not in prompt_off and "About the user" not in prompt_off
    assert "Be brief." in prompt_on and "Be brief." in prompt_off
    assert tokens_on > tokens_off + 10  # the model really read the longer prompt

    settings.user_profile.use_in_chat = False  # the app's switch off: the first conversation follows it
    prompt_follow, _ = _prompt_sent(engine, store, settings, on.id)
    assert "Mei" not in prompt_follow
    store.update_conversation(on.id, settings={chat.USE_PROFILE: True})  # its own choice wins
    prompt_own, _ = _prompt_sent(engine, store, settings, on.id)
    assert "- Name: Mei" in prompt_own


def test_the_cli_sends_the_profile_only_where_it_is_on(
    tiny_model: Path, store: ConversationStore, capsys: pytest.CaptureFixture[str]
) -> None:
    """``desk-assistant chat --conversation`` decides like the window: the app's switch, then the
    conversation's own choice (the prompt size it reports shows what the model read)."""
    from desk_assistant.cli import main

    save_settings(Settings(user_profile=dataclasses.replace(PROFILE)))
    base = [
        "-v",
        "chat",
        "--model",
        str(tiny_model),
        "--context-size",
        "2048",
        "--max-tokens",
        "2",
        "--seed",
        "1",
    ]

    def prompt_tokens(*extra: str) -> int:
        assert main([*base, *extra, "Hello?"]) == 0
        err = capsys.readouterr().err
        found = re.search(r"\] prompt (\d+) tokens", err)
        assert found, err
        return int(found.group(1))

    on = prompt_tokens("--conversation", "new")
    off_conv = store.create_conversation(title="off", settings={chat.USE_PROFILE: False})
    off = prompt_tokens("--conversation", str(off_conv.id))
    assert on > off + 10
    settings = load_settings()
    settings.user_profile.use_in_chat = False
    save_settings(settings)
    assert prompt_tokens("--conversation", "new") == off


class _Recording(LlamaCppEngine):
    """The real engine, remembering the prompt text of every request it reads."""

    def __init__(self) -> None:
        super().__init__(state_budget_bytes=0)
        self.prompts: list[str] = []

    def stream_chat(self, messages, sampling=None, cancel=None, session_key=None):  # type: ignore[override]
        self.prompts.append(self.render(messages))
        return super().stream_chat(messages, sampling, cancel, session_key)


@pytest.mark.parametrize("use_in_drafts", [True, False])
def test_drafts_and_rewrites_get_the_profile_only_when_it_is_on(
    tiny_model: Path, use_in_drafts: bool
) -> None:
    from desk_assistant.tasks.draft import DraftBrief, WriteOutline
    from desk_assistant.tasks.rewrite import Rewrite

    settings = Settings(
        user_profile=UserProfile(
            name="Lena", writing_style="short, plain sentences", use_in_drafts=use_in_drafts
        )
    )
    profile = chat.profile_for_drafts(settings)
    assert bool(profile) is use_in_drafts
    engine = _Recording()
    engine.load(str(tiny_model), LoadOptions(context_size=2048, threads=1))
    try:
        brief = DraftBrief("email", "Ask the landlord to fix the heating")
        run_task(WriteOutline(brief, max_tokens=8, user_profile=profile), engine)
        run_task(Rewrite("The heating are broken since monday.", "grammar", user_profile=profile), engine)
    finally:
        engine.unload()
    assert len(engine.prompts) == 2
    for prompt in engine.prompts:
        assert ("Lena" in prompt and "short, plain sentences" in prompt) is use_in_drafts
