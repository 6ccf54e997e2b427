"""LlamaCppEngine: local GGUF models through llama.cpp (llama-cpp-python), driven at the token level.

Why token level: we render the chat template to text, tokenize it ourselves and call ``Llama.generate``
with the prompt tokens. That gives exact prompt/cached/completion counts and lets llama-cpp-python's
longest-common-prefix reuse work turn after turn (the history renders to the same bytes every time).

Stop: ``cancel`` is checked after every token, and llama.cpp's abort callback reads it while the prompt
is processed, so a long prefill stops within one graph node. An aborted decode raises
``RuntimeError("llama_decode returned 2")``; the engine drops the unfinished tokens from the KV cache and
stays usable.

Not thread-safe: one thread calls it (``cancel`` may be set from any thread).
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import logging
import os
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import psutil

from desk_assistant.core.errors import (
    ContextOverflowError,
    ModelFileError,
    ModelLoadError,
    ModelNotLoadedError,
)
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.core.text import clean_text
from desk_assistant.inference import gpu, llama_log
from desk_assistant.inference.budget import PreviousTrim, fit_messages
from desk_assistant.inference.engine import StreamItem
from desk_assistant.inference.prompt_lookup import PromptLookup
from desk_assistant.inference.state_cache import SavedState, StateCache
from desk_assistant.inference.streaming import TextAssembler
from desk_assistant.inference.templates import ChatRenderer, choose_template
from desk_assistant.inference.types import (
    ChatMessage,
    FinishReason,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    SamplingParams,
    TrimReport,
)
from desk_assistant.library.gguf_header import GGUFHeader, read_header
from desk_assistant.library.memory import kv_cache_bytes

log = logging.getLogger(__name__)

# Saved conversation states: with the app's own ~95 MB (make bench) this keeps it within the 200 MB
# budget beyond the model and the active context (DESIGN.md), and never more than 1/8 of free RAM.
STATE_BUDGET_CEILING = 96 * 2**20
MAX_REMEMBERED_TRIMS = 256  # conversations whose trim point is kept (LRU)
MAX_DEFUSED_CHARS = 4_000_000  # message texts remembered as checked for control-token spellings
N_BATCH = 512


def available_memory_bytes() -> int:
    return int(psutil.virtual_memory().available)


def auto_state_budget() -> int:
    return min(STATE_BUDGET_CEILING, available_memory_bytes() // 8)


def default_threads() -> int:
    return psutil.cpu_count(logical=False) or os.cpu_count() or 1


class LlamaCppEngine:
    def __init__(self, *, state_budget_bytes: int | None = None) -> None:
        """``state_budget_bytes``: memory for saved conversation states; None sizes it from free RAM."""
        if state_budget_bytes is None:
            state_budget_bytes = auto_state_budget()
        self._llama: Any = None  # llama_cpp.Llama
        self._info: ModelInfo | None = None
        self._renderer: ChatRenderer | None = None
        self._states = StateCache(state_budget_bytes)
        self._session_key: str | None = None
        self._trims: OrderedDict[str | None, PreviousTrim] = OrderedDict()
        self._pieces: dict[int, bytes | None] = {}  # token -> bytes; None marks end-of-generation
        self._encoded: tuple[tuple[ChatMessage, ...], list[int]] | None = None
        self._defused: dict[str, str] = {}  # message text -> text safe from control-token spelling
        self._defused_chars = 0
        self._cancel: threading.Event | None = None
        self._target: gpu.OffloadTarget | None = None  # where the last plan would offload to
        self._abort_cb: Any = None  # keeps the ctypes callback alive while the context uses it
        self._no_abort_cb: Any = None
        self.load_messages: list[str] = []  # what happened while loading (GPU fallbacks), for the UI

    # ---- loading -------------------------------------------------------------------------------

    def load(
        self,
        model_path: str,
        options: LoadOptions | None = None,
        progress: Callable[[float], bool] | None = None,
    ) -> ModelInfo:
        """Load a GGUF. ``progress(fraction)`` is called while weights load; returning False aborts."""
        options = options or LoadOptions()
        self.unload()
        llama_log.install()
        path = Path(model_path)
        header = read_header(path)  # missing, empty, not GGUF, truncated: ModelFileError
        from llama_cpp import Llama

        planned, reason = self.plan_gpu_layers(header, options)
        _check_memory(header, planned, self._target.unified if self._target else False)
        self.load_messages = [reason]
        n_ctx = options.context_size
        if header.context_length and n_ctx > header.context_length:
            # past its trained length a model writes nonsense; use what it was trained for
            self.load_messages.append(f"context limited to the model's {header.context_length} tokens")
            n_ctx = header.context_length
        threads = options.threads or default_threads()
        llama = None
        for layers in gpu.fallback_layers(planned):
            llama_log.clear_recent()
            try:
                with _load_progress(progress) as load_state:
                    llama = Llama(
                        str(path),
                        n_gpu_layers=layers,
                        n_ctx=n_ctx,
                        n_batch=N_BATCH,
                        n_threads=threads,
                        n_threads_batch=threads,
                        swa_full=True,  # sliding-window models (Gemma): rewinding the cache stays exact
                        verbose=False,
                        **_attention_arguments(options),
                    )
                break
            except (ValueError, RuntimeError, OSError) as exc:
                if load_state.stopped:
                    raise ModelLoadError(
                        QT_TRANSLATE_NOOP("errors", "Loading {name} was cancelled."), name=path.name
                    ) from exc
                detail = "; ".join(llama_log.recent_errors()) or str(exc)
                log.warning("loading %s with %d GPU layers failed: %s", path, layers, detail)
                if layers == 0:
                    raise _load_error(path, header, detail) from exc
                self.load_messages.append(f"loading with {layers} GPU layers failed; trying fewer")
        assert llama is not None
        self._llama = llama
        self._abort_cb = _make_abort_callback(self)
        import llama_cpp

        self._no_abort_cb = llama_cpp.ggml_abort_callback()  # a NULL callback
        vocab = llama._model.vocab
        choice = choose_template(
            gguf_template=header.chat_template or llama.metadata.get("tokenizer.chat_template"),
            architecture=header.architecture or "",
            vocab_size=llama.n_vocab(),
            override=options.chat_template,
        )
        self._renderer = ChatRenderer(
            choice,
            bos_token=_token_text(vocab, llama.token_bos()),
            eos_token=_token_text(vocab, llama.token_eos()),
        )
        self._add_bos = bool(llama_cpp.llama_vocab_get_add_bos(vocab))
        log.info("chat template: %s (%s)", choice.name, choice.reason)
        n_layers = header.block_count or llama_cpp.llama_model_n_layer(llama.model)
        self._info = ModelInfo(
            path=str(path),
            name=header.name or path.stem,
            architecture=header.architecture or "",
            context_length=header.context_length or 0,
            context_size=llama.n_ctx(),
            quantization=header.quantization or "",
            chat_format=choice.name,
            has_template=bool(header.chat_template),
            gpu_layers=min(layers, n_layers),
            total_layers=n_layers,
            size_bytes=header.size_bytes,
            planned_gpu_layers=min(planned, n_layers),
            gpu_names=self._target.names if self._target and layers > 0 else "",
        )
        return self._info

    def plan_gpu_layers(self, header: GGUFHeader, options: LoadOptions) -> tuple[int, str]:
        """How many layers to offload, and why (the window and `doctor` show the reason)."""
        self._target = None
        if options.gpu_layers != "auto":
            return int(options.gpu_layers), f"{options.gpu_layers} GPU layers as set by the user"
        if not gpu.supports_gpu_offload():
            return 0, "this llama.cpp build has no GPU support; running on the CPU"
        self._target = target = gpu.offload_target()
        if not target.names:
            return 0, "this llama.cpp build supports GPUs, but it finds none; running on the CPU"
        n_layers = header.block_count or 0
        plan = gpu.plan_offload(
            header.size_bytes,
            n_layers,
            kv_cache_bytes(header, 1, options.kv_cache_type),
            min(options.context_size, header.context_length or options.context_size),
            target.free_bytes,
        )
        return plan.gpu_layers, f"{plan.reason} ({target.names})"

    def unload(self) -> None:
        if self._llama is not None:
            self._llama.close()
        self._llama = None
        self._info = None
        self._renderer = None
        self._abort_cb = None
        self._states.clear()
        self._session_key = None
        self._trims.clear()
        self._pieces.clear()
        self._encoded = None
        self._defused.clear()
        self._defused_chars = 0

    @property
    def is_loaded(self) -> bool:
        return self._llama is not None

    @property
    def model_info(self) -> ModelInfo | None:
        return self._info

    @property
    def context_size(self) -> int:
        return self._info.context_size if self._info else 0

    @property
    def saved_sessions(self) -> list[str]:
        """Conversations with a saved state, least recently used first."""
        return self._states.keys()

    # ---- tokens --------------------------------------------------------------------------------

    def tokenize(self, text: str) -> list[int]:
        """Plain text (no special tokens, no BOS): what counting a document needs."""
        return self._require().tokenize(clean_text(text).encode("utf-8"), add_bos=False, special=False)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize(text))

    def render(self, messages: Sequence[ChatMessage]) -> str:
        self._require()
        assert self._renderer is not None
        return self._renderer.render(messages)

    def encode_messages(self, messages: Sequence[ChatMessage]) -> list[int]:
        """The prompt tokens for ``messages`` (template rendered, BOS as the model wants it)."""
        key = tuple(messages)
        if self._encoded is not None and self._encoded[0] == key:
            return self._encoded[1]
        llama = self._require()
        safe = [ChatMessage(m.role, self._defuse(m.content)) for m in messages]
        tokens = llama.tokenize(self.render(safe).encode("utf-8"), add_bos=False, special=True)
        if self._add_bos and (not tokens or tokens[0] != llama.token_bos()):
            tokens.insert(0, llama.token_bos())
        self._encoded = (key, tokens)
        return tokens

    def _defuse(self, content: str) -> str:
        """Message text that spells a control token (a pasted ``<|im_end|>``, ``<end_of_turn>``) must
        reach the model as text, not as the token, or it would end the turn or fake a role: the
        template's own markers are the only control tokens in a prompt. A zero-width space after the
        first character breaks the spelling; the stored text is unchanged. Checked once per text.
        Text no encoder takes (a lone surrogate, NUL) is cleaned here too: every message passes."""
        cached = self._defused.get(content)
        if cached is not None:
            return cached
        import llama_cpp

        llama = self._llama
        safe = clean_text(content)  # lone surrogates, NUL: see core/text.py
        raw = safe.encode("utf-8")
        plain = llama.tokenize(raw, add_bos=False, special=False)
        special = llama.tokenize(raw, add_bos=False, special=True)
        if special != plain:
            vocab = llama._model.vocab
            control = llama_cpp.LLAMA_TOKEN_ATTR_CONTROL | llama_cpp.LLAMA_TOKEN_ATTR_USER_DEFINED
            for token in set(special) - set(plain):
                if llama_cpp.llama_vocab_get_attr(vocab, token) & control:
                    spelled = _token_text(vocab, token)
                    if len(spelled) > 1:
                        safe = safe.replace(spelled, spelled[0] + "\u200b" + spelled[1:])
        if self._defused_chars > MAX_DEFUSED_CHARS:  # a long session: start over, not grow without end
            self._defused.clear()
            self._defused_chars = 0
        self._defused[content] = safe
        self._defused_chars += len(content) + len(safe)
        return safe

    def count_messages(self, messages: Sequence[ChatMessage]) -> int:
        return len(self.encode_messages(messages))

    # ---- generation ----------------------------------------------------------------------------

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        sampling: SamplingParams | None = None,
        cancel: threading.Event | None = None,
        session_key: str | None = None,
    ) -> Iterator[StreamItem]:
        llama = self._require()
        assert self._renderer is not None
        sampling = sampling or SamplingParams()
        cancel = cancel or threading.Event()
        started = time.perf_counter()
        self._switch_session(session_key)
        n_ctx = llama.n_ctx()
        fit = fit_messages(
            messages,
            self.count_messages,
            n_ctx=n_ctx,
            max_tokens=sampling.max_tokens,
            previous=self._trims.get(session_key),
        )
        self._trims[session_key] = fit.trim
        self._trims.move_to_end(session_key)
        while len(self._trims) > MAX_REMEMBERED_TRIMS:
            self._trims.popitem(last=False)
        prompt = self.encode_messages(fit.messages)
        yield from self._generate(prompt, sampling, cancel, started, self._renderer.stop_strings, fit.report)

    def stream_text(
        self,
        prompt: str,
        sampling: SamplingParams | None = None,
        cancel: threading.Event | None = None,
        session_key: str | None = None,
    ) -> Iterator[StreamItem]:
        """Plain text completion: ``prompt`` as given, no chat template (the API server's
        ``/v1/completions``). Control tokens spelled in it count as tokens, as in llama.cpp's server.
        Yields text pieces, then one ``GenerationStats``, like ``stream_chat``."""
        llama = self._require()
        sampling = sampling or SamplingParams()
        cancel = cancel or threading.Event()
        started = time.perf_counter()
        self._switch_session(session_key)
        tokens = llama.tokenize(clean_text(prompt).encode("utf-8"), add_bos=False, special=True)
        if self._add_bos and (not tokens or tokens[0] != llama.token_bos()):
            tokens.insert(0, llama.token_bos())
        if len(tokens) >= llama.n_ctx():
            raise ContextOverflowError(
                QT_TRANSLATE_NOOP(
                    "errors", "The prompt is {tokens} tokens long; the model's context holds {context}."
                ),
                tokens=len(tokens),
                context=llama.n_ctx(),
            )
        yield from self._generate(tokens, sampling, cancel, started, (), None)

    def _generate(
        self,
        prompt: list[int],
        sampling: SamplingParams,
        cancel: threading.Event,
        started: float,
        stop_strings: Sequence[str],
        trimmed: TrimReport | None,
    ) -> Iterator[StreamItem]:
        """Read ``prompt`` (reusing the cached prefix), then generate: text pieces, then the stats."""
        llama = self._llama
        n_ctx = llama.n_ctx()
        seed = sampling.seed if sampling.seed is not None else random.randrange(2**31)
        stats = GenerationStats(
            prompt_tokens=len(prompt),
            cached_tokens=self._reusable_prefix(prompt),
            trimmed=trimmed,
            extra={"seed": seed},
        )
        max_new = max(0, min(sampling.max_tokens, n_ctx - len(prompt)))
        llama.set_seed(seed)
        assembler = TextAssembler(stop_strings)
        finish: FinishReason = "length"
        first_at: float | None = None
        n_out = 0
        self._cancel = cancel
        self._arm_abort(True)
        tokens = None
        lookup = None
        try:
            if not self._prefill(prompt, cancel):
                finish = "cancelled"
            elif max_new > 0:
                if sampling.prompt_lookup > 0:  # for this call only; detached in ``finally``
                    lookup = PromptLookup(llama, sampling.prompt_lookup)
                tokens = llama.generate(
                    prompt,
                    top_k=sampling.top_k,
                    top_p=sampling.top_p,
                    min_p=sampling.min_p,
                    temp=sampling.temperature,
                    repeat_penalty=sampling.repeat_penalty,
                )
                for token in tokens:
                    if first_at is None:
                        first_at = time.perf_counter()
                        self._arm_abort(False)  # prompt read; from here the per-token check stops us
                    piece = self._piece(token)
                    if piece is None:
                        finish = "stop"
                        break
                    n_out += 1
                    text = assembler.feed(piece)
                    if text:
                        yield text
                    if assembler.stopped:
                        finish = "stop"
                        break
                    if cancel.is_set():
                        finish = "cancelled"
                        break
                    if n_out >= max_new:
                        break
        except RuntimeError as exc:
            self._recover_after_failed_decode()
            if cancel.is_set():
                finish = "cancelled"
            else:
                finish = "error"
                stats.extra["error"] = str(exc)
                log.error("generation failed: %s", exc)
        finally:
            if tokens is not None:
                tokens.close()
            if lookup is not None:
                lookup.detach()
                stats.extra["prompt_lookup"] = lookup.report()
            self._arm_abort(False)
            self._cancel = None
            llama_log.aborting = False
        tail = assembler.flush()
        if tail:
            yield tail
        ended = time.perf_counter()
        stats.completion_tokens = n_out
        stats.finish_reason = finish
        stats.total_time = ended - started
        if first_at is not None:
            stats.time_to_first_token = first_at - started
            if n_out > 1 and ended > first_at:
                stats.tokens_per_second = (n_out - 1) / (ended - first_at)
        yield stats

    def _prefill(self, prompt: list[int], cancel: threading.Event) -> bool:
        """Read the new part of the prompt batch by batch, checking ``cancel`` between batches (on a
        GPU, llama.cpp ignores the abort callback, so this is what stops a long prefill there).
        The last prompt token is left to ``generate``, which needs its logits. False: cancelled."""
        llama = self._llama
        start = self._reusable_prefix(prompt)
        end = len(prompt) - 1
        if start >= end:
            return not cancel.is_set()
        if llama.n_tokens > start:
            llama._ctx.kv_cache_seq_rm(-1, start, -1)
            llama.n_tokens = start
        for i in range(start, end, llama.n_batch):
            if cancel.is_set():
                return False
            llama.eval(prompt[i : min(i + llama.n_batch, end)])
        return not cancel.is_set()

    def _arm_abort(self, armed: bool) -> None:
        """The abort callback runs for every graph node (~450 per token on Gemma 270M), costing ~3% of
        decode speed, so it is armed only while the prompt is read: one llama_decode call can then last
        seconds. Generated tokens are one short decode each, and the per-token check stops those."""
        import llama_cpp

        callback = self._abort_cb if armed else self._no_abort_cb
        llama_cpp.llama_set_abort_callback(self._llama.ctx, callback, None)

    def _piece(self, token: int) -> bytes | None:
        try:
            return self._pieces[token]
        except KeyError:
            piece = self._pieces[token] = _token_piece(self._llama, token)
            return piece

    def _reusable_prefix(self, prompt: list[int]) -> int:
        """How many prompt tokens llama-cpp-python's generate() will take from the KV cache."""
        llama = self._llama
        n = min(llama.n_tokens, len(prompt))
        if n == 0:
            return 0
        same = llama.input_ids[:n] == np.asarray(prompt[:n], dtype=np.intc)
        prefix = n if bool(same.all()) else int(np.argmin(same))
        if prefix == len(prompt) and not (llama.n_tokens == len(prompt) and not llama._requires_eval):
            prefix -= 1  # the last prompt token is evaluated again to get fresh logits
        return prefix

    def _recover_after_failed_decode(self) -> None:
        """After an aborted or failed llama_decode, forget cache cells past what was committed."""
        llama = self._llama
        llama._ctx.kv_cache_seq_rm(-1, llama.n_tokens, -1)
        llama._requires_eval = True

    # ---- conversation states -------------------------------------------------------------------

    def _switch_session(self, key: str | None) -> None:
        if key == self._session_key:
            return
        llama = self._llama
        if self._session_key is not None and llama.n_tokens > 0:
            self._states.put(self._session_key, self._save_state())
        self._session_key = key
        saved = self._states.take(key) if key is not None else None
        if saved is not None:
            self._restore_state(saved)

    def _save_state(self) -> SavedState:
        import llama_cpp

        llama = self._llama
        size = int(llama_cpp.llama_state_get_size(llama.ctx))
        data = bytearray(size)
        view = (ctypes.c_uint8 * size).from_buffer(data)
        written = int(llama_cpp.llama_state_get_data(llama.ctx, view, size))
        del view  # release the export so the bytearray can shrink
        del data[written:]
        return SavedState(tokens=llama.input_ids[: llama.n_tokens].copy(), data=data)

    def _restore_state(self, saved: SavedState) -> None:
        import llama_cpp

        llama = self._llama
        view = (ctypes.c_uint8 * len(saved.data)).from_buffer(saved.data)
        if llama_cpp.llama_state_set_data(llama.ctx, view, len(saved.data)) != len(saved.data):
            log.warning("a saved conversation state did not restore; it will be re-read")
            llama.reset()
            llama._ctx.kv_cache_seq_rm(-1, 0, -1)
            return
        n = len(saved.tokens)
        llama.input_ids[:n] = saved.tokens
        llama.n_tokens = n
        llama._requires_eval = True

    def _require(self) -> Any:
        if self._llama is None:
            raise ModelNotLoadedError(QT_TRANSLATE_NOOP("errors", "No model is loaded."))
        return self._llama


@dataclasses.dataclass
class _LoadProgress:
    stopped: bool = False  # the progress callback asked llama.cpp to stop loading


@contextlib.contextmanager
def _load_progress(progress: Callable[[float], bool] | None) -> Iterator[_LoadProgress]:
    """Give llama.cpp's model loader a progress callback for the ``Llama(...)`` call inside.

    llama-cpp-python builds the loader's parameters from ``llama_model_default_params()`` and has no
    argument for the callback, so for the duration of the call that function hands out parameters
    with ours set. One thread loads at a time (the engine is single-threaded); the callback object
    lives until the loader is done with it.
    """
    state = _LoadProgress()
    if progress is None:
        yield state
        return
    import llama_cpp.llama_cpp as low_level

    def report(fraction: float, _data: ctypes.c_void_p) -> bool:
        try:
            go_on = bool(progress(float(fraction)))
        except Exception:  # an exception must not cross into C; keep loading
            log.exception("load progress callback failed")
            return True
        state.stopped = state.stopped or not go_on
        return go_on

    callback = low_level.llama_progress_callback(report)
    original = low_level.llama_model_default_params

    def params_with_progress() -> Any:
        params = original()
        params.progress_callback = callback
        return params

    low_level.llama_model_default_params = params_with_progress
    try:
        yield state
    finally:
        low_level.llama_model_default_params = original


def _make_abort_callback(engine: LlamaCppEngine) -> Any:
    import llama_cpp

    def should_abort(_data: ctypes.c_void_p) -> bool:
        cancel = engine._cancel
        if cancel is not None and cancel.is_set():
            llama_log.aborting = True
            return True
        return False

    return llama_cpp.ggml_abort_callback(should_abort)


def _token_piece(llama: Any, token: int) -> bytes | None:
    import llama_cpp

    vocab = llama._model.vocab
    if llama_cpp.llama_vocab_is_eog(vocab, token):
        return None
    size = 64
    while True:
        buf = ctypes.create_string_buffer(size)
        n = llama_cpp.llama_token_to_piece(vocab, token, buf, size, 0, False)
        if n >= 0:
            return buf.raw[:n]
        size = -n


def _token_text(vocab: Any, token: int) -> str:
    import llama_cpp

    if token < 0:
        return ""
    return llama_cpp.llama_vocab_get_text(vocab, token).decode("utf-8", "replace")


def _attention_arguments(options: LoadOptions) -> dict[str, Any]:
    """Flash attention and the KV cache's precision; a quantized cache needs flash attention."""
    import llama_cpp

    if options.kv_cache_type == "q8_0":
        return {"flash_attn": True, "type_k": llama_cpp.GGML_TYPE_Q8_0, "type_v": llama_cpp.GGML_TYPE_Q8_0}
    return {"flash_attn": bool(options.flash_attention)}


def _check_memory(header: GGUFHeader, gpu_layers: int = 0, unified: bool = False) -> None:
    """Is there RAM for the weights that stay in it? Layers on a discrete GPU are in its memory, which
    the plan checked; with unified memory (Apple Silicon) every weight is in RAM."""
    free = available_memory_bytes()
    n_layers = header.block_count or 0
    on_gpu = 0.0 if unified or n_layers <= 0 else min(1.0, gpu_layers / (n_layers + 1))
    need = int(header.size_bytes * (1.0 - on_gpu))
    if need > free:
        raise ModelLoadError(
            QT_TRANSLATE_NOOP(
                "errors",
                "{name} needs about {need} GB of memory, but only {free} GB is free; "
                "close other programs or choose a smaller model.",
            ),
            name=header.path.name,
            need=f"{need / 1e9:.1f}",
            free=f"{free / 1e9:.1f}",
        )


def _load_error(path: Path, header: GGUFHeader, detail: str) -> Exception:
    if "unknown model architecture" in detail:
        return ModelFileError(
            QT_TRANSLATE_NOOP(
                "errors", "{name} uses the model architecture {arch}, which this version cannot run."
            ),
            detail=detail,
            name=path.name,
            arch=repr(header.architecture or "?"),
        )
    return ModelLoadError(
        QT_TRANSLATE_NOOP("errors", "{name} could not be loaded: {reason}"),
        detail=detail,
        name=path.name,
        reason=detail.splitlines()[-1] if detail else "llama.cpp gave no reason",
    )
