"""Work that would freeze the window (segmenting a long text, a keyring that waits on the user) runs on a
short-lived plain thread; its end comes back on the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal


class BackgroundCall(QObject):
    """``work(cancel)`` on a short-lived plain thread, for work that would freeze the window (segmenting
    a long text); its end comes back on the UI thread through a queued signal, ``done(call, result,
    error)`` (``error`` None on success). The call itself is in the signal, so a pane keeps the one it
    waits for and drops any other (one replaced, stopped, or for a text since changed). ``cancel`` is
    set by ``stop``; ``work`` may check it to end early, and its result is never wanted then."""

    done = Signal(object, object, object)  # this call, the result, the exception (or None)

    def __init__(self, work: Callable[[threading.Event], Any], name: str, context: Any = None) -> None:
        super().__init__()
        self.cancel = threading.Event()
        self.context = context  # what the receiver needs beside the result
        self._work = work
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self, slot: Callable[[BackgroundCall, Any, BaseException | None], None]) -> BackgroundCall:
        self.done.connect(slot, Qt.ConnectionType.QueuedConnection)
        self.thread.start()
        return self

    def stop(self, wait: float = 0.0) -> None:
        """Ask the work to end (its result is dropped anyway); ``wait`` seconds at most for it."""
        self.cancel.set()
        if wait and self.thread.is_alive():
            self.thread.join(wait)

    def _run(self) -> None:
        try:
            result = self._work(self.cancel)
        except Exception as exc:  # the receiver words it (one sentence) or drops it
            self.done.emit(self, None, exc)
            return
        self.done.emit(self, result, None)
