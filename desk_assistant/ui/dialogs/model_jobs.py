"""Background jobs for the model manager: downloads and imports run off the UI thread.

A job is a QThread running one plain function; the function gets a progress callback and reports
through signals (queued to the UI thread). Pause and cancel are ``threading.Event`` objects the UI
sets directly, so they take effect at the next chunk even while the thread is busy.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal

log = logging.getLogger(__name__)


class ModelJob(QThread):
    """Runs ``work(progress, cancel, pause)`` once; emits progressed / succeeded / failed."""

    progressed = Signal(object)  # whatever the work reports (DownloadProgress or (done, total))
    succeeded = Signal(object)  # the work's return value
    failed = Signal(object)  # the exception

    def __init__(self, key: str, work: Callable[..., Any], parent=None) -> None:
        super().__init__(parent)
        self.key = key
        self.cancel_event = threading.Event()
        self.pause_event = threading.Event()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.progressed.emit, self.cancel_event, self.pause_event)
        except Exception as exc:  # reported to the UI as one sentence; never lost
            log.debug("model job %s failed", self.key, exc_info=True)
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)

    def pause(self) -> None:
        self.pause_event.set()

    def cancel(self) -> None:
        self.cancel_event.set()
