"""“Delete all my data” without the window: ``core.wipe`` and ``desk-assistant data delete-all``.

Real files throughout: the SQLite store, the settings file, the models folder (a download and imports,
one hard-linked from the user's own folder), the log and crash log, and the API keys (a keyring that
keeps them in memory, through the keyring package's own backend API)."""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from desk_assistant.cli import main
from desk_assistant.core import paths, secrets, wipe
from desk_assistant.core.logging_setup import setup_logging
from desk_assistant.core.settings import Settings, UserProfile, save_settings
from desk_assistant.library.local_models import LocalModels
from desk_assistant.storage.store import ConversationStore
from tests.library.conftest import write_gguf

MARKER = "zebra-quokka-7731 my bank PIN"


class MemoryKeyring(KeyringBackend):
    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username))


@pytest.fixture
def memory_keyring():  # each test starts with no keyring again (tests/conftest.py)
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def holding(folder: Path, needle: str) -> list[Path]:
    """Files under ``folder`` with ``needle`` anywhere in their bytes (UTF-8 or UTF-16, as SQLite may)."""
    forms = [needle.encode("utf-8"), needle.encode("utf-16-le")]
    return [p for p in files_under(folder) if any(f in p.read_bytes() for f in forms)]


@pytest.fixture
def a_full_home(app_home: Path, tmp_path: Path, memory_keyring: MemoryKeyring) -> dict[str, Path]:
    """Everything the app keeps, each holding the marker where it can."""
    setup_logging(to_stderr=False)
    logging.getLogger("desk_assistant.test").info("a line in the log file")
    with ConversationStore(paths.database_path()) as store:
        kept = store.create_conversation(title="Bank")
        store.append_message(kept.id, "user", f"remember {MARKER}")
        store.append_message(kept.id, "assistant", f"I will remember {MARKER}.")
        gone = store.create_conversation(title="Deleted earlier")
        store.append_message(gone.id, "user", MARKER)
        store.delete_conversation(gone.id)  # soft-deleted, not purged yet
    save_settings(Settings(user_profile=UserProfile(remember=MARKER)))
    secrets.set_secret("backend:work", "sk-" + "x" * 20)
    (paths.log_dir() / "crash-20261130-010203.log").write_text("Fatal Python error\n", "utf-8")
    library = LocalModels()
    downloaded = write_gguf(library.models_dir / "Downloaded-Q4.gguf")
    outside = tmp_path / "my-models"
    outside.mkdir()
    linked = library.import_file(write_gguf(outside / "Mine-Linked.gguf"))  # same disk: a hard link
    assert linked.path.samefile(outside / "Mine-Linked.gguf")
    assert holding(app_home, MARKER), "the marker must be somewhere before the wipe"
    return {"downloaded": downloaded, "user_model": outside / "Mine-Linked.gguf", "linked": linked.path}


def assert_wiped(app_home: Path, home: dict[str, Path], keys: MemoryKeyring) -> None:
    assert holding(app_home, MARKER) == []
    assert files_under(app_home) == []
    assert not any(p.exists() for p in paths.app_dirs())
    assert not home["downloaded"].exists() and not home["linked"].exists()
    assert keys.entries == {}
    assert secrets.get_secret("backend:work") == ""


def test_delete_all_data_leaves_nothing_but_the_users_own_model(
    app_home: Path, a_full_home: dict[str, Path], memory_keyring: MemoryKeyring
) -> None:
    user_model = a_full_home["user_model"]
    user_bytes = user_model.read_bytes()
    assert memory_keyring.entries
    folders = wipe.what_goes()
    assert paths.data_dir() in folders and paths.config_dir() in folders and paths.log_dir() in folders
    result = wipe.delete_all_data()
    assert result.complete, result
    assert result.removed == folders
    assert_wiped(app_home, a_full_home, memory_keyring)
    # the user's own file, imported as a hard link, is intact: unlinked, never overwritten
    assert user_model.read_bytes() == user_bytes
    assert os.stat(user_model).st_nlink == 1
    # the app starts clean afterwards
    assert ConversationStore(paths.database_path()).list_conversations() == []


def test_cli_refuses_without_a_terminal_or_yes(
    app_home: Path, a_full_home: dict[str, Path], capsys: pytest.CaptureFixture
) -> None:
    assert main(["data", "delete-all"]) == 2  # pytest's stdin is no terminal
    err = capsys.readouterr().err
    assert "--yes" in err and "Traceback" not in err
    assert holding(app_home, MARKER)  # nothing deleted


def test_cli_asks_on_a_terminal(
    app_home: Path,
    a_full_home: dict[str, Path],
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("no\n"))
    assert main(["data", "delete-all"]) == 1
    out = capsys.readouterr().out
    assert "Nothing was deleted." in out and str(paths.database_path().parent) in out
    assert holding(app_home, MARKER)

    monkeypatch.setattr("sys.stdin", Terminal("delete\n"))
    assert main(["data", "delete-all"]) == 0
    assert "All your Desk Assistant data was deleted." in capsys.readouterr().out
    assert_wiped(app_home, a_full_home, memory_keyring)


def test_cli_yes_deletes_and_an_open_window_is_refused(
    app_home: Path,
    a_full_home: dict[str, Path],
    memory_keyring: MemoryKeyring,
    capsys: pytest.CaptureFixture,
) -> None:
    lock = paths.data_dir() / "window.lock"
    lock.write_text(f"{os.getppid()}\ndesk-assistant\n", "utf-8")  # QLockFile's format: pid first
    assert main(["data", "delete-all", "--yes"]) == 1
    assert "close the Desk Assistant window first" in capsys.readouterr().err
    assert holding(app_home, MARKER)
    lock.unlink()
    assert main(["data", "delete-all", "--yes"]) == 0
    assert_wiped(app_home, a_full_home, memory_keyring)
