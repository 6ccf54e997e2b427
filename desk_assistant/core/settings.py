"""Typed settings saved as JSON in the config dir.

Unknown keys in the file are ignored, missing keys take defaults, a broken file is set aside (renamed
``settings.json.broken``) and defaults are used, so a bad edit never stops the app from starting.
Older files are read too: ``user_profile`` was one free text, now it is a ``UserProfile`` (the old
text becomes its "things to remember").
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk_assistant.core import paths
from desk_assistant.core.errors import SettingsError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)


@dataclass
class SamplingSettings:
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 1024
    seed: int | None = None  # None: a fresh seed per request


@dataclass
class ModelSettings:
    """Per-model settings, keyed by model path in ``Settings.models``."""

    context_size: int = 4096
    gpu_layers: str = "auto"  # "auto", "cpu", or a number as text
    threads: int | None = None
    chat_template: str | None = None  # None: from the GGUF, else by architecture
    sampling: SamplingSettings | None = None
    flash_attention: bool = False
    kv_cache_type: str = "f16"  # "f16", or "q8_0": about half the memory (turns flash attention on)


@dataclass
class UserProfile:
    """What the user tells the models about themselves, kept only in this file, and where it is used.

    A conversation can override ``use_in_chat`` (its ``settings["use_profile"]``)."""

    name: str = ""
    preferred_language: str = ""  # a language code ("zh_CN"), "" when not set
    writing_style: str = ""  # "plain, friendly, short sentences"
    remember: str = ""  # anything else worth knowing ("I teach maths in Shanghai")
    use_in_chat: bool = True  # added to every chat's system message
    use_in_drafts: bool = True  # given to drafts and rewrites

    def is_empty(self) -> bool:
        return not any(
            v.strip() for v in (self.name, self.preferred_language, self.writing_style, self.remember)
        )


@dataclass
class RemoteBackend:
    """An OpenAI-compatible server the user added (Settings → Backends, ``desk-assistant backends``).

    Its API key is never here: it lives in the OS keyring (``core/backends.py``)."""

    name: str = ""
    base_url: str = ""  # e.g. http://workstation:8080 (with or without /v1)


@dataclass
class ApiServerSettings:
    """The app's own OpenAI-compatible server (off by default). Its key is kept with the backend keys."""

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = 8765
    cors_origins: list[str] = field(default_factory=list)  # none: no CORS headers at all


@dataclass
class Settings:
    default_model: str | None = None
    ui_language: str = "system"  # "system", "en", "zh_CN"
    theme: str = "system"  # "system", "light", "dark"
    first_run_done: bool = False
    user_profile: UserProfile = field(default_factory=UserProfile)
    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    models: dict[str, ModelSettings] = field(default_factory=dict)
    # Memory for saved conversation KV states (switching back is instant); 0 = sized by the engine
    # from free RAM within its ceiling. (Was ``state_cache_mb``, 1024 by default: that key is ignored.)
    saved_states_mb: int = 0
    # Offline: no model downloads, no remote backends (huggingface_hub offline too)
    offline: bool = False
    backends: list[RemoteBackend] = field(default_factory=list)
    api_server: ApiServerSettings = field(default_factory=ApiServerSettings)

    def model_settings(self, model_path: str) -> ModelSettings:
        return self.models.get(model_path) or ModelSettings()


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def _from_dict(cls: type, data: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    hints = {f.name: f for f in dataclasses.fields(cls)}
    for name, value in data.items():
        if name not in hints:
            continue
        if name == "sampling" and isinstance(value, dict):
            value = _from_dict(SamplingSettings, value)
        elif name == "user_profile":
            value = _profile(value)
        elif name == "backends":
            value = (
                [_from_dict(RemoteBackend, v) for v in value if isinstance(v, dict)]
                if isinstance(value, list)
                else []
            )
        elif name == "api_server":
            value = _from_dict(ApiServerSettings, value) if isinstance(value, dict) else ApiServerSettings()
        elif name == "models" and isinstance(value, dict):
            value = {k: _from_dict(ModelSettings, v) for k, v in value.items() if isinstance(v, dict)}
        kwargs[name] = value
    return cls(**kwargs)


def _profile(value: Any) -> UserProfile:
    """A profile from the file: a table, or the free text older versions kept. Values of the wrong
    type (a hand edit) are made usable rather than let through to the prompts."""
    if isinstance(value, dict):
        profile = _from_dict(UserProfile, value)
        for f in dataclasses.fields(UserProfile):
            current = getattr(profile, f.name)
            if f.type == "bool":
                setattr(profile, f.name, bool(current))
            elif not isinstance(current, str):
                setattr(profile, f.name, "" if current is None else str(current))
        return profile
    if isinstance(value, str):
        return UserProfile(remember=value.strip())
    return UserProfile()


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        return _from_dict(Settings, json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        log.warning("settings file %s is unreadable (%s); using defaults", path, exc)
        with contextlib.suppress(OSError):
            path.replace(path.with_name(path.name + ".broken"))
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically (temp file + rename) so a full disk never leaves half a file."""
    path = path or settings_path()
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(dataclasses.asdict(settings), indent=2, ensure_ascii=False), "utf-8")
        paths.make_private(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # a missing folder: no temp file either
            tmp.unlink(missing_ok=True)
        raise SettingsError(
            QT_TRANSLATE_NOOP("errors", "Could not save settings to {path}: {reason}"),
            path=str(path),
            reason=exc.strerror or str(exc),
        ) from exc
