"""Render the About box, the window with the app's icon, and the icon itself to screenshots/*.png.

    QT_QPA_PLATFORM=offscreen python -m tests.ui.make_about_screenshots       # offscreen, widget grab()
    xvfb-run -a sh -c 'openbox & python -m tests.ui.make_about_screenshots --xvfb'   # with a title bar;
                                                                       # prints what X is told (xprop)

English and Chinese, light and dark. No model is loaded (a scripted engine): these show the shell only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def widget_shot(widget, xvfb: bool):  # -> QPixmap
    """The widget as the screen shows it: with the window manager's frame (title bar, icon) under a
    real X server, or the widget alone offscreen."""
    if not xvfb:
        return widget.grab()
    return widget.screen().grabWindow(0)  # the whole screen


def main() -> int:
    xvfb = "--xvfb" in sys.argv
    if not xvfb:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["DESK_ASSISTANT_HOME"] = tempfile.mkdtemp(prefix="da-about-")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desk_assistant import APP_ID
    from desk_assistant.core.settings import load_settings
    from desk_assistant.ui.app import DeskApp
    from desk_assistant.ui.app_icon import app_icon
    from desk_assistant.ui.i18n_build import compile_translations
    from tests.ui.scripted_engine import ScriptedEngine

    compile_translations()
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Desk Assistant")  # as run_app does
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())

    def wait(ms: int) -> None:
        end = QTimer()
        end.setSingleShot(True)
        end.start(ms)
        while end.isActive():
            app.processEvents()

    for size in (16, 32, 256):
        path = out / f"app-icon-{size}.png"
        app.windowIcon().pixmap(size, size).save(str(path))
        print(path)
    desk = DeskApp(app, engine_factory=ScriptedEngine, show_welcome=False)
    assert desk.open_store()
    desk.show_window()
    suffix = "xvfb" if xvfb else "offscreen"
    for lang, theme in (("en", "light"), ("zh_CN", "dark")):
        new = load_settings()
        new.ui_language, new.theme = lang, theme
        desk.apply_settings(new)
        window = desk.window
        window.setGeometry(60, 60, 1100, 680)  # the title bar on the screen (a rebuilt window sits at 0,0)
        wait(500)
        path = out / f"window-{lang}-{theme}-{suffix}.png"
        widget_shot(window, xvfb).save(str(path))
        print(path)
        about = window.show_about()
        wait(500)
        path = out / f"about-{lang}-{theme}-{suffix}.png"
        widget_shot(about, xvfb).save(str(path))
        print(path)
        about.close()
    if xvfb and shutil.which("xprop"):
        wid = str(int(desk.window.winId()))
        for prop in ("WM_CLASS", "_NET_WM_ICON"):
            shown = subprocess.run(["xprop", "-id", wid, prop], capture_output=True, text=True).stdout
            lines = shown.splitlines()
            print("\n".join(lines[:40]) + (f"\n… {len(lines) - 40} more lines" if len(lines) > 40 else ""))
    desk.shutdown()
    desk.window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
