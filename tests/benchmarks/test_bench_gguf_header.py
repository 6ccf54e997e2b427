"""Header reading speed on the real Gemma 3 270M (262,144-token vocabulary): ours vs gguf-py's reader."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench


def _best_of(n: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def test_header_read_speed(gemma_model_path: Path) -> None:
    gguf = pytest.importorskip("gguf")
    GEMMA = gemma_model_path
    from desk_assistant.library.gguf_header import read_header

    ours = _best_of(5, lambda: read_header(GEMMA))
    theirs = _best_of(1, lambda: gguf.GGUFReader(GEMMA))
    print()
    print("| GGUF header, Gemma 3 270M (262k vocab) | seconds |")
    print("| --- | --- |")
    print(f"| desk_assistant read_header (best of 5) | {ours:.3f} |")
    print(f"| gguf-py GGUFReader | {theirs:.3f} |")
    print(f"| ratio (gguf-py / ours) | {theirs / ours:.0f}x |")
