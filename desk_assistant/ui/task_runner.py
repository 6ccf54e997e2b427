"""A pane's handle on the inference service: one task of its own at a time, its signals only.

The service is shared by every pane and emits for every request; a ``TaskRunner`` keeps the id of the
task its pane submitted and passes on only that task's text, progress, events and end. Stop goes
straight to the service (it sets the task's Event now); the runner stays busy until the task's end
arrives (milliseconds later), because a stopped task still returns what it kept. Submitting while a
task runs is refused, unless ``replace`` is set: then the old task is stopped and its end ignored (a
new token count replaces an old one).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from desk_assistant.tasks.runtime import Task
from desk_assistant.ui.inference_service import InferenceService


class TaskRunner(QObject):
    started = Signal()
    text = Signal(str, object)  # text, key (see tasks.runtime.TaskContext.text)
    progress = Signal(object)  # tasks.runtime.Progress
    event = Signal(object)
    finished = Signal(object)  # the task's result
    failed = Signal(str)  # one readable sentence
    runningChanged = Signal(bool)

    def __init__(self, service: InferenceService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._request: int | None = None
        service.started.connect(self._on_started)
        service.textReady.connect(self._on_text)
        service.progress.connect(self._on_progress)
        service.event.connect(self._on_event)
        service.finished.connect(self._on_finished)
        service.failed.connect(self._on_failed)

    def is_running(self) -> bool:
        return self._request is not None

    def run(self, task: Task, *, replace: bool = False) -> bool:
        """Queue ``task``; False when one is already running and ``replace`` is not set.

        Raises what ``submit_task`` raises (a service that was shut down)."""
        old = self._request
        if old is not None:
            if not replace:
                return False
            self._request = None  # the old task's end is not this runner's news any more
            self._service.stop(old)
        self._request = self._service.submit_task(task)
        if old is None:
            self.runningChanged.emit(True)
        return True

    def stop(self) -> None:
        """Stop the task now; its end (``finished`` with what it kept, or ``failed``) still comes."""
        if self._request is not None:
            self._service.stop(self._request)

    def _mine(self, request_id: int) -> bool:
        return request_id == self._request

    @Slot(int)
    def _on_started(self, request_id: int) -> None:
        if self._mine(request_id):
            self.started.emit()

    @Slot(int, str, object)
    def _on_text(self, request_id: int, text: str, key: object) -> None:
        if self._mine(request_id):
            self.text.emit(text, key)

    @Slot(int, object)
    def _on_progress(self, request_id: int, progress: object) -> None:
        if self._mine(request_id):
            self.progress.emit(progress)

    @Slot(int, object)
    def _on_event(self, request_id: int, event: object) -> None:
        if self._mine(request_id):
            self.event.emit(event)

    @Slot(int, object)
    def _on_finished(self, request_id: int, result: object) -> None:
        if self._mine(request_id):
            self._request = None
            self.runningChanged.emit(False)
            self.finished.emit(result)

    @Slot(int, str)
    def _on_failed(self, request_id: int, message: str) -> None:
        if self._mine(request_id):
            self._request = None
            self.runningChanged.emit(False)
            self.failed.emit(message)
