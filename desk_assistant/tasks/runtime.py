"""The task layer's one mechanism: a task runs over an Engine and reports through plain callbacks.

A task is any object with ``run(ctx) -> result`` (see ``Task``). The window's inference service runs it on
the inference thread, FIFO with every other request; the CLI and the tests run it with ``run_task`` on
their own thread. Either way the task sees only a ``TaskContext``:

- ``ctx.engine``: the loaded engine (tokenize, count, stream_chat); only this thread may use it;
- ``ctx.cancel``: a ``threading.Event`` set from any thread by Stop; every step checks it;
- ``ctx.text(piece, key)``: streamed text, ``key`` naming where it belongs (``None`` for the main
  output; a segment index for a translation; ...). The service batches it at ~25 Hz per key;
- ``ctx.progress(stage, done, total)``: "part 3 of 12" (``stage`` is a short code the UI translates);
- ``ctx.event(obj)``: any other structured news (a segment finished, a plan is known), delivered in
  order with the text.

``generate(ctx, messages, sampling)`` is the one streaming loop the tasks share: pieces go to
``ctx.text``, the whole text and the engine's stats come back, an engine failure is raised as a
``GenerationError`` after the text so far was delivered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from desk_assistant.core.errors import GenerationError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.engine import Engine
from desk_assistant.inference.types import ChatMessage, GenerationStats, SamplingParams

TextCallback = Callable[[str, Hashable], None]
ProgressCallback = Callable[["Progress"], None]
EventCallback = Callable[[object], None]


@dataclass(frozen=True)
class Progress:
    """Where a multi-step task is: ``done`` of ``total`` steps of ``stage``.

    Stages are short codes, not sentences (the UI words them in the user's language): "count",
    "map" (summarizing part ``done`` of ``total``), "reduce" (combining), "final", "translate".
    """

    stage: str
    done: int
    total: int


@runtime_checkable
class Task(Protocol):
    def run(self, ctx: TaskContext) -> Any: ...


class TaskContext:
    """What a running task may touch. Built by the runner (service or ``run_task``), not by tasks."""

    def __init__(
        self,
        engine: Engine,
        cancel: threading.Event | None = None,
        *,
        on_text: TextCallback | None = None,
        on_progress: ProgressCallback | None = None,
        on_event: EventCallback | None = None,
    ) -> None:
        self.engine = engine
        self.cancel = cancel or threading.Event()
        self._on_text = on_text
        self._on_progress = on_progress
        self._on_event = on_event

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def text(self, piece: str, key: Hashable = None) -> None:
        if piece and self._on_text is not None:
            self._on_text(piece, key)

    def progress(self, stage: str, done: int, total: int) -> None:
        if self._on_progress is not None:
            self._on_progress(Progress(stage, done, total))

    def event(self, event: object) -> None:
        if self._on_event is not None:
            self._on_event(event)


@dataclass(frozen=True)
class Generated:
    text: str
    stats: GenerationStats

    @property
    def stopped(self) -> bool:
        return self.stats.finish_reason == "cancelled"


def generate(
    ctx: TaskContext,
    messages: Sequence[ChatMessage],
    sampling: SamplingParams | None = None,
    *,
    key: Hashable = None,
    session_key: str | None = None,
    stream: bool = True,
    sink: Callable[[str], None] | None = None,
) -> Generated:
    """One model answer: streamed to ``ctx.text(piece, key)`` (unless ``stream`` is False), returned whole.

    ``sink`` also gets every piece (a store ``StreamWriter.append``, say). Raises ``GenerationError`` when
    the engine fails mid-answer (the pieces so far were delivered).
    """
    pieces: list[str] = []
    stats = GenerationStats(finish_reason="cancelled" if ctx.cancelled else "stop")
    for item in ctx.engine.stream_chat(messages, sampling, ctx.cancel, session_key):
        if isinstance(item, GenerationStats):
            stats = item
            continue
        pieces.append(item)
        if sink is not None:
            sink(item)
        if stream:
            ctx.text(item, key)
    if stats.finish_reason == "error":
        template = stats.extra.get("error_template")  # a remote engine's own sentence (stream lost, ...)
        if isinstance(template, str):
            args = stats.extra.get("error_args")
            raise GenerationError(
                template, detail=str(stats.extra.get("error")), **(args if isinstance(args, dict) else {})
            )
        raise GenerationError(
            QT_TRANSLATE_NOOP("errors", "The model stopped with an error; the answer may be incomplete."),
            detail=str(stats.extra.get("error")),
        )
    return Generated("".join(pieces), stats)


def run_task(
    task: Task,
    engine: Engine,
    *,
    cancel: threading.Event | None = None,
    on_text: TextCallback | None = None,
    on_progress: ProgressCallback | None = None,
    on_event: EventCallback | None = None,
) -> Any:
    """Run ``task`` here, on this thread (the CLI, tests). The window uses the inference service."""
    ctx = TaskContext(engine, cancel, on_text=on_text, on_progress=on_progress, on_event=on_event)
    return task.run(ctx)
