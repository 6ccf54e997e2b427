"""A native crash is written by faulthandler; the next start offers the report once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from desk_assistant.ui.app import DeskApp
from tests.ui.window_fixtures import write_settings

ROOT = Path(__file__).resolve().parents[2]
CRASH = (
    "from desk_assistant.core.logging_setup import setup_logging\n"
    "setup_logging(to_stderr=False)\n"
    "import faulthandler\n"
    "faulthandler._sigsegv()\n"
)


def run(home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DESK_ASSISTANT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **extra}
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_a_crash_is_offered_at_the_next_start_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    crashed = run(home, "-c", CRASH)
    assert crashed.returncode != 0
    assert "Fatal Python error" in (home / "logs" / "crash.log").read_text(encoding="utf-8")

    env = {"DESK_ASSISTANT_EXIT_AFTER_SHOW": "1", "DESK_ASSISTANT_NO_WELCOME": "1"}
    assert run(home, "-m", "desk_assistant", **env).returncode == 0
    log = (home / "logs" / "desk-assistant.log").read_text(encoding="utf-8")
    assert log.count("offering the crash report") == 1
    (report,) = (home / "logs").glob("crash-2*.log")
    assert "Fatal Python error" in report.read_text(encoding="utf-8")
    assert (home / "logs" / "crash.log").read_text(encoding="utf-8") == ""  # this run did not crash

    assert run(home, "-m", "desk_assistant", **env).returncode == 0
    log = (home / "logs" / "desk-assistant.log").read_text(encoding="utf-8")
    assert log.count("offering the crash report") == 1  # once only


def test_the_window_says_so_in_its_message_bar(qtbot, app_home: Path) -> None:
    write_settings(first_run_done=True, ui_language="en", theme="light")
    logs = app_home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    (logs / "crash-previous.log").write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")
    desk = DeskApp(QApplication.instance(), show_welcome=False)
    try:
        assert desk.start()
        bar = desk.window.message_bar
        assert not bar.isHidden()
        assert "stopped unexpectedly last time" in bar._label.text()
        assert not (logs / "crash-previous.log").exists()
    finally:
        desk.shutdown()
        desk.window.close()
        desk.window.deleteLater()
        QCoreApplication.processEvents()
