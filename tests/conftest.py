"""Shared fixtures: every test runs with its own app home folder (data, config, cache, logs)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point DESK_ASSISTANT_HOME at a fresh folder so no test touches the user's real files."""
    home = tmp_path / "home"
    monkeypatch.setenv("DESK_ASSISTANT_HOME", str(home))
    return home
