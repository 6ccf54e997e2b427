"""The model manager: installed models and the catalog, downloads, imports, default, per-model settings.

It is handed a ``LocalModels`` (which also reads and writes the settings) and, for tests, a factory of
``Downloader`` objects pointed at a fake hub; never the main window. ``modelChosen(path)`` asks the
caller to load a model. Downloads and imports run in ``ModelJob`` threads that the dialog keeps;
closing the dialog never waits for them: downloads pause (their partial files stay, so they resume
later), imports are cancelled (their partial copy is deleted), and each thread ends on its own
(``model_jobs.let_finish``). While the app works offline, downloads are off and the dialog says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core import network
from desk_assistant.core.errors import DeskAssistantError, OfflineError
from desk_assistant.inference import gpu
from desk_assistant.library.catalog import CatalogEntry, fits_in_ram, load_catalog, recommend, total_ram_bytes
from desk_assistant.library.local_models import (
    ImportCancelled,
    InstalledModel,
    LocalModels,
    parse_gpu_layers,
)
from desk_assistant.library.memory import kv_cache_bytes, ram_needed_bytes
from desk_assistant.library.partials import discard_partial, partial_bytes
from desk_assistant.tasks.languages import language
from desk_assistant.ui.dialogs.model_jobs import ModelJob, let_finish, still_finishing
from desk_assistant.ui.dialogs.model_settings import ModelSettingsDialog
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.locale_format import data_size, duration, list_text, number, percent

if TYPE_CHECKING:  # download.py pulls in huggingface_hub (~0.3 s): loaded when a download starts
    from desk_assistant.library.download import Downloader, DownloadProgress, DownloadResult

log = logging.getLogger(__name__)

OK_COLOR = QColor("#2e7d32")
BAD_COLOR = QColor("#c62828")
ID_ROLE = Qt.ItemDataRole.UserRole


def first_run_recommendation(total_ram: int | None = None) -> CatalogEntry | None:
    """The catalog model the welcome screen suggests for this machine's memory (None if none fits)."""
    best = recommend(total_ram)
    return best[0] if best else None


class _GpuInfo:
    """GPU facts for the plan column: offload support and free device memory (None: unknown)."""

    def __init__(self) -> None:
        self.supported = gpu.supports_gpu_offload()
        self.free_vram: int | None = gpu.free_vram_bytes() if self.supported else None

    def plan_text(self, model: InstalledModel, context_size: int, gpu_layers: str) -> str:
        header = model.header
        if header is None:
            return ""
        setting = parse_gpu_layers(gpu_layers)
        if setting == "cpu" or not self.supported:
            return QCoreApplication.translate("ModelManager", "CPU")
        if isinstance(setting, int):
            return QCoreApplication.translate("ModelManager", "GPU {n} layers").format(n=number(setting))
        if self.free_vram is None:
            return QCoreApplication.translate("ModelManager", "GPU memory unknown")
        layers = header.block_count or 0
        plan = gpu.plan_offload(
            header.size_bytes, layers, kv_cache_bytes(header, 1), context_size, self.free_vram
        )
        return QCoreApplication.translate("ModelManager", "GPU {n}/{total} layers").format(
            n=number(min(plan.gpu_layers, layers)), total=number(layers)
        )


class ModelManagerDialog(QDialog):
    modelChosen = Signal(str)

    def __init__(
        self,
        library: LocalModels,
        *,
        downloader_factory: Callable[[], Downloader] | None = None,
        catalog: list[CatalogEntry] | None = None,
        total_ram: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Models"))
        self.setAcceptDrops(True)
        self.resize(1120, 620)
        self._library = library
        self._new_downloader = downloader_factory or self._default_downloader
        self._catalog = catalog if catalog is not None else load_catalog()
        self._total_ram = total_ram if total_ram is not None else total_ram_bytes()
        self._recommended = recommend(self._total_ram, entries=self._catalog)
        self._jobs: dict[str, ModelJob] = {}
        self._download_text: dict[str, str] = {}  # catalog id -> last status line
        self._bars: dict[str, QProgressBar] = {}
        self._gpu: _GpuInfo | None = None
        self._installed: list[InstalledModel] = []

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search models"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search models"))
        self.use_filter = QComboBox()
        self.use_filter.setAccessibleName(self.tr("Use"))
        self.use_filter.addItem(self.tr("All uses"), "")
        self.use_filter.addItem(self.tr("Chat"), "chat")
        self.use_filter.addItem(self.tr("Translate"), "translate")
        self.use_filter.addItem(self.tr("Write"), "write")
        self.fits_only = QCheckBox(self.tr("Only what fits this computer"))
        self.machine_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.use_filter)
        top.addWidget(self.fits_only)
        top.addStretch(1)
        top.addWidget(self.machine_label)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_installed_tab(), self.tr("Installed"))
        self.tabs.addTab(self._build_catalog_tab(), self.tr("Catalog"))

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)

        self.search.textChanged.connect(self._apply_filters)
        self.use_filter.currentIndexChanged.connect(self._apply_filters)
        self.fits_only.toggled.connect(self._apply_filters)
        self.refresh()

    def _default_downloader(self) -> Downloader:
        from desk_assistant.library.download import Downloader

        return Downloader(self._library.models_dir)

    # ---- building ----------------------------------------------------------------------------------

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.setTabKeyNavigation(False)  # arrows move between rows; Tab leaves the table
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return table

    def _build_installed_tab(self) -> QWidget:
        self.installed_table = self._table(
            [
                self.tr("Name"),
                self.tr("Architecture"),
                self.tr("Parameters"),
                self.tr("Quantization"),
                self.tr("Context"),
                self.tr("Template"),
                self.tr("Size"),
                self.tr("RAM"),
                self.tr("GPU"),
            ]
        )
        self.installed_table.setAccessibleName(self.tr("Installed models"))
        self.installed_table.itemSelectionChanged.connect(self._update_installed_buttons)
        self.installed_table.itemDoubleClicked.connect(lambda _item: self._load_selected())
        self.installed_details = QLabel()
        self.installed_details.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Add a .gguf file from this computer (or drop it here)"))
        self.settings_button = QPushButton(self.tr("Settings…"))
        self.default_button = QPushButton(self.tr("Set as default"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.setDefault(True)
        self.import_button.clicked.connect(self._choose_files)
        self.settings_button.clicked.connect(self._edit_settings)
        self.default_button.clicked.connect(self._set_default)
        self.delete_button.clicked.connect(self._delete_selected)
        self.load_button.clicked.connect(self._load_selected)
        buttons = QHBoxLayout()
        for button in (self.import_button, self.settings_button, self.default_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.load_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.installed_table, 1)
        layout.addWidget(self.installed_details)
        layout.addLayout(buttons)
        return page

    def _build_catalog_tab(self) -> QWidget:
        self.recommend_label = QLabel()
        self.recommend_label.setWordWrap(True)
        self.catalog_table = self._table(
            [
                self.tr("Name"),
                self.tr("Parameters"),
                self.tr("Good for"),
                self.tr("Download"),
                self.tr("RAM needed"),
                self.tr("Fits"),
                self.tr("License"),
                self.tr("Status"),
            ]
        )
        # Names in full; the status column (progress bar while downloading) takes the rest.
        catalog_header = self.catalog_table.horizontalHeader()
        catalog_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        catalog_header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        catalog_header.setMinimumSectionSize(60)
        self.catalog_table.setAccessibleName(self.tr("Model catalog"))
        self.catalog_table.itemSelectionChanged.connect(self._update_catalog_buttons)
        self.catalog_details = QLabel()
        self.catalog_details.setWordWrap(True)
        self.download_status = QLabel()
        self.offline_label = QLabel(
            self.tr(
                "Downloads are off because Desk Assistant is set to work offline "
                "(File → Work offline). Installed models and imports still work."
            )
        )
        self.offline_label.setWordWrap(True)
        self.offline_label.hide()
        self.download_button = QPushButton(self.tr("Download"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.cancel_button = QPushButton(self.tr("Cancel download"))
        self.download_button.clicked.connect(self._download_selected)
        self.pause_button.clicked.connect(self._pause_selected)
        self.cancel_button.clicked.connect(self._cancel_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.download_status, 1)
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.cancel_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.recommend_label)
        layout.addWidget(self.catalog_table, 1)
        layout.addWidget(self.catalog_details)
        layout.addWidget(self.offline_label)
        layout.addLayout(buttons)
        return page

    # ---- filling -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._gpu is None:
            self._gpu = _GpuInfo()
        gpu_text = (
            self.tr("GPU: {free} free").format(free=data_size(self._gpu.free_vram))
            if self._gpu.free_vram is not None
            else (self.tr("GPU: unknown") if self._gpu.supported else self.tr("GPU: none found"))
        )
        self.machine_label.setText(
            self.tr("Memory: {ram} · {gpu}").format(ram=data_size(self._total_ram), gpu=gpu_text)
        )
        self._installed = self._library.list()
        self._fill_installed()
        self._fill_catalog()
        self._apply_filters()

    @staticmethod
    def _item(text: str, key: str | None = None, color: QColor | None = None) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        if key is not None:
            item.setData(ID_ROLE, key)
        if color is not None:
            item.setForeground(color)
        return item

    def _fill_installed(self) -> None:
        selected = self._selected_installed()
        table = self.installed_table
        table.setRowCount(len(self._installed))
        for row, model in enumerate(self._installed):
            # the bundled models' names are translated ("(starter)"); a file's name stays as it is
            shown = QCoreApplication.translate("library", model.display_name)
            name = shown + (self.tr(" (default)") if model.is_default else "")
            table.setItem(row, 0, self._item(name, model.id, BAD_COLOR if model.error else None))
            h = model.header
            settings = self._library.model_settings(model)
            if h is None:  # a broken file, or the starter before it is written out
                cells = ["-"] * 5 if model.error else [self.tr("written on first use"), "", "", "", ""]
                ram_text, ram_ok, gpu_text = "-", None, ""
            else:
                ctx = min(settings.context_size, h.context_length or settings.context_size)
                need = ram_needed_bytes(h, ctx)
                ram_ok = fits_in_ram(need, self._total_ram)
                ram_text = ("✓ " if ram_ok else "✗ ") + data_size(need)
                gpu_text = self._gpu.plan_text(model, ctx, settings.gpu_layers) if self._gpu else ""
                cells = [
                    h.architecture or "?",
                    h.size_label or "?",
                    h.quantization or "?",
                    number(h.context_length) if h.context_length else "?",
                    self.tr("yes") if h.has_chat_template else self.tr("no"),
                ]
            for col, text in enumerate(cells, start=1):
                table.setItem(row, col, self._item(text))
            table.setItem(row, 6, self._item(data_size(model.size_bytes) if model.size_bytes else "-"))
            color = None if ram_ok is None else (OK_COLOR if ram_ok else BAD_COLOR)
            table.setItem(row, 7, self._item(ram_text, color=color))
            table.setItem(row, 8, self._item(gpu_text))
        self._select_row(table, selected)
        self._update_installed_buttons()

    def _fill_catalog(self) -> None:
        selected = self._selected_entry()
        installed = {m.path.name for m in self._installed if m.usable}
        table = self.catalog_table
        table.setRowCount(len(self._catalog))
        best = self._recommended[0].id if self._recommended else None
        for row, entry in enumerate(self._catalog):
            name = entry.name + (self.tr("  ★ recommended") if entry.id == best else "")

            fits = fits_in_ram(entry.ram_bytes, self._total_ram)
            table.setItem(row, 0, self._item(name, entry.id))
            table.setItem(row, 1, self._item(entry.parameters))
            table.setItem(row, 2, self._item(list_text([self._use_name(u) for u in entry.good_for])))
            table.setItem(row, 3, self._item(data_size(entry.size_bytes)))
            table.setItem(row, 4, self._item(data_size(entry.ram_bytes)))
            fit_text = self.tr("✓ fits in RAM") if fits else self.tr("✗ too big")
            table.setItem(row, 5, self._item(fit_text, color=OK_COLOR if fits else BAD_COLOR))
            table.setItem(row, 6, self._item(entry.license))
            table.setItem(row, 7, self._item(self._status_text(entry, entry.files[0] in installed)))
            # A progress bar sits in the status cell while a download runs; the table owns (deletes) it.
            if self._job_for(entry) and entry.id not in self._bars:
                self._attach_bar(row, entry)
            elif not self._job_for(entry) and self._bars.pop(entry.id, None) is not None:
                table.removeCellWidget(row, 7)
        if best:
            entry = self._recommended[0]
            self.recommend_label.setText(
                self.tr("Recommended for this computer ({ram} of memory): {name} — {description}").format(
                    ram=data_size(self._total_ram), name=entry.name, description=self._description(entry)
                )
            )
        else:
            self.recommend_label.setText(self.tr("No catalog model fits this computer's memory."))
        self._select_row(table, selected.id if selected else None)
        self._update_catalog_buttons()

    @staticmethod
    def _description(entry: CatalogEntry) -> str:
        """In the UI language where the catalog has it (the UI language sets the default locale)."""
        chinese = QLocale().language() == QLocale.Language.Chinese
        return entry.description_in("zh_CN" if chinese else "en")

    @staticmethod
    def _language_name(code: str) -> str:
        found = language(code)
        return QCoreApplication.translate("languages", found.name) if found else code

    def _use_name(self, use: str) -> str:
        return {"chat": self.tr("chat"), "translate": self.tr("translate"), "write": self.tr("write")}.get(
            use, use
        )

    def _status_text(self, entry: CatalogEntry, installed: bool) -> str:
        if installed:
            return self.tr("Installed")
        if self._job_for(entry):
            return ""
        partial = partial_bytes(self._library.models_dir, entry)
        if partial:
            return self.tr("Paused at {done}").format(done=data_size(partial))
        return ""

    def _attach_bar(self, row: int, entry: CatalogEntry) -> None:
        bar = QProgressBar()
        bar.setRange(0, 1000)
        bar.setTextVisible(True)
        bar.setFormat(self.tr("starting…"))
        self._bars[entry.id] = bar
        self.catalog_table.setCellWidget(row, 7, bar)

    @staticmethod
    def _select_row(table: QTableWidget, key: str | None) -> None:
        if key is None:
            return
        for row in range(table.rowCount()):
            item = table.item(row, 0)
            if item and item.data(ID_ROLE) == key:
                table.selectRow(row)
                return

    def _apply_filters(self) -> None:
        words = self.search.text().strip().lower()
        use = self.use_filter.currentData()
        fits_only = self.fits_only.isChecked()
        for row, model in enumerate(self._installed):
            h = model.header
            text = " ".join(
                x for x in (model.display_name, model.id, h.architecture if h else "") if x
            ).lower()
            fits = h is None or fits_in_ram(ram_needed_bytes(h, 4096), self._total_ram)
            hidden = (words and not all(w in text for w in words.split())) or (fits_only and not fits)
            self.installed_table.setRowHidden(row, bool(hidden))
        for row, entry in enumerate(self._catalog):
            hidden = (
                (words and not entry.matches(words))
                or (use and use not in entry.good_for)
                or (fits_only and not fits_in_ram(entry.ram_bytes, self._total_ram))
            )
            self.catalog_table.setRowHidden(row, bool(hidden))

    # ---- selection ---------------------------------------------------------------------------------

    def _selected_key(self, table: QTableWidget) -> str | None:
        rows = table.selectionModel().selectedRows()
        if not rows:
            return None
        item = table.item(rows[0].row(), 0)
        return item.data(ID_ROLE) if item else None

    def _selected_installed(self) -> str | None:
        return self._selected_key(self.installed_table)

    def selected_model(self) -> InstalledModel | None:
        key = self._selected_installed()
        return next((m for m in self._installed if m.id == key), None)

    def _selected_entry(self) -> CatalogEntry | None:
        key = self._selected_key(self.catalog_table)
        return next((e for e in self._catalog if e.id == key), None)

    def select_installed(self, model_id: str) -> None:
        self.tabs.setCurrentIndex(0)
        self._select_row(self.installed_table, model_id)

    def select_catalog(self, entry_id: str) -> None:
        self.tabs.setCurrentIndex(1)
        self._select_row(self.catalog_table, entry_id)

    def _update_installed_buttons(self) -> None:
        model = self.selected_model()
        usable = bool(model and model.usable)
        self.load_button.setEnabled(usable)
        self.default_button.setEnabled(usable and not (model and model.is_default))
        self.settings_button.setEnabled(usable)
        self.delete_button.setEnabled(model is not None and model.removable)
        if model is None:
            self.installed_details.setText(self.tr("Drop .gguf files here to import them."))
        elif model.error:
            self.installed_details.setText(model.error)
        else:
            self.installed_details.setText(str(model.path))

    def _update_catalog_buttons(self) -> None:
        entry = self._selected_entry()
        job = self._job_for(entry) if entry else None
        installed = bool(entry) and any(m.path.name == entry.files[0] and m.usable for m in self._installed)
        partial = bool(entry) and not job and partial_bytes(self._library.models_dir, entry) > 0
        offline = network.is_offline()
        self.offline_label.setVisible(offline)
        self.download_button.setEnabled(bool(entry) and not job and not installed and not offline)
        self.download_button.setToolTip(self.offline_label.text() if offline else "")
        self.download_button.setText(self.tr("Resume") if partial else self.tr("Download"))
        self.pause_button.setEnabled(job is not None)
        self.cancel_button.setEnabled(job is not None or partial)
        if entry is None:
            self.catalog_details.setText("")
            self.download_status.setText("")
            return
        self.catalog_details.setText(
            self.tr("{description}  Languages: {languages}. Context: {context} tokens. From {repo}.").format(
                description=self._description(entry),
                languages=list_text([self._language_name(code) for code in entry.languages]),
                context=number(entry.context_length),
                repo=entry.repo,
            )
        )
        self.download_status.setText(self._download_text.get(entry.id, ""))

    def _job_for(self, entry: CatalogEntry | None) -> ModelJob | None:
        return self._jobs.get(f"download:{entry.id}") if entry else None

    # ---- installed actions -------------------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _load_selected(self) -> None:
        model = self.selected_model()
        if model is None or not model.usable:
            return
        try:
            path = self._library.path_for_loading(model)
        except DeskAssistantError as exc:
            self.show_error(readable_error(exc, log))
            return
        self.modelChosen.emit(str(path))

    def _set_default(self) -> None:
        model = self.selected_model()
        if model is None:
            return
        try:
            self._library.set_default(model)
        except DeskAssistantError as exc:
            self.show_error(readable_error(exc, log))
            return
        self.refresh()

    def _delete_selected(self) -> None:
        model = self.selected_model()
        if model is None:
            return
        try:
            self._library.remove(model)
        except DeskAssistantError as exc:
            self.show_error(readable_error(exc, log))
            return
        self.show_error("")
        self.refresh()

    def _edit_settings(self) -> None:
        model = self.selected_model()
        if model is None:
            return
        editor = ModelSettingsDialog(model, self._library.model_settings(model), self)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self.save_settings(model, editor)

    def save_settings(self, model: InstalledModel, editor: ModelSettingsDialog) -> None:
        try:
            self._library.save_model_settings(model, editor.result_settings())
        except (DeskAssistantError, ValueError) as exc:
            self.show_error(readable_error(exc, log))
            return
        self.refresh()

    # ---- import ------------------------------------------------------------------------------------

    def _choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import GGUF models"), "", self.tr("GGUF models (*.gguf);;All files (*)")
        )
        self.import_paths([Path(f) for f in files])

    def import_paths(self, paths: list[Path]) -> None:
        """Import files in a background job each; errors show as one sentence, nothing half-copied."""
        for path in paths:
            key = f"import:{path}"
            if key in self._jobs:
                continue

            if still_finishing(key):
                self.show_error(self._still_stopping_text())
                continue

            def work(progress, cancel, _pause, path: Path = path):
                return self._library.import_file(
                    path, progress=lambda done, total: progress((done, total)), cancel=cancel
                )

            job = ModelJob(key, work, self)
            job.progressed.connect(self._on_import_progress)
            job.succeeded.connect(lambda model, key=key: self._on_import_done(key, model))
            job.failed.connect(lambda exc, key=key: self._on_job_failed(key, exc))
            self._start(job)

    def _on_import_progress(self, value: tuple[int, int]) -> None:
        done, total = value
        self.installed_details.setText(
            self.tr("Copying… {done} of {total}").format(done=data_size(done), total=data_size(total))
        )

    def _on_import_done(self, key: str, model: InstalledModel) -> None:
        self._finish(key)
        self.show_error("")
        self.refresh()
        self.select_installed(model.id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(
            u.isLocalFile() and u.toLocalFile().lower().endswith(".gguf") for u in event.mimeData().urls()
        ):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.import_paths([p for p in paths if p.suffix.lower() == ".gguf"])
        event.acceptProposedAction()

    # ---- downloads ---------------------------------------------------------------------------------

    def _download_selected(self) -> None:
        entry = self._selected_entry()
        if entry is not None:
            self.start_download(entry)

    def start_download(self, entry: CatalogEntry) -> None:
        key = f"download:{entry.id}"
        if key in self._jobs:
            return
        try:
            network.ensure_online()
        except OfflineError as exc:  # the button is disabled offline; this is for any other caller
            self.show_error(readable_error(exc, log))
            self._update_catalog_buttons()
            return
        if still_finishing(key):  # the same download, paused when a dialog closed, is still ending
            self.show_error(self._still_stopping_text())
            return
        downloader = self._new_downloader()

        def work(progress, cancel, pause):
            return downloader.download_entry(entry, progress=progress, cancel=cancel, pause=pause)

        # a stalled connection is woken at once on pause/cancel, so the thread never lingers
        job = ModelJob(key, work, self, on_stop=downloader.interrupt)
        job.progressed.connect(lambda p, entry=entry: self._on_download_progress(entry, p))
        job.succeeded.connect(lambda result, entry=entry: self._on_download_done(entry, result))
        job.failed.connect(lambda exc, key=key: self._on_job_failed(key, exc))
        self._download_text[entry.id] = self.tr("Connecting to Hugging Face…")
        self._start(job)
        self.show_error("")
        self._fill_catalog()

    def _pause_selected(self) -> None:
        job = self._job_for(self._selected_entry())
        if job:
            job.pause()

    def _cancel_selected(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            return
        job = self._job_for(entry)
        if job:
            job.cancel()
        else:  # a paused download: drop its partial file
            discard_partial(self._library.models_dir, entry)
            self._download_text.pop(entry.id, None)
            self._fill_catalog()

    def _on_download_progress(self, entry: CatalogEntry, p: DownloadProgress) -> None:
        if p.verifying:
            text = self.tr("Checking the partial download… {done}").format(done=data_size(p.done))
        else:
            left = self.tr("{time} left").format(time=duration(p.eta_s)) if p.eta_s is not None else ""
            text = self.tr("{done} of {total} · {speed}/s · {left}").format(
                done=data_size(p.done), total=data_size(p.total), speed=data_size(p.speed), left=left
            )
        self._download_text[entry.id] = text
        bar = self._bars.get(entry.id)
        if bar is not None:
            bar.setValue(int(p.fraction * 1000))
            bar.setFormat(percent(p.fraction))
        if self._selected_entry() == entry:
            self.download_status.setText(text)

    def _on_download_done(self, entry: CatalogEntry, result: DownloadResult) -> None:
        from desk_assistant.library.download import DownloadStatus

        self._finish(f"download:{entry.id}")
        messages = {
            DownloadStatus.DONE: self.tr("Installed and verified."),
            DownloadStatus.PAUSED: self.tr("Paused; the downloaded part is kept."),
            DownloadStatus.CANCELLED: self.tr("Cancelled."),
        }
        self._download_text[entry.id] = messages[result.status]
        self.refresh()

    def _still_stopping_text(self) -> str:
        return self.tr("The previous transfer of this model is still stopping; try again in a moment.")

    def _on_job_failed(self, key: str, exc: BaseException) -> None:
        self._finish(key)
        if isinstance(exc, ImportCancelled):  # only when the dialog closed; nothing to say
            return
        text = readable_error(exc, log)
        if key.startswith("download:"):
            self._download_text[key.removeprefix("download:")] = self.tr("Failed.")
        self.show_error(text)
        self.refresh()

    # ---- job bookkeeping ---------------------------------------------------------------------------

    def _start(self, job: ModelJob) -> None:
        self._jobs[job.key] = job
        job.finished.connect(job.deleteLater)
        job.start()

    def _finish(self, key: str) -> None:
        job = self._jobs.pop(key, None)
        if job is not None:
            job.wait()  # the run() has returned (it emitted); let the thread end before it is dropped

    def running_jobs(self) -> list[str]:
        return list(self._jobs)

    def stop_jobs(self) -> None:
        """Pause downloads (partials kept, to resume later) and cancel imports (their partial copy is
        deleted), without waiting: each thread ends on its own, kept alive by ``let_finish``."""
        for job in list(self._jobs.values()):
            if job.key.startswith("import:"):
                job.cancel()
            else:
                job.pause()
            let_finish(job)
        self._jobs.clear()

    def done(self, result: int) -> None:
        self.stop_jobs()
        super().done(result)
