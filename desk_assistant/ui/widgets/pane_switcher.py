"""The row of pane buttons at the top (Chat, Summarize, Translate, Draft) over a QStackedWidget."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget


class PaneSwitcher(QWidget):
    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PaneSwitcher")
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.idClicked.connect(self._clicked)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)

    def add_pane(self, text: str, tooltip: str = "") -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tooltip)
        button.setCheckable(True)
        index = len(self._group.buttons())
        self._group.addButton(button, index)
        self._layout.addWidget(button)
        if index == 0:
            button.setChecked(True)
        return button

    def button(self, index: int) -> QToolButton:
        return self._group.button(index)

    def current_index(self) -> int:
        return self._group.checkedId()

    def set_current_index(self, index: int) -> None:
        button = self._group.button(index)
        if button is not None and not button.isChecked():
            button.setChecked(True)
            self.currentChanged.emit(index)

    def _clicked(self, index: int) -> None:
        self.currentChanged.emit(index)
