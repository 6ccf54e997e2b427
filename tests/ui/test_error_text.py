"""The one sentence a user sees for an error (ui/error_text.py): the app's own errors by their template,
a system error by the system's reason and the file, anything else by its kind; never a traceback."""

from __future__ import annotations

import logging

import pytest

from desk_assistant.core.errors import StorageError
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.i18n import install_translators


@pytest.fixture(autouse=True)
def english(qapp):
    install_translators("en")
    yield
    install_translators("en")


def test_a_system_error_names_its_reason_and_its_file(caplog) -> None:
    folder = "/home/ann/.local/share/desk-assistant"
    error = PermissionError(13, "Permission denied", folder)
    with caplog.at_level(logging.ERROR):
        text = readable_error(error)
    assert text == f"A file could not be used: Permission denied ({folder})."
    assert "PermissionError: [Errno 13]" in caplog.text  # the details go to the log
    install_translators("zh_CN")
    assert readable_error(error) == f"无法使用文件：Permission denied（{folder}）。"


def test_a_system_error_without_a_file_gives_its_reason() -> None:
    assert readable_error(ConnectionRefusedError(111, "Connection refused")) == (
        "Something went wrong: Connection refused. The details are in the log file."
    )


def test_anything_else_gives_its_kind_only() -> None:
    assert readable_error(ValueError("secret detail sk-123")) == (
        "Something went wrong: ValueError. The details are in the log file."
    )


def test_the_apps_own_errors_use_their_sentence() -> None:
    assert readable_error(StorageError("The database is locked.")) == "The database is locked."
