"""The OpenAI-compatible ASGI app (Starlette): ``GET /v1/models``, ``POST /v1/chat/completions``,
``POST /v1/completions``, streamed (server-sent events) or not.

- Every ``/v1`` request needs ``Authorization: Bearer <key>`` (compared in constant time); a missing or
  wrong key is a 401 with an OpenAI-style error body, so the ``openai`` package raises
  ``AuthenticationError``.
- A body over ``MAX_BODY_BYTES`` is a 413; a body that is not JSON, or a field of the wrong kind, a 400
  naming the field. Sampling fields the app has no use for (penalties, logit bias, tools) are ignored.
- CORS headers only when origins are configured: a web page cannot use the key otherwise.
- A client that goes away (a closed stream, a dropped connection) stops its generation, or takes it
  out of the queue if it has not started.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import secrets
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from desk_assistant.api.executor import AsyncSink, Executor
from desk_assistant.api.generation import ApiGeneration, ApiResult
from desk_assistant.inference.types import ChatMessage, GenerationStats, ModelInfo, SamplingParams

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 8 * 2**20
DRAIN_LIMIT_BYTES = 64 * 2**20  # an oversized body is read (not kept) up to here, so the client sees the 413
COMPLETIONS_DEFAULT_MAX_TOKENS = 16  # as OpenAI's /v1/completions
MAX_STOP_STRINGS = 16
_ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
_FINISH = {"stop": "stop", "length": "length", "cancelled": "stop", "error": "stop"}
_IGNORED = (
    "frequency_penalty",
    "presence_penalty",
    "logit_bias",
    "logprobs",
    "top_logprobs",
    "user",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "response_format",
    "best_of",
    "suffix",
    "service_tier",
    "store",
    "metadata",
)


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, param: str | None = None, code: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.param = param
        self.code = code


def error_body(status: int, message: str, param: str | None = None, code: str | None = None) -> dict:
    kind = {
        401: "invalid_request_error",
        404: "invalid_request_error",
        413: "invalid_request_error",
        503: "server_error",
    }.get(status, "invalid_request_error" if status < 500 else "server_error")
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def error_response(status: int, message: str, param: str | None = None, code: str | None = None) -> Response:
    return JSONResponse(error_body(status, message, param, code), status_code=status)


class KeyCheck:
    """ASGI middleware: ``/v1`` needs the bearer key; a preflight (CORS, outside) never gets here."""

    def __init__(self, app: ASGIApp, key: Callable[[], str]) -> None:
        self.app = app
        self.key = key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1"):
            await self.app(scope, receive, send)
            return
        given = b""
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                given = value
                break
        scheme, _, token = given.partition(b" ")
        expected = self.key().encode("utf-8")
        ok = scheme.lower() == b"bearer" and bool(expected) and hmac.compare_digest(token.strip(), expected)
        if not ok:
            message = (
                "Incorrect API key provided."
                if given
                else "Missing API key: send it as 'Authorization: Bearer <key>' (Desk Assistant shows it)."
            )
            response = error_response(401, message, code="invalid_api_key")
            response.headers["WWW-Authenticate"] = "Bearer"
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


# ---- request parsing ------------------------------------------------------------------------------


async def read_json(request: Request, limit: int = MAX_BODY_BYTES) -> dict[str, Any]:
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > DRAIN_LIMIT_BYTES:
        raise ApiError(413, f"The request body is over the {limit // 2**20} MB limit.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size <= limit:
            chunks.append(chunk)
        elif size > DRAIN_LIMIT_BYTES:
            break
    if size > limit:
        raise ApiError(413, f"The request body is over the {limit // 2**20} MB limit.")
    try:
        body = json.loads(b"".join(chunks))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"The request body is not valid JSON ({exc}).") from None
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    return body


def _number(body: dict, name: str, low: float, high: float) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ApiError(400, f"'{name}' must be a number from {low:g} to {high:g}.", param=name)
    return float(value)


def _integer(body: dict, name: str, low: int, high: int = 2**31 - 1) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ApiError(400, f"'{name}' must be a whole number from {low} to {high}.", param=name)
    return value


def sampling_from(body: dict, defaults: SamplingParams, *, max_tokens_default: int | None) -> SamplingParams:
    """OpenAI's sampling fields (and llama.cpp server's top_k, min_p, repeat_penalty) over the app's
    defaults. Fields with no counterpart here are ignored, not refused: clients send them routinely."""
    n = _integer(body, "n", 1)
    if n is not None and n != 1:
        raise ApiError(400, "Only one choice per request is supported ('n' must be 1).", param="n")
    values: dict[str, Any] = {
        "temperature": _number(body, "temperature", 0.0, 2.0),
        "top_p": _number(body, "top_p", 0.0, 1.0),
        "min_p": _number(body, "min_p", 0.0, 1.0),
        "repeat_penalty": _number(body, "repeat_penalty", 0.0, 10.0),
        "top_k": _integer(body, "top_k", 0),
        "seed": _integer(body, "seed", -(2**63), 2**63 - 1),
    }
    _number(body, "presence_penalty", -2.0, 2.0)  # checked, then ignored
    _number(body, "frequency_penalty", -2.0, 2.0)
    limit = _integer(body, "max_completion_tokens", 1)
    if limit is None:
        limit = _integer(body, "max_tokens", 1)
    values["max_tokens"] = limit if limit is not None else max_tokens_default
    if values["seed"] is not None:
        values["seed"] %= 2**31  # llama.cpp takes a 32-bit seed
    ignored = [name for name in _IGNORED if body.get(name) is not None]
    if ignored:
        log.debug("API request: ignoring %s", ", ".join(ignored))
    changes = {k: v for k, v in values.items() if v is not None}
    return SamplingParams(**{**defaults.__dict__, **changes})


def stop_strings(body: dict) -> list[str]:
    stop = body.get("stop")
    if stop is None:
        return []
    if isinstance(stop, str):
        stop = [stop]
    if (
        not isinstance(stop, list)
        or len(stop) > MAX_STOP_STRINGS
        or not all(isinstance(s, str) for s in stop)
    ):
        raise ApiError(400, f"'stop' must be a string or a list of up to {MAX_STOP_STRINGS} strings.", "stop")
    return [s for s in stop if s]


def chat_messages(body: dict) -> list[ChatMessage]:
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise ApiError(400, "'messages' must be a non-empty list.", param="messages")
    messages = []
    for index, item in enumerate(raw):
        where = f"messages[{index}]"
        if not isinstance(item, dict):
            raise ApiError(400, f"'{where}' must be an object with 'role' and 'content'.", param=where)
        role = _ROLES.get(item.get("role"))  # type: ignore[arg-type]
        if role is None:
            raise ApiError(
                400,
                f"'{where}.role' must be system, developer, user or assistant (tools are not supported).",
                param=f"{where}.role",
            )
        messages.append(ChatMessage(role, _content(item.get("content"), f"{where}.content")))  # type: ignore[arg-type]
    return messages


def _content(content: Any, where: str) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if (
                not isinstance(part, dict)
                or part.get("type") != "text"
                or not isinstance(part.get("text"), str)
            ):
                raise ApiError(400, f"'{where}' may hold only text parts (no images or audio).", param=where)
            texts.append(part["text"])
        return "".join(texts)
    raise ApiError(400, f"'{where}' must be a string or a list of text parts.", param=where)


def prompt_text(body: dict) -> str:
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if not isinstance(prompt, str):
        raise ApiError(400, "'prompt' must be a string (one prompt per request).", param="prompt")
    return prompt


def stream_options(body: dict) -> tuple[bool, bool]:
    stream = body.get("stream", False)
    if not isinstance(stream, bool | None):
        raise ApiError(400, "'stream' must be true or false.", param="stream")
    options = body.get("stream_options") or {}
    if not isinstance(options, dict):
        raise ApiError(400, "'stream_options' must be an object.", param="stream_options")
    return bool(stream), bool(options.get("include_usage"))


def model_id(info: ModelInfo) -> str:
    return Path(info.path).stem or info.name


def usage(stats: GenerationStats | None) -> dict[str, int]:
    prompt = stats.prompt_tokens if stats else 0
    completion = stats.completion_tokens if stats else 0
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _sse(data: dict | str) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"data: {text}\n\n".encode()


# ---- the app --------------------------------------------------------------------------------------


class ApiState:
    """What the routes share: the executor, the key, the defaults, the requests in flight."""

    def __init__(
        self, executor: Executor, key: Callable[[], str], defaults: Callable[[], SamplingParams]
    ) -> None:
        self.executor = executor
        self.key = key
        self.defaults = defaults
        self._active: set[ApiGeneration] = set()
        self._lock = threading.Lock()  # the loop adds and removes; ``cancel_all`` comes from another thread

    def track(self, task: ApiGeneration, active: bool) -> None:
        with self._lock:
            if active:
                self._active.add(task)
            else:
                self._active.discard(task)

    def cancel_all(self) -> None:
        with self._lock:
            tasks = list(self._active)
        for task in tasks:
            self.executor.cancel(task)


def create_app(
    executor: Executor,
    key: Callable[[], str],
    *,
    cors_origins: Sequence[str] = (),
    defaults: Callable[[], SamplingParams] = SamplingParams,
) -> Starlette:
    """The ASGI app. ``key()`` is read per request (a new key works at once); ``defaults()`` gives the
    sampling a request's fields go on top of."""
    state = ApiState(executor, key, defaults)

    async def list_models(_request: Request) -> Response:
        info = executor.model()
        data = []
        if info is not None:
            created = 0
            with contextlib.suppress(OSError):
                created = int(Path(info.path).stat().st_mtime)
            data.append({"id": model_id(info), "object": "model", "created": created, "owned_by": "local"})
        return JSONResponse({"object": "list", "data": data})

    async def chat_completions(request: Request) -> Response:
        body = await read_json(request)
        info = _loaded(executor)
        messages = chat_messages(body)
        stream, include_usage = stream_options(body)
        task = ApiGeneration(
            "chat",
            sampling_from(body, state.defaults(), max_tokens_default=None),
            messages=messages,
            stop=stop_strings(body),
        )
        return await _respond(request, state, task, info, stream, include_usage, chat=True)

    async def completions(request: Request) -> Response:
        body = await read_json(request)
        info = _loaded(executor)
        prompt = prompt_text(body)
        stream, include_usage = stream_options(body)
        task = ApiGeneration(
            "text",
            sampling_from(body, state.defaults(), max_tokens_default=COMPLETIONS_DEFAULT_MAX_TOKENS),
            prompt=prompt,
            stop=stop_strings(body),
        )
        echo = prompt if body.get("echo") is True else ""
        return await _respond(request, state, task, info, stream, include_usage, chat=False, echo=echo)

    async def on_api_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.message, exc.param, exc.code)

    async def on_http_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return error_response(exc.status_code, str(exc.detail))

    middleware = []
    if cors_origins:  # no CORS headers at all unless the user named the origins
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["authorization", "content-type"],
            )
        )
    middleware.append(Middleware(KeyCheck, key=key))
    app = Starlette(
        routes=[
            Route("/v1/models", list_models, methods=["GET"]),
            Route("/v1/chat/completions", chat_completions, methods=["POST"]),
            Route("/v1/completions", completions, methods=["POST"]),
        ],
        middleware=middleware,
        exception_handlers={ApiError: on_api_error, HTTPException: on_http_error},
    )
    app.state.api = state
    return app


def _loaded(executor: Executor) -> ModelInfo:
    info = executor.model()
    if info is None:
        raise ApiError(503, "No model is loaded in Desk Assistant; load one there first.", code="no_model")
    return info


async def _events(state: ApiState, task: ApiGeneration) -> AsyncIterator[tuple[str, object]]:
    """Submit ``task`` and yield its events until its end; leaving early (a client gone) cancels it."""
    sink = AsyncSink(asyncio.get_running_loop())
    state.track(task, True)
    done = False
    try:
        state.executor.submit(task, sink)
        while True:
            kind, value = await sink.queue.get()
            while kind == "text" and not sink.queue.empty():  # the client fell behind: one larger chunk
                after = sink.queue.get_nowait()
                if after[0] != "text":
                    yield kind, value
                    kind, value = after
                    break
                value += after[1]  # type: ignore[operator]
            done = kind != "text"
            yield kind, value
            if done:
                return
    finally:
        state.track(task, False)
        if not done:
            log.info("API client went away; stopping its request")
            state.executor.cancel(task)


async def _respond(
    request: Request,
    state: ApiState,
    task: ApiGeneration,
    info: ModelInfo,
    stream: bool,
    include_usage: bool,
    *,
    chat: bool,
    echo: str = "",
) -> Response:
    prefix, kind = ("chatcmpl", "chat.completion") if chat else ("cmpl", "text_completion")
    ident = f"{prefix}-{secrets.token_hex(12)}"
    created = int(time.time())
    model = model_id(info)
    if stream:
        return StreamingResponse(
            _stream(state, task, ident, created, model, include_usage, chat=chat, echo=echo),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    texts: list[str] = [echo]
    outcome: tuple[str, object] = ("failed", "no answer")
    watcher = asyncio.create_task(_disconnected(request))
    events = _events(state, task)
    try:
        async for kind_, value in _first_of(events, watcher):
            if kind_ == "text":
                texts.append(value)  # type: ignore[arg-type]
            else:
                outcome = (kind_, value)
    finally:
        watcher.cancel()
        await events.aclose()
    kind_, value = outcome
    if kind_ == "failed":
        return error_response(500, str(value))
    assert isinstance(value, ApiResult)
    if value.error:
        return error_response(value.status or 400, value.error)
    finish = _FINISH.get(value.stats.finish_reason if value.stats else "stop", "stop")
    text = "".join(texts)
    choice: dict[str, Any] = (
        {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}
        if chat
        else {"index": 0, "text": text, "finish_reason": finish}
    )
    choice["logprobs"] = None
    return JSONResponse(
        {
            "id": ident,
            "object": kind,
            "created": created,
            "model": model,
            "choices": [choice],
            "usage": usage(value.stats),
            "system_fingerprint": None,
        }
    )


async def _disconnected(request: Request) -> None:
    """Returns when the client goes away (the body is read already, so the next message is that)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def _first_of(
    events: AsyncIterator[tuple[str, object]], watcher: asyncio.Task
) -> AsyncIterator[tuple[str, object]]:
    """``events``, until they end or ``watcher`` (the client is gone) finishes first."""
    while True:
        getter = asyncio.ensure_future(anext(events))
        await asyncio.wait({getter, watcher}, return_when=asyncio.FIRST_COMPLETED)
        if not getter.done():
            getter.cancel()
            with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                await getter
            return
        try:
            yield getter.result()
        except StopAsyncIteration:
            return


async def _stream(
    state: ApiState,
    task: ApiGeneration,
    ident: str,
    created: int,
    model: str,
    include_usage: bool,
    *,
    chat: bool,
    echo: str,
) -> AsyncIterator[bytes]:
    kind = "chat.completion.chunk" if chat else "text_completion"
    base: dict[str, Any] = {"id": ident, "object": kind, "created": created, "model": model}
    if include_usage:
        base["usage"] = None

    def chunk(text: str | None, finish: str | None, *, role: bool = False) -> bytes:
        if chat:
            delta: dict[str, Any] = {}
            if role:
                delta["role"] = "assistant"
            if text is not None:
                delta["content"] = text
            choice: dict[str, Any] = {"index": 0, "delta": delta, "finish_reason": finish}
        else:
            choice = {"index": 0, "text": text or "", "finish_reason": finish}
        choice["logprobs"] = None
        return _sse({**base, "choices": [choice]})

    if chat:
        yield chunk("", None, role=True)
    if echo:
        yield chunk(echo, None)
    events = _events(state, task)
    try:
        async for kind_, value in events:
            if kind_ == "text":
                yield chunk(value, None)  # type: ignore[arg-type]
                continue
            if kind_ == "failed":
                yield _sse(error_body(500, str(value)))
                return
            assert isinstance(value, ApiResult)
            if value.error:
                yield _sse(error_body(value.status or 400, value.error))
                return
            yield chunk(
                None if chat else "", _FINISH.get(value.stats.finish_reason if value.stats else "stop")
            )
            if include_usage:
                yield _sse({**base, "choices": [], "usage": usage(value.stats)})
            yield _sse("[DONE]")
    finally:
        await events.aclose()
