"""The Draft pane: a brief in, an outline to edit, sections written one by one into a text the user
owns, rewrites of a selection shown as a diff to accept or reject, versions, export.

The flow is ``tasks.draft`` (the CLI runs the same). The first run stores a draft (kind "draft",
``tasks.draft_store``): its brief, outline, each section's text and state, the versions and the text
being edited, so it re-opens where the user left it. Three documents meet here:
- the brief (``BriefForm``);
- the outline (``OutlineEditor``: every edit saved and undoable; sections marked written / cut short /
  stopped / not written);
- the text (``DraftEditor``, Markdown, saved once typing pauses). While sections are written it shows
  them assembled as they stream (``StreamedDraft``); a regenerated section replaces only its own text.
  Before the model replaces text the user changed, that text is kept as a version: nothing is lost.
A rewrite of the selection streams into a panel under the editor and is then shown as a diff; Accept
replaces exactly the selection in one undoable step and saves a version.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core.errors import InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.core.settings import Settings
from desk_assistant.inference.types import SamplingParams
from desk_assistant.tasks import draft as draft_tasks
from desk_assistant.tasks.chat import profile_for_drafts
from desk_assistant.tasks.draft import (
    DraftBrief,
    ExpandAll,
    ExpandSection,
    ExpansionResult,
    OutlineResult,
    SectionResult,
    SectionStarted,
    SectionWritten,
    WholeResult,
    WriteOutline,
    WriteWhole,
)
from desk_assistant.tasks.draft_export import ExportFormat, export_draft
from desk_assistant.tasks.draft_store import Draft, DraftStore, DraftVersion, SectionText
from desk_assistant.tasks.outline import MAX_SECTIONS, Outline, assemble_markdown
from desk_assistant.tasks.prompts import PromptError
from desk_assistant.tasks.rewrite import Rewrite, RewriteResult, rewrite_diff
from desk_assistant.tasks.runtime import Progress
from desk_assistant.ui.i18n import resolve_language
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.panes.draft_stream import StreamedDraft, section_span
from desk_assistant.ui.panes.work_pane import WorkPane, chain_focus
from desk_assistant.ui.theme import make_title
from desk_assistant.ui.widgets.brief_form import BriefForm
from desk_assistant.ui.widgets.draft_editor import DraftEditor, as_editor_text, utf16_length
from desk_assistant.ui.widgets.markdown_view import MarkdownView
from desk_assistant.ui.widgets.outline_editor import OutlineEditor
from desk_assistant.ui.widgets.rewrite_menu import RewriteMenu, how_name
from desk_assistant.ui.widgets.rewrite_review import RewriteReview
from desk_assistant.ui.widgets.version_box import VersionBox

log = logging.getLogger(__name__)

RENDER_INTERVAL_MS = 80  # the streamed text is rebuilt at most ~12 times a second
SAVE_DELAY_MS = 800  # the text and the brief are saved once typing pauses
CONTEXT_CHARS = 2000  # at most this much of the paragraphs around a selection goes with a rewrite
PAGE_TEXT, PAGE_PREVIEW = 0, 1

# Version labels are stored in English and shown translated (context "draft", like the tasks' own).
LABEL_SAVED = QT_TRANSLATE_NOOP("draft", "Saved by you")
LABEL_KEPT = QT_TRANSLATE_NOOP("draft", "Your text, kept before the model wrote")
REWRITE_LABELS = {
    "improve": QT_TRANSLATE_NOOP("draft", "Rewrite: improve"),
    "shorten": QT_TRANSLATE_NOOP("draft", "Rewrite: shorten"),
    "expand": QT_TRANSLATE_NOOP("draft", "Rewrite: expand"),
    "simplify": QT_TRANSLATE_NOOP("draft", "Rewrite: simplify"),
    "tone": QT_TRANSLATE_NOOP("draft", "Rewrite: change the tone"),
    "grammar": QT_TRANSLATE_NOOP("draft", "Rewrite: fix grammar"),
    "translate": QT_TRANSLATE_NOOP("draft", "Rewrite: translate"),
}
# The same sentence as tasks.outline's (one translation): a pasted outline past the cap.
_E_TOO_MANY = QT_TRANSLATE_NOOP(
    "errors", "An outline can have at most {limit} sections; this one has {count}. Merge or delete some."
)


@dataclass
class PendingRewrite:
    """A rewrite of the selection, from its start to the user's Accept or Reject."""

    how: str
    start: int  # the selection (QTextCursor positions; the editor is read-only meanwhile)
    end: int
    original: str
    rewritten: str | None = None  # the model's text, once it is done


def fresh_ids(outline: Outline, taken: set[str]) -> Outline:
    """``outline`` with section ids none of ``taken`` uses, so a new outline's sections never inherit
    the texts of older sections that had the same ids."""
    if not taken & set(outline.ids):
        return outline
    numbers = [int(x[1:]) for x in taken if re.fullmatch(r"s\d+", x)]
    base = max(numbers, default=0)
    sections = tuple(replace(s, id=f"s{base + i}") for i, s in enumerate(outline.sections, 1))
    return Outline(sections, outline.title)


class DraftPane(WorkPane):
    kind = "draft"

    def __init__(
        self, service: InferenceService, store: Any, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(service, store, settings, parent)
        self.drafts = DraftStore(store)
        # What the tasks get: None keeps their defaults (tests make answers short and seeded).
        self.sampling: SamplingParams | None = None
        self.token_limits: dict[str, int | None] = {"outline": None, "section": None, "whole": None}
        self._outline = Outline()  # the outline as last saved (the editor's value)
        self._sections: dict[str, SectionText] = {}
        self._forgotten: dict[str, tuple[str, SectionText]] = {}  # deleted sections (title, text): undo
        self._headings = True
        self._saved_text: str | None = None  # the text the store shows on re-opening
        self._saved_brief: DraftBrief | None = None
        self._job: str | None = None  # "outline" | "sections" | "section" | "whole" | "rewrite"
        self._job_draft: int | None = None
        self._active_button: QAbstractButton | None = None
        self._stream: StreamedDraft | None = None
        self._whole_text = ""
        self._text_before_run = ""
        self._pending: PendingRewrite | None = None

        self.title_label = QLabel(self.tr("Draft"))
        self.title_label.setObjectName("PaneTitle")
        make_title(self.title_label)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        left = QSplitter(Qt.Orientation.Vertical)
        # the brief scrolls rather than setting the window's minimum size (small laptop screens)
        brief_scroll = QScrollArea()
        brief_scroll.setWidgetResizable(True)
        brief_scroll.setFrameShape(QFrame.Shape.NoFrame)
        brief_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not their frame
        brief_scroll.setWidget(self._build_brief_box(resolve_language(settings.ui_language)))
        left.addWidget(brief_scroll)
        left.addWidget(self._build_outline_box())
        left.setChildrenCollapsible(False)
        left.setStretchFactor(1, 1)
        left.setSizes([320, 480])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._build_text_side())
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(1, 1)
        # the brief and outline side ~66 characters wide (400 pixels at 9 pt), growing with the font
        char = self.fontMetrics().averageCharWidth()
        self.splitter.setSizes([66 * char, 106 * char])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.whole_button)
        header.addWidget(self.outline_button)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.note)
        # the brief, then the buttons that use it (in the header), then the outline and the text
        chain_focus(
            self.form.points_edit, self.whole_button, self.outline_button, self.outline_editor.title_edit
        )

        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RENDER_INTERVAL_MS)
        self._render_timer.timeout.connect(self._render_stream)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self.runner.text.connect(self._on_text)
        self.runner.event.connect(self._on_event)
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.runningChanged.connect(self._update_buttons)
        self._update_buttons()

    # ---- building ----------------------------------------------------------------------------------
    def _build_brief_box(self, ui_language: str) -> QWidget:
        self.form = BriefForm(ui_language, self)
        self.form.changed.connect(self._schedule_save)
        self.form.failed.connect(self.report)
        self.outline_button = QPushButton(self.tr("Outline first"))
        self.outline_button.setObjectName("RunButton")
        self.outline_button.setToolTip(
            self.tr("Write an outline to edit before the text is written (Ctrl+Enter)")
        )
        self.outline_button.clicked.connect(
            lambda: self._run_or_stop(self.outline_button, self.write_outline)
        )
        self.whole_button = QPushButton(self.tr("Write in one go"))
        self.whole_button.setToolTip(self.tr("Write the whole text in one answer (from the outline, if any)"))
        self.whole_button.clicked.connect(lambda: self._run_or_stop(self.whole_button, self.write_whole))
        box = QGroupBox(self.tr("Brief"))
        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addWidget(self.form)
        return box  # its run buttons are in the pane's header, as in the other panes

    def _build_outline_box(self) -> QWidget:
        self.outline_editor = OutlineEditor(self)
        self.outline_editor.outlineEdited.connect(self._on_outline_edited)
        self.outline_editor.failed.connect(self.report)
        self.outline_editor.regenerateRequested.connect(self._regenerate_clicked)
        self.outline_editor.selectionChanged.connect(self._update_buttons)
        self.paste_outline_button = QToolButton()
        self.paste_outline_button.setText(self.tr("Paste outline…"))
        self.paste_outline_button.setToolTip(
            self.tr("Use an outline of your own: one section per line (a Markdown list works too)")
        )
        self.paste_outline_button.clicked.connect(self.paste_outline)
        self.sections_button = QPushButton(self.tr("Write all sections"))
        self.sections_button.setToolTip(
            self.tr("Write every section that has no text yet, one after another")
        )
        self.sections_button.clicked.connect(
            lambda: self._run_or_stop(self.sections_button, self.write_sections)
        )
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.paste_outline_button)
        bottom.addStretch(1)
        bottom.addWidget(self.sections_button)
        box = QGroupBox(self.tr("Outline"))
        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addWidget(self.outline_editor, 1)
        layout.addLayout(bottom)
        return box

    def _build_text_side(self) -> QWidget:
        self.editor = DraftEditor(self)
        self.editor.setPlaceholderText(
            self.tr("The draft appears here. It is yours to edit: select a passage to have it rewritten.")
        )
        self.editor.setAccessibleName(self.tr("Draft text"))
        self.editor.setTabChangesFocus(True)  # Tab moves on, as everywhere in the window (no keyboard trap)
        self.editor.edited.connect(self._text_edited)
        self.editor.selectionChanged.connect(self._update_buttons)
        self.preview = MarkdownView(self)
        self.text_pages = QStackedWidget()
        self.text_pages.addWidget(self.editor)
        self.text_pages.addWidget(self.preview)
        self.rewrite_menu = RewriteMenu(self)
        self.rewrite_menu.chosen.connect(
            lambda how, tone, target: self.rewrite_selection(how, tone=tone, target=target)
        )
        self.editor.rewrite_menu = self.rewrite_menu
        self.rewrite_button = QToolButton()
        self.rewrite_button.setText(self.tr("Rewrite"))
        self.rewrite_button.setToolTip(self.tr("Select text in the draft, then choose how to rewrite it"))
        self.rewrite_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.rewrite_button.setMenu(self.rewrite_menu)
        self.preview_button = QToolButton()
        self.preview_button.setText(self.tr("Preview"))
        self.preview_button.setToolTip(self.tr("Show the draft rendered; click again to edit it"))
        self.preview_button.setCheckable(True)
        self.preview_button.toggled.connect(self.set_preview)
        self.versions_box = VersionBox()
        self.versions_box.versionChosen.connect(self.restore_version)
        self.save_version_button = QToolButton()
        self.save_version_button.setText(self.tr("Save version"))
        self.save_version_button.setToolTip(self.tr("Keep the text as it is now, to come back to it later"))
        self.save_version_button.clicked.connect(lambda: self.save_version())
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(0, 0, 0, 0)
        toolbar.addWidget(self.rewrite_button)
        toolbar.addWidget(self.preview_button)
        toolbar.addStretch(1)
        self.versions_box.setMaximumWidth(300)  # small in a small window, the labels whole in a wide one
        toolbar.addWidget(self.versions_box, 3)
        toolbar.addWidget(self.save_version_button)

        self.review = RewriteReview(self)
        self.review.accepted.connect(self.accept_rewrite)
        self.review.rejected.connect(self.reject_rewrite)
        editor_split = QSplitter(Qt.Orientation.Vertical)
        editor_split.addWidget(self.text_pages)
        editor_split.addWidget(self.review)
        editor_split.setChildrenCollapsible(False)
        editor_split.setStretchFactor(0, 3)
        editor_split.setStretchFactor(1, 2)

        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        for fmt, text in (
            ("md", self.tr("Markdown (.md)…")),
            ("txt", self.tr("Plain text (.txt)…")),
            ("docx", self.tr("Word document (.docx)…")),
        ):
            export_menu.addAction(text, lambda f=fmt: self.export(f))
        self.export_button.setMenu(export_menu)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(lambda: self.copy_text(self.text()))
        self.chat_button = QPushButton(self.tr("Send to Chat"))
        self.chat_button.setToolTip(self.tr("Start a chat about this draft"))
        self.chat_button.clicked.connect(lambda: self.sendToChat.emit(self.text()))
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        for button in (self.export_button, self.copy_button, self.chat_button):
            bottom.addWidget(button)
        bottom.addStretch(1)

        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(toolbar)
        layout.addWidget(editor_split, 1)
        layout.addLayout(bottom)
        return side

    # ---- the window's contract ----------------------------------------------------------------------
    def focus_input(self) -> None:
        target = self.form.brief_edit if self._conv_id is None else self.editor
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_conversation(self, conversation_id: int | None) -> None:
        """Show a stored draft as the user left it (None: an empty form for a new one)."""
        self.save_now()
        if self.runner.is_running():
            self.runner.stop()  # its end is ignored: it belongs to the draft being left
        self._reset_run_state()
        self.hide_note()
        self.progress_row.show_text("")
        self._conv_id = None
        self._forgotten.clear()
        if conversation_id is None:
            self._show_draft(None)
            return
        try:
            draft = self.drafts.load(conversation_id)
        except Exception as exc:  # not a draft, a broken record, the database: one sentence
            self._show_draft(None)
            self.report_exception(exc)
            return
        self._show_draft(draft)

    def stop_timers(self) -> None:
        super().stop_timers()
        if self._render_timer.isActive():
            self._render_timer.stop()
            self._render_stream()
        self.save_now()
        self.outline_editor.stop_timers()
        self.preview.flush()

    def closeEvent(self, event) -> None:
        self.stop_timers()
        super().closeEvent(event)

    def _show_draft(self, draft: Draft | None) -> None:
        self._conv_id = draft.id if draft is not None else None
        self.title_label.setText((draft.title if draft is not None else "") or self.tr("Draft"))
        if draft is not None:
            self.form.set_brief(draft.brief)
        else:
            self.form.clear()
        self._saved_brief = draft.brief if draft is not None else None
        self._headings = draft.headings if draft is not None else True
        self._outline = (draft.outline if draft is not None else None) or Outline()
        self._sections = dict(draft.sections) if draft is not None else {}
        self.outline_editor.set_outline(self._outline)
        self.outline_editor.set_states(self._states())
        self._saved_text = draft.text if draft is not None else None
        self.editor.set_text(self._saved_text or "")
        self.versions_box.set_versions(draft.versions if draft is not None else ())
        if any(s.state == "stopped" for s in self._sections.values()):
            self.progress_row.show_text(self.tr("Writing was stopped; the sections written so far are kept."))
        self._update_buttons()

    def _states(self) -> dict[str, str]:
        return {sid: s.state for sid, s in self._sections.items() if sid in self._outline.ids}

    # ---- the draft in the store ----------------------------------------------------------------------
    def _ensure_draft(self, brief: DraftBrief) -> int:
        """The draft's id: made on the first run (with the outline and text as they are now), else its
        stored brief brought up to date."""
        try:
            self._headings = draft_tasks.load_kind(brief.kind, brief.language).headings
        except PromptError:
            self._headings = True
        if self._conv_id is not None:
            if brief != self._saved_brief:
                self.drafts.save_brief(self._conv_id, brief)
                self._saved_brief = brief
            return self._conv_id
        draft_id = self.drafts.create(brief, model=self.model_path())
        self._saved_brief = brief
        if len(self._outline):
            self.drafts.save_outline(draft_id, self._outline)
            for sid, section in self._sections.items():
                self.drafts.save_section(draft_id, sid, section.text, section.state)
        self._conv_id = draft_id
        self._store_text(self.text())
        self.title_label.setText(self.drafts.store.get_conversation(draft_id).title or self.tr("Draft"))
        self.set_conversation(draft_id)
        return draft_id

    def _reload(self) -> Draft | None:
        """The stored draft after a run or a version: sections, states and versions from the store."""
        if self._conv_id is None:
            return None
        draft = self.drafts.load(self._conv_id)
        self._sections = dict(draft.sections)
        self._saved_text = draft.text
        self.outline_editor.set_states(self._states())
        self.versions_box.set_versions(draft.versions)
        return draft

    def _schedule_save(self, *_args: object) -> None:
        if self._conv_id is not None and not self.runner.is_running():
            self._save_timer.start()

    def save_now(self) -> None:
        """Save the text and the brief as they are (typing paused, the pane left, the window closing)."""
        self._save_timer.stop()
        if self._conv_id is None or self.runner.is_running():
            return
        try:
            self._store_text(self.text())
            try:
                brief = self.form.brief()
            except InputError:
                brief = None  # an empty brief is not saved; the next run says why
            if brief is not None and brief != self._saved_brief:
                self.drafts.save_brief(self._conv_id, brief)
                self._saved_brief = brief
        except Exception as exc:
            self.report_exception(exc)

    def _store_text(self, text: str) -> None:
        if self._conv_id is not None and text != self._saved_text:
            self.drafts.save_text(self._conv_id, text)
            self._saved_text = text

    # ---- running -----------------------------------------------------------------------------------
    def _run_or_stop(self, button: QAbstractButton, start: Any) -> None:
        if not self.runner.is_running():
            start()
        elif button is self._active_button:
            self.stop()

    def _ready(self) -> bool:
        """Whether a task may start now; says why not."""
        if self.runner.is_running():
            return False
        self.outline_editor.commit_notes()  # notes being typed belong to the outline the task gets
        if self._pending is not None:
            self.report(self.tr("Accept or reject the rewrite first."))
            return False
        return self.require_model()

    def _start(self, task: Any, job: str, button: QAbstractButton | None) -> bool:
        # the button becomes Stop as the runner starts: never disabled in between, so keyboard focus
        # stays on it (Qt would move focus off a disabled button)
        self._active_button = button
        try:
            started = self.runner.run(task)
        except Exception as exc:
            self._active_button = None
            self.report_exception(exc)
            return False
        if not started:
            self._active_button = None
            return False
        self._job, self._job_draft = job, self._conv_id
        self.hide_note()
        self.progress_row.show_busy(self.tr("Waiting for the model…"))
        self._update_buttons()
        return True

    def _limit(self, step: str) -> dict[str, Any]:
        """What every draft task of ``step`` gets besides the brief: the user's profile (when they
        turned it on for drafts) and a token limit when one is set."""
        options: dict[str, Any] = {"user_profile": profile_for_drafts(self._settings)}
        limit = self.token_limits.get(step)
        if limit:
            options["max_tokens"] = limit
        return options

    def write_outline(self) -> bool:
        """Ask the model for an outline; it replaces the one shown when done (Undo brings that back)."""
        if not self._ready():
            return False
        try:
            brief = self.form.brief()
            self._ensure_draft(brief)
            task = WriteOutline(brief, self.sampling, **self._limit("outline"))
        except Exception as exc:  # bad input or the database: one sentence, nothing lost
            self.report_exception(exc)
            return False
        if not self._start(task, "outline", self.outline_button):
            return False
        self.outline_editor.begin_stream()
        return True

    def write_sections(self) -> bool:
        """Write the sections that have no text yet (a stopped one is written again), one by one."""
        if not self._ready():
            return False
        if not len(self._outline):
            self.report(self.tr("There is no outline yet: write one, paste one or add sections first."))
            return False
        try:
            brief = self.form.brief()
            draft_id = self._ensure_draft(brief)
            texts = self._texts()
            written = {
                sid: t for sid, t in texts.items() if t.strip() and self._sections[sid].state != "stopped"
            }
            task = ExpandAll(
                brief,
                self._outline,
                written,
                self.sampling,
                record=self.drafts.record(draft_id),
                **self._limit("section"),
            )
            self._keep_users_text()
        except Exception as exc:
            self.report_exception(exc)
            return False
        stream = StreamedDraft(self._outline, self._headings, texts)
        return self._start_writing(task, "sections", self.sections_button, stream)

    def regenerate_section(self, section_id: str) -> bool:
        """Write one section again (or for the first time); only its text changes."""
        if not self._ready():
            return False
        try:
            brief = self.form.brief()
            draft_id = self._ensure_draft(brief)
            texts = self._texts()
            task = ExpandSection(
                brief,
                self._outline,
                section_id,
                texts,
                self.sampling,
                record=self.drafts.record(draft_id),
                **self._limit("section"),
            )
            span = section_span(self.text(), texts.get(section_id, ""))
            if span is None:
                self._keep_users_text()
        except Exception as exc:
            self.report_exception(exc)
            return False
        stream = StreamedDraft(self._outline, self._headings, texts, span=span)
        return self._start_writing(task, "section", self.outline_editor.regenerate_button, stream)

    def write_whole(self) -> bool:
        """The whole text in one answer (from the outline when there is one); saved as a version."""
        if not self._ready():
            return False
        try:
            brief = self.form.brief()
            draft_id = self._ensure_draft(brief)
            outline = self._outline if len(self._outline) else None
            task = WriteWhole(
                brief, outline, self.sampling, record=self.drafts.record(draft_id), **self._limit("whole")
            )
            self._keep_users_text()
        except Exception as exc:
            self.report_exception(exc)
            return False
        self._whole_text = ""
        return self._start_writing(task, "whole", self.whole_button, None)

    def _start_writing(
        self, task: Any, job: str, button: QAbstractButton, stream: StreamedDraft | None
    ) -> bool:
        self._text_before_run = self.text()
        if not self._start(task, job, button):
            return False
        self._stream = stream
        self.set_preview(False)
        return True

    def _texts(self) -> dict[str, str]:
        return {sid: s.text for sid, s in self._sections.items() if sid in self._outline.ids}

    def _assembled(self) -> str:
        return as_editor_text(assemble_markdown(self._outline, self._texts(), headings=self._headings))

    def _keep_users_text(self) -> None:
        """Before the model replaces the text: keep what the user wrote as a version, unless a version
        or the sections already hold it."""
        text = self.text()
        if self._conv_id is None or not text.strip() or text == self._assembled():
            return
        if any(as_editor_text(v.text) == text for v in self.versions_box.versions()):
            return
        self.drafts.save_version(self._conv_id, text, LABEL_KEPT)
        self._reload()

    def _regenerate_clicked(self, section_id: str) -> None:
        self._run_or_stop(self.outline_editor.regenerate_button, lambda: self.regenerate_section(section_id))

    # ---- what the running task says -----------------------------------------------------------------
    def _mine(self) -> bool:
        return self._job is not None and self._job_draft == self._conv_id

    @Slot(str, object)
    def _on_text(self, text: str, key: object) -> None:
        if not self._mine() or (key is None and self._job in ("sections", "section")):
            return
        if self._job == "outline":
            self.outline_editor.append_stream(text)
        elif self._job == "rewrite":
            self.review.append(text)
        elif self._job == "whole":
            self._whole_text += text
            self._schedule_render()
        elif self._stream is not None and isinstance(key, str):
            self._stream.add(key, text)
            self._schedule_render()

    @Slot(object)
    def _on_event(self, event: object) -> None:
        if not self._mine() or self._stream is None:
            return
        if isinstance(event, SectionStarted):
            self._stream.started(event.section_id)
            self.outline_editor.set_state(event.section_id, "writing")
            if self._job == "section":
                self.progress_row.show_busy(
                    self.tr("Writing section {done} of {total}…").format(done=event.index, total=event.total)
                )
        elif isinstance(event, SectionWritten):
            self._stream.written(event.section_id, event.text)
            self._sections[event.section_id] = SectionText(event.text, event.state)
            self.outline_editor.set_state(event.section_id, event.state)
            self._schedule_render()

    @Slot(object)
    def _on_progress(self, progress: Progress) -> None:
        if self._mine():
            self.progress_row.show_step(self.progress_text(progress), progress.done, max(progress.total, 1))

    def _schedule_render(self) -> None:
        if not self._render_timer.isActive():
            self._render_timer.start()

    def _render_stream(self) -> None:
        """The text as it grows (throttled): the sections assembled, one section in place, or the whole."""
        if self._job == "whole":
            self.editor.set_text(self._whole_text, cursor=utf16_length(as_editor_text(self._whole_text)))
        elif self._stream is not None:
            text, cursor = self._stream.text()
            self.editor.set_text(text, cursor=cursor)
        else:
            return
        if self.text_pages.currentIndex() == PAGE_PREVIEW:
            self.preview.set_markdown(self.text())

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._render_timer.stop()
        if not self._mine():  # a draft the user has left since
            self._reset_run_state()
            self._update_buttons()
            return
        try:
            if isinstance(result, OutlineResult):
                self._outline_done(result)
            elif isinstance(result, (ExpansionResult, SectionResult)):
                self._sections_done(result)
            elif isinstance(result, WholeResult):
                self._whole_done(result)
            elif isinstance(result, RewriteResult):
                self._rewrite_done(result)
        except Exception as exc:  # the database failed while settling: say so, keep the text shown
            self.report_exception(exc)
        self._reset_run_state(keep_pending=True)
        stats = getattr(result, "stats", None)
        if stats is not None:
            self.statsChanged.emit(stats)
        self._update_buttons()
        if self._conv_id is not None:
            self.conversationChanged.emit(self._conv_id)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._render_timer.stop()
        if self._mine():
            if self._job in ("sections", "section", "whole"):
                try:  # what the task kept (a section cut short by the failure) is in the store
                    self._settle_text()
                except Exception as exc:
                    log.warning("cannot reload draft %s: %s", self._conv_id, exc)
            self.progress_row.show_text(self.tr("This step failed; what was written is kept."))
            self.report(message)
        self._reset_run_state()
        self._update_buttons()

    def _reset_run_state(self, keep_pending: bool = False) -> None:
        if self._job == "outline":
            self.outline_editor.end_stream()
        self._job = self._job_draft = self._active_button = self._stream = None
        self._whole_text = ""
        if not keep_pending:
            self._pending = None
            self.review.close_review()

    def _settle_text(self) -> None:
        """After a run that wrote text: the store is the truth; the editor shows what it keeps."""
        if self._reload() is None:
            return
        if self._job == "whole":
            text = self.text()  # as far as it streamed (the task kept it as a version)
        elif self._stream is not None:
            self._stream.texts = self._texts()
            self._stream.live.clear()
            text = self._stream.text()[0]
        else:
            text = self._assembled()
        self.editor.set_text(text if text.strip() else self._text_before_run)
        self._store_text(self.text())

    def _outline_done(self, result: OutlineResult) -> None:
        self.outline_editor.end_stream()
        outline = result.outline
        if not len(outline):
            self.progress_row.show_text(
                self.tr("Stopped before the outline was written.")
                if result.stopped
                else self.tr(
                    "The model wrote no outline that could be read; try again, or add sections yourself."
                )
            )
            return
        self.outline_editor.replace_outline(fresh_ids(outline, self._taken_ids()))  # saved when edited
        texts = [
            self.tr("Outline: {count} sections. Edit it, then write the sections.").format(count=len(outline))
        ]
        if result.stopped:
            texts.append(self.tr("(Stopped: it may be unfinished.)"))
        elif result.state == "incomplete":
            texts.append(self.tr("(The model ran out of room: it may be unfinished.)"))
        if outline.dropped:
            texts.append(
                self.tr("{count} more sections were left out: an outline has at most {limit}.").format(
                    count=outline.dropped, limit=MAX_SECTIONS
                )
            )
        self.progress_row.show_text(" ".join(texts))

    def _taken_ids(self) -> set[str]:
        taken = set(self._outline.ids) | set(self._sections) | set(self._forgotten)
        for old in self.outline_editor.history():
            taken |= set(old.ids)
        return taken

    def _sections_done(self, result: ExpansionResult | SectionResult) -> None:
        self._settle_text()
        if isinstance(result, SectionResult):
            index = (
                self._outline.index(result.section_id) + 1 if result.section_id in self._outline.ids else 0
            )
            texts = {
                "stopped": self.tr("Stopped in section {index}; its text so far is kept (marked stopped)."),
                "incomplete": self.tr(
                    "The model stopped before the end of section {index} (marked cut short); "
                    "regenerate it or finish it in the text."
                ),
                "complete": self.tr("Section {index} is written."),
            }
            self.progress_row.show_text(texts[result.state].format(index=index))
            return
        total = len(self._outline)
        if result.stopped:
            stopped = next((sid for sid, s in result.sections.items() if s.stopped), None)
            index = self._outline.index(stopped) + 1 if stopped in self._outline.ids else len(result.sections)
            self.progress_row.show_text(
                self.tr(
                    "Stopped in section {index} of {total}; the sections written so far and the start of "
                    "this one are kept."
                ).format(index=index, total=total)
            )
            return
        cut = sum(1 for s in result.sections.values() if s.state == "incomplete")
        if cut:
            self.progress_row.show_text(
                self.tr(
                    "Done; {count} of {total} sections were cut short (marked): regenerate them or finish "
                    "them in the text."
                ).format(count=cut, total=total)
            )
        else:
            done = sum(1 for s in result.sections.values() if s.text.strip())
            self.progress_row.show_text(self.tr("Done: {count} sections written.").format(count=done))

    def _whole_done(self, result: WholeResult) -> None:
        self.editor.set_text(result.text if result.text.strip() else self._text_before_run)
        self._reload()
        self._store_text(self.text())
        texts = {
            "stopped": self.tr("Stopped; the text written so far is kept as a version."),
            "incomplete": self.tr("The model stopped before the end (it ran out of room); the text is kept."),
            "complete": self.tr("Done."),
        }
        self.progress_row.show_text(
            texts[result.state] if result.text.strip() else self.tr("Nothing was written.")
        )

    # ---- the text ----------------------------------------------------------------------------------
    def text(self) -> str:
        return self.editor.text()

    def _text_edited(self) -> None:
        self._schedule_save()
        self._update_buttons()

    @Slot(bool)
    def set_preview(self, on: bool) -> None:
        if on:
            self.preview.set_markdown(self.text())
        self.text_pages.setCurrentIndex(PAGE_PREVIEW if on else PAGE_TEXT)
        if self.preview_button.isChecked() != on:
            self.preview_button.setChecked(on)

    # ---- the outline -------------------------------------------------------------------------------
    @Slot(object)
    def _on_outline_edited(self, outline: Outline) -> None:
        """Save an edit. Deleted sections keep their text in memory, so Undo brings it back; a text that
        is just the sections assembled follows the outline (one the user edited is left alone)."""
        old = self._outline
        follows = bool(self.text().strip()) and self.text() == self._assembled()
        for sid in list(self._sections):
            if sid not in outline.ids:
                title = old.section(sid).title if sid in old.ids else ""
                self._forgotten[sid] = (title, self._sections.pop(sid))
        restored = []
        for section in outline.sections:
            kept = self._forgotten.get(section.id)
            if section.id not in self._sections and kept is not None and kept[0] == section.title:
                self._sections[section.id] = kept[1]
                del self._forgotten[section.id]
                restored.append(section.id)
        self._outline = outline
        try:
            if self._conv_id is not None:
                self.drafts.save_outline(self._conv_id, outline)
                for sid in restored:
                    section = self._sections[sid]
                    self.drafts.save_section(self._conv_id, sid, section.text, section.state)
            if follows:
                self.editor.set_text(self._assembled())
                self._store_text(self.text())
        except Exception as exc:
            self.report_exception(exc)
        self.outline_editor.set_states(self._states())
        self._update_buttons()

    def paste_outline(self) -> None:
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Paste an outline"), self.tr("One section per line (a Markdown list works too):")
        )
        if ok:
            self.import_outline(text)

    def import_outline(self, text: str) -> bool:
        """An outline the user wrote replaces the one shown (Undo brings that back)."""
        if self.runner.is_running():
            return False
        parsed = Outline.parse(text)
        if parsed.dropped:
            self.report_exception(
                InputError(_E_TOO_MANY, limit=MAX_SECTIONS, count=len(parsed) + parsed.dropped)
            )
            return False
        if not len(parsed):
            self.report(self.tr("There is no outline in that text: write one section title per line."))
            return False
        self.outline_editor.replace_outline(fresh_ids(parsed, self._taken_ids()))
        return True

    # ---- rewriting a selection ---------------------------------------------------------------------
    def rewrite_selection(self, how: str, *, tone: str | None = None, target: str | None = None) -> bool:
        """Rewrite the editor's selection; the result is shown as a diff to accept or reject."""
        if not self._ready():
            return False
        start, end, original = self.editor.selection()
        try:
            task = Rewrite(
                original,
                how,
                tone=tone,
                target_language=target,
                context=self.editor.passage_around(start, end, CONTEXT_CHARS) if original.strip() else "",
                sampling=self.sampling,
                user_profile=profile_for_drafts(self._settings),
            )
        except Exception as exc:  # nothing selected, a 5 MB selection: one sentence
            self.report_exception(exc)
            return False
        if not self._start(task, "rewrite", None):
            return False
        self._pending = PendingRewrite(task.how, start, end, original)
        self.set_preview(False)
        self.review.start(how_name(task.how))
        self.progress_row.show_busy(self.tr("Rewriting the selection…"))
        self._update_buttons()
        return True

    def _rewrite_done(self, result: RewriteResult) -> None:
        pending = self._pending
        self.progress_row.show_text("")
        if pending is None:
            return
        if result.stopped or not result.text.strip():
            self._close_rewrite()
            self.show_note(
                self.tr("The rewrite was stopped; the text is unchanged.")
                if result.stopped
                else self.tr("The model gave no rewrite; the text is unchanged.")
            )
            return
        pending.rewritten = as_editor_text(result.text)
        self.review.show_diff(how_name(pending.how), rewrite_diff(pending.original, pending.rewritten))
        if not result.complete:
            self.progress_row.show_text(self.tr("The rewrite may be unfinished (the model ran out of room)."))

    def accept_rewrite(self) -> bool:
        """Replace exactly the selection with the rewrite, as one step of the editor's undo."""
        pending = self._pending
        if pending is None or pending.rewritten is None:
            return False
        self._close_rewrite()  # the editor is writable again before the edit
        if not self.editor.replace_range(pending.start, pending.end, pending.original, pending.rewritten):
            self.report(self.tr("The text changed during the rewrite; nothing was replaced."))
            return False
        if self._conv_id is not None:
            self.save_version(REWRITE_LABELS.get(pending.how, REWRITE_LABELS["improve"]), quiet=True)
        self.show_note(self.tr("Replaced. Ctrl+Z in the text undoes it."))
        self.editor.setFocus()
        return True

    def reject_rewrite(self) -> None:
        """Reject the rewrite (or, while it streams, stop it): the text stays as it was."""
        if self.runner.is_running() and self._job == "rewrite":
            self.stop()
        else:
            self._close_rewrite()

    def _close_rewrite(self) -> None:
        self._pending = None
        self.review.close_review()
        self._update_buttons()

    # ---- versions ----------------------------------------------------------------------------------
    def save_version(self, label: str = LABEL_SAVED, *, quiet: bool = False) -> DraftVersion | None:
        """Keep the editor's text as a version (the draft is made first if there is none yet)."""
        if self.runner.is_running():
            return None
        try:
            draft_id = self._ensure_draft(self.form.brief())
            version = self.drafts.save_version(draft_id, self.text(), label)
            self._reload()
        except Exception as exc:
            self.report_exception(exc)
            return None
        self._save_timer.stop()
        if not quiet:
            self.show_note(self.tr("Saved as version {number}.").format(number=version.number))
        return version

    def restore_version(self, message_id: int) -> bool:
        """Show a saved version again; text that is in no version is kept first if the user says so."""
        versions = self.versions_box.versions()
        if self._conv_id is None or self.runner.is_running() or self._pending is not None:
            self.versions_box.show_active()
            return False
        text = self.text()
        if any(v.active and v.message_id == message_id and as_editor_text(v.text) == text for v in versions):
            return True
        if text.strip() and all(as_editor_text(v.text) != text for v in versions):
            answer = self._ask_unsaved()
            if answer == "cancel" or (answer == "save" and self.save_version(quiet=True) is None):
                self.versions_box.show_active()
                return False
        try:
            draft = self.drafts.restore_version(self._conv_id, message_id)
        except Exception as exc:
            self.report_exception(exc)
            self.versions_box.show_active()
            return False
        self.versions_box.set_versions(draft.versions)
        self.editor.set_text(draft.text)
        self._saved_text = draft.text
        shown = draft.current_version
        if shown is not None:
            self.show_note(self.tr("Showing version {number}.").format(number=shown.number))
        self._update_buttons()
        return True

    def _ask_unsaved(self) -> str:
        """ "save", "discard" or "cancel": the text shown is in no version yet."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Show another version"))
        box.setText(self.tr("The text shown is not saved as a version. Keep it as a version first?"))
        save = box.addButton(self.tr("Keep it and switch"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Switch without keeping it"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "cancel"

    # ---- export ------------------------------------------------------------------------------------
    def export(self, fmt: ExportFormat) -> str | None:
        filters = {
            "md": self.tr("Markdown (*.md)"),
            "txt": self.tr("Plain text (*.txt)"),
            "docx": self.tr("Word document (*.docx)"),
        }
        name = (self.title_label.text() or "draft").strip().replace("/", "-").replace("\\", "-")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the draft"), f"{name}.{fmt}", filters[fmt]
        )
        if not path:
            return None
        if Path(path).suffix.lower() != f".{fmt}":
            path += f".{fmt}"
        return self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: ExportFormat | None = None) -> str | None:
        """Write the text to ``path`` (the whole file or nothing); the path, or None and a sentence."""
        try:
            written = export_draft(self.text(), path, fmt, title=self.title_label.text())
        except Exception as exc:
            self.report_exception(exc)
            return None
        self.show_note(self.tr("Saved {path}.").format(path=str(written)))
        return str(written)

    # ---- buttons -----------------------------------------------------------------------------------
    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        running = self.runner.is_running()
        busy = running or self._pending is not None
        active = self._active_button if running else None
        selected = self.outline_editor.selected_id()
        texts = self._texts()
        missing = [
            sid
            for sid in self._outline.ids
            if not texts.get(sid, "").strip() or self._sections[sid].state == "stopped"
        ]
        buttons: list[tuple[QAbstractButton, str, bool]] = [
            (self.outline_button, self.tr("Outline first"), True),
            (self.whole_button, self.tr("Write in one go"), True),
            (
                self.sections_button,
                self.tr("Write the remaining sections")
                if 0 < len(missing) < len(self._outline)
                else self.tr("Write all sections"),
                bool(missing),
            ),
            (
                self.outline_editor.regenerate_button,
                self.tr("Regenerate") if texts.get(selected or "", "").strip() else self.tr("Write section"),
                selected is not None,
            ),
        ]
        for button, text, possible in buttons:
            button.setText(self.tr("Stop") if button is active else text)
            button.setEnabled(button is active or (not busy and possible))
        self.form.set_read_only(running)
        self.paste_outline_button.setEnabled(not running)
        self.outline_editor.set_editable(not running)
        self.editor.setReadOnly(busy)
        has_text = bool(self.text().strip())
        self.rewrite_button.setEnabled(not busy and self.editor.textCursor().hasSelection())
        self.rewrite_menu.setEnabled(not busy and self.editor.textCursor().hasSelection())
        self.versions_box.setEnabled(not busy and bool(self.versions_box.versions()))
        self.save_version_button.setEnabled(not busy and has_text)
        for button in (self.export_button, self.copy_button, self.chat_button):
            button.setEnabled(not running and has_text)


__all__ = ["DraftPane", "PendingRewrite", "fresh_ids"]
