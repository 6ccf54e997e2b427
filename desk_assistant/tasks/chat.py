"""Chat task: one stored answer (``ChatTurn``), and the messages a stored conversation sends the engine.

No Qt here. The window's chat pane and ``desk-assistant chat --conversation`` run the same flow:
``ChatTurn.ask`` commits the question and opens an empty 'streaming' answer (on the caller's thread,
before anything is queued), ``run`` streams the answer into the store and to the caller (on the
inference thread), then closes it as complete / stopped / error with its stats.
The module also gives:
- the ``ChatMessage`` list of a branch (system prompt + user profile + stored turns),
- the persona presets (``resources/prompts/personas.json``: prompts are data, not code),
- a title from the first user message,
- the sampling parameters of a conversation (its overrides on top of the app defaults).
Counting and trimming tokens is the engine's job (it reports ``GenerationStats.trimmed``).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from desk_assistant.core.paths import resources_dir
from desk_assistant.core.settings import SamplingSettings, Settings
from desk_assistant.inference.types import ChatMessage, GenerationStats, SamplingParams
from desk_assistant.storage.records import Message, MessageStatus
from desk_assistant.storage.store import ConversationStore, StreamWriter
from desk_assistant.tasks.runtime import TaskContext, generate

log = logging.getLogger(__name__)

TITLE_MAX_CHARS = 60
_DEFAULT_PROFILE_TEMPLATE = "About the user:\n{profile}"
_DEFAULT_CONTINUE_PROMPT = "Continue your previous answer exactly where it stopped."


@dataclass(frozen=True)
class Persona:
    id: str
    names: Mapping[str, str]  # language code ("en", "zh_CN") -> display name
    prompt: str

    def name(self, language: str = "en") -> str:
        return self.names.get(language) or self.names.get("en") or self.id


@dataclass(frozen=True)
class PromptPresets:
    personas: tuple[Persona, ...]
    profile_template: str
    continue_prompt: str = _DEFAULT_CONTINUE_PROMPT

    def persona(self, persona_id: str) -> Persona | None:
        return next((p for p in self.personas if p.id == persona_id), None)


def personas_path() -> Path:
    return resources_dir() / "prompts" / "personas.json"


@lru_cache(maxsize=4)
def _load_presets(path: Path) -> PromptPresets:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        personas = tuple(
            Persona(id=str(p["id"]), names=dict(p.get("name") or {}), prompt=str(p["prompt"]))
            for p in data.get("personas", [])
        )
        template = str(data.get("profile_template") or _DEFAULT_PROFILE_TEMPLATE)
        continue_prompt = str(data.get("continue_prompt") or _DEFAULT_CONTINUE_PROMPT)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        # A broken presets file must not stop the chat: it just offers no presets.
        log.warning("persona presets %s are unreadable (%s)", path, exc)
        return PromptPresets(personas=(), profile_template=_DEFAULT_PROFILE_TEMPLATE)
    return PromptPresets(personas=personas, profile_template=template, continue_prompt=continue_prompt)


def load_presets(path: Path | None = None) -> PromptPresets:
    return _load_presets(path or personas_path())


def system_text(system_prompt: str, user_profile: str = "", presets: PromptPresets | None = None) -> str:
    """The system message: the conversation's prompt, then the user's profile if any."""
    parts = [system_prompt.strip()] if system_prompt.strip() else []
    if user_profile.strip():
        template = (presets or load_presets()).profile_template
        parts.append(template.replace("{profile}", user_profile.strip()))
    return "\n\n".join(parts)


def build_messages(
    history: Iterable[Message],
    system_prompt: str = "",
    user_profile: str = "",
    presets: PromptPresets | None = None,
) -> list[ChatMessage]:
    """The messages of one branch, oldest first, as the engine gets them.

    Stored text is passed exactly as generated (byte-identical history lets llama.cpp reuse its
    KV cache turn to turn). Failed answers and empty messages are left out: they never reached
    the model's context. A stopped (partial) answer is kept, as the user saw it.
    """
    messages: list[ChatMessage] = []
    system = system_text(system_prompt, user_profile, presets)
    if system:
        messages.append(ChatMessage("system", system))
    for msg in history:
        if msg.role == "system" or msg.status in ("error", "streaming") or not msg.content:
            continue
        messages.append(ChatMessage(msg.role, msg.content))
    return messages


def build_continue_messages(
    history: Iterable[Message],
    system_prompt: str = "",
    user_profile: str = "",
    presets: PromptPresets | None = None,
) -> list[ChatMessage]:
    """Messages asking the model to go on with the answer that ends ``history``.

    Chat templates close every assistant turn, so the model cannot simply resume mid-turn; a short
    user request (from the presets file) asks it to carry on, and the pane appends the new text to
    the same stored answer.
    """
    presets = presets or load_presets()
    messages = build_messages(history, system_prompt, user_profile, presets)
    return [*messages, ChatMessage("user", presets.continue_prompt)]


_SPACES = re.compile(r"\s+")


def title_from_message(text: str, max_chars: int = TITLE_MAX_CHARS) -> str:
    """A one-line title: the first non-empty line, whitespace collapsed, cut at a word if possible."""
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    line = _SPACES.sub(" ", line).strip().lstrip("#>*- ").strip()
    if len(line) <= max_chars:
        return line
    cut = line[: max_chars - 1]
    space = cut.rfind(" ")
    if space > max_chars // 2:  # cut at a word boundary, but not for CJK text without spaces
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


_SAMPLING_FIELDS = {f.name for f in dataclasses.fields(SamplingParams)}


def sampling_params(
    overrides: Mapping[str, Any] | None, defaults: SamplingSettings | None = None
) -> SamplingParams:
    """App defaults with the conversation's overrides on top; unknown keys are ignored."""
    values = dataclasses.asdict(defaults or SamplingSettings())
    for key, value in (overrides or {}).items():
        if key in _SAMPLING_FIELDS:
            values[key] = value
    return SamplingParams(**{k: v for k, v in values.items() if k in _SAMPLING_FIELDS})


def default_sampling(settings: Settings, model_path: str | None) -> SamplingSettings:
    """The defaults a conversation's overrides go on top of: the model's own sampling defaults when
    the user set some for it (model settings), else the app's."""
    model = settings.models.get(model_path) if model_path else None
    if model is not None and model.sampling is not None:
        return model.sampling
    return settings.sampling


# ---- one answer ----------------------------------------------------------------------------------

_STATUS_BY_FINISH: dict[str, MessageStatus] = {
    "stop": "complete",
    "length": "complete",
    "cancelled": "stopped",
    "error": "error",
}


def status_for(stats: GenerationStats) -> MessageStatus:
    """The stored status of an answer that ended with these stats."""
    return _STATUS_BY_FINISH.get(stats.finish_reason, "complete")


def session_key(conversation_id: int) -> str:
    """The engine keeps one KV state per conversation under this key."""
    return f"conv-{conversation_id}"


def history_until(branch: list[Message], message_id: int) -> list[Message]:
    """The branch up to and including ``message_id`` (the whole branch if it is not there)."""
    for i, msg in enumerate(branch):
        if msg.id == message_id:
            return branch[: i + 1]
    return branch


@dataclass(frozen=True)
class StreamChat:
    """One answer to ``messages``, not stored (a quick question; ``desk-assistant chat`` without a
    conversation). Its result is the engine's ``GenerationStats``."""

    messages: list[ChatMessage]
    sampling: SamplingParams | None = None
    session_key: str | None = None

    def run(self, ctx: TaskContext) -> GenerationStats:
        return generate(ctx, self.messages, self.sampling, session_key=self.session_key).stats


@dataclass(frozen=True)
class ChatOutcome:
    """How a stored answer ended: the message as stored, and the engine's stats."""

    message: Message
    stats: GenerationStats

    @property
    def status(self) -> MessageStatus:
        return self.message.status


class ChatTurn:
    """One stored answer in a conversation. Build it with ``ask``, ``answer`` or ``continue_answer``
    (store work on the caller's thread), then ``run`` it where the engine lives."""

    def __init__(
        self,
        writer: StreamWriter,
        messages: list[ChatMessage],
        sampling: SamplingParams,
        *,
        question: Message | None = None,
        base_status: MessageStatus | None = None,
    ) -> None:
        self.writer = writer
        self.messages = messages
        self.sampling = sampling
        self.question = question  # the committed user message (``ask`` only)
        self._base_status = base_status  # set when continuing an answer that already had text
        self._new_text = False

    @property
    def message_id(self) -> int:
        """The answer's message id (new, or the continued one)."""
        return self.writer.message_id

    @property
    def conversation_id(self) -> int:
        return self.writer.conversation_id

    @classmethod
    def ask(
        cls,
        store: ConversationStore,
        conversation_id: int,
        text: str,
        *,
        user_profile: str = "",
        defaults: SamplingSettings | None = None,
    ) -> ChatTurn:
        """Commit the question (before anything else: a crash from here on loses nothing the user
        typed) and open its answer."""
        question = store.append_message(conversation_id, "user", text)
        turn = cls.answer(store, conversation_id, question.id, user_profile=user_profile, defaults=defaults)
        turn.question = question
        return turn

    @classmethod
    def answer(
        cls,
        store: ConversationStore,
        conversation_id: int,
        parent_id: int,
        *,
        user_profile: str = "",
        defaults: SamplingSettings | None = None,
    ) -> ChatTurn:
        """A new answer to the stored user message ``parent_id`` (regenerate, edit-and-resend): a new
        sibling branch when that message already has one."""
        conv = store.get_conversation(conversation_id)
        history = history_until(store.active_branch(conversation_id), parent_id)
        messages = build_messages(history, conv.system_prompt, user_profile)
        sampling = sampling_params(conv.sampling, defaults)
        writer = store.start_stream(conversation_id, parent_id=parent_id)
        return cls(writer, messages, sampling)

    @classmethod
    def continue_answer(
        cls,
        store: ConversationStore,
        message_id: int,
        *,
        user_profile: str = "",
        defaults: SamplingSettings | None = None,
    ) -> ChatTurn:
        """More of the stored answer ``message_id``; the new text is added to the same message."""
        target = store.get_message(message_id)
        conv = store.get_conversation(target.conversation_id)
        history = history_until(store.active_branch(conv.id), message_id)
        messages = build_continue_messages(history, conv.system_prompt, user_profile)
        sampling = sampling_params(conv.sampling, defaults)
        writer = store.resume_stream(message_id)
        return cls(writer, messages, sampling, base_status=target.status)

    def run(self, ctx: TaskContext) -> ChatOutcome:
        try:
            result = generate(
                ctx,
                self.messages,
                self.sampling,
                session_key=session_key(self.conversation_id),
                sink=self._append,
            )
        except Exception:
            self._close_after_failure()
            raise
        return ChatOutcome(self._close(status_for(result.stats), result.stats), result.stats)

    def abandon(self) -> ChatOutcome:
        """Stopped before it started: the (empty) answer is kept, marked stopped."""
        stats = GenerationStats(finish_reason="cancelled")
        return ChatOutcome(self._close("stopped", None), stats)

    def _append(self, piece: str) -> None:
        self._new_text = True
        self.writer.append(piece)

    def _close(self, status: MessageStatus, stats: GenerationStats | None) -> Message:
        if self._base_status is not None and not self._new_text and status != "complete":
            status = self._base_status  # a continue that added nothing leaves the answer as it was
        return self.writer.finish(status, dataclasses.asdict(stats) if stats is not None else None)

    def _close_after_failure(self) -> None:
        try:
            self._close("error", None)
        except Exception:  # the failure being raised matters more; the flusher keeps the text
            log.exception("could not close answer %d after a failure", self.message_id)
