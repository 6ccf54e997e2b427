"""Fixtures for engine tests: tiny real GGUF models (fast) and the real Gemma 270M (end to end)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import LoadOptions
from tests.model_builder import build_tiny_llama

pytest.importorskip("llama_cpp")


@pytest.fixture(scope="session")
def tiny_model_no_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llama(tmp_path_factory.mktemp("models") / "tiny-plain.gguf", chat_template=None)


@pytest.fixture(scope="session")
def tiny_model_ends(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny model whose every answer is <|im_end|> at once."""
    return build_tiny_llama(tmp_path_factory.mktemp("models") / "tiny-ends.gguf", end_logit=1.0)


@pytest.fixture
def tiny_engine(tiny_model: Path) -> Iterator[LlamaCppEngine]:
    engine = LlamaCppEngine()
    engine.load(str(tiny_model), LoadOptions(context_size=512))
    yield engine
    engine.unload()


@pytest.fixture(scope="module")
def gemma_engine(gemma_model_path: Path) -> Iterator[LlamaCppEngine]:
    """One Gemma per test module (loading takes ~1 s); tests use their own session keys."""
    engine = LlamaCppEngine()
    engine.load(str(gemma_model_path), LoadOptions(context_size=8192))
    yield engine
    engine.unload()
