"""The main window: sidebar | (pane switcher + model picker, message bar, panes), status bar, menus.

The window wires parts together; the parts get only what they need (service, store, settings).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk_assistant import LICENSE, __version__
from desk_assistant.core import network, paths
from desk_assistant.core.backends import parse_ref
from desk_assistant.core.settings import Settings
from desk_assistant.inference.types import GenerationStats, ModelInfo
from desk_assistant.tasks.model_setup import load_options_for
from desk_assistant.ui.api_bridge import ApiServerControl
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.locale_format import number
from desk_assistant.ui.panes.work_pane import WorkPane
from desk_assistant.ui.remote_models import offline_sentence
from desk_assistant.ui.widgets.message_bar import MessageBar
from desk_assistant.ui.widgets.model_picker import ModelPicker
from desk_assistant.ui.widgets.pane_switcher import PaneSwitcher
from desk_assistant.ui.widgets.sidebar import Sidebar
from desk_assistant.ui.widgets.status_bar import StatusBar

log = logging.getLogger(__name__)

UNDO_DELETE_MS = 8000
PANE_CHAT, PANE_SUMMARIZE, PANE_TRANSLATE, PANE_DRAFT = range(4)
PANE_OF_KIND = {
    "chat": PANE_CHAT,
    "summarize": PANE_SUMMARIZE,
    "translate": PANE_TRANSLATE,
    "draft": PANE_DRAFT,
}


def window_state_settings() -> QSettings:
    """Geometry and splitter sizes (QSettings is fine for these; typed settings live in Settings)."""
    return QSettings(str(paths.config_dir() / "window-state.ini"), QSettings.Format.IniFormat)


def make_chat_pane(service: InferenceService, store: Any, settings: Settings) -> QWidget:
    """The chat pane. No fallback: a window without its chat must fail loudly, in tests first."""
    from desk_assistant.ui.panes.chat_pane import ChatPane

    return ChatPane(service, store, settings)


class MainWindow(QMainWindow):
    settingsRequested = Signal()  # the app shows the settings dialog (it may rebuild the window)
    manageModelsRequested = Signal()  # the model manager / catalog
    deleteAllDataRequested = Signal()  # confirmed in the dialog: the app stops everything and wipes
    compactFinished = Signal(object)  # (size before, size after) or the exception, from a thread
    _system_report = Signal(str)  # the About box's details, from a thread

    def __init__(
        self,
        service: InferenceService,
        store: Any,
        settings: Settings,
        *,
        save_settings: Callable[[Settings], None] | None = None,
        api_server: ApiServerControl | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``api_server``: the app's (it outlives a rebuilt window); None: the window makes its own."""
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("Desk Assistant"))
        self._service = service
        self._store = store
        self._settings = settings
        self._save_settings = save_settings or (lambda _s: None)
        self._load_ids: set[int] = set()
        self._load_refs: dict[int, str] = {}  # what each load request asked for (a path or a remote ref)
        self.last_stats: GenerationStats | None = None
        self.last_context: tuple[int, int] | None = None

        # ---- parts ----
        self.sidebar = Sidebar(store)
        self.switcher = PaneSwitcher()
        self.model_picker = ModelPicker(service, settings)
        self.message_bar = MessageBar()
        self.status_bar = StatusBar()
        self.setStatusBar(self.status_bar)
        self._owns_api_server = api_server is None
        self.api_server = api_server or ApiServerControl(service, settings, self._save_settings, parent=self)
        self.api_status = QLabel()
        self.api_status.setObjectName("ApiServerStatus")
        self.api_status.setContentsMargins(8, 0, 8, 0)
        self.status_bar.addPermanentWidget(self.api_status)
        self.chat = make_chat_pane(service, store, settings)
        self.panes = QStackedWidget()
        self.panes.addWidget(self.chat)
        for _index in (PANE_SUMMARIZE, PANE_TRANSLATE, PANE_DRAFT):
            self.panes.addWidget(QWidget())  # built when first shown (a faster start; see pane_at)
        self.switcher.add_pane(self.tr("Chat"), self.tr("Chat with the model (Ctrl+1)"))
        self.switcher.add_pane(self.tr("Summarize"), self.tr("Summarize a long text (Ctrl+2)"))
        self.switcher.add_pane(self.tr("Translate"), self.tr("Translate text and files (Ctrl+3)"))
        self.switcher.add_pane(self.tr("Draft"), self.tr("Draft articles, emails and posts (Ctrl+4)"))

        top = QFrame()
        top.setObjectName("TopBar")
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(10, 6, 10, 6)
        top_layout.addWidget(self.switcher)
        top_layout.addStretch(1)
        top_layout.addWidget(self.model_picker)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(top)
        bar_holder = QWidget()
        bar_layout = QVBoxLayout(bar_holder)
        bar_layout.setContentsMargins(10, 6, 10, 0)
        bar_layout.addWidget(self.message_bar)
        right_layout.addWidget(bar_holder)
        right_layout.addWidget(self.panes, 1)
        self._bar_holder = bar_holder
        self.message_bar.dismissed.connect(self._sync_bar_holder)
        self._sync_bar_holder()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("MainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.setCentralWidget(self.splitter)

        self._build_menus()
        self._wire()
        self.resize(1100, 720)
        self.splitter.setSizes([260, 840])
        self.restore_window_state()
        self.sidebar.refresh()
        self.chat.focus_input()  # where typing goes when the window opens
        self._purging: threading.Thread | None = None
        self._compacting: threading.Thread | None = None
        self.keep_window_state = True  # False once all data is deleted: nothing is written again
        self.compactFinished.connect(self._on_compacted)
        self._purge_timer = QTimer(self)
        self._purge_timer.setSingleShot(True)
        self._purge_timer.timeout.connect(self.purge_deleted)
        self._purge_timer.start(0)  # what a closed or crashed run left soft-deleted

    # ---- wiring ---------------------------------------------------------------------------------
    def _wire(self) -> None:
        self.switcher.currentChanged.connect(self.set_pane)
        self.sidebar.newChatRequested.connect(self.new_in_current_pane)
        self.sidebar.conversationActivated.connect(self.open_conversation)
        self.sidebar.conversationDeleted.connect(self._on_deleted)
        self.sidebar.storageFailed.connect(self.show_error)
        self.model_picker.loadRequested.connect(self.load_model)
        self.model_picker.manageRequested.connect(self.manageModelsRequested)
        self.model_picker.backendsRequested.connect(self.open_backends)
        self.chat.conversationChanged.connect(self._on_conversation_changed)
        self.chat.statsChanged.connect(self._on_stats)
        self.chat.contextUsageChanged.connect(self._on_context)
        self.chat.errorRaised.connect(self.show_error)
        self._service.modelLoaded.connect(self._on_model_loaded)
        self._service.failed.connect(self._on_failed)
        self.api_server.stateChanged.connect(self._sync_api_server)
        self.api_server.servingChanged.connect(self._sync_api_server)
        self.api_server.failed.connect(self.show_error)
        self._sync_api_server()

    def _action(self, text: str, shortcut: QKeySequence | str | None, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _build_menus(self) -> None:
        a = self.actions_by_name = {}
        a["new"] = self._action(self.tr("&New chat"), QKeySequence.StandardKey.New, self.new_chat)
        a["search"] = self._action(
            self.tr("&Search conversations"), QKeySequence.StandardKey.Find, self.focus_search
        )
        a["focus"] = self._action(self.tr("&Focus the message box"), "Ctrl+L", self.focus_input)
        a["stop"] = self._action(self.tr("S&top generating"), "Esc", self.stop)
        a["settings"] = self._action(
            self.tr("&Settings…"), QKeySequence.StandardKey.Preferences, self.settingsRequested.emit
        )
        if a["settings"].shortcut().isEmpty():
            a["settings"].setShortcut(QKeySequence("Ctrl+,"))
        a["models"] = self._action(self.tr("&Manage models…"), None, self.manageModelsRequested.emit)
        a["backends"] = self._action(self.tr("&Remote backends…"), None, self.open_backends)
        a["prompts"] = self._action(self.tr("&Prompt library…"), None, self.open_prompt_library)
        a["quit"] = self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        a["about"] = self._action(self.tr("&About Desk Assistant"), None, self.show_about)
        a["offline"] = QAction(self.tr("Work &offline"), self)
        a["offline"].setCheckable(True)
        a["offline"].setChecked(self._settings.offline)
        a["offline"].setToolTip(self.tr("No model downloads and no remote servers while checked"))
        a["offline"].triggered.connect(self.set_offline)
        a["compact"] = self._action(self.tr("&Compact the database"), None, self.compact_database)
        a["api_toggle"] = self._action(self.tr("Start &API server"), None, self.toggle_api_server)
        a["api_dialog"] = self._action(self.tr("API ser&ver…"), None, self.open_api_server)
        a["delete_all"] = self._action(self.tr("&Delete all my data…"), None, self.confirm_delete_all)
        pane_names = (self.tr("&Chat"), self.tr("S&ummarize"), self.tr("T&ranslate"), self.tr("&Draft"))
        pane_actions = [
            self._action(name, f"Ctrl+{index + 1}", lambda i=index: self.show_pane(i))
            for index, name in enumerate(pane_names)
        ]

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        for key in ("new", "search", "focus", "stop"):
            file_menu.addAction(a[key])
        file_menu.addSeparator()
        file_menu.addAction(a["offline"])
        file_menu.addSeparator()
        file_menu.addAction(a["quit"])
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for action in pane_actions:
            view_menu.addAction(action)
        tools = self.menuBar().addMenu(self.tr("&Tools"))
        tools.addAction(a["models"])
        tools.addAction(a["backends"])
        tools.addAction(a["prompts"])
        tools.addAction(a["settings"])
        tools.addSeparator()
        tools.addAction(a["api_toggle"])
        tools.addAction(a["api_dialog"])
        tools.addSeparator()
        tools.addAction(a["compact"])
        tools.addAction(a["delete_all"])
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(a["about"])

    # ---- actions --------------------------------------------------------------------------------
    # ---- the work panes, built on first use ---------------------------------------------------------
    def pane_at(self, index: int) -> QWidget:
        """The pane at ``index``, building a work pane the first time it is needed: their modules and
        widgets (three panes, dozens of combo boxes) would otherwise delay the window's first show."""
        widget = self.panes.widget(index)
        if index == PANE_CHAT or isinstance(widget, WorkPane):
            return widget
        pane = self._build_work_pane(index)
        self.panes.insertWidget(index, pane)
        self.panes.removeWidget(widget)
        widget.deleteLater()
        pane.conversationChanged.connect(self._on_conversation_changed)
        pane.statsChanged.connect(self._on_stats)
        pane.errorRaised.connect(self.show_error)
        pane.sendToChat.connect(self.send_to_chat)
        return pane

    def _build_work_pane(self, index: int) -> WorkPane:
        if index == PANE_SUMMARIZE:
            from desk_assistant.ui.panes.summarize_pane import SummarizePane

            return SummarizePane(self._service, self._store, self._settings)
        if index == PANE_TRANSLATE:
            from desk_assistant.ui.panes.translate_pane import TranslatePane

            return TranslatePane(self._service, self._store, self._settings)
        from desk_assistant.ui.panes.draft_pane import DraftPane

        return DraftPane(self._service, self._store, self._settings)

    @property
    def summarize(self) -> Any:
        return self.pane_at(PANE_SUMMARIZE)

    @property
    def translate(self) -> Any:
        return self.pane_at(PANE_TRANSLATE)

    @property
    def draft(self) -> Any:
        return self.pane_at(PANE_DRAFT)

    def open_prompt_library(self) -> None:
        from desk_assistant.ui.dialogs.prompt_library import open_prompt_library

        open_prompt_library(self)

    # ---- actions --------------------------------------------------------------------------------
    @Slot(int)
    def set_pane(self, index: int) -> None:
        if not 0 <= index < self.panes.count():
            return
        self.pane_at(index)
        self.panes.setCurrentIndex(index)
        self.switcher.set_current_index(index)
        texts = {
            PANE_CHAT: (self.tr("New chat"), self.tr("Start a new conversation (Ctrl+N)")),
            PANE_SUMMARIZE: (self.tr("New summary"), self.tr("Summarize another text")),
            PANE_TRANSLATE: (self.tr("New translation"), self.tr("Translate another text")),
            PANE_DRAFT: (self.tr("New draft"), self.tr("Start another draft")),
        }
        self.sidebar.set_new_button_text(*texts[index])

    def show_pane(self, index: int) -> None:
        """Ctrl+1…4: show a pane with the keyboard in its input, ready to type."""
        self.set_pane(index)
        pane = self.panes.currentWidget()
        if hasattr(pane, "focus_input"):
            pane.focus_input()

    def current_pane(self) -> int:
        return self.panes.currentIndex()

    def work_panes(self) -> list[WorkPane]:
        """The Summarize, Translate and Draft panes built so far."""
        widgets = (self.panes.widget(i) for i in range(self.panes.count()))
        return [w for w in widgets if isinstance(w, WorkPane)]

    def current_conversation_id(self) -> int | None:
        pane = self.panes.currentWidget()
        getter = getattr(pane, "current_conversation_id", None)
        return getter() if getter is not None else None

    def new_in_current_pane(self) -> None:
        """The sidebar's New button: a new chat, summary, translation or draft, as the pane shows."""
        pane = self.panes.currentWidget()
        if isinstance(pane, WorkPane):
            self.sidebar.clear_search()
            pane.new_document()
            self.sidebar.select_conversation(None)
        else:
            self.new_chat()

    @Slot(str)
    def send_to_chat(self, text: str) -> None:
        """Start a new chat with ``text`` in the message box, ready to ask about it."""
        self.new_chat()
        self.chat.prefill(text)

    def new_chat(self) -> None:
        self.set_pane(PANE_CHAT)
        self.sidebar.clear_search()
        self.chat.new_chat()
        self.sidebar.select_conversation(None)
        self.chat.focus_input()

    @Slot(int)
    def open_conversation(self, conversation_id: int) -> None:
        """Show a conversation in the pane of its kind (a summary in Summarize, …)."""
        try:
            kind = self._store.get_conversation(conversation_id).kind
        except Exception as exc:  # gone, or the database failed: the chat pane says so
            log.warning("cannot open conversation %s: %s", conversation_id, exc)
            kind = "chat"
        index = PANE_OF_KIND.get(kind, PANE_CHAT)
        pane = self.pane_at(index)
        self.set_pane(index)
        pane.open_conversation(conversation_id)

    def focus_search(self) -> None:
        self.sidebar.focus_search()

    def focus_input(self) -> None:
        self.set_pane(PANE_CHAT)
        self.chat.focus_input()

    def stop(self) -> None:
        """Esc: stop what is generating (the chat pane's answer, or any request of the service)."""
        self.chat.stop()
        for pane in self.work_panes():
            pane.stop()
        if self._service.is_busy() and not self._load_ids:
            self._service.stop()

    def load_model(self, path: str) -> int:
        """Load a model file in the inference thread; a bundled model is made ready there first
        (SmolLM2 is checked in its package; Gemma 270M is written out once, 253 MB). A ``remote:``
        ref loads a remote backend's model the same way (the engine asks the server, on its thread);
        while working offline it is not tried at all: the message says so (returns 0)."""
        from desk_assistant.library.starter import bundled_at

        if parse_ref(path) is not None and network.is_offline():
            self._remote_unavailable(path, offline_sentence())
            return 0
        bundled = bundled_at(path)
        prepare = (lambda: str(bundled.ensure())) if bundled is not None else None
        request = self._service.load_model(path, load_options_for(self._settings, path), prepare=prepare)
        self._load_ids.add(request)
        self._load_refs[request] = path
        return request

    def _remote_unavailable(self, ref: str, reason: str) -> None:
        """A remote model could not be loaded: the reason, and a way back to a model on this computer."""
        from desk_assistant.library.starter import starter_available

        backend, model = parse_ref(ref) or ("", ref)
        text = (
            self.tr("%1 on %2 is not available. %3 Choose another model with the model button.")
            .replace("%1", model)
            .replace("%2", backend)
            .replace("%3", reason)
        )
        if starter_available():
            self.message_bar.show_message(
                text, "error", action_text=self.tr("Use the starter model"), action=self.load_starter_model
            )
            self._sync_bar_holder()
        else:
            self.show_error(text)

    def open_backends(self) -> QWidget:
        """Tools → Remote backends… (window-modal); the picker asks the servers again afterwards."""
        from desk_assistant.ui.dialogs.backends_dialog import BackendsDialog

        dialog = BackendsDialog(self._settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.model_picker.forget_remote())
        dialog.open()
        self.backends_dialog = dialog
        return dialog

    def load_starter_model(self, key: str | None = None) -> int:
        """Load the offline starter (or the bundled model ``key``)."""
        from desk_assistant.library.starter import STARTER, bundled_model

        model = bundled_model(key) if key else STARTER
        return self.load_model(str(model.path()))

    def show_error(self, text: str) -> None:
        self.message_bar.show_message(text, "error")
        self._sync_bar_holder()

    def show_info(self, text: str, **kwargs: Any) -> None:
        self.message_bar.show_message(text, "info", **kwargs)
        self._sync_bar_holder()

    def about_text(self) -> str:
        """The About box's rich text: name, version, what the app does, its license."""
        name = self.tr("Desk Assistant")
        version = self.tr("Version %1").replace("%1", __version__)
        description = self.tr(
            "Chat, summarize, translate and draft with language models that run offline on this computer."
        )
        license_line = self.tr("Released under the %1 license.").replace("%1", LICENSE)
        return (
            f"<h3>{escape(name)}</h3><p>{escape(version)}</p>"
            f"<p>{escape(description)}</p><p>{escape(license_line)}</p>"
        )

    def show_about(self) -> QMessageBox:
        """Window-modal, so it does not block the event loop; shows the app's icon when it has one."""
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About Desk Assistant"))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(self.about_text())
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        icon = self.windowIcon()
        if not icon.isNull():
            box.setIconPixmap(icon.pixmap(QSize(64, 64), self.devicePixelRatioF()))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # "Show Details…": the `desk-assistant doctor` report (llama.cpp build, devices, folders), made
        # on a thread (it runs ldd and fc-list) and left in English, as it is meant for bug reports
        box.setDetailedText(self.tr("Checking this computer…"))
        self._system_report.connect(box.setDetailedText)
        threading.Thread(target=self._make_system_report, name="about-report", daemon=True).start()
        box.open()
        return box

    def _make_system_report(self) -> None:
        from desk_assistant.cli.doctor import build_report

        try:
            text = build_report().render()
        except Exception as exc:  # a report must never take the About box down
            log.exception("the system report failed")
            text = f"The system report failed: {exc!r}"
        self._system_report.emit(text)

    # ---- service / pane events ------------------------------------------------------------------
    @Slot(int, object)
    def _on_model_loaded(self, request_id: int, info: ModelInfo) -> None:
        if request_id not in self._load_ids:
            return
        self._load_ids.discard(request_id)
        self._on_context(0, info.context_size)
        self._load_refs.pop(request_id, None)
        if self._settings.default_model != info.path:  # a remote model's path is its remote: ref
            self._settings.default_model = info.path
            try:
                self._save_settings(self._settings)
            except Exception as exc:  # a read-only config dir must not break loading
                from desk_assistant.ui.error_text import readable_error

                self.show_error(readable_error(exc, log))

    @Slot(int, str)
    def _on_failed(self, request_id: int, message: str) -> None:
        if request_id in self._load_ids:  # chat failures are shown by the chat pane itself
            self._load_ids.discard(request_id)
            ref = self._load_refs.pop(request_id, None)
            if parse_ref(ref) is not None:
                self._remote_unavailable(ref, message)
            else:
                self.show_error(message)

    @Slot(object)
    def _on_stats(self, stats: GenerationStats) -> None:
        self.last_stats = stats
        self.status_bar.show_stats(stats)
        # an answer ended: its conversation moved to the top of "Today"
        self.sidebar.refresh()
        self.sidebar.select_conversation(self.current_conversation_id())

    @Slot(int, int)
    def _on_context(self, used: int, size: int) -> None:
        self.last_context = (used, size)
        model = self._service.current_model()
        estimated = bool(getattr(model, "token_counts_estimated", False))
        self.status_bar.show_context(used, size, estimated=estimated)

    def take_status_from(self, other: MainWindow) -> None:
        """A rebuilt window (new language) shows the same figures as the one it replaces."""
        if other.last_stats is not None:
            self._on_stats(other.last_stats)
        if other.last_context is not None:
            self._on_context(*other.last_context)

    @Slot(int)
    def _on_conversation_changed(self, conversation_id: int) -> None:
        self.sidebar.refresh()
        self.sidebar.select_conversation(conversation_id)

    @Slot(int, str)
    def _on_deleted(self, conversation_id: int, title: str) -> None:
        if self.chat.current_conversation_id() == conversation_id:
            self.chat.new_chat()
        for pane in self.work_panes():
            if pane.current_conversation_id() == conversation_id:
                pane.open_conversation(None)
        name = title.strip() or self.tr("New conversation")
        self.message_bar.show_message(
            self.tr("Deleted “%1”.").replace("%1", name),
            "info",
            action_text=self.tr("Undo"),
            action=lambda: self._undo_delete(conversation_id),
            timeout_ms=UNDO_DELETE_MS,
        )
        self._purge_timer.start(UNDO_DELETE_MS + 1000)  # once Undo is no longer offered
        self._sync_bar_holder()

    def purge_deleted(self) -> None:
        """Deleted conversations past the undo delay go for good: rows, search index, WAL copies.
        On a thread: merging the search index takes ~1 s on a 100k-message database."""
        if self._purging is not None and self._purging.is_alive():
            return
        store = self._store

        def purge() -> None:
            try:
                purged = store.purge_deleted(older_than_seconds=UNDO_DELETE_MS / 1000)
                if purged:
                    log.info("purged %d deleted conversation(s)", purged)
            except Exception:  # closed meanwhile, or the disk: the next start tries again
                log.warning("purging deleted conversations failed", exc_info=True)

        self._purging = threading.Thread(target=purge, name="purge-deleted")
        self._purging.start()

    def wait_for_purge(self, timeout: float = 10.0) -> None:
        """Let a purge or a compaction on its thread finish its write (at close, before the store goes)."""
        for thread in (self._purging, self._compacting):
            if thread is not None:
                thread.join(timeout)

    # ---- privacy: offline, compact, delete everything ---------------------------------------------
    @Slot(bool)
    def set_offline(self, offline: bool) -> None:
        """File → Work offline: applied at once (downloads and remote servers refuse), and saved."""
        self._settings.offline = offline
        network.apply_settings(self._settings)
        self.actions_by_name["offline"].setChecked(offline)
        self.show_info(
            self.tr("Working offline: no model downloads and no remote servers until you turn this off.")
            if offline
            else self.tr("Working online: model downloads and remote servers are allowed again.")
        )
        self._save_settings(self._settings)  # after: a failure to save replaces the note above

    def compact_database(self) -> None:
        """Tools → Compact the database: VACUUM on a thread (seconds on a big file), never the UI's."""
        if self._compacting is not None and self._compacting.is_alive():
            return
        store, done, purging = self._store, self.compactFinished, self._purging

        def compact() -> None:
            if purging is not None:  # a purge first frees the pages the compaction gives back
                purging.join()
            try:
                done.emit(store.compact())
            except Exception as exc:  # the disk, or the store closed meanwhile: shown as one sentence
                done.emit(exc)

        self.show_info(self.tr("Compacting the conversation database…"))
        self._compacting = threading.Thread(target=compact, name="compact-database")
        self._compacting.start()

    @Slot(object)
    def _on_compacted(self, outcome: object) -> None:
        if isinstance(outcome, BaseException):
            from desk_assistant.ui.error_text import readable_error

            self.show_error(readable_error(outcome, log))
            return
        from desk_assistant.ui.locale_format import data_size

        before, after = outcome  # type: ignore[misc]
        self.show_info(
            self.tr("The conversation database was compacted: %1 before, %2 now.")
            .replace("%1", data_size(before))
            .replace("%2", data_size(after))
        )

    def confirm_delete_all(self) -> QWidget:
        """Tools → Delete all my data…: the confirmation (window-modal); accepted, the app wipes."""
        from desk_assistant.core import wipe
        from desk_assistant.ui.dialogs.delete_data import DeleteAllDataDialog

        dialog = DeleteAllDataDialog(wipe.what_goes(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.deleteAllDataRequested.emit)
        dialog.open()
        self.delete_dialog = dialog
        return dialog

    def _undo_delete(self, conversation_id: int) -> None:
        self.sidebar.restore_conversation(conversation_id)
        self.sidebar.select_conversation(conversation_id)

    def _sync_bar_holder(self) -> None:
        self._bar_holder.setVisible(not self.message_bar.isHidden())

    # ---- window state -----------------------------------------------------------------------------
    def restore_window_state(self) -> None:
        state = window_state_settings()
        geometry = state.value("main/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        splitter = state.value("main/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def save_window_state(self) -> None:
        state = window_state_settings()
        state.setValue("main/geometry", self.saveGeometry())
        state.setValue("main/splitter", self.splitter.saveState())
        state.sync()

    # ---- the API server ---------------------------------------------------------------------------
    def toggle_api_server(self) -> None:
        """Tools → Start / Stop API server: started, the dialog shows its URL and key."""
        if self.api_server.is_running():
            self.api_server.stop()
        else:
            self.api_server.start()
            self.open_api_server()

    def open_api_server(self) -> Any:
        from desk_assistant.ui.dialogs.api_server_dialog import ApiServerDialog

        dialog = ApiServerDialog(self.api_server, self._settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # window-modal: the event loop keeps running
        return dialog

    def _sync_api_server(self, *_args: object) -> None:
        phase = self.api_server.phase()
        action = self.actions_by_name["api_toggle"]
        action.setText(self.tr("Stop &API server") if phase == "running" else self.tr("Start &API server"))
        action.setEnabled(phase in ("running", "stopped"))
        if phase != "running":
            self.api_status.setText(self.tr("API server starting…") if phase == "starting" else "")
            self.api_status.setVisible(phase == "starting")
            return
        serving = self.api_server.serving()
        if serving == 0:
            text = self.tr("API server on")
        elif serving == 1:
            text = self.tr("API server · serving: 1 request")
        else:
            text = self.tr("API server · serving: %1 requests").replace("%1", number(serving))
        if self.api_server.reachable_from_other_machines():
            text = self.tr("%1 (reachable from other computers)").replace("%1", text)
        self.api_status.setText(text)
        self.api_status.setToolTip(self.api_server.url())
        self.api_status.setVisible(True)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._owns_api_server:
            self.api_server.shutdown()
        self._purge_timer.stop()
        self.wait_for_purge()  # the store closes after the window: let a purge finish its write
        for pane in self.work_panes():
            pane.stop_timers()
        if self.keep_window_state:
            self.save_window_state()
        self.message_bar.dismiss()
        super().closeEvent(event)
