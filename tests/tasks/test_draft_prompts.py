"""Draft and rewrite prompts are data: every kind and step renders in English and Chinese; a missing
variable or a syntax error in a template is one clear sentence and never reaches the model (the real
engine is watched); the brief is checked before anything runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from desk_assistant.core import paths
from desk_assistant.core.errors import InputError
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import ChatMessage, LoadOptions, SamplingParams
from desk_assistant.tasks.draft import (
    MAX_BRIEF_CHARS,
    SHIPPED_KINDS,
    DraftBrief,
    ExpandSection,
    WriteOutline,
    draft_kinds,
    kind_ids,
    load_kind,
    prompt_values,
)
from desk_assistant.tasks.outline import Outline
from desk_assistant.tasks.prompts import PromptError, PromptLibrary
from desk_assistant.tasks.rewrite import HOW_CODES, Rewrite
from desk_assistant.tasks.runtime import run_task

STEPS = ("outline", "section", "whole")


class WatchedEngine:
    """The real engine, with a record of every prompt sent to it (to prove one was not)."""

    def __init__(self, engine: LlamaCppEngine) -> None:
        self.engine = engine
        self.sent: list[list[ChatMessage]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        sampling: SamplingParams | None = None,
        cancel: threading.Event | None = None,
        session_key: str | None = None,
    ) -> Iterator[Any]:
        self.sent.append(list(messages))
        return self.engine.stream_chat(messages, sampling, cancel, session_key)


@pytest.fixture(scope="module")
def tiny_engine(tiny_model: Path) -> Iterator[LlamaCppEngine]:
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(tiny_model), LoadOptions(context_size=2048, threads=1, gpu_layers=0))
    yield eng
    eng.unload()


@pytest.fixture
def watched(tiny_engine: LlamaCppEngine) -> WatchedEngine:
    return WatchedEngine(tiny_engine)


def user_template(template_id: str, text: str) -> Path:
    path = paths.config_dir() / "prompts" / f"{template_id}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


BRIEF = DraftBrief(
    "article",
    "Why cities should plant more trees",
    audience="city councillors",
    tone="persuasive",
    length="short",
    key_points=("shade lowers summer temperatures", "trees cost little to keep"),
)


# ---- shipped templates -------------------------------------------------------------------------------


def test_the_shipped_kinds_in_order_with_names_in_both_languages() -> None:
    assert kind_ids() == list(SHIPPED_KINDS)
    english = {k.id: k for k in draft_kinds("en")}
    chinese = {k.id: k for k in draft_kinds("zh_CN")}
    assert english["blog_post"].name == "Blog post" and chinese["blog_post"].name == "博客文章"
    assert english["article"].headings and not english["email"].headings and not chinese["poem"].headings


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("kind", SHIPPED_KINDS)
def test_every_kind_renders_every_step(kind: str, language: str) -> None:
    brief = DraftBrief(
        kind, "A note about the new office", length="long", language=language, key_points=("X1",)
    )
    library = PromptLibrary()
    kind_info = load_kind(kind, language, library)
    assert kind_info.template.path is not None and kind_info.template.path.name == f"{kind}.{language}.toml"
    for step in STEPS:
        template = library.get(f"draft/{step}", language)
        assert template.language == language
        values = prompt_values(
            brief,
            kind_info,
            outline="1. One\n2. Two",
            previous="Earlier text.",
            section_number=2,
            section_count=2,
            section_title="Two",
            section_notes="the second part",
        )
        rendered = template.render(**values)
        assert values["kind_guidance"] and values["kind_guidance"] in rendered.system
        assert "{{" not in rendered.system + rendered.user and "{%" not in rendered.user
        assert "A note about the new office" in rendered.user and "- X1" in rendered.user
        if language == "zh_CN":
            assert "中性" in rendered.user  # the tone code is worded in Chinese
            assert "简体中文" in rendered.user
        else:
            assert "Tone: neutral" in rendered.user and "English" in rendered.user


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("how", HOW_CODES)
def test_every_rewrite_renders(how: str, language: str) -> None:
    template = PromptLibrary().get(f"rewrite/{how}", language)
    assert template.language == language
    rendered = template.render(
        text="Some text.",
        context="Around it.",
        language="English",
        language_native="English",
        tone="formal",
        target_language="French",
        target_language_native="Français",
        profile="About the user: Lena.",
    )
    assert rendered.system.endswith("About the user: Lena.")
    # the passage, then the text, then the instruction (small models follow what they read last)
    assert rendered.user.index("Around it.") < rendered.user.index("Some text.") < len(rendered.user) - 20
    if how == "translate":
        assert ("French" if language == "en" else "Français") in rendered.user
    if how == "tone":
        assert ("formal" if language == "en" else "正式") in rendered.user


# ---- broken templates never reach the model ----------------------------------------------------------


def test_a_missing_variable_is_named_and_nothing_is_sent(watched: WatchedEngine) -> None:
    user_template(
        "draft/outline.en",
        'title = "My outline"\nsystem = "{{ kind_guidance }}"\n'
        'user = "Plan {{ brief }} by {{ deadline }}."\n',
    )
    with pytest.raises(PromptError) as err:
        run_task(WriteOutline(BRIEF), watched)
    assert str(err.value) == "The prompt template “My outline” needs a value for “deadline”."
    assert watched.sent == []


def test_a_syntax_error_gives_its_line_and_nothing_is_sent(watched: WatchedEngine) -> None:
    user_template(
        "draft/section.en",
        "title = \"My section\"\nsystem = ''\nuser = '''\nWrite {{ section_title }}.\n"
        "{% if previous %}\nAfter: {{ previous }}\n'''\n",
    )
    task = ExpandSection(BRIEF, Outline.of(["One", "Two"]), "s2", {"s1": "First."})
    with pytest.raises(PromptError) as err:
        run_task(task, watched)
    assert "“My section” has an error on line" in str(err.value)
    assert watched.sent == []


def test_a_broken_kind_template_is_named_too(watched: WatchedEngine) -> None:
    user_template("draft/kinds/article.en", 'title = "Article"\nsystem = "Write for {{ readers }}."\n')
    with pytest.raises(PromptError, match="“Article” needs a value for “readers”"):
        run_task(WriteOutline(BRIEF), watched)
    assert watched.sent == []


def test_a_broken_rewrite_template_is_not_sent(watched: WatchedEngine) -> None:
    user_template("rewrite/shorten.en", 'title = "Short"\nsystem = ""\nuser = "{% for x in text %}{{ x }}"\n')
    with pytest.raises(PromptError, match="“Short” has an error on line 1"):
        run_task(Rewrite("Some words to shorten.", "shorten"), watched)
    assert watched.sent == []


def test_the_rendered_prompt_is_what_the_model_gets(watched: WatchedEngine) -> None:
    run_task(WriteOutline(BRIEF, max_tokens=4), watched)
    (messages,) = watched.sent
    assert messages[0].role == "system" and "article" in messages[0].content
    assert "About 400 words" in messages[0].content  # the kind's guidance for a short piece
    assert "Why cities should plant more trees" in messages[1].content
    assert "- shade lowers summer temperatures" in messages[1].content
    assert "Audience: city councillors" in messages[1].content


def test_a_kind_the_user_adds_is_offered_and_used(watched: WatchedEngine) -> None:
    user_template(
        "draft/kinds/limerick.en",
        'title = "Limerick"\nheadings = false\nsystem = "A limerick: five lines, AABBA."\n',
    )
    assert kind_ids()[-1] == "limerick"
    brief = DraftBrief("Limerick", "A cat on a mat")
    assert brief.kind == "limerick"
    run_task(WriteOutline(brief, max_tokens=4), watched)
    assert "five lines, AABBA" in watched.sent[0][0].content


# ---- the brief -------------------------------------------------------------------------------------------


def test_brief_fields_are_cleaned() -> None:
    brief = DraftBrief(
        " Blog Post ", "  Cooking at home  ", tone="", language="zh-Hans", key_points=(" a ", "", "b")
    )
    assert (brief.kind, brief.brief, brief.tone, brief.language) == (
        "blog_post",
        "Cooking at home",
        "neutral",
        "zh_CN",
    )
    assert brief.key_points == ("a", "b")
    assert DraftBrief.from_dict(brief.to_dict()) == brief


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"brief": "   "}, "The brief is empty"),
        ({"brief": "x" * (5 * 1024 * 1024)}, f"at most {MAX_BRIEF_CHARS:,}"),
        ({"kind": "sonnet"}, "“sonnet” is not a kind of draft; choose one of: article, blog_post"),
        ({"kind": "../../etc"}, "is not a kind of draft"),
        ({"length": "huge"}, "“huge” is not a draft length"),
        ({"language": "klingon"}, "“klingon” is not a language"),
        ({"key_points": tuple(str(i) for i in range(31))}, "too many key points (31; at most 30)"),
        ({"audience": "y" * 2000}, "The audience is too long"),
    ],
)
def test_bad_briefs_are_one_sentence(fields: dict[str, Any], message: str) -> None:
    values: dict[str, Any] = {"kind": "article", "brief": "Trees"} | fields
    with pytest.raises(InputError) as err:
        DraftBrief(**values)
    assert message in str(err.value)
    assert "\n" not in str(err.value)
