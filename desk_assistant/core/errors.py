"""The app's error types.

Every error that can reach a user is a ``DeskAssistantError``. Its text is an English template marked
for translation (context ``"errors"``) plus named arguments; ``str(err)`` is the English sentence (CLI,
logs) and the UI shows ``QCoreApplication.translate("errors", err.template).format(**err.args)``.
``detail`` carries technical detail for the log only.

    raise ModelFileError(
        QT_TRANSLATE_NOOP("errors", "{name} is not a GGUF model file."), name=path.name
    )
"""

from __future__ import annotations

from typing import Any


class DeskAssistantError(Exception):
    """Base class: ``str(err)`` is one sentence a user can read."""

    def __init__(self, template: str, *, detail: str | None = None, **args: Any) -> None:
        self.template = template
        self.args_map: dict[str, Any] = args
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        try:
            return self.template.format(**self.args_map)
        except (KeyError, IndexError, ValueError):
            return self.template

    def __str__(self) -> str:
        return self.message


class ModelFileError(DeskAssistantError):
    """The model file is missing, unreadable, not GGUF, truncated, or of an unknown architecture."""


class ModelLoadError(DeskAssistantError):
    """llama.cpp could not load the model (memory, GPU, corrupt tensors)."""


class ModelNotLoadedError(DeskAssistantError):
    """A request needs a model but none is loaded."""


class ContextOverflowError(DeskAssistantError):
    """A single message (or the system prompt plus it) cannot fit in the model's context."""


class GenerationError(DeskAssistantError):
    """Generation failed in llama.cpp or a remote server."""


class StorageError(DeskAssistantError):
    """The conversation database could not be opened or written."""


class DatabaseTooNewError(StorageError):
    """The database was written by a newer version of the app; it is left untouched."""


class DownloadError(DeskAssistantError):
    """A model download failed (network, 404, gated, checksum, disk full)."""


class SettingsError(DeskAssistantError):
    """The settings file could not be read or written."""


class InputError(DeskAssistantError):
    """Input the user gave cannot be used (binary file, unsupported format, too large)."""


class OfflineError(DeskAssistantError):
    """The user switched the app offline and something asked for the network (a download, a server)."""


class BackendError(DeskAssistantError):
    """A remote backend is unknown, misconfigured, or its key cannot be stored."""
