"""One version in one place: desk_assistant.__version__. The build, the installed metadata, the CLI, the
changelog and the AppStream metainfo all say the same (the About box: tests/ui/test_about_and_icon.py)."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desk_assistant import APP_ID, LICENSE, __version__
from desk_assistant.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
METAINFO = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"
# "## [0.1.0] - 2026-11-30" (Keep a Changelog); "## [Unreleased]" has no date
CHANGELOG_RELEASE = re.compile(r"^## \[(?P<version>[^\]]+)\] - (?P<date>\d{4}-\d{2}-\d{2})$", re.M)


def changelog_releases() -> list[tuple[str, str]]:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return [(m["version"], m["date"]) for m in CHANGELOG_RELEASE.finditer(text)]


def metainfo_releases() -> list[tuple[str, str]]:
    releases = ET.parse(METAINFO).getroot().findall("./releases/release")
    return [(r.get("version", ""), r.get("date", "")) for r in releases]


def test_pyproject_takes_the_version_from_the_package_without_importing_it() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    # what the build backend computes, in a fresh interpreter: the package is read, not imported (so no
    # PySide6 or llama.cpp at build time)
    probe = (
        "import sys, warnings; warnings.simplefilter('ignore')\n"
        "from setuptools.config.pyprojecttoml import read_configuration\n"
        "print(read_configuration('pyproject.toml', expand=True)['project']['version'])\n"
        "heavy = ('desk_assistant', 'PySide6', 'llama_cpp')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines() == [__version__, "[]"]


def test_installed_metadata_has_the_same_version() -> None:
    try:
        installed = importlib.metadata.version("desk-assistant")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("desk-assistant is not installed in this environment (make install does it)")
    assert installed == __version__


def test_the_command_line_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli_main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"desk-assistant {__version__}"


def test_changelog_and_metainfo_name_this_version_as_the_newest_release() -> None:
    changelog = changelog_releases()
    metainfo = metainfo_releases()
    assert changelog and metainfo
    assert changelog[0][0] == metainfo[0][0] == __version__
    # the same releases, newest first, on the same dates
    assert changelog == metainfo
    assert [date for _v, date in metainfo] == sorted((date for _v, date in metainfo), reverse=True)
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_one_license_everywhere() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = pyproject["project"]["license"]
    declared = declared["text"] if isinstance(declared, dict) else declared
    assert declared == LICENSE
    assert ET.parse(METAINFO).getroot().findtext("project_license") == LICENSE
