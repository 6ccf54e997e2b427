"""Fixtures for the API server tests: the real tiny llama behind a watched engine, the real server on
127.0.0.1 (a free port), the official ``openai`` client."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import GenerationStats, LoadOptions


class WatchedEngine:
    """The real engine, with a record of every generation: when it ran, how it ended, and how many ran
    at once (a ``Llama`` must never run two)."""

    def __init__(self, engine: LlamaCppEngine) -> None:
        self.engine = engine
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0
        self.calls: list[tuple[float, float, GenerationStats | None]] = []
        self.started = threading.Event()
        self.hold = threading.Event()  # cleared: a generation waits at its start until it is set
        self.hold.set()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def stream_chat(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        return self._watch(self.engine.stream_chat(*args, **kwargs))

    def stream_text(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        return self._watch(self.engine.stream_text(*args, **kwargs))

    def _watch(self, items: Iterator[Any]) -> Iterator[Any]:
        with self.lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        began = time.monotonic()
        self.started.set()
        assert self.hold.wait(30), "a test held the engine too long"
        stats = None
        try:
            for item in items:
                if isinstance(item, GenerationStats):
                    stats = item
                yield item
        finally:
            with self.lock:
                self.active -= 1
                self.calls.append((began, time.monotonic(), stats))


@pytest.fixture(scope="module")
def tiny_engine(tiny_model: Path) -> Iterator[LlamaCppEngine]:
    engine = LlamaCppEngine(state_budget_bytes=0)
    engine.load(str(tiny_model), LoadOptions(context_size=2048, threads=1))
    yield engine
    engine.unload()


@pytest.fixture
def watched(tiny_engine: LlamaCppEngine) -> WatchedEngine:
    return WatchedEngine(tiny_engine)


@pytest.fixture
def executor(watched: WatchedEngine) -> Iterator[Any]:
    from desk_assistant.api.executor import ThreadExecutor

    executor = ThreadExecutor(watched)
    yield executor
    executor.close()


@pytest.fixture
def server(executor: Any) -> Iterator[Any]:
    from desk_assistant.api.server import ApiServer

    server = ApiServer(executor, host="127.0.0.1", port=0)
    server.start()
    yield server
    assert server.stop(), "the API server thread did not end"


@pytest.fixture
def client(server: Any) -> Any:
    import openai

    return openai.OpenAI(base_url=server.url, api_key=server.key(), max_retries=0, timeout=60)
