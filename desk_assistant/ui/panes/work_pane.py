"""What the work panes (Summarize, Translate, Draft) share: the window's pane contract, a task runner,
a progress row and a note line for readable messages.

The window talks to every pane the same way: ``open_conversation(id | None)``, ``new_document()``,
``stop()``, ``focus_input()``, ``current_conversation_id()``, and the signals ``conversationChanged``,
``errorRaised``, ``statsChanged``; ``sendToChat`` hands text to the chat pane.
"""

from __future__ import annotations

import itertools
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QWidget,
)

from desk_assistant.core.settings import Settings
from desk_assistant.tasks.runtime import Progress
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.locale_format import number
from desk_assistant.ui.task_runner import TaskRunner

log = logging.getLogger(__name__)

NOTE_VISIBLE_MS = 8000
RUN_KEYS = ("Ctrl+Return", "Ctrl+Enter")  # run (or stop) from anywhere in a pane, like Enter in chat


def chain_focus(*widgets: QWidget) -> None:
    """Tab visits ``widgets`` in this order (the pane's input, its options, the run button, the result)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def compact_combo(min_chars: int = 8) -> QComboBox:
    """A combo box whose longest item does not set the pane's (and the window's) minimum width."""
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(min_chars)
    return box


class ProgressRow(QWidget):
    """A thin bar and a line of text: "Summarizing part 3 of 12…"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(6)
        self.bar.setMaximumWidth(220)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label, 1)
        self.bar.hide()

    def show_step(self, text: str, done: int, total: int) -> None:
        self.label.setText(text)
        self.bar.show()
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(max(0, min(done, total)))

    def show_busy(self, text: str) -> None:
        self.label.setText(text)
        self.bar.show()
        self.bar.setRange(0, 0)  # an indeterminate bar

    def show_text(self, text: str) -> None:
        self.bar.hide()
        self.label.setText(text)


class WorkPane(QWidget):
    conversationChanged = Signal(int)
    errorRaised = Signal(str)
    statsChanged = Signal(object)
    sendToChat = Signal(str)

    kind = ""  # the conversation kind this pane opens ("summarize", "translate", "draft")

    def __init__(
        self, service: InferenceService, store: Any, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._store = store
        self._settings = settings
        self._conv_id: int | None = None
        self.runner = TaskRunner(service, self)
        self.progress_row = ProgressRow(self)
        self.note = QLabel(self)
        self.note.setObjectName("PaneNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.hide()
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.timeout.connect(self.note.hide)
        for keys in RUN_KEYS:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.press_run_button)

    # ---- the window's contract ----------------------------------------------------------------------
    def current_conversation_id(self) -> int | None:
        return self._conv_id

    def stop(self) -> None:
        self.runner.stop()

    def is_busy(self) -> bool:
        """A task queued or running (panes add work of their own before it is queued)."""
        return self.runner.is_running()

    def new_document(self) -> None:
        self.open_conversation(None)
        self.focus_input()

    def open_conversation(self, conversation_id: int | None) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def focus_input(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def run(self) -> bool:  # pragma: no cover - abstract
        """Start the pane's task; False (and a sentence) when it cannot start."""
        raise NotImplementedError

    @Slot()
    def run_or_stop(self) -> None:
        """The run button: stop the run in progress, else start one."""
        if self.is_busy():
            self.stop()
        else:
            self.run()

    def press_run_button(self) -> None:
        """Ctrl+Enter: what the pane's run button (object name "RunButton") does: run, or stop."""
        button = self.findChild(QAbstractButton, "RunButton")
        if button is not None and button.isEnabled() and button.isVisible():
            button.click()

    # ---- shared helpers -------------------------------------------------------------------------------
    def model_ready(self) -> bool:
        return self._service.current_model() is not None

    def require_model(self) -> bool:
        """True when a model is loaded; otherwise says how to load one."""
        if self.model_ready():
            return True
        self.report(
            QCoreApplication.translate(
                "WorkPane", "No model is loaded: choose one with the model button at the top right."
            )
        )
        return False

    def model_path(self) -> str | None:
        model = self._service.current_model()
        return model.path if model is not None else None

    def show_note(self, text: str, sticky: bool = False) -> None:
        self.note.setText(text)
        self.note.show()
        if sticky:
            self._note_timer.stop()
        else:
            self._note_timer.start(NOTE_VISIBLE_MS)

    def hide_note(self) -> None:
        self._note_timer.stop()
        self.note.hide()

    def report(self, message: str) -> None:
        """A failure: the note in the pane and the window's message bar."""
        self.show_note(message, sticky=True)
        self.errorRaised.emit(message)

    def report_exception(self, exc: BaseException) -> None:
        self.report(readable_error(exc, log))

    def copy_text(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.show_note(self.tr("Copied to the clipboard."))

    def save_text(self, text: str, suggested_name: str, file_filter: str) -> str | None:
        """Ask where to save (the dialog asks before replacing a file) and write UTF-8, the whole file or
        nothing (a full disk leaves the old file as it was); the path, or None and a sentence."""
        from desk_assistant.core.errors import DeskAssistantError
        from desk_assistant.core.text import clean_text
        from desk_assistant.tasks.translate_files import write_atomically

        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save as"), suggested_name, file_filter)
        if not path:
            return None
        try:  # text pasted from elsewhere may hold lone surrogates: written as U+FFFD, never an error
            write_atomically(Path(path), clean_text(text).encode("utf-8"), overwrite=True)
        except DeskAssistantError as exc:
            log.warning("saving %s failed: %s", path, exc.detail)
            reason = exc.args_map.get("reason", "")
            self.report(self.tr("Could not save {path}: {reason}").format(path=path, reason=reason))
            return None
        self.show_note(self.tr("Saved {path}.").format(path=path))
        return path

    def set_conversation(self, conversation_id: int | None) -> None:
        self._conv_id = conversation_id
        if conversation_id is not None:
            self.conversationChanged.emit(conversation_id)

    def progress_text(self, progress: Progress) -> str:
        """The words for a task's progress (tasks report stage codes; the pane words them)."""
        texts = {
            "count": self.tr("Counting tokens…"),
            "map": self.tr("Summarizing part {done} of {total}…"),
            "reduce": self.tr("Combining summaries ({done} of {total})…"),
            "final": self.tr("Writing the summary…"),
            "translate": self.tr("Translating paragraph {done} of {total}…"),
            "section": self.tr("Writing section {done} of {total}…"),
        }
        template = texts.get(progress.stage, self.tr("Working ({done} of {total})…"))
        return template.format(done=number(progress.done), total=number(progress.total))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Labels in the current language (the window is rebuilt on a language change anyway)."""

    def stop_timers(self) -> None:
        """Stop every timer of the pane (it is hidden, or the window closes). Panes add theirs."""
        self._note_timer.stop()

    def hideEvent(self, event) -> None:
        self.stop_timers()
        super().hideEvent(event)
