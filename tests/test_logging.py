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


def test_secrets_never_reach_a_log(app_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging()
    log = logging.getLogger("desk_assistant.test")
    log.warning("POST %s with Authorization: Bearer %s", "https://api.example/v1", "tok-123456")
    log.warning('backend {"api_key": "sk-abcdefghijklmnop1234"} refused')
    err = capsys.readouterr().err
    assert "tok-123456" not in err and "sk-abcdefghijklmnop1234" not in err
    assert "Bearer ***" in err and '"api_key": "***"' in err
    setup_logging(to_stderr=False)
