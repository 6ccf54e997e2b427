"""The per-model settings dialog: the KV cache's precision and flash attention, with the cache's size."""

from __future__ import annotations

from desk_assistant.core.settings import ModelSettings
from desk_assistant.library.gguf_header import read_header
from desk_assistant.library.local_models import InstalledModel
from desk_assistant.ui.dialogs.model_settings import ModelSettingsDialog
from tests.model_fixtures import smollm2_model_path

MB = 1_000_000  # locale_format.data_size: SI units, as the rest of the app


def _dialog(qtbot, settings: ModelSettings) -> ModelSettingsDialog:
    path = smollm2_model_path()
    model = InstalledModel(path=path, header=read_header(path), display_name="SmolLM2")
    dialog = ModelSettingsDialog(model, settings)
    qtbot.addWidget(dialog)
    return dialog


def _size_mb(dialog: ModelSettingsDialog) -> float:
    # "The KV cache takes 90.0 MiB at this context size." (locale_format.data_size)
    number = dialog.kv_size.text().split(" takes ")[1].split()[0]
    return float(number.replace(",", ""))


def test_kv_cache_size_follows_context_and_precision(qtbot) -> None:
    dialog = _dialog(qtbot, ModelSettings(context_size=4096))
    # SmolLM2-135M: 30 layers x 3 KV heads x (64 + 64) values x 2 bytes = 23,040 bytes per token
    assert abs(_size_mb(dialog) - 23040 * 4096 / MB) < 0.06
    dialog.context.setValue(8192)
    assert abs(_size_mb(dialog) - 23040 * 8192 / MB) < 0.06
    dialog.kv_type.setCurrentIndex(dialog.kv_type.findData("q8_0"))
    assert abs(_size_mb(dialog) - 23040 * 8192 * 34 / 64 / MB) < 0.06
    # a quantized cache needs flash attention: on, and not to be turned off while q8_0
    assert dialog.flash_attention.isChecked() and not dialog.flash_attention.isEnabled()
    saved = dialog.result_settings()
    assert saved.kv_cache_type == "q8_0" and saved.flash_attention and saved.context_size == 8192


def test_saving_keeps_the_kv_settings(qtbot) -> None:
    """Before, saving any setting in the dialog reset flash attention and the cache type to f16."""
    dialog = _dialog(qtbot, ModelSettings(flash_attention=True, kv_cache_type="q8_0"))
    assert dialog.kv_type.currentData() == "q8_0"
    dialog.threads.setValue(2)
    saved = dialog.result_settings()
    assert saved.kv_cache_type == "q8_0" and saved.flash_attention and saved.threads == 2
    dialog.kv_type.setCurrentIndex(dialog.kv_type.findData("f16"))
    assert dialog.flash_attention.isEnabled()
    dialog.flash_attention.setChecked(False)
    assert dialog.result_settings() == ModelSettings(threads=2, sampling=saved.sampling)


def test_no_size_when_the_header_lacks_it(qtbot, tmp_path) -> None:
    model = InstalledModel(path=tmp_path / "x.gguf", header=None, display_name="x")
    dialog = ModelSettingsDialog(model, ModelSettings())
    qtbot.addWidget(dialog)
    assert "does not say" in dialog.kv_size.text()
