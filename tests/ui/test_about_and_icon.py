"""The app's icon reaches the windows, and the About box says the version, the license and what the app
does, in the user's language."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desk_assistant import APP_ID, LICENSE, __version__
from desk_assistant.ui import app as app_module
from desk_assistant.ui import main_window as main_window_module
from desk_assistant.ui.app import DeskApp
from desk_assistant.ui.app_icon import app_icon, app_icon_path
from desk_assistant.ui.i18n_build import _tool
from tests.ui.scripted_engine import ScriptedEngine

# the About box's strings and translations a Chinese user would see (the real ones go in the .ts file)
ABOUT_ZH = {
    "About Desk Assistant": "关于 Desk Assistant",
    "Version %1": "版本 %1",
    "Chat, summarize, translate and draft with language models that run offline on this computer.": (
        "用在本机离线运行的语言模型聊天、摘要、翻译和写作。"
    ),
    "Released under the %1 license.": "以 %1 许可证发布。",
}


@pytest.fixture
def desk(qtbot):
    app = QApplication.instance()
    app.setWindowIcon(app_icon())
    desk = DeskApp(app, engine_factory=ScriptedEngine, show_welcome=False)
    assert desk.open_store()
    desk.show_window()
    qtbot.waitExposed(desk.window)
    yield desk
    desk.shutdown()
    desk.window.close()
    desk.window.deleteLater()
    app.setWindowIcon(QIcon())
    QCoreApplication.processEvents()


def test_the_icon_is_drawn_from_the_svg_at_any_size(qapp) -> None:
    icon = app_icon()
    assert not icon.isNull()
    for size in (16, 32, 256):
        image = icon.pixmap(size, size).toImage()
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(0, 0).alpha() == 0  # a transparent corner
        assert image.pixelColor(size // 8, size * 3 // 8).blue() > 180  # the blue bubble


def test_a_missing_icon_file_gives_a_null_icon_not_an_error(qapp, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DESK_ASSISTANT_RESOURCES", str(tmp_path))
    assert app_icon_path() == tmp_path / "icons" / "desk-assistant.svg"
    assert app_icon().isNull()


def test_start_up_names_the_desktop_file_and_sets_the_icon(qapp, monkeypatch) -> None:
    """run_app as the launcher runs it, up to the window (the desk is a stand-in that quits at once)."""
    seen = {}

    class StopAtStart:
        def __init__(self, app: QApplication) -> None:
            seen["desktop file"] = app.desktopFileName()
            seen["icon"] = app.windowIcon()

        def install_excepthook(self) -> None:
            pass

        def bring_forward(self) -> None:
            pass

        def start(self) -> bool:
            return False

        def shutdown(self) -> None:
            pass

    monkeypatch.setattr(app_module, "DeskApp", StopAtStart)
    monkeypatch.setattr(app_module, "setup_logging", lambda: None)
    monkeypatch.setattr(app_module, "qInstallMessageHandler", lambda _handler: None)
    before = (qapp.applicationName(), qapp.organizationName(), qapp.desktopFileName())
    try:
        assert app_module.run_app([]) == 1
    finally:
        qapp.setApplicationName(before[0])
        qapp.setOrganizationName(before[1])
        qapp.setDesktopFileName(before[2])
        qapp.setWindowIcon(QIcon())
    assert seen["desktop file"] == APP_ID
    assert not seen["icon"].isNull()
    assert seen["icon"].pixmap(16, 16).toImage().pixelColor(8, 8).alpha() == 255


def test_about_box_shows_version_license_description_and_the_icon(qtbot, desk) -> None:
    window = desk.window
    assert not window.windowIcon().isNull()  # the application's icon
    text = window.about_text()
    assert f"Version {__version__}" in text
    assert f"Released under the {LICENSE} license." in text
    assert "run offline on this computer" in text
    box = window.show_about()
    qtbot.waitExposed(box)
    assert box.windowTitle() == "About Desk Assistant"
    assert box.text() == text and box.windowModality() == Qt.WindowModality.WindowModal
    assert not box.iconPixmap().isNull() and box.iconPixmap().width() >= 64
    # Show Details: the doctor report, made on a thread
    qtbot.waitUntil(lambda: "result:" in box.detailedText(), timeout=10_000)
    details = box.detailedText()
    assert __version__ in details
    assert "llama.cpp" in details and "Folders" in details
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not box.isVisible())


def test_about_box_strings_go_through_the_translator(qtbot, desk, tmp_path: Path) -> None:
    """lupdate finds the About strings in main_window.py (context MainWindow); with their translations
    installed, the box is in Chinese."""
    ts = tmp_path / "about_zh_CN.ts"
    source = Path(main_window_module.__file__)
    subprocess.run([_tool("pyside6-lupdate"), str(source), "-ts", str(ts)], check=True, capture_output=True)
    tree = ET.parse(ts)
    found = set()
    for context in tree.getroot().iter("context"):
        if context.findtext("name") != "MainWindow":
            continue
        for message in context.iter("message"):
            wanted = ABOUT_ZH.get(message.findtext("source") or "")
            if wanted is not None:
                found.add(message.findtext("source"))
                translation = message.find("translation")
                translation.text = wanted
                translation.attrib.pop("type", None)
    assert found == set(ABOUT_ZH)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    qm = tmp_path / "about_zh_CN.qm"
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        text = desk.window.about_text()
        box = desk.window.show_about()
        title = box.windowTitle()
        box.close()
    finally:
        QCoreApplication.removeTranslator(translator)
    assert f"版本 {__version__}" in text and f"以 {LICENSE} 许可证发布。" in text
    assert "离线运行的语言模型" in text and title == "关于 Desk Assistant"
