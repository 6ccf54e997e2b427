"""Background jobs for the model manager: downloads and imports run off the UI thread.

A job is a QThread running one plain function; the function gets a progress callback and reports
through signals (queued to the UI thread). Pause and cancel are ``threading.Event`` objects the UI
sets directly, so they take effect at the next chunk even while the thread is busy; ``on_stop`` wakes
work blocked on a stalled connection (``Downloader.interrupt``).

Closing the model manager never waits for a job: ``let_finish`` cuts the job loose from the dialog
(signals disconnected, no parent) and keeps it here until its thread ends on its own; the app's
shutdown calls ``wait_for_finishing`` so no thread outlives the app. Never ``QThread.terminate()``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

_finishing: dict[str, ModelJob] = {}  # jobs whose dialog closed, by key, until their thread ends


class ModelJob(QThread):
    """Runs ``work(progress, cancel, pause)`` once; emits progressed / succeeded / failed."""

    progressed = Signal(object)  # whatever the work reports (DownloadProgress or (done, total))
    succeeded = Signal(object)  # the work's return value
    failed = Signal(object)  # the exception

    def __init__(
        self,
        key: str,
        work: Callable[..., Any],
        parent=None,
        *,
        on_stop: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.cancel_event = threading.Event()
        self.pause_event = threading.Event()
        self._work = work
        self._on_stop = on_stop

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
        self._wake()

    def cancel(self) -> None:
        self.cancel_event.set()
        self._wake()

    def _wake(self) -> None:
        if self._on_stop is not None:
            try:
                self._on_stop()
            except Exception:  # waking is a courtesy: the flag alone stops the job at its next check
                log.debug("waking model job %s failed", self.key, exc_info=True)


class _Keeper(QObject):
    """Lives in the UI thread: a job's ``finished`` (emitted in its own thread) is queued to it."""

    @Slot()
    def forget(self) -> None:
        job = self.sender()
        if isinstance(job, ModelJob) and _finishing.get(job.key) is job:
            job.wait()  # finished was emitted: run() has returned, this is immediate
            del _finishing[job.key]


_keeper: _Keeper | None = None


def let_finish(job: ModelJob) -> None:
    """Keep ``job`` alive, detached from its dialog, until its thread has ended; returns at once.

    The caller has already paused or cancelled it; the work cleans up its own files."""
    global _keeper
    for signal in (job.progressed, job.succeeded, job.failed, job.finished):
        with contextlib.suppress(RuntimeError, TypeError):  # nothing connected
            signal.disconnect()
    job.setParent(None)  # owned here (by Python) now, not deleted with the dialog
    if _keeper is None:
        _keeper = _Keeper()
    _finishing[job.key] = job
    job.finished.connect(_keeper.forget)
    if job.isFinished():  # ended before the connection: nothing will be emitted
        job.wait()
        _finishing.pop(job.key, None)


def still_finishing(key: str) -> bool:
    """A job with this key (a download or import) from a closed dialog is still winding down."""
    job = _finishing.get(key)
    return job is not None and job.isRunning()


def wait_for_finishing(timeout_s: float = 60.0) -> bool:
    """At app exit: wait for the jobs closed dialogs left winding down; False if one is still running."""
    deadline = time.monotonic() + timeout_s
    for key, job in list(_finishing.items()):
        left_ms = max(0, int((deadline - time.monotonic()) * 1000))
        if not job.wait(left_ms):
            log.warning("model job %s still running at exit", key)
            return False
        _finishing.pop(key, None)
    return True
