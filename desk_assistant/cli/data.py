"""`desk-assistant data delete-all [--yes]`: every conversation, setting, model in the app's folder,
log and saved API key, gone (``core.wipe``). On a terminal it asks first; without one it needs --yes."""

from __future__ import annotations

import argparse
import os
import sys

CONFIRM_WORD = "delete"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("data", help="delete all your data")
    sub = parser.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    wipe = sub.add_parser(
        "delete-all",
        help="delete every conversation, setting, downloaded model, log and saved API key",
    )
    wipe.add_argument("--yes", action="store_true", help="do not ask (needed when not on a terminal)")
    wipe.set_defaults(func=cmd_delete_all)


def _window_open() -> bool:
    """The window holds a lock file in the data folder (QLockFile: its first line is the pid)."""
    from desk_assistant.core import paths

    lock = next((d / "window.lock" for d in paths.app_dirs() if (d / "window.lock").exists()), None)
    if lock is None:
        return False
    try:
        pid = int(lock.read_text(encoding="utf-8", errors="replace").split()[0])
    except (OSError, ValueError, IndexError):
        return False
    if pid == os.getpid():
        return False
    import psutil

    return psutil.pid_exists(pid)


def cmd_delete_all(args: argparse.Namespace) -> int:
    from desk_assistant.core import wipe

    if _window_open():
        print("desk-assistant: close the Desk Assistant window first, then run this again.", file=sys.stderr)
        return 1
    folders = wipe.what_goes()
    if not args.yes:
        if not sys.stdin.isatty():
            print(
                "desk-assistant: this deletes all your data and cannot be undone; "
                "run it on a terminal to confirm, or add --yes.",
                file=sys.stderr,
            )
            return 2
        print("This deletes, for good:")
        print("  - every conversation, summary, translation and draft")
        print("  - your settings, profile and prompt library")
        print("  - the models in Desk Assistant's models folder (files you imported stay where they are)")
        print("  - logs, crash reports and the saved API keys")
        for folder in folders:
            print(f"  {folder}")
        try:
            answer = input(f'Type "{CONFIRM_WORD}" to delete everything: ')
        except EOFError:
            answer = ""
        if answer.strip().lower() != CONFIRM_WORD:
            print("Nothing was deleted.")
            return 1
    result = wipe.delete_all_data()
    for path, reason in result.failed:
        print(f"desk-assistant: could not delete {path}: {reason}", file=sys.stderr)
    if result.secrets_error:
        print(
            f"desk-assistant: the saved API keys could not all be deleted: {result.secrets_error}",
            file=sys.stderr,
        )
    if not result.complete:
        return 1
    print("All your Desk Assistant data was deleted.")
    return 0
