"""Turn any exception into one readable, translated sentence for the window (details go to the log)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from desk_assistant.core.errors import DeskAssistantError
from desk_assistant.core.i18n import LocalText


def readable_error(exc: BaseException, log: logging.Logger | None = None) -> str:
    """The sentence a user sees; the traceback and ``detail`` are logged, never shown."""
    log = log or logging.getLogger("desk_assistant.ui")
    if isinstance(exc, DeskAssistantError):
        log.warning("%s (%s)", exc.message, exc.detail or type(exc).__name__, exc_info=exc)
        template = QCoreApplication.translate("errors", exc.template)
        args = {
            key: QCoreApplication.translate(value.context, str(value))
            if isinstance(value, LocalText)
            else value
            for key, value in exc.args_map.items()
        }
        try:
            return template.format(**args)
        except (KeyError, IndexError, ValueError):
            return exc.message
    log.error("unexpected error", exc_info=exc)
    return QCoreApplication.translate(
        "errors", "Something went wrong: {reason}. The details are in the log file."
    ).format(reason=type(exc).__name__)
