"""The main window over a real SQLite store and the real inference thread (tiny GGUF model)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox

from desk_assistant.core import paths
from desk_assistant.core.settings import load_settings
from desk_assistant.inference.types import GenerationStats
from desk_assistant.storage.store import ConversationStore
from desk_assistant.ui import main_window as main_window_module
from desk_assistant.ui.app import DeskApp
from desk_assistant.ui.conversation_model import IsHeaderRole
from desk_assistant.ui.i18n_build import compile_translations
from tests.ui.window_fixtures import age_conversation, close_desk, write_settings


@pytest.fixture(scope="session")
def translations() -> list[Path]:
    return compile_translations()


@pytest.fixture
def seeded_store(app_home: Path) -> dict[str, int]:
    """Conversations in every sidebar group, written through the real store before the app opens it."""
    store = ConversationStore(paths.database_path())
    ids = {}
    for title, _days, text in [
        ("Pinned plan", 40, "the yearly plan"),
        ("Morning notes", 0, "Python code for the sorting function"),
        ("Yesterday chat", 1.2, "a recipe with tomatoes"),
        ("Last week", 4, "用 Python 写一个排序代码"),
        ("Long ago", 30, "old things about the sea"),
    ]:
        conv = store.create_conversation(title=title)
        store.append_message(conv.id, "user", text)
        ids[title] = conv.id
    store.set_pinned(ids["Pinned plan"], True)
    store.close()
    now = datetime.now().astimezone()  # "yesterday" is yesterday's noon, whatever the time now
    yesterday = (now - (now - timedelta(days=1)).replace(hour=12, minute=0)).total_seconds() / 86400
    ages = [("Pinned plan", 40), ("Yesterday chat", yesterday), ("Last week", 4), ("Long ago", 30)]
    for title, days in ages:
        age_conversation(paths.database_path(), ids[title], days)
    return ids


@pytest.fixture
def desk(qtbot, tiny_model: Path, seeded_store: dict[str, int], translations):
    write_settings(default_model=str(tiny_model), first_run_done=True, ui_language="en", theme="light")
    app = QApplication.instance()
    desk = DeskApp(app, show_welcome=False)
    assert desk.start()
    qtbot.waitExposed(desk.window)
    yield desk
    close_desk(desk)


def test_sidebar_groups_from_a_real_store(qtbot, desk) -> None:
    model = desk.window.sidebar.list_model
    assert model.headers() == ["pinned", "today", "yesterday", "week", "older"]
    assert model.titles_in("pinned") == ["Pinned plan"]
    assert model.titles_in("today") == ["Morning notes"]
    assert model.titles_in("yesterday") == ["Yesterday chat"]
    assert model.titles_in("week") == ["Last week"]
    assert model.titles_in("older") == ["Long ago"]
    header_texts = [
        model.index(r).data() for r in range(model.rowCount()) if model.index(r).data(IsHeaderRole)
    ]
    assert header_texts == ["Pinned", "Today", "Yesterday", "Last 7 days", "Older"]


def test_default_model_loads_in_the_background(qtbot, desk, tiny_model: Path) -> None:
    picker = desk.window.model_picker
    qtbot.waitUntil(lambda: picker.state() == "ready", timeout=30000)
    assert "CPU" in picker.text()
    assert desk.service.current_model().path == str(tiny_model)
    size = desk.service.current_model().context_size  # the engine may clamp to the trained context
    assert desk.window.status_bar.context.text() == f"context 0 / {size:,} (0%)"


def type_text(qtbot, widget, text: str) -> None:
    """Type like a person: keys for ASCII; Chinese arrives committed by an input method (as with IMEs)."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    widget.setFocus()
    for char in text:  # one commit per character, like picking candidates one by one
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


@pytest.mark.parametrize("query", ["sorting", "排序代码"])
def test_search_as_you_type_finds_a_message(qtbot, desk, seeded_store, query: str) -> None:
    sidebar = desk.window.sidebar
    type_text(qtbot, sidebar.search_edit, query)
    assert sidebar.view.model() is sidebar.list_model  # debounced: nothing searched yet
    qtbot.waitUntil(lambda: sidebar.search_model.rowCount() > 0, timeout=3000)
    hits = sidebar.search_model.hits()
    expected = "Morning notes" if query == "sorting" else "Last week"
    assert hits[0].conversation_title == expected
    index = sidebar.search_model.index(0)
    rect = sidebar.view.visualRect(index)
    with qtbot.waitSignal(sidebar.conversationActivated) as opened:
        qtbot.mouseClick(sidebar.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [seeded_store[expected]]
    assert desk.window.chat.current_conversation_id() == seeded_store[expected]
    sidebar.search_edit.clear()
    assert sidebar.view.model() is sidebar.list_model


def test_rename_inline_pin_and_delete_with_undo(qtbot, desk, seeded_store, monkeypatch) -> None:
    window = desk.window
    sidebar = window.sidebar
    conv_id = seeded_store["Long ago"]
    # rename through the inline editor, as the context menu's "Rename" opens it
    index = sidebar.list_model.index(sidebar.list_model.row_of(conv_id))
    sidebar.view.setCurrentIndex(index)
    sidebar.view.edit(index)
    (editor,) = sidebar.view.viewport().findChildren(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Sea stories")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event-loop turn
    qtbot.waitUntil(lambda: desk.store.get_conversation(conv_id).title == "Sea stories", timeout=2000)
    assert sidebar.list_model.titles_in("older") == ["Sea stories"]

    sidebar.set_pinned(conv_id, True)
    assert sidebar.list_model.titles_in("pinned") == ["Pinned plan", "Sea stories"] or sorted(
        sidebar.list_model.titles_in("pinned")
    ) == ["Pinned plan", "Sea stories"]
    sidebar.set_pinned(conv_id, False)
    assert "older" in sidebar.list_model.headers()

    monkeypatch.setattr(main_window_module, "UNDO_DELETE_MS", 300)
    sidebar.delete_conversation(conv_id)
    assert sidebar.list_model.row_of(conv_id) == -1
    bar = window.message_bar
    assert bar.isVisible() and "Sea stories" in bar.text()
    qtbot.mouseClick(bar.action_button(), Qt.MouseButton.LeftButton)  # Undo
    assert sidebar.list_model.row_of(conv_id) >= 0
    assert not bar.isVisible()

    sidebar.delete_conversation(conv_id)  # without undo: the offer goes away after the timeout
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=3000)
    assert sidebar.list_model.row_of(conv_id) == -1
    assert conv_id not in [c.id for c in desk.store.list_conversations()]


def test_pane_switching_by_click_and_shortcut(qtbot, desk) -> None:
    window = desk.window
    qtbot.mouseClick(window.switcher.button(2), Qt.MouseButton.LeftButton)
    assert window.current_pane() == 2
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_pane() == 3 and window.switcher.current_index() == 3
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_pane() == 0


def test_shortcuts(qtbot, desk, monkeypatch) -> None:
    window = desk.window
    calls: list[str] = []
    for name in ("new_chat", "stop", "focus_input"):
        monkeypatch.setattr(window.chat, name, lambda n=name: calls.append(n))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    window.set_pane(2)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert calls == ["new_chat", "focus_input"] and window.current_pane() == 0
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.search_edit.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert calls[-1] == "focus_input"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert calls[-1] == "stop"


def test_theme_switching(qtbot, desk) -> None:
    app = QApplication.instance()
    light_window = app.palette().color(QPalette.ColorRole.Window).lightness()
    new = load_settings()
    new.theme = "dark"
    desk.apply_settings(new)
    assert desk.theme == "dark"
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80 < light_window
    assert "#1f2023" in app.styleSheet()
    assert load_settings().theme == "dark"  # saved
    new.theme = "light"
    desk.apply_settings(new)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() == light_window


def test_language_switching_loads_chinese(qtbot, desk, seeded_store) -> None:
    desk.window.open_conversation(seeded_store["Morning notes"])
    old = desk.window
    new = load_settings()
    new.ui_language = "zh_CN"
    desk.apply_settings(new)
    window = desk.window
    assert window is not old and window.isVisible()
    assert window.sidebar.new_button.text() == "新对话"
    assert window.switcher.button(1).text() == "摘要"
    assert window.sidebar.list_model.headers()[0] == "pinned"
    assert window.sidebar.list_model.index(0).data() == "已置顶"
    assert window.chat.current_conversation_id() == seeded_store["Morning notes"]  # kept across rebuild
    # Qt's own strings (standard buttons) come from Qt's translator
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    new.ui_language = "en"
    desk.apply_settings(new)
    assert desk.window.sidebar.new_button.text() == "New chat"


def test_broken_model_file_shows_a_readable_banner(qtbot, desk, tmp_path: Path) -> None:
    window = desk.window
    qtbot.waitUntil(lambda: window.model_picker.state() == "ready", timeout=30000)
    broken = tmp_path / "half-downloaded.gguf"
    broken.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\x00" * 64)
    window.load_model(str(broken))
    qtbot.waitUntil(lambda: window.message_bar.isVisible(), timeout=30000)
    text = window.message_bar.text()
    assert "half-downloaded.gguf" in text and "Traceback" not in text
    assert window.message_bar.level() == "error"
    assert window.model_picker.state() == "error"


def test_status_bar_shows_chat_stats(qtbot, desk) -> None:
    window = desk.window
    window.chat.statsChanged.emit(
        GenerationStats(completion_tokens=40, tokens_per_second=123.4, time_to_first_token=0.25)
    )
    window.chat.contextUsageChanged.emit(1500, 4096)
    assert window.status_bar.speed.text() == "123.4 tokens/s"
    assert window.status_bar.first_token.text() == "first token 250 ms"
    assert window.status_bar.context.text() == "context 1,500 / 4,096 (37%)"


def test_geometry_and_splitter_remembered(qtbot, desk) -> None:
    window = desk.window
    width = max(780, window.minimumSizeHint().width())  # the Draft pane needs ~850 px
    window.resize(width, 540)  # the offscreen screen is 800x600
    window.splitter.setSizes([250, 520])
    sizes = window.splitter.sizes()
    window.close()
    from desk_assistant.ui.main_window import MainWindow

    again = MainWindow(desk.service, desk.store, desk.settings)
    again.show()
    qtbot.waitExposed(again)
    try:
        assert again.size().width() == width and again.size().height() == 540
        assert again.splitter.sizes() == sizes
        assert Path(
            QSettings(str(paths.config_dir() / "window-state.ini"), QSettings.Format.IniFormat).fileName()
        ).exists()
    finally:
        again.close()
        again.deleteLater()


def test_unhandled_exception_shows_a_box_and_the_app_keeps_running(qtbot, desk) -> None:
    try:
        raise KeyError("secret internal detail")
    except KeyError as exc:
        desk._excepthook(type(exc), exc, exc.__traceback__)
    box = desk._error_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "secret internal detail" not in box.text() and "Traceback" not in box.text()
    box.close()
    desk.window.new_chat()  # still works
    assert desk.window.isVisible()


def test_welcome_dialog_on_first_run(qtbot, desk) -> None:
    desk.settings.first_run_done = False
    desk.show_welcome()
    dialog = desk.welcome
    qtbot.waitExposed(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "SmolLM2" in texts and "catalog" in texts
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert load_settings().first_run_done is True


def test_too_new_database_offers_a_fresh_one_and_the_app_opens(
    qtbot, app_home: Path, tiny_model: Path
) -> None:
    db = paths.database_path()
    ConversationStore(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    write_settings(default_model=str(tiny_model), first_run_done=True)
    asked: list[str] = []

    def choose_fresh(_parent, message: str) -> str:
        asked.append(message)
        return "fresh"

    desk = DeskApp(QApplication.instance(), ask_database=choose_fresh, show_welcome=False)
    try:
        assert desk.start()
        assert asked and "newer" in asked[0].lower()
        kept = [
            p
            for p in db.parent.iterdir()
            if p.name.startswith(db.name + ".too-new-")
            and p.suffix != ".sqlite3"
            and not p.name.endswith(("-wal", "-shm"))
        ]
        assert kept, list(db.parent.iterdir())
        with sqlite3.connect(kept[0]) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == 999  # the old file, untouched
        assert desk.window.isVisible() and desk.window.message_bar.isVisible()
        assert desk.store.list_conversations() == []
        desk.store.create_conversation(title="works")  # the new database is usable
        desk.window.sidebar.refresh()
        assert desk.window.sidebar.list_model.titles_in("today") == ["works"]
    finally:
        desk.shutdown()
        desk.window.close()
        desk.window.deleteLater()


def test_too_new_database_quit_leaves_it_alone(qtbot, app_home: Path) -> None:
    db = paths.database_path()
    ConversationStore(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    before = db.read_bytes()
    desk = DeskApp(QApplication.instance(), ask_database=lambda _p, _m: "quit", show_welcome=False)
    try:
        assert desk.start() is False
        assert db.read_bytes() == before
    finally:
        desk.shutdown()


def test_chatting_in_the_window_updates_sidebar_and_status_bar(qtbot, desk) -> None:
    """End to end: the real ChatPane, the real engine (tiny model) and the real store in one window."""
    window = desk.window
    qtbot.waitUntil(lambda: window.model_picker.state() == "ready", timeout=30000)
    window.new_chat()
    chat = window.chat
    if not hasattr(chat, "input"):
        pytest.skip("the ChatPane is not merged")
    chat.input.set_text("Hello from the window test")
    qtbot.keyClick(chat.input.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: chat.current_conversation_id() is not None, timeout=10000)
    qtbot.waitUntil(lambda: not chat.is_generating(), timeout=60000)
    conv_id = chat.current_conversation_id()
    assert window.sidebar.list_model.row_of(conv_id) >= 0
    assert "Hello from the window test" in window.sidebar.list_model.titles_in("today")
    assert window.sidebar.selected_conversation_id() == conv_id
    assert "tokens/s" in window.status_bar.speed.text() and "—" not in window.status_bar.speed.text()
    assert "ms" in window.status_bar.first_token.text()
    assert (
        window.status_bar.context.text().startswith("context ")
        and "—" not in window.status_bar.context.text()
    )


def test_escape_stops_a_long_answer_in_the_window(qtbot, desk) -> None:
    window = desk.window
    qtbot.waitUntil(lambda: window.model_picker.state() == "ready", timeout=30000)
    chat = window.chat
    if not hasattr(chat, "input"):
        pytest.skip("the ChatPane is not merged")
    desk.settings.sampling.max_tokens = 3000
    window.new_chat()
    chat.input.set_text("Write a lot")
    qtbot.keyClick(chat.input.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(chat.is_generating, timeout=10000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not chat.is_generating(), timeout=5000)
    messages = desk.store.active_branch(chat.current_conversation_id())
    assert messages[-1].role == "assistant" and messages[-1].status == "stopped"


def test_manage_models_opens_the_model_manager_and_loads_the_choice(qtbot, desk, tmp_path: Path) -> None:
    from desk_assistant.ui.dialogs.model_manager import ModelManagerDialog
    from tests.model_builder import build_tiny_llama

    window = desk.window
    qtbot.waitUntil(lambda: window.model_picker.state() == "ready", timeout=30000)
    other = build_tiny_llama(paths.models_dir() / "other-tiny.gguf", seed=7)
    window.actions_by_name["models"].trigger()
    dialog = desk.model_manager
    assert isinstance(dialog, ModelManagerDialog)
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(desk.service.modelLoaded, timeout=30000):
        dialog.modelChosen.emit(str(other))
    qtbot.waitUntil(lambda: window.model_picker.state() == "ready", timeout=30000)
    assert desk.service.current_model().path == str(other)
    assert load_settings().default_model == str(other)
    dialog.close()
    assert desk.settings.default_model == str(other)


def test_answering_in_an_old_conversation_moves_it_to_today(qtbot, desk, seeded_store) -> None:
    window = desk.window
    qtbot.waitUntil(lambda: window.model_picker.state() == "ready", timeout=30000)
    chat = window.chat
    if not hasattr(chat, "input"):
        pytest.skip("the ChatPane is not merged")
    old = seeded_store["Long ago"]
    window.sidebar.conversationActivated.emit(old)
    assert chat.current_conversation_id() == old
    chat.input.set_text("One more question")
    qtbot.keyClick(chat.input.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Long ago" in window.sidebar.list_model.titles_in("today"), timeout=60000)
    assert "older" not in window.sidebar.list_model.headers()
    assert window.sidebar.selected_conversation_id() == old


def test_storage_failure_in_the_sidebar_is_a_banner(qtbot, desk, seeded_store) -> None:
    """The conversation vanished underneath (another window, a sync tool): one readable sentence."""
    window = desk.window
    gone = seeded_store["Yesterday chat"]
    with sqlite3.connect(paths.database_path()) as db:
        db.execute("DELETE FROM messages WHERE conversation_id = ?", (gone,))
        db.execute("DELETE FROM conversations WHERE id = ?", (gone,))
    window.sidebar.set_pinned(gone, True)
    assert window.message_bar.isVisible() and window.message_bar.level() == "error"
    assert str(gone) in window.message_bar.text() and "Traceback" not in window.message_bar.text()
    assert window.sidebar.list_model.row_of(gone) == -1  # the list refreshed


def test_following_the_system_colour_scheme(qtbot, desk, monkeypatch) -> None:
    from desk_assistant.ui import theme as theme_module

    new = load_settings()
    new.theme = "system"
    desk.apply_settings(new)
    assert desk.theme == "light"  # offscreen reports no scheme: light
    monkeypatch.setattr(theme_module, "system_is_dark", lambda: True)
    desk._on_system_scheme(Qt.ColorScheme.Dark)  # what QStyleHints.colorSchemeChanged calls
    assert desk.theme == "dark"
    new.theme = "light"
    desk.apply_settings(new)
    desk._on_system_scheme(Qt.ColorScheme.Dark)  # an explicit theme ignores the desktop
    assert desk.theme == "light"


def test_sidebar_context_menu(qtbot, desk, seeded_store) -> None:
    """Right-click a conversation: the menu offers Rename / Pin / Delete and they act on that one."""
    sidebar = desk.window.sidebar
    conv_id = seeded_store["Yesterday chat"]

    def choose(text: str) -> list[str]:
        row = sidebar.list_model.row_of(conv_id)
        pos = sidebar.view.visualRect(sidebar.list_model.index(row)).center()
        menu = sidebar.context_menu_at(pos)
        texts = [a.text() for a in menu.actions() if a.text()]
        next(a for a in menu.actions() if a.text() == text).trigger()
        menu.deleteLater()
        return texts

    assert choose("Pin") == ["Rename", "Pin", "Delete"]
    assert "Yesterday chat" in sidebar.list_model.titles_in("pinned")
    assert choose("Unpin") == ["Rename", "Unpin", "Delete"]
    assert "Yesterday chat" in sidebar.list_model.titles_in("yesterday")
    choose("Rename")
    (editor,) = sidebar.view.viewport().findChildren(QLineEdit)  # the inline editor opened
    assert editor.text() == "Yesterday chat"
    sidebar.view.closePersistentEditor(sidebar.view.currentIndex())
    choose("Delete")
    assert sidebar.list_model.row_of(conv_id) == -1 and desk.window.message_bar.isVisible()
    header = sidebar.view.visualRect(sidebar.list_model.index(0)).center()
    assert sidebar.context_menu_at(header) is None  # headers have no menu
