"""The glossary of a translation: term pairs the model must use, typed in a table or loaded from a file
(TSV, CSV, "term = translation"; bad lines are skipped and named in one sentence)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.tasks.glossary import Glossary, load_glossary, problems_error
from desk_assistant.ui.error_text import readable_error

log = logging.getLogger(__name__)


class GlossaryDialog(QDialog):
    def __init__(self, glossary: Glossary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Glossary"))
        self.resize(520, 420)
        intro = QLabel(
            self.tr(
                "Terms the translation must use. Each term found in the text is given to the model with "
                "its translation, and translations that leave it out are marked."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Term"), self.tr("Translation")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        for entry in glossary:
            self.add_pair(entry.term, entry.translation)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        add = QPushButton(self.tr("Add"))
        add.clicked.connect(lambda: self._edit_new_row())
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self.remove_selected)
        load = QPushButton(self.tr("Load file…"))
        load.clicked.connect(self.choose_file)
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(lambda: self.table.setRowCount(0))
        row = QHBoxLayout()
        for button in (add, remove, load, clear):
            row.addWidget(button)
        row.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def add_pair(self, term: str = "", translation: str = "") -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(term))
        self.table.setItem(row, 1, QTableWidgetItem(translation))
        return row

    def _edit_new_row(self) -> None:
        row = self.add_pair()
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load a glossary"), "", self.tr("Glossaries (*.tsv *.csv *.txt);;All files (*)")
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        """Add the file's pairs (a term already in the table takes the file's translation)."""
        try:
            loaded, problems = load_glossary(path)
        except Exception as exc:
            self._say(readable_error(exc, log))
            return
        rows = {self._cell(r, 0): r for r in range(self.table.rowCount())}
        for entry in loaded:
            if entry.term in rows:
                self.table.item(rows[entry.term], 1).setText(entry.translation)
            else:
                self.add_pair(entry.term, entry.translation)
        problem = problems_error(problems, len(loaded))
        self._say(readable_error(problem, log) if problem else "")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def glossary(self) -> Glossary:
        """The pairs with both sides filled in, in table order (a later duplicate term wins)."""
        pairs: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            term, translation = self._cell(row, 0), self._cell(row, 1)
            if term and translation:
                pairs[term] = translation
        return Glossary(list(pairs.items()))
