"""Guards against a broken Qt binding: PySide6 6.12.0 on Python 3.11 drops one reference to ``True`` on
every ``Signal.emit`` and the process aborts ("bool_dealloc") after a few hundred signals."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    text = Signal(int, str)


def test_signal_emit_keeps_reference_counts(qapp) -> None:
    emitter = _Emitter()
    received: list[str] = []
    emitter.text.connect(lambda _i, t: received.append(t))
    before = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    for _ in range(50):
        emitter.text.emit(1, "x")
    after = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    assert len(received) == 50
    assert after[0] >= before[0] - 5, f"PySide6 leaks references to True per emit: {before} -> {after}"
    assert after[1] >= before[1] - 5
