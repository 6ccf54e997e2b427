"""Storage errors the user can read, and the translation of SQLite failures into them.

Every SQLite failure leaves the store as a ``StorageError`` subclass with one clear sentence, so the UI
can say what happened and decide what to offer (start fresh for a damaged file, retry for a lock).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import exc as sa_exc

from desk_assistant.core.errors import DatabaseTooNewError, StorageError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP

__all__ = [
    "ConversationNotFoundError",
    "DatabaseCorruptError",
    "DatabaseLockedError",
    "DatabaseReadOnlyError",
    "DatabaseTooNewError",
    "DiskFullError",
    "MessageNotFoundError",
    "StorageError",
    "storage_error_from",
]


class DatabaseCorruptError(StorageError):
    """The file is not a database or is damaged; the app can set it aside and start fresh."""


class DatabaseLockedError(StorageError):
    """Another program holds the database longer than the busy timeout."""


class DatabaseReadOnlyError(StorageError):
    """The data folder or the database file cannot be written."""


class DiskFullError(StorageError):
    """No space left for the database (or its size limit was reached)."""


class ConversationNotFoundError(StorageError):
    """No conversation with that id."""


class MessageNotFoundError(StorageError):
    """No message with that id."""


# SQLite primary result codes (https://sqlite.org/rescode.html)
_PERM, _BUSY, _LOCKED, _READONLY, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 3, 5, 6, 8, 11, 13, 14, 26


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    if isinstance(exc, sa_exc.DBAPIError) and isinstance(exc.orig, sqlite3.Error):
        return exc.orig
    if isinstance(exc, sqlite3.Error):
        return exc
    return None


def storage_error_from(exc: BaseException, path: Path) -> StorageError:
    """One readable StorageError for a SQLite/SQLAlchemy/OS failure on the database at ``path``."""
    if isinstance(exc, StorageError):
        return exc
    err = _sqlite_error(exc)
    detail = f"{type(exc).__name__}: {exc}"
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF if err is not None else None
    text = str(err or exc).lower()
    if code == _FULL or "disk is full" in text or (isinstance(exc, OSError) and exc.errno == 28):
        return DiskFullError(
            QT_TRANSLATE_NOOP(
                "errors", "There is no space left to save conversations in {path}; free some disk space."
            ),
            path=str(path),
            detail=detail,
        )
    if code in (_BUSY, _LOCKED) or "locked" in text:
        return DatabaseLockedError(
            QT_TRANSLATE_NOOP(
                "errors",
                "The conversation database {path} is locked by another program; close it and try again.",
            ),
            path=str(path),
            detail=detail,
        )
    if code in (_READONLY, _PERM, _CANTOPEN) or "readonly" in text or isinstance(exc, PermissionError):
        return DatabaseReadOnlyError(
            QT_TRANSLATE_NOOP(
                "errors",
                "The conversation database {path} cannot be written; check that its folder is writable.",
            ),
            path=str(path),
            detail=detail,
        )
    if code in (_CORRUPT, _NOTADB) or "malformed" in text or "not a database" in text:
        return DatabaseCorruptError(
            QT_TRANSLATE_NOOP("errors", "The conversation database {path} is damaged and cannot be read."),
            path=str(path),
            detail=detail,
        )
    return StorageError(
        QT_TRANSLATE_NOOP("errors", "The conversation database {path} could not be used: {reason}."),
        path=str(path),
        reason=str(err or exc).rstrip("."),
        detail=detail,
    )
