"""The layer contract of DESIGN.md §1: only desk_assistant/ui imports Qt; imports flow one way."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "desk_assistant"
# layer -> layers it must not import
# inference may read GGUF headers through library; library never imports inference.
FORBIDDEN = {
    "core": {"storage", "inference", "library", "tasks", "ui", "cli", "api"},
    "storage": {"inference", "library", "tasks", "ui", "cli", "api"},
    "inference": {"storage", "tasks", "ui", "cli", "api"},
    "library": {"storage", "inference", "tasks", "ui", "cli", "api"},
    "tasks": {"ui", "cli", "api"},
    # the API server: over tasks/inference/storage/core, under ui and cli (which start it)
    "api": {"ui", "cli"},
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_only_ui_imports_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts:
            continue
        for name in _imports(path):
            if name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}:
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not offenders, offenders


def test_imports_flow_one_way() -> None:
    offenders = []
    for layer, forbidden in FORBIDDEN.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "desk_assistant" and len(parts) > 1 and parts[1] in forbidden:
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not offenders, offenders
