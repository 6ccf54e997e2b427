"""The model picker: shows the loaded model, CPU/GPU layers and load status; offers other models."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QToolButton, QWidget

from desk_assistant.core import paths
from desk_assistant.inference.types import ModelInfo
from desk_assistant.library.starter import bundled_at, bundled_models
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.locale_format import number, percent


def describe_device(info: ModelInfo) -> str:
    """'CPU' or 'GPU 12/26' (layers offloaded / total)."""
    if info.gpu_layers <= 0:
        return "CPU"
    return f"GPU {min(info.gpu_layers, info.total_layers)}/{info.total_layers}"


class ModelPicker(QToolButton):
    loadRequested = Signal(str)  # a model file path the user picked
    manageRequested = Signal()  # "Manage models…" (the model manager dialog)

    def __init__(self, service: InferenceService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ModelPicker")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._service = service
        self._load_ids: set[int] = set()
        self._state = "none"  # none | preparing | loading | ready | error
        self._menu = QMenu(self)
        self._menu.aboutToShow.connect(self._fill_menu)
        self.setMenu(self._menu)
        service.loadStage.connect(self._on_stage)
        service.loadProgress.connect(self._on_progress)
        service.modelLoaded.connect(self._on_loaded)
        service.modelUnloaded.connect(self._on_unloaded)
        service.failed.connect(self._on_failed)
        self._show_none()
        if service.current_model() is not None:  # a rebuilt window (language change) keeps the model
            self._on_loaded(0, service.current_model())

    def state(self) -> str:
        return self._state

    # ---- status ---------------------------------------------------------------------------------
    def _show_none(self) -> None:
        self._state = "none"
        self.setText(self.tr("No model loaded"))
        self.setToolTip(self.tr("Choose a model to chat with"))

    @Slot(int, str)
    def _on_stage(self, request_id: int, stage: str) -> None:
        self._load_ids.add(request_id)
        self._state = stage
        if stage == "preparing":
            self.setText(self.tr("Preparing the starter model…"))
        else:
            self.setText(self.tr("Loading model…"))

    @Slot(int, float)
    def _on_progress(self, request_id: int, fraction: float) -> None:
        self._load_ids.add(request_id)
        if self._state == "preparing":
            return  # assembling the starter file has no measurable progress
        self._state = "loading"
        self.setText(self.tr("Loading model… %1").replace("%1", percent(fraction)))

    @Slot(int, object)
    def _on_loaded(self, request_id: int, info: ModelInfo) -> None:
        self._load_ids.discard(request_id)
        self._state = "ready"
        bundled = bundled_at(info.path)
        self.setText(f"{bundled.name if bundled else info.name} · {describe_device(info)}")
        lines = [
            self.tr("%1\nReady · context %2 tokens · %3 · %4")
            .replace("%1", info.path)
            .replace("%2", number(info.context_size))
            .replace("%3", info.quantization)
            .replace("%4", describe_device(info))
        ]
        if info.gpu_names:
            lines.append(self.tr("On the GPU: %1").replace("%1", info.gpu_names))
        if info.planned_gpu_layers > info.gpu_layers:  # the plan's load failed: fewer layers, or the CPU
            if info.gpu_layers > 0:
                fallback = self.tr("GPU load failed with %1 layers; running %2 on the GPU")
            else:
                fallback = self.tr("GPU load failed with %1 layers; running on the CPU")
            lines.append(
                fallback.replace("%1", number(info.planned_gpu_layers)).replace("%2", number(info.gpu_layers))
            )
        self.setToolTip("\n".join(lines))

    @Slot()
    def _on_unloaded(self) -> None:
        if self._state == "ready":
            self._show_none()

    @Slot(int, str)
    def _on_failed(self, request_id: int, message: str) -> None:
        if request_id not in self._load_ids:
            return
        self._load_ids.discard(request_id)
        self._state = "error"
        self.setText(self.tr("Model error"))
        self.setToolTip(message)

    # ---- menu -----------------------------------------------------------------------------------
    def local_models(self) -> list[tuple[Path, str]]:
        """(path, name) of the bundled models, then the files in the models folder."""
        found: dict[Path, str] = {
            m.path(): QCoreApplication.translate("library", m.display_name) for m in bundled_models()
        }
        try:
            for path in sorted(paths.models_dir().glob("*.gguf")):
                found.setdefault(path, path.stem)
        except OSError:
            pass
        return list(found.items())

    def _fill_menu(self) -> None:
        self._menu.clear()
        current = self._service.current_model()
        models = self.local_models()
        if models:
            header = self._menu.addAction(self.tr("Models on this computer"))
            header.setEnabled(False)
        for path, name in models:
            action = QAction(name, self._menu)
            action.setCheckable(True)
            action.setChecked(bool(current and Path(current.path) == path))
            action.triggered.connect(lambda _=False, p=str(path): self.loadRequested.emit(p))
            self._menu.addAction(action)
        if models:
            self._menu.addSeparator()
        self._menu.addAction(self.tr("Open a model file…"), self._open_file)
        self._menu.addAction(self.tr("Manage models…"), self.manageRequested.emit)

    def _open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a model file"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.loadRequested.emit(path)
