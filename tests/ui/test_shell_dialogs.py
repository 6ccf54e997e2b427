"""Settings dialog, welcome dialog and the first-run starter model path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desk_assistant.core import paths
from desk_assistant.core.settings import SamplingSettings, Settings
from desk_assistant.library.starter import STARTER_FILE_NAME
from desk_assistant.ui.app import DeskApp
from desk_assistant.ui.dialogs.settings_dialog import SettingsDialog
from desk_assistant.ui.dialogs.welcome import WelcomeDialog
from tests.ui.window_fixtures import write_settings


def test_settings_dialog_round_trip(qtbot) -> None:
    original = Settings(ui_language="en", theme="system", user_profile="old", sampling=SamplingSettings())
    dialog = SettingsDialog(original)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.profile.setPlainText("  I teach maths.  ")
    dialog.sampling_form.temperature.setValue(0.3)
    dialog.sampling_form.top_k.setValue(20)
    dialog.sampling_form.max_tokens.setValue(512)
    dialog.sampling_form.seed.setValue(42)
    result = dialog.result_settings()
    assert (result.ui_language, result.theme, result.user_profile) == ("zh_CN", "dark", "I teach maths.")
    assert result.sampling.temperature == 0.3 and result.sampling.top_k == 20
    assert result.sampling.max_tokens == 512 and result.sampling.seed == 42
    assert original.user_profile == "old" and original.theme == "system"  # the input is not changed
    dialog.sampling_form.seed.setValue(dialog.sampling_form.seed.minimum())  # shown as "random each time"
    assert dialog.result_settings().sampling.seed is None


def test_welcome_catalog_button_asks_for_the_catalog(qtbot) -> None:
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.catalogRequested):
        dialog.catalog_button.click()
    assert not dialog.isVisible()


@pytest.mark.gemma
def test_first_run_loads_the_starter_model_in_the_background(qtbot, gemma_model_path: Path) -> None:
    """No default model: the app prepares the starter (here: already in the models folder) and loads it."""
    target = paths.models_dir() / STARTER_FILE_NAME
    os.symlink(gemma_model_path, target)  # ensure_starter_model() finds it; assembling is the library's test
    write_settings(first_run_done=False)
    desk = DeskApp(QApplication.instance(), show_welcome=True)
    try:
        assert desk.start()
        qtbot.waitExposed(desk.window)
        assert desk.service.current_model() is None  # the window came first
        qtbot.waitUntil(lambda: desk.window.model_picker.state() == "ready", timeout=60000)
        assert desk.service.current_model().architecture == "gemma3"
        assert "Gemma" in desk.window.model_picker.text() or "gemma" in desk.window.model_picker.text()
        welcome = desk.welcome
        assert welcome.isVisible()
        welcome.start_button.click()
        assert desk.settings.first_run_done
    finally:
        desk.shutdown()
        desk.window.close()
        desk.window.deleteLater()
