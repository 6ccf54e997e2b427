"""Where the app keeps its files.

Everything comes from platformdirs, except when ``DESK_ASSISTANT_HOME`` is set: then data, config,
cache and logs live in sub-folders of that one folder (tests and portable installs use it).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desk_assistant import APP_NAME

HOME_ENV = "DESK_ASSISTANT_HOME"


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
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    return _ensure(_base("data"))


def config_dir() -> Path:
    return _ensure(_base("config"))


def cache_dir() -> Path:
    return _ensure(_base("cache"))


def log_dir() -> Path:
    return _ensure(_base("logs"))


def models_dir() -> Path:
    """Downloaded and imported GGUF files."""
    return _ensure(data_dir() / "models")


def database_path() -> Path:
    return data_dir() / "conversations.sqlite3"


def resources_dir() -> Path:
    """The repository's / bundle's resources folder (icons, prompts, catalog, i18n)."""
    here = Path(__file__).resolve().parent.parent.parent / "resources"
    frozen = os.environ.get("DESK_ASSISTANT_RESOURCES")
    return Path(frozen) if frozen else here
