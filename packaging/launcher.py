"""The frozen app's entry point (PyInstaller runs this file as ``__main__``).

``desk-assistant`` with arguments is the command line; with none it opens the window, as
``python -m desk_assistant`` does. Whatever goes wrong, the user reads one sentence, never a traceback:
``desk_assistant.cli.main`` turns errors into sentences once it runs; this file covers what comes
before it: a bundle that lost a module or its resources folder.
"""

from __future__ import annotations

import sys

# what every part of the app reads from resources/ (desk_assistant/core/paths.py: resources_dir)
REQUIRED_RESOURCES = ("catalog.json", "prompts", "themes")


def missing_resources() -> str | None:
    """A sentence naming what is missing from the resources folder, or None when all is there."""
    from desk_assistant.core.paths import resources_dir

    folder = resources_dir()
    missing = [name for name in REQUIRED_RESOURCES if not (folder / name).exists()]
    if not missing:
        return None
    return f"the resources folder {folder} has no {', '.join(missing)}"


def run() -> int:
    try:
        problem = missing_resources()
        if problem is None:
            from desk_assistant.cli import main

            return main(sys.argv[1:] or ["gui"])
        reason = f"this installation is incomplete ({problem}); please reinstall Desk Assistant"
    except ImportError as exc:  # a module missing from the bundle: a packaging bug or a damaged install
        reason = f"this installation is incomplete or damaged ({exc}); please reinstall Desk Assistant"
    except KeyboardInterrupt:  # Ctrl+C while it was still starting
        return 130
    except Exception as exc:  # not expected: main() catches its own errors
        reason = f"it could not start ({type(exc).__name__}: {exc})"
    print(f"desk-assistant: {reason}.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(run())
