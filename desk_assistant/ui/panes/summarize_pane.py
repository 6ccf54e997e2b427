"""The Summarize pane: a document in (paste, drop, open), options, a summary that streams out.

The flow is ``tasks.summarize`` (the CLI runs the same): before running, a ``PlanSummary`` task counts
the document's tokens on the inference thread and the pane shows the length and the number of passes;
Run commits the document as a conversation of kind "summarize" (``TaskRecord``) and queues
``Summarize``, whose partial summaries and final summary stream into the output view with progress
per part. Stop keeps what is done (the task says how far it got). Copy, save as Markdown, send to
Chat. Opening a stored summary shows its document, options and result again.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core.settings import Settings
from desk_assistant.tasks import documents, summarize
from desk_assistant.tasks.chat import title_from_message
from desk_assistant.tasks.records import TaskRecord
from desk_assistant.tasks.runtime import Progress
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.locale_format import number
from desk_assistant.ui.panes.work_pane import WorkPane, chain_focus, compact_combo
from desk_assistant.ui.task_runner import TaskRunner
from desk_assistant.ui.theme import make_title
from desk_assistant.ui.widgets.document_input import DocumentInput
from desk_assistant.ui.widgets.language_box import LanguageBox
from desk_assistant.ui.widgets.markdown_view import MarkdownView

log = logging.getLogger(__name__)

PLAN_DELAY_MS = 600  # count tokens once typing pauses


class SummarizePane(WorkPane):
    kind = "summarize"

    def __init__(
        self, service: InferenceService, store: Any, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(service, store, settings, parent)
        self.planner = TaskRunner(service, self)
        self._plan: Any = None
        self._output_has_final = False
        self._current_part: int | None = None

        self.title_label = QLabel(self.tr("Summarize"))
        self.title_label.setObjectName("PaneTitle")
        make_title(self.title_label)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)

        # ---- the document
        self.source = DocumentInput(self)
        self.source.textChanged.connect(self._schedule_plan)
        self.source.failed.connect(self.report)
        self.source.loadingChanged.connect(self._update_buttons)
        self.plan_label = QLabel()
        self.plan_label.setObjectName("PlanLabel")
        self.plan_label.setTextFormat(Qt.TextFormat.PlainText)
        self.plan_label.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.source, 1)
        left_layout.addWidget(self.plan_label)

        # ---- options and the result
        self.length_box = compact_combo()
        for value, text in (
            ("short", self.tr("Short")),
            ("medium", self.tr("Medium")),
            ("long", self.tr("Long")),
        ):
            self.length_box.addItem(text, value)
        self.length_box.setCurrentIndex(1)
        self.format_box = compact_combo()
        for value, text in (
            ("bullets", self.tr("Bullet points")),
            ("paragraph", self.tr("Paragraph")),
            ("key_points", self.tr("Key points")),
            ("tldr", self.tr("TL;DR")),
        ):
            self.format_box.addItem(text, value)
        self.language_box = LanguageBox(self.tr("The document's language"))
        self.language_box.setMinimumContentsLength(22)  # its first choice whole; the row has room
        for box in (self.length_box, self.format_box, self.language_box):
            box.currentIndexChanged.connect(self._schedule_plan)
        self.run_button = QPushButton(self.tr("Summarize", "run button"))
        self.run_button.setObjectName("RunButton")
        self.run_button.setToolTip(self.tr("Summarize the text (Ctrl+Enter)"))
        self.run_button.clicked.connect(self.run_or_stop)
        options_row = QHBoxLayout()
        options_row.setContentsMargins(0, 0, 0, 0)
        for label, box in (
            (self.tr("Length"), self.length_box),
            (self.tr("Format"), self.format_box),
            (self.tr("Language"), self.language_box),
        ):
            name = QLabel(label)
            name.setBuddy(box)  # the box's accessible name
            options_row.addWidget(name)
            options_row.addWidget(box)
        options_row.addStretch(1)

        self.output = MarkdownView(self)
        self.output.setPlaceholderText(self.tr("The summary appears here."))
        self.output.setAccessibleName(self.tr("Summary"))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(lambda: self.copy_text(self.output.markdown()))
        self.save_button = QPushButton(self.tr("Save as Markdown…"))
        self.save_button.clicked.connect(self.save_markdown)
        self.chat_button = QPushButton(self.tr("Send to Chat"))
        self.chat_button.setToolTip(self.tr("Start a chat about this summary"))
        self.chat_button.clicked.connect(lambda: self.sendToChat.emit(self.output.markdown()))
        result_buttons = QHBoxLayout()
        result_buttons.addWidget(self.copy_button)
        result_buttons.addWidget(self.save_button)
        result_buttons.addWidget(self.chat_button)
        result_buttons.addStretch(1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.progress_row)
        right_layout.addWidget(self.output, 1)
        right_layout.addLayout(result_buttons)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([420, 420])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.run_button)
        layout.addLayout(header)
        layout.addLayout(options_row)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.note)
        chain_focus(
            self.source.edit,
            self.source.open_button,
            self.source.clear_button,
            self.length_box,
            self.format_box,
            self.language_box,
            self.run_button,
            self.output,
            self.copy_button,
            self.save_button,
            self.chat_button,
        )

        self._plan_timer = QTimer(self)
        self._plan_timer.setSingleShot(True)
        self._plan_timer.setInterval(PLAN_DELAY_MS)
        self._plan_timer.timeout.connect(self.measure)

        self.runner.text.connect(self._on_text)
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.runningChanged.connect(self._update_buttons)
        self.planner.finished.connect(self._on_plan)
        self.planner.failed.connect(self._on_plan_failed)
        service.modelLoaded.connect(lambda *_: self._schedule_plan())
        self._update_buttons()
        self._show_plan_hint()

    # ---- contract ----------------------------------------------------------------------------------
    def focus_input(self) -> None:
        self.source.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_conversation(self, conversation_id: int | None) -> None:
        if self.runner.is_running():
            self.runner.stop()
        self.hide_note()
        self._conv_id = None
        self.output.set_markdown("")
        self.progress_row.show_text("")
        if conversation_id is None:
            self.source.clear()
            self.title_label.setText(self.tr("Summarize"))
            self._update_buttons()
            return
        try:
            conv = self._store.get_conversation(conversation_id)
            branch = self._store.active_branch(conversation_id)
        except Exception as exc:
            self.report_exception(exc)
            return
        self._conv_id = conv.id
        self.title_label.setText(conv.title or self.tr("Summarize"))
        source = next((m for m in branch if m.role == "user"), None)
        result = next((m for m in reversed(branch) if m.role == "assistant"), None)
        options = conv.settings.get("options") or {}
        self._select(self.length_box, options.get("length"))
        self._select(self.format_box, options.get("format"))
        self.language_box.set_code(options.get("language"))
        self.source.set_text(source.content if source else "", conv.settings.get("source_name"))
        self.output.set_markdown(result.content if result else "")
        if result is not None:
            self.progress_row.show_text(self._status_text(result.status, conv.settings))
        self._update_buttons()

    @staticmethod
    def _select(box: QComboBox, value: object) -> None:
        index = box.findData(value)
        if index >= 0:
            box.setCurrentIndex(index)

    def _status_text(self, status: str, settings: dict[str, Any]) -> str:
        done, total = settings.get("chunks_done"), settings.get("chunks_total")
        if status == "stopped" and done is not None and total:
            return self.tr(
                "Stopped after part {done} of {total}; the summaries of the parts done are kept."
            ).format(done=done, total=total)
        if status == "stopped":
            return self.tr("Stopped; what was written is kept.")
        if status == "error":
            return self.tr("This summary failed; what was written is kept.")
        if status == "streaming":
            return self.tr("This summary was interrupted.")
        return ""

    # ---- options --------------------------------------------------------------------------------------
    def options(self) -> summarize.SummaryOptions:
        return summarize.SummaryOptions(
            length=self.length_box.currentData(),
            format=self.format_box.currentData(),
            language=self.language_box.currentData(),
        )

    # ---- measuring ----------------------------------------------------------------------------------
    @Slot()
    def _schedule_plan(self, *_args: object) -> None:
        self._plan = None
        self._update_buttons()
        if not self.source.text().strip():
            self._plan_timer.stop()
            self._show_plan_hint()
            return
        self._plan_timer.start()

    def _show_plan_hint(self) -> None:
        if not self.source.text().strip():
            self.plan_label.setText(self.tr("Paste a text, drop a file or open one to summarize it."))
        elif not self.model_ready():
            self.plan_label.setText(self.tr("Load a model to measure the text."))

    @Slot()
    def measure(self) -> None:
        """Count the tokens and passes, on the inference thread (it has the tokenizer)."""
        text = self.source.text()
        if not text.strip() or not self.model_ready() or self.runner.is_running():
            self._show_plan_hint()
            return
        self.plan_label.setText(self.tr("Measuring…"))
        self.planner.run(summarize.PlanSummary(text, self.options()), replace=True)

    @Slot(object)
    def _on_plan(self, plan: Any) -> None:
        self._plan = plan
        if plan is None:
            return
        tokens = number(plan.tokens)
        model = self._service.current_model()
        if getattr(model, "token_counts_estimated", False):  # a remote server that cannot count them
            tokens = QCoreApplication.translate("StatusBar", "≈%1", "an estimated token count").replace(
                "%1", tokens
            )
        self.plan_label.setText(
            self.tr("{tokens} tokens · {passes} passes").format(tokens=tokens, passes=number(plan.passes))
            if plan.passes != 1
            else self.tr("{tokens} tokens · one pass").format(tokens=tokens)
        )

    @Slot(str)
    def _on_plan_failed(self, message: str) -> None:
        self.plan_label.setText(message)

    # ---- running ---------------------------------------------------------------------------------------
    def run(self) -> bool:
        """Commit the document and queue the summary; False (and a sentence) when it cannot start."""
        if self.runner.is_running():
            return False
        if not self.require_model():
            return False
        try:
            text = documents.check_text(self.source.text(), self.tr("The text"))
            options = self.options()
            name = self.source.document_name()
            title = name or title_from_message(text) or self.tr("Summary")
            record = TaskRecord.begin(
                self._store,
                "summarize",
                title,
                text,
                settings={"options": self._options_dict(options), "source_name": name},
                model=self.model_path(),
            )
        except Exception as exc:  # bad input or the database: one sentence, nothing lost
            self.report_exception(exc)
            return False
        try:
            self.runner.run(summarize.Summarize(text, options, record=record))
        except Exception as exc:
            record.finish_quietly("error")
            self.report_exception(exc)
            return False
        self.hide_note()
        self.planner.stop()
        self.title_label.setText(title)
        self.set_conversation(record.conversation_id)
        self.output.set_markdown("")
        self._output_has_final = False
        self._current_part = None
        self.progress_row.show_busy(self.tr("Waiting for the model…"))
        return True

    @staticmethod
    def _options_dict(options: summarize.SummaryOptions) -> dict[str, Any]:
        return {"length": options.length, "format": options.format, "language": options.language}

    @Slot(str, object)
    def _on_text(self, text: str, key: object) -> None:
        if key is None:
            if not self._output_has_final:  # the final pass replaces the parts shown so far
                self._output_has_final = True
                self.output.set_markdown("")
            self.output.append_markdown(text)
            return
        if self._output_has_final or not isinstance(key, tuple) or len(key) != 2:
            return
        stage, number = key
        if stage == "part" and number != self._current_part:
            self._current_part = number
            heading = self.tr("Part {number}").format(number=number)
            prefix = "\n\n" if self.output.markdown() else ""
            self.output.append_markdown(f"{prefix}**{heading}**\n\n")
        self.output.append_markdown(text)

    @Slot(object)
    def _on_progress(self, progress: Progress) -> None:
        total = max(progress.total, 1)
        self.progress_row.show_step(self.progress_text(progress), progress.done, total)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._update_buttons()
        if not isinstance(result, summarize.SummaryResult):  # abandoned before it ran
            self.progress_row.show_text(self._status_text("stopped", {}))
            return
        self.output.set_markdown(result.text)
        self._output_has_final = True
        if result.stopped:
            total = result.chunks_total
            reached = {"chunks_done": result.chunks_done, "chunks_total": total} if total > 1 else {}
            self.progress_row.show_text(self._status_text("stopped", reached))
        else:
            self.progress_row.show_text(self._done_text(result))
        self.statsChanged.emit(result.stats)
        self._update_buttons()
        if self._conv_id is not None:
            self.conversationChanged.emit(self._conv_id)

    def _done_text(self, result: summarize.SummaryResult) -> str:
        seconds = number(round(result.stats.total_time))
        if result.passes_done == 1:
            return self.tr("Done in one pass, {seconds} s.").format(seconds=seconds)
        return self.tr("Done: {passes} passes in {seconds} s.").format(
            passes=result.passes_done, seconds=seconds
        )

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.progress_row.show_text(self.tr("This summary failed; what was written is kept."))
        self.report(message)
        self._update_buttons()

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        running = self.runner.is_running()
        self.run_button.setText(self.tr("Stop") if running else self.tr("Summarize", "run button"))
        self.run_button.setEnabled(
            running or (bool(self.source.text().strip()) and not self.source.is_loading())
        )
        has_output = bool(self.output.markdown().strip())
        for button in (self.copy_button, self.save_button, self.chat_button):
            button.setEnabled(has_output and not running)
        self.source.set_read_only(running)
        for box in (self.length_box, self.format_box, self.language_box):
            box.setEnabled(not running)

    def save_markdown(self) -> None:
        name = (self.title_label.text() or "summary").strip().replace("/", "-")
        self.save_text(self.output.markdown(), f"{name}.md", self.tr("Markdown (*.md);;Text (*.txt)"))

    def stop_timers(self) -> None:
        super().stop_timers()
        self._plan_timer.stop()
        self.output.flush()

    def closeEvent(self, event) -> None:
        self.stop_timers()
        self.source.stop_reading()
        super().closeEvent(event)
