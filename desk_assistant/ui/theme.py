"""Themes: follow the system, light or dark — a QPalette on the Fusion style plus a small QSS file."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QStyleFactory, QTextEdit, QWidget

from desk_assistant.core.paths import resources_dir

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")


def system_is_dark() -> bool:
    """Qt 6.5+ reports the desktop's colour scheme; unknown (e.g. offscreen) counts as light."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve_theme(setting: str) -> str:
    if setting in ("light", "dark"):
        return setting
    return "dark" if system_is_dark() else "light"


def _palette(dark: bool) -> QPalette:
    if not dark:
        return QStyleFactory.create("Fusion").standardPalette()
    p = QPalette()
    window, base, text = QColor(37, 38, 41), QColor(28, 29, 31), QColor(230, 230, 232)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(44, 45, 49),
        QPalette.ColorRole.ToolTipBase: QColor(50, 51, 55),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor(140, 142, 148),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor(48, 49, 53),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 90, 90),
        QPalette.ColorRole.Highlight: QColor(58, 110, 200),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Link: QColor(110, 160, 255),
        QPalette.ColorRole.Light: QColor(70, 71, 76),
        QPalette.ColorRole.Midlight: QColor(58, 59, 64),
        QPalette.ColorRole.Mid: QColor(45, 46, 50),
        QPalette.ColorRole.Dark: QColor(22, 22, 24),
        QPalette.ColorRole.Shadow: QColor(0, 0, 0),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    disabled = QColor(120, 122, 128)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def apply_theme(setting: str, app: QApplication | None = None) -> str:
    """Apply ``setting`` ("system" / "light" / "dark"); returns the theme actually used."""
    app = app or QApplication.instance()
    theme = resolve_theme(setting)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")  # the same look on every desktop, and it honours our palette
    app.setPalette(_palette(theme == "dark"))
    qss = resources_dir() / "themes" / f"{theme}.qss"
    try:
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    except OSError as exc:
        log.warning("theme file %s unreadable: %s", qss, exc)
        app.setStyleSheet("")
    app.setProperty("deskAssistantTheme", theme)
    return theme


def make_title(widget: QWidget, scale: float = 1.25) -> QWidget:
    """A heading: bold and ``scale`` times the system font (so it grows when the user's font does)."""
    base = QApplication.font()
    font = QFont(widget.font())
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * scale)
    else:  # a font given in pixels (some desktops)
        font.setPixelSize(round(base.pixelSize() * scale))
    font.setBold(True)
    widget.setFont(font)
    return widget


def lines_height(edit: QPlainTextEdit | QTextEdit, lines: float) -> int:
    """The height that shows ``lines`` lines of text in ``edit`` at its font (for minimum and maximum
    heights that grow with the system font size, instead of pixels)."""
    frame = 2 * edit.frameWidth() + 2 * edit.document().documentMargin()
    return round(lines * edit.fontMetrics().lineSpacing() + frame)


def current_theme() -> str:
    app = QApplication.instance()
    return str(app.property("deskAssistantTheme") or "light") if app else "light"
