"""End to end: the chat pane driving the REAL llama.cpp engine (LlamaCppEngine) through the real
InferenceService, answers stored in a real SQLite file. Tiny model (fast) and Gemma 3 270M."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desk_assistant.core import paths
from desk_assistant.core.settings import SamplingSettings, Settings
from desk_assistant.inference import llama_engine
from desk_assistant.inference.types import LoadOptions
from desk_assistant.storage.store import ConversationStore
from tests.ui.chat_helpers import PaneRig, click_anchor, make_rig, wait_idle


def _rig(qtbot, model: Path, context: int, max_tokens: int) -> PaneRig:
    settings = Settings(sampling=SamplingSettings(max_tokens=max_tokens, temperature=0.0, seed=1))
    rig = make_rig(qtbot, llama_engine.LlamaCppEngine(), settings=settings, load=None)
    with qtbot.waitSignal(rig.service.modelLoaded, timeout=60_000):
        rig.service.load_model(str(model), LoadOptions(context_size=context, gpu_layers=0))
    return rig


def _type_and_enter(qtbot, rig: PaneRig, text: str) -> None:
    rig.pane.focus_input()
    qtbot.keyClicks(rig.pane.input.edit, text)
    qtbot.keyClick(rig.pane.input.edit, Qt.Key.Key_Return)


@pytest.fixture
def tiny_rig(qtbot, tiny_model: Path) -> Iterator[PaneRig]:
    rig = _rig(qtbot, tiny_model, context=2048, max_tokens=48)
    yield rig
    rig.close()


def test_tiny_model_answer_streams_into_the_view_and_the_sqlite_file(qtbot, tiny_rig: PaneRig) -> None:
    rig = tiny_rig
    seen: list[str] = []
    rig.service.textReady.connect(lambda _id, text: seen.append(text))
    stats: list[object] = []
    rig.pane.statsChanged.connect(stats.append)
    _type_and_enter(qtbot, rig, "Hello tiny model")
    wait_idle(qtbot, rig, 30_000)
    assert rig.errors == []
    conv_id = rig.pane.current_conversation_id()
    assert rig.store.path == paths.database_path() and rig.store.path.is_file()
    with ConversationStore(rig.store.path) as other:  # a second connection sees it committed
        branch = other.active_branch(conv_id)
    assert [m.role for m in branch] == ["user", "assistant"]
    assert branch[0].content == "Hello tiny model"
    answer = branch[1]
    assert answer.status == "complete" and answer.content
    assert answer.content == "".join(seen)
    assert answer.stats["completion_tokens"] == 48 and answer.stats["finish_reason"] == "length"
    assert rig.pane.view.message_model().items[-1].content == answer.content
    assert stats[0].prompt_tokens > 0

    # the second turn reuses the first one's KV cache (same session key, byte-identical history)
    _type_and_enter(qtbot, rig, "And again")
    wait_idle(qtbot, rig, 30_000)
    second = rig.store.active_branch(conv_id)[-1]
    assert second.status == "complete"
    assert second.stats["cached_tokens"] >= answer.stats["prompt_tokens"]


def test_tiny_model_stop_keeps_the_partial_answer(qtbot, tiny_model: Path) -> None:
    rig = _rig(qtbot, tiny_model, context=2048, max_tokens=1900)
    try:
        rig.pane.apply_settings("", {"max_tokens": 1900})
        _type_and_enter(qtbot, rig, "Go on forever")
        qtbot.waitUntil(lambda: len(rig.pane.view.message_model().items[-1].content) > 0, timeout=30_000)
        qtbot.keyClick(rig.pane.input.edit, Qt.Key.Key_Escape)
        wait_idle(qtbot, rig, 5_000)
        answer = rig.store.active_branch(rig.pane.current_conversation_id())[-1]
        assert answer.status == "stopped"
        assert answer.content and answer.stats["finish_reason"] == "cancelled"
        assert answer.stats["completion_tokens"] < 1900
    finally:
        rig.close()


def test_tiny_model_regenerate_and_flip(qtbot, tiny_rig: PaneRig) -> None:
    rig = tiny_rig
    rig.pane.apply_settings("", {"temperature": 1.0, "seed": None, "max_tokens": 24})
    _type_and_enter(qtbot, rig, "Pick something")
    wait_idle(qtbot, rig, 30_000)
    conv_id = rig.pane.current_conversation_id()
    first = rig.store.active_branch(conv_id)[-1]
    click_anchor(qtbot, rig, 1, "act:regen")
    wait_idle(qtbot, rig, 30_000)
    second = rig.store.active_branch(conv_id)[-1]
    assert second.id != first.id and (second.sibling_index, second.sibling_count) == (1, 2)
    click_anchor(qtbot, rig, 1, "act:prev")
    assert rig.store.active_branch(conv_id)[-1].id == first.id
    assert rig.pane.view.message_model().items[-1].content == first.content


@pytest.mark.gemma
def test_gemma_answers_in_the_pane(qtbot, gemma_model_path: Path) -> None:
    rig = _rig(qtbot, gemma_model_path, context=2048, max_tokens=40)
    try:
        _type_and_enter(qtbot, rig, "What is the capital of France?")
        wait_idle(qtbot, rig, 120_000)
        assert rig.errors == []
        conv_id = rig.pane.current_conversation_id()
        assert rig.store.get_conversation(conv_id).title == "What is the capital of France?"
        answer = rig.store.active_branch(conv_id)[-1]
        assert answer.role == "assistant" and answer.status == "complete"
        assert answer.content.strip(), "Gemma wrote nothing"
        assert answer.stats["completion_tokens"] > 0
        assert rig.pane.view.message_model().items[-1].content == answer.content
        _type_and_enter(qtbot, rig, "And of Italy?")
        wait_idle(qtbot, rig, 120_000)
        second = rig.store.active_branch(conv_id)[-1]
        assert second.status == "complete" and second.content.strip()
        assert second.stats["cached_tokens"] > 0  # the conversation's prefix was reused
    finally:
        rig.close()


def test_tiny_model_context_overflow_is_a_readable_message(qtbot, tiny_model: Path) -> None:
    rig = _rig(qtbot, tiny_model, context=256, max_tokens=16)
    try:
        rig.pane.input.set_text("word " * 400)  # far more tokens than a 256-token context holds
        qtbot.keyClick(rig.pane.input.edit, Qt.Key.Key_Return)
        wait_idle(qtbot, rig, 30_000)
        assert len(rig.errors) == 1 and "context" in rig.errors[0]
        assert "Traceback" not in rig.errors[0] and "ValueError" not in rig.errors[0]
        conv_id = rig.pane.current_conversation_id()
        branch = rig.store.active_branch(conv_id)
        assert branch[0].content == "word " * 400  # the user's text is kept
        assert branch[-1].status == "error"
        # the pane goes on: a short message works
        _type_and_enter(qtbot, rig, "short")
        wait_idle(qtbot, rig, 30_000)
        assert rig.store.active_branch(conv_id)[-1].status == "complete"
    finally:
        rig.close()
