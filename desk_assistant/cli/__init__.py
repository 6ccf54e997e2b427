"""Headless subcommands over the same tasks the window uses.

Each sub-module in ``COMMAND_MODULES`` exposes ``register(subparsers)``, which adds its sub-parser and
sets ``func`` (taking the parsed args, returning an exit code). Errors the user can act on are
``DeskAssistantError``: printed as one sentence on stderr, exit code 1.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from desk_assistant import __version__
from desk_assistant.core.errors import DeskAssistantError

COMMAND_MODULES = (
    "gui",
    "chat",
    "models",
    "history",
    "backends",
    "summarize",
    "translate",
    "draft",
    "rewrite",
    "doctor",
    "serve",
    "data",
)

log = logging.getLogger("desk_assistant.cli")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or with ``only`` that one: a command's module imports what it
    runs on (llama.cpp, the task modules), and opening the window must not wait for all of them."""
    parser = argparse.ArgumentParser(
        prog="desk-assistant", description="Offline desktop assistant running local LLMs."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (only,) if only in COMMAND_MODULES else COMMAND_MODULES:
        module = importlib.import_module(f"desk_assistant.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((arg for arg in argv if not arg.startswith("-")), None)  # options before it take no value
    if command is None and not {"-h", "--help", "--version"} & set(argv):
        command = "gui"  # `desk-assistant` alone opens the window
        argv.append(command)
    parser = build_parser(only=command)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):  # an unknown command was already refused by argparse
        parser.print_help()
        return 2
    from desk_assistant.core.logging_setup import setup_logging

    setup_logging(logging.DEBUG if args.verbose else logging.INFO, to_stderr=args.verbose)
    try:
        _apply_network_settings()
        return int(args.func(args) or 0)
    except DeskAssistantError as exc:
        log.warning("%s (%s)", exc, exc.detail or "no detail")
        print(f"desk-assistant: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one sentence here, the traceback in the log, never on the screen
        log.exception("unexpected error in %s", args.command)
        print(
            f"desk-assistant: something went wrong ({type(exc).__name__}); the details are in the log file.",
            file=sys.stderr,
        )
        return 1


def _apply_network_settings() -> None:
    """``Settings.offline`` holds for every command: downloads and remote backends refuse."""
    from desk_assistant.core import network
    from desk_assistant.core.settings import load_settings

    network.apply_settings(load_settings())
