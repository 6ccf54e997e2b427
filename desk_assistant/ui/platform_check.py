"""Can Qt's display plugin load on this machine? Asked before the QApplication exists.

When the ``xcb`` plugin (X11) cannot load, Qt aborts the whole process with a core dump and a hint
few users can act on. We ask ``ldd`` which of the plugin's libraries the system lacks and name the
packages that bring them. This module imports no Qt: a missing library must not stop it from running.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# soname prefix -> (Debian/Ubuntu package, Fedora package). Qt 6's xcb plugin needs all of these.
LIBRARY_PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so": ("libxcb-util1", "xcb-util"),
    "libxcb-xkb.so": ("libxcb-xkb1", "libxcb"),
    "libxcb-randr.so": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xinput.so": ("libxcb-xinput0", "libxcb"),
    "libxcb-render.so": ("libxcb-render0", "libxcb"),
    "libxcb.so": ("libxcb1", "libxcb"),
    "libxkbcommon-x11.so": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so": ("libxkbcommon0", "libxkbcommon"),
    "libX11-xcb.so": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so": ("libx11-6", "libX11"),
    "libSM.so": ("libsm6", "libSM"),
    "libICE.so": ("libice6", "libICE"),
    "libEGL.so": ("libegl1", "libglvnd-egl"),
    "libGL.so": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so": ("libfontconfig1", "fontconfig"),
    "libfreetype.so": ("libfreetype6", "freetype"),
    "libdbus-1.so": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so": ("libglib2.0-0", "glib2"),
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_DLOPEN_ERROR = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")


@dataclass(frozen=True)
class PlatformProblem:
    plugin: str  # e.g. "xcb"
    plugin_file: Path
    missing: tuple[str, ...]  # sonames, e.g. "libxcb-cursor.so.0"

    def packages(self, distro: int) -> list[str]:
        """Packages that bring the missing libraries: ``distro`` 0 = Debian/Ubuntu, 1 = Fedora."""
        found = {_package(name)[distro] for name in self.missing if _package(name)}
        return sorted(found)

    @property
    def unknown(self) -> list[str]:
        """Missing libraries no system package is known for (Qt's own: the install is incomplete)."""
        return [name for name in self.missing if not _package(name)]


def _package(soname: str) -> tuple[str, str] | None:
    for prefix, packages in LIBRARY_PACKAGES.items():
        if soname.startswith(prefix):
            return packages
    return None


def platform_to_check(environ: Mapping[str, str] = os.environ) -> str | None:
    """The platform plugin Qt will load first, where we know how to check it (X11 on Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    requested = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if requested:
        return "xcb" if requested == "xcb" else None
    # Unset: on a Wayland session Qt 6 tries its wayland plugin first, which needs none of the above.
    if environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland":
        return None
    return "xcb"


def plugin_file(name: str, environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where Qt will look for ``libq<name>.so``: the environment's plugin paths, then PySide6's own."""
    folders: list[Path] = []
    if environ.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        folders.append(Path(environ["QT_QPA_PLATFORM_PLUGIN_PATH"]))
    for entry in environ.get("QT_PLUGIN_PATH", "").split(os.pathsep):
        if entry:
            folders.append(Path(entry) / "platforms")
    spec = importlib.util.find_spec("PySide6")
    for location in (spec.submodule_search_locations or []) if spec else []:
        folders.append(Path(location) / "Qt" / "plugins" / "platforms")
    for folder in folders:
        candidate = folder / f"libq{name}.so"
        if candidate.is_file():
            return candidate
    return None


def missing_libraries(library: Path) -> list[str] | None:
    """The shared libraries ``library`` needs that the system cannot find; None when we cannot tell."""
    ldd = shutil.which("ldd")
    if ldd:
        try:
            out = subprocess.run(
                [ldd, str(library)], capture_output=True, text=True, timeout=10, check=False
            ).stdout
            return list(dict.fromkeys(_NOT_FOUND.findall(out)))
        except (OSError, subprocess.SubprocessError):
            pass
    try:  # no ldd (a minimal system): the loader names the first library it misses
        ctypes.CDLL(str(library))
        return []
    except OSError as exc:
        match = _DLOPEN_ERROR.search(str(exc))
        return [match.group(1)] if match else None


def check_platform(environ: Mapping[str, str] = os.environ) -> PlatformProblem | None:
    """The problem that would stop the window from opening, or None (none found or nothing to check)."""
    name = platform_to_check(environ)
    if name is None:
        return None
    path = plugin_file(name, environ)
    if path is None:
        return None  # a layout we do not know (e.g. Qt from the system): let Qt try
    missing = missing_libraries(path)
    if not missing:
        return None
    return PlatformProblem(name, path, tuple(missing))


def explain(problem: PlatformProblem, language_setting: str) -> str:
    """The message for the user, in the UI language (QtCore loads without any display plugin)."""
    from PySide6.QtCore import QCoreApplication

    from desk_assistant.ui.i18n import install_translators

    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841  (translators need it)
    install_translators(language_setting)
    lines = [
        QCoreApplication.translate(
            "PlatformCheck",
            "The window cannot open: Qt's display plugin “{plugin}” needs libraries this system lacks: "
            "{libraries}.",
        ).format(plugin=problem.plugin, libraries=", ".join(problem.missing))
    ]
    debian, fedora = problem.packages(0), problem.packages(1)
    if debian:
        lines.append(
            QCoreApplication.translate("PlatformCheck", "Install them, then start Desk Assistant again:")
        )
        lines.append(
            QCoreApplication.translate(
                "PlatformCheck", "  Debian / Ubuntu: sudo apt install {packages}"
            ).format(packages=" ".join(debian))
        )
        lines.append(
            QCoreApplication.translate("PlatformCheck", "  Fedora: sudo dnf install {packages}").format(
                packages=" ".join(fedora)
            )
        )
    if problem.unknown:
        lines.append(
            QCoreApplication.translate(
                "PlatformCheck",
                "Part of the app's own Qt is missing ({libraries}): reinstall Desk Assistant.",
            ).format(libraries=", ".join(problem.unknown))
        )
    lines.append(
        QCoreApplication.translate(
            "PlatformCheck", 'The command line works without them, for example: desk-assistant chat "Hello"'
        )
    )
    return "\n".join(lines)
