"""Fixtures shared by the task CLI tests (summarize, translate, draft)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_assistant.core.settings import ModelSettings, Settings, save_settings


@pytest.fixture
def fresh_logging() -> Iterator[None]:
    """``main`` sets logging up once per process (one CLI run); these tests run it many times, each with
    its own captured stderr, so each gets a fresh setup."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    root.__dict__.pop("_desk_assistant_configured", None)


@pytest.fixture
def tiny(tiny_model: Path, app_home: Path) -> str:
    """The tiny model, set to one thread (the test machine is shared) and its full 2048-token context."""
    settings = Settings()
    settings.models[str(tiny_model)] = ModelSettings(context_size=2048, threads=1)
    save_settings(settings)
    return str(tiny_model)
