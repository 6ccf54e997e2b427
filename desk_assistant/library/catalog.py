"""The curated model catalog (resources/catalog.json) and recommendations by the machine's memory.

The catalog names a Hugging Face repo and file per model and an approximate size; it never carries a
checksum: the expected sha256 is read from the Hub's LFS metadata when the file is downloaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from desk_assistant.core import paths
from desk_assistant.core.errors import DeskAssistantError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.library.gguf_header import split_part_paths

GOOD_FOR = ("chat", "translate", "write")
REQUIRED_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "name": str,
    "family": str,
    "parameters": str,
    "quantization": str,
    "repo": str,
    "file": str,
    "revision": str,
    "size_bytes": int,
    "ram_bytes": int,
    "context_length": int,
    "license": str,
    "good_for": list,
    "languages": list,
    "description": str,
}
# Leave memory to the OS, the browser and the app: a quarter of RAM, at least 1.5 GB.
RAM_RESERVE_MIN_BYTES = 1_500_000_000
RAM_RESERVE_FRACTION = 0.25


class CatalogError(DeskAssistantError):
    """The catalog file is missing or malformed (a packaging bug, not a user error)."""


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    name: str
    family: str
    parameters: str
    quantization: str
    repo: str
    file: str
    revision: str
    size_bytes: int
    ram_bytes: int
    context_length: int
    license: str
    good_for: tuple[str, ...]
    languages: tuple[str, ...]
    description: str
    descriptions: tuple[tuple[str, str], ...] = ()  # (UI language, description): "zh_CN", …

    def description_in(self, ui_language: str) -> str:
        """The description in a UI language ("zh_CN"), English when the catalog has none in it."""
        return dict(self.descriptions).get(ui_language, self.description)

    @property
    def files(self) -> tuple[str, ...]:
        """Every file to download: all parts when ``file`` is part 1 of a split model."""
        return tuple(p.name for p in split_part_paths(Path(self.file)))

    def matches(self, text: str) -> bool:
        text = text.strip().lower()
        haystack = " ".join(
            (self.id, self.name, self.family, self.parameters, self.description, " ".join(self.good_for))
        ).lower()
        return all(word in haystack for word in text.split())


def catalog_path() -> Path:
    return paths.resources_dir() / "catalog.json"


def _entry(raw: Any, index: int) -> CatalogEntry:
    if not isinstance(raw, dict):
        raise CatalogError(
            QT_TRANSLATE_NOOP("errors", "Catalog entry {index} is not an object."), index=index
        )
    for name, kind in REQUIRED_FIELDS.items():
        value = raw.get(name)
        if not isinstance(value, kind) or isinstance(value, bool) or value in ("", []):
            raise CatalogError(
                QT_TRANSLATE_NOOP("errors", "Catalog entry {index} has a missing or bad field {field}."),
                index=index,
                field=name,
            )
    if not raw["file"].lower().endswith(".gguf") or raw["repo"].count("/") != 1:
        raise CatalogError(
            QT_TRANSLATE_NOOP("errors", "Catalog entry {index} does not name a GGUF file in a repo."),
            index=index,
        )
    unknown = set(raw["good_for"]) - set(GOOD_FOR)
    if unknown:
        raise CatalogError(
            QT_TRANSLATE_NOOP("errors", "Catalog entry {index} has an unknown use {use}."),
            index=index,
            use=", ".join(sorted(unknown)),
        )
    values = {name: raw[name] for name in REQUIRED_FIELDS}
    values["good_for"] = tuple(raw["good_for"])
    values["languages"] = tuple(raw["languages"])
    descriptions = raw.get("descriptions") or {}
    if not isinstance(descriptions, dict) or not all(isinstance(v, str) and v for v in descriptions.values()):
        raise CatalogError(
            QT_TRANSLATE_NOOP("errors", "Catalog entry {index} has a missing or bad field {field}."),
            index=index,
            field="descriptions",
        )
    return CatalogEntry(**values, descriptions=tuple(sorted(descriptions.items())))


def load_catalog(path: Path | None = None) -> list[CatalogEntry]:
    """All catalog entries, validated; raises ``CatalogError`` for a broken catalog file."""
    path = path or catalog_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogError(
            QT_TRANSLATE_NOOP("errors", "The model catalog {path} cannot be read."),
            path=str(path),
            detail=str(exc),
        ) from exc
    models = data.get("models") if isinstance(data, dict) else None
    if not isinstance(models, list):
        raise CatalogError(
            QT_TRANSLATE_NOOP("errors", "The model catalog {path} has no model list."), path=str(path)
        )
    entries = [_entry(raw, i) for i, raw in enumerate(models)]
    ids = [e.id for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogError(
            QT_TRANSLATE_NOOP("errors", "The model catalog lists {ids} more than once."),
            ids=", ".join(duplicates),
        )
    return entries


def find_entry(model_id: str, entries: list[CatalogEntry] | None = None) -> CatalogEntry:
    entries = load_catalog() if entries is None else entries
    for entry in entries:
        if entry.id == model_id:
            return entry
    raise CatalogError(
        QT_TRANSLATE_NOOP(
            "errors", "There is no model {id} in the catalog; see: desk-assistant models catalog"
        ),
        id=model_id,
    )


def total_ram_bytes() -> int:
    return int(psutil.virtual_memory().total)


def fits_in_ram(ram_needed: int, total_ram: int | None = None) -> bool:
    """Whether a model needing ``ram_needed`` bytes leaves the OS and the app room on this machine."""
    total = total_ram_bytes() if total_ram is None else total_ram
    reserve = max(RAM_RESERVE_MIN_BYTES, int(total * RAM_RESERVE_FRACTION))
    return ram_needed + reserve <= total


def recommend(
    total_ram: int | None = None, *, good_for: str | None = None, entries: list[CatalogEntry] | None = None
) -> list[CatalogEntry]:
    """Entries that fit this machine's memory, best first (largest that fits, then smaller).

    The first-run screen shows the first one as *the* recommendation.
    """
    entries = load_catalog() if entries is None else entries
    total = total_ram_bytes() if total_ram is None else total_ram
    fitting = [
        e for e in entries if fits_in_ram(e.ram_bytes, total) and (good_for is None or good_for in e.good_for)
    ]
    # An all-round model (chat, translate, write) first; among those the biggest that fits.
    return sorted(fitting, key=lambda e: (len(e.good_for), e.ram_bytes), reverse=True)
