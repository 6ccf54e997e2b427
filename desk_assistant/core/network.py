"""The offline switch: one process-wide answer to "may the app open a connection now?".

The app never connects on its own (no telemetry, update checks or fetched assets). Only three things
the user asks for do: a model download, a configured remote backend, and the app's own API server
(which listens, on 127.0.0.1 by default). With ``Settings.offline`` on, the first two refuse with a
sentence (``ensure_online``) and huggingface_hub is put in its own offline mode too.

The window and the CLI call ``apply_settings`` at start and whenever the setting changes.
"""

from __future__ import annotations

import os
import threading

from desk_assistant.core.errors import OfflineError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP

_lock = threading.Lock()
_offline = False


def set_offline(offline: bool) -> None:
    global _offline
    with _lock:
        _offline = offline
    # huggingface_hub reads HF_HUB_OFFLINE when it is imported; set it for a later import, and the
    # library/download code checks ``is_offline`` itself before every call.
    if offline:
        os.environ["HF_HUB_OFFLINE"] = "1"
    else:
        os.environ.pop("HF_HUB_OFFLINE", None)


def is_offline() -> bool:
    with _lock:
        return _offline


def ensure_online() -> None:
    """Raise ``OfflineError`` (one readable sentence) when the user switched the app offline."""
    if is_offline():
        raise OfflineError(
            QT_TRANSLATE_NOOP(
                "errors",
                "Desk Assistant is set to work offline. Turn off “Work offline” to allow this connection.",
            )
        )


def apply_settings(settings: object) -> None:
    """Follow ``Settings.offline`` (duck-typed: core.settings imports nothing from here)."""
    set_offline(bool(getattr(settings, "offline", False)))
