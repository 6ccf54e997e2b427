"""A work pane over the real InferenceService, the real llama.cpp engine and a real SQLite store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk_assistant.core.settings import Settings
from desk_assistant.inference.types import LoadOptions
from desk_assistant.storage.store import ConversationStore
from desk_assistant.ui.inference_service import InferenceService


@dataclass
class WorkRig:
    pane: Any
    service: InferenceService
    store: ConversationStore
    errors: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.pane.close()
        self.service.shutdown()
        self.store.close()


def make_work_rig(
    qtbot: Any,
    pane_class: type,
    model: Path | None,
    context_size: int = 1024,
    settings: Settings | None = None,
    threads: int | None = None,
) -> WorkRig:
    """``pane_class(service, store, settings)`` with ``model`` loaded (None: no model).

    The tiny model runs best on one thread: its layers are too small to share, and on a loaded
    machine llama.cpp's waiting threads make it many times slower."""
    if threads is None and model is not None and "tiny" in model.name:
        threads = 1
    from desk_assistant.inference.llama_engine import LlamaCppEngine

    store = ConversationStore()
    service = InferenceService(lambda: LlamaCppEngine(state_budget_bytes=0))
    if model is not None:
        with qtbot.waitSignal(service.modelLoaded, timeout=60000):
            service.load_model(
                str(model), LoadOptions(context_size=context_size, gpu_layers=0, threads=threads)
            )
    pane = pane_class(service, store, settings or Settings())
    qtbot.addWidget(pane)
    pane.resize(1100, 700)
    pane.show()
    rig = WorkRig(pane, service, store)
    pane.errorRaised.connect(rig.errors.append)
    return rig
