"""Odd text at the boundaries: lone surrogates (pasted from some Windows programs), NUL bytes, a 10 MB
paste. Stored, searched, tokenized and answered without an error; nothing the user wrote is lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_assistant.core.text import clean_text
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import ChatMessage, GenerationStats, LoadOptions, SamplingParams
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks.chat import ChatTurn
from desk_assistant.tasks.runtime import run_task

LONE = "price \ud800 list"  # a lone high surrogate: "price \ud800 list".encode() raises
PAIR = "smile \ud83d\ude00 ok"  # a pair as two code points: one real character (U+1F600)


def test_clean_text() -> None:
    assert clean_text(LONE) == "price \ufffd list"
    assert clean_text(PAIR) == "smile \U0001f600 ok"
    assert clean_text("a\x00b") == "ab"
    assert clean_text("纯文本 plain") == "纯文本 plain"
    with pytest.raises(UnicodeEncodeError):
        LONE.encode("utf-8")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    store = ConversationStore(tmp_path / "odd.db")
    yield store
    store.close()


def test_the_store_keeps_odd_text_and_finds_it(store: ConversationStore, tmp_path: Path) -> None:
    conv = store.create_conversation(title="Title \udc80 here\x00", system_prompt="Be \ud800 brief")
    message = store.append_message(conv.id, "user", LONE + "\x00 " + PAIR)
    assert message.content == "price \ufffd list smile \U0001f600 ok"
    writer = store.start_stream(conv.id)
    writer.append("answer \udfff")
    writer.finish()
    store.edit_message(message.id, "edited \ud800")
    assert store.get_conversation(conv.id).title == "Title \ufffd here"
    assert [m.content for m in store.active_branch(conv.id)][-1] == "edited \ufffd"
    assert store.search("price \ud800")[0].conversation_id == conv.id
    rows = sqlite3.connect(tmp_path / "odd.db").execute("SELECT content FROM messages").fetchall()
    assert "answer \ufffd" in [r[0] for r in rows]


@pytest.fixture(scope="module")
def engine(tiny_model: Path) -> Iterator[LlamaCppEngine]:
    engine = LlamaCppEngine(state_budget_bytes=0)
    engine.load(str(tiny_model), LoadOptions(context_size=1024, threads=1, gpu_layers=0))
    yield engine
    engine.unload()


def test_the_engine_answers_odd_text(engine: LlamaCppEngine) -> None:
    assert engine.count_tokens(LONE) == engine.count_tokens(clean_text(LONE))
    stats = None
    for item in engine.stream_chat([ChatMessage("user", LONE + "\x00")], SamplingParams(max_tokens=4)):
        if isinstance(item, GenerationStats):
            stats = item
    assert stats is not None and stats.completion_tokens > 0


def test_a_chat_turn_with_odd_text_is_stored_and_answered(
    store: ConversationStore, engine: LlamaCppEngine
) -> None:
    conv = store.create_conversation()
    turn = ChatTurn.ask(store, conv.id, LONE)
    turn.sampling.max_tokens = 4
    run_task(turn, engine)
    branch = store.active_branch(conv.id)
    assert [m.role for m in branch] == ["user", "assistant"]
    assert branch[0].content == "price \ufffd list" and branch[1].status == "complete"


def test_a_10_mb_paste_is_stored_whole(store: ConversationStore) -> None:
    paste = ("一段很长的文字 with mixed text \ud800.\n" * 300_000)[: 10 * 1024 * 1024 // 3]
    conv = store.create_conversation()
    message = store.append_message(conv.id, "user", paste)
    assert len(store.get_message(message.id).content) == len(paste)
    assert "\ud800" not in store.get_message(message.id).content
