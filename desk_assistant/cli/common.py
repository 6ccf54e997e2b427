"""What every model command shares: the --model / --context-size options and loading the engine.

The model is the one given, else the default model from the settings, else the offline starter; its
options (context, GPU layers, threads, template) come from the per-model settings as in the window.
With ``--backend NAME|URL`` a remote OpenAI-compatible server answers instead (``--model`` is then
the server's model id, its first model when left out); the engine is a SwitchingEngine either way.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desk_assistant.core import backends, network
from desk_assistant.core.settings import Settings, load_settings
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.switching_engine import SwitchingEngine
from desk_assistant.tasks.model_setup import default_model_choice, load_options_for


def text_argument(value: str) -> str:
    """Text given on the command line: bytes that were not UTF-8 arrive as lone surrogates
    (surrogateescape) and would fail later at the first encode; they become U+FFFD here instead."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def add_model_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        help="a .gguf file (default: the default model, else the starter); "
        "with --backend: the server's model id (default: its first)",
    )
    parser.add_argument("--context-size", type=int, help="tokens of context (default: the model's setting)")
    parser.add_argument(
        "--backend",
        metavar="NAME|URL",
        help="answer with a remote OpenAI-compatible server: a backend added with `desk-assistant backends "
        f"add`, or its URL (the key then from ${backends.API_KEY_ENV})",
    )


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


def open_engine(args: argparse.Namespace) -> tuple[SwitchingEngine, Path | str, Settings]:
    """Load the model the arguments and settings choose (a local file, or a remote backend's model:
    then the second value is its ``remote:`` ref); the caller unloads it."""
    settings = load_settings()
    network.apply_settings(settings)  # "Work offline": a remote backend refuses with a sentence
    engine = SwitchingEngine(
        lambda: LlamaCppEngine(state_budget_bytes=0),  # one command: no conversation to come back to
        connection_for=lambda name: backends.connection(settings, name),
    )
    model_arg = getattr(args, "model", None)
    backend = getattr(args, "backend", None)
    # --model remote:<backend>/<model>, or no --model and such a default model
    remote = None if backend else backends.parse_ref(model_arg or settings.default_model)
    if backend:
        conn, model_id = backends.resolve(settings, backend), text_argument(model_arg or "")
    elif remote is not None:
        conn, model_id = backends.connection(settings, remote[0]), remote[1]
    if backend or remote is not None:
        options = load_options_for(settings, backends.make_ref(conn.name, model_id))
        if getattr(args, "context_size", None):
            options.context_size = args.context_size
        engine.load_remote(conn, model_id, options)
        return engine, engine.model_ref or "", settings
    model = resolve_model(model_arg, settings)
    options = load_options_for(settings, str(model))
    if getattr(args, "context_size", None):
        options.context_size = args.context_size
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
