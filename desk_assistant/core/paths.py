"""Where the app keeps its files.

Everything comes from platformdirs, except when ``DESK_ASSISTANT_HOME`` is set: then data, config,
cache and logs live in sub-folders of that one folder (tests and portable installs use it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from desk_assistant import APP_NAME

HOME_ENV = "DESK_ASSISTANT_HOME"
RESOURCES_ENV = "DESK_ASSISTANT_RESOURCES"


def _base(kind: str) -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home).expanduser() / kind
    getter = {
        "data": platformdirs.user_data_dir,
        "config": platformdirs.user_config_dir,
        "cache": platformdirs.user_cache_dir,
        "logs": platformdirs.user_log_dir,
    }[kind]
    return Path(getter(APP_NAME, appauthor=False))


def _ensure(path: Path) -> Path:
    """The folder, created if needed, readable by this user only (conversations, settings, logs)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    make_private(path)
    return path


def make_private(path: Path) -> None:
    """Folders 0700, files 0600, where the system has such modes (a folder we cannot change is left)."""
    if os.name != "posix":
        return
    mode = 0o700 if path.is_dir() else 0o600
    try:
        if path.stat().st_mode & 0o777 != mode:
            path.chmod(mode)
    except OSError:
        pass


def data_dir() -> Path:
    return _ensure(_base("data"))


def config_dir() -> Path:
    return _ensure(_base("config"))


def cache_dir() -> Path:
    return _ensure(_base("cache"))


def log_dir() -> Path:
    return _ensure(_base("logs"))


def app_dirs() -> list[Path]:
    """The app's own folders (data with the models, config, cache, logs), each once, not created:
    what "Delete all my data" removes. On some systems two kinds share one folder."""
    return list(dict.fromkeys(_base(kind) for kind in ("data", "config", "cache", "logs")))


def models_dir() -> Path:
    """Downloaded and imported GGUF files."""
    return _ensure(data_dir() / "models")


def database_path() -> Path:
    return data_dir() / "conversations.sqlite3"


def resources_dir() -> Path:
    """The resources folder (icons, prompts, catalog, i18n): ``DESK_ASSISTANT_RESOURCES`` when set;
    in the frozen app (PyInstaller) the bundle's own ``resources`` (packaging/desk-assistant.spec puts
    it there); otherwise the repository's, next to the package."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override).expanduser()
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent.parent / "resources"
