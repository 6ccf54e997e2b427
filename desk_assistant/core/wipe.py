"""“Delete all my data”: every file Desk Assistant keeps on this computer, and its saved API keys.

Qt-free: the window (Tools → Delete all my data…) and ``desk-assistant data delete-all`` both call
``delete_all_data``. What goes is the app's own folders (``paths.app_dirs``), whole:

- data: the conversation database with its -wal/-shm files, the backups made before upgrades and any
  copy set aside as damaged or too new; drafts; the models folder (downloaded models, and the copies or
  hard links of imported ones);
- config: settings (with the user profile), the prompt library, the window layout;
- cache and logs: log files and crash reports;
- the API keys in the OS keyring or the key file (``core.secrets.delete_all_secrets``).

Nothing outside those folders is touched: a model imported from elsewhere stays where the user keeps it.
An import on the same disk is a hard link to the user's file, so files are only ever unlinked, never
overwritten in place (overwriting a link would wipe the user's own copy).

The caller stops whatever writes there first (generation and the model, the database, downloads).
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from desk_assistant.core import paths
from desk_assistant.core.logging_setup import close_log_files

log = logging.getLogger(__name__)


@dataclass
class WipeResult:
    removed: list[Path] = field(default_factory=list)  # folders that are gone
    failed: list[tuple[Path, str]] = field(default_factory=list)  # what could not be deleted, and why
    secrets_error: str | None = None  # the keyring refused (the key file is gone anyway)

    @property
    def complete(self) -> bool:
        return not self.failed and self.secrets_error is None


def what_goes() -> list[Path]:
    """The folders ``delete_all_data`` removes that exist now (for the confirmation)."""
    return [folder for folder in paths.app_dirs() if folder.exists()]


def _unsafe(folder: Path) -> bool:
    """Never a filesystem root, the home folder or one of its parents (a mistaken override)."""
    resolved = folder.resolve()
    home = Path.home().resolve()
    return resolved == Path(resolved.anchor) or resolved == home or resolved in home.parents


def delete_all_data() -> WipeResult:
    """Delete the saved API keys, then the app's folders; returns what went and what did not."""
    result = WipeResult()
    try:  # first: the keyring entries are found through a file in the config folder
        from desk_assistant.core.secrets import delete_all_secrets

        delete_all_secrets()
    except Exception as exc:  # a keyring that refuses must not stop the rest
        log.warning("deleting the saved API keys failed: %r", exc)
        result.secrets_error = str(exc) or type(exc).__name__
    log.info("deleting all data in %s", ", ".join(str(p) for p in paths.app_dirs()))
    close_log_files()  # the log folder goes too; nothing may write there again in this run

    def on_error(_function: object, path: str, exc_info: tuple) -> None:
        error = exc_info[1]
        try:  # a read-only file (Windows refuses to delete those): make it writable, try again
            os.chmod(path, stat.S_IWRITE | stat.S_IREAD | (stat.S_IXUSR if os.path.isdir(path) else 0))
            if os.path.isdir(path):
                os.rmdir(path)
            else:
                os.unlink(path)
        except OSError:
            result.failed.append((Path(path), getattr(error, "strerror", None) or str(error)))

    for folder in paths.app_dirs():
        if not folder.exists():
            continue
        target = folder.resolve()  # a folder the user moved elsewhere and linked: its files go too
        if _unsafe(target):
            result.failed.append((folder, "not an app folder"))
            continue
        if sys.version_info >= (3, 12):
            shutil.rmtree(target, onexc=lambda f, p, e: on_error(f, p, (type(e), e, None)))
        else:
            shutil.rmtree(target, onerror=on_error)
        try:
            if folder.is_symlink():
                folder.unlink()
        except OSError as exc:
            result.failed.append((folder, exc.strerror or str(exc)))
        if not folder.exists():
            result.removed.append(folder)
    return result
