"""Remote backends in the settings and their API keys (core/backends.py, core/secrets.py).

The keyring is a real ``keyring`` backend kept in memory (set with ``keyring.set_keyring`` and put back
after), or keyring's own "fail" backend for a machine without one: then keys go to the 0600 file.
"""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from desk_assistant.core import backends, paths, secrets
from desk_assistant.core.errors import BackendError
from desk_assistant.core.settings import load_settings, settings_path

KEY = "sk-test-0123456789abcdef"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, broken: bool = False) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}
        self.broken = broken

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.broken:
            raise keyring.errors.PasswordSetError("the keyring is locked")
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.values[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None


# each test starts with no keyring again (tests/conftest.py): these fixtures only set one


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    return ring


@pytest.fixture
def no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())


def secrets_file() -> Path:
    return paths.config_dir() / "secrets.json"


def settings_text() -> str:
    return settings_path().read_text(encoding="utf-8")


def test_key_goes_to_the_keyring_never_to_settings(memory_keyring: MemoryKeyring, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    settings = load_settings()
    note = backends.add_backend(settings, "lab", "http://gpu-box:8000/v1/", KEY)
    assert note.in_keyring and note.where == memory_keyring.name
    assert memory_keyring.values == {(secrets.SERVICE, "backend:lab"): KEY}
    assert not secrets_file().exists()  # nothing in the file when the keyring took it
    assert KEY not in settings_text()
    assert json.loads(settings_text())["backends"] == [{"name": "lab", "base_url": "http://gpu-box:8000"}]
    assert secrets.stored_where("backend:lab") == secrets.StorageNote(True, memory_keyring.name)
    assert backends.connection(load_settings(), "lab") == backends.Connection(
        "lab", "http://gpu-box:8000", KEY
    )
    assert KEY not in caplog.text


def test_without_a_keyring_the_key_is_in_a_private_file(no_keyring: None) -> None:
    settings = load_settings()
    note = backends.add_backend(settings, "lab", "https://example.org", KEY)
    assert not note.in_keyring and note.where == str(secrets_file())
    assert stat.S_IMODE(secrets_file().stat().st_mode) == 0o600
    assert json.loads(secrets_file().read_text())["backend:lab"] == KEY
    assert KEY not in settings_text()
    assert secrets.storage_note() == secrets.StorageNote(False, str(secrets_file()))
    assert backends.connection(load_settings(), "lab").api_key == KEY


def test_a_keyring_that_fails_to_store_falls_back_to_the_file() -> None:
    keyring.set_keyring(MemoryKeyring(broken=True))
    note = backends.add_backend(load_settings(), "lab", "http://h:1", KEY)
    assert not note.in_keyring
    assert json.loads(secrets_file().read_text())["backend:lab"] == KEY
    assert backends.connection(load_settings(), "lab").api_key == KEY


@pytest.mark.parametrize("ring", ["memory", "file"])
def test_rename_keeps_the_key_and_remove_deletes_it(ring: str) -> None:
    memory = MemoryKeyring()
    keyring.set_keyring(memory if ring == "memory" else fail.Keyring())
    settings = load_settings()
    backends.add_backend(settings, "lab", "http://h:1", KEY)
    settings.default_model = backends.make_ref("lab2", "qwen/Qwen3-8B")
    backends.update_backend(settings, "lab", "lab2", "http://h:2")  # api_key None: kept
    assert secrets.get_secret("backend:lab") == ""
    assert backends.connection(load_settings(), "lab2") == backends.Connection("lab2", "http://h:2", KEY)
    with pytest.raises(BackendError, match="no backend named 'lab'"):
        backends.connection(load_settings(), "lab")
    backends.update_backend(settings, "lab2", "lab2", "http://h:2", "")  # "": the key is removed
    assert backends.connection(load_settings(), "lab2").api_key == ""
    backends.update_backend(settings, "lab2", "lab2", "http://h:2", "new-key")
    backends.remove_backend(settings, "lab2")
    assert secrets.get_secret("backend:lab2") == ""
    assert secrets.stored_where("backend:lab2") is None
    assert memory.values == {}
    if secrets_file().exists():
        assert json.loads(secrets_file().read_text()) == {}
    reloaded = load_settings()
    assert reloaded.backends == [] and reloaded.default_model is None  # it named the removed backend


def test_names_and_addresses_are_checked(memory_keyring: MemoryKeyring) -> None:
    settings = load_settings()
    backends.add_backend(settings, "lab", "http://h:1")
    with pytest.raises(BackendError, match="already a backend named 'lab'"):
        backends.add_backend(settings, "lab", "http://h:2", KEY)
    for bad in ("", "a/b", "x" * 65):
        with pytest.raises(BackendError, match="1 to 64 characters"):
            backends.add_backend(settings, bad, "http://h:1")
    for url in ("ftp://h", "h:8080", "http://"):
        with pytest.raises(BackendError, match="is not a server address"):
            backends.add_backend(settings, "other", url)
    assert memory_keyring.values == {}  # nothing stored for what was refused
    assert [b.name for b in load_settings().backends] == ["lab"]


def test_delete_all_secrets_clears_keyring_and_file() -> None:
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    secrets.set_secret("backend:a", "one")
    keyring.set_keyring(fail.Keyring())  # a later session without a keyring: this one goes to the file
    secrets.set_secret("backend:b", "two")
    keyring.set_keyring(memory)
    secrets.set_secret("api-server", "three")
    assert len(memory.values) == 2 and json.loads(secrets_file().read_text()) == {"backend:b": "two"}
    secrets.delete_all_secrets()
    assert memory.values == {}
    assert not secrets_file().exists() and not (paths.config_dir() / "secret-names.json").exists()
    assert secrets.get_secret("backend:a") == secrets.get_secret("backend:b") == ""


def test_resolve_by_name_by_url_and_unknown(memory_keyring: MemoryKeyring, monkeypatch) -> None:
    settings = load_settings()
    backends.add_backend(settings, "lab", "http://gpu-box:8000", KEY)
    assert backends.resolve(settings, " lab ") == backends.Connection("lab", "http://gpu-box:8000", KEY)
    monkeypatch.setenv(backends.API_KEY_ENV, "env-key")
    assert backends.resolve(settings, "http://127.0.0.1:8080/v1") == backends.Connection(
        "http://127.0.0.1:8080", "http://127.0.0.1:8080", "env-key"
    )
    with pytest.raises(BackendError) as err:
        backends.resolve(settings, "nope")
    assert str(err.value) == (
        "There is no backend named 'nope'. Add it with “desk-assistant backends add”, or give a URL."
    )
    with pytest.raises(BackendError, match="is not a server address"):
        backends.resolve(settings, "gopher://x")


def test_model_refs() -> None:
    ref = backends.make_ref("lab", "qwen/Qwen3-8B")
    assert ref == "remote:lab/qwen/Qwen3-8B"
    assert backends.parse_ref(ref) == ("lab", "qwen/Qwen3-8B")
    assert backends.parse_ref("/models/a.gguf") is None and backends.parse_ref(None) is None
