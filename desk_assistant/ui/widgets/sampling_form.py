"""One editor for sampling parameters, used by the app settings, the per-model settings and the
per-conversation settings, so the three show the same fields with the same ranges and labels."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QGroupBox, QSpinBox, QWidget

from desk_assistant.core.settings import SamplingSettings

RANDOM_SEED = -1  # the seed box's lowest value: a fresh seed for every answer


class SamplingForm(QGroupBox):
    def __init__(self, title: str, sampling: Any, parent: QWidget | None = None) -> None:
        """``sampling``: anything with SamplingSettings' fields (SamplingSettings, SamplingParams)."""
        super().__init__(title, parent)
        self.temperature = _double(0.0, 2.0, 0.05, sampling.temperature)
        self.top_p = _double(0.0, 1.0, 0.01, sampling.top_p)
        self.top_k = _int(0, 1000, sampling.top_k)
        self.min_p = _double(0.0, 1.0, 0.01, sampling.min_p)
        self.repeat_penalty = _double(0.5, 2.0, 0.05, sampling.repeat_penalty)
        self.max_tokens = _int(16, 32768, sampling.max_tokens)
        self.max_tokens.setSingleStep(128)
        self.seed = _int(RANDOM_SEED, 2**31 - 1, RANDOM_SEED if sampling.seed is None else sampling.seed)
        self.seed.setSpecialValueText(self.tr("random each time"))

        form = QFormLayout(self)
        form.addRow(self.tr("Temperature"), self.temperature)
        form.addRow(self.tr("Top-p"), self.top_p)
        form.addRow(self.tr("Top-k"), self.top_k)
        form.addRow(self.tr("Min-p"), self.min_p)
        form.addRow(self.tr("Repeat penalty"), self.repeat_penalty)
        form.addRow(self.tr("Longest answer (tokens)"), self.max_tokens)
        form.addRow(self.tr("Seed"), self.seed)

    def value(self) -> SamplingSettings:
        seed = self.seed.value()
        return SamplingSettings(
            temperature=round(self.temperature.value(), 2),
            top_p=round(self.top_p.value(), 2),
            top_k=self.top_k.value(),
            min_p=round(self.min_p.value(), 2),
            repeat_penalty=round(self.repeat_penalty.value(), 2),
            max_tokens=self.max_tokens.value(),
            seed=None if seed == RANDOM_SEED else seed,
        )

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self.value())


def _double(low: float, high: float, step: float, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(2)
    box.setValue(value)
    return box


def _int(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box
