"""Per-model settings editor: context size, GPU layers, threads, chat template, sampling defaults."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core.settings import ModelSettings, SamplingSettings
from desk_assistant.library.local_models import InstalledModel, parse_gpu_layers

# Names the inference layer knows (inference/templates.py BUILTIN_TEMPLATES); "" = from the GGUF.
TEMPLATE_NAMES = ("chatml", "gemma", "llama-3", "llama-2", "mistral-instruct", "phi-3")


class ModelSettingsDialog(QDialog):
    """Edits a copy of ``ModelSettings``; ``result_settings()`` returns it after Accept."""

    def __init__(self, model: InstalledModel, settings: ModelSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings for %1").replace("%1", model.display_name))
        header = model.header
        max_ctx = header.context_length if header and header.context_length else 131072
        layers = header.block_count if header and header.block_count else 200

        self.context = QSpinBox()
        self.context.setRange(256, max(256, max_ctx))
        self.context.setSingleStep(1024)
        self.context.setValue(min(settings.context_size, self.context.maximum()))
        self.context.setSuffix(self.tr(" tokens"))

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
        self.temperature = self._double(0.0, 2.0, 0.05, sampling.temperature)
        self.top_p = self._double(0.0, 1.0, 0.01, sampling.top_p)
        self.min_p = self._double(0.0, 1.0, 0.01, sampling.min_p)
        self.repeat_penalty = self._double(0.5, 2.0, 0.05, sampling.repeat_penalty)
        self.top_k = QSpinBox()
        self.top_k.setRange(0, 1000)
        self.top_k.setValue(sampling.top_k)
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(16, 32768)
        self.max_tokens.setValue(sampling.max_tokens)
        self._seed = sampling.seed

        form = QFormLayout()
        form.addRow(self.tr("Context size"), self.context)
        form.addRow(self.tr("GPU layers"), gpu_row)
        form.addRow(self.tr("CPU threads"), self.threads)
        form.addRow(self.tr("Chat template"), self.template)
        sampling_box = QGroupBox(self.tr("Default sampling"))
        sampling_form = QFormLayout(sampling_box)
        sampling_form.addRow(self.tr("Temperature"), self.temperature)
        sampling_form.addRow(self.tr("Top-p"), self.top_p)
        sampling_form.addRow(self.tr("Top-k"), self.top_k)
        sampling_form.addRow(self.tr("Min-p"), self.min_p)
        sampling_form.addRow(self.tr("Repeat penalty"), self.repeat_penalty)
        sampling_form.addRow(self.tr("Max new tokens"), self.max_tokens)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(sampling_box)
        layout.addWidget(buttons)
        self._update_enabled()

    @staticmethod
    def _double(low: float, high: float, step: float, value: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(low, high)
        box.setSingleStep(step)
        box.setDecimals(2)
        box.setValue(value)
        return box

    def _update_enabled(self) -> None:
        self.gpu_layers.setEnabled(self.gpu_mode.currentData() == "number")

    def result_settings(self) -> ModelSettings:
        mode = self.gpu_mode.currentData()
        return ModelSettings(
            context_size=self.context.value(),
            gpu_layers=str(self.gpu_layers.value()) if mode == "number" else mode,
            threads=self.threads.value() or None,
            chat_template=self.template.currentData() or None,
            sampling=SamplingSettings(
                temperature=round(self.temperature.value(), 2),
                top_p=round(self.top_p.value(), 2),
                top_k=self.top_k.value(),
                min_p=round(self.min_p.value(), 2),
                repeat_penalty=round(self.repeat_penalty.value(), 2),
                max_tokens=self.max_tokens.value(),
                seed=self._seed,
            ),
        )
