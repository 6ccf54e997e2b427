"""What every model command shares: the --model / --context-size options and loading the engine.

The model is the one given, else the default model from the settings, else the offline starter; its
options (context, GPU layers, threads, template) come from the per-model settings as in the window.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desk_assistant.core.settings import Settings, load_settings
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.tasks.model_setup import default_model_choice, load_options_for


def text_argument(value: str) -> str:
    """Text given on the command line: bytes that were not UTF-8 arrive as lone surrogates
    (surrogateescape) and would fail later at the first encode; they become U+FFFD here instead."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", help="a .gguf file (default: the default model, else the starter)")
    parser.add_argument("--context-size", type=int, help="tokens of context (default: the model's setting)")


def resolve_model(model_arg: str | None, settings: Settings) -> Path:
    from desk_assistant.library.starter import bundled_at, ensure_starter_model

    if model_arg:
        return Path(model_arg).expanduser()
    bundled = bundled_at(settings.default_model) if settings.default_model else None
    if bundled is not None:  # the bundled Gemma is written out on first use
        return bundled.ensure()
    chosen = default_model_choice(settings)
    if chosen is not None:
        return Path(chosen)
    return ensure_starter_model()


def open_engine(args: argparse.Namespace) -> tuple[LlamaCppEngine, Path, Settings]:
    """Load the model the arguments and settings choose; the caller unloads it."""
    settings = load_settings()
    model = resolve_model(getattr(args, "model", None), settings)
    options = load_options_for(settings, str(model))
    if getattr(args, "context_size", None):
        options.context_size = args.context_size
    engine = LlamaCppEngine(state_budget_bytes=0)  # one command: no conversation to come back to
    engine.load(str(model), options)
    return engine, model, settings


@contextlib.contextmanager
def stop_on_interrupt(cancel: threading.Event) -> Iterator[None]:
    """Ctrl+C sets ``cancel`` (the task stops and returns what it kept); a second one interrupts."""

    def handler(_signum: int, _frame: Any) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: Ctrl+C cannot reach us here anyway
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
