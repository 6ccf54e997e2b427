"""ChatPane UI logic over the real InferenceService and a real SQLite store, with a scripted engine.

The same paths run over the real llama.cpp engine in test_chat_pane_e2e.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QGuiApplication

from desk_assistant.core.settings import SamplingSettings, Settings, UserProfile
from desk_assistant.inference.types import ChatMessage, TrimReport
from desk_assistant.tasks import chat as chat_task
from desk_assistant.ui.widgets.chat_input import MAX_INPUT_CHARS
from desk_assistant.ui.widgets.message_delegate import MARGIN_X, MARGIN_Y, PAD
from tests.ui import chat_samples
from tests.ui.chat_helpers import PaneRig, RecordingEngine, click_anchor, make_rig, send, wait_idle

ANSWER = "Hello there, this is **the answer**."


def pieces(text: str, size: int = 4) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


@pytest.fixture
def engine() -> RecordingEngine:
    return RecordingEngine(pieces(ANSWER))


@pytest.fixture
def rig(qtbot, engine: RecordingEngine) -> Iterator[PaneRig]:
    rig = make_rig(qtbot, engine)
    yield rig
    rig.close()


def test_send_commits_the_user_message_before_the_request_and_stores_the_answer(qtbot, rig: PaneRig) -> None:
    seen_at_submit: list[list[str]] = []
    real_submit = rig.service.submit_task

    def spy(task):
        conv_id = rig.pane.current_conversation_id()
        seen_at_submit.append([m.content for m in rig.store.active_branch(conv_id)])
        return real_submit(task)

    rig.service.submit_task = spy  # type: ignore[method-assign]
    with qtbot.waitSignal(rig.pane.conversationChanged) as created:
        send(qtbot, rig, "What is  the\ncapital of France?")
    conv_id = rig.pane.current_conversation_id()
    assert created.args == [conv_id]
    assert seen_at_submit == [["What is  the\ncapital of France?", ""]] or seen_at_submit == [
        ["What is  the\ncapital of France?"]
    ]
    conv = rig.store.get_conversation(conv_id)
    assert conv.title == "What is the"
    branch = rig.store.active_branch(conv_id)
    assert [(m.role, m.content, m.status) for m in branch] == [
        ("user", "What is  the\ncapital of France?", "complete"),
        ("assistant", ANSWER, "complete"),
    ]
    assert branch[1].stats["finish_reason"] == "stop"
    assert rig.pane.input.text() == ""
    items = rig.pane.view.message_model().items
    assert [i.content for i in items] == [m.content for m in branch]
    assert rig.engine.requests[0][2] == f"conv-{conv_id}"
    assert rig.engine.requests[0][0][-1].content == "What is  the\ncapital of France?"


def test_empty_input_is_not_sent_and_shift_enter_adds_a_line(qtbot, rig: PaneRig) -> None:
    rig.pane.input.set_text("   \n  ")
    qtbot.keyClick(rig.pane.input.edit, Qt.Key.Key_Return)
    assert rig.pane.current_conversation_id() is None
    assert rig.engine.requests == []
    rig.pane.input.clear()
    qtbot.keyClicks(rig.pane.input.edit, "line one")
    qtbot.keyClick(rig.pane.input.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(rig.pane.input.edit, "line two")
    assert rig.pane.input.text() == "line one\nline two"
    assert rig.engine.requests == []
    qtbot.keyClick(rig.pane.input.edit, Qt.Key.Key_Return)
    wait_idle(qtbot, rig)
    assert rig.engine.requests[0][0][-1].content == "line one\nline two"


def test_streaming_updates_only_the_answer_row_in_batches(qtbot, rig: PaneRig) -> None:
    send(qtbot, rig, "first question")
    first_versions = [i.version for i in rig.pane.view.message_model().items]
    text = "word " * 300
    rig.engine.pieces = pieces(text, 2)
    rig.engine.piece_delay = 0.002
    renders: list[int] = []
    real_refresh = rig.pane.view.refresh_row
    rig.pane.view.refresh_row = lambda row: (renders.append(row), real_refresh(row))  # type: ignore[method-assign]
    rig.pane.input.set_text("second question")
    rig.pane.input.submit()
    partial: list[str] = []
    qtbot.waitUntil(lambda: rig.pane.view.message_model().items[-1].content != "", timeout=5000)
    partial.append(rig.pane.view.message_model().items[-1].content)
    wait_idle(qtbot, rig)
    items = rig.pane.view.message_model().items
    assert items[-1].content == text
    assert partial[0] and len(partial[0]) < len(text), "text appeared while it was being generated"
    # rows above the answer were never re-rendered
    assert [i.version for i in items[:2]] == first_versions
    assert set(renders) == {3}
    # ~1.2 s of generation at <= 25 Hz: far fewer renders than the 750 pieces
    assert 2 <= len(renders) < 80, len(renders)


def _start_long_answer(qtbot, rig: PaneRig) -> None:
    rig.engine.pieces = pieces("streaming forever " * 200, 3)
    rig.engine.piece_delay = 0.01
    rig.pane.input.set_text("tell me a long story")
    rig.pane.input.submit()
    qtbot.waitUntil(lambda: len(rig.pane.view.message_model().items[-1].content) > 20, timeout=5000)
    assert rig.pane.input.stop_button.isVisible()


def _assert_stopped(rig: PaneRig) -> None:
    branch = rig.store.active_branch(rig.pane.current_conversation_id())
    answer = branch[-1]
    assert answer.status == "stopped"
    assert 20 <= len(answer.content) < len("streaming forever " * 200)
    assert rig.pane.view.message_model().items[-1].status == "stopped"
    assert rig.pane.view.message_model().items[-1].content == answer.content
    assert not rig.pane.input.stop_button.isVisible()
    assert rig.pane.input.send_button.isVisible()


def test_escape_stops_and_keeps_the_partial_answer_marked_stopped(qtbot, rig: PaneRig) -> None:
    _start_long_answer(qtbot, rig)
    qtbot.keyClick(rig.pane.input.edit, Qt.Key.Key_Escape)
    wait_idle(qtbot, rig, 3000)
    _assert_stopped(rig)


def test_stop_button_stops(qtbot, rig: PaneRig) -> None:
    _start_long_answer(qtbot, rig)
    qtbot.mouseClick(rig.pane.input.stop_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, rig, 3000)
    _assert_stopped(rig)
    # and the pane goes on working
    rig.engine.pieces = ["ok"]
    send(qtbot, rig, "again")
    assert rig.store.active_branch(rig.pane.current_conversation_id())[-1].content == "ok"


def test_regenerate_makes_a_branch_and_the_arrows_flip_between_them(qtbot, rig: PaneRig) -> None:
    send(qtbot, rig, "question")
    conv_id = rig.pane.current_conversation_id()
    first_answer_id = rig.store.active_branch(conv_id)[-1].id
    rig.engine.pieces = ["second ", "answer"]
    click_anchor(qtbot, rig, 1, "act:regen")
    wait_idle(qtbot, rig)
    branch = rig.store.active_branch(conv_id)
    assert [m.content for m in branch] == ["question", "second answer"]
    assert (branch[1].sibling_index, branch[1].sibling_count) == (1, 2)
    item = rig.pane.view.message_model().items[1]
    assert (item.sibling_index, item.sibling_count) == (1, 2)
    assert rig.pane.view.message_model().rowCount() == 2

    click_anchor(qtbot, rig, 1, "act:prev")
    assert [m.content for m in rig.store.active_branch(conv_id)] == ["question", ANSWER]
    assert rig.pane.view.message_model().items[1].id == first_answer_id
    assert rig.pane.view.message_model().items[1].content == ANSWER
    click_anchor(qtbot, rig, 1, "act:next")
    assert rig.pane.view.message_model().items[1].content == "second answer"
    # the regenerated request had the same history as the first one
    assert rig.engine.requests[0][0] == rig.engine.requests[1][0]


def test_edit_and_resend_keeps_the_old_version_as_a_branch(qtbot, rig: PaneRig) -> None:
    send(qtbot, rig, "original question")
    conv_id = rig.pane.current_conversation_id()
    click_anchor(qtbot, rig, 0, "act:edit")
    assert rig.pane.input.text() == "original question"
    assert rig.pane.note.isVisible()
    rig.pane.input.set_text("edited question")
    rig.engine.pieces = ["edited ", "answer"]
    qtbot.keyClick(rig.pane.input.edit, Qt.Key.Key_Return)
    wait_idle(qtbot, rig)
    assert [m.content for m in rig.store.active_branch(conv_id)] == ["edited question", "edited answer"]
    assert rig.engine.requests[-1][0][-1].content == "edited question"
    assert [i.content for i in rig.pane.view.message_model().items] == ["edited question", "edited answer"]
    click_anchor(qtbot, rig, 0, "act:prev")
    assert [i.content for i in rig.pane.view.message_model().items] == ["original question", ANSWER]


def test_cancel_editing_sends_a_normal_message(qtbot, rig: PaneRig) -> None:
    send(qtbot, rig, "q1")
    rig.pane.begin_edit(rig.pane.view.message_model().items[0].id)
    rig.pane.cancel_edit()
    assert rig.pane.input.text() == ""
    send(qtbot, rig, "q2")
    assert [m.content for m in rig.store.active_branch(rig.pane.current_conversation_id())][::2] == [
        "q1",
        "q2",
    ]


def test_delete_asks_first_and_removes_the_message_and_what_followed(
    qtbot, rig: PaneRig, monkeypatch
) -> None:
    send(qtbot, rig, "q1")
    send(qtbot, rig, "q2")
    conv_id = rig.pane.current_conversation_id()
    monkeypatch.setattr(rig.pane, "_confirm", lambda title, text: False)
    click_anchor(qtbot, rig, 2, "act:delete")
    assert len(rig.store.active_branch(conv_id)) == 4
    monkeypatch.setattr(rig.pane, "_confirm", lambda title, text: True)
    click_anchor(qtbot, rig, 2, "act:delete")
    assert [m.content for m in rig.store.active_branch(conv_id)] == ["q1", ANSWER]
    assert [i.content for i in rig.pane.view.message_model().items] == ["q1", ANSWER]


def test_continue_adds_to_the_same_answer(qtbot, rig: PaneRig) -> None:
    _start_long_answer(qtbot, rig)
    rig.pane.stop()
    wait_idle(qtbot, rig)
    conv_id = rig.pane.current_conversation_id()
    stopped = rig.store.active_branch(conv_id)[-1]
    rig.engine.pieces = [" and", " the end."]
    rig.engine.piece_delay = 0
    click_anchor(qtbot, rig, 1, "act:cont")
    wait_idle(qtbot, rig)
    branch = rig.store.active_branch(conv_id)
    assert len(branch) == 2
    assert branch[-1].id == stopped.id
    assert branch[-1].content == stopped.content + " and the end."
    assert branch[-1].status == "complete"
    sent = rig.engine.requests[-1][0]
    assert sent[-2].role == "assistant" and sent[-2].content == stopped.content
    assert sent[-1].content == chat_task.continue_prompt()
    assert rig.pane.view.message_model().items[-1].content == branch[-1].content


def test_copy_message_and_code_block_to_the_clipboard(qtbot, rig: PaneRig) -> None:
    rig.engine.pieces = pieces(chat_samples.ANSWER_EN, 5)
    send(qtbot, rig, chat_samples.QUESTION_EN)
    QGuiApplication.clipboard().clear()
    click_anchor(qtbot, rig, 1, "act:copy")
    assert QGuiApplication.clipboard().text() == chat_samples.ANSWER_EN
    click_anchor(qtbot, rig, 1, "copy:0")
    code = QGuiApplication.clipboard().text()
    assert code.startswith("import csv\n") and code.rstrip().endswith(
        'print(total("sales.csv", "amount"))  # 1234.5'
    )
    assert "```" not in code
    assert "copied" in rig.pane.note.text().lower()
    click_anchor(qtbot, rig, 0, "act:copy")
    assert QGuiApplication.clipboard().text() == chat_samples.QUESTION_EN


def test_links_open_only_after_confirmation(qtbot, rig: PaneRig, monkeypatch) -> None:
    rig.engine.pieces = ["see [the docs](https://example.com/docs) please"]
    send(qtbot, rig, "link?")
    opened: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(
        "desk_assistant.ui.panes.chat_pane.QDesktopServices.openUrl",
        lambda url: opened.append(url.toString()),
    )
    monkeypatch.setattr(rig.pane, "_confirm", lambda title, text: asked.append(text) or False)
    click_anchor(qtbot, rig, 1, "link:0")
    assert asked and "https://example.com/docs" in asked[0]
    assert opened == []
    monkeypatch.setattr(rig.pane, "_confirm", lambda title, text: True)
    click_anchor(qtbot, rig, 1, "link:0")
    assert opened == ["https://example.com/docs"]


def test_a_5mb_paste_is_refused_with_a_readable_note(qtbot, rig: PaneRig) -> None:
    rig.pane.input.set_text("keep me ")
    rig.pane.input.edit.moveCursor(rig.pane.input.edit.textCursor().MoveOperation.End)
    huge = QMimeData()
    huge.setText("x" * 5_000_000)
    rig.pane.input.edit.insertFromMimeData(huge)
    assert rig.pane.input.text() == "keep me "
    assert rig.pane.note.isVisible()
    assert "Summarize" in rig.pane.note.text()
    small = QMimeData()
    small.setText("y" * 10_000)
    rig.pane.input.edit.insertFromMimeData(small)
    assert rig.pane.input.text() == "keep me " + "y" * 10_000
    assert MAX_INPUT_CHARS >= 100_000


def test_scroll_follows_the_answer_unless_the_user_scrolled_up(qtbot, rig: PaneRig) -> None:
    conv = rig.store.create_conversation(title="long")
    chat_samples.fill_conversation(rig.store, conv.id, 40)
    rig.pane.open_conversation(conv.id)
    view = rig.pane.view
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum(), timeout=3000)
    rig.engine.pieces = pieces("line of text\n\n" * 80, 6)
    rig.engine.piece_delay = 0.003
    rig.pane.input.set_text("more")
    rig.pane.input.submit()
    qtbot.waitUntil(lambda: len(view.message_model().items[-1].content) > 200, timeout=5000)
    assert view.follow and bar.value() == bar.maximum()
    bar.setValue(bar.maximum() // 3)  # the user scrolls up to read
    held = bar.value()
    assert not view.follow
    qtbot.waitUntil(lambda: len(view.message_model().items[-1].content) > 600, timeout=5000)
    assert bar.value() == held
    bar.setValue(bar.maximum())  # back to the bottom: following resumes
    assert view.follow
    wait_idle(qtbot, rig)
    qtbot.wait(50)
    assert bar.value() == bar.maximum()


def test_model_errors_are_readable_and_the_pane_stays_usable(qtbot) -> None:
    engine = RecordingEngine(["fine"])
    rig = make_rig(qtbot, engine, load=None)  # no model loaded yet
    try:
        send(qtbot, rig, "hello?")
        assert rig.errors == ["No model is loaded."]
        assert "No model is loaded." in rig.pane.note.text()
        conv_id = rig.pane.current_conversation_id()
        branch = rig.store.active_branch(conv_id)
        assert [(m.role, m.status) for m in branch] == [("user", "complete"), ("assistant", "error")]
        assert "Traceback" not in rig.pane.note.text()
        item = rig.pane.view.message_model().items[-1]
        assert item.error == "No model is loaded."
        with qtbot.waitSignal(rig.service.modelLoaded):
            rig.service.load_model("m.gguf")
        click_anchor(qtbot, rig, 1, "act:regen")
        wait_idle(qtbot, rig)
        assert rig.store.active_branch(conv_id)[-1].content == "fine"
        assert rig.store.active_branch(conv_id)[-1].status == "complete"
    finally:
        rig.close()


def test_trimmed_context_shows_a_notice_and_stats_are_reported(qtbot) -> None:
    engine = RecordingEngine(
        ["ok"], trimmed=TrimReport(dropped_messages=6, tokens_before=900, tokens_after=400)
    )
    rig = make_rig(qtbot, engine)
    try:
        stats_seen: list[object] = []
        usage: list[tuple[int, int]] = []
        rig.pane.statsChanged.connect(stats_seen.append)
        rig.pane.contextUsageChanged.connect(lambda used, size: usage.append((used, size)))
        send(qtbot, rig, "hi")
        assert "left out to fit the context" in rig.pane.note.text()
        assert stats_seen and stats_seen[0].completion_tokens == 1
        assert usage == [(2 + 1, 512)]
        stored = rig.store.active_branch(rig.pane.current_conversation_id())[-1].stats
        assert stored["trimmed"]["dropped_messages"] == 6
    finally:
        rig.close()


def test_conversation_settings_drive_the_request(qtbot) -> None:
    engine = RecordingEngine(["ok"])
    rig = make_rig(
        qtbot,
        engine,
        settings=Settings(
            user_profile=UserProfile(remember="I like tea."), sampling=SamplingSettings(max_tokens=99)
        ),
    )
    try:
        rig.pane.apply_settings("You are a pirate.", {"temperature": 0.2, "seed": 5})
        send(qtbot, rig, "hi")
        conv = rig.store.get_conversation(rig.pane.current_conversation_id())
        assert conv.system_prompt == "You are a pirate."
        messages, sampling, _ = engine.requests[-1]
        assert messages[0].role == "system" and messages[0].content.startswith("You are a pirate.")
        assert "I like tea." in messages[0].content
        assert (sampling.temperature, sampling.seed, sampling.max_tokens) == (0.2, 5, 99)
        rig.pane.apply_settings("Be brief.", {"temperature": 1.1})
        send(qtbot, rig, "again")
        messages, sampling, _ = engine.requests[-1]
        assert messages[0].content.startswith("Be brief.") and sampling.temperature == 1.1
    finally:
        rig.close()


def test_open_new_and_switch_while_generating(qtbot, rig: PaneRig) -> None:
    send(qtbot, rig, "first chat")
    first = rig.pane.current_conversation_id()
    rig.pane.new_chat()
    assert rig.pane.current_conversation_id() is None
    assert rig.pane.view.message_model().rowCount() == 0
    _start_long_answer(qtbot, rig)
    second = rig.pane.current_conversation_id()
    assert second != first
    rig.pane.open_conversation(first)  # leaving stops the answer; its task keeps it, marked stopped
    assert not rig.pane.is_generating()
    qtbot.waitUntil(lambda: rig.store.active_branch(second)[-1].status == "stopped", timeout=2000)
    assert [i.content for i in rig.pane.view.message_model().items] == ["first chat", ANSWER]
    qtbot.wait(100)  # late text of the stopped request must not land in this conversation
    assert [i.content for i in rig.pane.view.message_model().items] == ["first chat", ANSWER]
    rig.pane.open_conversation(999_999)
    assert rig.errors and rig.pane.current_conversation_id() is None


def test_settings_dialog_offers_the_librarys_personas_with_their_sampling(qtbot, tmp_path) -> None:
    from desk_assistant.inference.types import SamplingParams
    from desk_assistant.tasks.prompts import PromptLibrary
    from desk_assistant.ui.panes.chat_settings import ChatSettingsDialog

    library = PromptLibrary(user=tmp_path / "prompts")
    library.save_user_template("persona/pirate", "en", "Pirate", "Talk like a pirate.", sampling={"top_k": 7})
    personas = chat_task.personas(library=library)
    defaults = SamplingParams(temperature=0.7, top_p=0.95, max_tokens=512)
    dialog = ChatSettingsDialog(
        "", SamplingParams(temperature=0.9, max_tokens=512), personas, defaults=defaults
    )
    qtbot.addWidget(dialog)
    assert dialog.persona.count() == len(personas) + 1
    assert dialog.persona.itemText(dialog.persona.findData("pirate")) == "Pirate (yours)"
    assert dialog.persona.currentData() == ""  # no persona's text: Custom
    dialog.persona.setCurrentIndex(dialog.persona.findData("programmer"))
    programmer = chat_task.persona("programmer")
    prompt, sampling = dialog.values()
    assert prompt == programmer.system_prompt()
    # the defaults with the persona's own values on top (not the 0.9 the conversation had)
    assert (sampling["temperature"], sampling["top_p"], sampling["max_tokens"]) == (0.2, 0.9, 512)
    assert set(sampling) == {"temperature", "top_p", "top_k", "min_p", "repeat_penalty", "max_tokens", "seed"}
    assert dialog.options() == {"use_profile": None, "persona": "programmer"}
    dialog.persona.setCurrentIndex(dialog.persona.findData("pirate"))
    prompt, sampling = dialog.values()
    assert prompt == "Talk like a pirate." and sampling["top_k"] == 7 and sampling["temperature"] == 0.7
    dialog.system_prompt.setPlainText("Talk like a pirate, but briefly.")  # edited: Custom again
    assert dialog.persona.currentData() == "" and dialog.options()["persona"] is None
    dialog.use_profile.setCurrentIndex(dialog.use_profile.findData(False))
    assert dialog.options()["use_profile"] is False

    again = ChatSettingsDialog(
        programmer.system_prompt(), SamplingParams(seed=42), personas, use_profile=True, profile_on=False
    )
    qtbot.addWidget(again)
    assert again.persona.currentData() == "programmer"  # found by its text
    assert again.values()[1]["seed"] == 42
    assert again.use_profile.currentData() is True
    assert "(off)" in again.use_profile.itemText(0)


def test_a_broken_persona_is_reported_in_the_dialog_and_changes_nothing(qtbot, tmp_path) -> None:
    from desk_assistant.inference.types import SamplingParams
    from desk_assistant.tasks.prompts import PromptLibrary
    from desk_assistant.ui.panes.chat_settings import ChatSettingsDialog

    library = PromptLibrary(user=tmp_path / "prompts")
    broken = library.user_path("persona/broken", "en")
    broken.parent.mkdir(parents=True)
    broken.write_text('title = "Broken"\nsystem = "Hi {{ nobody }}"\n', encoding="utf-8")  # a hand edit
    dialog = ChatSettingsDialog("Keep me.", SamplingParams(), chat_task.personas(library=library))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.persona.setCurrentIndex(dialog.persona.findData("broken"))
    assert dialog.error.isVisible() and "needs a value for “nobody”" in dialog.error.text()
    assert dialog.values()[0] == "Keep me." and dialog.persona.currentData() == ""


def _accept_dialog_with(qtbot, change) -> None:
    """When the modal chat settings dialog opens: ``change(dialog)``, then OK."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desk_assistant.ui.panes.chat_settings import ChatSettingsDialog

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ChatSettingsDialog)
        change(dialog)
        dialog.accept()

    QTimer.singleShot(0, act)


def test_persona_switched_mid_conversation_changes_the_next_request(qtbot) -> None:
    engine = RecordingEngine(["ok"])
    rig = make_rig(
        qtbot, engine, settings=Settings(sampling=SamplingSettings(temperature=0.7, max_tokens=99))
    )
    try:
        pick = lambda pid: lambda d: d.persona.setCurrentIndex(d.persona.findData(pid))  # noqa: E731
        _accept_dialog_with(qtbot, pick("translator"))
        rig.pane.edit_settings()  # before the conversation exists
        send(qtbot, rig, "bonjour")
        conv_id = rig.pane.current_conversation_id()
        translator, writer = chat_task.persona("translator"), chat_task.persona("writer")
        messages, sampling, _ = engine.requests[-1]
        assert messages[0] == ChatMessage("system", translator.system_prompt())
        assert (sampling.temperature, sampling.repeat_penalty, sampling.max_tokens) == (0.2, 1.0, 99)
        assert rig.store.get_conversation(conv_id).settings == {"persona": "translator"}

        _accept_dialog_with(qtbot, pick("writer"))
        rig.pane.edit_settings()
        send(qtbot, rig, "now help me write")
        messages, sampling, _ = engine.requests[-1]
        assert messages[0].content == writer.system_prompt()
        assert (sampling.temperature, sampling.repeat_penalty) == (0.8, 1.1)  # writer's, then the defaults
        assert [m.content for m in messages[1:3]] == ["bonjour", "ok"]  # the same conversation goes on
        assert rig.store.get_conversation(conv_id).settings["persona"] == "writer"
    finally:
        rig.close()


def test_profile_switches_reach_the_request(qtbot) -> None:
    engine = RecordingEngine(["ok"])
    profile = UserProfile(name="Mei", remember="I teach maths.")
    rig = make_rig(qtbot, engine, settings=Settings(user_profile=profile))
    try:
        send(qtbot, rig, "one")
        assert "- Name: Mei" in engine.requests[-1][0][0].content  # on by default
        _accept_dialog_with(qtbot, lambda d: d.use_profile.setCurrentIndex(d.use_profile.findData(False)))
        rig.pane.edit_settings()
        send(qtbot, rig, "two")
        assert all("Mei" not in m.content for m in engine.requests[-1][0])
        assert rig.store.get_conversation(rig.pane.current_conversation_id()).settings["use_profile"] is False

        profile.use_in_chat = False  # the app's switch off; a new chat follows it
        rig.pane.new_chat()
        send(qtbot, rig, "three")
        assert engine.requests[-1][0][0].role == "user"  # no system text at all
        rig.pane.apply_settings("", {}, {"use_profile": True})  # this conversation wants it
        send(qtbot, rig, "four")
        assert "I teach maths." in engine.requests[-1][0][0].content
        rig.pane.apply_settings("", {}, {"use_profile": None})  # back to following the app
        send(qtbot, rig, "five")
        assert engine.requests[-1][0][0].role == "user"
        assert "use_profile" not in rig.store.get_conversation(rig.pane.current_conversation_id()).settings
    finally:
        rig.close()


def test_double_click_lets_the_user_select_and_copy_text(qtbot, rig: PaneRig) -> None:
    rig.engine.pieces = pieces(chat_samples.ANSWER_EN, 5)
    send(qtbot, rig, chat_samples.QUESTION_EN)
    view = rig.pane.view
    question = view.visualRect(view.model().index(0, 0))
    line_height = view.fontMetrics().lineSpacing()
    # double-click on the first word of the question (the line below the "You" header)
    word = question.topLeft() + QPoint(MARGIN_X + PAD + 8, MARGIN_Y + PAD + int(line_height * 1.7))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=word)
    selection = view._selection
    assert selection is not None and selection.isVisible()
    assert question.contains(selection.geometry().center())
    assert selection.textCursor().selectedText() == "How"
    qtbot.keyClick(selection, Qt.Key.Key_Escape)
    assert view._selection is None

    answer = view.open_selection(1)  # the streamed answer: header, chunks and tail in one copy
    assert answer is not None
    assert "import csv" in answer.toPlainText() and "Approach" in answer.toPlainText()
    answer.selectAll()
    answer.copy()
    assert "def total(path: str, column: str) -> float:" in QGuiApplication.clipboard().text()
    rig.pane.focus_input()  # clicking elsewhere closes it
    qtbot.waitUntil(lambda: view._selection is None, timeout=2000)


def test_a_failed_continue_leaves_the_answer_as_it_was(qtbot, rig: PaneRig) -> None:
    send(qtbot, rig, "question")
    conv_id = rig.pane.current_conversation_id()
    before = rig.store.active_branch(conv_id)[-1]
    with qtbot.waitSignal(rig.service.modelUnloaded):
        rig.service.unload_model()
    click_anchor(qtbot, rig, 1, "act:cont")
    wait_idle(qtbot, rig)
    after = rig.store.active_branch(conv_id)[-1]
    assert (after.id, after.content, after.status) == (before.id, before.content, "complete")
    assert rig.errors == ["No model is loaded."]
    assert rig.pane.view.message_model().items[-1].error == "No model is loaded."


def test_long_conversations_keep_few_documents_but_every_height(qtbot, rig: PaneRig) -> None:
    from desk_assistant.ui.widgets.message_delegate import KEEP_DOCUMENTS

    conv = rig.store.create_conversation(title="long")
    chat_samples.fill_conversation(rig.store, conv.id, 300)
    rig.pane.open_conversation(conv.id)
    view = rig.pane.view
    qtbot.waitUntil(view.prerender_done, timeout=20_000)
    items = view.message_model().items
    assert len(items) == 300
    holding = [i for i in items if "docs" in i.cache]
    assert 0 < len(holding) <= KEEP_DOCUMENTS
    assert all(view.delegate().is_exact(item, row) for row, item in enumerate(items))
    # scrolling to the top rebuilds those rows' documents on demand, with the same height
    heights = [i.cache["height"] for i in items[:3]]
    view.scrollToTop()
    qtbot.waitUntil(lambda: "docs" in items[0].cache, timeout=2000)
    assert [i.cache["height"] for i in items[:3]] == heights
    click_anchor(qtbot, rig, 1, "copy:0")
    assert QGuiApplication.clipboard().text().startswith("def series(n: int = 0)")
