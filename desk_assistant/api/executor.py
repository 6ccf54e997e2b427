"""How the API server's requests reach the one inference thread.

The Starlette app never touches an engine. It hands an ``ApiGeneration`` task and a ``Sink`` to an
``Executor``; the executor runs tasks one at a time, FIFO, on the thread that owns the engine, and
reports to the sink from that thread (``text`` pieces in order, then exactly one ``finished`` or
``failed``). ``AsyncSink`` turns those calls into an ``asyncio.Queue`` on the server's event loop.

Two executors: ``ThreadExecutor`` (here: a plain worker thread owning the engine, for
``desk-assistant serve``) and the window's adapter over its inference service (``ui/api_bridge.py``),
so API requests queue behind, and before, the window's own work.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from desk_assistant.api.generation import ApiGeneration, ApiResult
from desk_assistant.core.errors import DeskAssistantError
from desk_assistant.inference.engine import Engine
from desk_assistant.inference.types import GenerationStats, ModelInfo
from desk_assistant.tasks.runtime import run_task

if TYPE_CHECKING:  # asyncio is imported when a server runs, not when the window starts
    import asyncio

log = logging.getLogger(__name__)
HAND_OVER_S = 0.04  # text reaches the server's loop at most 25 times a second per request (as the window)


class Sink(Protocol):
    """What an executor reports to, from its own thread."""

    def text(self, piece: str) -> None: ...

    def finished(self, result: ApiResult) -> None: ...

    def failed(self, message: str) -> None: ...


class Executor(Protocol):
    def model(self) -> ModelInfo | None:
        """The loaded model (any thread may ask), or None."""
        ...

    def submit(self, task: ApiGeneration, sink: Sink) -> None:
        """Queue ``task`` behind everything queued before it (any thread)."""
        ...

    def cancel(self, task: ApiGeneration) -> None:
        """Stop ``task`` now, running or queued (any thread); its sink still gets ``finished``."""
        ...


class AsyncSink:
    """A sink whose events come out of an ``asyncio.Queue`` on ``loop``: ("text", str),
    ("finished", ApiResult), ("failed", str), in the order they were reported.

    Events are buffered on the reporting side and handed over with one loop wake-up for whatever
    arrived meanwhile (consecutive text joined), at most every ``HAND_OVER_S``: a fast engine's tokens
    merge into fewer, larger chunks instead of costing a wake-up, a JSON dump, a write and the client's
    parsing each (the same 25 Hz as the window's service)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        import asyncio

        self._loop = loop
        self.queue: asyncio.Queue[tuple[str, object]] = asyncio.Queue()
        self._lock = threading.Lock()
        self._buffer: list[tuple[str, object]] = []
        self._wake_pending = False
        self._last = 0.0  # when the loop last took the buffer (time.monotonic)

    def _put(self, kind: str, value: object) -> None:
        with self._lock:
            if kind == "text" and self._buffer and self._buffer[-1][0] == "text":
                self._buffer[-1] = ("text", self._buffer[-1][1] + value)  # type: ignore[operator]
            else:
                self._buffer.append((kind, value))
            if self._wake_pending:
                return
            self._wake_pending = True
            delay = self._last + HAND_OVER_S - time.monotonic()
        with contextlib.suppress(RuntimeError):  # the server's loop is gone: nobody is listening
            if delay > 0:
                self._loop.call_soon_threadsafe(self._loop.call_later, delay, self._hand_over)
            else:
                self._loop.call_soon_threadsafe(self._hand_over)

    def _hand_over(self) -> None:
        """On the loop: move what arrived into the queue."""
        with self._lock:
            items, self._buffer = self._buffer, []
            self._wake_pending = False
            self._last = time.monotonic()
        for item in items:
            self.queue.put_nowait(item)

    def text(self, piece: str) -> None:
        self._put("text", piece)

    def finished(self, result: ApiResult) -> None:
        self._put("finished", result)

    def failed(self, message: str) -> None:
        self._put("failed", message)


def failure_text(exc: BaseException) -> str:
    """One sentence for the client; the detail goes to the log."""
    if isinstance(exc, DeskAssistantError):
        log.warning("API request failed: %s (%s)", exc, exc.detail or "no detail")
        return str(exc)
    log.exception("API request failed", exc_info=exc)
    return f"The model failed ({type(exc).__name__}); the details are in Desk Assistant's log file."


class ThreadExecutor:
    """One worker thread owns ``engine`` and runs tasks FIFO (``desk-assistant serve``)."""

    def __init__(self, engine: Engine, *, on_count: Callable[[int], None] | None = None) -> None:
        self._engine = engine
        self._queue: queue.SimpleQueue[tuple[ApiGeneration, Sink] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._open = 0
        self._on_count = on_count
        self._thread = threading.Thread(target=self._work, name="desk-assistant-api-engine", daemon=True)
        self._thread.start()

    def model(self) -> ModelInfo | None:
        return self._engine.model_info

    def submit(self, task: ApiGeneration, sink: Sink) -> None:
        self._count(+1)
        self._queue.put((task, sink))

    def cancel(self, task: ApiGeneration) -> None:
        task.abort.set()  # a queued task is then skipped when its turn comes

    def close(self, timeout: float = 10.0) -> None:
        """Finish the queue's work (callers cancel first), then end the thread."""
        self._queue.put(None)
        self._thread.join(timeout)

    @property
    def open_requests(self) -> int:
        return self._open

    def _count(self, delta: int) -> None:
        with self._lock:
            self._open += delta
            count = self._open
        if self._on_count is not None:
            self._on_count(count)

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            task, sink = item
            try:
                if task.abort.is_set():
                    sink.finished(ApiResult(GenerationStats(finish_reason="cancelled")))
                    continue
                result = run_task(task, self._engine, on_text=_text_to(sink))
                sink.finished(result)
            except Exception as exc:  # one request failed; the thread serves the next
                sink.failed(failure_text(exc))
            finally:
                self._count(-1)


def _text_to(sink: Sink) -> Callable[[str, object], None]:
    return lambda piece, _key: sink.text(piece)
