"""The window's side of the API server: its requests go through the window's inference service.

``ServiceExecutor`` is the ``api.executor.Executor`` over ``InferenceService``: the server's thread
calls ``submit``/``cancel``; queued signals carry them to the UI thread, where the service takes them
(``submit_task`` / ``stop``), so an API request waits in the same FIFO as the panes' work and never
shares an engine call with it. The service's signals come back here and go to each request's sink, in
order (the service batches text at ~25 Hz per request). A client that goes away sets its task's own
abort event at once, from the server's thread: the engine stops at its next token without waiting for
the UI thread.

``ApiServerControl`` owns the running server (it outlives a rebuilt window): start and stop run on
short-lived threads, never blocking the UI thread; ``stateChanged`` / ``servingChanged`` tell the
window what to show. Starting is the user's explicit action (or their saved choice), so it is allowed
while the app is offline: the server listens on this computer, it never connects out.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from desk_assistant.api.executor import Sink
from desk_assistant.api.generation import ApiGeneration, ApiResult
from desk_assistant.api.server import ApiServer, is_loopback, new_server_key, server_key, url_for
from desk_assistant.core.settings import Settings
from desk_assistant.inference.types import GenerationStats, ModelInfo, SamplingParams
from desk_assistant.tasks.chat import default_sampling, sampling_params
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.inference_service import InferenceService

log = logging.getLogger(__name__)

SHUTDOWN_WAIT_S = 3.0


class ServiceExecutor(QObject):
    """An ``Executor`` for the API server over the window's ``InferenceService`` (lives in the UI thread)."""

    countChanged = Signal(int)  # API requests queued or running
    _submitted = Signal(object, object)  # task, sink: from the server's thread to this one
    _cancelled = Signal(object)  # task

    def __init__(self, service: InferenceService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._model: ModelInfo | None = service.current_model()
        self._open: dict[int, tuple[ApiGeneration, Sink]] = {}  # service request id -> request
        self._ids: dict[ApiGeneration, int] = {}
        self._waiting = 0  # submitted by the server, not yet taken by the service
        self._lock = threading.Lock()
        self._submitted.connect(self._submit)
        self._cancelled.connect(self._cancel)
        service.textReady.connect(self._on_text)
        service.finished.connect(self._on_finished)
        service.failed.connect(self._on_failed)
        service.modelLoaded.connect(self._on_model)
        service.modelUnloaded.connect(self._on_unloaded)

    # ---- the Executor protocol (any thread) -----------------------------------------------------
    def model(self) -> ModelInfo | None:
        return self._model

    def submit(self, task: ApiGeneration, sink: Sink) -> None:
        with self._lock:
            self._waiting += 1
        self._submitted.emit(task, sink)

    def cancel(self, task: ApiGeneration) -> None:
        task.abort.set()  # the engine stops at its next token, whatever the UI thread is doing
        self._cancelled.emit(task)  # and the service drops it from its queue if it has not started

    # ---- UI thread ------------------------------------------------------------------------------
    def serving(self) -> int:
        return len(self._open) + self._waiting

    @Slot(object, object)
    def _submit(self, task: ApiGeneration, sink: Sink) -> None:
        with self._lock:
            self._waiting -= 1
        if task.abort.is_set():
            sink.finished(ApiResult(GenerationStats(finish_reason="cancelled")))
            self.countChanged.emit(self.serving())
            return
        try:
            request_id = self._service.submit_task(task)
        except RuntimeError:  # the service is shut down: the app is closing
            sink.failed("Desk Assistant is closing.")
            self.countChanged.emit(self.serving())
            return
        self._open[request_id] = (task, sink)
        self._ids[task] = request_id
        self.countChanged.emit(self.serving())

    @Slot(object)
    def _cancel(self, task: ApiGeneration) -> None:
        request_id = self._ids.get(task)
        if request_id is not None:
            self._service.stop(request_id)

    def _close(self, request_id: int) -> tuple[ApiGeneration, Sink] | None:
        request = self._open.pop(request_id, None)
        if request is not None:
            self._ids.pop(request[0], None)
            self.countChanged.emit(self.serving())
        return request

    @Slot(int, str, object)
    def _on_text(self, request_id: int, text: str, _key: object) -> None:
        request = self._open.get(request_id)
        if request is not None:
            request[1].text(text)

    @Slot(int, object)
    def _on_finished(self, request_id: int, result: object) -> None:
        request = self._close(request_id)
        if request is not None:
            if not isinstance(result, ApiResult):  # stopped before it ran
                result = ApiResult(GenerationStats(finish_reason="cancelled"))
            request[1].finished(result)

    @Slot(int, str)
    def _on_failed(self, request_id: int, message: str) -> None:
        request = self._close(request_id)
        if request is not None:
            request[1].failed(message)

    @Slot(int, object)
    def _on_model(self, _request_id: int, info: object) -> None:
        self._model = info  # type: ignore[assignment]

    @Slot()
    def _on_unloaded(self) -> None:
        self._model = None

    def end_all(self, message: str) -> None:
        """The server is stopping: stop every API request in the service, and end each client's
        response now (not when the engine gets to it)."""
        for request_id, (task, sink) in list(self._open.items()):
            task.abort.set()
            self._service.stop(request_id)
            if self._open.pop(request_id, None) is not None:
                sink.failed(message)
        self._ids.clear()
        self.countChanged.emit(self.serving())


class ApiServerControl(QObject):
    """Start, stop and describe the API server; owned by the app, shown by the window."""

    stateChanged = Signal()  # started, stopped, starting, stopping
    servingChanged = Signal(int)
    failed = Signal(str)  # a readable sentence (the port is in use, ...)
    _started = Signal(object, object)  # server, error (from the start thread)
    _stopped = Signal(object)  # server (from the stop thread)

    def __init__(
        self,
        service: InferenceService,
        settings: Settings,
        save_settings: Callable[[Settings], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._save = save_settings or (lambda _s: None)
        self.executor = ServiceExecutor(service, self)
        self.executor.countChanged.connect(self.servingChanged)
        self._server: ApiServer | None = None
        self._starting: ApiServer | None = None
        self._busy: threading.Thread | None = None  # a start or a stop in progress
        self._closed = False
        self._started.connect(self._on_started)
        self._stopped.connect(self._on_stopped)

    # ---- state ----------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._server is not None

    def is_changing(self) -> bool:
        return self._busy is not None

    def phase(self) -> str:
        """ "running", "stopped", "starting" or "stopping"."""
        if self._busy is not None:
            return "starting" if self._starting is not None else "stopping"
        return "running" if self._server is not None else "stopped"

    def serving(self) -> int:
        return self.executor.serving()

    def url(self) -> str:
        if self._server is not None:
            return self._server.url
        api = self._settings.api_server
        return url_for(api.host, api.port)

    def reachable_from_other_machines(self) -> bool:
        return not is_loopback(self._settings.api_server.host)

    # Both may wait on the keyring (an unlock prompt): the dialog calls them on a thread.
    def key(self) -> str:
        server = self._server
        return server.key() if server is not None else server_key()

    def new_key(self) -> str:
        """A fresh key; the old one stops working at once (also for a running server)."""
        key = new_server_key()
        server = self._server
        if server is not None:
            server.reload_key()
        return key

    def wait(self, timeout: float = 10.0) -> None:
        """Wait for a start or stop in progress (tests, shutdown); its signal arrives afterwards."""
        busy = self._busy
        if busy is not None:
            busy.join(timeout)

    # ---- start / stop ---------------------------------------------------------------------------
    def start_if_enabled(self) -> None:
        if self._settings.api_server.enabled:
            self.start(remember=False)

    def start(self, *, remember: bool = True) -> None:
        """Start on a thread (binding, the keyring, uvicorn's start); ``stateChanged`` or ``failed``
        follows. ``remember``: save "start it at launch" in the settings."""
        if self._server is not None or self._busy is not None or self._closed:
            return
        api = self._settings.api_server
        if remember and not api.enabled:
            api.enabled = True
            self._save(self._settings)
        server = ApiServer(
            self.executor,
            host=api.host,
            port=api.port,
            cors_origins=list(api.cors_origins),
            defaults=self._defaults,
        )
        self._starting = server

        def start() -> None:
            try:
                server.start()
            except Exception as exc:  # shown in the window as a sentence
                self._started.emit(server, exc)
            else:
                self._started.emit(server, None)

        self._busy = threading.Thread(target=start, name="desk-assistant-api-start", daemon=True)
        self._busy.start()
        self.stateChanged.emit()

    def stop(self, *, remember: bool = True) -> None:
        """Stop on a thread: the clients' requests end at once, uvicorn within seconds."""
        server = self._server
        if server is None or self._busy is not None:
            return
        if remember and self._settings.api_server.enabled:
            self._settings.api_server.enabled = False
            self._save(self._settings)
        self._server = None
        self.executor.end_all("The API server was stopped in Desk Assistant.")

        def stop() -> None:
            server.stop()
            self._stopped.emit(server)

        self._busy = threading.Thread(target=stop, name="desk-assistant-api-stop", daemon=True)
        self._busy.start()
        self.stateChanged.emit()

    def shutdown(self) -> None:
        """The app is closing: end the server with a bounded wait (the setting is kept)."""
        self._closed = True
        self.wait(SHUTDOWN_WAIT_S)
        servers = [s for s in (self._server, self._starting) if s is not None]
        self._server = self._starting = None
        self._busy = None
        self.executor.end_all("Desk Assistant is closing.")
        for server in servers:
            server.stop(SHUTDOWN_WAIT_S)

    def _defaults(self) -> SamplingParams:
        """The sampling API requests start from: the loaded model's defaults, else the app's (read by
        the server's thread: plain values, replaced whole when the settings change)."""
        model = self.executor.model()
        return sampling_params(None, default_sampling(self._settings, model.path if model else None))

    @Slot(object, object)
    def _on_started(self, server: ApiServer, error: object) -> None:
        if self._closed:
            return  # shutdown() stopped it
        self._busy = None
        self._starting = None
        if error is None:
            self._server = server
            log.info("API server started at %s", server.url)
        else:
            self.failed.emit(readable_error(error, log))  # type: ignore[arg-type]
        self.stateChanged.emit()

    @Slot(object)
    def _on_stopped(self, _server: ApiServer) -> None:
        if self._closed:
            return
        self._busy = None
        self.stateChanged.emit()
