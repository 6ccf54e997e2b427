"""The curated catalog: every entry complete and sane; recommendations by RAM."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk_assistant.library.catalog import (
    REQUIRED_FIELDS,
    CatalogError,
    fits_in_ram,
    load_catalog,
    recommend,
)

GB = 1_000_000_000


def test_every_entry_is_complete() -> None:
    entries = load_catalog()
    assert len(entries) >= 8
    raw = json.loads(Path("resources/catalog.json").read_text())["models"]
    for item in raw:
        assert set(REQUIRED_FIELDS) <= set(item), item["id"]
        assert "sha256" not in item  # checksums come from the Hub, never typed by hand
    for e in entries:
        assert e.file.endswith(".gguf") and "/" in e.repo
        assert e.ram_bytes > e.size_bytes > 100_000_000
        assert e.context_length >= 4096
        assert e.quantization in e.file
    assert len({e.id for e in entries}) == len(entries)
    # the families the app promises
    families = {e.family for e in entries}
    assert {"Qwen2.5", "Llama 3.2", "Gemma 3"} <= families


def test_broken_catalogs_are_refused(tmp_path: Path) -> None:
    good = json.loads(Path("resources/catalog.json").read_text())
    path = tmp_path / "catalog.json"
    missing = json.loads(json.dumps(good))
    del missing["models"][2]["license"]
    path.write_text(json.dumps(missing))
    with pytest.raises(CatalogError, match="entry 2 has a missing or bad field license"):
        load_catalog(path)
    dup = json.loads(json.dumps(good))
    dup["models"].append(dup["models"][0])
    path.write_text(json.dumps(dup))
    with pytest.raises(CatalogError, match="more than once"):
        load_catalog(path)
    path.write_text("{not json")
    with pytest.raises(CatalogError, match="cannot be read"):
        load_catalog(path)


@pytest.mark.parametrize(
    ("ram_gb", "expected_first"),
    [(4, "qwen2.5-1.5b-instruct"), (8, "gemma-3-4b-it"), (16, "qwen2.5-7b-instruct")],
)
def test_recommendation_by_ram(ram_gb: int, expected_first: str) -> None:
    best = recommend(ram_gb * GB)
    assert best[0].id == expected_first
    assert all(fits_in_ram(e.ram_bytes, ram_gb * GB) for e in best)


def test_nothing_fits_a_tiny_machine() -> None:
    assert recommend(1 * GB) == []
    assert recommend(3 * GB, good_for="write") == []
    assert [e.id for e in recommend(3 * GB)] == ["qwen2.5-0.5b-instruct"]
