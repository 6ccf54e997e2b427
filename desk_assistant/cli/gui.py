"""`desk-assistant gui`: open the window (the default with no arguments)."""

from __future__ import annotations

import argparse
import os
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gui", help="open the desktop window")
    parser.set_defaults(func=run)


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc", "eglfs", "linuxfb")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(args: argparse.Namespace) -> int:
    if not has_display():
        print(
            "desk-assistant: no display found (DISPLAY / WAYLAND_DISPLAY unset), so the window cannot open.\n"
            "Use the command line instead, for example:\n"
            '  desk-assistant chat "Hello"\n'
            "  desk-assistant models info PATH.gguf\n"
            "or run under a virtual display: xvfb-run make run",
            file=sys.stderr,
        )
        return 2
    from desk_assistant.ui.platform_check import check_platform

    problem = check_platform()
    if problem is not None:  # Qt would abort the process with a core dump: say what to install instead
        from desk_assistant.core.settings import load_settings
        from desk_assistant.ui.platform_check import explain

        print(f"desk-assistant: {explain(problem, load_settings().ui_language)}", file=sys.stderr)
        return 2
    # The Qt-free layers first: once PySide6 is imported, its import hook reads the source of every
    # module imported after it (SQLAlchemy's hundreds: ~0.1 s more before the window shows).
    import desk_assistant.storage.store
    import desk_assistant.tasks.chat  # noqa: F401
    from desk_assistant.ui.app import run_app

    return run_app()
