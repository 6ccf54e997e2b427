"""SwitchingEngine: the tiny local model through llama.cpp and a remote model on a real HTTP server
(tests/inference/test_remote_faults.py's fake, which answers like Ollama: no tokenize endpoint)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_assistant.core.backends import Connection
from desk_assistant.core.errors import BackendError, ModelLoadError, ModelNotLoadedError
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.switching_engine import SwitchingEngine
from desk_assistant.inference.types import ChatMessage, GenerationStats, LoadOptions
from tests.inference.test_remote_faults import FakeServer
from tests.remote_server import free_port

OPTIONS = LoadOptions(context_size=512, threads=1)


@pytest.fixture
def fake() -> Iterator[FakeServer]:
    server = FakeServer(chunked=True)
    yield server
    server.kill()


@pytest.fixture
def engines(fake: FakeServer) -> Iterator[tuple[SwitchingEngine, LlamaCppEngine]]:
    local = LlamaCppEngine(state_budget_bytes=0)
    conns = {
        "lab": Connection("lab", fake.url, "k"),
        "down": Connection("down", f"http://127.0.0.1:{free_port()}", ""),
    }

    def connection_for(name: str) -> Connection:
        if name not in conns:
            raise BackendError("There is no backend named {name}.", name=repr(name))
        return conns[name]

    engine = SwitchingEngine(lambda: local, connection_for=connection_for)
    yield engine, local
    engine.unload()


def test_local_loads_keep_progress_and_engine_extras(
    engines: tuple[SwitchingEngine, LlamaCppEngine], tiny_model: Path
) -> None:
    engine, local = engines
    assert "progress" in inspect.signature(engine.load).parameters  # the window's service passes one
    fractions: list[float] = []
    info = engine.load(str(tiny_model), OPTIONS, progress=lambda f: fractions.append(f) or True)
    assert fractions and fractions[-1] == pytest.approx(1.0)
    assert info.path == str(tiny_model) and engine.model_ref == str(tiny_model) and local.is_loaded
    assert engine.load_messages == local.load_messages  # what only LlamaCppEngine has
    assert not engine.token_counts_estimated
    assert engine.count_tokens("Hello") == local.count_tokens("Hello")


def test_switching_both_ways(
    engines: tuple[SwitchingEngine, LlamaCppEngine], fake: FakeServer, tiny_model: Path
) -> None:
    engine, local = engines
    engine.load(str(tiny_model), OPTIONS)
    info = engine.load("remote:lab/m", LoadOptions(context_size=1024))
    assert not local.is_loaded and engine.is_remote and engine.model_ref == "remote:lab/m"
    assert info.token_counts_estimated and engine.token_counts_estimated and engine.context_size == 1024
    items = list(engine.stream_chat([ChatMessage("user", "Hi")]))
    assert items[:-1] == ["Hello", " world"] and isinstance(items[-1], GenerationStats)
    assert fake.chats[0]["model"] == "m"
    engine.load(str(tiny_model), OPTIONS)
    assert local.is_loaded and not engine.is_remote


def test_bad_refs_are_sentences(engines: tuple[SwitchingEngine, LlamaCppEngine], tiny_model: Path) -> None:
    engine, local = engines
    engine.load(str(tiny_model), OPTIONS)
    with pytest.raises(BackendError, match="no backend named 'nowhere'"):
        engine.load("remote:nowhere/m")
    assert local.is_loaded  # an unknown backend is refused before anything is unloaded
    with pytest.raises(ModelLoadError, match="connection was refused"):
        engine.load("remote:down/m")
    assert not engine.is_loaded and engine.model_ref is None and engine.model_info is None
    with pytest.raises(ModelNotLoadedError, match="No model is loaded"):
        engine.count_tokens("x")
