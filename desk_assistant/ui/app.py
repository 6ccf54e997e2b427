"""Application start-up: QApplication, logging, translators, theme, the store, the window, the model.

The window shows first (budget 1.5 s after launch): no model load before it, llama.cpp is imported in
the inference thread, and the default model loads in the background afterwards.

Environment switches for measurements (tests/benchmarks/test_bench_ui_shell.py):
- ``DESK_ASSISTANT_EXIT_AFTER_SHOW=1``: print ``shown-after-launch <seconds>`` once the window is shown,
  then quit without loading a model; seconds since ``DESK_ASSISTANT_LAUNCH_CLOCK`` (the launcher's
  ``time.time()`` just before it started the process) when set.
- ``DESK_ASSISTANT_EXIT_AFTER_MODEL=1``: once the default model is loaded, print
  ``model-loaded rss <bytes> model <bytes>`` and quit.
- ``DESK_ASSISTANT_NO_WELCOME=1``: skip the first-run dialog.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, QtMsgType, QUrl, Slot, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from desk_assistant.core import network, paths
from desk_assistant.core.errors import DatabaseTooNewError, SettingsError, StorageError
from desk_assistant.core.logging_setup import setup_logging
from desk_assistant.core.settings import Settings, load_settings, save_settings
from desk_assistant.ui.background import BackgroundCall
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.i18n import install_translators
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.theme import apply_theme

log = logging.getLogger("desk_assistant.ui.app")
WIPE_WAIT_AT_EXIT_S = 60.0  # quitting while "Delete all my data" runs: half-deleted data is worse
qt_log = logging.getLogger("desk_assistant.qt")

# "fresh": move the database aside and start a new one; "quit": leave everything as it is
DatabaseChoice = Callable[[QWidget | None, str], str]


def _qt_message_handler(mode: QtMsgType, context: Any, message: str) -> None:
    """Qt's own warnings go to our log, not to a console nobody reads."""
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(mode, logging.WARNING)
    where = f" ({context.file}:{context.line})" if getattr(context, "file", None) else ""
    qt_log.log(level, "%s%s", message, where)


def ask_about_database(parent: QWidget | None, message: str) -> str:
    """The database cannot be used: offer a fresh one (the old file is kept aside) or quitting."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QApplication.translate("App", "Conversation database"))
    box.setText(message)
    box.setInformativeText(
        QApplication.translate(
            "App",
            "You can start with a new, empty database; the current file is kept next to it, renamed, "
            "so nothing is lost. Or quit and open it with the newer Desk Assistant.",
        )
    )
    fresh = box.addButton(
        QApplication.translate("App", "Start a new database"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QApplication.translate("App", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return "fresh" if box.clickedButton() is fresh else "quit"


def show_fatal_error(parent: QWidget | None, message: str) -> None:
    """The app cannot start: say why in one sentence (before any window exists)."""
    title = QApplication.translate("App", "Desk Assistant")
    box = QMessageBox(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def folders_problem() -> str | None:
    """A sentence when one of the app's folders cannot be created or used (a file in its place, a
    read-only or full disk), else None: checked at launch, before anything writes there."""
    for folder in (paths.data_dir, paths.config_dir, paths.cache_dir, paths.log_dir):
        try:
            folder()
        except OSError as exc:
            return (
                QApplication.translate(
                    "App",
                    "Desk Assistant cannot use its folder %1 (%2). Check that it can be written, then "
                    "start Desk Assistant again.",
                )
                .replace("%1", str(exc.filename or folder.__name__))
                .replace("%2", exc.strerror or type(exc).__name__)
            )
    return None


def set_database_aside(db_path: Path, reason: str) -> Path:
    """Rename the database (and its -wal/-shm files) to ``<name>.<reason>-<time>``; returns the new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.name}.{reason}-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(db_path) + suffix)
        if source.exists():
            os.replace(source, Path(str(target) + suffix))
    return target


class DeskApp(QObject):
    """Owns the long-lived parts (settings, store, inference service) and the current window."""

    def __init__(
        self,
        app: QApplication,
        *,
        engine_factory: Callable[[], Any] | None = None,
        ask_database: DatabaseChoice = ask_about_database,
        tell_fatal: Callable[[QWidget | None, str], None] | None = None,
        show_welcome: bool | None = None,
    ) -> None:
        super().__init__()
        self.app = app
        self.settings: Settings = load_settings()
        network.apply_settings(self.settings)  # "Work offline": no downloads, no remote backends
        self.store: Any = None
        self.window: Any = None
        self.notices: list[str] = []  # readable messages for the window's message bar after start
        self._ask_database = ask_database
        self._tell_fatal = tell_fatal  # None: show_fatal_error, looked up when needed
        self._show_welcome = show_welcome
        self._error_box: QMessageBox | None = None
        self._closing = False
        self.wiped = False  # all data deleted: nothing may be written again before the app closes
        self._wiping: BackgroundCall | None = None
        self.wipe_progress: QProgressDialog | None = None  # while it deletes
        self.wiped_box: QMessageBox | None = None  # what was deleted; closing it quits
        self.quit_app: Callable[[], None] = app.quit
        self._previous_excepthook = sys.excepthook
        self.language = install_translators(self.settings.ui_language)
        self.theme = apply_theme(self.settings.theme, app)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme)
        self.service = InferenceService(engine_factory or self._make_engine)
        from desk_assistant.ui.api_bridge import ApiServerControl

        # the API server outlives a rebuilt window; it starts at launch only when the user left it on
        self.api_server = ApiServerControl(self.service, self.settings, self.save_settings, parent=self)
        app.aboutToQuit.connect(self.shutdown)

    # ---- start-up -------------------------------------------------------------------------------
    def _make_engine(self) -> Any:
        """Runs in the inference thread: llama.cpp is imported there, never before the window shows.
        One engine for local files and remote backends: loading ``remote:<backend>/<model>`` is enough."""
        from desk_assistant.core import backends
        from desk_assistant.inference.llama_engine import LlamaCppEngine
        from desk_assistant.inference.switching_engine import SwitchingEngine

        budget = self.settings.saved_states_mb * 2**20 or None
        return SwitchingEngine(
            lambda: LlamaCppEngine(state_budget_bytes=budget),
            connection_for=lambda name: backends.connection(self.settings, name),
        )

    def open_store(self) -> bool:
        """Open the conversation database; False means the user chose to quit."""
        from desk_assistant.storage.store import ConversationStore

        db_path = paths.database_path()
        try:
            self.store, moved = ConversationStore.open_or_recover(db_path)
            if moved is not None:
                self.notices.append(
                    self.tr(
                        "The conversation database was damaged; it was kept as %1 and a new one started."
                    ).replace("%1", str(moved))
                )
        except (DatabaseTooNewError, StorageError) as exc:
            message = readable_error(exc, log)
            if self._ask_database(None, message) != "fresh":
                return False
            try:
                moved = set_database_aside(
                    db_path, "too-new" if isinstance(exc, DatabaseTooNewError) else "broken"
                )
                self.store = ConversationStore(db_path)
                self.notices.append(
                    self.tr("Started a new conversation database; the old one is kept as %1.").replace(
                        "%1", str(moved)
                    )
                )
            except (OSError, StorageError) as again:
                # last resort: a database in the cache folder, so the app still opens
                log.error("cannot start a new database at %s: %s", db_path, again)
                temp = paths.cache_dir() / "conversations-temporary.sqlite3"
                try:
                    self.store = ConversationStore(temp)
                except (OSError, StorageError) as last:  # nowhere to keep conversations (a full disk)
                    reason = readable_error(last, log) if isinstance(last, StorageError) else str(last)
                    (self._tell_fatal or show_fatal_error)(
                        None,
                        self.tr(
                            "Desk Assistant cannot keep conversations on this computer now: %1 Free some "
                            "disk space or check the folder %2, then start Desk Assistant again."
                        )
                        .replace("%1", reason)
                        .replace("%2", str(db_path.parent)),
                    )
                    return False
                self.notices.append(
                    self.tr(
                        "The conversation database cannot be used; conversations are kept in %1 for now."
                    ).replace("%1", str(temp))
                )
        try:
            recovered = self.store.recover_interrupted()
            if recovered:
                log.info("marked %d interrupted answers as stopped", recovered)
        except StorageError as exc:
            self.notices.append(readable_error(exc, log))
        return True

    def start(self) -> bool:
        """Open the store, show the window, then load the model in the background."""
        if not self.open_store():
            return False
        self.show_window()
        self.offer_crash_report()
        QTimer.singleShot(0, self._after_show)
        return True

    def offer_crash_report(self) -> None:
        """The last run ended in a crash (faulthandler wrote its stack): say so once, name the file."""
        from desk_assistant.core.logging_setup import PREVIOUS_CRASH_LOG

        previous = paths.log_dir() / PREVIOUS_CRASH_LOG
        if not previous.exists():
            return
        report = previous.with_name(f"crash-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}.log")
        try:
            os.replace(previous, report)  # offered once
        except OSError:
            report = previous
        log.info("offering the crash report %s", report)
        self.window.show_info(
            self.tr(
                "Desk Assistant stopped unexpectedly last time. Nothing you wrote was lost; the crash "
                "report is saved as %1 (attach it if you report the problem)."
            ).replace("%1", str(report)),
            action_text=self.tr("Show the file"),
            action=lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(report.parent))),
        )

    def show_window(self, previous: Any = None) -> None:
        from desk_assistant.ui.main_window import MainWindow

        window = MainWindow(
            self.service,
            self.store,
            self.settings,
            save_settings=self.save_settings,
            api_server=self.api_server,
        )
        window.settingsRequested.connect(self.open_settings)
        window.manageModelsRequested.connect(self.open_model_manager)
        window.deleteAllDataRequested.connect(self.delete_all_data)
        if previous is not None:  # a rebuilt window (new language) takes the old one's place
            window.setGeometry(previous.geometry())
            window.splitter.setSizes(previous.splitter.sizes())
            conversation = previous.current_conversation_id()
            if conversation is not None:
                window.open_conversation(conversation)
            window.set_pane(previous.current_pane())
            window.take_status_from(previous)
        self.window = window
        window.show()
        for notice in self.notices:
            window.show_info(notice)
        self.notices.clear()

    def _after_show(self) -> None:
        if self._closing:
            return
        log.info("window shown")
        if os.environ.get("DESK_ASSISTANT_EXIT_AFTER_SHOW") == "1":
            self._report_launch_time()
            return
        self.load_default_model()
        self.api_server.start_if_enabled()
        if os.environ.get("DESK_ASSISTANT_EXIT_AFTER_MODEL") == "1":
            self.service.modelLoaded.connect(self._report_model_memory)
            self.service.failed.connect(
                lambda _i, msg: (print(f"model-failed {msg}", flush=True), self.app.exit(3))
            )
        show = self._show_welcome
        if show is None:
            show = not self.settings.first_run_done and os.environ.get("DESK_ASSISTANT_NO_WELCOME") != "1"
        if show:
            self.show_welcome()

    def _report_launch_time(self) -> None:
        clock = os.environ.get("DESK_ASSISTANT_LAUNCH_CLOCK")  # time.time() read by the launcher
        if clock:
            shown = time.time() - float(clock)
        else:  # the kernel's start time: only whole seconds of boot time behind it, so rough
            import psutil

            shown = time.time() - psutil.Process().create_time()
        print(f"shown-after-launch {shown:.3f}", flush=True)
        self.app.quit()

    def _report_model_memory(self, _request_id: int, info: Any) -> None:
        import psutil

        rss = psutil.Process().memory_info().rss
        tracked = len(gc.get_objects())  # what a full garbage collection walks (the frozen heap is not)
        started = time.perf_counter()
        gc.collect()
        full_gc_ms = (time.perf_counter() - started) * 1000
        print(
            f"model-loaded rss {rss} model {info.size_bytes}",
            f"gc-tracked {tracked} full-gc-ms {full_gc_ms:.1f}",
            flush=True,
        )
        self.app.quit()

    def load_default_model(self) -> None:
        from desk_assistant.core.backends import parse_ref
        from desk_assistant.library.starter import bundled_at, starter_available
        from desk_assistant.tasks.model_setup import default_model_choice

        if parse_ref(self.settings.default_model) is not None:
            # a remote backend's model: asked for on the inference thread; a server that is down (or
            # working offline) is a message with the starter model one click away, never a wait here
            self.window.load_model(self.settings.default_model)
            return
        path = default_model_choice(self.settings)
        bundled = bundled_at(self.settings.default_model) if self.settings.default_model else None
        if path is not None:
            self.window.load_model(path)
        elif bundled is not None:  # e.g. Gemma 270M chosen as default, not written out yet
            self.window.load_starter_model(bundled.key)
        elif starter_available():
            self.window.load_starter_model()
        else:
            self.window.show_info(self.tr("No model yet: choose one with the model button at the top right."))

    def show_welcome(self) -> None:
        from desk_assistant.ui.dialogs.welcome import WelcomeDialog

        dialog = WelcomeDialog(self.window)
        dialog.catalogRequested.connect(self.open_model_manager)
        dialog.finished.connect(lambda _result: self._welcome_done())
        dialog.open()  # window-modal, does not block start-up
        self.welcome = dialog

    def _welcome_done(self) -> None:
        self.settings.first_run_done = True
        self.save_settings(self.settings)
        if self.window is not None:
            self.window.focus_input()

    # ---- settings, models ---------------------------------------------------------------------------
    def save_settings(self, settings: Settings) -> None:
        if self.wiped:  # all data deleted: the app is closing and writes nothing back
            return
        try:
            save_settings(settings)
        except SettingsError as exc:  # e.g. a read-only config folder: say so, keep running
            if self.window is not None:
                self.window.show_error(readable_error(exc, log))

    def open_settings(self) -> None:
        from desk_assistant.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.window)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        self.apply_settings(dialog.result_settings())

    def apply_settings(self, new: Settings) -> None:
        """Save, switch the theme at once, and rebuild the window when the language changed."""
        language_changed = new.ui_language != self.settings.ui_language
        theme_changed = new.theme != self.settings.theme
        for name in ("ui_language", "theme", "user_profile", "sampling"):
            setattr(self.settings, name, getattr(new, name))
        self.save_settings(self.settings)
        if theme_changed:
            self.theme = apply_theme(self.settings.theme, self.app)
        if language_changed:
            self.language = install_translators(self.settings.ui_language)
            self.rebuild_window()

    def rebuild_window(self) -> None:
        """Every label is built with tr(): a new window is the simplest complete retranslation."""
        old = self.window
        old.stop()
        old.save_window_state()
        self.show_window(previous=old)
        old.hide()
        old.deleteLater()

    def open_model_manager(self) -> None:
        """The model manager (installed models, catalog, downloads); picking a model loads it."""
        from desk_assistant.library.local_models import LocalModels
        from desk_assistant.ui.dialogs.model_manager import ModelManagerDialog

        self.save_settings(self.settings)  # the dialog reads and writes the settings file itself
        dialog = ModelManagerDialog(LocalModels(), parent=self.window)
        dialog.modelChosen.connect(lambda path: self.window.load_model(path))
        dialog.finished.connect(lambda _result: self._reload_model_settings())
        dialog.open()
        self.model_manager = dialog

    def _reload_model_settings(self) -> None:
        """Take the default model and per-model options the dialog saved (in place: panes hold it)."""
        fresh = load_settings()
        self.settings.models = fresh.models
        self.settings.default_model = fresh.default_model

    def _on_system_scheme(self, *_args: Any) -> None:
        if self.settings.theme == "system":
            self.theme = apply_theme("system", self.app)

    # ---- delete all my data ---------------------------------------------------------------------------
    def delete_all_data(self) -> None:
        """Confirmed in the window: stop generation and unload the model, stop the model manager's
        jobs, close the database, delete everything (``core.wipe``, on a thread), then say so and close
        the app (``wiped_box``)."""
        from desk_assistant.core import wipe

        window = self.window
        window.stop()
        self.api_server.shutdown()  # its key is about to go too
        self.service.shutdown()  # the worker unloads the model in its thread
        manager = getattr(self, "model_manager", None)
        if manager is not None:
            manager.stop_jobs()
            manager.close()
        if "desk_assistant.ui.dialogs.model_jobs" in sys.modules:
            from desk_assistant.ui.dialogs.model_jobs import wait_for_finishing

            wait_for_finishing()  # a download must not write into the folder being deleted
        window.wait_for_purge()
        if self.store is not None:
            try:
                self.store.close()
            except Exception:
                log.exception("closing the store failed")
            self.store = None
        self.wiped = True
        window.keep_window_state = False
        window.message_bar.dismiss()
        window.centralWidget().setEnabled(False)
        window.menuBar().setEnabled(False)
        # The files go on a thread (a keyring may wait on its unlock prompt, a models folder may be
        # large); a busy indicator meanwhile, then a box that says what was deleted and closes the app.
        progress = QProgressDialog(self.tr("Deleting your data…"), "", 0, 0, window)
        progress.setWindowTitle(self.tr("Delete all my data"))
        progress.setCancelButton(None)  # deleting cannot be undone halfway
        progress.setMinimumDuration(0)
        progress.setMinimumWidth(360)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.show()
        self.wipe_progress = progress
        self._wiping = BackgroundCall(lambda _cancel: wipe.delete_all_data(), "delete-all-data")
        self._wiping.start(self._data_deleted)

    @Slot(object, object, object)
    def _data_deleted(self, _call: BackgroundCall, result: Any, error: BaseException | None) -> None:
        self._wiping = None
        if self.wipe_progress is not None:
            self.wipe_progress.close()
        if error is not None:  # core.wipe reports what it could not delete; anything else is a sentence
            text = self.tr("Deleting your data stopped: %1 Desk Assistant will now close.").replace(
                "%1", readable_error(error, log)
            )
        elif result.complete:
            text = self.tr("All your data was deleted. Desk Assistant will now close.")
        else:
            left = [str(path) for path, _reason in result.failed]
            if result.secrets_error:
                left.append(self.tr("saved API keys (%1)").replace("%1", result.secrets_error))
            text = self.tr(
                "Your data was deleted, except what could not be: %1. Desk Assistant will now close."
            ).replace("%1", "; ".join(left))
        box = QMessageBox(
            QMessageBox.Icon.Information, self.tr("Delete all my data"), text, parent=self.window
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.finished.connect(lambda _result: self.quit_app())
        box.open()
        self.wiped_box = box

    def wiping(self) -> bool:
        """ "Delete all my data" is deleting now (on its thread)."""
        return self._wiping is not None

    # ---- errors and shutdown --------------------------------------------------------------------
    def install_excepthook(self) -> None:
        sys.excepthook = self._excepthook

    def _excepthook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """An unexpected error in a slot: log it, say so in one sentence, keep running."""
        if issubclass(kind, KeyboardInterrupt):
            self.app.quit()
            return
        log.critical("unhandled exception", exc_info=(kind, exc, tb))
        text = readable_error(exc, logging.getLogger("desk_assistant.unhandled"))
        if self._error_box is not None and self._error_box.isVisible():
            return  # one box at a time: a failing paint would otherwise open hundreds
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Desk Assistant"), text, parent=self.window)
        box.setInformativeText(
            self.tr("The app keeps running. Details are in the log file: %1").replace(
                "%1", str(paths.log_dir() / "desk-assistant.log")
            )
        )
        box.open()
        self._error_box = box

    def bring_forward(self) -> None:
        """Another start of the app asked for this window: show it in front."""
        if self.window is None:
            return
        if self.window.isMinimized():
            self.window.showNormal()
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def shutdown(self) -> None:
        if self._closing:
            return
        self._closing = True
        for signal, slot in (
            (self.app.aboutToQuit, self.shutdown),
            (QGuiApplication.styleHints().colorSchemeChanged, self._on_system_scheme),
        ):
            with contextlib.suppress(RuntimeError, TypeError):  # already gone
                signal.disconnect(slot)
        if self.window is not None:
            if not self.wiped:
                self.window.save_window_state()
            self.window.message_bar.dismiss()
            self.window.wait_for_purge()
        self.api_server.shutdown()  # its clients' requests end before the inference thread does
        self.service.shutdown()
        if "desk_assistant.ui.dialogs.model_jobs" in sys.modules:  # a closed model manager's jobs
            from desk_assistant.ui.dialogs.model_jobs import wait_for_finishing

            wait_for_finishing()
        if self.store is not None:
            try:
                self.store.close()
            except Exception:
                log.exception("closing the store failed")
            self.store = None
        if self._wiping is not None:  # quitting while "Delete all my data" deletes: let it finish
            self._wiping.thread.join(WIPE_WAIT_AT_EXIT_S)
        if sys.excepthook == self._excepthook:
            sys.excepthook = self._previous_excepthook


def freeze_startup_heap() -> None:
    """Keep what start-up made (the modules, the window's widgets: ~85,000 objects that live as long as
    the app) out of the cyclic garbage collector. A full collection then walks only what came later: it
    took ~35 ms with a model loaded (most of the 50 ms a streaming answer may hold the window), ~2 ms
    after. Reference counting still frees these objects; only a cycle among them is never collected:
    they live for the whole run, except a window rebuilt for a new language (its cycles stay, once)."""
    gc.freeze()
    log.debug("start-up heap frozen: %d objects", gc.get_freeze_count())


def run_app(argv: list[str] | None = None) -> int:
    setup_logging()
    qInstallMessageHandler(_qt_message_handler)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Desk Assistant")
    app.setOrganizationName("desk-assistant")
    from desk_assistant import APP_ID
    from desk_assistant.ui.app_icon import app_icon

    app.setDesktopFileName(APP_ID)  # names packaging/linux/APP_ID.desktop (Wayland's app_id)
    app.setWindowIcon(app_icon())
    problem = folders_problem()
    if problem is not None:
        log.error("cannot start: %s", problem)
        show_fatal_error(None, problem)
        return 1
    from desk_assistant.ui.single_instance import SingleInstance

    instance = SingleInstance()
    if not instance.acquire():
        if instance.bring_forward():
            print("desk-assistant: Desk Assistant is already open; its window was brought forward.")
            return 0
        print(
            "desk-assistant: another Desk Assistant is starting or not answering; try again shortly.",
            file=sys.stderr,
        )
        return 1
    desk = DeskApp(app)
    instance.activated.connect(desk.bring_forward)
    desk.install_excepthook()
    try:
        if not desk.start():
            desk.shutdown()
            return 1
        QTimer.singleShot(0, freeze_startup_heap)  # after the window is shown (start() queued that first)
        return app.exec()
    finally:
        instance.release()
