"""RemoteEngine: any OpenAI-compatible server (llama.cpp's server, Ollama, vLLM) over HTTP.

``POST {base_url}/v1/chat/completions`` with ``stream: true``; the answer arrives as server-sent events
(``data: {json}`` lines, ending with ``data: [DONE]``). Stop closes the HTTP stream from a watcher
thread, so a request blocked waiting for the next event ends at once.

Nothing connects while the app is set to work offline (``core.network.ensure_online``).

Token counts come from the server's own tokenizer where it has an endpoint for it (probed once per
load: llama.cpp's ``/tokenize``, vLLM's ``/tokenize``, llama-cpp-python's ``/extras/tokenize``);
otherwise they are estimates (about 4 characters per token for Latin text, 1 per CJK character) and
``token_counts_estimated`` says so (the UI shows "≈").

Failures are one sentence each (refused connection, wrong or missing key, unknown model, busy,
server error, stream lost, server stalled, not an OpenAI stream). A 429 is retried after its
Retry-After (bounded), a 5xx once, and only before any text arrived: never once text was delivered.
A failure after text was delivered ends the stream like the local engine does: the pieces so far
were yielded, then stats with ``finish_reason == "error"`` (``tasks.runtime.generate`` raises the
sentence); before any text the error is raised at once.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import logging
import random
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import requests
import urllib3.exceptions

from desk_assistant.core.errors import (
    BackendError,
    DeskAssistantError,
    GenerationError,
    ModelLoadError,
    ModelNotLoadedError,
)
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.core.network import ensure_online
from desk_assistant.inference.budget import PreviousTrim, fit_messages
from desk_assistant.inference.engine import StreamItem
from desk_assistant.inference.types import (
    ChatMessage,
    FinishReason,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    SamplingParams,
)

if TYPE_CHECKING:
    from desk_assistant.core.backends import Connection

log = logging.getLogger(__name__)
CANCEL_POLL_SECONDS = 0.05
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 120.0  # seconds without a byte from the server (prefill of a long prompt included)
# the model list, /props and tokenize answer at once on a healthy server: a silent one must not hold
# the inference queue (and the window's next model choice) for the whole READ_TIMEOUT
METADATA_TIMEOUT = 15.0
RATE_LIMIT_RETRIES = 3  # 429s waited out before giving up
MAX_RETRY_WAIT = 30.0  # a longer Retry-After is not waited for
SERVER_ERROR_RETRY_DELAY = 1.0  # before the one retry after a 5xx
COUNT_CACHE_SIZE = 4096  # texts whose token count is remembered (tasks count the same text often)
MESSAGE_OVERHEAD = 4  # template tokens around each message (role markers), an estimate on any server

# the tokenize endpoints tried, in order: (server kind, path); the bodies differ (``_remote_tokenize``)
_TOKENIZERS: tuple[tuple[str, str], ...] = (
    ("llama.cpp", "/tokenize"),
    ("vllm", "/tokenize"),
    ("llama-cpp-python", "/extras/tokenize"),
)


def estimate_tokens(text: str) -> int:
    ascii_chars = sum(1 for c in text if ord(c) < 128)
    return (ascii_chars + 3) // 4 + (len(text) - ascii_chars)


class RemoteEngine:
    """An Engine over an OpenAI-compatible server. ``timeout``: seconds the server may stay silent
    (connecting, or between two pieces of the answer) before the request is given up."""

    def __init__(
        self,
        base_url: str,
        api_key: str = "",
        *,
        timeout: float = READ_TIMEOUT,
        connect_timeout: float = CONNECT_TIMEOUT,
        metadata_timeout: float = METADATA_TIMEOUT,
        rate_limit_retries: int = RATE_LIMIT_RETRIES,
        max_retry_wait: float = MAX_RETRY_WAIT,
        retry_delay: float = SERVER_ERROR_RETRY_DELAY,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        if self.base_url.endswith("/v1"):
            self.base_url = self.base_url[: -len("/v1")]
        self.api_key = api_key
        self.timeout = timeout
        self.connect_timeout = min(connect_timeout, timeout)
        self.metadata_timeout = min(metadata_timeout, timeout)
        self.rate_limit_retries = rate_limit_retries
        self.max_retry_wait = max_retry_wait
        self.retry_delay = retry_delay
        self._info: ModelInfo | None = None
        self._trims: dict[str | None, PreviousTrim] = {}
        self._session = requests.Session()
        self._tokenizer: str | None = None  # which tokenize endpoint answers; None: estimates
        self._special: list[int] = []  # what the endpoint adds to every text (BOS): left out of counts
        self._counts: OrderedDict[str, int] = OrderedDict()
        self._count_warned = False

    @classmethod
    def from_connection(cls, conn: Connection, **kwargs: Any) -> RemoteEngine:
        kwargs.setdefault("timeout", conn.timeout)
        return cls(conn.base_url, conn.api_key, **kwargs)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    @property
    def _timeouts(self) -> tuple[float, float]:
        return (self.connect_timeout, self.timeout)

    @property
    def _metadata_timeouts(self) -> tuple[float, float]:
        return (self.connect_timeout, self.metadata_timeout)

    # ---- loading -------------------------------------------------------------------------------

    def load(self, model_path: str, options: LoadOptions | None = None) -> ModelInfo:
        """``model_path`` is the server's model id ("" for its first model); the server is asked for
        its model list, and which tokenizer endpoint it has."""
        options = options or LoadOptions()
        self.unload()
        data = self._get_json("/v1/models", ModelLoadError)
        entries = [m for m in data.get("data", []) if isinstance(m, dict)] if isinstance(data, dict) else []
        names = [str(m.get("id", "")) for m in entries]
        name = model_path or (names[0] if names else "")
        if names and name not in names:
            raise _unknown_model(self.base_url, name, ModelLoadError)
        entry = next((m for m in entries if m.get("id") == name), {})
        self._probe_tokenizer(name)
        server_ctx = _int(entry.get("max_model_len")) or (
            self._llama_cpp_context() if self._tokenizer == "llama.cpp" else 0
        )
        context = min(options.context_size, server_ctx) if server_ctx else options.context_size
        self._info = ModelInfo(
            path=name,
            name=name,
            architecture="remote",
            context_length=server_ctx,
            context_size=context,
            quantization="",
            chat_format="server",
            has_template=True,
            gpu_layers=0,
            total_layers=0,
            size_bytes=0,
            token_counts_estimated=self._tokenizer is None,
        )
        log.info(
            "remote model %s at %s: context %d, token counts %s",
            name,
            self.base_url,
            context,
            f"from {self._tokenizer}'s tokenizer" if self._tokenizer else "estimated",
        )
        return self._info

    def unload(self) -> None:
        self._info = None
        self._trims.clear()
        self._tokenizer = None
        self._special = []
        self._counts.clear()
        self._count_warned = False

    @property
    def is_loaded(self) -> bool:
        return self._info is not None

    @property
    def model_info(self) -> ModelInfo | None:
        return self._info

    @property
    def context_size(self) -> int:
        return self._info.context_size if self._info else 0

    @property
    def token_counts_estimated(self) -> bool:
        """True when counts are estimates (the server has no tokenize endpoint we know)."""
        return self._tokenizer is None

    @property
    def tokenizer_endpoint(self) -> str | None:
        """Which server's tokenize endpoint is used ("llama.cpp", "vllm", "llama-cpp-python"), or None."""
        return self._tokenizer

    # ---- tokens --------------------------------------------------------------------------------

    def _probe_tokenizer(self, model: str) -> None:
        for kind, _path in _TOKENIZERS:
            try:
                ids = self._remote_tokenize(kind, "Hello, world", model)
                special = self._remote_tokenize(kind, "", model) if ids else None
            except Exception as exc:  # probing never fails a load
                log.debug("tokenize probe %s failed: %r", kind, exc)
                continue
            if ids and special is not None and len(special) < len(ids):
                self._tokenizer, self._special = kind, special
                return

    def _remote_tokenize(self, kind: str, text: str, model: str) -> list[int] | None:
        """Token ids from one endpoint kind; None when the server does not have it."""
        path = dict(_TOKENIZERS)[kind]
        if kind == "llama.cpp":
            body: dict[str, Any] = {"content": text}
        elif kind == "vllm":
            body = {"model": model, "prompt": text}
        else:
            body = {"input": text}
        resp = self._session.post(
            f"{self.base_url}{path}", json=body, headers=self._headers(), timeout=self._metadata_timeouts
        )
        try:
            if resp.status_code != 200:
                return None
            data = resp.json()
        finally:
            resp.close()
        tokens = data.get("tokens") if isinstance(data, dict) else None
        if not isinstance(tokens, list) or not all(isinstance(t, int) for t in tokens):
            return None
        return tokens

    def _llama_cpp_context(self) -> int:
        try:
            resp = self._session.get(
                f"{self.base_url}/props", headers=self._headers(), timeout=self._metadata_timeouts
            )
            data = resp.json() if resp.status_code == 200 else {}
        except (requests.RequestException, ValueError):
            return 0
        if not isinstance(data, dict):
            return 0
        settings = data.get("default_generation_settings")
        return _int(data.get("n_ctx")) or (_int(settings.get("n_ctx")) if isinstance(settings, dict) else 0)

    def tokenize(self, text: str) -> list[int]:
        """The server's token ids (its tokenizer endpoint), else placeholder ids of the estimated count."""
        if self._tokenizer is not None and self._info is not None:
            ids = self._server_ids(text)
            if ids is not None:
                return ids
        return list(range(estimate_tokens(text)))

    def _server_ids(self, text: str) -> list[int] | None:
        assert self._tokenizer is not None and self._info is not None
        try:
            ensure_online()
            ids = self._remote_tokenize(self._tokenizer, text, self._info.name)
        except (DeskAssistantError, requests.RequestException, ValueError) as exc:
            self._count_failed(str(exc))
            return None
        if ids is None:
            self._count_failed("it stopped answering tokenize requests")
            return None
        n = len(self._special)
        if n and ids[:n] == self._special:
            ids = ids[n:]
        return ids

    def _count_failed(self, reason: str) -> None:
        if not self._count_warned:  # once per load: a long document asks for hundreds of counts
            self._count_warned = True
            log.warning("counting tokens on %s failed, estimating instead: %s", self.base_url, reason)

    def count_tokens(self, text: str) -> int:
        if self._tokenizer is None:
            return estimate_tokens(text)
        cached = self._counts.get(text)
        if cached is not None:
            self._counts.move_to_end(text)
            return cached
        ids = self._server_ids(text) if self._info is not None else None
        if ids is None:
            return estimate_tokens(text)
        self._counts[text] = len(ids)
        if len(self._counts) > COUNT_CACHE_SIZE:
            self._counts.popitem(last=False)
        return len(ids)

    def count_messages(self, messages: Sequence[ChatMessage]) -> int:
        return sum(MESSAGE_OVERHEAD + self.count_tokens(m.content) for m in messages) + 2

    # ---- requests ------------------------------------------------------------------------------

    def _get_json(self, path: str, error: type[DeskAssistantError]) -> Any:
        ensure_online()
        try:
            resp = self._session.get(
                f"{self.base_url}{path}", headers=self._headers(), timeout=self._metadata_timeouts
            )
        except requests.RequestException as exc:
            raise _connection_error(self.base_url, exc, self._metadata_timeouts, error) from exc
        with resp:
            if resp.status_code >= 400:
                raise _status_error(self, resp.status_code, resp.text[:2000], "", error)
            try:
                return resp.json()
            except ValueError as exc:
                raise _not_openai(self.base_url, error, repr(exc)) from exc

    def _open_stream(self, body: dict[str, Any], cancel: threading.Event) -> requests.Response | None:
        """POST the chat request; 429 waited out (bounded) and a 5xx retried once. None: Stop pressed."""
        rate_limited = 0
        retried_server_error = False
        while True:
            ensure_online()
            try:
                resp = self._session.post(
                    f"{self.base_url}/v1/chat/completions",
                    json=body,
                    headers=self._headers(),
                    stream=True,
                    timeout=self._timeouts,
                )
            except requests.RequestException as exc:
                raise _connection_error(self.base_url, exc, self._timeouts, GenerationError) from exc
            status = resp.status_code
            if status < 400:
                return resp
            text = resp.text[:2000]
            retry_after = _retry_after(resp.headers.get("Retry-After"))
            resp.close()
            delay: float | None = None
            if status == 429 and rate_limited < self.rate_limit_retries:
                wait = retry_after if retry_after is not None else self.retry_delay * 2**rate_limited
                if wait <= self.max_retry_wait:
                    delay, rate_limited = wait, rate_limited + 1
            elif status >= 500 and not retried_server_error:
                delay, retried_server_error = self.retry_delay, True
            if delay is None:
                raise _status_error(self, status, text, body.get("model", ""), GenerationError, retry_after)
            log.info("%s answered %d; trying again in %.1f s", self.base_url, status, delay)
            if cancel.wait(delay):
                return None

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        sampling: SamplingParams | None = None,
        cancel: threading.Event | None = None,
        session_key: str | None = None,
    ) -> Iterator[StreamItem]:
        info = self._info
        if info is None:
            raise ModelNotLoadedError(QT_TRANSLATE_NOOP("errors", "No model is loaded."))
        ensure_online()
        sampling = sampling or SamplingParams()
        cancel = cancel or threading.Event()
        started = time.perf_counter()
        fit = fit_messages(
            messages,
            self.count_messages,
            n_ctx=info.context_size,
            max_tokens=sampling.max_tokens,
            previous=self._trims.get(session_key),
        )
        self._trims[session_key] = fit.trim
        seed = sampling.seed if sampling.seed is not None else random.randrange(2**31)
        body: dict[str, Any] = {
            "model": info.name,
            "messages": [{"role": m.role, "content": m.content} for m in fit.messages],
            "stream": True,
            "stream_options": {"include_usage": True},
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "max_tokens": sampling.max_tokens,
            "seed": seed,
            # llama.cpp's server, Ollama and vLLM read these too; OpenAI-style servers ignore them
            "top_k": sampling.top_k,
            "min_p": sampling.min_p,
            "repeat_penalty": sampling.repeat_penalty,
        }
        stats = GenerationStats(prompt_tokens=fit.prompt_tokens, trimmed=fit.report, extra={"seed": seed})
        resp = None if cancel.is_set() else self._open_stream(body, cancel)
        if resp is None:  # Stop pressed before or while waiting to retry
            stats.finish_reason = "cancelled"
            stats.total_time = time.perf_counter() - started
            yield stats
            return
        finish: FinishReason = "stop"
        first_at: float | None = None
        n_pieces = 0  # non-empty pieces delivered
        n_chunks = 0  # content deltas: one per token on llama.cpp servers (empty ones included)
        usage_seen = False
        finish_seen = False
        error: DeskAssistantError | None = None
        reader = _SSEReader(resp)
        done = threading.Event()
        watcher = threading.Thread(target=_close_on_cancel, args=(resp, cancel, done), daemon=True)
        watcher.start()
        try:
            for event in reader.events():
                if cancel.is_set():
                    break
                usage = event.get("usage")
                if isinstance(usage, dict):
                    usage_seen = True
                    stats.prompt_tokens = _int(usage.get("prompt_tokens")) or stats.prompt_tokens
                    stats.completion_tokens = _int(usage.get("completion_tokens"))
                    details = usage.get("prompt_tokens_details") or {}
                    stats.cached_tokens = (
                        _int(details.get("cached_tokens")) if isinstance(details, dict) else 0
                    )
                for choice in event.get("choices") or []:
                    if not isinstance(choice, dict):
                        continue
                    delta = choice.get("delta") or choice.get("message") or {}
                    piece = delta.get("content") if isinstance(delta, dict) else None
                    if isinstance(piece, str):
                        n_chunks += 1
                        if piece:
                            if first_at is None:
                                first_at = time.perf_counter()
                            n_pieces += 1
                            yield piece
                    reason = choice.get("finish_reason")
                    if reason:
                        finish_seen = True
                        finish = "length" if reason == "length" else "stop"
        except _ServerReported as exc:
            error = GenerationError(
                QT_TRANSLATE_NOOP("errors", "The server at {url} reported an error: {reason}"),
                url=self.base_url,
                reason=str(exc),
            )
        except (
            requests.RequestException,
            urllib3.exceptions.HTTPError,
            OSError,
            ValueError,
            AttributeError,
        ) as exc:
            if not cancel.is_set():
                error = _stream_error(self.base_url, exc, self.timeout, n_pieces > 0)
        finally:
            done.set()
            resp.close()
        if cancel.is_set():
            finish, error = "cancelled", None
        elif reader.valid == 0 and reader.malformed and not reader.reported:
            # nothing usable at all (an HTML page from a proxy, another protocol)
            error = _not_openai(self.base_url, GenerationError, f"{reader.malformed} malformed lines")
        elif error is None and not (reader.done or finish_seen):
            # the connection closed without [DONE] (a server that died, a proxy that cut it)
            error = _stream_error(
                self.base_url, ConnectionResetError("stream ended early"), self.timeout, n_pieces > 0
            )
        if error is not None:
            log.warning("remote generation failed after %d pieces: %s (%s)", n_pieces, error, error.detail)
            if n_pieces == 0:
                raise error
            finish = "error"
            stats.extra.update(
                error=str(error),
                error_template=error.template,
                error_args={k: str(v) for k, v in error.args_map.items()},
            )
        ended = time.perf_counter()
        if not usage_seen or not stats.completion_tokens:
            stats.completion_tokens = n_chunks
        stats.finish_reason = finish
        stats.total_time = ended - started
        if first_at is not None:
            stats.time_to_first_token = first_at - started
            if stats.completion_tokens > 1 and ended > first_at:
                stats.tokens_per_second = (stats.completion_tokens - 1) / (ended - first_at)
        yield stats


def list_models(conn: Connection, *, timeout: float = CONNECT_TIMEOUT) -> list[str]:
    """The model ids a server offers (``GET /v1/models``), without loading anything (for the UI)."""
    engine = RemoteEngine.from_connection(conn, timeout=timeout)
    data = engine._get_json("/v1/models", BackendError)
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise _not_openai(engine.base_url, BackendError, "no data list in /v1/models")
    return [str(m["id"]) for m in data["data"] if isinstance(m, dict) and m.get("id")]


# ---- the event stream ------------------------------------------------------------------------------


class _ServerReported(Exception):
    """An ``{"error": ...}`` event inside the stream."""


_SSE_OTHER_FIELDS = (b":", b"event:", b"id:", b"retry:")
MALFORMED_LOGGED = 5  # log lines for skipped events per answer (an HTML page would be hundreds)


class _SSEReader:
    """``data:`` lines of a server-sent event stream as JSON objects, until ``[DONE]``.

    Lines that are not JSON objects are skipped (logged); ``valid`` / ``malformed`` count them and
    ``done`` says whether ``[DONE]`` arrived. A plain JSON reply (a server that ignored ``stream``)
    is read as one event.
    """

    def __init__(self, resp: requests.Response) -> None:
        self.resp = resp
        self.done = False
        self.valid = 0
        self.malformed = 0
        self.reported = False  # an error event arrived
        self._json_body = "json" in resp.headers.get("Content-Type", "")

    def events(self) -> Iterator[dict[str, Any]]:
        if self._json_body:
            event = json.loads(b"".join(_lines(self.resp)))
            if isinstance(event, dict) and event.get("error"):
                self.reported = True
                raise _ServerReported(_server_message(json.dumps(event)))
            self.valid, self.done = 1, True
            yield event if isinstance(event, dict) else {}
            return
        for raw in _lines(self.resp):
            if not raw or raw.startswith(_SSE_OTHER_FIELDS):
                continue  # blank separators, comments (": keep-alive"), "event:" / "id:" lines
            event = None
            if raw.startswith(b"data:"):
                data = raw[5:].strip()
                if data == b"[DONE]":
                    self.done = True
                    return
                with contextlib.suppress(ValueError):
                    event = json.loads(data)
            if not isinstance(event, dict):
                self.malformed += 1
                if self.malformed <= MALFORMED_LOGGED:
                    log.warning("skipped a malformed event from the server: %r", raw[:200])
                continue
            if event.get("error"):
                self.reported = True
                raise _ServerReported(_server_message(json.dumps(event)))
            self.valid += 1
            yield event


def _lines(resp: requests.Response) -> Iterator[bytes]:
    """Lines as soon as they arrive: ``read1`` returns what is there instead of waiting for a full
    buffer (``iter_lines`` would hold back small events on servers that do not chunk their replies)."""
    pending = b""
    while True:
        data = resp.raw.read1(8192)
        if not data:
            break
        *lines, pending = (pending + data).split(b"\n")
        for line in lines:
            yield line.rstrip(b"\r")
    if pending:
        yield pending


def _close_on_cancel(resp: requests.Response, cancel: threading.Event, done: threading.Event) -> None:
    while not done.is_set():
        if cancel.wait(CANCEL_POLL_SECONDS):
            resp.close()  # unblocks the reader waiting for the next event
            return


# ---- errors as sentences ---------------------------------------------------------------------------


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _server_message(text: str) -> str:
    try:
        data = json.loads(text)
        err = data.get("error", data.get("detail", data)) if isinstance(data, dict) else data
        return str(err.get("message", err) if isinstance(err, dict) else err)
    except (ValueError, AttributeError):
        return text.strip()[:300] or "no reason given"


def _causes(exc: BaseException) -> Iterator[object]:
    """The exception and what it wraps (requests → urllib3 → socket errors)."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, BaseException):
            todo += [item.__cause__, item.__context__, getattr(item, "reason", None)]
            todo += [a for a in item.args if isinstance(a, BaseException)]


def _connection_error(
    url: str, exc: Exception, timeouts: tuple[float, float], error: type[DeskAssistantError]
) -> DeskAssistantError:
    causes = list(_causes(exc))
    if isinstance(exc, requests.Timeout):
        seconds = timeouts[0] if isinstance(exc, requests.ConnectTimeout) else timeouts[1]
        return error(
            QT_TRANSLATE_NOOP("errors", "The server at {url} did not answer within {seconds} seconds."),
            url=url,
            seconds=f"{seconds:g}",
            detail=repr(exc),
        )
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return error(
            QT_TRANSLATE_NOOP(
                "errors", "Nothing answers at {url}: the connection was refused. Is the server running?"
            ),
            url=url,
            detail=repr(exc),
        )
    if any(isinstance(c, socket.gaierror) or type(c).__name__ == "NameResolutionError" for c in causes):
        return error(
            QT_TRANSLATE_NOOP("errors", "The server name in {url} was not found. Check the address."),
            url=url,
            detail=repr(exc),
        )
    return error(
        QT_TRANSLATE_NOOP("errors", "Could not connect to the server at {url}: {reason}"),
        url=url,
        reason=type(exc).__name__,
        detail=repr(exc),
    )


def _unknown_model(
    url: str, name: str, error: type[DeskAssistantError], detail: str = ""
) -> DeskAssistantError:
    return error(
        QT_TRANSLATE_NOOP("errors", "The server at {url} has no model named {name}."),
        url=url,
        name=repr(name),
        detail=detail or None,
    )


def _not_openai(url: str, error: type[DeskAssistantError], detail: str) -> DeskAssistantError:
    return error(
        QT_TRANSLATE_NOOP(
            "errors",
            "The server at {url} did not answer like an OpenAI-compatible server (its reply was unreadable).",
        ),
        url=url,
        detail=detail,
    )


def _status_error(
    engine: RemoteEngine,
    status: int,
    text: str,
    model: str,
    error: type[DeskAssistantError],
    retry_after: float | None = None,
) -> DeskAssistantError:
    url, reason = engine.base_url, _server_message(text)
    detail = f"HTTP {status}: {text[:500]}"
    if status in (401, 403):
        if engine.api_key:
            template = QT_TRANSLATE_NOOP(
                "errors", "The server at {url} refused the API key ({status}). Check the key of this backend."
            )
        else:
            template = QT_TRANSLATE_NOOP(
                "errors", "The server at {url} asks for an API key ({status}). Add the key to this backend."
            )
        return error(template, url=url, status=status, detail=detail)
    lowered = reason.lower()
    if model and (
        status == 404
        or (status == 400 and "model" in lowered and ("not found" in lowered or "does not exist" in lowered))
    ):
        return _unknown_model(url, model, error, detail)
    if status == 429:
        if retry_after is not None and retry_after > engine.max_retry_wait:
            return error(
                QT_TRANSLATE_NOOP(
                    "errors",
                    "The server at {url} is busy (too many requests); try again in {seconds} seconds.",
                ),
                url=url,
                seconds=f"{retry_after:.0f}",
                detail=detail,
            )
        return error(
            QT_TRANSLATE_NOOP("errors", "The server at {url} is busy (too many requests); try again later."),
            url=url,
            detail=detail,
        )
    if status >= 500:
        return error(
            QT_TRANSLATE_NOOP("errors", "The server at {url} failed ({status}): {reason}"),
            url=url,
            status=status,
            reason=reason,
            detail=detail,
        )
    return error(
        QT_TRANSLATE_NOOP("errors", "The server refused the request ({status}): {reason}"),
        status=status,
        reason=reason,
        detail=detail,
    )


def _stream_error(url: str, exc: Exception, timeout: float, had_text: bool) -> GenerationError:
    stalled = any(
        isinstance(c, (TimeoutError, socket.timeout, requests.Timeout, urllib3.exceptions.TimeoutError))
        for c in _causes(exc)
    )
    if stalled:
        if had_text:
            template = QT_TRANSLATE_NOOP(
                "errors",
                "The server at {url} sent nothing for {seconds} seconds and was given up; "
                "the answer so far is kept.",
            )
        else:
            template = QT_TRANSLATE_NOOP(
                "errors", "The server at {url} did not answer within {seconds} seconds."
            )
        return GenerationError(template, url=url, seconds=f"{timeout:g}", detail=repr(exc))
    if had_text:
        template = QT_TRANSLATE_NOOP(
            "errors",
            "The connection to {url} was lost in the middle of the answer; the answer so far is kept.",
        )
    else:
        template = QT_TRANSLATE_NOOP("errors", "The connection to {url} was lost before the answer began.")
    return GenerationError(template, url=url, detail=repr(exc))
