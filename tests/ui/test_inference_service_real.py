"""InferenceService over the real llama.cpp engine: tiny GGUF for the paths, Gemma 270M for long prefill."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from desk_assistant.inference.types import ChatMessage, LoadOptions, SamplingParams
from desk_assistant.ui.inference_service import InferenceService
from tests.model_fixtures import long_text
from tests.ui.test_inference_service import Recorder


def real_engine():
    from desk_assistant.inference.llama_engine import LlamaCppEngine

    return LlamaCppEngine()


@pytest.fixture
def service(qtbot):
    service = InferenceService(real_engine)
    yield service
    service.shutdown()


def test_load_and_stream_with_the_real_engine(qtbot, service, tiny_model: Path) -> None:
    rec = Recorder(service)
    load = service.load_model(str(tiny_model), LoadOptions(context_size=512, gpu_layers=0))
    chat = service.submit_chat(
        [ChatMessage("user", "hello")], SamplingParams(max_tokens=200, seed=1), session_key="c1"
    )
    qtbot.waitUntil(lambda: rec.ended(chat), timeout=30000)
    (info,) = rec.of("loaded", load)
    assert info.path == str(tiny_model) and info.gpu_layers == 0
    assert service.current_model() is info
    (stats,) = rec.of("finished", chat)
    assert stats.completion_tokens > 50 and stats.finish_reason in ("length", "stop")
    assert len(rec.text(chat)) > 0
    # hundreds of tokens at thousands of tok/s arrive in a few batches, not one signal per token
    assert len(rec.of("text", chat)) < stats.completion_tokens / 3


def test_stop_during_decode_with_the_real_engine(qtbot, service, tiny_model: Path) -> None:
    rec = Recorder(service)
    service.load_model(str(tiny_model), LoadOptions(context_size=2048, gpu_layers=0))
    chat = service.submit_chat([ChatMessage("user", "go on")], SamplingParams(max_tokens=1900, seed=2))
    qtbot.waitUntil(lambda: bool(rec.of("text", chat)), timeout=30000)
    t0 = time.monotonic()
    service.stop(chat)
    n_text = len(rec.of("text", chat))
    qtbot.waitUntil(lambda: rec.ended(chat), timeout=5000)
    elapsed = time.monotonic() - t0
    (stats,) = rec.of("finished", chat)
    assert stats.finish_reason == "cancelled"
    assert stats.completion_tokens < 1900
    assert len(rec.of("text", chat)) == n_text  # nothing after Stop
    assert elapsed < 1.0, elapsed  # budget 0.5 s: measured in tests/benchmarks/test_bench_ui_shell.py


def test_failed_load_is_a_readable_sentence(qtbot, service, tmp_path: Path) -> None:
    rec = Recorder(service)
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\x00" * 100)
    missing = tmp_path / "nowhere.gguf"
    bad = service.load_model(str(broken))
    gone = service.load_model(str(missing))
    qtbot.waitUntil(lambda: rec.ended(gone), timeout=10000)
    for request in (bad, gone):
        (message,) = rec.of("failed", request)
        assert "Traceback" not in message and len(message.splitlines()) == 1
    assert "broken.gguf" in rec.of("failed", bad)[0]
    assert "nowhere.gguf" in rec.of("failed", gone)[0]
    assert service.current_model() is None


@pytest.mark.gemma
def test_stop_during_a_long_prefill_on_gemma(qtbot, service, gemma_model_path: Path) -> None:
    rec = Recorder(service)
    service.load_model(str(gemma_model_path), LoadOptions(context_size=4096, gpu_layers=0))
    prompt = [ChatMessage("user", "Summarize: " + long_text(2600))]  # ~3.5k tokens: seconds of prefill
    chat = service.submit_chat(prompt, SamplingParams(max_tokens=16, seed=3))
    qtbot.waitUntil(lambda: bool(rec.of("started", chat)), timeout=60000)
    time.sleep(0.3)  # well inside the prefill
    assert not rec.of("text", chat)
    t0 = time.monotonic()
    service.stop()
    qtbot.waitUntil(lambda: rec.ended(chat), timeout=5000)
    elapsed = time.monotonic() - t0
    assert rec.of("finished", chat)[0].finish_reason == "cancelled"
    assert rec.text(chat) == ""
    assert elapsed < 1.0, elapsed
    # the engine stays usable after an aborted prefill
    again = service.submit_chat([ChatMessage("user", "Hi")], SamplingParams(max_tokens=4, seed=4))
    qtbot.waitUntil(lambda: rec.ended(again), timeout=60000)
    assert rec.of("finished", again)[0].finish_reason in ("length", "stop")


def test_no_thread_left_after_shutdown(qtbot, tiny_model: Path) -> None:
    before = {t.ident for t in threading.enumerate()}
    service = InferenceService(real_engine)
    rec = Recorder(service)
    service.load_model(str(tiny_model), LoadOptions(context_size=512, gpu_layers=0))
    chat = service.submit_chat([ChatMessage("user", "x")], SamplingParams(max_tokens=2000, seed=5))
    qtbot.waitUntil(lambda: bool(rec.of("text", chat)), timeout=30000)
    service.shutdown()
    assert not service.is_running()
    alive = [t for t in threading.enumerate() if t.ident not in before and t.is_alive()]
    assert not [t for t in alive if not isinstance(t, threading._DummyThread)]


def test_loading_gemma_reports_real_progress(qtbot, service, gemma_model_path: Path) -> None:
    rec = Recorder(service)
    load = service.load_model(str(gemma_model_path), LoadOptions(context_size=512, gpu_layers=0))
    qtbot.waitUntil(lambda: rec.ended(load), timeout=60000)
    fractions = rec.of("progress", load)
    assert fractions[-1] == 1.0
    assert any(0.0 < f < 1.0 for f in fractions), fractions  # llama.cpp's loader, not just "done"
    assert fractions == sorted(fractions) and len(fractions) <= 60  # throttled for the UI
