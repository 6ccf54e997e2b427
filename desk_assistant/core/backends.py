"""Remote backends: OpenAI-compatible servers the user added (name + base URL; the key in core/secrets).

A remote model is named by a *model ref*, ``remote:<backend>/<model id>`` (the model id may itself
contain "/"), which the model picker, settings (``default_model``) and the engine all understand.
``resolve`` turns what a user types after ``--backend`` (a backend's name or a URL) into a connection.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from desk_assistant.core import secrets
from desk_assistant.core.errors import BackendError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.core.settings import RemoteBackend, Settings, save_settings

REMOTE_PREFIX = "remote:"
MAX_NAME_LENGTH = 64
# a key for a server given by URL on the command line (a named backend keeps its key in the keyring)
API_KEY_ENV = "DESK_ASSISTANT_API_KEY"
DEFAULT_TIMEOUT = 120.0  # seconds a server may stay silent (a long prefill included) before giving up


@dataclass(frozen=True)
class Connection:
    """What RemoteEngine needs: where, and with which key ("" for none)."""

    name: str  # the backend's name, or the URL when given as one
    base_url: str
    api_key: str
    timeout: float = DEFAULT_TIMEOUT  # seconds the server may stay silent before the request is given up


def key_name(backend_name: str) -> str:
    return f"backend:{backend_name}"


def normalize_url(url: str) -> str:
    """``http://host:8080/v1/`` → ``http://host:8080`` (RemoteEngine adds /v1); refuses non-HTTP."""
    url = url.strip().rstrip("/")
    if url.endswith("/v1"):
        url = url[: -len("/v1")]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BackendError(
            QT_TRANSLATE_NOOP(
                "errors", "{url} is not a server address (it should look like http://host:8080)."
            ),
            url=repr(url),
        )
    return url


def check_name(name: str) -> str:
    name = name.strip()
    if not name or "/" in name or len(name) > MAX_NAME_LENGTH or not name.isprintable():
        raise BackendError(
            QT_TRANSLATE_NOOP(
                "errors", "A backend name must be 1 to 64 characters, without “/”: {name} is not allowed."
            ),
            name=repr(name),
        )
    return name


def duplicate_error(name: str) -> BackendError:
    return BackendError(
        QT_TRANSLATE_NOOP("errors", "There is already a backend named {name}."), name=repr(name)
    )


def find_backend(settings: Settings, name: str) -> RemoteBackend | None:
    return next((b for b in settings.backends if b.name == name), None)


@dataclass(frozen=True)
class BackendChange:
    """A checked add (``old_name`` None) or edit of a backend, in three steps: ``check_change`` (no I/O),
    ``store_key`` (the keyring may wait on the user: the window runs it on a thread), ``apply_change``
    (the settings)."""

    old_name: str | None
    name: str
    base_url: str
    api_key: str | None  # None: keep the saved key (an edit); "": none (or remove it)


def check_change(
    settings: Settings, old_name: str | None, name: str, base_url: str, api_key: str | None
) -> BackendChange:
    if old_name is not None:
        _require(settings, old_name)
    name = check_name(name)
    if name != old_name and find_backend(settings, name) is not None:
        raise duplicate_error(name)
    url = normalize_url(base_url)
    return BackendChange(old_name, name, url, "" if old_name is None and api_key is None else api_key)


def store_key(change: BackendChange) -> secrets.StorageNote:
    """The key's part of ``change``, in the keyring (or the private file: see the note)."""
    if change.api_key is None:  # kept: moved along when the backend is renamed
        if change.old_name is not None and change.old_name != change.name:
            secrets.set_secret(key_name(change.name), secrets.get_secret(key_name(change.old_name)))
            secrets.delete_secret(key_name(change.old_name))
        return secrets.stored_where(key_name(change.name)) or secrets.storage_note()
    note = secrets.set_secret(key_name(change.name), change.api_key)
    if change.old_name is not None and change.old_name != change.name:
        secrets.delete_secret(key_name(change.old_name))
    return note


def apply_change(settings: Settings, change: BackendChange) -> None:
    """The settings' part of ``change`` (saved)."""
    if change.old_name is None:
        if find_backend(settings, change.name) is not None:  # added meanwhile (the key was on a thread)
            raise duplicate_error(change.name)
        settings.backends.append(RemoteBackend(name=change.name, base_url=change.base_url))
    else:
        backend = _require(settings, change.old_name)
        backend.name, backend.base_url = change.name, change.base_url
    save_settings(settings)


def add_backend(settings: Settings, name: str, base_url: str, api_key: str = "") -> secrets.StorageNote:
    """Add a backend and save settings; the key goes to the keyring (or the private file: see the note)."""
    return _save(settings, check_change(settings, None, name, base_url, api_key))


def update_backend(
    settings: Settings, old_name: str, name: str, base_url: str, api_key: str | None = None
) -> secrets.StorageNote:
    """Rename / re-address a backend; ``api_key=None`` keeps its key, "" removes it."""
    return _save(settings, check_change(settings, old_name, name, base_url, api_key))


def _save(settings: Settings, change: BackendChange) -> secrets.StorageNote:
    note = store_key(change)
    apply_change(settings, change)
    return note


def remove_backend(settings: Settings, name: str, *, delete_key: bool = True) -> None:
    """Remove a backend and save settings; its key too unless the caller deletes it (``delete_key``)."""
    backend = _require(settings, name)
    settings.backends.remove(backend)
    if delete_key:
        secrets.delete_secret(key_name(name))
    if settings.default_model and (parse_ref(settings.default_model) or ("",))[0] == name:
        settings.default_model = None
    save_settings(settings)


def _require(settings: Settings, name: str) -> RemoteBackend:
    backend = find_backend(settings, name)
    if backend is None:
        raise BackendError(QT_TRANSLATE_NOOP("errors", "There is no backend named {name}."), name=repr(name))
    return backend


def connection(settings: Settings, name: str) -> Connection:
    backend = _require(settings, name)
    return Connection(backend.name, backend.base_url, secrets.get_secret(key_name(backend.name)))


def resolve(settings: Settings, spec: str) -> Connection:
    """``--backend NAME|URL``: a configured backend by name, else a URL (key from $DESK_ASSISTANT_API_KEY)."""
    if find_backend(settings, spec.strip()) is not None:
        return connection(settings, spec.strip())
    if "://" not in spec:
        raise BackendError(
            QT_TRANSLATE_NOOP(
                "errors",
                "There is no backend named {name}. Add it with “desk-assistant backends add”, or give a URL.",
            ),
            name=repr(spec),
        )
    url = normalize_url(spec)
    return Connection(url, url, os.environ.get(API_KEY_ENV, ""))


def make_ref(backend_name: str, model_id: str) -> str:
    return f"{REMOTE_PREFIX}{backend_name}/{model_id}"


def parse_ref(ref: str | None) -> tuple[str, str] | None:
    """``remote:lab/qwen/Qwen3-8B`` → ("lab", "qwen/Qwen3-8B"); a local path → None."""
    if not ref or not ref.startswith(REMOTE_PREFIX):
        return None
    backend, _, model = ref[len(REMOTE_PREFIX) :].partition("/")
    return backend, model
