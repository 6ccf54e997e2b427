"""Application start-up: QApplication, translators, theme, main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def run_app() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel("Desk Assistant")
    label.resize(480, 320)
    label.show()
    return app.exec()
