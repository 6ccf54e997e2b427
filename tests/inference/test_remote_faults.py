"""RemoteEngine when the server misbehaves: a small real HTTP server on 127.0.0.1 plays each fault
(killed mid-stream, stalled, malformed events, 401/403, 429, 5xx, unknown model, refused, offline),
and each test checks the sentence the user gets and the text that was kept."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desk_assistant.core import network
from desk_assistant.core.backends import Connection
from desk_assistant.core.errors import GenerationError, ModelLoadError, OfflineError
from desk_assistant.inference.remote_engine import RemoteEngine, estimate_tokens
from desk_assistant.inference.types import ChatMessage, GenerationStats, SamplingParams
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks.chat import ChatTurn, StreamChat
from desk_assistant.tasks.runtime import run_task
from tests.remote_server import free_port

Behaviour = Callable[["Handler"], None]
HI = [ChatMessage("user", "Hi")]


class Handler(BaseHTTPRequestHandler):
    server: FakeHTTPServer

    def log_message(self, *args: object) -> None:
        pass

    @property
    def fake(self) -> FakeServer:
        return self.server.fake

    def send(self, data: bytes) -> None:
        if self.fake.chunked:
            data = f"{len(data):x}\r\n".encode() + data + b"\r\n"
        self.wfile.write(data)
        self.wfile.flush()

    def reply(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self.fake.gets += 1
        if self.path == "/v1/models":
            self.reply(200, {"object": "list", "data": [{"id": m} for m in self.fake.models]})
        else:
            self.reply(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/tokenize" and self.fake.tokenizer == "llama.cpp" and "content" in body:
            self.reply(200, {"tokens": [ord(c) for c in body["content"]]})  # one token per character
        elif self.path == "/tokenize" and self.fake.tokenizer == "vllm" and "prompt" in body:
            tokens = [1] + [ord(c) for c in body["prompt"]]  # vLLM adds BOS
            self.reply(200, {"count": len(tokens), "tokens": tokens, "max_model_len": 32768})
        elif self.path == "/v1/chat/completions":
            self.fake.chats.append(body)
            plan = self.fake.plan
            behaviour = plan.pop(0) if len(plan) > 1 else plan[0]
            behaviour(self)
        else:
            self.reply(404, {"error": {"message": "not found"}})


class FakeHTTPServer(ThreadingHTTPServer):
    fake: FakeServer

    def get_request(self) -> tuple[socket.socket, object]:
        sock, address = super().get_request()
        self.fake.sockets.append(sock)
        return sock, address


class FakeServer:
    """``plan``: what successive chat requests get (the last one repeats)."""

    def __init__(self, chunked: bool) -> None:
        self.chunked = chunked
        self.plan: list[Behaviour] = [sse(["Hello", " world"])]
        self.models = ["m"]
        self.tokenizer: str | None = None
        self.chats: list[dict] = []
        self.gets = 0
        self.sockets: list[socket.socket] = []
        Handler.protocol_version = "HTTP/1.1"
        self.httpd = FakeHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.fake = self
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def kill(self) -> None:
        """The server process dies: it stops listening and every open connection is cut."""
        self.httpd.shutdown()
        self.httpd.server_close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def chunk(piece: str, finish: str | None = None) -> bytes:
    event = {"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": finish}]}
    return f"data: {json.dumps(event)}\n\n".encode()


def sse(
    pieces: list[str],
    *,
    end: str = "done",  # "done" | "bare" ([DONE] only) | "drop" (the server dies) | "stall" (then silence)
    before: list[bytes] = (),  # type: ignore[assignment]
    after: list[bytes] = (),  # type: ignore[assignment]
    stall_s: float = 3.0,
) -> Behaviour:
    def behaviour(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        if h.fake.chunked:
            h.send_header("Transfer-Encoding", "chunked")
        else:
            h.send_header("Connection", "close")
            h.close_connection = True
        h.end_headers()
        h.wfile.flush()
        try:
            for line in before:
                h.send(line)
            for piece in pieces:
                h.send(chunk(piece))
            for line in after:
                h.send(line)
            if end in ("done", "bare"):
                h.send((chunk("", "stop") if end == "done" else b"") + b"data: [DONE]\n\n")
                if h.fake.chunked:
                    h.wfile.write(b"0\r\n\r\n")
                return
            if end == "stall":
                time.sleep(stall_s)
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)  # killed: no [DONE], no last chunk
        except OSError:
            pass

    return behaviour


def status(code: int, message: str = "", headers: dict[str, str] | None = None) -> Behaviour:
    def behaviour(h: Handler) -> None:
        h.reply(code, {"error": {"message": message, "code": code}}, headers)

    return behaviour


@pytest.fixture(params=[True, False], ids=["chunked", "close"])
def fake(request: pytest.FixtureRequest) -> Iterator[FakeServer]:
    server = FakeServer(chunked=request.param)
    yield server
    server.kill()


def engine_for(fake: FakeServer, key: str = "k", **kwargs: float) -> RemoteEngine:
    engine = RemoteEngine(fake.url, key, **{"timeout": 5.0, "retry_delay": 0.05, **kwargs})  # type: ignore[arg-type]
    engine.load("m")
    return engine


def ask(engine: RemoteEngine, cancel: threading.Event | None = None) -> tuple[list[str], object]:
    """Run a chat answer the way every pane does (tasks.runtime): the pieces, then stats or the error."""
    pieces: list[str] = []
    try:
        outcome: object = run_task(
            StreamChat(list(HI), SamplingParams(max_tokens=50)),
            engine,
            cancel=cancel,
            on_text=lambda piece, _key: pieces.append(piece),
        )
    except GenerationError as exc:
        outcome = exc
    return pieces, outcome


# ---- the stream breaks ---------------------------------------------------------------------------


def test_server_killed_mid_stream_keeps_the_partial_answer_marked(fake: FakeServer) -> None:
    fake.plan = [sse(["Hello", " wor"], end="drop")]
    engine = engine_for(fake)
    with ConversationStore() as store:
        conversation = store.create_conversation("chat", model="remote:lab/m")
        turn = ChatTurn.ask(store, conversation.id, "Hi")
        with pytest.raises(GenerationError) as err:
            run_task(turn, engine)
        answer = store.get_message(turn.message_id)
    assert str(err.value) == (
        f"The connection to {fake.url} was lost in the middle of the answer; the answer so far is kept."
    )
    assert (answer.content, answer.status) == ("Hello wor", "error")
    assert len(fake.chats) == 1  # never a retry once text was delivered


def test_engine_contract_after_a_drop_pieces_then_error_stats(fake: FakeServer) -> None:
    fake.plan = [sse(["a", "b", "c"], end="drop")]
    items = list(engine_for(fake).stream_chat(HI))
    assert items[:3] == ["a", "b", "c"]
    stats = items[-1]
    assert isinstance(stats, GenerationStats) and stats.finish_reason == "error"
    assert "was lost in the middle of the answer" in str(stats.extra["error"])


def test_a_drop_before_any_text_is_raised_at_once(fake: FakeServer) -> None:
    fake.plan = [sse([], end="drop")]
    pieces, outcome = ask(engine_for(fake))
    assert pieces == [] and isinstance(outcome, GenerationError)
    assert str(outcome) == f"The connection to {fake.url} was lost before the answer began."


def test_a_stalled_server_is_given_up_after_the_timeout(fake: FakeServer) -> None:
    fake.plan = [sse(["Hel", "lo"], end="stall", stall_s=3)]
    engine = engine_for(fake, timeout=0.5)
    started = time.perf_counter()
    pieces, outcome = ask(engine)
    assert time.perf_counter() - started < 2.5
    assert pieces == ["Hel", "lo"]
    assert str(outcome) == (
        f"The server at {fake.url} sent nothing for 0.5 seconds and was given up; the answer so far is kept."
    )
    fake.plan = [sse([], end="stall", stall_s=3)]
    engine = RemoteEngine.from_connection(
        Connection("lab", fake.url, "k", timeout=0.5)
    )  # a backend's setting
    engine.load("m")
    pieces, outcome = ask(engine)
    assert pieces == [] and str(outcome) == f"The server at {fake.url} did not answer within 0.5 seconds."


def test_malformed_events_are_skipped_and_logged(fake: FakeServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "desk_assistant.inference.remote_engine")
    fake.plan = [sse(["Hello", " world"], before=[b"data: {oops\n\n", b"data: [1, 2]\n\n"])]
    pieces, outcome = ask(engine_for(fake))
    assert pieces == ["Hello", " world"]
    assert isinstance(outcome, GenerationStats) and outcome.finish_reason == "stop"
    assert caplog.text.count("skipped a malformed event") == 2


def test_nothing_but_malformed_events_is_an_error(fake: FakeServer) -> None:
    fake.plan = [sse([], before=[b"data: <html>\n\n", b"data: {\n\n"], end="bare")]
    pieces, outcome = ask(engine_for(fake))
    assert pieces == [] and isinstance(outcome, GenerationError)
    assert str(outcome) == (
        f"The server at {fake.url} did not answer like an OpenAI-compatible server "
        "(its reply was unreadable)."
    )


def test_an_html_page_instead_of_a_stream(fake: FakeServer) -> None:
    """A proxy's login page, say: 200, but not an event stream."""
    page = [b"<html>\n", b"<body>Please sign in</body>\n", b"</html>\n"]
    fake.plan = [sse([], before=page, end="drop")]
    pieces, outcome = ask(engine_for(fake))
    assert pieces == [] and "did not answer like an OpenAI-compatible server" in str(outcome)


def test_an_error_event_mid_stream(fake: FakeServer) -> None:
    error = json.dumps({"error": {"message": "out of memory"}})
    fake.plan = [sse(["Par", "tial"], after=[f"data: {error}\n\n".encode()])]
    pieces, outcome = ask(engine_for(fake))
    assert pieces == ["Par", "tial"]
    assert str(outcome) == f"The server at {fake.url} reported an error: out of memory"


def test_a_reply_that_ignores_stream_is_read_whole(fake: FakeServer) -> None:
    def whole(h: Handler) -> None:
        h.reply(200, {"choices": [{"message": {"content": "All at once."}, "finish_reason": "stop"}]})

    fake.plan = [whole]
    pieces, outcome = ask(engine_for(fake))
    assert pieces == ["All at once."] and isinstance(outcome, GenerationStats)


# ---- refused requests ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", [401, 403])
def test_a_wrong_or_missing_key(fake: FakeServer, code: int) -> None:
    fake.plan = [status(code, "invalid api key")]
    _, outcome = ask(engine_for(fake, key="wrong"))
    assert (
        str(outcome)
        == f"The server at {fake.url} refused the API key ({code}). Check the key of this backend."
    )
    _, outcome = ask(engine_for(fake, key=""))
    assert (
        str(outcome) == f"The server at {fake.url} asks for an API key ({code}). Add the key to this backend."
    )
    assert len(fake.chats) == 2  # no retries


def test_429_waits_for_retry_after_then_streams(fake: FakeServer) -> None:
    fake.plan = [status(429, "slow down", {"Retry-After": "1"}), sse(["Fine", " now"])]
    started = time.perf_counter()
    pieces, outcome = ask(engine_for(fake))
    assert time.perf_counter() - started >= 0.9
    assert pieces == ["Fine", " now"] and isinstance(outcome, GenerationStats)
    assert len(fake.chats) == 2


def test_429_retries_are_bounded(fake: FakeServer) -> None:
    fake.plan = [status(429, "slow down", {"Retry-After": "0"})]
    _, outcome = ask(engine_for(fake, rate_limit_retries=2))
    assert str(outcome) == f"The server at {fake.url} is busy (too many requests); try again later."
    assert len(fake.chats) == 3
    fake.chats.clear()
    fake.plan = [status(429, "slow down", {"Retry-After": "120"})]  # longer than worth waiting
    started = time.perf_counter()
    _, outcome = ask(engine_for(fake))
    assert time.perf_counter() - started < 1
    assert str(outcome) == f"The server at {fake.url} is busy (too many requests); try again in 120 seconds."
    assert len(fake.chats) == 1


def test_stop_while_waiting_out_a_429(fake: FakeServer) -> None:
    fake.plan = [status(429, "slow down", {"Retry-After": "5"}), sse(["never"])]
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    started = time.perf_counter()
    pieces, outcome = ask(engine_for(fake), cancel)
    assert time.perf_counter() - started < 1.5
    assert pieces == [] and isinstance(outcome, GenerationStats) and outcome.finish_reason == "cancelled"
    assert len(fake.chats) == 1


def test_a_5xx_is_retried_once(fake: FakeServer) -> None:
    fake.plan = [status(502, "bad gateway"), sse(["Back"])]
    pieces, outcome = ask(engine_for(fake))
    assert pieces == ["Back"] and isinstance(outcome, GenerationStats) and len(fake.chats) == 2
    fake.chats.clear()
    fake.plan = [status(500, "boom")]
    _, outcome = ask(engine_for(fake))
    assert str(outcome) == f"The server at {fake.url} failed (500): boom"
    assert len(fake.chats) == 2


def test_unknown_model(fake: FakeServer) -> None:
    with pytest.raises(ModelLoadError) as err:
        RemoteEngine(fake.url).load("missing")
    assert str(err.value) == f"The server at {fake.url} has no model named 'missing'."
    sentence = f"The server at {fake.url} has no model named 'm'."
    fake.plan = [status(404, "model 'm' not found")]  # Ollama, OpenAI
    assert str(ask(engine_for(fake))[1]) == sentence
    fake.plan = [status(400, "The model `m` does not exist.")]  # vLLM
    assert str(ask(engine_for(fake))[1]) == sentence


def test_refused_connection() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    sentence = f"Nothing answers at {url}: the connection was refused. Is the server running?"
    with pytest.raises(ModelLoadError) as err:
        RemoteEngine(url).load("m")
    assert str(err.value) == sentence


def test_a_silent_server_does_not_hold_a_load_for_the_answer_timeout() -> None:
    """It accepts the connection and never answers: loading gives up after the short metadata timeout,
    not the 120 s an answer may take, so the inference queue (the window's next model choice) moves on."""
    listener = socket.create_server(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        engine = RemoteEngine(url, metadata_timeout=0.5)
        assert engine.timeout == 120.0
        started = time.monotonic()
        with pytest.raises(ModelLoadError) as err:
            engine.load("m")
        assert time.monotonic() - started < 5.0
        assert url in str(err.value)
    finally:
        listener.close()


def test_a_server_gone_after_loading(fake: FakeServer) -> None:
    engine = engine_for(fake)
    fake.kill()
    pieces, outcome = ask(engine)
    assert pieces == [] and isinstance(outcome, GenerationError)
    assert (
        str(outcome) == f"Nothing answers at {fake.url}: the connection was refused. Is the server running?"
    )


def test_offline_connects_to_nothing(fake: FakeServer) -> None:
    engine = engine_for(fake)
    gets = fake.gets
    network.set_offline(True)
    try:
        with pytest.raises(OfflineError, match="set to work offline"):
            RemoteEngine(fake.url).load("m")
        with pytest.raises(OfflineError):
            list(engine.stream_chat(HI))
    finally:
        network.set_offline(False)
    assert fake.gets == gets and fake.chats == []


# ---- token counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["llama.cpp", "vllm", None])
def test_token_counts_from_the_servers_tokenizer_or_estimated(fake: FakeServer, kind: str | None) -> None:
    fake.tokenizer = kind
    engine = engine_for(fake)
    assert engine.tokenizer_endpoint == kind
    assert engine.token_counts_estimated is (kind is None)
    assert engine.model_info is not None and engine.model_info.token_counts_estimated is (kind is None)
    text = "abcdefgh 你好"
    if kind is None:
        assert engine.count_tokens(text) == estimate_tokens(text)
    else:  # the fake's tokenizer: one token per character; vLLM's BOS is not counted
        assert engine.count_tokens(text) == len(text)
        assert engine.tokenize("ab") == [97, 98]
    network.set_offline(True)
    try:  # offline: counting connects to nothing, it estimates
        assert engine.count_tokens("a new text, never counted") == estimate_tokens(
            "a new text, never counted"
        )
    finally:
        network.set_offline(False)
