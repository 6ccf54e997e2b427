"""Per-model settings editor: context size, KV cache, GPU layers, threads, chat template, sampling."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core.settings import ModelSettings, SamplingSettings
from desk_assistant.library.local_models import InstalledModel, parse_gpu_layers
from desk_assistant.library.memory import kv_cache_bytes
from desk_assistant.ui import locale_format
from desk_assistant.ui.widgets.sampling_form import SamplingForm

# Names the inference layer knows (inference/templates.py BUILTIN_TEMPLATES); "" = from the GGUF.
TEMPLATE_NAMES = ("chatml", "gemma", "llama-3", "llama-2", "mistral-instruct", "phi-3")


class ModelSettingsDialog(QDialog):
    """Edits a copy of ``ModelSettings``; ``result_settings()`` returns it after Accept."""

    def __init__(self, model: InstalledModel, settings: ModelSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = QCoreApplication.translate("library", model.display_name)
        self.setWindowTitle(self.tr("Settings for %1").replace("%1", name))
        header = model.header
        max_ctx = header.context_length if header and header.context_length else 131072
        layers = header.block_count if header and header.block_count else 200

        self.context = QSpinBox()
        self.context.setRange(256, max(256, max_ctx))
        self.context.setSingleStep(1024)
        self.context.setValue(min(settings.context_size, self.context.maximum()))
        self.context.setSuffix(self.tr(" tokens"))
        self._header = header

        # The KV cache grows with the context: f16, or q8_0 at about half the memory (needs flash attention)
        self.kv_type = QComboBox()
        self.kv_type.addItem(self.tr("Full precision (f16)"), "f16")
        self.kv_type.addItem(self.tr("Half the memory (q8_0)"), "q8_0")
        self.kv_type.setCurrentIndex(max(0, self.kv_type.findData(settings.kv_cache_type)))
        self.flash_attention = QCheckBox(self.tr("Flash attention"))
        self.flash_attention.setChecked(settings.flash_attention)
        self.kv_size = QLabel()
        self.kv_size.setObjectName("kvSize")
        kv_row = QHBoxLayout()
        kv_row.addWidget(self.kv_type, 1)
        kv_row.addWidget(self.flash_attention)
        self.context.valueChanged.connect(self._update_kv_size)
        self.kv_type.currentIndexChanged.connect(self._update_enabled)

        self.gpu_mode = QComboBox()
        self.gpu_mode.addItem(self.tr("Automatic"), "auto")
        self.gpu_mode.addItem(self.tr("CPU only"), "cpu")
        self.gpu_mode.addItem(self.tr("Number of layers"), "number")
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setRange(0, layers + 1)
        gpu = parse_gpu_layers(settings.gpu_layers)
        self.gpu_mode.setCurrentIndex(self.gpu_mode.findData("number" if isinstance(gpu, int) else gpu))
        self.gpu_layers.setValue(gpu if isinstance(gpu, int) else layers + 1)
        self.gpu_mode.currentIndexChanged.connect(self._update_enabled)
        gpu_row = QHBoxLayout()
        gpu_row.addWidget(self.gpu_mode, 1)
        gpu_row.addWidget(self.gpu_layers)

        self.threads = QSpinBox()
        self.threads.setRange(0, 256)
        self.threads.setSpecialValueText(self.tr("Automatic"))
        self.threads.setValue(settings.threads or 0)

        self.template = QComboBox()
        self.template.setEditable(False)
        default_label = (
            self.tr("From the model file")
            if header and header.has_chat_template
            else self.tr("By architecture")
        )
        self.template.addItem(default_label, "")
        for name in TEMPLATE_NAMES:
            self.template.addItem(name, name)
        index = self.template.findData(settings.chat_template or "")
        if index < 0:  # a custom Jinja template from the settings file: keep it selectable
            self.template.addItem(self.tr("Custom template"), settings.chat_template)
            index = self.template.count() - 1
        self.template.setCurrentIndex(index)

        sampling = settings.sampling or SamplingSettings()
        self.sampling_form = SamplingForm(self.tr("Default sampling"), sampling)

        form = QFormLayout()
        form.addRow(self.tr("Context size"), self.context)
        form.addRow(self.tr("KV cache"), kv_row)
        form.addRow("", self.kv_size)
        form.addRow(self.tr("GPU layers"), gpu_row)
        form.addRow(self.tr("CPU threads"), self.threads)
        form.addRow(self.tr("Chat template"), self.template)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.sampling_form)
        layout.addWidget(buttons)
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.gpu_layers.setEnabled(self.gpu_mode.currentData() == "number")
        quantized = self.kv_type.currentData() == "q8_0"
        if quantized:  # llama.cpp needs flash attention for a quantized V cache
            self.flash_attention.setChecked(True)
        self.flash_attention.setEnabled(not quantized)
        self._update_kv_size()

    def _update_kv_size(self) -> None:
        size = (
            kv_cache_bytes(self._header, self.context.value(), self.kv_type.currentData())
            if self._header
            else 0
        )
        self.kv_size.setText(
            self.tr("The KV cache takes %1 at this context size.").replace(
                "%1", locale_format.data_size(size)
            )
            if size
            else self.tr("The model file does not say how large its KV cache is.")
        )

    def result_settings(self) -> ModelSettings:
        mode = self.gpu_mode.currentData()
        return ModelSettings(
            context_size=self.context.value(),
            gpu_layers=str(self.gpu_layers.value()) if mode == "number" else mode,
            threads=self.threads.value() or None,
            chat_template=self.template.currentData() or None,
            sampling=self.sampling_form.value(),
            flash_attention=self.flash_attention.isChecked(),
            kv_cache_type=self.kv_type.currentData(),
        )
