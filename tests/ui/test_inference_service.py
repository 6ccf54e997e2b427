"""InferenceService logic over a scripted engine: queue order, batching, stop, errors, shutdown.
The same paths over real llama.cpp are in test_inference_service_real.py."""

from __future__ import annotations

import threading
import time

import pytest

from desk_assistant.inference.types import ChatMessage, GenerationStats
from desk_assistant.ui.inference_service import InferenceService
from tests.ui.scripted_engine import ScriptedEngine


class Recorder:
    """Collects every signal of a service as (name, id, payload) in arrival order."""

    def __init__(self, service: InferenceService) -> None:
        self.events: list[tuple[str, int, object]] = []
        service.started.connect(lambda i: self.events.append(("started", i, None)))
        service.textReady.connect(lambda i, t: self.events.append(("text", i, t)))
        service.finished.connect(lambda i, s: self.events.append(("finished", i, s)))
        service.failed.connect(lambda i, m: self.events.append(("failed", i, m)))
        service.modelLoaded.connect(lambda i, m: self.events.append(("loaded", i, m)))
        service.loadProgress.connect(lambda i, f: self.events.append(("progress", i, f)))
        service.busyChanged.connect(lambda b: self.events.append(("busy", 0, b)))

    def text(self, request_id: int) -> str:
        return "".join(str(p) for n, i, p in self.events if n == "text" and i == request_id)

    def ended(self, request_id: int) -> bool:
        return any(n in ("finished", "failed", "loaded") and i == request_id for n, i, _ in self.events)

    def of(self, name: str, request_id: int) -> list[object]:
        return [p for n, i, p in self.events if n == name and i == request_id]


def user(text: str) -> list[ChatMessage]:
    return [ChatMessage("user", text)]


@pytest.fixture
def make_service(qtbot):
    services: list[InferenceService] = []

    def make(engine: ScriptedEngine) -> tuple[InferenceService, Recorder]:
        service = InferenceService(lambda: engine)
        services.append(service)
        return service, Recorder(service)

    yield make
    for service in services:
        service.shutdown()


def test_requests_run_in_fifo_order_in_the_worker_thread(qtbot, make_service) -> None:
    engine = ScriptedEngine(pieces=["x", "y", "z"])
    service, rec = make_service(engine)
    load = service.load_model("/m/tiny.gguf")
    ids = [service.submit_chat(user(f"q{n}")) for n in range(3)]
    qtbot.waitUntil(lambda: rec.ended(ids[-1]), timeout=5000)

    starts = [i for n, i, _ in rec.events if n == "started"]
    assert starts == [load, *ids]
    assert engine.calls == ["load:/m/tiny.gguf", "chat:q0", "chat:q1", "chat:q2"]
    assert all(rec.text(i) == "xyz" for i in ids)
    assert threading.get_ident() not in engine.thread_ids  # the engine never ran on the UI thread
    assert service.current_model().name == "scripted"
    busy = [p for n, _, p in rec.events if n == "busy"]
    assert busy == [True, False]
    assert not service.is_busy()


def test_text_is_batched_not_one_signal_per_token(qtbot, make_service) -> None:
    pieces = [f"{n} " for n in range(300)]
    engine = ScriptedEngine(pieces=pieces, piece_delay=0.002)  # ~500 tokens/s for ~0.6 s
    service, rec = make_service(engine)
    service.load_model("/m/tiny.gguf")
    request = service.submit_chat(user("go"))
    qtbot.waitUntil(lambda: rec.ended(request), timeout=10000)

    emits = rec.of("text", request)
    assert rec.text(request) == "".join(pieces)  # nothing lost, in order
    elapsed = rec.of("finished", request)[0]
    assert isinstance(elapsed, GenerationStats) and elapsed.finish_reason == "stop"
    # 300 pieces over >=0.6 s at 25 Hz: about 15-20 batches, far fewer than 300
    assert 3 <= len(emits) <= 40, len(emits)


def test_stop_ends_running_request_quickly_and_drops_late_text(qtbot, make_service) -> None:
    engine = ScriptedEngine(pieces=["tok "] * 2000, piece_delay=0.005)
    service, rec = make_service(engine)
    service.load_model("/m/tiny.gguf")
    request = service.submit_chat(user("long"))
    qtbot.waitUntil(lambda: bool(rec.of("text", request)), timeout=5000)

    stop_at = time.monotonic()
    service.stop()  # None: the running one
    texts_at_stop = len(rec.of("text", request))
    qtbot.waitUntil(lambda: rec.ended(request), timeout=2000)
    assert time.monotonic() - stop_at < 0.5
    assert len(rec.of("text", request)) == texts_at_stop  # late text dropped
    assert rec.of("finished", request)[0].finish_reason == "cancelled"

    again = service.submit_chat(user("after"))  # the service stays usable
    qtbot.waitUntil(lambda: rec.ended(again), timeout=20000)
    assert rec.of("finished", again)[0].finish_reason == "stop"


def test_stop_during_prefill(qtbot, make_service) -> None:
    engine = ScriptedEngine(prefill_delay=30.0)
    service, rec = make_service(engine)
    service.load_model("/m/tiny.gguf")
    request = service.submit_chat(user("slow prompt"))
    qtbot.waitUntil(lambda: bool(rec.of("started", request)), timeout=5000)
    stop_at = time.monotonic()
    service.stop(request)
    qtbot.waitUntil(lambda: rec.ended(request), timeout=2000)
    assert time.monotonic() - stop_at < 0.5
    assert rec.text(request) == ""


def test_stop_a_queued_request_removes_it(qtbot, make_service) -> None:
    engine = ScriptedEngine(pieces=["a"] * 50, piece_delay=0.01)
    service, rec = make_service(engine)
    service.load_model("/m/tiny.gguf")
    first = service.submit_chat(user("first"))
    queued = service.submit_chat(user("queued"))
    last = service.submit_chat(user("last"))
    service.stop(queued)
    assert rec.of("finished", queued)[0].finish_reason == "cancelled"  # closed at once
    qtbot.waitUntil(lambda: rec.ended(last), timeout=10000)

    assert "chat:queued" not in engine.calls
    assert rec.of("started", queued) == []
    assert rec.text(first) == "a" * 50 and rec.text(last) == "a" * 50


def test_failures_are_readable_sentences_and_the_service_lives_on(qtbot, make_service) -> None:
    engine = ScriptedEngine(pieces=["ok"])
    service, rec = make_service(engine)
    early = service.submit_chat(user("no model yet"))
    bad = service.load_model("/m/notes.txt")
    good = service.load_model("/m/tiny.gguf")
    chat = service.submit_chat(user("now"))
    qtbot.waitUntil(lambda: rec.ended(chat), timeout=5000)

    assert rec.of("failed", early) == ["No model is loaded."]
    assert rec.of("failed", bad) == ["/m/notes.txt is not a GGUF model file."]
    assert rec.of("loaded", good) and rec.text(chat) == "ok"


def test_unexpected_exception_is_not_a_traceback(qtbot, make_service) -> None:
    class Broken(ScriptedEngine):
        def stream_chat(self, *args, **kwargs):
            raise ZeroDivisionError("boom")

    service, rec = make_service(Broken())
    request = service.submit_chat(user("x"))
    qtbot.waitUntil(lambda: rec.ended(request), timeout=5000)
    (message,) = rec.of("failed", request)
    assert "Traceback" not in message and "boom" not in message
    assert "log" in message


def test_prepare_runs_in_the_worker_before_loading(qtbot, make_service) -> None:
    engine = ScriptedEngine()
    service, rec = make_service(engine)
    seen: list[int] = []

    def prepare() -> str:
        seen.append(threading.get_ident())
        return "/m/prepared.gguf"

    stages: list[str] = []
    service.loadStage.connect(lambda _i, s: stages.append(s))
    request = service.load_model("", prepare=prepare)
    qtbot.waitUntil(lambda: rec.ended(request), timeout=5000)
    assert seen and seen[0] != threading.get_ident()
    assert engine.calls == ["load:/m/prepared.gguf"]
    assert stages == ["preparing", "loading"]


def test_shutdown_during_generation_stops_thread(qtbot) -> None:
    engine = ScriptedEngine(pieces=["a"] * 10000, piece_delay=0.01)
    service = InferenceService(lambda: engine)
    rec = Recorder(service)
    service.load_model("/m/tiny.gguf")
    request = service.submit_chat(user("forever"))
    qtbot.waitUntil(lambda: bool(rec.of("text", request)), timeout=5000)
    t0 = time.monotonic()
    service.shutdown()
    assert time.monotonic() - t0 < 1.0
    assert not service.is_running()
    assert engine.calls[-1] == "unload"  # freed in its own thread at exit
    assert threading.get_ident() not in engine.thread_ids
    with pytest.raises(RuntimeError):
        service.submit_chat(user("too late"))
