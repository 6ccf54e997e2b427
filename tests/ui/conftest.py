"""Fixtures for the Qt tests: fail a test that leaves a running QThread or an active QTimer behind."""

from __future__ import annotations

import gc

import pytest
import shiboken6
from PySide6.QtCore import QThread, QTimer


def _live(kind: type) -> list:
    """Python wrappers of ``kind`` whose C++ object still exists (a deleted one is not a leak)."""
    return [o for o in gc.get_objects() if isinstance(o, kind) and shiboken6.isValid(o)]


def running_qt_threads() -> list[QThread]:
    return [o for o in _live(QThread) if o.isRunning()]


def active_qt_timers() -> list[QTimer]:
    return [o for o in _live(QTimer) if o.isActive()]


@pytest.fixture(autouse=True)
def no_qt_leaks(qapp):  # pytest-qt QApplication
    """Like napari's conftest: every UI test must stop its threads and timers."""
    yield
    qapp.processEvents()
    gc.collect()
    threads = running_qt_threads()
    timers = active_qt_timers()
    assert not threads, f"QThreads still running after the test: {threads}"
    assert not timers, f"QTimers still active after the test: {timers}"
