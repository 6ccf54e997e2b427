"""Summaries and translations in the window: listed in the sidebar with their mark and a filter,
opened in their own pane, sent to Chat; the New button follows the pane. Real store, real app, the
tiny model loaded in the real inference thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desk_assistant.core import paths
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks.records import TaskRecord
from desk_assistant.ui.app import DeskApp
from desk_assistant.ui.conversation_model import KindRole
from desk_assistant.ui.main_window import PANE_CHAT, PANE_SUMMARIZE, PANE_TRANSLATE
from tests.ui.window_fixtures import close_desk, write_settings


@pytest.fixture
def stored(app_home: Path) -> dict[str, int]:
    """A chat, a finished summary and a finished translation, written through the real store."""
    store = ConversationStore(paths.database_path())
    chat = store.create_conversation(title="Tea chat")
    store.append_message(chat.id, "user", "Which tea is best?")
    summary = TaskRecord.begin(
        store, "summarize", "Council minutes", "The council met on Monday.", {"options": {"format": "tldr"}}
    )
    summary.append("- The council met.")
    summary.finish("complete")
    translation = TaskRecord.begin(
        store, "translate", "Opening hours", "The library opens at nine.", {"target": "fr", "tone": "formal"}
    )
    translation.replace("La bibliothèque ouvre à neuf heures.")
    translation.finish("complete", settings={"translations": {"0": "La bibliothèque ouvre à neuf heures."}})
    store.close()
    return {"chat": chat.id, "summary": summary.conversation_id, "translation": translation.conversation_id}


@pytest.fixture
def desk(qtbot, tiny_model: Path, stored):
    write_settings(default_model=str(tiny_model), first_run_done=True, ui_language="en", theme="light")
    desk = DeskApp(QApplication.instance(), show_welcome=False)
    assert desk.start()
    qtbot.waitExposed(desk.window)
    yield desk
    close_desk(desk)


def kinds_listed(window) -> dict[str, str]:
    model = window.sidebar.list_model
    return {
        model.conversation_at(row).title: model.index(row).data(KindRole)
        for row in range(model.rowCount())
        if model.conversation_at(row) is not None
    }


def test_every_kind_is_listed_with_its_kind_and_the_filter_narrows_it(qtbot, desk) -> None:
    window = desk.window
    assert kinds_listed(window) == {
        "Tea chat": "chat",
        "Council minutes": "summarize",
        "Opening hours": "translate",
    }
    window.sidebar.set_kind("summarize")
    assert kinds_listed(window) == {"Council minutes": "summarize"}
    window.sidebar.set_kind("translate")
    assert list(kinds_listed(window)) == ["Opening hours"]
    window.sidebar.set_kind(None)
    assert len(kinds_listed(window)) == 3


def test_search_finds_summaries_too_and_respects_the_filter(qtbot, desk, stored) -> None:
    sidebar = desk.window.sidebar
    sidebar.search_edit.setText("council")
    sidebar.run_search()
    assert {hit.conversation_id for hit in sidebar.search_model.hits()} == {stored["summary"]}
    sidebar.set_kind("chat")
    assert sidebar.search_model.hits() == []


def test_opening_a_conversation_shows_it_in_the_pane_of_its_kind(qtbot, desk, stored) -> None:
    window = desk.window
    window.open_conversation(stored["summary"])
    assert window.current_pane() == PANE_SUMMARIZE
    assert window.summarize.source.text() == "The council met on Monday."
    assert window.summarize.output.markdown() == "- The council met."
    assert window.summarize.format_box.currentData() == "tldr"
    window.open_conversation(stored["translation"])
    assert window.current_pane() == PANE_TRANSLATE
    expected = [("The library opens at nine.", "La bibliothèque ouvre à neuf heures.")]
    # the rows come when the source is segmented again, on a worker thread
    qtbot.waitUntil(
        lambda: [(r.source, r.translation) for r in window.translate.table.table_model.rows] == expected
    )
    assert window.translate.target_box.code() == "fr" and window.translate.tone_box.currentData() == "formal"
    window.open_conversation(stored["chat"])
    assert window.current_pane() == PANE_CHAT
    assert window.chat.current_conversation_id() == stored["chat"]


def test_the_new_button_follows_the_pane(qtbot, desk, stored) -> None:
    window = desk.window
    window.open_conversation(stored["summary"])
    assert window.sidebar.new_button.text() == "New summary"
    window.sidebar.new_button.click()
    assert window.summarize.current_conversation_id() is None and window.summarize.source.text() == ""
    window.set_pane(PANE_TRANSLATE)
    assert window.sidebar.new_button.text() == "New translation"
    window.set_pane(PANE_CHAT)
    assert window.sidebar.new_button.text() == "New chat"


def test_send_to_chat_starts_a_chat_with_the_summary_in_the_message_box(qtbot, desk, stored) -> None:
    window = desk.window
    window.open_conversation(stored["summary"])
    window.summarize.chat_button.click()
    assert window.current_pane() == PANE_CHAT and window.chat.current_conversation_id() is None
    assert window.chat.input.text().startswith("- The council met.")


def test_deleting_the_open_summary_clears_its_pane(qtbot, desk, stored) -> None:
    window = desk.window
    window.open_conversation(stored["summary"])
    window.sidebar.delete_conversation(stored["summary"])
    assert window.summarize.current_conversation_id() is None and window.summarize.output.markdown() == ""
