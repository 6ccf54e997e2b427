"""The task one API request runs on the inference thread: a chat answer or a plain text completion.

It is an ordinary ``tasks.runtime.Task``, so the window's inference service runs it FIFO with the panes'
work and ``desk-assistant serve`` runs it with ``run_task``. Beside the runner's ``ctx.cancel`` it has
its own ``abort`` event, set from the server's thread when the client goes away (no hop through the UI
thread), and it ends generation itself when a client's stop string appears.

Its result is an ``ApiResult``: the engine's stats with the finish reason as the client should see it,
or a user error (too long a prompt, no model) as an HTTP status and a sentence.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from desk_assistant.core.errors import (
    ContextOverflowError,
    DeskAssistantError,
    GenerationError,
    ModelNotLoadedError,
)
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.streaming import TextAssembler
from desk_assistant.inference.types import ChatMessage, GenerationStats, SamplingParams
from desk_assistant.tasks.runtime import TaskContext

API_SESSION = "api"  # the engine keeps the API's KV state apart from the window's conversations
_POLL_S = 0.05


class AnyEvent(threading.Event):
    """Set when it or any of ``others`` is set: the runner's cancel, the client's abort, a stop string.

    The engines read ``is_set()`` (per token, and in llama.cpp's abort callback) or ``wait(timeout)``."""

    def __init__(self, *others: threading.Event) -> None:
        super().__init__()
        self._others = others

    def is_set(self) -> bool:
        return super().is_set() or any(e.is_set() for e in self._others)

    def wait(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.is_set():
            left = _POLL_S if deadline is None else min(_POLL_S, deadline - time.monotonic())
            if left <= 0:
                return False
            super().wait(left)
        return True


@dataclass
class ApiResult:
    stats: GenerationStats | None = None
    error: str = ""  # a user's error: ``status`` and this sentence go back to the client
    status: int = 0


@dataclass(eq=False)  # compared and hashed by identity: the server tracks them in a set
class ApiGeneration:
    """One request: ``messages`` (chat) or ``prompt`` (plain text), sampling, the client's stop strings."""

    kind: Literal["chat", "text"]
    sampling: SamplingParams
    messages: Sequence[ChatMessage] = ()
    prompt: str = ""
    stop: Sequence[str] = ()
    abort: threading.Event = field(default_factory=threading.Event)

    def run(self, ctx: TaskContext) -> ApiResult:
        if self.abort.is_set() or ctx.cancelled:
            return ApiResult(GenerationStats(finish_reason="cancelled"))
        try:
            return ApiResult(self._generate(ctx))
        except ContextOverflowError as exc:
            return ApiResult(error=str(exc), status=400)
        except ModelNotLoadedError as exc:
            return ApiResult(error=str(exc), status=503)
        except GenerationError:
            raise  # the engine failed: a server error
        except DeskAssistantError as exc:  # the request cannot be served as asked
            return ApiResult(error=str(exc), status=400)

    def _generate(self, ctx: TaskContext) -> GenerationStats:
        hit = threading.Event()  # a stop string appeared: end generation, finish reason "stop"
        cancel = AnyEvent(ctx.cancel, self.abort, hit)
        engine = ctx.engine
        if self.kind == "chat":
            items = engine.stream_chat(self.messages, self.sampling, cancel, API_SESSION)
        else:
            stream_text = getattr(engine, "stream_text", None)
            if stream_text is None:
                raise DeskAssistantError(
                    QT_TRANSLATE_NOOP(
                        "errors", "This model does not complete plain text; use chat completions."
                    )
                )
            items = stream_text(self.prompt, self.sampling, cancel, API_SESSION)
        assembler = TextAssembler(self.stop)
        stats = GenerationStats(finish_reason="cancelled")
        for item in items:
            if isinstance(item, GenerationStats):
                stats = item
                continue
            if assembler.stopped:
                continue  # the engine ends at its next token check
            ctx.text(assembler.feed(item.encode("utf-8")))
            if assembler.stopped:
                hit.set()
        if not assembler.stopped:
            ctx.text(assembler.flush())
        if stats.finish_reason == "error":
            raise GenerationError(
                QT_TRANSLATE_NOOP("errors", "The model stopped with an error; the answer may be incomplete."),
                detail=str(stats.extra.get("error")),
            )
        if assembler.stopped and not (ctx.cancelled or self.abort.is_set()):
            stats.finish_reason = "stop"
        return stats

    def abandon(self) -> ApiResult:
        """Stopped before it ran (the window's service calls this)."""
        return ApiResult(GenerationStats(finish_reason="cancelled"))
