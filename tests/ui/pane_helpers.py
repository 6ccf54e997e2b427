"""A work pane over the real InferenceService, the real llama.cpp engine and a real SQLite store."""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk_assistant.core.settings import Settings
from desk_assistant.inference.types import LoadOptions
from desk_assistant.storage.store import ConversationStore
from desk_assistant.ui.inference_service import InferenceService


@dataclass
class WorkRig:
    pane: Any
    service: InferenceService
    store: ConversationStore
    errors: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.pane.close()
        self.service.shutdown()
        self.store.close()


def make_work_rig(
    qtbot: Any,
    pane_class: type,
    model: Path | None,
    context_size: int = 1024,
    settings: Settings | None = None,
    threads: int | None = None,
) -> WorkRig:
    """``pane_class(service, store, settings)`` with ``model`` loaded (None: no model).

    The tiny model runs best on one thread: its layers are too small to share, and on a loaded
    machine llama.cpp's waiting threads make it many times slower."""
    if threads is None and model is not None and "tiny" in model.name:
        threads = 1
    from desk_assistant.inference.llama_engine import LlamaCppEngine

    store = ConversationStore()
    service = InferenceService(lambda: LlamaCppEngine(state_budget_bytes=0))
    if model is not None:
        with qtbot.waitSignal(service.modelLoaded, timeout=60000):
            service.load_model(
                str(model), LoadOptions(context_size=context_size, gpu_layers=0, threads=threads)
            )
    pane = pane_class(service, store, settings or Settings())
    qtbot.addWidget(pane)
    pane.resize(1100, 700)
    pane.show()
    rig = WorkRig(pane, service, store)
    pane.errorRaised.connect(rig.errors.append)
    return rig


_frozen = 0  # heartbeats running (they may nest): the heap is thawed when the last one stops


def _freeze_heap() -> None:
    global _frozen
    if _frozen == 0:
        gc.collect()
        gc.freeze()
    _frozen += 1


def _thaw_heap() -> None:
    global _frozen
    _frozen -= 1
    if _frozen == 0:
        gc.unfreeze()


def thaw_after_test() -> None:
    """A test that failed while a heartbeat ran leaves the heap frozen: thaw it (tests/conftest.py)."""
    global _frozen
    if _frozen:
        _frozen = 0
        gc.unfreeze()


class Heartbeat:
    """A 5 ms timer on the UI thread: the longest gap between its ticks is the longest time the window
    could not repaint or take a key (``longest``, in seconds; ``at``: when it ended, from ``start``).

    While it measures, what the test process held before (pytest's objects, every module of the suite)
    is kept out of the garbage collector (``gc.freeze``): a full collection set off meanwhile then costs
    what the app's own objects cost, not a ~70 ms pass over the whole suite's heap that holds the GIL
    and would be counted as the window's stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.started = self.last = 0.0
        self.longest = self.at = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        if now - self.last > self.longest:
            self.longest, self.at = now - self.last, now - self.started
        self.last = now

    def __enter__(self) -> Heartbeat:
        self.start()
        return self

    def start(self) -> None:
        if not self.timer.isActive():
            _freeze_heap()
        self.started = self.last = time.perf_counter()
        self.timer.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self._tick()  # a stall running up to the end counts too
            _thaw_heap()

    def __str__(self) -> str:
        return f"the UI thread stalled for {self.longest * 1000:.0f} ms (ending {self.at:.2f} s in)"
