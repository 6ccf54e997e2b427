"""Keyrings for tests: real ``keyring`` backend classes (set with ``keyring.set_keyring``), kept in memory,
since a test machine has no Secret Service. ``LockedKeyring`` stands for one whose unlock prompt is
waiting on the user."""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps secrets in a dict (a real backend class, as keyring loads them)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    @property
    def name(self) -> str:  # type: ignore[override]
        return "Test keyring"

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.secrets:
            raise PasswordDeleteError(username)
        del self.secrets[(service, username)]


class LockedKeyring(MemoryKeyring):
    """A keyring waiting on its unlock prompt: every call blocks until the test ``unlock``s it."""

    def __init__(self) -> None:
        super().__init__()
        self.unlocked = threading.Event()
        self.calls = 0

    def unlock(self) -> None:
        self.unlocked.set()

    def _wait(self) -> None:
        self.calls += 1
        assert self.unlocked.wait(30)

    def get_password(self, service: str, username: str) -> str | None:
        self._wait()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._wait()
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self._wait()
        super().delete_password(service, username)
