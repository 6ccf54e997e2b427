"""The API server over the real tiny llama, spoken to by the official ``openai`` client on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import openai
import pytest

from desk_assistant.api.app import ApiError, sampling_from
from desk_assistant.api.server import ApiServer, ApiServerError, parse_origins, server_key
from desk_assistant.core import secrets
from desk_assistant.inference.types import SamplingParams

HI = [{"role": "user", "content": "Say hello."}]


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_models_lists_the_loaded_model(client: Any, tiny_model: Any) -> None:
    models = client.models.list().data
    assert [m.id for m in models] == [tiny_model.stem]
    assert models[0].owned_by == "local"


def test_chat_non_streaming_has_text_usage_and_finish_reason(client: Any, watched: Any) -> None:
    reply = client.chat.completions.create(model="anything", messages=HI, max_tokens=12, seed=7)
    choice = reply.choices[0]
    assert choice.message.role == "assistant"
    assert choice.message.content
    assert choice.finish_reason == "length"  # the tiny model never ends by itself (end_logit 0)
    assert reply.usage.completion_tokens == 12
    assert reply.usage.prompt_tokens > 5
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + 12
    assert reply.object == "chat.completion" and reply.id.startswith("chatcmpl-")
    assert watched.calls[-1][2].extra["seed"] == 7  # the client's seed reached llama.cpp


def test_chat_streaming_matches_the_non_streamed_answer_and_reports_usage(client: Any) -> None:
    whole = client.chat.completions.create(model="m", messages=HI, max_tokens=20, seed=3, temperature=0)
    stream = client.chat.completions.create(
        model="m",
        messages=HI,
        max_tokens=20,
        seed=3,
        temperature=0,
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finishes == ["length"]
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == 20
    assert all(c.usage is None for c in chunks[:-1])


def test_streaming_without_include_usage_sends_no_usage(client: Any) -> None:
    chunks = list(client.chat.completions.create(model="m", messages=HI, max_tokens=5, stream=True))
    assert all(c.usage is None for c in chunks) and chunks[-1].choices[0].finish_reason == "length"


def test_text_completions_streamed_and_not(client: Any, watched: Any) -> None:
    whole = client.completions.create(
        model="m", prompt="Once upon a time", max_tokens=10, seed=5, temperature=0
    )
    assert whole.object == "text_completion"
    assert whole.usage.completion_tokens == 10 and whole.choices[0].finish_reason == "length"
    # no chat template: the prompt is its tokens (BOS, SentencePiece's leading space, one per byte)
    assert whole.usage.prompt_tokens == len("Once upon a time") + 2
    chunks = list(
        client.completions.create(
            model="m", prompt="Once upon a time", max_tokens=10, seed=5, temperature=0, stream=True
        )
    )
    assert "".join(c.choices[0].text for c in chunks) == whole.choices[0].text
    default = client.completions.create(model="m", prompt="Hi")
    assert default.usage.completion_tokens == 16  # OpenAI's default for completions


def test_a_stop_string_ends_the_answer_before_it(client: Any) -> None:
    args = {"model": "m", "messages": HI, "max_tokens": 40, "seed": 11, "temperature": 0}
    text = client.chat.completions.create(**args).choices[0].message.content
    stop = next(
        text[i : i + 2] for i in range(5, len(text) - 2) if text[i : i + 2].strip() and text[i] != "\ufffd"
    )
    expected = text[: text.index(stop)]
    reply = client.chat.completions.create(**args, stop=[stop])
    assert reply.choices[0].message.content == expected
    assert reply.choices[0].finish_reason == "stop"
    assert reply.usage.completion_tokens < 40  # generation ended, not just the text cut
    streamed = client.chat.completions.create(**args, stop=stop, stream=True)
    assert "".join(c.choices[0].delta.content or "" for c in streamed if c.choices) == expected


def test_wrong_and_missing_keys_are_refused(server: Any) -> None:
    wrong = openai.OpenAI(base_url=server.url, api_key="not-the-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as info:
        wrong.chat.completions.create(model="m", messages=HI, max_tokens=2)
    assert info.value.status_code == 401
    assert info.value.body["code"] == "invalid_api_key"
    with pytest.raises(openai.AuthenticationError):
        wrong.models.list()
    status, headers, body = _post(
        f"{server.url}/chat/completions", b"{}", {"Content-Type": "application/json"}
    )
    assert status == 401
    error = json.loads(body)["error"]
    assert "Missing API key" in error["message"] and error["type"] == "invalid_request_error"
    assert {k.lower(): v for k, v in headers.items()}["www-authenticate"] == "Bearer"


def test_the_key_lives_in_the_secret_store_and_a_new_key_replaces_it(server: Any) -> None:
    key = server.key()
    assert len(key) >= 40 and secrets.get_secret("api-server") == key
    assert server_key() == key  # made once, then kept
    from desk_assistant.api.server import new_server_key

    fresh = new_server_key()
    server.reload_key()
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=server.url, api_key=key, max_retries=0).models.list()
    assert openai.OpenAI(base_url=server.url, api_key=fresh, max_retries=0).models.list().data


def test_a_huge_body_is_413(client: Any, watched: Any) -> None:
    huge = [{"role": "user", "content": "x" * (9 * 2**20)}]
    with pytest.raises(openai.APIStatusError) as info:
        client.chat.completions.create(model="m", messages=huge, max_tokens=2)
    assert info.value.status_code == 413
    assert "8 MB" in info.value.message
    assert watched.calls == []  # never reached the engine


def test_bad_requests_are_400_with_a_clear_message(client: Any, server: Any) -> None:
    with pytest.raises(openai.BadRequestError, match="'temperature' must be a number from 0 to 2"):
        client.chat.completions.create(model="m", messages=HI, temperature=5)
    with pytest.raises(openai.BadRequestError, match="'messages' must be a non-empty list"):
        client.chat.completions.create(model="m", messages=[])
    with pytest.raises(openai.BadRequestError, match="tools are not supported"):
        client.chat.completions.create(
            model="m", messages=[{"role": "tool", "content": "x", "tool_call_id": "1"}]
        )
    with pytest.raises(openai.BadRequestError, match="'n' must be 1"):
        client.chat.completions.create(model="m", messages=HI, n=2)
    auth = {"Authorization": f"Bearer {server.key()}", "Content-Type": "application/json"}
    status, _headers, body = _post(f"{server.url}/chat/completions", b"{not json", auth)
    assert status == 400 and "not valid JSON" in json.loads(body)["error"]["message"]
    status, _headers, body = _post(f"{server.url}/nothing-here", b"{}", auth)
    assert status == 404 and json.loads(body)["error"]["message"]


def test_a_prompt_longer_than_the_context_is_400(client: Any) -> None:
    with pytest.raises(openai.BadRequestError, match="context holds 2048"):
        client.completions.create(model="m", prompt="word " * 3000, max_tokens=2)


def test_openai_sampling_fields_map_to_the_apps_and_unknown_ones_are_ignored() -> None:
    defaults = SamplingParams(temperature=0.7, max_tokens=1024, top_k=40)
    body = {
        "temperature": 0.2,
        "top_p": 0.5,
        "max_completion_tokens": 33,
        "max_tokens": 99,
        "seed": -1,
        "presence_penalty": 1.0,
        "frequency_penalty": 0.5,
        "logit_bias": {"1": 2},
        "top_k": 5,
        "user": "me",
    }
    sampling = sampling_from(body, defaults, max_tokens_default=None)
    assert (sampling.temperature, sampling.top_p, sampling.max_tokens, sampling.top_k) == (0.2, 0.5, 33, 5)
    assert 0 <= sampling.seed < 2**31
    assert sampling.min_p == defaults.min_p and sampling.repeat_penalty == defaults.repeat_penalty
    assert sampling_from({}, defaults, max_tokens_default=16).max_tokens == 16
    with pytest.raises(ApiError, match="max_tokens"):
        sampling_from({"max_tokens": 0}, defaults, max_tokens_default=None)
    with pytest.raises(ApiError, match="seed"):
        sampling_from({"seed": True}, defaults, max_tokens_default=None)


def test_two_clients_at_once_are_served_one_after_the_other(server: Any, watched: Any, executor: Any) -> None:
    results: dict[str, Any] = {}
    watched.hold.clear()  # the first waits at its start until both are queued

    def ask(name: str) -> None:
        client = openai.OpenAI(base_url=server.url, api_key=server.key(), max_retries=0, timeout=60)
        stream = client.chat.completions.create(
            model="m",
            messages=[{"role": "user", "content": f"Client {name}"}],
            max_tokens=300,
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(stream)
        results[name] = (
            chunks[-1].usage.completion_tokens,
            "".join(c.choices[0].delta.content or "" for c in chunks if c.choices),
        )

    threads = [threading.Thread(target=ask, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while executor.open_requests < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert executor.open_requests == 2
    watched.hold.set()
    for thread in threads:
        thread.join(60)
    assert {name: tokens for name, (tokens, _text) in results.items()} == {"a": 300, "b": 300}
    assert watched.max_active == 1
    (_start1, end1, stats1), (start2, _end2, stats2) = sorted(watched.calls)
    assert end1 <= start2  # the second began after the first ended: FIFO, never interleaved
    assert stats1.completion_tokens == stats2.completion_tokens == 300


def test_a_client_gone_mid_stream_stops_its_generation(client: Any, watched: Any) -> None:
    stream = client.chat.completions.create(model="m", messages=HI, max_tokens=1900, stream=True)
    for received, _chunk in enumerate(stream, 1):
        if received == 5:
            break
    stream.close()
    deadline = time.monotonic() + 10
    while not watched.calls and time.monotonic() < deadline:
        time.sleep(0.02)
    assert watched.calls, "the generation did not end after the client went away"
    _began, _ended, stats = watched.calls[0]
    assert stats.finish_reason == "cancelled"
    assert stats.completion_tokens < 1900


def test_a_queued_request_whose_client_left_never_runs(
    server: Any, executor: Any, watched: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    cancelled = threading.Event()
    cancel = executor.cancel

    def noting_cancel(task: Any) -> None:
        cancel(task)
        cancelled.set()

    monkeypatch.setattr(executor, "cancel", noting_cancel)
    first = openai.OpenAI(base_url=server.url, api_key=server.key(), max_retries=0, timeout=60)
    watched.hold.clear()  # the first answer waits until the second client has given up
    long_answer = threading.Thread(
        target=lambda: first.chat.completions.create(model="m", messages=HI, max_tokens=50)
    )
    long_answer.start()
    assert watched.started.wait(10)
    impatient = openai.OpenAI(base_url=server.url, api_key=server.key(), max_retries=0, timeout=0.3)
    with pytest.raises(openai.APITimeoutError):
        impatient.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "later"}], max_tokens=5
        )
    # the server notices the disconnect on its own loop: on a loaded machine that can come after the
    # client's timeout by more than the first answer takes, so the hold ends only once it has
    assert cancelled.wait(10), "the server never noticed the client went away"
    watched.hold.set()
    long_answer.join(60)
    time.sleep(0.3)
    assert len(watched.calls) == 1  # the second request left the queue with its client


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))  # no packet is sent: this only picks a route
            address = probe.getsockname()[0]
        except OSError:
            address = None
    if address and not address.startswith("127."):
        return address
    import psutil

    for addresses in psutil.net_if_addrs().values():
        for item in addresses:
            if item.family == socket.AF_INET and not item.address.startswith("127."):
                return item.address
    return None


def test_by_default_other_machines_cannot_reach_it(executor: Any) -> None:
    server = ApiServer(executor, port=0)  # the default host
    server.start()
    try:
        assert server._socket.getsockname()[0] == "127.0.0.1"
        assert not server.reachable_from_other_machines
        address = _non_loopback_address()
        if address is None:
            pytest.skip("this machine has no non-loopback IPv4 address (the bound address was checked)")
        with pytest.raises(OSError), socket.create_connection((address, server.port), timeout=2):
            pass
    finally:
        server.stop()


def test_cors_headers_only_when_origins_are_configured(server: Any, executor: Any) -> None:
    origin = "http://localhost:5173"
    auth = {"Authorization": f"Bearer {server.key()}", "Origin": origin}
    request = urllib.request.Request(f"{server.url}/models", headers=auth)
    with urllib.request.urlopen(request, timeout=10) as response:
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]
    with_cors = ApiServer(executor, port=0, cors_origins=[origin])
    with_cors.start()
    try:
        request = urllib.request.Request(f"{with_cors.url}/models", headers=auth)
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["access-control-allow-origin"] == origin
        preflight = urllib.request.Request(
            f"{with_cors.url}/chat/completions",
            method="OPTIONS",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type",
            },
        )
        with urllib.request.urlopen(preflight, timeout=10) as response:
            assert response.status == 200
            assert "authorization" in response.headers["access-control-allow-headers"].lower()
        other = urllib.request.Request(
            f"{with_cors.url}/models", headers={**auth, "Origin": "http://evil.example"}
        )
        with urllib.request.urlopen(other, timeout=10) as response:
            assert "access-control-allow-origin" not in {h.lower() for h in response.headers}
    finally:
        with_cors.stop()


def test_web_origins_are_checked_and_normalized() -> None:
    assert parse_origins(" http://localhost:3000, https://App.Example/  http://localhost:3000\n") == [
        "http://localhost:3000",
        "https://app.example",
    ]
    assert parse_origins("") == [] and parse_origins(" , ") == []
    for bad in (
        "ftp://x",
        "localhost:3000",
        "http://x/path",
        "http://x:abc",
        "http://x:99999",
        "*",
        "http://u@x",
    ):
        with pytest.raises(ApiServerError, match=r"is not a web origin: write it like http://localhost:3000"):
            parse_origins(bad)


def test_a_port_in_use_is_one_clear_sentence(executor: Any, server: Any) -> None:
    with pytest.raises(ApiServerError, match=f"Port {server.port} is already in use"):
        ApiServer(executor, port=server.port).start()


@pytest.mark.parametrize("port", [99999, 65536, -1])
def test_a_port_out_of_range_is_refused_not_wrapped(executor: Any, port: int) -> None:
    """getaddrinfo alone turns 99999 into 34463 and the server would listen where nobody asked."""
    with pytest.raises(ApiServerError, match=f"{port} is not a port number"):
        ApiServer(executor, port=port).start()


def test_no_model_loaded_is_503(tiny_model: Any) -> None:
    from desk_assistant.api.executor import ThreadExecutor
    from desk_assistant.inference.llama_engine import LlamaCppEngine

    executor = ThreadExecutor(LlamaCppEngine(state_budget_bytes=0))
    server = ApiServer(executor, port=0)
    server.start()
    try:
        client = openai.OpenAI(base_url=server.url, api_key=server.key(), max_retries=0)
        assert client.models.list().data == []
        with pytest.raises(openai.InternalServerError) as info:
            client.chat.completions.create(model="m", messages=HI)
        assert info.value.status_code == 503 and "No model is loaded" in info.value.message
    finally:
        server.stop()
        executor.close()


def test_stopping_the_server_ends_what_it_serves(executor: Any, watched: Any) -> None:
    server = ApiServer(executor, port=0)
    server.start()
    client = openai.OpenAI(base_url=server.url, api_key=server.key(), max_retries=0, timeout=60)
    outcome: dict[str, Any] = {}

    def long_answer() -> None:
        try:
            outcome["chunks"] = len(
                list(client.chat.completions.create(model="m", messages=HI, max_tokens=1900, stream=True))
            )
        except Exception as exc:  # a cut connection is an acceptable end for the client
            outcome["error"] = exc

    watched.hold.clear()
    thread = threading.Thread(target=long_answer)
    thread.start()
    assert watched.started.wait(10)
    began = time.monotonic()
    watched.hold.set()
    assert server.stop()
    assert time.monotonic() - began < 3
    thread.join(10)
    assert not thread.is_alive() and outcome
    deadline = time.monotonic() + 5
    while not watched.calls and time.monotonic() < deadline:
        time.sleep(0.02)
    ((_began, _ended, stats),) = watched.calls
    assert stats.finish_reason == "cancelled" and stats.completion_tokens < 1900
