"""Status bar: decode speed, time to first token and context used (fed by the chat pane's signals)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desk_assistant.inference.types import GenerationStats
from desk_assistant.ui.locale_format import decimal, number, percent


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.speed = QLabel()
        self.first_token = QLabel()
        self.context = QLabel()
        for label in (self.speed, self.first_token, self.context):
            label.setContentsMargins(8, 0, 8, 0)
            self.addPermanentWidget(label)
        self.show_stats(None)
        self.show_context(0, 0)

    def show_stats(self, stats: GenerationStats | None) -> None:
        if stats is None or stats.completion_tokens == 0:
            self.speed.setText(self.tr("— tokens/s"))
            self.first_token.setText(self.tr("first token —"))
            return
        self.speed.setText(self.tr("%1 tokens/s").replace("%1", decimal(stats.tokens_per_second)))
        ttft_ms = stats.time_to_first_token * 1000
        self.first_token.setText(self.tr("first token %1 ms").replace("%1", number(round(ttft_ms))))

    def show_context(self, used: int, size: int, *, estimated: bool = False) -> None:
        """``estimated``: the engine only estimates token counts (a remote server): shown as "≈"."""
        if size <= 0:
            self.context.setText(self.tr("context —"))
            return
        shown = number(used)
        if estimated:
            shown = self.tr("≈%1", "an estimated token count").replace("%1", shown)
        self.context.setText(
            self.tr("context %1 / %2 (%3)")
            .replace("%1", shown)
            .replace("%2", number(size))
            .replace("%3", percent(used / size))
        )
