"""Install or remove the Linux desktop integration: launcher, AppStream metainfo, icons.

    python packaging/linux/install_desktop.py install --prefix ~/.local [--exec /path/to/desk-assistant]
    python packaging/linux/install_desktop.py uninstall --prefix ~/.local

What lands under PREFIX/share (APP_ID from desk_assistant/__init__.py):

    applications/APP_ID.desktop
    metainfo/APP_ID.metainfo.xml
    icons/hicolor/scalable/apps/APP_ID.svg
    icons/hicolor/NxN/apps/APP_ID.png         for N in SIZES

The PNGs are rendered from resources/icons/desk-assistant.svg with Qt's SVG renderer when installing
(PySide6 comes with the app), so the repository keeps one icon source and no binary copies that could
drift from it. ``--exec`` replaces the launcher's command (``make install-desktop`` passes this
checkout's .venv/bin/desk-assistant, which is rarely on PATH). Afterwards the desktop database and the
icon cache are refreshed where those tools exist, as meson's gnome.post_install does.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ICON_SVG = ROOT / "resources" / "icons" / "desk-assistant.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

sys.path.insert(0, str(ROOT))
from desk_assistant import APP_ID  # noqa: E402  (plain constants, no dependencies)

# Desktop Entry spec, "The Exec key": arguments with these characters are quoted, and inside quotes
# these are escaped with a backslash.
_NEEDS_QUOTES = re.compile(r"""[\s"'\\><~|&;$*?#()`]""")
_ESCAPE_IN_QUOTES = re.compile(r"""(["`$\\])""")


def installed_files(prefix: Path) -> list[Path]:
    """Every file ``install`` writes (``uninstall`` removes exactly these)."""
    share = prefix / "share"
    icons = share / "icons" / "hicolor"
    return [
        share / "applications" / f"{APP_ID}.desktop",
        share / "metainfo" / f"{APP_ID}.metainfo.xml",
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        *(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png" for size in SIZES),
    ]


def exec_value(program: str) -> str:
    """``program`` as the first word of an Exec value (quoted and escaped as the spec asks)."""
    program = program.replace("%", "%%")  # a lone % starts a field code
    if not _NEEDS_QUOTES.search(program):
        return program
    quoted = '"' + _ESCAPE_IN_QUOTES.sub(r"\\\1", program) + '"'
    return quoted.replace("\\", "\\\\")  # the value is itself a string: each backslash is written twice


def desktop_entry(program: str | None) -> str:
    """The .desktop file's text, its command replaced by ``program`` when given."""
    text = (HERE / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    if program is None:
        return text
    return re.sub(r"^Exec=\S+", lambda _m: "Exec=" + exec_value(program), text, count=1, flags=re.M)


def render_png(svg: Path, size: int, target: Path) -> None:
    """Render ``svg`` into a ``size``×``size`` PNG with a transparent background."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a build machine has no display
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read the icon {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"cannot write {target}")


def refresh_caches(prefix: Path) -> None:
    """Tell the desktop about the change, with whichever of the usual tools are installed."""
    share = prefix / "share"
    for tool, args in (
        ("update-desktop-database", ["-q", str(share / "applications")]),
        ("gtk-update-icon-cache", ["-q", "-t", "-f", str(share / "icons" / "hicolor")]),
    ):
        path = shutil.which(tool)
        if path and Path(args[-1]).is_dir():
            subprocess.run([path, *args], check=False)


def install(prefix: Path, program: str | None) -> list[Path]:
    desktop, metainfo, svg, *pngs = installed_files(prefix)
    for path in (desktop, metainfo, svg):
        path.parent.mkdir(parents=True, exist_ok=True)
    desktop.write_text(desktop_entry(program), encoding="utf-8")
    shutil.copyfile(HERE / f"{APP_ID}.metainfo.xml", metainfo)
    shutil.copyfile(ICON_SVG, svg)
    for size, png in zip(SIZES, pngs, strict=True):
        render_png(ICON_SVG, size, png)
    refresh_caches(prefix)
    return [desktop, metainfo, svg, *pngs]


def uninstall(prefix: Path) -> list[Path]:
    removed = [path for path in installed_files(prefix) if path.exists()]
    for path in removed:
        path.unlink()
    refresh_caches(prefix)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Install or remove Desk Assistant's desktop integration.")
    parser.add_argument("action", choices=("install", "uninstall"))
    parser.add_argument("--prefix", type=Path, default=Path.home() / ".local", help="default: ~/.local")
    parser.add_argument("--exec", dest="program", help="the command the launcher runs (default: as shipped)")
    args = parser.parse_args(argv)
    prefix = args.prefix.expanduser().resolve()
    if args.action == "install":
        for path in install(prefix, args.program):
            print(f"installed {path}")
    else:
        for path in uninstall(prefix):
            print(f"removed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
