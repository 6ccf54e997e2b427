"""Chat task: turn a stored conversation into the messages sent to the engine.

No Qt here. The chat pane asks this module for:
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
from desk_assistant.inference.types import ChatMessage, SamplingParams
from desk_assistant.storage.records import Message

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
