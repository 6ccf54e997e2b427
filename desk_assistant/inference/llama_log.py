"""Route llama.cpp's own log lines to Python logging instead of the console.

llama.cpp prints hundreds of lines per model load. They go to the ``desk_assistant.llama`` logger (the
log file) at DEBUG, warnings and errors at their level; the recent error lines are kept so a failed load
can say why ("unknown model architecture", "failed to allocate buffer").
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections import deque

log = logging.getLogger("desk_assistant.llama")

# ggml_log_level in this llama.cpp: NONE 0, DEBUG 1, INFO 2, WARN 3, ERROR 4, CONT 5 (continuation).
# (llama-cpp-python's own table predates that numbering, which is why it prints info lines as errors.)
# llama.cpp's INFO is load chatter: DEBUG here.
_LEVELS = {0: logging.DEBUG, 1: logging.DEBUG, 2: logging.DEBUG, 3: logging.WARNING, 4: logging.ERROR}
_recent: deque[str] = deque(maxlen=20)
_lock = threading.Lock()
_installed: object | None = None  # the ctypes callback: a reference must live as long as llama.cpp uses it
_last_level = logging.DEBUG
# Set while a decode is being aborted on purpose (Stop pressed): llama.cpp then reports the abort as
# errors ("failed to decode, ret = 2"), which are expected and logged at DEBUG instead.
aborting = False


def _on_log(level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
    global _last_level
    py_level = _last_level if level == 5 else _LEVELS.get(level, logging.DEBUG)  # 5: continuation
    _last_level = py_level
    line = text.decode("utf-8", "replace").rstrip()
    if not line:
        return
    if aborting and py_level > logging.DEBUG:
        py_level = logging.DEBUG
    if py_level >= logging.WARNING:
        with _lock:
            _recent.append(line)
    log.log(py_level, "%s", line)


def install() -> None:
    """Install once per process (llama.cpp keeps one global log callback)."""
    global _installed
    if _installed is not None:
        return
    import llama_cpp
    import llama_cpp.llama

    callback = llama_cpp.llama_log_callback(_on_log)
    llama_cpp.llama_log_set(callback, ctypes.c_void_p(0))
    _installed = callback


def recent_errors() -> list[str]:
    with _lock:
        return list(_recent)


def clear_recent() -> None:
    with _lock:
        _recent.clear()
