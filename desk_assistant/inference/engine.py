"""The Engine protocol every backend implements (LlamaCppEngine, RemoteEngine)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from desk_assistant.inference.types import (
    ChatMessage,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    SamplingParams,
)

StreamItem = str | GenerationStats


@runtime_checkable
class Engine(Protocol):
    """One model at a time; not thread-safe: call it from one thread (the UI's inference thread).

    ``stream_chat`` yields text pieces (``str``) and, always last, one ``GenerationStats``.
    ``cancel`` may be set from any thread; generation then ends promptly (prompt processing
    included) with ``finish_reason == "cancelled"`` and the engine stays usable.
    ``session_key`` names a conversation so the engine can keep / restore its KV state.
    """

    def load(self, model_path: str, options: LoadOptions | None = None) -> ModelInfo: ...

    def unload(self) -> None: ...

    @property
    def is_loaded(self) -> bool: ...

    @property
    def model_info(self) -> ModelInfo | None: ...

    @property
    def context_size(self) -> int: ...

    def tokenize(self, text: str) -> list[int]: ...

    def count_tokens(self, text: str) -> int: ...

    def count_messages(self, messages: Sequence[ChatMessage]) -> int:
        """The prompt size of ``messages`` as sent (chat template included)."""
        ...

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        sampling: SamplingParams | None = None,
        cancel: threading.Event | None = None,
        session_key: str | None = None,
    ) -> Iterator[StreamItem]: ...
