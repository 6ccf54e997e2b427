"""The side-by-side view of a translation: one row per paragraph, the source on the left and its
translation on the right, so the two stay aligned however long either grows.

The model holds plain rows; ``SegmentTable`` is a QTableView with wrapped text whose row heights are
recomputed only for the rows that changed (a 2,000-row document must not be laid out again for
every streamed word). New rows and a new width re-measure every row in slices of ``SLICE_MS`` on the
UI thread, the rows in view first: measuring wrapped text costs ~0.15 ms a row, so the 15,000 rows
of a 3 MB text, measured at once, froze the window for two seconds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

_Index = QModelIndex | QPersistentModelIndex

# a row's life: pending -> streaming (text arriving, a cursor shown) -> written (the model went on to the
# next paragraph of its batch) -> done (the final, checked text); kept: already in the target language
PENDING, STREAMING, WRITTEN, DONE, KEPT = "pending", "streaming", "written", "done", "kept"

SLICE_MS = 12  # row measuring done in one go on the UI thread before the event loop runs again


@dataclass
class SegmentRow:
    index: int  # the segment's index in the task (events and text keys name it)
    source: str
    translation: str = ""
    state: str = PENDING
    misses: list[tuple[str, str]] = field(default_factory=list)  # glossary pairs not honoured
    dropped: tuple[str, ...] = ()  # protected spans the model left out (put back at the end)


class SegmentTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[SegmentRow] = []
        self._row_of: dict[int, int] = {}
        self.headers = ("", "")

    def set_rows(self, rows: list[SegmentRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._row_of = {row.index: i for i, row in enumerate(rows)}
        self.endResetModel()

    def row_of(self, segment_index: int) -> int:
        return self._row_of.get(segment_index, -1)

    def row(self, segment_index: int) -> SegmentRow | None:
        i = self.row_of(segment_index)
        return self.rows[i] if i >= 0 else None

    def changed(self, segment_index: int) -> int:
        """Tell the view a row changed; returns its row number (-1 if unknown)."""
        i = self.row_of(segment_index)
        if i >= 0:
            self.dataChanged.emit(self.index(i, 0), self.index(i, 1))
        return i

    def translation_text(self) -> str:
        return "\n\n".join(row.translation for row in self.rows if row.translation)

    def has_translation(self) -> bool:
        """Some row has translated text (not only white space); stops at the first."""
        return any(row.translation and not row.translation.isspace() for row in self.rows)

    # ---- Qt model --------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return row.source
            return row.translation + (" ▍" if row.state == STREAMING else "")
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return self.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1 and row.state in (KEPT, WRITTEN):
            return QBrush(QPalette().color(QPalette.ColorRole.PlaceholderText))
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 1 and (row.misses or row.dropped):
            return QBrush(QColor(255, 196, 0, 60))  # a soft amber: look here
        return None

    def tooltip(self, row: SegmentRow) -> str | None:
        lines = []
        if row.state == KEPT:
            lines.append(self.tr("Already in the target language: kept as it is."))
        for source, target in row.misses:
            lines.append(
                self.tr("Glossary: “{source}” should be “{target}”.").format(source=source, target=target)
            )
        if row.dropped:
            lines.append(
                self.tr("The model left out: {items} (added back at the end).").format(
                    items=", ".join(row.dropped)
                )
            )
        return "\n".join(lines) or None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if index.isValid()
            else Qt.ItemFlag.NoItemFlags
        )


class SegmentTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_model = SegmentTableModel(self)
        self.setModel(self.table_model)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves the table
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self._relayout_soon())
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(120)
        self._relayout.timeout.connect(self.relayout)
        self._next = 0  # rows before this one are measured (for the current rows and width)
        self._sizer = QTimer(self)  # measures the next slice whenever the event loop is idle
        self._sizer.setInterval(0)
        self._sizer.timeout.connect(self._measure_slice)
        self.verticalScrollBar().valueChanged.connect(lambda *_: self._measure_visible())

    def set_rows(self, rows: list[SegmentRow]) -> None:
        self.table_model.set_rows(rows)
        self.relayout()

    def relayout(self) -> None:
        """Re-measure every row: those in view and the first ones now, the rest in slices (all of them
        when the view is shown, if it is hidden now)."""
        self._next = 0
        self._measure_slice()

    def is_measuring(self) -> bool:
        """Rows are still waiting for their height."""
        return self._next < self.table_model.rowCount()

    def _measure_visible(self) -> None:
        if not self.is_measuring():
            return
        first = max(0, self.rowAt(0))
        last = self.rowAt(self.viewport().height() - 1)
        if last < 0:
            last = min(self.table_model.rowCount(), first + 50) - 1
        for row in range(first, last + 1):
            if row >= self._next:
                self.resizeRowToContents(row)

    def _measure_slice(self) -> None:
        if not self.isVisible():  # a hidden view's columns have no width yet: showEvent goes on
            self._sizer.stop()
            return
        self._measure_visible()
        deadline = time.perf_counter() + SLICE_MS / 1000
        count = self.table_model.rowCount()
        while self._next < count:
            self.resizeRowToContents(self._next)
            self._next += 1
            if self._next % 4 == 0 and time.perf_counter() > deadline:
                break
        if self.is_measuring():
            self._sizer.start()  # the rest when the window has done its own work
        else:
            self._sizer.stop()

    def row_changed(self, segment_index: int, follow: bool = False) -> None:
        """Re-measure one row (streamed text grew); ``follow`` scrolls it into view."""
        row = self.table_model.changed(segment_index)
        if row < 0:
            return
        self.resizeRowToContents(row)
        if follow:
            self.scrollTo(self.table_model.index(row, 1), QAbstractItemView.ScrollHint.EnsureVisible)

    def _relayout_soon(self) -> None:
        if self.isVisible():
            self._relayout.start()
        else:  # measured again when shown
            self._next = 0

    def stop_timers(self) -> None:
        self._relayout.stop()
        self._sizer.stop()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.is_measuring():
            self._sizer.start()

    def hideEvent(self, event) -> None:
        self.stop_timers()
        super().hideEvent(event)
