"""Helpers for the chat pane tests: a pane over a real InferenceService and a real SQLite store."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPoint, Qt

from desk_assistant.core.settings import Settings
from desk_assistant.inference.types import ChatMessage, GenerationStats, SamplingParams
from desk_assistant.storage.store import ConversationStore
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.panes.chat_pane import ChatPane
from tests.ui.scripted_engine import ScriptedEngine


class RecordingEngine(ScriptedEngine):
    """ScriptedEngine that remembers every request (messages, sampling, session key)."""

    def __init__(self, *args: Any, trimmed: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requests: list[tuple[list[ChatMessage], SamplingParams | None, str | None]] = []
        self.trimmed = trimmed

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        sampling: SamplingParams | None = None,
        cancel: threading.Event | None = None,
        session_key: str | None = None,
    ) -> Iterator[str | GenerationStats]:
        self.requests.append((list(messages), sampling, session_key))
        for item in super().stream_chat(messages, sampling, cancel, session_key):
            if isinstance(item, GenerationStats):
                item.prompt_tokens = sum(len(m.content) for m in messages)
                item.trimmed = self.trimmed
            yield item


@dataclass
class PaneRig:
    pane: ChatPane
    service: InferenceService
    store: ConversationStore
    engine: Any
    errors: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.pane.close()
        self.service.shutdown()
        self.store.close()


def make_rig(
    qtbot: Any, engine: Any, settings: Settings | None = None, load: str | None = "m.gguf"
) -> PaneRig:
    store = ConversationStore()
    service = InferenceService(lambda: engine)
    pane = ChatPane(service, store, settings or Settings())
    qtbot.addWidget(pane)
    pane.resize(800, 700)
    pane.show()
    rig = PaneRig(pane, service, store, engine)
    pane.errorRaised.connect(rig.errors.append)
    if load:
        with qtbot.waitSignal(service.modelLoaded, timeout=30_000):
            service.load_model(load)
    return rig


def send(qtbot: Any, rig: PaneRig, text: str, timeout: int = 10_000) -> None:
    """Type ``text`` and press Enter, then wait for the answer to end."""
    rig.pane.input.set_text(text)
    qtbot.keyClick(rig.pane.input.edit, Qt.Key.Key_Return)
    wait_idle(qtbot, rig, timeout)


def wait_idle(qtbot: Any, rig: PaneRig, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: not rig.pane.is_generating(), timeout=timeout)


def click_anchor(qtbot: Any, rig: PaneRig, row: int, anchor: str) -> None:
    """Click the link ``anchor`` in row ``row`` with the mouse, as a user would."""
    view = rig.pane.view
    view.scrollTo(view.model().index(row, 0))
    qtbot.waitUntil(lambda: view.anchor_rect_center(row, anchor) is not None, timeout=2000)
    pos: QPoint = view.anchor_rect_center(row, anchor)  # type: ignore[assignment]
    assert (
        view.delegate().anchor_at(
            view.model().index(row, 0), view.visualRect(view.model().index(row, 0)).topLeft(), pos
        )
        == anchor
    )
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
