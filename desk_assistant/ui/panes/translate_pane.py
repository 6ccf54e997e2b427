"""The Translate pane: source and translation side by side, paragraph by paragraph.

The flow is ``tasks.translate`` (the CLI runs the same). The source is typed, pasted, dropped or opened;
its language is detected as it changes (or chosen), the target picked from the list, with a tone and
a glossary of fixed terms. Translate first prepares the text (``Translate.prepare``: segments and
languages, ~2 s a MB) on a worker thread, the Run button being Stop meanwhile; then it commits the
source as a conversation of kind "translate" and queues ``Translate``: its plan gives the rows, each
paragraph's translation streams into its row beside its source, glossary misses are marked, and Stop
keeps what is done. A stored translation reopens at once as two texts side by side, its aligned rows
following when its source is cut into segments again (on a worker thread too). Whole files (.txt, .md,
.docx) are translated into a new file beside the original (``TranslateFile``); the save dialog asks
before replacing anything.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core.settings import Settings
from desk_assistant.tasks import documents, translate, translate_files
from desk_assistant.tasks.chat import title_from_message
from desk_assistant.tasks.glossary import Glossary
from desk_assistant.tasks.languages import SAMPLE_CHARS, detect_language
from desk_assistant.tasks.records import TaskRecord
from desk_assistant.tasks.runtime import Progress
from desk_assistant.ui.background import BackgroundCall
from desk_assistant.ui.dialogs.glossary_dialog import GlossaryDialog
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.locale_format import decimal, number
from desk_assistant.ui.panes.work_pane import WorkPane, chain_focus, compact_combo
from desk_assistant.ui.theme import make_title
from desk_assistant.ui.widgets.document_input import DocumentInput
from desk_assistant.ui.widgets.language_box import LanguageBox, language_label_for
from desk_assistant.ui.widgets.segment_table import (
    DONE,
    KEPT,
    PENDING,
    STREAMING,
    WRITTEN,
    SegmentRow,
    SegmentTable,
)

log = logging.getLogger(__name__)

DETECT_DELAY_MS = 400
PAGE_EDIT, PAGE_ALIGNED = 0, 1


class _Detector(QObject):
    """Detects a text's language on a short-lived thread: the first call loads py3langid's model (about
    half a second, 60 MB), which must neither stall the window nor cost anything before Translate is used."""

    detected = Signal(object)  # the language code, or None

    def __init__(self, text: str) -> None:
        super().__init__()
        self.thread = threading.Thread(target=self._run, args=(text,), name="language-detector", daemon=True)

    def _run(self, text: str) -> None:
        try:
            code = detect_language(text).code if text.strip() else None
        except Exception:  # detection is a hint: never an error for the user
            log.exception("language detection failed")
            code = None
        self.detected.emit(code)


def plan_rows(segments: Sequence[Any], kept: Collection[int]) -> list[SegmentRow]:
    """The rows of a translation about to run: a segment kept as it is shows its source on both sides."""
    return [
        SegmentRow(
            s.index, s.source, s.source if s.index in kept else "", KEPT if s.index in kept else PENDING
        )
        for s in segments
    ]


def _prepare_and_begin(
    store: Any,
    task: translate.Translate,
    name: str | None,
    title: str,
    model: str | None,
    cancel: threading.Event,
) -> tuple[str, list[SegmentRow]]:
    """On a worker thread: prepare ``task`` (segments, languages: ~2 s a MB), then commit its source as a
    conversation (``TaskRecord.begin``: 0.1 s for 3 MB, full-text index included), unless stopped before.
    Returns the title and the rows (15,000 of them are 0.1 s of Python: not on the UI thread either)."""
    document = task.prepare(cancel)
    title = name or title_from_message(task.text) or title
    settings = {
        **task.options.settings(),
        "source_forced": task.options.source is not None,
        "detected_language": task.source_language,
        "source_name": name,
    }
    rows = plan_rows(document.segments, task.kept)
    if cancel.is_set():
        raise translate.PrepareCancelled
    task.record = TaskRecord.begin(store, "translate", title, task.text, settings, model=model)
    return title, rows


def _stored_rows(
    task: translate.Translate, settings: dict[str, Any], cancel: threading.Event
) -> list[SegmentRow]:
    """On a worker thread: the aligned rows of a stored translation (its source segmented again)."""
    document = task.prepare(cancel)
    translations = {int(k): v for k, v in (settings.get("translations") or {}).items()}
    kept = set(settings.get("kept") or [])
    return [
        SegmentRow(
            s.index,
            s.source,
            translations.get(s.index, ""),
            KEPT if s.index in kept else (DONE if s.index in translations else PENDING),
        )
        for s in document.segments
    ]


class TranslatePane(WorkPane):
    kind = "translate"

    def __init__(
        self, service: InferenceService, store: Any, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(service, store, settings, parent)
        self.glossary = Glossary()
        self._detected: str | None = None
        self._file_job: str | None = None  # the output path while a whole file is being translated
        self._streaming: int | None = None  # the row the model is writing
        self._detector: _Detector | None = None  # kept while its thread runs
        self._preparing: BackgroundCall | None = None  # Translate.prepare before a run is queued
        self._restoring: BackgroundCall | None = None  # the segments of a reopened translation
        self._preview_text: str | None = None  # for the preview, at the next turn of the event loop
        self._buttons_state: tuple[object, ...] = ()  # what _update_buttons last showed
        # the preview filled (a 3 MB text: 30 ms) and the rows' worker started at a later turn of the event
        # loop than the source: a timer, so that the window's own timers and input come in between
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._fill_preview)

        self.title_label = QLabel(self.tr("Translate"))
        self.title_label.setObjectName("PaneTitle")
        make_title(self.title_label)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)

        # ---- languages, tone, glossary, run
        self.source_box = LanguageBox(self.tr("Detect language"))
        self.source_box.currentIndexChanged.connect(self._update_detected_label)
        self.swap_button = QToolButton()
        self.swap_button.setText("⇄")
        self.swap_button.setToolTip(
            self.tr("Swap the languages (and the texts, when there is a translation)")
        )
        self.swap_button.setAccessibleName(self.tr("Swap languages"))
        self.swap_button.clicked.connect(self.swap)
        self.target_box = LanguageBox()
        self.target_box.set_code(self._default_target())
        self.detected_label = QLabel()
        self.detected_label.setObjectName("DetectedLabel")
        self.tone_box = compact_combo(11)  # "Neutral tone" whole
        for value, text in (
            ("neutral", self.tr("Neutral tone")),
            ("formal", self.tr("Formal")),
            ("informal", self.tr("Informal")),
        ):
            self.tone_box.addItem(text, value)
        self.glossary_button = QPushButton()
        self.glossary_button.clicked.connect(self.edit_glossary)
        self.run_button = QPushButton(self.tr("Translate"))
        self.run_button.setObjectName("RunButton")
        self.run_button.setToolTip(self.tr("Translate the text (Ctrl+Enter)"))
        self.run_button.clicked.connect(self.run_or_stop)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        from_label, to_label = QLabel(self.tr("From")), QLabel(self.tr("To"))
        from_label.setBuddy(self.source_box)  # the boxes' accessible names
        to_label.setBuddy(self.target_box)
        self.tone_box.setAccessibleName(self.tr("Tone"))
        bar.addWidget(from_label)
        bar.addWidget(self.source_box)
        bar.addWidget(self.swap_button)
        bar.addWidget(to_label)
        bar.addWidget(self.target_box)
        bar.addWidget(self.tone_box)
        bar.addWidget(self.glossary_button)
        bar.addStretch(1)

        # ---- the texts: an editor for the source, then the aligned rows
        self.source = DocumentInput(self)
        self.source.textChanged.connect(self._drop_stale_work)  # first: the others see the state after
        self.source.textChanged.connect(self._schedule_detect)
        self.source.textChanged.connect(self._update_buttons)
        self.source.loadingChanged.connect(self._update_buttons)
        self.source.failed.connect(self.report)
        self.table = SegmentTable(self)
        self.table.table_model.headers = (self.tr("Source"), self.tr("Translation"))
        self.table.setAccessibleName(self.tr("Source and translation, paragraph by paragraph"))
        self.preview = QPlainTextEdit()  # the last translation as one text, beside the source being edited
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("Translation"))
        self.preview.setPlaceholderText(self.tr("The translation appears here, paragraph by paragraph."))
        editing = QSplitter(Qt.Orientation.Horizontal)
        editing.addWidget(self.source)
        editing.addWidget(self.preview)
        editing.setChildrenCollapsible(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(editing)
        self.stack.addWidget(self.table)

        self.copy_button = QPushButton(self.tr("Copy translation"))
        self.copy_button.clicked.connect(lambda: self.copy_text(self.translation()))
        self.save_button = QPushButton(self.tr("Save as…"))
        self.save_button.clicked.connect(self.save_translation)
        self.file_button = QPushButton(self.tr("Translate a file…"))
        self.file_button.setToolTip(self.tr("Translate a .txt, .md or .docx file into a new file beside it"))
        self.file_button.clicked.connect(self.choose_file_to_translate)
        self.edit_button = QPushButton(self.tr("Edit source"))
        self.edit_button.clicked.connect(self.edit_source)
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.save_button, self.file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.detected_label)
        header.addWidget(self.run_button)
        layout.addLayout(header)
        layout.addLayout(bar)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        chain_focus(
            self.source.edit,
            self.source.open_button,
            self.source.clear_button,
            self.source_box,
            self.swap_button,
            self.target_box,
            self.tone_box,
            self.glossary_button,
            self.run_button,
            self.preview,
            self.table,
            self.copy_button,
            self.save_button,
            self.file_button,
            self.edit_button,
        )

        self._detect_timer = QTimer(self)
        self._detect_timer.setSingleShot(True)
        self._detect_timer.setInterval(DETECT_DELAY_MS)
        self._detect_timer.timeout.connect(self.detect)

        self.runner.event.connect(self._on_event)
        self.runner.text.connect(self._on_text)
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.runningChanged.connect(self._update_buttons)
        self._show_glossary_count()
        self._update_buttons()

    def _default_target(self) -> str:
        """Chinese users mostly translate into Chinese, everyone else into English."""
        return "zh_CN" if self._settings.ui_language.startswith("zh") else "en"

    def _show_page(self, index: int) -> None:
        """The editor or the aligned rows. Focus in the page that goes follows to the one shown (Qt would
        drop it on whatever comes next in the window)."""
        focus = QApplication.focusWidget()
        had_focus = focus is not None and self.stack.isAncestorOf(focus)
        self.stack.setCurrentIndex(index)
        if had_focus:
            target = self.source.edit if index == PAGE_EDIT else self.table
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- contract ----------------------------------------------------------------------------------
    def focus_input(self) -> None:
        self._show_page(PAGE_EDIT)
        self.source.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_conversation(self, conversation_id: int | None) -> None:
        if self.runner.is_running():
            self.runner.stop()
        self._end_preparing()
        self._drop_restoring()
        self._preview_text = None
        self.hide_note()
        self._conv_id = None
        self.progress_row.show_text("")
        self.table.set_rows([])
        if conversation_id is None:
            self.title_label.setText(self.tr("Translate"))
            self.source.clear()
            self.preview.clear()
            self._show_page(PAGE_EDIT)
            self._update_buttons()
            return
        try:
            conv = self._store.get_conversation(conversation_id)
            branch = self._store.active_branch(conversation_id)
        except Exception as exc:
            self.report_exception(exc)
            return
        self._conv_id = conv.id
        settings = conv.settings
        self.title_label.setText(conv.title or self.tr("Translate"))
        source = next((m.content for m in branch if m.role == "user"), "")
        result = next((m for m in reversed(branch) if m.role == "assistant"), None)
        self.source.set_text(source, settings.get("source_name"))
        self.source_box.set_code(settings.get("source_language") if settings.get("source_forced") else None)
        self._detected = settings.get("detected_language") or settings.get("source_language")
        if settings.get("target"):
            self.target_box.set_code(settings["target"])
        self._select(self.tone_box, settings.get("tone"))
        self.glossary = Glossary(list((settings.get("glossary") or {}).items()))
        self._show_glossary_count()
        self._show_stored_rows(source, settings, result)
        if result is not None and result.status in ("stopped", "streaming", "error"):
            self.progress_row.show_text(self.tr("Stopped; the paragraphs translated so far are kept."))
        self._update_detected_label()
        self._update_buttons()

    def _show_stored_rows(self, source: str, settings: dict[str, Any], result: Any) -> None:
        """Show a stored translation: the source and the result side by side as texts (the result at the
        next turn of the event loop: each 3 MB text takes 30 ms), then the aligned rows when the source
        is cut into its segments again on a worker thread (seconds for a long text; dropped if another
        conversation is opened, the text edited or a translation started before)."""
        if not source or source.isspace():
            return
        text = result.content if result is not None else ""
        self._show_page(PAGE_EDIT)
        self._preview_text = text
        self._later.start()
        try:
            options = self._options(target=settings.get("target") or self.target_box.code())
            task = translate.Translate(source, options)  # cheap checks only
        except Exception as exc:
            self._show_rows(None, source, text, exc)
            return
        # started at the next turn too, after the window's own work: beside a thread busy in Python each
        # call of the window into Qt may wait for the GIL (5 ms)
        call = BackgroundCall(partial(_stored_rows, task, settings), "translate-rows", context=(source, text))
        self._restoring = call

    @Slot()
    def _fill_preview(self) -> None:
        if self._preview_text is not None:
            self.preview.setPlainText(self._preview_text)
            self._preview_text = None
        call = self._restoring
        if call is not None and call.thread.ident is None:  # not started yet
            call.start(self._on_segmented)

    @Slot(object, object, object)
    def _on_segmented(self, call: BackgroundCall, rows: Any, error: BaseException | None) -> None:
        if call is not self._restoring:
            return  # another conversation, an edited text or a new translation came first
        self._restoring = None
        self._show_rows(rows, *call.context, error)

    def _show_rows(
        self, rows: list[SegmentRow] | None, source: str, text: str, error: BaseException | None
    ) -> None:
        if rows is None:  # e.g. stored before segments existed: show the document whole
            log.info("cannot re-segment a stored translation: %s", error)
            rows = [SegmentRow(0, source, text, DONE if text else PENDING)]
        self.table.set_rows(rows)
        self._show_page(PAGE_ALIGNED)
        self._update_buttons()

    def _drop_restoring(self) -> None:
        call, self._restoring = self._restoring, None
        if call is not None:
            call.stop()

    @staticmethod
    def _select(box: QComboBox, value: object) -> None:
        index = box.findData(value)
        if index >= 0:
            box.setCurrentIndex(index)

    # ---- languages -----------------------------------------------------------------------------------
    @Slot()
    def _schedule_detect(self) -> None:
        self._detect_timer.start()

    @Slot()
    def detect(self) -> None:
        """Detect the source language in the background; the label follows when it is known."""
        detector = _Detector(self.source.text()[:SAMPLE_CHARS])
        detector.detected.connect(self._on_detected)
        self._detector = detector
        detector.thread.start()

    @Slot(object)
    def _on_detected(self, code: str | None) -> None:
        if self.sender() is not self._detector:
            return  # an older text's answer
        self._detector = None
        self._detected = code
        self._update_detected_label()

    def _update_detected_label(self, *_args: object) -> None:
        if self.source_box.code() is None and self._detected:
            self.detected_label.setText(
                self.tr("Detected: {language}").format(language=language_label_for(self._detected))
            )
        else:
            self.detected_label.setText("")

    def swap(self) -> None:
        """Exchange source and target; a finished translation becomes the new source."""
        if self.is_busy():
            return
        source = self.source_box.code() or self._detected
        target = self.target_box.code()
        translation = self.translation()
        if translation.strip():
            self.source.set_text(translation)
            self.table.set_rows([])
            self._show_page(PAGE_EDIT)
            self._conv_id = None
        if source:
            self.target_box.set_code(source)
        self.source_box.set_code(target)
        self._detected = target
        self._update_detected_label()

    # ---- glossary --------------------------------------------------------------------------------------
    def edit_glossary(self) -> None:
        dialog = GlossaryDialog(self.glossary, self)
        if dialog.exec() == GlossaryDialog.DialogCode.Accepted:
            self.glossary = dialog.glossary()
            self._show_glossary_count()

    def _show_glossary_count(self) -> None:
        count = len(self.glossary)
        self.glossary_button.setText(
            self.tr("Glossary ({count})").format(count=count) if count else self.tr("Glossary…")
        )

    # ---- running -----------------------------------------------------------------------------------------
    def _options(self, target: str | None = None) -> translate.TranslateOptions:
        return translate.TranslateOptions(
            target=target or self.target_box.code() or "en",
            source=self.source_box.code(),
            tone=self.tone_box.currentData(),
            glossary=self.glossary if len(self.glossary) else None,
        )

    def is_busy(self) -> bool:
        return self._preparing is not None or self.runner.is_running()

    def stop(self) -> None:
        """Stop the translation; while the text is still being prepared, nothing is queued."""
        if self._preparing is not None:
            self._end_preparing()
            self.progress_row.show_text("")
        else:
            self.runner.stop()

    def run(self) -> bool:
        """Check the text, then on a worker thread prepare it (segments, languages) and commit it; the
        translation is queued when that is done (``_on_prepared``). False (and a sentence) when it cannot
        start; a refusal found while preparing (nothing to translate, already in the target language)
        comes as the same sentence then."""
        if self.is_busy():
            return False
        if not self.require_model():
            return False
        try:
            text = documents.check_text(self.source.text(), self.tr("The text"))
            task = translate.Translate(text, self._options())  # cheap checks: no text, too long
        except Exception as exc:  # bad input: one sentence
            self.report_exception(exc)
            return False
        self._drop_restoring()
        self.hide_note()
        work = partial(
            _prepare_and_begin,
            self._store,
            task,
            self.source.document_name(),
            self.tr("Translation"),
            self.model_path(),
        )
        self._preparing = BackgroundCall(work, "translate-prepare", context=task)
        self.progress_row.show_busy(self.tr("Preparing the text…"))
        self._update_buttons()
        self.repaint()  # shown before the worker competes for the GIL (see _on_prepared)
        self._preparing.start(self._on_prepared)
        return True

    def _end_preparing(self) -> None:
        """Forget the text being prepared (Stop, an edit, another conversation): nothing is queued."""
        call, self._preparing = self._preparing, None
        if call is not None:
            call.stop()
            self._update_buttons()

    @Slot()
    def _drop_stale_work(self) -> None:
        """The source changed: what was being prepared or segmented for the old text is not wanted."""
        if self._preparing is not None:
            self._end_preparing()
            self.progress_row.show_text("")
        self._drop_restoring()

    @Slot(object, object, object)
    def _on_prepared(self, call: BackgroundCall, prepared: Any, error: BaseException | None) -> None:
        task: translate.Translate = call.context
        if call is not self._preparing:  # stopped, the text changed or another conversation was opened
            if task.record is not None:  # committed just before: closed as a Stop right after Run would
                task.record.finish_quietly("stopped")
            return
        self._preparing = None
        if error is not None:  # nothing to translate, already in the target language, the database
            self._not_queued(None if isinstance(error, translate.PrepareCancelled) else error)
            return
        record = task.record
        assert record is not None
        title, rows = prepared
        # Everything shown (the plan's rows painted too) before the model's thread starts: beside that
        # thread's many short calls into llama.cpp, each call of the window into Python (a cell painted)
        # or out of it (a label set) may wait for the GIL: a first paint of the rows took 60-110 ms so.
        self._file_job = None
        self._streaming = None
        self.title_label.setText(title)
        self.set_conversation(record.conversation_id)
        self.table.set_rows(rows)
        self._show_page(PAGE_ALIGNED)
        self.progress_row.show_busy(self.tr("Waiting for the model…"))
        self.table.repaint()
        try:
            self.runner.run(task)
        except Exception as exc:
            record.finish_quietly("error")
            self.table.set_rows([])
            self._show_page(PAGE_EDIT)
            self._not_queued(exc)

    def _not_queued(self, exc: BaseException | None) -> None:
        """Ready again; ``exc`` as one sentence."""
        self.progress_row.show_text("")
        self._update_buttons()
        if exc is not None:
            self.report_exception(exc)

    @Slot(object)
    def _on_event(self, event: object) -> None:
        if isinstance(event, translate.TranslationPlan):
            self._detected = event.source_language
            self._update_detected_label()
            rows = self.table.table_model.rows
            planned = [(s.index, s.kept) for s in event.segments]
            if planned != [(r.index, r.state == KEPT) for r in rows]:  # not the rows shown when queued
                self.table.set_rows(plan_rows(event.segments, {s.index for s in event.segments if s.kept}))
        elif isinstance(event, translate.SegmentTranslated):
            row = self.table.table_model.row(event.index)
            if row is None:
                return
            row.translation = event.text
            row.state = KEPT if event.kept else DONE
            row.misses = [entry.as_pair() for entry in event.misses]
            row.dropped = tuple(event.dropped)
            self.table.row_changed(event.index)
        elif isinstance(event, translate.BatchRetried):
            for index in event.indices:
                row = self.table.table_model.row(index)
                if row is not None:
                    row.translation, row.state = "", PENDING
                    self.table.row_changed(index)

    @Slot(str, object)
    def _on_text(self, text: str, key: object) -> None:
        if not isinstance(key, int):
            return
        row = self.table.table_model.row(key)
        if row is None or row.state in (DONE, KEPT):
            return
        if self._streaming is not None and self._streaming != key:  # the batch went on to the next row
            previous = self.table.table_model.row(self._streaming)
            if previous is not None and previous.state == STREAMING:
                previous.state = WRITTEN
                self.table.row_changed(self._streaming)
        self._streaming = key
        row.translation += text
        row.state = STREAMING
        self.table.row_changed(key, follow=True)

    @Slot(object)
    def _on_progress(self, progress: Progress) -> None:
        self.progress_row.show_step(self.progress_text(progress), progress.done, max(progress.total, 1))

    @Slot(object)
    def _on_finished(self, result: Any) -> None:
        if isinstance(result, translate_files.FileTranslation):
            self._file_done(result)
            result = result.result
        if not isinstance(result, translate.TranslationResult):
            self._update_buttons()
            return
        # the result is the whole truth (events after a Stop are not delivered): settle every row by it
        kept = set(result.kept)
        for row in self.table.table_model.rows:
            if row.index in result.translations:
                row.translation = result.translations[row.index]
                row.state = KEPT if row.index in kept else DONE
                row.misses = [entry.as_pair() for entry in result.misses.get(row.index, [])]
                row.dropped = tuple(result.dropped.get(row.index, ()))
            elif row.state in (STREAMING, WRITTEN):  # cut short by Stop: not a translation
                row.translation, row.state = "", PENDING
        self.table.relayout()
        misses = sum(len(v) for v in result.misses.values())
        if result.stopped:
            text = self.tr("Stopped after {done} of {total} paragraphs; what is translated is kept.").format(
                done=len(result.translations), total=result.segments
            )
        else:
            text = self.tr("Done: {count} paragraphs, {speed} tokens/s.").format(
                count=number(result.segments), speed=decimal(result.stats.tokens_per_second)
            )
        if misses:
            text += " " + self.tr("{count} glossary terms were not used (marked).").format(count=misses)
        self.progress_row.show_text(text)
        self._update_buttons()
        if self._conv_id is not None:
            self.conversationChanged.emit(self._conv_id)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.progress_row.show_text(self.tr("The translation failed; what was translated is kept."))
        self.report(message)
        self._update_buttons()

    # ---- files ---------------------------------------------------------------------------------------------
    def choose_file_to_translate(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Translate a file"), "", self.tr("Documents (*.txt *.md *.docx)")
        )
        if path:
            self.translate_file(Path(path))

    def translate_file(self, path: Path, out: Path | None = None) -> bool:
        """Translate a whole file into a new one (asks where, beside the original by default)."""
        if self.is_busy():
            return False
        if not self.require_model():
            return False
        try:
            options = self._options()
            if out is None:
                suggested = translate_files.output_path(path, options.target)
                chosen, _ = QFileDialog.getSaveFileName(
                    self, self.tr("Save the translation as"), str(suggested)
                )
                if not chosen:
                    return False
                out = Path(chosen)  # the dialog asked before replacing a file
            task = translate_files.TranslateFile(path, options, out=out, overwrite=True)
            self.runner.run(task)
        except Exception as exc:
            self.report_exception(exc)
            return False
        self._drop_restoring()
        self._file_job = str(out)
        self._show_page(PAGE_ALIGNED)
        self.table.set_rows([])
        self.progress_row.show_busy(self.tr("Translating {name}…").format(name=path.name))
        return True

    def _file_done(self, done: translate_files.FileTranslation) -> None:
        if done.stopped:
            self.show_note(self.tr("Stopped; nothing was written."), sticky=True)
        else:
            self.show_note(self.tr("Saved {path}.").format(path=str(done.path)), sticky=True)
        self._file_job = None

    # ---- results -----------------------------------------------------------------------------------------
    def translation(self) -> str:
        return self.table.table_model.translation_text()

    def save_translation(self) -> None:
        code = self.target_box.code() or "translation"
        self.save_text(
            self.translation(),
            f"{self.title_label.text() or 'translation'}.{code}.md",
            self.tr("Markdown (*.md);;Text (*.txt)"),
        )

    def edit_source(self) -> None:
        self.preview.setPlainText(self.translation())
        self._show_page(PAGE_EDIT)
        self.source.edit.setFocus()

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        running = self.is_busy()
        has_text = self.source.has_text()
        has_result = not running and self.table.table_model.has_translation()
        loading, queued = self.source.is_loading(), self.runner.is_running()
        state = (running, has_text, has_result, loading, queued, self.stack.currentIndex())
        if state == self._buttons_state:
            return  # as shown (each call into Qt may wait for the GIL while a worker runs)
        self._buttons_state = state
        self.run_button.setText(self.tr("Stop") if running else self.tr("Translate"))
        self.run_button.setEnabled(running or (has_text and not self.source.is_loading()))
        for button in (self.copy_button, self.save_button):
            button.setEnabled(has_result)
        self.edit_button.setEnabled(not running and self.stack.currentIndex() == PAGE_ALIGNED)
        for widget in (
            self.source_box,
            self.target_box,
            self.tone_box,
            self.glossary_button,
            self.swap_button,
            self.file_button,
        ):
            widget.setEnabled(not running)
        self.source.set_read_only(self.runner.is_running())  # while preparing, an edit drops the work

    def stop_timers(self) -> None:
        super().stop_timers()
        self._detect_timer.stop()
        self._later.stop()  # showEvent goes on

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._preview_text is not None or (
            self._restoring is not None and self._restoring.thread.ident is None
        ):
            self._later.start()
        self.table.stop_timers()

    def closeEvent(self, event) -> None:
        self.stop_timers()
        self.source.stop_reading()
        for call in (self._preparing, self._restoring):
            if call is not None:  # it ends at its next segment: a moment, not the whole text
                call.stop(wait=2)
        self._preparing = self._restoring = None
        super().closeEvent(event)
