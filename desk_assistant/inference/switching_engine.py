"""SwitchingEngine: THE engine of the window and the CLI, local or remote by the model ref it loads.

``load("/models/qwen.gguf")`` loads it in llama.cpp (LlamaCppEngine); ``load("remote:lab/qwen3-8b")``
loads model ``qwen3-8b`` of the configured backend ``lab`` (RemoteEngine; see core.backends for the
refs and the connection with its key). The engine that was active is unloaded first, so a big local
model is freed before a remote one is used and the other way round. Every other Engine method goes
to the active engine; what only one kind has (``load_messages``, ``saved_sessions``,
``token_counts_estimated``) is read from it too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from desk_assistant.core import backends
from desk_assistant.core.backends import Connection
from desk_assistant.core.errors import ModelNotLoadedError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.engine import Engine, StreamItem
from desk_assistant.inference.types import ChatMessage, LoadOptions, ModelInfo, SamplingParams


def _default_local() -> Engine:
    from desk_assistant.inference.llama_engine import LlamaCppEngine  # llama.cpp only when used

    return LlamaCppEngine()


def _settings_connection(backend_name: str) -> Connection:
    from desk_assistant.core.settings import load_settings

    return backends.connection(load_settings(), backend_name)


class SwitchingEngine:
    """One Engine over a local LlamaCppEngine and RemoteEngines, chosen per load.

    ``local_factory`` makes the local engine (once, when first needed); ``connection_for(name)`` gives
    a configured backend's connection (default: from the saved settings); ``remote_factory`` makes a
    RemoteEngine for a connection.
    """

    def __init__(
        self,
        local_factory: Callable[[], Engine] = _default_local,
        *,
        connection_for: Callable[[str], Connection] = _settings_connection,
        remote_factory: Callable[[Connection], Engine] | None = None,
    ) -> None:
        self._local_factory = local_factory
        self._connection_for = connection_for
        self._remote_factory = remote_factory
        self._local: Engine | None = None
        self._active: Engine | None = None
        self.model_ref: str | None = None  # what was loaded: a path or a remote: ref

    # ---- which engine ---------------------------------------------------------------------------

    @property
    def active(self) -> Engine | None:
        """The engine that holds the loaded model (None when nothing is loaded)."""
        return self._active if self._active is not None and self._active.is_loaded else None

    @property
    def is_remote(self) -> bool:
        return self.active is not None and self.active is not self._local

    def _make_remote(self, conn: Connection) -> Engine:
        if self._remote_factory is not None:
            return self._remote_factory(conn)
        from desk_assistant.inference.remote_engine import RemoteEngine

        return RemoteEngine.from_connection(conn)

    def _switch_to(self, engine: Engine) -> None:
        if self._active is not None and self._active is not engine and self._active.is_loaded:
            self._active.unload()
        self._active = engine

    # ---- loading -------------------------------------------------------------------------------

    def load(
        self,
        model_path: str,
        options: LoadOptions | None = None,
        progress: Callable[[float], bool] | None = None,
    ) -> ModelInfo:
        """A local .gguf path, or ``remote:<backend>/<model id>`` (a configured backend)."""
        ref = backends.parse_ref(model_path)
        if ref is not None:
            conn = self._connection_for(ref[0])  # unknown backend: BackendError before anything unloads
            return self.load_remote(conn, ref[1], options, ref=model_path)
        if self._local is None:
            self._local = self._local_factory()
        self._switch_to(self._local)
        self.model_ref = None
        if progress is not None:
            info = self._local.load(model_path, options, progress=progress)  # type: ignore[call-arg]
        else:
            info = self._local.load(model_path, options)
        self.model_ref = model_path
        return info

    def load_remote(
        self, conn: Connection, model_id: str, options: LoadOptions | None = None, *, ref: str | None = None
    ) -> ModelInfo:
        """Model ``model_id`` ("" for the server's first) of the server ``conn`` (a backend or a URL)."""
        engine = self._make_remote(conn)
        self._switch_to(engine)
        self.model_ref = None
        info = engine.load(model_id, options)
        self.model_ref = ref or backends.make_ref(conn.name, info.name)
        return info

    def unload(self) -> None:
        if self._active is not None:
            self._active.unload()
        self.model_ref = None

    # ---- the Engine protocol, delegated ---------------------------------------------------------

    def _require(self) -> Engine:
        engine = self.active
        if engine is None:
            raise ModelNotLoadedError(QT_TRANSLATE_NOOP("errors", "No model is loaded."))
        return engine

    @property
    def is_loaded(self) -> bool:
        return self.active is not None

    @property
    def model_info(self) -> ModelInfo | None:
        engine = self.active
        return engine.model_info if engine is not None else None

    @property
    def context_size(self) -> int:
        engine = self.active
        return engine.context_size if engine is not None else 0

    @property
    def token_counts_estimated(self) -> bool:
        return bool(getattr(self.active, "token_counts_estimated", False))

    def tokenize(self, text: str) -> list[int]:
        return self._require().tokenize(text)

    def count_tokens(self, text: str) -> int:
        return self._require().count_tokens(text)

    def count_messages(self, messages: Sequence[ChatMessage]) -> int:
        return self._require().count_messages(messages)

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        sampling: SamplingParams | None = None,
        cancel: threading.Event | None = None,
        session_key: str | None = None,
    ) -> Iterator[StreamItem]:
        return self._require().stream_chat(messages, sampling, cancel, session_key)

    def __getattr__(self, name: str) -> Any:
        """What only one engine kind has (``load_messages``, ``saved_sessions``, ``render``, ...)."""
        if name.startswith("__"):
            raise AttributeError(name)
        engine = self.__dict__.get("_active") or self.__dict__.get("_local")
        if engine is None:
            raise AttributeError(name)
        return getattr(engine, name)
