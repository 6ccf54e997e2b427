"""A second start brings the first window forward and exits; a first that was killed does not block."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def app_env(home: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DESK_ASSISTANT_HOME": str(home),
        "DESK_ASSISTANT_NO_WELCOME": "1",
        "QT_QPA_PLATFORM": "offscreen",
        **extra,
    }


def wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def log_text(home: Path) -> str:
    log = home / "logs" / "desk-assistant.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


@pytest.mark.skipif(sys.platform == "win32", reason="signals")
def test_a_second_start_brings_the_first_window_forward(tmp_path: Path) -> None:
    home = tmp_path / "home"
    first = subprocess.Popen(
        [sys.executable, "-m", "desk_assistant"],
        env=app_env(home),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: "window shown" in log_text(home) or first.poll() is not None)
        assert first.poll() is None, "the first window did not stay open"
        second = subprocess.run(
            [sys.executable, "-m", "desk_assistant"],
            env=app_env(home),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 0, second.stderr
        assert "already open" in second.stdout
        wait_for(lambda: "a second start asked for the window" in log_text(home), timeout=10)
        assert first.poll() is None  # still running, and it was asked to come forward
    finally:
        first.send_signal(signal.SIGKILL)  # killed: its lock and socket file are left behind
        first.wait()

    third = subprocess.run(
        [sys.executable, "-m", "desk_assistant"],
        env=app_env(home, DESK_ASSISTANT_EXIT_AFTER_SHOW="1"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert third.returncode == 0, third.stderr
    assert "shown-after-launch" in third.stdout  # the stale lock was taken over
