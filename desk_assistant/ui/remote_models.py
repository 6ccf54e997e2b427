"""Asking remote backends for their models, off the UI thread.

A server that is down or far away may take the whole timeout to answer, so the question runs on a
short-lived daemon thread (not a QThreadPool worker: Qt waits for the global pool when the app exits,
and closing the window must never wait for a server that does not answer). The answer comes back to
the UI thread as a queued signal of ``ModelLister``; an owner deleted meanwhile simply gets nothing.

``BackendModels`` is what the model picker caches per backend: the model ids, or the reason (a
readable, translated sentence) the backend could not be asked.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from desk_assistant.core import network
from desk_assistant.core.backends import Connection
from desk_assistant.core.errors import OfflineError
from desk_assistant.ui.error_text import readable_error

log = logging.getLogger(__name__)

Lister = Callable[[Connection], list[str]]


def default_lister(connection: Connection) -> list[str]:
    """The models a server offers (``GET /v1/models``), through the remote engine's client."""
    from desk_assistant.inference.remote_engine import list_models

    return list(list_models(connection))


@dataclass
class BackendModels:
    """One backend's models as last asked: ``models``, or ``error`` (a sentence) when it failed."""

    name: str
    models: list[str] = field(default_factory=list)
    error: str = ""
    offline: bool = False  # the error is "working offline" (nothing was asked)
    fetched_at: float | None = None  # time.monotonic() of the answer; None: never answered yet
    pending: bool = False

    def is_stale(self, max_age_s: float) -> bool:
        return self.fetched_at is None or time.monotonic() - self.fetched_at > max_age_s


class ModelLister(QObject):
    """Runs ``lister(make_connection())`` on a thread per request; ``listed`` arrives in the UI thread.

    ``make_connection`` runs on that thread too (reading a key from the keyring may be slow) and the
    offline switch is checked there first, so no request leaves the machine while working offline.
    """

    listed = Signal(str, object, object)  # key, list[str] | None, readable error sentence | None
    _answered = Signal(str, object, object, int)  # from the worker threads (queued to this object)

    def __init__(self, parent: QObject | None = None, lister: Lister | None = None) -> None:
        super().__init__(parent)
        self._lister = lister or default_lister
        self._generation: dict[str, int] = {}  # a newer request for the same key wins
        self._answered.connect(self._on_answered)

    def pending(self, key: str) -> bool:
        return key in self._generation

    def start(self, key: str, make_connection: Callable[[], Connection]) -> None:
        generation = self._generation.get(key, 0) + 1
        self._generation[key] = generation
        lister = self._lister
        answered = self._answered

        def work() -> None:
            try:
                network.ensure_online()
                models: list[str] | None = list(lister(make_connection()))
                error: BaseException | None = None
            except Exception as exc:  # shown as one sentence; the detail goes to the log
                models, error = None, exc
            try:
                answered.emit(key, models, error, generation)
            except RuntimeError:  # the lister (a closed dialog, a rebuilt window) is gone
                log.debug("model list for %s arrived after its receiver was deleted", key)

        threading.Thread(target=work, name=f"list-models-{key}", daemon=True).start()

    def forget(self, key: str | None = None) -> None:
        """Drop the answer still to come for ``key`` (or every key)."""
        if key is None:
            self._generation.clear()
        else:
            self._generation.pop(key, None)

    @Slot(str, object, object, int)
    def _on_answered(self, key: str, models: object, error: object, generation: int) -> None:
        if self._generation.get(key) != generation:
            return  # superseded or forgotten
        del self._generation[key]
        text = readable_error(error, log) if isinstance(error, BaseException) else None
        self.listed.emit(key, models, text)


def offline_sentence() -> str:
    """The readable "working offline" sentence, or "" when online (no log line: menus ask often)."""
    try:
        network.ensure_online()
    except OfflineError as exc:
        return QCoreApplication.translate("errors", exc.template).format(**exc.args_map)
    return ""
