"""The application's icon: resources/icons/desk-assistant.svg, drawn by Qt's SVG icon engine at
whatever size is asked (title bar, task switcher, About box). The desktop's menus take the installed
copies instead (packaging/linux/install_desktop.py)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QIcon

from desk_assistant.core.paths import resources_dir

log = logging.getLogger(__name__)


def app_icon_path() -> Path:
    return resources_dir() / "icons" / "desk-assistant.svg"


def app_icon() -> QIcon:
    """The icon, or a null icon (Qt's default then) when the file is missing."""
    path = app_icon_path()
    if not path.is_file():
        log.warning("application icon not found: %s", path)
        return QIcon()
    return QIcon(str(path))
