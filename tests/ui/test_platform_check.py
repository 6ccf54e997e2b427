"""The display-plugin check before the QApplication: missing system libraries named with their packages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desk_assistant.ui.platform_check import (
    PlatformProblem,
    check_platform,
    missing_libraries,
    platform_to_check,
    plugin_file,
)

ROOT = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb check is Linux's")


@linux_only
@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "xcb"),
        ({"QT_QPA_PLATFORM": "xcb"}, "xcb"),
        ({"QT_QPA_PLATFORM": "xcb:foo=1;wayland"}, "xcb"),
        ({"QT_QPA_PLATFORM": "offscreen"}, None),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, None),
        ({"WAYLAND_DISPLAY": "wayland-0"}, None),
        ({"XDG_SESSION_TYPE": "wayland"}, None),
    ],
)
def test_which_plugin_is_checked(environ: dict[str, str], expected: str | None) -> None:
    assert platform_to_check(environ) == expected


def test_packages_are_named_for_debian_and_fedora() -> None:
    problem = PlatformProblem(
        "xcb",
        Path("libqxcb.so"),
        ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxkbcommon-x11.so.0", "libQt6XcbQpa.so.6"),
    )
    assert problem.packages(0) == ["libxcb-cursor0", "libxcb-icccm4", "libxkbcommon-x11-0"]
    assert problem.packages(1) == ["libxkbcommon-x11", "xcb-util-cursor", "xcb-util-wm"]
    assert problem.unknown == ["libQt6XcbQpa.so.6"]


@linux_only
def test_the_installed_plugin_is_found_and_has_its_libraries() -> None:
    plugin = plugin_file("xcb", {})
    assert plugin is not None and plugin.name == "libqxcb.so"
    missing = missing_libraries(plugin)
    assert missing is not None  # ldd answered
    if missing:  # a machine without the xcb libraries (CI's may lack them): the check says so
        assert check_platform({"QT_QPA_PLATFORM": "xcb"}) is not None


@pytest.fixture
def plugin_without_its_libraries(tmp_path: Path) -> Path:
    """The real xcb plugin copied where its Qt libraries ($ORIGIN/../../lib) cannot be found."""
    plugin = plugin_file("xcb", {})
    assert plugin is not None
    folder = tmp_path / "platforms"
    folder.mkdir()
    shutil.copy(plugin, folder / plugin.name)
    return folder


@linux_only
def test_a_plugin_whose_libraries_are_missing_is_reported(plugin_without_its_libraries: Path) -> None:
    environ = {"QT_QPA_PLATFORM": "xcb", "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugin_without_its_libraries)}
    problem = check_platform(environ)
    assert problem is not None
    assert "libQt6XcbQpa.so.6" in problem.missing
    assert problem.plugin_file.parent == plugin_without_its_libraries


@linux_only
@pytest.mark.parametrize(("language", "expect"), [("en", "reinstall Desk Assistant"), ("zh_CN", "重新安装")])
def test_the_window_command_explains_instead_of_aborting(
    plugin_without_its_libraries: Path, tmp_path: Path, language: str, expect: str
) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(f'{{"ui_language": "{language}"}}', encoding="utf-8")
    env = {
        **os.environ,
        "DESK_ASSISTANT_HOME": str(home),
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": ":99",
        "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugin_without_its_libraries),
    }
    result = subprocess.run(
        [sys.executable, "-m", "desk_assistant"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    # Without the check Qt aborts the process (SIGABRT, "could not load the Qt platform plugin").
    assert result.returncode == 2, result.stderr
    assert "libQt6XcbQpa.so.6" in result.stderr and expect in result.stderr
    assert "Traceback" not in result.stderr and "core dumped" not in result.stderr
