"""Chat task: one stored answer (``ChatTurn``), and the messages a stored conversation sends the engine.

No Qt here. The window's chat pane and ``desk-assistant chat --conversation`` run the same flow:
``ChatTurn.ask`` commits the question and opens an empty 'streaming' answer (on the caller's thread,
before anything is queued), ``run`` streams the answer into the store and to the caller (on the
inference thread), then closes it as complete / stopped / error with its stats.
The module also gives:
- the ``ChatMessage`` list of a branch (system prompt + user profile + stored turns),
- the personas: prompt templates of the group "persona" (``resources/prompts/persona/*.toml`` and the
  user's own), each a system prompt and the sampling it answers with,
- the user profile as the text a prompt gets (template ``chat/profile``), and whether a conversation
  gets it (``profile_for``: the conversation's ``use_profile`` setting, else the app's switch),
- a title from the first user message,
- the sampling parameters of a conversation (its overrides on top of the app defaults).
Counting and trimming tokens is the engine's job (it reports ``GenerationStats.trimmed``).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desk_assistant.core.settings import SamplingSettings, Settings, UserProfile
from desk_assistant.inference.types import ChatMessage, GenerationStats, SamplingParams
from desk_assistant.storage.records import Conversation, Message, MessageStatus
from desk_assistant.storage.store import ConversationStore, StreamWriter
from desk_assistant.tasks.languages import language_name
from desk_assistant.tasks.prompts import DEFAULT_LANGUAGE, PromptLibrary, PromptTemplate, prompt_language
from desk_assistant.tasks.runtime import TaskContext, generate

log = logging.getLogger(__name__)

TITLE_MAX_CHARS = 60
PERSONA_GROUP = "persona"
PROFILE_TEMPLATE = "chat/profile"
CONTINUE_TEMPLATE = "chat/continue"
USE_PROFILE = "use_profile"  # conversation setting: True / False / absent (follow the app's switch)
PERSONA = "persona"  # conversation setting: the id of the persona last picked for it


# ---- personas -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    """A persona template in one language: what the chat settings offer."""

    template: PromptTemplate

    @property
    def id(self) -> str:
        """The id without the group: "programmer" for "persona/programmer"."""
        return self.template.id.partition("/")[2]

    @property
    def title(self) -> str:
        return self.template.title

    @property
    def sampling(self) -> Mapping[str, float | int]:
        """The sampling it answers with (only the keys it sets)."""
        return self.template.sampling

    @property
    def read_only(self) -> bool:
        return self.template.read_only

    def system_prompt(self) -> str:
        """Its system text, rendered (no variables); PromptError if the template is broken."""
        return self.template.render().system


def personas(language: str = DEFAULT_LANGUAGE, library: PromptLibrary | None = None) -> list[Persona]:
    """Every persona (shipped, then the user's own, each by id) in ``language``, else in English, else
    in the one language it has."""
    library = library or PromptLibrary()
    by_id: dict[str, dict[str, PromptTemplate]] = {}
    for template in library.templates():
        if template.group == PERSONA_GROUP and "/" in template.id:
            by_id.setdefault(template.id, {})[template.language] = template
    chosen = []
    for versions in by_id.values():
        template = versions.get(language) or versions.get(DEFAULT_LANGUAGE) or next(iter(versions.values()))
        chosen.append(Persona(template))

    def order(p: Persona) -> tuple[bool, str]:
        """Shipped ones (and the user's versions of them) first, then the user's own."""
        own = not p.read_only and not library.has_shipped(p.template.id, p.template.language)
        return own, p.id

    return sorted(chosen, key=order)


def persona(
    persona_id: str, language: str = DEFAULT_LANGUAGE, library: PromptLibrary | None = None
) -> Persona | None:
    return next((p for p in personas(language, library) if p.id == persona_id), None)


# ---- the user profile -----------------------------------------------------------------------------


def profile_text(profile: UserProfile, library: PromptLibrary | None = None) -> str:
    """The profile as a prompt gets it (template ``chat/profile``, in the profile's preferred language
    when it is Chinese): only the fields the user filled; "" when there are none."""
    if profile.is_empty():
        return ""
    code = profile.preferred_language.strip()
    values = {
        "name": profile.name.strip(),
        "language": language_name(code) if code else "",
        "style": profile.writing_style.strip(),
        "remember": profile.remember.strip(),
    }
    template = (library or PromptLibrary()).get(PROFILE_TEMPLATE, prompt_language(code))
    return template.render(**values).system


def use_profile(settings: Settings, conversation: Conversation | None) -> bool:
    """The conversation's own choice when it made one, else the app's switch."""
    choice = (conversation.settings or {}).get(USE_PROFILE) if conversation is not None else None
    return settings.user_profile.use_in_chat if choice is None else bool(choice)


def profile_for(
    settings: Settings, conversation: Conversation | None, library: PromptLibrary | None = None
) -> str:
    """The profile text this conversation's answers get ("" when it is off for it, or empty)."""
    return profile_text(settings.user_profile, library) if use_profile(settings, conversation) else ""


def profile_for_drafts(settings: Settings, library: PromptLibrary | None = None) -> str:
    """The profile text drafts and rewrites get ("" when the user turned it off for them)."""
    return profile_text(settings.user_profile, library) if settings.user_profile.use_in_drafts else ""


def continue_prompt(language: str = DEFAULT_LANGUAGE, library: PromptLibrary | None = None) -> str:
    """The request to go on with a cut-off answer (template ``chat/continue``)."""
    return (library or PromptLibrary()).get(CONTINUE_TEMPLATE, language).render().user


# ---- messages -------------------------------------------------------------------------------------


def system_text(system_prompt: str, user_profile: str = "") -> str:
    """The system message: the conversation's prompt, then the profile text (``profile_for``) if any."""
    parts = [part.strip() for part in (system_prompt, user_profile) if part.strip()]
    return "\n\n".join(parts)


def build_messages(
    history: Iterable[Message],
    system_prompt: str = "",
    user_profile: str = "",
) -> list[ChatMessage]:
    """The messages of one branch, oldest first, as the engine gets them.

    Stored text is passed exactly as generated (byte-identical history lets llama.cpp reuse its
    KV cache turn to turn). Failed answers and empty messages are left out: they never reached
    the model's context. A stopped (partial) answer is kept, as the user saw it.
    """
    messages: list[ChatMessage] = []
    system = system_text(system_prompt, user_profile)
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
    library: PromptLibrary | None = None,
) -> list[ChatMessage]:
    """Messages asking the model to go on with the answer that ends ``history``.

    Chat templates close every assistant turn, so the model cannot simply resume mid-turn; a short
    user request (template ``chat/continue``, in Chinese after a Chinese answer) asks it to carry on,
    and the pane appends the new text to the same stored answer.
    """
    messages = build_messages(history, system_prompt, user_profile)
    last = messages[-1].content if messages and messages[-1].role == "assistant" else ""
    language = "zh_CN" if _mostly_chinese(last[-2000:]) else DEFAULT_LANGUAGE
    return [*messages, ChatMessage("user", continue_prompt(language, library))]


_HAN = re.compile(r"[\u3400-\u9fff]")
_LETTER = re.compile(r"[^\W\d_]")


def _mostly_chinese(text: str) -> bool:
    """A character count, not language detection: this runs on the UI thread and must not load a model."""
    letters = len(_LETTER.findall(text))
    return letters > 0 and len(_HAN.findall(text)) > letters / 2


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
