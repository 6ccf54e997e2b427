"""Logging to a rotating file in the log dir (and stderr for warnings), one named logger per subsystem."""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import logging.handlers
import os
import re
import sys
from pathlib import Path
from typing import Any

from desk_assistant.core import paths

_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
CRASH_LOG = "crash.log"  # faulthandler's output while the app runs (empty after a clean exit)
PREVIOUS_CRASH_LOG = "crash-previous.log"  # what the last run left there, until the window offers it

# Secrets never reach a log file: an API key or a bearer token becomes "***".
_SECRETS = re.compile(
    r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?bearer\s+|api[_-]?key[\"']?\s*[:=]\s*[\"']?|[?&]key=)"
    r"[^\s\"'&,;]+"
    r"|\bsk-[A-Za-z0-9_-]{12,}|\bhf_[A-Za-z0-9]{12,}"
)


def redact(text: str) -> str:
    return _SECRETS.sub(lambda m: (m.group(1) or "") + "***", text)


class _RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


_fault_file = None


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record comes (a redirection or a test's capture
    may have replaced the one there was at set-up)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


class _OneLineFormatter(logging.Formatter):
    """A record as one line: the traceback goes to the log file, never to the user's terminal."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{record.levelname} {record.name}: {record.getMessage()}"
        return line.replace("\n", " ")


_stderr_handler: logging.Handler | None = None


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file (the first and every one after a rotation) readable by this user only."""

    def _open(self) -> Any:
        stream = super()._open()
        paths.make_private(Path(self.baseFilename))
        return stream


def setup_logging(level: int = logging.INFO, *, to_stderr: bool = True) -> Path | None:
    """Configure the root logger: the log file once per process; the level and whether warnings also
    go to stderr as this call says (a later call, e.g. the next CLI command in a test, may differ).
    Returns the log file, or None when the log folder cannot be made (then stderr only)."""
    global _stderr_handler
    try:
        log_file: Path | None = paths.log_dir() / "desk-assistant.log"
    except OSError as exc:  # a file in the folder's place, a read-only disk: keep running
        print(f"desk-assistant: cannot use the log folder: {exc}", file=sys.stderr)
        log_file = None
    root = logging.getLogger()
    root.setLevel(level)
    if _stderr_handler is not None and not to_stderr:
        root.removeHandler(_stderr_handler)
        _stderr_handler = None
    elif _stderr_handler is None and to_stderr:
        _stderr_handler = _CurrentStderr()
        _stderr_handler.setLevel(logging.WARNING)
        _stderr_handler.setFormatter(_OneLineFormatter())
        _stderr_handler.addFilter(_RedactSecrets())
        root.addHandler(_stderr_handler)
    if getattr(root, "_desk_assistant_configured", False):
        return log_file
    if log_file is None:
        return None
    try:
        handler: logging.Handler = _PrivateRotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(_RedactSecrets())
        root.addHandler(handler)
    except OSError as exc:  # read-only or full log dir: keep running, log to stderr only
        print(f"desk-assistant: cannot write log file {log_file}: {exc}", file=sys.stderr)
    _enable_crash_log()
    root._desk_assistant_configured = True  # type: ignore[attr-defined]
    return log_file


def close_log_files() -> None:
    """Close the log file and the crash log ("Delete all my data" is about to remove the log folder);
    later records go to stderr only, until ``setup_logging`` opens a log file again."""
    global _fault_file
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.FileHandler):
            root.removeHandler(handler)
            handler.close()
    if _fault_file is not None:
        faulthandler.disable()
        with contextlib.suppress(AttributeError, OSError, ValueError):  # no real stderr (windowed app)
            faulthandler.enable(sys.__stderr__)
        _fault_file.close()
        _fault_file = None
    root._desk_assistant_configured = False  # type: ignore[attr-defined]


def _enable_crash_log() -> None:
    """faulthandler writes a native crash's stack into crash.log (kept open for the process). What
    the last run left there is kept as crash-previous.log for the window to offer."""
    global _fault_file
    try:
        crash_log = paths.log_dir() / CRASH_LOG
        if crash_log.exists() and crash_log.stat().st_size > 0:
            os.replace(crash_log, paths.log_dir() / PREVIOUS_CRASH_LOG)
        _fault_file = open(crash_log, "w", encoding="utf-8")  # noqa: SIM115
        paths.make_private(crash_log)
        faulthandler.enable(_fault_file)
    except OSError:
        faulthandler.enable()
