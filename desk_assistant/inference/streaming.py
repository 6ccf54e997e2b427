"""Turning generated token bytes into text pieces safely and cheaply.

Tokens carry bytes, not characters: one Chinese character is often split over two or three byte tokens,
so bytes go through an incremental UTF-8 decoder that keeps an unfinished character for the next token.
Stop strings ("<end_of_turn>" written as plain text) are found without re-scanning the whole answer:
only a short tail that could still grow into a stop string is held back.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence


class TextAssembler:
    def __init__(self, stop_strings: Sequence[str] = ()) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._stops = [s for s in stop_strings if s]
        self._pending = ""
        self.stopped = False

    def feed(self, data: bytes) -> str:
        """Text that is safe to show now (possibly empty)."""
        # a NUL byte token is no text (and the store would drop it: core/text.py)
        text = self._pending + self._decoder.decode(data).replace("\x00", "")
        if not self._stops or not text:
            return text
        cut = min((i for i in (text.find(s) for s in self._stops) if i >= 0), default=-1)
        if cut >= 0:
            self.stopped = True
            self._pending = ""
            return text[:cut]
        hold = 0
        for stop in self._stops:
            for k in range(min(len(stop) - 1, len(text)), hold, -1):
                if text.endswith(stop[:k]):
                    hold = k
                    break
        if hold:
            self._pending = text[-hold:]
            return text[:-hold]
        self._pending = ""
        return text

    def flush(self) -> str:
        """What is left at the end: a held-back tail that never became a stop string.

        The bytes of a character the model never finished (Stop or the length limit came between
        its tokens) are dropped: they are no text, and a trailing "\ufffd" would be shown and stored."""
        self._decoder.reset()
        if self.stopped:
            return ""
        text, self._pending = self._pending, ""
        return text
