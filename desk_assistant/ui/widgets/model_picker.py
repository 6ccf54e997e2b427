"""The model picker: shows the loaded model, CPU/GPU layers (or its server) and load status; offers
the models on this computer and, below them, each remote backend's models.

A backend's models are asked for on a thread when the menu opens (at most once a minute, or on
"Refresh") and kept; rows arrive in the open menu as answers come. A backend that does not answer is
one disabled "NAME: not reachable" row with the reason as its tooltip; while working offline nothing
is asked and each backend is one disabled "NAME: offline" row. Choosing a remote model emits
``loadRequested`` with its ``remote:`` ref, which the window loads like a file.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QStyle, QToolButton, QWidget

from desk_assistant.core import backends, network, paths, secrets
from desk_assistant.core.settings import Settings
from desk_assistant.inference.types import ModelInfo
from desk_assistant.library.starter import bundled_at, bundled_models
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.locale_format import number, percent
from desk_assistant.ui.remote_models import BackendModels, Lister, ModelLister, offline_sentence

REMOTE_MAX_AGE_S = 60.0  # a backend's model list is asked again when the menu opens after this
INLINE_MODELS = 12  # a backend with more models shows them in a submenu


def remote_ref(info: ModelInfo) -> tuple[str, str] | None:
    """(backend, model id) of a model loaded from a remote backend, else None."""
    return backends.parse_ref(info.path)


def describe_device(info: ModelInfo) -> str:
    """'CPU', 'GPU 12/26' (layers offloaded / total), or the backend's name for a remote model."""
    remote = remote_ref(info)
    if remote is not None:
        return remote[0]
    if info.gpu_layers <= 0:
        return "CPU"
    return f"GPU {min(info.gpu_layers, info.total_layers)}/{info.total_layers}"


def _connection(name: str, base_url: str) -> backends.Connection:
    """A backend's connection, its key read from the keyring (on the lister's thread: it may be slow)."""
    return backends.Connection(name, base_url, secrets.get_secret(backends.key_name(name)))


class ModelPicker(QToolButton):
    loadRequested = Signal(str)  # a model file path the user picked
    manageRequested = Signal()  # "Manage models…" (the model manager dialog)
    backendsRequested = Signal()  # "Remote backends…" (the backends dialog)

    def __init__(
        self,
        service: InferenceService,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        *,
        lister: Lister | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ModelPicker")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._service = service
        self._settings = settings
        self._load_ids: set[int] = set()
        self._state = "none"  # none | preparing | loading | connecting | ready | error
        self._remote: dict[str, BackendModels] = {}  # per backend name, as last asked
        self._lister = ModelLister(self, lister)
        self._lister.listed.connect(self._on_listed)
        self._menu = QMenu(self)
        self._menu.setToolTipsVisible(True)  # why a backend is not reachable
        self._menu.aboutToShow.connect(self._on_menu_about_to_show)
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
        elif stage == "connecting":
            self.setText(self.tr("Connecting to the server…"))
        else:
            self.setText(self.tr("Loading model…"))

    @Slot(int, float)
    def _on_progress(self, request_id: int, fraction: float) -> None:
        self._load_ids.add(request_id)
        if self._state in ("preparing", "connecting"):
            return  # assembling the starter file, or asking a server, has no measurable progress
        self._state = "loading"
        self.setText(self.tr("Loading model… %1").replace("%1", percent(fraction)))

    @Slot(int, object)
    def _on_loaded(self, request_id: int, info: ModelInfo) -> None:
        self._load_ids.discard(request_id)
        self._state = "ready"
        remote = remote_ref(info)
        if remote is not None:
            self._show_remote(*remote, info)
            return
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

    def _show_remote(self, backend: str, model: str, info: ModelInfo) -> None:
        """A remote model: its name and the backend's instead of CPU/GPU; the server in the tooltip."""
        self.setText(f"{model} · {backend}")
        known = backends.find_backend(self._settings, backend) if self._settings is not None else None
        lines = [
            self.tr("%1 on the server %2 (%3)")
            .replace("%1", model)
            .replace("%2", backend)
            .replace("%3", known.base_url if known else "?"),
            self.tr("Ready · context %1 tokens").replace("%1", number(info.context_size)),
        ]
        if getattr(info, "token_counts_estimated", False):
            lines.append(self.tr("Token counts are estimates (≈): the server does not count them for us."))
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

    def _on_menu_about_to_show(self) -> None:
        self.refresh_remote(force=False)
        self._fill_menu()

    def _fill_menu(self) -> None:
        for submenu in self._menu.findChildren(QMenu):  # clear() leaves the submenus it made
            submenu.deleteLater()
        self._menu.clear()
        current = self._service.current_model()
        models = self.local_models()
        if models:
            self._header(self.tr("Models on this computer"))
        for path, name in models:
            action = QAction(name, self._menu)
            action.setCheckable(True)
            action.setChecked(bool(current and Path(current.path) == path))
            action.triggered.connect(lambda _=False, p=str(path): self.loadRequested.emit(p))
            self._menu.addAction(action)
        if models:
            self._menu.addSeparator()
        if self.backend_names():
            self._add_remote_rows(current.path if current is not None else None)
            self._menu.addSeparator()
            refresh = self._menu.addAction(self.tr("Ask the servers again"), self._refresh_now)
            refresh.setEnabled(not network.is_offline())
        self._menu.addAction(self.tr("Open a model file…"), self._open_file)
        self._menu.addAction(self.tr("Manage models…"), self.manageRequested.emit)
        self._menu.addAction(self.tr("Remote backends…"), self.backendsRequested.emit)

    # ---- remote backends --------------------------------------------------------------------------
    def backend_names(self) -> list[str]:
        return [b.name for b in self._settings.backends] if self._settings is not None else []

    def remote_models(self, name: str) -> BackendModels | None:
        return self._remote.get(name)

    def refresh_remote(self, force: bool = True) -> None:
        """Ask each backend for its models on a thread (those asked within the last minute only when
        ``force``); nothing is asked while working offline."""
        names = self.backend_names()
        for gone in set(self._remote) - set(names):
            del self._remote[gone]
            self._lister.forget(gone)
        if network.is_offline() or self._settings is None:
            return
        for name in names:
            entry = self._remote.setdefault(name, BackendModels(name))
            if entry.pending or not (force or entry.is_stale(REMOTE_MAX_AGE_S)):
                continue
            entry.pending = True
            url = next(b.base_url for b in self._settings.backends if b.name == name)
            self._lister.start(name, lambda n=name, u=url: _connection(n, u))

    def forget_remote(self) -> None:
        """Backends were added, edited or removed: ask again next time the menu opens."""
        self._lister.forget()
        self._remote.clear()

    def _refresh_now(self) -> None:
        self.refresh_remote(force=True)  # the answers show the next time the menu opens

    @Slot(str, object, object)
    def _on_listed(self, name: str, models: list[str] | None, error: str | None) -> None:
        entry = self._remote.get(name)
        if entry is None:
            return
        entry.pending = False
        entry.fetched_at = time.monotonic()
        if error is not None or models is None:
            entry.error = error or ""
        else:
            entry.models, entry.error = list(models), ""
        if self._menu.isVisible():
            self._fill_menu()

    def _disabled_row(self, text: str, tooltip: str = "", *, warning: bool = False) -> QAction:
        action = self._menu.addAction(text)
        action.setEnabled(False)
        if tooltip:
            action.setToolTip(tooltip)
        if warning:  # not reachable / offline: set apart from the section titles
            action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        return action

    def _header(self, text: str, tooltip: str = "") -> QAction:
        """A section title: bold, not choosable."""
        action = self._disabled_row(text, tooltip)
        font = action.font()
        font.setBold(True)
        action.setFont(font)
        action.setData("header")
        return action

    def _add_remote_rows(self, current_path: str | None) -> None:
        offline = offline_sentence()
        for backend in self._settings.backends if self._settings is not None else []:
            name = backend.name
            entry = self._remote.get(name) or BackendModels(name)
            if offline:
                self._disabled_row(self.tr("%1: offline").replace("%1", name), offline, warning=True)
                continue
            if not entry.models:
                if entry.pending or entry.fetched_at is None:
                    text = self.tr("%1: asking for its models…")
                    self._disabled_row(text.replace("%1", name), backend.base_url)
                elif entry.error:
                    text = self.tr("%1: not reachable").replace("%1", name)
                    self._disabled_row(text, entry.error, warning=True)
                else:
                    self._disabled_row(self.tr("%1: no models").replace("%1", name), backend.base_url)
                continue
            title = self.tr("Models on %1").replace("%1", name)
            target = self._menu
            if len(entry.models) > INLINE_MODELS:  # a big server (Ollama, a gateway): a submenu
                target = self._menu.addMenu(
                    self.tr("%1 (%2 models)").replace("%1", title).replace("%2", number(len(entry.models)))
                )
                target.setToolTipsVisible(True)
                target.menuAction().setToolTip(backend.base_url)
                target.menuAction().setData("submenu")
            else:
                self._header(title, backend.base_url)
            for model in entry.models:
                ref = backends.make_ref(name, model)
                action = QAction(model, target)
                action.setCheckable(True)
                action.setChecked(current_path == ref)
                action.setData(ref)
                action.triggered.connect(lambda _=False, r=ref: self.loadRequested.emit(r))
                target.addAction(action)

    def menu_rows(self) -> list[tuple[str, bool, str]]:
        """(text, enabled, tooltip) of the menu's rows as filled now (for tests and screenshots)."""
        return [
            (a.text(), a.isEnabled(), a.toolTip() if a.toolTip() != a.text().replace("&", "") else "")
            for a in self._menu.actions()
            if not a.isSeparator()
        ]

    def _open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a model file"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.loadRequested.emit(path)
