"""Linux desktop integration (packaging/linux/): the launcher and the AppStream metainfo are valid for the
real validators and agree with the code; the install step puts every file where desktops look."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from desk_assistant import APP_ID, APP_NAME, LICENSE
from desk_assistant.cli import COMMAND_MODULES

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
INSTALLER = LINUX / "install_desktop.py"
ICON = ROOT / "resources" / "icons" / "desk-assistant.svg"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def needs(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        package = {"desktop-file-validate": "desktop-file-utils", "appstreamcli": "appstream"}[tool]
        pytest.skip(f"{tool} is not installed (Debian/Ubuntu: apt-get install {package})")
    return path


def run_validator(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def desktop_entry(path: Path = DESKTOP) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive: Name[zh_CN]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def installer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("install_desktop", INSTALLER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# ---- the files as shipped ---------------------------------------------------------------------------
def test_desktop_file_passes_desktop_file_validate() -> None:
    output = run_validator(needs("desktop-file-validate"), str(DESKTOP))
    assert output == ""  # not even a hint


def test_metainfo_passes_appstreamcli_strictly() -> None:
    output = run_validator(needs("appstreamcli"), "validate", "--no-net", "--strict", str(METAINFO))
    assert "Validation was successful" in output


def test_desktop_file_names_the_app_id_icon_and_a_command_that_exists() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application" and entry["Icon"] == APP_ID
    program, *args = entry["Exec"].split()
    assert program == APP_NAME and args == ["gui"] and "gui" in COMMAND_MODULES
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert APP_NAME in pyproject["project"]["scripts"]
    assert entry["StartupWMClass"] == APP_NAME  # Qt's X11 WM_CLASS instance: the program's name
    for key in ("Name", "Comment", "Keywords"):
        assert entry[key] and entry[f"{key}[zh_CN]"]
    assert has_cjk(entry["Comment[zh_CN]"]) and has_cjk(entry["Keywords[zh_CN]"])
    assert "Office" in entry["Categories"].split(";")


def test_metainfo_agrees_with_the_desktop_file_and_the_package() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert [b.text for b in root.findall("provides/binary")] == [APP_NAME]
    assert root.findtext("project_license") == LICENSE
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.find("content_rating") is not None
    assert root.findtext("name") == desktop_entry()["Name"]
    chinese = [el.text or "" for el in root.iter() if el.get(XML_LANG) == "zh-CN"]
    assert chinese and all(has_cjk(text) for text in chinese)
    # every English paragraph and list item has its Chinese counterpart
    description = root.find("description")
    assert description is not None
    for tag in ("p", "ul/li"):
        items = description.findall(tag)
        assert len([e for e in items if e.get(XML_LANG)]) == len([e for e in items if not e.get(XML_LANG)])


def test_exec_values_are_quoted_as_the_desktop_entry_spec_asks() -> None:
    exec_value = installer().exec_value
    assert exec_value("/usr/bin/desk-assistant") == "/usr/bin/desk-assistant"
    assert exec_value("/home/li/my apps/desk-assistant") == '"/home/li/my apps/desk-assistant"'
    # inside quotes $ is escaped with a backslash, and the string escape doubles that backslash
    assert exec_value("/opt/a$b/desk-assistant") == '"/opt/a\\\\$b/desk-assistant"'
    assert exec_value("/opt/100%/desk-assistant") == "/opt/100%%/desk-assistant"


# ---- the install step -------------------------------------------------------------------------------
def test_install_and_uninstall_into_a_prefix(tmp_path: Path) -> None:
    prefix = tmp_path / "prefix"
    program = str(tmp_path / "my apps" / "desk-assistant")
    subprocess.run(
        [sys.executable, str(INSTALLER), "install", "--prefix", str(prefix), "--exec", program],
        check=True,
        capture_output=True,
    )
    share = prefix / "share"
    desktop = share / "applications" / f"{APP_ID}.desktop"
    assert desktop_entry(desktop)["Exec"] == f'"{program}" gui'
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").read_bytes() == METAINFO.read_bytes()
    hicolor = share / "icons" / "hicolor"
    assert (hicolor / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == ICON.read_bytes()
    sizes = (16, 24, 32, 48, 64, 128, 256, 512)
    for size in sizes:
        assert png_size(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)
    assert sorted(p.name for p in hicolor.glob("*x*")) == sorted(f"{s}x{s}" for s in sizes)

    if shutil.which("desktop-file-validate"):
        assert run_validator("desktop-file-validate", str(desktop)) == ""
    if shutil.which("appstreamcli"):  # the tree as a whole: metainfo, launcher and icons together
        run_validator("appstreamcli", "validate-tree", "--no-net", "--strict", str(prefix))

    uninstall = [sys.executable, str(INSTALLER), "uninstall", "--prefix", str(prefix)]
    subprocess.run(uninstall, check=True, capture_output=True)
    assert list(share.rglob(f"{APP_ID}*")) == []


def test_the_icon_renders_with_colour_and_a_transparent_corner(tmp_path: Path) -> None:
    """The rendered 16 px icon is the drawing, not an empty or opaque square."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); from install_desktop import render_png, ICON_SVG\n"
        "from pathlib import Path; render_png(ICON_SVG, 16, Path(sys.argv[2]))\n"
        "from PySide6.QtGui import QImage; img = QImage(sys.argv[2])\n"
        "print(img.pixelColor(0, 0).alpha(), img.pixelColor(2, 6).alpha(), img.pixelColor(2, 6).name())"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(LINUX), str(tmp_path / "16.png")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout.split()
    corner_alpha, inside_alpha, inside = int(out[0]), int(out[1]), out[2]
    assert corner_alpha == 0 and inside_alpha == 255
    red, blue = int(inside[1:3], 16), int(inside[5:7], 16)  # #rrggbb
    assert blue > 180 and red < 120  # the blue bubble, left of the spark


def test_make_targets_run_the_installer() -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    dry = subprocess.run(
        ["make", "-n", "install-desktop", "uninstall-desktop", "PREFIX=/tmp/da-prefix"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert 'install_desktop.py install --prefix "/tmp/da-prefix" --exec ' in dry
    assert 'install_desktop.py uninstall --prefix "/tmp/da-prefix"' in dry
