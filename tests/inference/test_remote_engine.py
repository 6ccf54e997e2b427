"""RemoteEngine against a real local HTTP server speaking the OpenAI streaming protocol."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desk_assistant.core.errors import GenerationError, ModelLoadError
from desk_assistant.inference.engine import Engine
from desk_assistant.inference.remote_engine import RemoteEngine, estimate_tokens
from desk_assistant.inference.types import ChatMessage, GenerationStats, SamplingParams


class FakeServer:
    """Answers with ``pieces`` as SSE chunks, ``delay`` seconds apart; records requests."""

    def __init__(self, chunked: bool) -> None:
        self.chunked = chunked  # HTTP/1.1 chunked replies, like llama.cpp's server, Ollama and vLLM
        self.pieces = ["Hel", "lo", " 你好", "!"]
        self.delay = 0.0
        self.status = 200
        self.requests: list[dict] = []
        self.disconnected = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if chunked else "HTTP/1.0"

            def send(self, data: bytes) -> None:
                if server.chunked:
                    data = f"{len(data):x}\r\n".encode() + data + b"\r\n"
                self.wfile.write(data)
                self.wfile.flush()

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                body = json.dumps({"data": [{"id": "tiny"}, {"id": "other"}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                body = self.rfile.read(length)
                if self.path != "/v1/chat/completions":  # no tokenize endpoint (like Ollama)
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                server.requests.append(json.loads(body))
                if server.status != 200:
                    body = json.dumps({"error": {"message": "model is busy"}}).encode()
                    self.send_response(server.status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                if server.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    self.send(b": keep-alive\n\n")
                    for i, piece in enumerate(server.pieces):
                        last = i == len(server.pieces) - 1
                        chunk = {
                            "choices": [
                                {"delta": {"content": piece}, "finish_reason": "stop" if last else None}
                            ]
                        }
                        self.send(f"data: {json.dumps(chunk)}\n\n".encode())
                        time.sleep(server.delay)
                    usage = {
                        "choices": [],
                        "usage": {
                            "prompt_tokens": 11,
                            "completion_tokens": 4,
                            "prompt_tokens_details": {"cached_tokens": 3},
                        },
                    }
                    self.send(f"data: {json.dumps(usage)}\n\ndata: [DONE]\n\n".encode())
                    if server.chunked:
                        self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    server.disconnected.set()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(params=[True, False], ids=["chunked", "unchunked"])
def server(request: pytest.FixtureRequest) -> Iterator[FakeServer]:
    srv = FakeServer(chunked=request.param)
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture
def engine(server: FakeServer) -> RemoteEngine:
    eng = RemoteEngine(server.url, api_key="k", timeout=5)
    eng.load("tiny")
    return eng


def test_streams_pieces_and_usage(engine: RemoteEngine, server: FakeServer) -> None:
    assert isinstance(engine, Engine)
    items = list(engine.stream_chat([ChatMessage("user", "Hi")], SamplingParams(seed=4, max_tokens=50)))
    assert items[:-1] == ["Hel", "lo", " 你好", "!"]
    stats = items[-1]
    assert isinstance(stats, GenerationStats) and stats.finish_reason == "stop"
    assert (stats.prompt_tokens, stats.completion_tokens, stats.cached_tokens) == (11, 4, 3)
    body = server.requests[0]
    assert body["stream"] is True and body["model"] == "tiny" and body["seed"] == 4
    assert body["messages"] == [{"role": "user", "content": "Hi"}] and body["max_tokens"] == 50


def test_fresh_seed_per_request(engine: RemoteEngine, server: FakeServer) -> None:
    for _ in range(3):
        list(engine.stream_chat([ChatMessage("user", "Hi")]))
    assert len({r["seed"] for r in server.requests}) == 3


def test_cancel_closes_the_stream(engine: RemoteEngine, server: FakeServer) -> None:
    server.pieces = [f"p{i} " for i in range(50)]
    server.delay = 0.2
    cancel = threading.Event()
    got: list[str] = []
    stats = None
    started = time.perf_counter()
    for item in engine.stream_chat([ChatMessage("user", "Hi")], cancel=cancel):
        if isinstance(item, str):
            got.append(item)
            if len(got) == 2:
                threading.Timer(0.05, cancel.set).start()  # Stop pressed while waiting for the next piece
        else:
            stats = item
    assert stats is not None and stats.finish_reason == "cancelled"
    assert len(got) <= 3
    assert time.perf_counter() - started < 3  # far less than the 10 s the whole answer takes
    assert server.disconnected.wait(2)  # the server saw the connection go


def test_server_error_is_one_sentence(engine: RemoteEngine, server: FakeServer) -> None:
    server.status = 503
    with pytest.raises(GenerationError) as err:
        list(engine.stream_chat([ChatMessage("user", "Hi")]))
    assert "503" in str(err.value) and "model is busy" in str(err.value)


def test_unreachable_server_and_unknown_model(server: FakeServer) -> None:
    with pytest.raises(ModelLoadError, match="connection was refused"):
        RemoteEngine("http://127.0.0.1:9", timeout=2).load("x")
    with pytest.raises(ModelLoadError, match="no model named"):
        RemoteEngine(server.url).load("missing")


def test_token_estimate() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("abcdefgh") == 2
    assert estimate_tokens("你好世界") == 4
