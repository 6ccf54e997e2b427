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


def add_backend(settings: Settings, name: str, base_url: str, api_key: str = "") -> secrets.StorageNote:
    """Add a backend and save settings; the key goes to the keyring (or the private file: see the note)."""
    name = check_name(name)
    if find_backend(settings, name) is not None:
        raise duplicate_error(name)
    backend = RemoteBackend(name=name, base_url=normalize_url(base_url))
    note = secrets.set_secret(key_name(name), api_key)
    settings.backends.append(backend)
    save_settings(settings)
    return note


def update_backend(
    settings: Settings, old_name: str, name: str, base_url: str, api_key: str | None = None
) -> secrets.StorageNote:
    """Rename / re-address a backend; ``api_key=None`` keeps its key, "" removes it."""
    backend = _require(settings, old_name)
    name = check_name(name)
    if name != old_name and find_backend(settings, name) is not None:
        raise duplicate_error(name)
    url = normalize_url(base_url)
    key = secrets.get_secret(key_name(old_name)) if api_key is None else api_key
    note = secrets.set_secret(key_name(name), key)
    if name != old_name:
        secrets.delete_secret(key_name(old_name))
    backend.name, backend.base_url = name, url
    save_settings(settings)
    return note


def remove_backend(settings: Settings, name: str) -> None:
    backend = _require(settings, name)
    settings.backends.remove(backend)
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
