"""The prompt library dialog, driven as a user would: filter, switch language, copy a shipped
template to edit it, save (a Jinja error is refused and said), delete, make a new persona.
Real template files: the shipped folder and the user's folder in the test's app home."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desk_assistant.tasks import chat
from desk_assistant.tasks.prompts import PromptLibrary, shipped_dir
from desk_assistant.ui.dialogs.prompt_library import ID_ROLE, PromptLibraryDialog, open_prompt_library


@pytest.fixture
def dialog(qtbot) -> PromptLibraryDialog:
    dlg = PromptLibraryDialog(language="en")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def click_template(qtbot, dlg: PromptLibraryDialog, template_id: str) -> None:
    """Click the template's row in the tree with the mouse."""
    proxy = dlg.proxy
    for g in range(proxy.rowCount()):
        group = proxy.index(g, 0)
        for r in range(proxy.rowCount(group)):
            index = proxy.index(r, 0, group)
            if index.data(ID_ROLE) == template_id:
                dlg.tree.scrollTo(index)
                rect = dlg.tree.visualRect(index)
                qtbot.mouseClick(dlg.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                assert dlg._current is not None and dlg._current.id == template_id
                return
    raise AssertionError(f"{template_id} is not shown")


def group_titles(dlg: PromptLibraryDialog) -> list[str]:
    return [dlg.proxy.index(g, 0).data() for g in range(dlg.proxy.rowCount())]


def test_templates_are_grouped_and_the_filter_box_filters(qtbot, dialog: PromptLibraryDialog) -> None:
    titles = group_titles(dialog)
    assert titles[:2] == ["Personas", "Chat"]
    assert {"Personas", "Chat", "Summarize", "Translate"} <= set(titles)
    everything = dialog.visible_ids()
    assert {"persona/programmer", "chat/profile", "chat/continue", "summarize/map"} <= set(everything)
    qtbot.keyClicks(dialog.filter_edit, "PROGRAM")
    assert dialog.visible_ids() == ["persona/programmer"]
    assert group_titles(dialog) == ["Personas"]
    dialog.filter_edit.clear()
    qtbot.keyClicks(dialog.filter_edit, "chat/")  # the id matches too
    assert dialog.visible_ids() == ["chat/continue", "chat/profile"]
    dialog.filter_edit.clear()
    qtbot.keyClicks(dialog.filter_edit, "personas")  # a group's name shows all of it
    assert set(dialog.visible_ids()) == {t for t in everything if t.startswith("persona/")}
    dialog.filter_edit.clear()
    assert dialog.visible_ids() == everything


def test_the_language_switch_shows_the_chinese_files(qtbot, dialog: PromptLibraryDialog) -> None:
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("zh_CN"))
    click_template(qtbot, dialog, "persona/programmer")
    assert dialog.title_edit.text() == "程序员" and "软件工程师" in dialog.system_edit.toPlainText()
    assert dialog.id_label.text() == "persona/programmer.zh_CN"
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("en"))
    assert dialog.title_edit.text() == "Programmer"  # the same template stays selected


def test_a_shipped_template_is_read_only_and_shows_variables_and_sampling(
    qtbot, dialog: PromptLibraryDialog
) -> None:
    click_template(qtbot, dialog, "chat/profile")
    assert dialog.system_edit.isReadOnly() and dialog.title_edit.isReadOnly()
    assert not dialog.save_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert dialog.copy_button.isEnabled()
    assert dialog.variables_label.text() == "language, name, remember, style"
    assert not dialog.sampling.isVisible()  # not a persona
    click_template(qtbot, dialog, "persona/programmer")
    assert dialog.sampling.isVisible()
    assert dialog.sampling.values() == {"temperature": 0.2, "top_p": 0.9}
    assert not dialog.sampling.boxes["temperature"].isEnabled()
    assert dialog.variables_label.text() == "none"


def test_copy_to_edit_then_save_leaves_the_shipped_file_alone(qtbot, dialog: PromptLibraryDialog) -> None:
    shipped = shipped_dir() / "persona" / "writer.en.toml"
    original = shipped.read_bytes()
    click_template(qtbot, dialog, "persona/writer")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    current = dialog._current
    assert current is not None and not current.read_only and current.id == "persona/writer"
    assert not dialog.system_edit.isReadOnly() and dialog.save_button.isEnabled()
    assert (
        "replaces the shipped one"
        in dialog.model.itemFromIndex(
            dialog.proxy.mapToSource(dialog.tree.currentIndex().siblingAtColumn(1))
        ).text()
    )

    dialog.title_edit.setText("My writing coach")
    dialog.system_edit.setPlainText("You coach {{ '' }}writers. Be blunt.")
    dialog.sampling.boxes["max_tokens"].setChecked(True)
    dialog.sampling.spins["max_tokens"].setValue(300)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.error_label.isVisible()
    assert shipped.read_bytes() == original
    saved = chat.persona("writer")
    assert saved is not None and not saved.read_only and saved.title == "My writing coach"
    assert saved.system_prompt() == "You coach writers. Be blunt."
    assert dict(saved.sampling) == {"temperature": 0.8, "max_tokens": 300}


def test_a_jinja_error_is_shown_and_nothing_is_saved(qtbot, dialog: PromptLibraryDialog) -> None:
    click_template(qtbot, dialog, "persona/teacher")
    dialog.copy_to_edit()
    user_file = PromptLibrary().user_path("persona/teacher", "en")
    before = user_file.read_bytes()
    broken = "Explain step by step.\n{% if kids %}Use small words."
    dialog.system_edit.setPlainText(broken)
    assert dialog.error_label.isVisible()  # said while typing already
    assert "has an error on line 2" in dialog.error_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible() and "line 2" in dialog.error_label.text()
    assert user_file.read_bytes() == before
    assert dialog.system_edit.toPlainText() == broken  # the user's text is kept to fix
    dialog.system_edit.setPlainText("Explain step by step.{% if false %} never{% endif %}")
    assert not dialog.error_label.isVisible()
    assert dialog.save_current()
    assert PromptLibrary().get("persona/teacher").render().system == "Explain step by step."


def test_delete_asks_first_and_brings_the_shipped_one_back(
    qtbot, dialog: PromptLibraryDialog, monkeypatch
) -> None:
    click_template(qtbot, dialog, "persona/assistant")
    dialog.copy_to_edit()
    user_file = PromptLibrary().user_path("persona/assistant", "en")
    assert user_file.is_file()
    asked: list[str] = []
    monkeypatch.setattr(dialog, "_confirm", lambda title, text: asked.append(text) or False)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert asked and "shipped one will be used again" in asked[0] and user_file.is_file()
    monkeypatch.setattr(dialog, "_confirm", lambda title, text: True)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert not user_file.exists()
    assert dialog._current is not None and dialog._current.read_only  # the shipped one, selected again
    assert dialog.title_edit.text() == "Helpful assistant"


def test_new_persona_is_editable_saved_and_offered_to_chats(
    qtbot, dialog: PromptLibraryDialog, monkeypatch
) -> None:
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    current = dialog._current
    assert current is not None and current.id == "persona/custom-1" and not current.read_only
    assert dialog.title_edit.text() == "New persona" and dialog.title_edit.selectedText() == "New persona"
    dialog.title_edit.setText("Pirate")
    dialog.system_edit.setPlainText("Talk like a pirate.")
    dialog.sampling.boxes["temperature"].setChecked(True)
    dialog.sampling.spins["temperature"].setValue(1.2)
    assert dialog.sampling.spins["temperature"].isEnabled()
    # switching away with unsaved changes asks first; "no" keeps the edit on screen
    monkeypatch.setattr(dialog, "_confirm", lambda title, text: False)
    click_target = "persona/programmer"
    dialog.select(click_target)
    assert dialog._current.id == "persona/custom-1" and dialog.title_edit.text() == "Pirate"
    assert dialog.tree.currentIndex().data(ID_ROLE) == "persona/custom-1"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    pirate = chat.persona("custom-1")
    assert pirate is not None and pirate.title == "Pirate" and dict(pirate.sampling) == {"temperature": 1.2}
    assert "Pirate" in [p.title for p in chat.personas()]
    dialog.select(click_target)  # saved: no question
    assert dialog._current.id == click_target
    monkeypatch.setattr(dialog, "_confirm", lambda title, text: True)
    dialog.select("persona/custom-1")
    dialog.delete_current()
    assert chat.persona("custom-1") is None
    assert "persona/custom-1" not in dialog.visible_ids()


def test_the_window_opens_one_library_at_a_time(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    first = open_prompt_library(window)
    assert first.isVisible() and open_prompt_library(window) is first
    with qtbot.waitSignal(first.destroyed, timeout=2000):
        first.close()  # deleted on close
    second = open_prompt_library(window)
    assert second.isVisible()
    second.close()
