"""Where the app finds resources/: the repository's when run from source, the bundle's when frozen by
PyInstaller (packaging/desk-assistant.spec puts it in sys._MEIPASS), DESK_ASSISTANT_RESOURCES over both.
The frozen app itself is exercised by packaging/smoke_test.py (make dist-smoke)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desk_assistant.core import paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.RESOURCES_ENV, raising=False)


@pytest.mark.usefixtures("no_override")
def test_from_source_it_is_the_repositorys() -> None:
    assert paths.resources_dir() == ROOT / "resources"
    assert (paths.resources_dir() / "catalog.json").is_file()


@pytest.mark.usefixtures("no_override")
def test_frozen_it_is_the_bundles(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"


@pytest.mark.usefixtures("no_override")
def test_meipass_without_frozen_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == ROOT / "resources"


def test_the_environment_variable_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    monkeypatch.setenv(paths.RESOURCES_ENV, str(tmp_path / "mine"))
    assert paths.resources_dir() == tmp_path / "mine"
