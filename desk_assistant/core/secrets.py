"""API keys: in the OS keyring (Secret Service, macOS Keychain, Windows Credential Locker) when there is one.

Without a usable keyring (a bare Linux session, a container) the keys go to ``secrets.json`` in the
config folder, readable by this user only (0600); ``storage_note`` says which, so the UI can tell the
user where a key is kept. Keys are never written to settings, logs or exports.

The keyring has no "list": the *names* of the stored secrets (never their values) are kept in
``secret-names.json`` so "Delete all my data" can remove every one of them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from desk_assistant.core import paths
from desk_assistant.core.errors import BackendError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)
SERVICE = "desk-assistant"
_lock = threading.Lock()


@dataclass(frozen=True)
class StorageNote:
    """Where keys are kept: ``in_keyring`` with the keyring's name, or the path of the 0600 file."""

    in_keyring: bool
    where: str


def _keyring():  # -> keyring backend or None
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring install must not stop the app
        log.warning("keyring unavailable: %r", exc)
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return backend


def _file() -> Path:
    return paths.config_dir() / "secrets.json"


def _names_file() -> Path:
    return paths.config_dir() / "secret-names.json"


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("%s is unreadable (%s)", path.name, type(exc).__name__)
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        # created 0600 from the start: the key is never readable by others, not even for a moment
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        paths.make_private(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise BackendError(
            QT_TRANSLATE_NOOP("errors", "Could not save the key to {path}: {reason}"),
            path=str(path),
            reason=exc.strerror or str(exc),
        ) from exc


def _remember_name(name: str, present: bool) -> None:
    names = set(_read_json(_names_file()).get("names", []))
    changed = (name not in names) if present else (name in names)
    if changed:
        names = names | {name} if present else names - {name}
        _write_json(_names_file(), {"names": sorted(names)})


def storage_note() -> StorageNote:
    backend = _keyring()
    if backend is not None:
        return StorageNote(True, getattr(backend, "name", type(backend).__name__))
    return StorageNote(False, str(_file()))


def stored_where(name: str) -> StorageNote | None:
    """Where the secret ``name`` is kept (the keyring or the file), None when there is none."""
    with _lock:
        backend = _keyring()
        if backend is not None:
            try:
                if backend.get_password(SERVICE, name) is not None:
                    return StorageNote(True, getattr(backend, "name", type(backend).__name__))
            except Exception as exc:
                log.warning("keyring read failed: %r", exc)
        if isinstance(_read_json(_file()).get(name), str):
            return StorageNote(False, str(_file()))
        return None


def get_secret(name: str) -> str:
    """The stored secret, or "" when there is none."""
    with _lock:
        backend = _keyring()
        if backend is not None:
            try:
                value = backend.get_password(SERVICE, name)
            except Exception as exc:  # a locked or broken keyring: the file may still have it
                log.warning("keyring read failed: %r", exc)
            else:
                if value is not None:
                    return value
        value = _read_json(_file()).get(name, "")
        return value if isinstance(value, str) else ""


def set_secret(name: str, value: str) -> StorageNote:
    """Store (or with ``value == ""`` delete) a secret; says where it went."""
    if not value:
        delete_secret(name)
        return storage_note()
    with _lock:
        backend = _keyring()
        if backend is not None:
            try:
                backend.set_password(SERVICE, name, value)
            except Exception as exc:
                log.warning("keyring write failed, using the private file: %r", exc)
            else:
                _drop_from_file(name)
                _remember_name(name, True)
                return StorageNote(True, getattr(backend, "name", type(backend).__name__))
        data = _read_json(_file())
        data[name] = value
        _write_json(_file(), data)
        _remember_name(name, True)
        return StorageNote(False, str(_file()))


def _drop_from_file(name: str) -> None:
    data = _read_json(_file())
    if name in data:
        del data[name]
        _write_json(_file(), data)


def delete_secret(name: str) -> None:
    with _lock:
        backend = _keyring()
        if backend is not None:
            with contextlib.suppress(Exception):  # keyring.errors.PasswordDeleteError: nothing there
                backend.delete_password(SERVICE, name)
        _drop_from_file(name)
        _remember_name(name, False)


def delete_all_secrets() -> None:
    """Every key this app stored, in the keyring and in the file (for "Delete all my data")."""
    names = list(_read_json(_names_file()).get("names", [])) + list(_read_json(_file()))
    for name in dict.fromkeys(names):
        if isinstance(name, str):
            delete_secret(name)
    for path in (_file(), _names_file()):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
