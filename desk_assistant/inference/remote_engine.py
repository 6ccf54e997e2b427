"""RemoteEngine: any OpenAI-compatible server (llama.cpp's server, Ollama, vLLM) over HTTP.

``POST {base_url}/v1/chat/completions`` with ``stream: true``; the answer arrives as server-sent events
(``data: {json}`` lines, ending with ``data: [DONE]``). Stop closes the HTTP stream from a watcher
thread, so a request blocked waiting for the next event ends at once. Token counts are estimates
(the server's tokenizer is not ours): about 4 characters per token for Latin text, 1 per CJK character.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any

import requests

from desk_assistant.core.errors import GenerationError, ModelLoadError, ModelNotLoadedError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
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

log = logging.getLogger(__name__)
CANCEL_POLL_SECONDS = 0.05


def estimate_tokens(text: str) -> int:
    ascii_chars = sum(1 for c in text if ord(c) < 128)
    return (ascii_chars + 3) // 4 + (len(text) - ascii_chars)


class RemoteEngine:
    def __init__(self, base_url: str, api_key: str = "", *, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self._info: ModelInfo | None = None
        self._trims: dict[str | None, PreviousTrim] = {}
        self._session = requests.Session()

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    def load(self, model_path: str, options: LoadOptions | None = None) -> ModelInfo:
        """``model_path`` is the server's model name; the server is asked for its model list."""
        options = options or LoadOptions()
        try:
            resp = self._session.get(
                f"{self.base_url}/v1/models", headers=self._headers(), timeout=self.timeout
            )
            resp.raise_for_status()
            names = [m.get("id", "") for m in resp.json().get("data", [])]
        except (requests.RequestException, ValueError) as exc:
            raise ModelLoadError(
                QT_TRANSLATE_NOOP("errors", "The server at {url} did not answer: {reason}"),
                url=self.base_url,
                reason=_reason(exc),
                detail=repr(exc),
            ) from exc
        name = model_path or (names[0] if names else "")
        if names and name not in names:
            raise ModelLoadError(
                QT_TRANSLATE_NOOP("errors", "The server at {url} has no model named {name}."),
                url=self.base_url,
                name=repr(name),
            )
        self._info = ModelInfo(
            path=name,
            name=name,
            architecture="remote",
            context_length=options.context_size,
            context_size=options.context_size,
            quantization="",
            chat_format="server",
            has_template=True,
            gpu_layers=0,
            total_layers=0,
            size_bytes=0,
        )
        return self._info

    def unload(self) -> None:
        self._info = None
        self._trims.clear()

    @property
    def is_loaded(self) -> bool:
        return self._info is not None

    @property
    def model_info(self) -> ModelInfo | None:
        return self._info

    @property
    def context_size(self) -> int:
        return self._info.context_size if self._info else 0

    def tokenize(self, text: str) -> list[int]:
        """Placeholder ids of the estimated count: a remote tokenizer is not available."""
        return list(range(estimate_tokens(text)))

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)

    def count_messages(self, messages: Sequence[ChatMessage]) -> int:
        return sum(4 + estimate_tokens(m.content) for m in messages) + 2

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
        finish: FinishReason = "length"
        first_at: float | None = None
        n_pieces = 0
        try:
            resp = self._session.post(
                f"{self.base_url}/v1/chat/completions",
                json=body,
                headers=self._headers(),
                stream=True,
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise _generation_error(self.base_url, exc) from exc
        if resp.status_code >= 400:
            text = resp.text[:300]
            resp.close()
            raise GenerationError(
                QT_TRANSLATE_NOOP("errors", "The server refused the request ({status}): {reason}"),
                status=resp.status_code,
                reason=_server_message(text),
            )
        done = threading.Event()
        watcher = threading.Thread(target=_close_on_cancel, args=(resp, cancel, done), daemon=True)
        watcher.start()
        try:
            for event in _sse_events(resp):
                if cancel.is_set():
                    break
                usage = event.get("usage")
                if usage:
                    stats.prompt_tokens = int(usage.get("prompt_tokens", stats.prompt_tokens))
                    stats.completion_tokens = int(usage.get("completion_tokens", 0))
                    details = usage.get("prompt_tokens_details") or {}
                    stats.cached_tokens = int(details.get("cached_tokens") or 0)
                for choice in event.get("choices") or []:
                    piece = (choice.get("delta") or {}).get("content")
                    if piece:
                        if first_at is None:
                            first_at = time.perf_counter()
                        n_pieces += 1
                        yield piece
                    reason = choice.get("finish_reason")
                    if reason:
                        finish = "length" if reason == "length" else "stop"
        except (requests.RequestException, OSError, ValueError, AttributeError) as exc:
            if not cancel.is_set():
                raise _generation_error(self.base_url, exc) from exc
        finally:
            done.set()
            resp.close()
        if cancel.is_set():
            finish = "cancelled"
        ended = time.perf_counter()
        stats.completion_tokens = stats.completion_tokens or n_pieces
        stats.finish_reason = finish
        stats.total_time = ended - started
        if first_at is not None:
            stats.time_to_first_token = first_at - started
            if stats.completion_tokens > 1 and ended > first_at:
                stats.tokens_per_second = (stats.completion_tokens - 1) / (ended - first_at)
        yield stats


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


def _sse_events(resp: requests.Response) -> Iterator[dict[str, Any]]:
    """Parse ``data:`` lines of a server-sent event stream into JSON objects until ``[DONE]``."""
    for raw in _lines(resp):
        if not raw or not raw.startswith(b"data:"):
            continue  # blank separators, comments (": keep-alive"), "event:" lines
        data = raw[5:].strip()
        if data == b"[DONE]":
            return
        event = json.loads(data)
        if isinstance(event, dict) and event.get("error"):
            raise ValueError(_server_message(json.dumps(event)))
        yield event


def _close_on_cancel(resp: requests.Response, cancel: threading.Event, done: threading.Event) -> None:
    while not done.is_set():
        if cancel.wait(CANCEL_POLL_SECONDS):
            resp.close()  # unblocks the reader waiting for the next event
            return


def _server_message(text: str) -> str:
    try:
        data = json.loads(text)
        err = data.get("error", data)
        return str(err.get("message", err) if isinstance(err, dict) else err)
    except (ValueError, AttributeError):
        return text.strip() or "no reason given"


def _reason(exc: Exception) -> str:
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    if isinstance(exc, requests.Timeout):
        return "it timed out"
    return str(exc)


def _generation_error(url: str, exc: Exception) -> GenerationError:
    return GenerationError(
        QT_TRANSLATE_NOOP("errors", "The server at {url} stopped answering: {reason}"),
        url=url,
        reason=_reason(exc),
        detail=repr(exc),
    )
