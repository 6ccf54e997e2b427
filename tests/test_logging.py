"""Warnings reach the terminal as one line; their tracebacks only the log file."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from desk_assistant.core.logging_setup import setup_logging


def test_a_warning_with_a_traceback_is_one_line_on_stderr(
    app_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging()
    try:
        raise ValueError("inner\ndetail")
    except ValueError as exc:
        logging.getLogger("desk_assistant.test").warning("Loading x.gguf was cancelled.", exc_info=exc)
    err = capsys.readouterr().err
    assert err == "WARNING desk_assistant.test: Loading x.gguf was cancelled.\n"
    setup_logging(to_stderr=False)
