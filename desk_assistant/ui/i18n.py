"""Install the app's and Qt's own translators for the chosen UI language (DESIGN.md §6).

Our strings come from resources/i18n/desk_assistant_<lang>.qm (built from the .ts sources by
``python -m desk_assistant.ui.i18n_build``); Qt's dialogs and buttons from qtbase_<lang>.qm in Qt's own
translations folder.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desk_assistant.core.paths import resources_dir

log = logging.getLogger(__name__)

SUPPORTED = ("en", "zh_CN")
_installed: list[QTranslator] = []


def resolve_language(setting: str) -> str:
    """``"system"`` -> the system locale if we have it (zh_* -> zh_CN), else English."""
    if setting in SUPPORTED:
        return setting
    name = QLocale.system().name()  # e.g. "zh_CN", "zh_TW", "en_US"
    if name.startswith("zh"):
        return "zh_CN"
    return "en"


def ui_locale(language: str) -> QLocale:
    """The locale that formats numbers and dates for a UI language: the system's own when it speaks
    that language (en_GB keeps its day-first dates), else the language's usual one (en_US, zh_CN)."""
    system = QLocale.system()
    wanted = QLocale(language)
    if system.language() == wanted.language() and system.script() == wanted.script():
        return system
    return wanted


def install_translators(setting: str) -> str:
    """Replace the installed translators with those for ``setting``; returns the language used."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = resolve_language(setting)
    QLocale.setDefault(ui_locale(language))
    if language == "en":
        return language
    ours = QTranslator(app)
    qm = resources_dir() / "i18n" / f"desk_assistant_{language}.qm"
    if ours.load(str(qm)):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no translation file %s (run: python -m desk_assistant.ui.i18n_build)", qm)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # qtbase_ is the usual file; some Qt builds ship only the older all-in-one qt_<lang>.qm (zh_CN does)
    for name in (f"qtbase_{language}", f"qt_{language}"):
        qt = QTranslator(app)
        if qt.load(name, qt_dir):
            app.installTranslator(qt)
            _installed.append(qt)
            break
    else:
        log.info("Qt's own translation for %s not found in %s", language, qt_dir)
    return language


def installed_translators() -> list[QTranslator]:
    return list(_installed)
