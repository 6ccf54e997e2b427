"""The one inference thread: a worker QObject on its own QThread owns the engine (DESIGN.md §2).

Panes talk to ``InferenceService`` (it lives in the UI thread). Requests go into a FIFO queue shared with
the worker under a lock; the worker builds the engine lazily *in its own thread* (a ``Llama`` is not
thread-safe) and runs one request at a time. A request is a model load, an unload, or a task
(``tasks.runtime.Task``: a chat answer, a summary with its many passes, a translation): the task runs
here with a ``TaskContext`` whose callbacks become signals, so every step of a multi-step task stays on
this thread and Stop reaches each of them. Text is batched per key (~25 Hz, never one signal per token).
``stop()`` sets the request's ``threading.Event`` directly from the caller's thread: a queued slot
would wait behind the very generation it should stop. Late text of a stopped request is
dropped here, by id. ``shutdown()`` cancels everything, quits and waits the thread (never terminate()).
"""

from __future__ import annotations

import dataclasses
import inspect
import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from desk_assistant.core.backends import parse_ref
from desk_assistant.inference.engine import Engine
from desk_assistant.inference.types import (
    ChatMessage,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    SamplingParams,
)
from desk_assistant.tasks.chat import StreamChat
from desk_assistant.tasks.runtime import Progress, Task, TaskContext
from desk_assistant.ui.error_text import readable_error

log = logging.getLogger(__name__)

EMIT_INTERVAL_S = 0.04  # 25 Hz: smooth for the eye, cheap for the UI thread


@dataclass
class _Request:
    id: int
    kind: str  # "task" | "load" | "unload"
    cancel: threading.Event = field(default_factory=threading.Event)
    task: Task | None = None
    path: str = ""
    options: LoadOptions | None = None
    prepare: Callable[[], str] | None = None  # runs in the worker before a load; returns the path


class _Queue:
    """The FIFO shared by both threads; every access holds the lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: deque[_Request] = deque()
        self.running: _Request | None = None


class _Worker(QObject):
    """Lives in the inference thread; only this object ever touches the engine."""

    started = Signal(int)
    textReady = Signal(int, str, object)
    progress = Signal(int, object)
    event = Signal(int, object)
    finished = Signal(int, object)
    failed = Signal(int, str)
    loadProgress = Signal(int, float)
    loadStage = Signal(int, str)
    modelLoaded = Signal(int, object)
    modelUnloaded = Signal()

    def __init__(self, engine_factory: Callable[[], Engine], queue: _Queue) -> None:
        super().__init__()
        self._factory = engine_factory
        self._queue = queue
        self._engine: Engine | None = None

    def _get_engine(self) -> Engine:
        if self._engine is None:
            self._engine = self._factory()  # built here, in the inference thread
        return self._engine

    @Slot()
    def drain(self) -> None:
        """Run queued requests until the queue is empty (one wake-up may find several, or none)."""
        while True:
            with self._queue.lock:
                if not self._queue.pending:
                    self._queue.running = None
                    return
                request = self._queue.pending.popleft()
                self._queue.running = request
            self._run(request)
            with self._queue.lock:
                self._queue.running = None

    def _run(self, request: _Request) -> None:
        self.started.emit(request.id)
        try:
            if request.kind == "task":
                self._task(request)
            elif request.kind == "load":
                self._load(request)
            else:
                self._unload()
                self.finished.emit(request.id, GenerationStats())
        except Exception as exc:  # every failure becomes one readable sentence; the thread lives on
            self.failed.emit(request.id, readable_error(exc, log))

    def _task(self, request: _Request) -> None:
        """Run a task with callbacks that batch its text (per key, ~25 Hz) and keep everything in order.

        Once Stop is pressed nothing more of the request reaches the UI but its end (finished/failed).
        """
        assert request.task is not None
        pending: list[tuple[object, list[str]]] = []  # (key, pieces) in arrival order
        last_emit = [time.monotonic()]

        def flush() -> None:
            for key, pieces in pending:
                self.textReady.emit(request.id, "".join(pieces), key)
            pending.clear()
            last_emit[0] = time.monotonic()

        def on_text(piece: str, key: object) -> None:
            if request.cancel.is_set():
                pending.clear()
                return
            if pending and pending[-1][0] == key:
                pending[-1][1].append(piece)
            else:
                pending.append((key, [piece]))
            if time.monotonic() - last_emit[0] >= EMIT_INTERVAL_S:
                flush()

        def on_progress(progress: Progress) -> None:
            if not request.cancel.is_set():
                flush()
                self.progress.emit(request.id, progress)

        def on_event(event: object) -> None:
            if not request.cancel.is_set():
                flush()
                self.event.emit(request.id, event)

        ctx = TaskContext(
            self._get_engine(),
            request.cancel,
            on_text=on_text,
            on_progress=on_progress,
            on_event=on_event,
        )
        try:
            result = request.task.run(ctx)
        finally:
            if request.cancel.is_set():
                pending.clear()
            flush()  # text that arrived before a failure is still shown
        self.finished.emit(request.id, result)

    def _load(self, request: _Request) -> None:
        engine = self._get_engine()
        path = request.path
        if request.prepare is not None:
            self.loadStage.emit(request.id, "preparing")
            self.loadProgress.emit(request.id, 0.0)
            path = request.prepare()
        # a remote model: the server is asked (no progress to show, maybe seconds); a file: read it
        self.loadStage.emit(request.id, "connecting" if parse_ref(path) is not None else "loading")
        self.loadProgress.emit(request.id, 0.0)
        if engine.is_loaded:
            engine.unload()
            self.modelUnloaded.emit()
        info = self._call_load(engine, path, request)
        if parse_ref(path) is not None and info.path != path:
            # a remote model is known by its ref everywhere in the window (default model, per-model
            # settings, what a conversation was made with); the engine reports the server's model id
            info = dataclasses.replace(info, path=path)
        self.loadProgress.emit(request.id, 1.0)
        self.modelLoaded.emit(request.id, info)

    def _call_load(self, engine: Engine, path: str, request: _Request) -> ModelInfo:
        """Pass a progress callback when the engine takes one (LlamaCppEngine does: ``progress=``);
        it also lets a stopped load request end the load early."""
        try:
            takes_progress = "progress" in inspect.signature(engine.load).parameters
        except (TypeError, ValueError):
            takes_progress = False
        if not takes_progress:
            return engine.load(path, request.options)
        last = [0.0]

        def progress(fraction: float) -> bool:
            if fraction - last[0] >= 0.02 or fraction >= 1.0:  # ~50 updates at most
                last[0] = fraction
                self.loadProgress.emit(request.id, float(fraction))
            return not request.cancel.is_set()

        return engine.load(path, request.options, progress=progress)  # type: ignore[call-arg]

    def _unload(self) -> None:
        if self._engine is not None and self._engine.is_loaded:
            self._engine.unload()
            self.modelUnloaded.emit()

    @Slot()
    def cleanup(self) -> None:
        """Runs in the inference thread as it finishes: free the model where it was made."""
        try:
            self._unload()
        except Exception:
            log.exception("unloading the model at shutdown failed")
        self._engine = None


class InferenceService(QObject):
    """The UI-side face of the inference thread. Every signal's first argument is the request id."""

    started = Signal(int)
    textReady = Signal(int, str, object)  # id, text, key (None: the main output; see tasks.runtime)
    progress = Signal(int, object)  # id, tasks.runtime.Progress
    event = Signal(int, object)  # id, whatever the task reports (tasks define their event types)
    finished = Signal(int, object)  # id, the task's result (GenerationStats for a chat answer)
    failed = Signal(int, str)  # readable, translated sentence
    loadProgress = Signal(int, float)  # 0..1
    loadStage = Signal(int, str)  # "preparing" (e.g. the starter model) | "loading" | "connecting" (remote)
    modelLoaded = Signal(int, object)  # ModelInfo
    modelUnloaded = Signal()
    busyChanged = Signal(bool)

    _wake = Signal()

    def __init__(self, engine_factory: Callable[[], Engine], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._queue = _Queue()
        self._open: set[int] = set()  # submitted and not yet finished / failed / loaded
        self._stopped: set[int] = set()
        self._model: ModelInfo | None = None
        self._shut_down = False

        self._thread = QThread()
        self._thread.setObjectName("desk-assistant-inference")
        self._worker = _Worker(engine_factory, self._queue)
        self._worker.moveToThread(self._thread)
        # finished is emitted by the thread itself, so a direct connection runs cleanup there
        self._thread.finished.connect(self._worker.cleanup, type=Qt.ConnectionType.DirectConnection)
        self._wake.connect(self._worker.drain)
        self._worker.started.connect(self._on_started)
        self._worker.textReady.connect(self._on_text)
        self._worker.progress.connect(self._on_task_progress)
        self._worker.event.connect(self._on_task_event)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.loadProgress.connect(self._on_progress)
        self._worker.loadStage.connect(self._on_stage)
        self._worker.modelLoaded.connect(self._on_loaded)
        self._worker.modelUnloaded.connect(self._on_unloaded)
        self._thread.start()

    # ---- requests -------------------------------------------------------------------------------
    def load_model(
        self,
        path: str,
        options: LoadOptions | None = None,
        *,
        prepare: Callable[[], str] | None = None,
    ) -> int:
        """Queue a model load. ``prepare`` (optional) runs in the inference thread first and returns
        the path to load, e.g. writing out a bundled model (Gemma 270M: 253 MB, once)."""
        return self._submit(_Request(0, "load", path=path, options=options, prepare=prepare))

    def unload_model(self) -> int:
        return self._submit(_Request(0, "unload"))

    def submit_task(self, task: Task) -> int:
        """Queue a task (tasks.runtime.Task); it runs on the inference thread after what is queued.

        A task stopped before it started is never run: its ``abandon()`` (if it has one) is called
        here instead, so it can close what it opened (a stored answer, say).
        """
        return self._submit(_Request(0, "task", task=task))

    def submit_chat(
        self,
        messages: list[ChatMessage],
        sampling: SamplingParams | None = None,
        session_key: str | None = None,
    ) -> int:
        """One answer to ``messages``, not stored (the chat pane stores through tasks.chat.ChatTurn)."""
        return self.submit_task(StreamChat(list(messages), sampling, session_key))

    def _submit(self, request: _Request) -> int:
        if self._shut_down:
            raise RuntimeError("InferenceService is shut down")
        request.id = next(self._ids)
        was_busy = bool(self._open)
        self._open.add(request.id)
        with self._queue.lock:
            self._queue.pending.append(request)
        self._wake.emit()
        if not was_busy:
            self.busyChanged.emit(True)
        return request.id

    def stop(self, request_id: int | None = None) -> None:
        """Stop a request now: set its event from this thread; a queued one is removed unstarted."""
        removed: _Request | None = None
        with self._queue.lock:
            running = self._queue.running
            if request_id is None:
                request_id = running.id if running else None
            if request_id is None:
                return
            if running is not None and running.id == request_id:
                running.cancel.set()
            else:
                for request in self._queue.pending:
                    if request.id == request_id:
                        removed = request
                        break
                if removed is not None:
                    self._queue.pending.remove(removed)
                    removed.cancel.set()
        if request_id not in self._open:
            return
        self._stopped.add(request_id)
        if removed is not None:  # never started: close it here, as a cancelled request
            self._close(request_id)
            if removed.task is not None:
                self.finished.emit(request_id, _abandon(removed.task))

    def stop_all(self) -> None:
        with self._queue.lock:
            ids = [r.id for r in self._queue.pending]
            if self._queue.running is not None:
                ids.append(self._queue.running.id)
        for request_id in ids:
            self.stop(request_id)

    # ---- state ----------------------------------------------------------------------------------
    def current_model(self) -> ModelInfo | None:
        return self._model

    def is_busy(self) -> bool:
        return bool(self._open)

    def is_running(self) -> bool:
        """Whether the inference thread is alive (false after shutdown)."""
        return self._thread.isRunning()

    def shutdown(self) -> None:
        """Cancel everything, let the worker unload the model in its thread, quit and wait."""
        if self._shut_down:
            return
        self._shut_down = True
        with self._queue.lock:
            dropped = list(self._queue.pending)
            for request in dropped:
                request.cancel.set()
            self._queue.pending.clear()
            if self._queue.running is not None:
                self._queue.running.cancel.set()
        self._thread.quit()
        if not self._thread.wait(30_000):  # a stuck native call: log it, never terminate()
            log.error("the inference thread did not stop within 30 s")
        for request in dropped:
            if request.task is not None:
                _abandon(request.task)
        self._model = None
        was_busy = bool(self._open)
        self._open.clear()
        if was_busy:
            self.busyChanged.emit(False)

    # ---- relays from the worker (run in this object's thread) -----------------------------------
    def _close(self, request_id: int) -> None:
        if request_id in self._open:
            self._open.discard(request_id)
            if not self._open:
                self.busyChanged.emit(False)

    @Slot(int)
    def _on_started(self, request_id: int) -> None:
        if request_id not in self._stopped:
            self.started.emit(request_id)

    @Slot(int, str, object)
    def _on_text(self, request_id: int, text: str, key: object) -> None:
        if request_id in self._stopped or self._shut_down:
            return  # late text of a stopped request
        self.textReady.emit(request_id, text, key)

    @Slot(int, object)
    def _on_task_progress(self, request_id: int, progress: object) -> None:
        if request_id in self._open and request_id not in self._stopped:
            self.progress.emit(request_id, progress)

    @Slot(int, object)
    def _on_task_event(self, request_id: int, event: object) -> None:
        if request_id in self._open and request_id not in self._stopped:
            self.event.emit(request_id, event)

    @Slot(int, object)
    def _on_finished(self, request_id: int, stats: object) -> None:
        if request_id not in self._open:
            return  # already closed (stopped before it started)
        self._stopped.discard(request_id)
        self._close(request_id)
        self.finished.emit(request_id, stats)

    @Slot(int, str)
    def _on_failed(self, request_id: int, message: str) -> None:
        if request_id not in self._open:
            return
        self._stopped.discard(request_id)
        self._close(request_id)
        self.failed.emit(request_id, message)

    @Slot(int, float)
    def _on_progress(self, request_id: int, fraction: float) -> None:
        if request_id in self._open:
            self.loadProgress.emit(request_id, fraction)

    @Slot(int, str)
    def _on_stage(self, request_id: int, stage: str) -> None:
        if request_id in self._open:
            self.loadStage.emit(request_id, stage)

    @Slot(int, object)
    def _on_loaded(self, request_id: int, info: object) -> None:
        self._model = info  # type: ignore[assignment]
        self._stopped.discard(request_id)
        self._close(request_id)
        self.modelLoaded.emit(request_id, info)

    @Slot()
    def _on_unloaded(self) -> None:
        self._model = None
        self.modelUnloaded.emit()


def _abandon(task: Task) -> object:
    """A task dropped before it ran: let it close what it opened; returns what ``finished`` carries."""
    abandon = getattr(task, "abandon", None)
    if abandon is None:
        return GenerationStats(finish_reason="cancelled")
    try:
        return abandon()
    except Exception:  # closing up must never break the queue
        log.exception("abandoning a task failed")
        return GenerationStats(finish_reason="cancelled")
