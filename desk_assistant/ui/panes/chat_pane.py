"""The chat pane: the conversation view, the message box, and showing one answer as it streams.

The flow of an answer is ``tasks.chat.ChatTurn`` (the CLI runs the same): the conversation is created
on the first message (title from it), ``ChatTurn.ask`` commits the user's message BEFORE the task is
queued, the task streams the answer into the store (flushed by the store's writer) on the inference
thread and closes it as complete, stopped or error. This pane shows it: the answer's row re-renders
at most ~25 times a second, and ``finished`` / ``failed`` settle the row. Regenerate and
edit-and-resend make sibling branches in the store; the ‹ n/m › links flip between them. Errors
become one readable sentence (``errorRaised`` and a note in the pane); the pane stays usable.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QHideEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core.settings import SamplingSettings, Settings
from desk_assistant.storage.records import Message
from desk_assistant.tasks import chat as chat_task
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.panes.chat_settings import ChatSettingsDialog
from desk_assistant.ui.widgets.chat_input import ChatInput
from desk_assistant.ui.widgets.message_model import MessageItem
from desk_assistant.ui.widgets.message_view import MessageView

log = logging.getLogger(__name__)


def _merged(settings: dict[str, Any], changes: dict[str, Any] | None) -> dict[str, Any]:
    """``settings`` with ``changes`` on top; a None value removes the key (back to the default)."""
    out = dict(settings or {})
    for key, value in (changes or {}).items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def _template_language() -> str:
    """Persona templates in the UI's language (Chinese files in a Chinese UI)."""
    return "zh_CN" if QLocale().name().startswith("zh") else "en"


RENDER_INTERVAL_MS = 40  # the streamed answer is re-rendered at most ~25 times a second
NOTE_VISIBLE_MS = 8000


@dataclasses.dataclass
class _Generation:
    """The answer being written right now (the task stores it; this is what the view shows)."""

    request_id: int
    message_id: int
    base_text: str = ""  # the text a continued answer already had
    text: str = ""  # what arrived in this request


class ChatPane(QWidget):
    conversationChanged = Signal(int)
    statsChanged = Signal(object)
    contextUsageChanged = Signal(int, int)
    errorRaised = Signal(str)

    def __init__(self, service: Any, store: Any, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._store = store
        self._settings = settings
        self._conv_id: int | None = None
        self._gen: _Generation | None = None
        self._edit_target: int | None = None
        self._new_system_prompt = ""  # settings chosen before the conversation exists
        self._new_sampling: dict[str, Any] = {}
        self._new_options: dict[str, Any] = {}  # conversation settings chosen before it exists
        self._last_render = 0.0

        self.title_label = QLabel(self)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.settings_button = QToolButton(self)
        self.settings_button.clicked.connect(self.edit_settings)
        header = QHBoxLayout()
        header.setContentsMargins(12, 6, 8, 0)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.settings_button)

        self.view = MessageView(self)
        self.view.setAccessibleName(self.tr("Messages"))
        self.view.actionRequested.connect(self._on_action)
        self.view.linkRequested.connect(self._open_link)
        self.view.copied.connect(self._on_copied)

        self.note = QLabel(self)  # notices: context trimmed, paste refused, errors, editing
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.hide()
        self.cancel_edit_button = QToolButton(self)
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        self.cancel_edit_button.hide()
        note_row = QHBoxLayout()
        note_row.setContentsMargins(12, 0, 12, 0)
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.cancel_edit_button)

        self.input = ChatInput(self)
        self.input.submitted.connect(self._on_submit)
        self.input.stopRequested.connect(self.stop)
        self.input.notice.connect(self.show_note)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        layout.addLayout(note_row)
        input_box = QHBoxLayout()
        input_box.setContentsMargins(12, 4, 12, 0)
        input_box.addWidget(self.input)
        layout.addLayout(input_box)

        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.timeout.connect(self._render_stream)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.timeout.connect(self._hide_note)

        self._retranslate()
        service.textReady.connect(self._on_text)
        service.finished.connect(self._on_finished)
        service.failed.connect(self._on_failed)
        self._show_title()

    def _retranslate(self) -> None:
        self.settings_button.setText(self.tr("Chat settings…"))
        self.settings_button.setToolTip(self.tr("System prompt, persona and sampling for this conversation"))
        self.cancel_edit_button.setText(self.tr("Cancel editing"))
        if self._conv_id is None:
            self._show_title()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # --- the contract -------------------------------------------------------------------------
    def open_conversation(self, conversation_id: int | None) -> None:
        self._end_generation_for_switch()
        self.cancel_edit()
        self._hide_note()
        if conversation_id is None:
            self._conv_id = None
            self.view.set_messages([])
            self._show_title()
            return
        try:
            conv = self._store.get_conversation(conversation_id)
            branch = self._store.active_branch(conv.id)
        except Exception as exc:  # gone, or the database failed: say so and show an empty chat
            self.open_conversation(None)
            self._report(readable_error(exc, log))
            return
        self._conv_id = conv.id
        self.view.set_messages(branch)
        self._show_title(conv.title)
        last_stats = next((m.stats for m in reversed(branch) if m.role == "assistant" and m.stats), None)
        if last_stats:
            used = int(last_stats.get("prompt_tokens", 0)) + int(last_stats.get("completion_tokens", 0))
            self.contextUsageChanged.emit(used, self._context_size())

    def new_chat(self) -> None:
        self._new_system_prompt = ""
        self._new_sampling = {}
        self._new_options = {}
        self.open_conversation(None)
        self.focus_input()

    def stop(self) -> None:
        if self._gen is not None:
            self._service.stop(self._gen.request_id)

    def focus_input(self) -> None:
        self.input.focus()

    def prefill(self, text: str) -> None:
        """Put ``text`` in the message box (sent to chat from another pane), cursor at the end."""
        self.input.set_text(text + "\n\n")
        self.input.focus()

    def current_conversation_id(self) -> int | None:
        return self._conv_id

    # --- extra API (tests, window) ------------------------------------------------------------
    def is_generating(self) -> bool:
        return self._gen is not None

    # --- sending --------------------------------------------------------------------------------
    def _on_submit(self, text: str) -> None:
        if self._gen is not None:
            self.show_note(self.tr("Wait for the answer to finish, or press Stop (Esc)."))
            return
        try:
            if self._edit_target is not None:
                target, self._edit_target = self._edit_target, None
                self.cancel_edit_button.hide()
                self._hide_note()
                edited = self._store.edit_message(target, text)
                self.input.clear()
                self._replace_rows_from_message(target)
                self._generate(parent_id=edited.id)
                return
            if self._conv_id is None:
                conv = self._store.create_conversation(
                    kind="chat",
                    title=chat_task.title_from_message(text) or self.tr("New chat"),
                    system_prompt=self._new_system_prompt,
                    sampling=dict(self._new_sampling),
                    settings=dict(self._new_options),
                )
                self._conv_id = conv.id
                self._show_title(conv.title)
                self.conversationChanged.emit(conv.id)
            # the question is committed before the task is queued: a crash loses nothing typed
            turn = chat_task.ChatTurn.ask(self._store, self._conv_id, text, **self._turn_options())
        except Exception as exc:  # storage failures: say so, keep the text in the box
            self._report(readable_error(exc, log))
            return
        self.input.clear()
        assert turn.question is not None
        self.view.message_model().append(MessageItem.from_record(turn.question))
        self._start(turn, parent_id=turn.question.id)

    def _turn_options(self) -> dict[str, Any]:
        """The profile (where it is on for this conversation) and the sampling defaults of an answer.
        The profile is rendered here, before anything is stored: a broken template stops nothing."""
        conv = self._store.get_conversation(self._conv_id) if self._conv_id is not None else None
        return {
            "user_profile": chat_task.profile_for(self._settings, conv),
            "defaults": self._default_sampling(),
        }

    def _generate(self, parent_id: int) -> None:
        """Answer the message ``parent_id`` (a user message of the active branch) as a new branch tip."""
        try:
            turn = chat_task.ChatTurn.answer(self._store, self._conv_id, parent_id, **self._turn_options())
        except Exception as exc:
            self._report(readable_error(exc, log))
            return
        self._start(turn, parent_id=parent_id)

    def _start(self, turn: chat_task.ChatTurn, parent_id: int) -> None:
        """Queue a new answer and show its (empty, streaming) row."""
        try:
            request_id = self._service.submit_task(turn)
        except Exception as exc:  # e.g. the service was shut down
            turn.abandon()
            self._report(readable_error(exc, log))
            self._replace_rows_from_message(parent_id, keep_first=True)
            return
        item = MessageItem(id=turn.message_id, role="assistant", content="", parent_id=parent_id)
        item.status, item.streaming = "streaming", True
        self._gen = _Generation(request_id=request_id, message_id=turn.message_id)
        self._update_sibling_info(item)
        self.view.message_model().append(item)
        self.view.scroll_to_bottom()
        self.input.set_generating(True)

    def _continue(self, message_id: int) -> None:
        """Ask for more of the last answer; the new text is added to the same message."""
        row = self.view.message_model().row_of(message_id)
        item = self.view.message_model().item_at(row)
        if item is None:
            return
        try:
            turn = chat_task.ChatTurn.continue_answer(self._store, message_id, **self._turn_options())
        except Exception as exc:
            self._report(readable_error(exc, log))
            return
        try:
            request_id = self._service.submit_task(turn)
        except Exception as exc:
            turn.abandon()
            self._report(readable_error(exc, log))
            return
        self._gen = _Generation(request_id=request_id, message_id=message_id, base_text=item.content)
        item.streaming, item.status, item.error = True, "streaming", ""
        self.view.refresh_row(row)
        self.view.scroll_to_bottom()
        self.input.set_generating(True)

    # --- streaming --------------------------------------------------------------------------------
    def _on_text(self, request_id: int, text: str) -> None:
        gen = self._gen
        if gen is None or request_id != gen.request_id:
            return
        gen.text += text  # the task stores it; the store's writer flushes it at least once a second
        wait_ms = RENDER_INTERVAL_MS - (time.monotonic() - self._last_render) * 1000
        if wait_ms <= 0:
            self._render_stream()
        elif not self._render_timer.isActive():
            self._render_timer.start(int(wait_ms) + 1)

    def _render_stream(self) -> None:
        gen = self._gen
        if gen is None:
            return
        self._last_render = time.monotonic()
        model = self.view.message_model()
        row = model.row_of(gen.message_id)
        item = model.item_at(row)
        if item is None:
            return
        item.content = gen.base_text + gen.text
        self.view.refresh_row(row)

    def _on_finished(self, request_id: int, outcome: object) -> None:
        gen = self._gen
        if gen is None or request_id != gen.request_id:
            return
        if not isinstance(outcome, chat_task.ChatOutcome):
            self._close_generation(None)
            return
        stats = outcome.stats
        self._close_generation(outcome.message)
        self.statsChanged.emit(stats)
        self.contextUsageChanged.emit(stats.prompt_tokens + stats.completion_tokens, self._context_size())
        if stats.trimmed is not None:
            self.show_note(
                self.tr("Older messages were left out to fit the context ({count} messages).").format(
                    count=stats.trimmed.dropped_messages
                ),
                sticky=True,
            )

    def _on_failed(self, request_id: int, message: str) -> None:
        gen = self._gen
        if gen is None or request_id != gen.request_id:
            return
        self._close_generation(None, error=message)
        self._report(message)

    def _close_generation(self, stored: Message | None, error: str = "") -> None:
        """Settle the answer's row as the task stored it (read back when the outcome did not say)."""
        gen, self._gen = self._gen, None
        self._render_timer.stop()
        self.input.set_generating(False)
        if gen is None:
            return
        if stored is None:
            try:
                stored = self._store.get_message(gen.message_id)
            except Exception as exc:
                error = error or readable_error(exc, log)
        model = self.view.message_model()
        row = model.row_of(gen.message_id)
        item = model.item_at(row)
        if item is None:
            return
        if stored is not None:
            item.content, item.status, item.stats = stored.content, stored.status, stored.stats
        else:
            item.content, item.status = gen.base_text + gen.text, "error"
        item.streaming, item.error = False, error
        self.view.refresh_row(row)

    def _end_generation_for_switch(self) -> None:
        """Leaving the conversation: stop the answer and keep what was written, marked stopped."""
        if self._gen is not None:
            # the task closes the stored answer as stopped when it sees the Stop (milliseconds)
            self._service.stop(self._gen.request_id)
            self._gen = None
            self._render_timer.stop()
            self.input.set_generating(False)

    # --- actions on messages ---------------------------------------------------------------------
    def _on_action(self, action: str, message_id: int) -> None:
        if self._gen is not None:
            self.show_note(self.tr("Wait for the answer to finish, or press Stop (Esc)."))
            return
        try:
            if action == "regen":
                self.regenerate(message_id)
            elif action == "edit":
                self.begin_edit(message_id)
            elif action == "delete":
                self.delete_message(message_id)
            elif action == "cont":
                self._continue(message_id)
            elif action in ("prev", "next"):
                self.flip_branch(message_id, -1 if action == "prev" else 1)
        except Exception as exc:
            self._report(readable_error(exc, log))

    def regenerate(self, message_id: int) -> None:
        """A new answer to the same question, kept beside the old one as a sibling branch."""
        item = self._item(message_id)
        if item is None or item.parent_id is None:
            return
        self.view.message_model().remove_from(self.view.message_model().row_of(message_id))
        self._generate(parent_id=item.parent_id)

    def begin_edit(self, message_id: int) -> None:
        item = self._item(message_id)
        if item is None:
            return
        self._edit_target = message_id
        self.input.set_text(item.content)
        self.input.focus()
        self.show_note(
            self.tr("Editing a message: sending makes a new version and a new answer."), sticky=True
        )
        self.cancel_edit_button.show()

    def cancel_edit(self) -> None:
        if self._edit_target is not None:
            self._edit_target = None
            self.input.clear()
            self._hide_note()
        self.cancel_edit_button.hide()

    def delete_message(self, message_id: int) -> None:
        if not self._confirm(
            self.tr("Delete message"),
            self.tr("Delete this message and the replies below it?"),
        ):
            return
        self._store.delete_message(message_id)
        self._replace_rows_from_message(message_id)

    def flip_branch(self, message_id: int, step: int) -> None:
        siblings = self._store.siblings(message_id)
        ids = [m.id for m in siblings]
        if message_id not in ids:
            return
        target = ids[(ids.index(message_id) + step) % len(ids)]
        row = self.view.message_model().row_of(message_id)
        branch = self._store.switch_branch(target)
        self._replace_rows(row, branch)

    # --- helpers ----------------------------------------------------------------------------------
    def _item(self, message_id: int) -> MessageItem | None:
        model = self.view.message_model()
        return model.item_at(model.row_of(message_id))

    def _replace_rows_from_message(self, message_id: int, keep_first: bool = False) -> None:
        """Reload the active branch from the row of ``message_id`` down (rows above are unchanged)."""
        model = self.view.message_model()
        row = model.row_of(message_id)
        if row < 0:
            row = model.rowCount()
        self._replace_rows(row + (1 if keep_first else 0), self._store.active_branch(self._conv_id))

    def _replace_rows(self, row: int, branch: list[Message]) -> None:
        model = self.view.message_model()
        row = max(0, min(row, len(branch), model.rowCount()))
        model.remove_from(row)
        for msg in branch[row:]:
            model.append(MessageItem.from_record(msg))
        self.view.scroll_to_bottom()

    def _update_sibling_info(self, item: MessageItem) -> None:
        try:
            siblings = self._store.siblings(item.id)
        except Exception:
            return
        ids = [m.id for m in siblings]
        if item.id in ids:
            item.sibling_index, item.sibling_count = ids.index(item.id), len(ids)

    def _context_size(self) -> int:
        info = self._service.current_model()
        return int(info.context_size) if info is not None else 0

    def _show_title(self, title: str = "") -> None:
        self.title_label.setText(title or self.tr("New chat"))

    def _report(self, message: str) -> None:
        self.show_note(message, sticky=True)
        self.errorRaised.emit(message)

    def show_note(self, text: str, sticky: bool = False) -> None:
        self.note.setText(text)
        self.note.show()
        if sticky:
            self._note_timer.stop()
        else:
            self._note_timer.start(NOTE_VISIBLE_MS)

    def _hide_note(self) -> None:
        self._note_timer.stop()
        if self._edit_target is None:
            self.note.hide()
            self.note.clear()

    def _on_copied(self, what: str) -> None:
        if what == "code":
            self.show_note(self.tr("Code copied to the clipboard."))
        else:
            self.show_note(self.tr("Message copied to the clipboard."))

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def _open_link(self, url: str) -> None:
        if self._confirm(
            self.tr("Open link"), self.tr("Open this link in your web browser?\n\n{url}").format(url=url)
        ):
            QDesktopServices.openUrl(QUrl(url))

    def _default_sampling(self) -> SamplingSettings:
        model = self._service.current_model()
        return chat_task.default_sampling(self._settings, model.path if model else None)

    def edit_settings(self) -> None:
        try:
            conv = self._store.get_conversation(self._conv_id) if self._conv_id is not None else None
            personas = chat_task.personas(_template_language())
        except Exception as exc:  # the database or the prompt folder failed: say so
            self._report(readable_error(exc, log))
            return
        prompt = conv.system_prompt if conv else self._new_system_prompt
        overrides = conv.sampling if conv else self._new_sampling
        options = conv.settings if conv else self._new_options
        defaults = self._default_sampling()
        dialog = ChatSettingsDialog(
            prompt,
            chat_task.sampling_params(overrides, defaults),
            personas,
            self,
            defaults=chat_task.sampling_params(None, defaults),
            persona_id=str(options.get(chat_task.PERSONA) or ""),
            use_profile=options.get(chat_task.USE_PROFILE),
            profile_on=self._settings.user_profile.use_in_chat,
        )
        if dialog.exec() != ChatSettingsDialog.DialogCode.Accepted:
            return
        self.apply_settings(*dialog.values(), dialog.options())

    def apply_settings(
        self, system_prompt: str, sampling: dict[str, Any], options: dict[str, Any] | None = None
    ) -> None:
        """Store the conversation's system prompt, sampling overrides and ``options`` (conversation
        settings such as ``use_profile`` and ``persona``; a None value removes the key). The next
        answer uses them."""
        if self._conv_id is None:
            self._new_system_prompt, self._new_sampling = system_prompt, dict(sampling)
            self._new_options = _merged(self._new_options, options)
            return
        try:
            changes: dict[str, Any] = {"system_prompt": system_prompt, "sampling": sampling}
            if options:
                current = self._store.get_conversation(self._conv_id).settings
                changes["settings"] = _merged(current, options)
            self._store.update_conversation(self._conv_id, **changes)
        except Exception as exc:
            self._report(readable_error(exc, log))

    def _stop_timers(self) -> None:
        self._render_timer.stop()
        self._note_timer.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._end_generation_for_switch()
        self._stop_timers()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._note_timer.stop()
        super().hideEvent(event)
