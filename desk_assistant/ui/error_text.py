"""Turn any exception into one readable, translated sentence for the window (details go to the log)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from desk_assistant.core.errors import DeskAssistantError
from desk_assistant.core.i18n import LocalText
from desk_assistant.library.units import ByteSize
from desk_assistant.ui.locale_format import data_size


def _shown(value: object) -> object:
    """An error argument as the window shows it: in the UI language, sizes in its units."""
    if isinstance(value, LocalText):
        return QCoreApplication.translate(value.context, str(value))
    if isinstance(value, ByteSize):
        return data_size(value)
    return value


def readable_error(exc: BaseException, log: logging.Logger | None = None) -> str:
    """The sentence a user sees; the traceback and ``detail`` are logged, never shown."""
    log = log or logging.getLogger("desk_assistant.ui")
    if isinstance(exc, DeskAssistantError):
        log.warning("%s (%s)", exc.message, exc.detail or type(exc).__name__, exc_info=exc)
        template = QCoreApplication.translate("errors", exc.template)
        args = {key: _shown(value) for key, value in exc.args_map.items()}
        try:
            return template.format(**args)
        except (KeyError, IndexError, ValueError):
            return exc.message
    log.error("unexpected error", exc_info=exc)
    if isinstance(exc, OSError) and exc.strerror and exc.filename:  # the system's reason, and where
        return QCoreApplication.translate("errors", "A file could not be used: {reason} ({path}).").format(
            reason=exc.strerror, path=exc.filename
        )
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
    return QCoreApplication.translate(
        "errors", "Something went wrong: {reason}. The details are in the log file."
    ).format(reason=reason)
