"""Moving a broken database aside so the app can start fresh without destroying anything."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.storage.errors import StorageError

log = logging.getLogger("desk_assistant.storage")

SIDE_FILES = ("-wal", "-shm", "-journal")


def set_aside_broken_database(path: Path) -> Path:
    """Rename ``path`` (and its -wal/-shm/-journal files) to ``<name>.broken-<UTC time>``.

    Returns the new path of the main file. The next open of ``path`` creates a fresh database; the
    broken one is kept for the user (or a recovery tool) to look at.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    try:
        for suffix in SIDE_FILES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
        if path.exists():
            path.rename(target)
    except OSError as exc:
        raise StorageError(
            QT_TRANSLATE_NOOP("errors", "Could not move the damaged database {path} aside: {reason}."),
            path=str(path),
            reason=exc.strerror or str(exc),
            detail=repr(exc),
        ) from exc
    log.warning("moved damaged database %s to %s", path, target)
    return target
