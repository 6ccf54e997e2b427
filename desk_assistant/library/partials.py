"""Partial downloads in the models folder (``<file>.part`` + ``<file>.part.json``), without network code.

Kept apart from download.py so the UI can show "paused at ..." without importing huggingface_hub.
"""

from __future__ import annotations

from pathlib import Path

from desk_assistant.library.catalog import CatalogEntry

PART_SUFFIX = ".part"
STATE_SUFFIX = ".part.json"


def part_path(models_dir: Path, filename: str) -> Path:
    return models_dir / (filename + PART_SUFFIX)


def state_path(models_dir: Path, filename: str) -> Path:
    return models_dir / (filename + STATE_SUFFIX)


def partial_bytes(models_dir: Path, entry: CatalogEntry) -> int:
    """Bytes already downloaded for an entry (finished parts and .part files); 0 when none."""
    total = 0
    for name in entry.files:
        final, part = models_dir / name, part_path(models_dir, name)
        if final.is_file():
            total += final.stat().st_size
        elif part.is_file():
            total += part.stat().st_size
    return total if any(part_path(models_dir, n).is_file() for n in entry.files) else 0


def discard_partial(models_dir: Path, entry: CatalogEntry) -> None:
    for name in entry.files:
        part_path(models_dir, name).unlink(missing_ok=True)
        state_path(models_dir, name).unlink(missing_ok=True)
