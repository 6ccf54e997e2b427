"""Keyboard and screen-reader use, and the system font size: every control is reached with Tab and shows
a focus ring, every control has a name (in the UI language), panes switch with Ctrl+1…4, and the window
grows with a 150% font. The keyboard walk runs the real tiny model in the real inference thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QAccessible, QFont, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core.paths import resources_dir
from desk_assistant.inference.types import SamplingParams
from desk_assistant.library.local_models import LocalModels
from desk_assistant.ui.app import DeskApp
from desk_assistant.ui.dialogs.model_manager import ModelManagerDialog
from desk_assistant.ui.i18n import install_translators
from desk_assistant.ui.i18n_build import compile_translations
from desk_assistant.ui.main_window import PANE_CHAT, PANE_DRAFT, PANE_SUMMARIZE, PANE_TRANSLATE
from desk_assistant.ui.theme import THEMES, apply_theme
from tests.ui.window_fixtures import write_settings

KEY = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(scope="session")
def translations() -> list[Path]:
    return compile_translations()


@pytest.fixture
def font_scale() -> float:
    return 1.0


@pytest.fixture
def language() -> str:
    return "en"


@pytest.fixture
def desk(qtbot, tiny_model: Path, translations, font_scale: float, language: str) -> Iterator[DeskApp]:
    """The app as a user starts it, on the tiny model (short answers: 24 tokens a chat reply)."""
    write_settings(
        default_model=str(tiny_model),
        first_run_done=True,
        ui_language=language,
        theme="light",
        sampling={"max_tokens": 24, "temperature": 0.7, "seed": 1},
    )
    app = QApplication.instance()
    font = app.font()
    bigger = QFont(font)
    bigger.setPointSizeF(font.pointSizeF() * font_scale)
    app.setFont(bigger)
    desk = DeskApp(app, show_welcome=False)
    assert desk.start()
    qtbot.waitExposed(desk.window)
    desk.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desk.window, timeout=3000)
    qtbot.waitUntil(lambda: desk.window.model_picker.state() == "ready", timeout=60000)
    yield desk
    desk.shutdown()
    desk.window.close()
    desk.window.deleteLater()
    # gone now, not at some later event loop: a later language switch must not reach its panes
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.setFont(font)
    install_translators("en")
    apply_theme("light")
    QCoreApplication.processEvents()


def accessible_name(widget: QWidget) -> str:
    """What a screen reader says: the accessible name, else a buddy label's text, else the button's text."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)  # "✕", "⇄", "+", "↑" are not words to a screen reader


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible controls a keyboard reaches whose name a screen reader could not say."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.focusProxy() is not None:
            continue
        if isinstance(widget, QAbstractButton):
            if not has_words(widget.text()) and not has_words(widget.accessibleName()):
                missing.append(f"{type(widget).__name__} {widget.text()!r} ({widget.toolTip()!r})")
        elif widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not has_words(accessible_name(widget)):
            missing.append(f"{type(widget).__name__} in {type(widget.parent()).__name__}")
    return missing


def glyph_buttons(root: QWidget) -> list[QAbstractButton]:
    return [b for b in root.findChildren(QAbstractButton) if b.isVisibleTo(root) and not has_words(b.text())]


# ---- names --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_control_in_every_pane_and_the_model_manager_has_a_name(qtbot, desk, language: str) -> None:
    window = desk.window
    glyphs: list[QAbstractButton] = []
    for index in (PANE_CHAT, PANE_SUMMARIZE, PANE_TRANSLATE, PANE_DRAFT):
        window.set_pane(index)
        window.show_info("A message with a close button.")
        assert unnamed_controls(window) == [], f"pane {index}"
        glyphs += glyph_buttons(window)
    dialog = ModelManagerDialog(LocalModels(), parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    for tab in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(tab)
        assert unnamed_controls(dialog) == [], f"model manager tab {tab}"
    dialog.close()
    names = {b.accessibleName() for b in glyphs}
    if language == "en":
        assert {"Swap languages", "Add section", "Move section up", "Dismiss"} <= names
    else:  # translated: Chinese, not the English left in place
        assert names and all(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in names), names


# ---- focus ----------------------------------------------------------------------------------------------


def rendered(widget: QWidget) -> QImage:
    QCoreApplication.processEvents()
    return widget.grab().toImage()


@pytest.mark.parametrize("theme", [t for t in THEMES if t != "system"])
def test_keyboard_focus_shows_a_ring_and_moves_nothing(qtbot, theme: str) -> None:
    """Each kind of control looks different with focus than without (the QSS must not hide focus), and
    keeps its size (a ring that pushed the layout would make the window jump as Tab moves)."""
    apply_theme(theme)
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    switcher = QWidget()
    switcher.setObjectName("PaneSwitcher")  # the theme styles its buttons apart
    pane_button = QToolButton(switcher)
    pane_button.setText("Summarize")
    pane_button.setCheckable(True)
    QVBoxLayout(switcher).addWidget(pane_button)
    new_button = QPushButton("New chat")
    new_button.setObjectName("NewChatButton")
    tool = QToolButton()
    tool.setText("+")
    menu_button = QToolButton()  # Export, Rewrite: a menu indicator beside the text
    menu_button.setText("Export")
    menu_button.setMenu(QMenu(menu_button))
    menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    combo = QComboBox()
    combo.addItems(["Short", "Medium"])
    controls = [QPushButton("Copy"), tool, menu_button, combo, QLineEdit("text"), QPlainTextEdit("text")]
    controls.append(QListView())
    controls += [pane_button, new_button]
    for control in controls:
        layout.addWidget(control if control is not pane_button else switcher)
    elsewhere = QLineEdit()
    layout.addWidget(elsewhere)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host, timeout=3000)
    try:
        for control in controls:
            elsewhere.setFocus(Qt.FocusReason.TabFocusReason)
            before, size = rendered(control), control.size()
            control.setFocus(Qt.FocusReason.TabFocusReason)
            qtbot.waitUntil(control.hasFocus, timeout=1000)
            assert rendered(control) != before, f"no visible focus on {type(control).__name__}"
            assert control.size() == size, f"{type(control).__name__} changes size with focus"
    finally:
        apply_theme("light")


def test_the_themes_set_no_font_sizes_in_pixels() -> None:
    """Font sizes follow the system's (titles are scaled in code): a QSS size would not grow with it."""
    for qss in (resources_dir() / "themes").glob("*.qss"):
        assert "font-size" not in qss.read_text("utf-8"), qss.name


# ---- the keyboard walk ----------------------------------------------------------------------------------


def test_a_keyboard_only_walk_through_chat_summarize_translate_and_draft(qtbot, desk) -> None:
    """Only keys, sent to whatever has focus: type in each pane, run it, see the result; focus lands
    where a user expects it at each step."""
    window = desk.window

    def focused() -> QWidget:
        return QApplication.focusWidget()

    def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(focused(), key, modifiers)

    def tab_to(*expected: QWidget) -> None:
        for widget in expected:
            press(KEY.Key_Tab)
            assert focused() is widget or widget.isAncestorOf(focused()), (focused(), widget)

    # Chat: the message box has focus when the window opens; Enter sends
    chat = window.chat
    assert focused() is chat.input.edit
    qtbot.keyClicks(focused(), "Hello, who are you?")
    press(KEY.Key_Return)
    qtbot.waitUntil(
        lambda: chat.view.message_model().rowCount() == 2 and not chat.is_generating(), timeout=30000
    )
    assert focused() is chat.input.edit and chat.input.text() == ""

    # Summarize (Ctrl+2): type, Tab through the options to Summarize, Space runs it
    press(KEY.Key_2, CTRL)
    summarize = window.summarize
    assert window.current_pane() == PANE_SUMMARIZE and focused() is summarize.source.edit
    qtbot.keyClicks(focused(), "The council met on Monday. It voted to plant two hundred trees by the river.")
    tab_to(
        summarize.source.open_button,
        summarize.source.clear_button,
        summarize.length_box,
        summarize.format_box,
        summarize.language_box,
        summarize.run_button,
    )
    press(KEY.Key_Space)
    assert summarize.is_busy() and focused() is summarize.run_button  # now Stop, under the same key
    qtbot.waitUntil(lambda: not summarize.is_busy(), timeout=60000)
    assert summarize.output.markdown().strip() and focused() is summarize.run_button
    tab_to(summarize.output, summarize.copy_button)

    # Translate (Ctrl+3): type, Tab to the target language, choose French by typing, Ctrl+Enter runs
    press(KEY.Key_3, CTRL)
    translate = window.translate
    assert window.current_pane() == PANE_TRANSLATE and focused() is translate.source.edit
    qtbot.keyClicks(focused(), "Good morning. The library opens at nine and closes at five.")
    tab_to(
        translate.source.open_button,
        translate.source.clear_button,
        translate.source_box,
        translate.swap_button,
        translate.target_box,
    )
    qtbot.keyClicks(focused(), "Fr")
    assert translate.target_box.code() == "fr"
    press(KEY.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not translate.is_busy(), timeout=60000)
    rows = translate.table.table_model.rows
    assert rows and all(row.translation for row in rows) and translate.table.isVisible()
    # the options are disabled while it runs: focus moved on to the run button (Stop, then Translate)
    assert focused() is translate.run_button

    # Draft (Ctrl+4): the brief, Tab through the form to "Write in one go", Space writes
    press(KEY.Key_4, CTRL)
    draft = window.draft
    draft.sampling = SamplingParams(temperature=0.7, seed=1)
    draft.token_limits = {"outline": 40, "section": 12, "whole": 16}  # the tiny model never stops
    assert window.current_pane() == PANE_DRAFT and focused() is draft.form.brief_edit
    qtbot.keyClicks(focused(), "Why cities plant trees")
    form = draft.form
    tab_to(form.audience_edit, form.tone_box, form.language_box, form.points_edit, draft.whole_button)
    press(KEY.Key_Space)
    qtbot.waitUntil(lambda: not draft.is_busy() and bool(draft.text().strip()), timeout=60000)
    assert focused() is draft.whole_button

    # back to the chat: the conversation is still there, the message box ready
    press(KEY.Key_1, CTRL)
    assert window.current_pane() == PANE_CHAT and focused() is chat.input.edit
    assert chat.view.message_model().rowCount() == 2


# ---- the system font size ---------------------------------------------------------------------------


@pytest.mark.parametrize("font_scale", [1.5])
def test_at_150_percent_font_every_button_shows_its_whole_text(qtbot, desk, font_scale: float) -> None:
    window = desk.window
    window.resize(1366, 860)  # a common laptop screen
    base = QApplication.font().pointSizeF()
    for index in (PANE_CHAT, PANE_SUMMARIZE, PANE_TRANSLATE, PANE_DRAFT):
        window.set_pane(index)
        QCoreApplication.processEvents()
        pane = window.panes.currentWidget()
        title = getattr(pane, "title_label", None)
        if title is not None and index != PANE_CHAT:
            assert title.font().pointSizeF() == pytest.approx(base * 1.25)  # titles grow with the font
        cramped = [
            f"{b.text()!r}: {b.size().toTuple()} < {b.minimumSizeHint().toTuple()}"
            for b in window.findChildren(QAbstractButton)
            if b.isVisible()
            and (b.width() < b.minimumSizeHint().width() or b.height() < b.minimumSizeHint().height())
        ]
        assert cramped == [], f"pane {index}"
    assert window.minimumSizeHint().width() <= 1366


def test_the_actions_under_a_message_are_a_menu_for_the_keyboard(qtbot, desk) -> None:
    """Copy, Regenerate, Continue, Delete are links under the text (mouse); the Menu key on the
    conversation offers them too."""
    chat = desk.window.chat
    qtbot.keyClicks(QApplication.focusWidget(), "Hello")
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Return)
    qtbot.waitUntil(
        lambda: chat.view.message_model().rowCount() == 2 and not chat.is_generating(), timeout=30000
    )
    qtbot.keyClick(QApplication.focusWidget(), KEY.Key_Backtab)  # from the message box to the messages
    assert QApplication.focusWidget() is chat.view
    seen: list[list[str]] = []

    def look_and_copy() -> None:
        menu = QApplication.activePopupWidget()
        if menu is None:  # no menu: the test fails below, nothing is left waiting
            seen.append([])
            return
        seen.append([a.text() for a in menu.actions()])
        qtbot.keyClick(menu, KEY.Key_Down)  # the first action: Copy
        qtbot.keyClick(menu, KEY.Key_Return)

    qtbot.keyClick(chat.view, KEY.Key_End)  # the answer (Up/Down/Home/End move between messages)
    QTimer.singleShot(200, look_and_copy)
    qtbot.keyClick(chat.view, KEY.Key_Menu)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen == [["Copy", "Regenerate", "Continue", "Delete"]]
    answer = chat.view.message_model().item_at(1).content
    assert QApplication.clipboard().text() == answer
