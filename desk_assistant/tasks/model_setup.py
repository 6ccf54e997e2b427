"""Choosing what to load and with which options (Settings -> LoadOptions), for the window and the CLI."""

from __future__ import annotations

from pathlib import Path

from desk_assistant.core.settings import Settings
from desk_assistant.inference.types import LoadOptions
from desk_assistant.library.memory import KV_CACHE_TYPES


def load_options_for(settings: Settings, model_path: str) -> LoadOptions:
    ms = settings.model_settings(model_path)
    if ms.gpu_layers == "auto":
        layers: int | str = "auto"
    elif ms.gpu_layers == "cpu":
        layers = 0
    else:
        try:
            layers = max(0, int(ms.gpu_layers))
        except ValueError:
            layers = "auto"
    return LoadOptions(
        context_size=ms.context_size,
        gpu_layers=layers,  # type: ignore[arg-type]
        threads=ms.threads,
        chat_template=ms.chat_template,
        flash_attention=bool(ms.flash_attention),
        kv_cache_type=ms.kv_cache_type if ms.kv_cache_type in KV_CACHE_TYPES else "f16",
    )


def default_model_choice(settings: Settings) -> str | None:
    """The saved default model if its file is still there; None means: use the starter model."""
    if settings.default_model and Path(settings.default_model).is_file():
        return settings.default_model
    return None
