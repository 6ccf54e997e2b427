"""A scripted Engine for pure UI-logic tests (batching, queue order, stop). Never the only test of a path:
tests/ui/test_inference_service_real.py runs the same service over the real llama.cpp engine."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence

from desk_assistant.core.errors import ModelFileError, ModelNotLoadedError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.types import (
    ChatMessage,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    SamplingParams,
)


class ScriptedEngine:
    def __init__(
        self, pieces: Sequence[str] = ("a",) * 10, piece_delay: float = 0.0, prefill_delay: float = 0.0
    ) -> None:
        self.pieces = list(pieces)
        self.piece_delay = piece_delay
        self.prefill_delay = prefill_delay
        self.thread_ids: set[int] = set()  # every thread that touched the engine
        self.calls: list[str] = []
        self._info: ModelInfo | None = None

    def _touch(self, what: str) -> None:
        self.thread_ids.add(threading.get_ident())
        self.calls.append(what)

    def load(self, model_path: str, options: LoadOptions | None = None) -> ModelInfo:
        self._touch(f"load:{model_path}")
        if not model_path.endswith(".gguf"):
            raise ModelFileError(
                QT_TRANSLATE_NOOP("errors", "{name} is not a GGUF model file."), name=model_path
            )
        self._info = ModelInfo(model_path, "scripted", "llama", 512, 512, "F32", "chatml", True, 0, 2, 1)
        return self._info

    def unload(self) -> None:
        self._touch("unload")
        self._info = None

    @property
    def is_loaded(self) -> bool:
        return self._info is not None

    @property
    def model_info(self) -> ModelInfo | None:
        return self._info

    @property
    def context_size(self) -> int:
        return 512

    def tokenize(self, text: str) -> list[int]:
        return list(text.encode())

    def count_tokens(self, text: str) -> int:
        return len(text.encode())

    def count_messages(self, messages: Sequence[ChatMessage]) -> int:
        return sum(len(m.content.encode()) + 4 for m in messages)

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        sampling: SamplingParams | None = None,
        cancel: threading.Event | None = None,
        session_key: str | None = None,
    ) -> Iterator[str | GenerationStats]:
        self._touch(f"chat:{messages[-1].content}")
        if self._info is None:
            raise ModelNotLoadedError(QT_TRANSLATE_NOOP("errors", "No model is loaded."))
        cancel = cancel or threading.Event()
        if cancel.wait(self.prefill_delay):
            yield GenerationStats(finish_reason="cancelled")
            return
        count = 0
        for piece in self.pieces:
            if cancel.is_set():
                yield GenerationStats(completion_tokens=count, finish_reason="cancelled")
                return
            yield piece
            count += 1
            time.sleep(self.piece_delay)
        yield GenerationStats(completion_tokens=count, finish_reason="stop")
