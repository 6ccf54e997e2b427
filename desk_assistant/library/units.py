"""Sizes as people read them (decimal units, like file managers and the Hub)."""

from __future__ import annotations


def format_bytes(n: float) -> str:
    """1234 -> "1 KB", 1_500_000 -> "1.5 MB", 4_680_000_000 -> "4.7 GB"."""
    for unit in ("B", "KB", "MB"):
        if abs(n) < 1000:
            return f"{n:.0f} {unit}" if unit != "MB" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


class ByteSize(int):
    """A size in an error's arguments: ``format_bytes`` text below the UI (the CLI, logs); the window
    writes it the way its language does (``ui.error_text``)."""

    def __str__(self) -> str:
        return format_bytes(self)

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else super().__format__(spec)
