"""The prompt library: every prompt template the app uses, grouped, in English or Chinese files.

Shipped templates are read-only; "Copy to edit" makes the user's own version under the same name,
which then replaces the shipped one wherever it is used (Delete brings the shipped one back). "New
persona" adds a persona of the user's own. Saving checks the texts first: a template with a Jinja
error is not saved, and the error is shown as one sentence; the text being edited is kept.
Filtering is a QSortFilterProxyModel over the tree (recursive, so a group stays while a child matches).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, QLocale, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QCloseEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.tasks.chat import PERSONA_GROUP
from desk_assistant.tasks.prompts import PromptError, PromptLibrary, PromptTemplate
from desk_assistant.ui.error_text import readable_error

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the template id on a template's row; None on a group's
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # what the filter box matches: title and id
GROUP_ORDER = ("persona", "chat", "summarize", "translate", "draft", "rewrite")
TEMPLATE_LANGUAGES = (("en", "English"), ("zh_CN", "中文"))


class SamplingOverrides(QGroupBox):
    """The sampling a template carries: each value only when its box is ticked (a persona sets some,
    the app's defaults fill the rest)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Sampling (only the ticked values are set)"), parent)
        self.boxes: dict[str, QCheckBox] = {}
        self.spins: dict[str, QDoubleSpinBox | QSpinBox] = {}
        rows = (
            ("temperature", self.tr("Temperature"), _double(0.0, 2.0, 0.05, 0.7)),
            ("top_p", self.tr("Top-p"), _double(0.0, 1.0, 0.01, 0.95)),
            ("top_k", self.tr("Top-k"), _int(0, 1000, 40)),
            ("min_p", self.tr("Min-p"), _double(0.0, 1.0, 0.01, 0.05)),
            ("repeat_penalty", self.tr("Repeat penalty"), _double(0.5, 2.0, 0.05, 1.1)),
            ("max_tokens", self.tr("Longest answer (tokens)"), _int(16, 32768, 1024)),
        )
        grid = QGridLayout(self)
        for i, (key, label, spin) in enumerate(rows):
            box = QCheckBox(label, self)
            box.toggled.connect(spin.setEnabled)
            spin.setEnabled(False)
            row, column = divmod(i, 2)  # two values a row: the editors above keep the height
            grid.addWidget(box, row, column * 2)
            grid.addWidget(spin, row, column * 2 + 1)
            self.boxes[key], self.spins[key] = box, spin

    def set_values(self, values: dict[str, float | int]) -> None:
        for key, box in self.boxes.items():
            box.setChecked(key in values)
            if key in values:
                self.spins[key].setValue(values[key])

    def values(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {}
        for key, box in self.boxes.items():
            if box.isChecked():
                spin = self.spins[key]
                out[key] = spin.value() if isinstance(spin, QSpinBox) else round(spin.value(), 2)
        return out

    def set_read_only(self, read_only: bool) -> None:
        for key, box in self.boxes.items():
            box.setEnabled(not read_only)
            self.spins[key].setEnabled(not read_only and box.isChecked())


class PromptLibraryDialog(QDialog):
    def __init__(
        self,
        library: PromptLibrary | None = None,
        language: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Prompt library"))
        self.library = library or PromptLibrary()
        self._templates: dict[str, PromptTemplate] = {}  # id -> template, in the language shown
        self._current: PromptTemplate | None = None
        self._dirty = False
        self._loading = False  # filling the editors: not an edit

        self.language_box = QComboBox(self)
        for code, name in TEMPLATE_LANGUAGES:
            self.language_box.addItem(name, code)
        ui_language = "zh_CN" if QLocale().name().startswith("zh") else "en"
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(language or ui_language)))
        self._language = self.language_box.currentData()
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter by name"))
        self.filter_edit.setClearButtonEnabled(True)

        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setRecursiveFilteringEnabled(True)  # a group stays while one of its templates matches
        self.proxy.setAutoAcceptChildRows(True)  # "persona" shows every persona
        self.filter_edit.textChanged.connect(self._filter)
        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.header().setStretchLastSection(False)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

        self.new_button = QPushButton(self.tr("New persona"), self)
        self.new_button.clicked.connect(self.new_persona)
        self.copy_button = QPushButton(self.tr("Copy to edit"), self)
        self.copy_button.clicked.connect(self.copy_to_edit)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_current)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.clicked.connect(self.save_current)

        self.title_edit = QLineEdit(self)
        self.id_label = QLabel(self)
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.system_edit = QPlainTextEdit(self)
        self.user_edit = QPlainTextEdit(self)
        for edit in (self.system_edit, self.user_edit):
            edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            edit.textChanged.connect(self._edited)
        self.title_edit.textChanged.connect(self._edited)
        self.variables_label = QLabel(self)
        self.variables_label.setWordWrap(True)
        self.variables_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        self.sampling = SamplingOverrides(self)
        for box in self.sampling.boxes.values():
            box.toggled.connect(self._edited)
        for spin in self.sampling.spins.values():
            spin.valueChanged.connect(self._edited)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.language_box)
        left_layout.addLayout(top)
        left_layout.addWidget(self.tree, 1)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_button)
        left_buttons.addStretch(1)
        left_layout.addLayout(left_buttons)

        right = QWidget(self)
        form = self._form = QFormLayout()
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Name"), self.id_label)
        form.addRow(self.tr("System text"), self.system_edit)
        form.addRow(self.tr("User text"), self.user_edit)
        form.addRow(self.tr("Variables"), self.variables_label)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.status_label)
        right_layout.addLayout(form, 1)
        right_layout.addWidget(self.sampling)
        right_layout.addWidget(self.error_label)
        actions = QHBoxLayout()
        actions.addWidget(self.copy_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        right_layout.addLayout(actions)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([400, 580])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.resize(980, 660)
        self.reload()

    # ---- the list -----------------------------------------------------------------------------------
    def _group_label(self, group: str) -> str:
        labels = {
            "persona": self.tr("Personas"),
            "chat": self.tr("Chat"),
            "summarize": self.tr("Summarize"),
            "translate": self.tr("Translate"),
            "draft": self.tr("Draft"),
            "rewrite": self.tr("Rewrite"),
        }
        return labels.get(group, group.replace("_", " ").capitalize())

    def _source_label(self, template: PromptTemplate) -> str:
        if template.read_only:
            return self.tr("Shipped")
        if self.library.has_shipped(template.id, template.language):
            return self.tr("Yours (replaces the shipped one)")
        return self.tr("Yours")

    def _order(self, template: PromptTemplate) -> tuple[bool, str]:
        """Shipped ones (and the user's versions of them) in place, the user's own after them."""
        own = not template.read_only and not self.library.has_shipped(template.id, template.language)
        return own, template.id

    def reload(self, select: str | None = None) -> None:
        """Read the templates in the language shown again, and select ``select`` (an id) if given."""
        keep = select or (self._current.id if self._current else None)
        self._templates = {t.id: t for t in self.library.templates() if t.language == self._language}
        self._current, self._dirty = None, False  # callers saved or let go of any edit first
        self.model.clear()
        self.model.setHorizontalHeaderLabels([self.tr("Template"), self.tr("Source")])
        groups: dict[str, list[PromptTemplate]] = {}
        for template in self._templates.values():
            groups.setdefault(template.group, []).append(template)
        order = [g for g in GROUP_ORDER if g in groups] + sorted(set(groups) - set(GROUP_ORDER))
        for group in order:
            label = self._group_label(group)
            head = QStandardItem(label)
            head.setData(label, SEARCH_ROLE)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            tail = QStandardItem("")
            tail.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for template in sorted(groups[group], key=self._order):
                title = QStandardItem(template.title)
                title.setData(template.id, ID_ROLE)
                title.setData(f"{template.title} {template.id}", SEARCH_ROLE)
                title.setToolTip(template.id)
                source = QStandardItem(self._source_label(template))
                head.appendRow([title, source])
            self.model.appendRow([head, tail])
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._current = None
        self._dirty = False
        if not (keep and self.select(keep)):
            self._show(None)

    def select(self, template_id: str) -> bool:
        """Make ``template_id`` the current row (clearing a filter that hides it); False if absent."""
        source = self._source_index(template_id)
        if source is None:
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.filter_edit.clear()
            index = self.proxy.mapFromSource(source)
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        return True

    def _source_index(self, template_id: str) -> QModelIndex | None:
        for g in range(self.model.rowCount()):
            head = self.model.item(g, 0)
            for r in range(head.rowCount()):
                if head.child(r, 0).data(ID_ROLE) == template_id:
                    return head.child(r, 0).index()
        return None

    def visible_ids(self) -> list[str]:
        """The template ids the filtered tree shows, top to bottom."""
        out = []
        for g in range(self.proxy.rowCount()):
            group = self.proxy.index(g, 0)
            out += [self.proxy.index(r, 0, group).data(ID_ROLE) for r in range(self.proxy.rowCount(group))]
        return out

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()

    def _language_chosen(self, _index: int) -> None:
        code = self.language_box.currentData()
        if code == self._language:
            return
        if not self._may_leave():
            self.language_box.blockSignals(True)
            self.language_box.setCurrentIndex(self.language_box.findData(self._language))
            self.language_box.blockSignals(False)
            return
        self._language = code
        self.reload()

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        template_id = current.data(ID_ROLE) if current.isValid() else None
        if self._current is not None and template_id == self._current.id:
            return
        if not self._may_leave():  # back to the template being edited
            self.tree.selectionModel().blockSignals(True)
            self.tree.selectionModel().setCurrentIndex(
                previous,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.tree.selectionModel().blockSignals(False)
            self.tree.viewport().update()
            return
        self._show(self._templates.get(template_id) if template_id else None)

    # ---- the template shown -------------------------------------------------------------------------
    def _show(self, template: PromptTemplate | None) -> None:
        self._current = template
        self._loading = True
        self.title_edit.setText(template.title if template else "")
        self.id_label.setText(f"{template.id}.{template.language}" if template else "")
        self.system_edit.setPlainText(template.system if template else "")
        self.user_edit.setPlainText(template.user if template else "")
        self.sampling.set_values(dict(template.sampling) if template else {})
        self._loading = False
        self._dirty = False
        editable = template is not None and not template.read_only
        for edit in (self.title_edit, self.system_edit, self.user_edit):
            edit.setReadOnly(not editable)
        self.sampling.set_read_only(not editable)
        persona = template is not None and template.group == PERSONA_GROUP
        self.sampling.setVisible(persona)
        # a persona is a system prompt: its user text row only shows when a file has one
        self._form.setRowVisible(self.user_edit, not (persona and template is not None and not template.user))
        self.save_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        self.copy_button.setEnabled(template is not None and template.read_only)
        if template is None:
            self.status_label.setText(self.tr("Pick a template on the left."))
        elif template.read_only:
            self.status_label.setText(
                self.tr("Shipped with the app, read-only. “Copy to edit” makes your own version of it.")
            )
        elif self.library.has_shipped(template.id, template.language):
            self.status_label.setText(
                self.tr("Your version: it is used instead of the shipped one. Delete it to go back.")
            )
        else:
            self.status_label.setText(self.tr("Your own template."))
        self.error_label.hide()
        self._check_texts()

    def _edited(self) -> None:
        if self._loading or self._current is None or self._current.read_only:
            return
        self._dirty = True
        self._check_texts()

    def _check_texts(self) -> None:
        """The variables the texts use, or the error that stops them from being used."""
        if self._current is None:
            self.variables_label.setText("")
            return
        draft = PromptTemplate(
            self._current.id,
            self._current.language,
            self.title_edit.text(),
            self.system_edit.toPlainText(),
            self.user_edit.toPlainText(),
        )
        try:
            names = sorted(draft.variables)
        except PromptError as exc:
            self.variables_label.setText("")
            self._show_error(readable_error(exc, log))
            return
        self.error_label.hide()
        self.variables_label.setText(", ".join(names) if names else self.tr("none"))

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    # ---- actions ------------------------------------------------------------------------------------
    def save_current(self) -> bool:
        """Save the user's template shown; a template that does not parse is refused (said, kept)."""
        template = self._current
        if template is None or template.read_only:
            return False
        try:
            self.library.save_user_template(
                template.id,
                template.language,
                self.title_edit.text(),
                self.system_edit.toPlainText(),
                self.user_edit.toPlainText(),
                self.sampling.values(),
            )
        except PromptError as exc:
            self._show_error(readable_error(exc, log))
            return False
        self._dirty = False
        self.reload(select=template.id)
        return True

    def copy_to_edit(self) -> None:
        template = self._current
        if template is None or not template.read_only:
            return
        try:
            copy = self.library.copy_to_user(template)
        except PromptError as exc:
            self._show_error(readable_error(exc, log))
            return
        self.reload(select=copy.id)
        self.title_edit.setFocus()

    def delete_current(self) -> None:
        template = self._current
        if template is None or template.read_only:
            return
        if self.library.has_shipped(template.id, template.language):
            question = self.tr("Delete your version of “{title}”? The shipped one will be used again.")
        else:
            question = self.tr("Delete “{title}”? This cannot be undone.")
        if not self._confirm(self.tr("Delete template"), question.format(title=template.title)):
            return
        try:
            self.library.delete_user_template(template.id, template.language)
        except PromptError as exc:
            self._show_error(readable_error(exc, log))
            return
        self._dirty = False
        self.reload(select=template.id)

    def new_persona(self) -> None:
        """A new, empty persona of the user's own in the language shown, ready to be filled in."""
        if not self._may_leave():
            return
        try:
            template_id = self.library.free_id(PERSONA_GROUP, "custom")
            self.library.save_user_template(template_id, self._language, self.tr("New persona"), "", "")
        except PromptError as exc:
            self._show_error(readable_error(exc, log))
            return
        self.filter_edit.clear()
        self.reload(select=template_id)
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    # ---- unsaved edits ------------------------------------------------------------------------------
    def _may_leave(self) -> bool:
        """True when there is nothing unsaved, or the user lets it go."""
        if not self._dirty or self._current is None:
            return True
        ok = self._confirm(
            self.tr("Unsaved changes"),
            self.tr("Discard your changes to “{title}”?").format(title=self._current.title),
        )
        if ok:
            self._dirty = False
        return ok

    def _confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        if self._may_leave():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_leave():
            super().closeEvent(event)
        else:
            event.ignore()


def open_prompt_library(parent: QWidget | None = None) -> PromptLibraryDialog:
    """Show the prompt library (the one already open, if any), not modal: the window stays usable."""
    if parent is not None:
        existing = parent.findChild(PromptLibraryDialog)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return existing
    dialog = PromptLibraryDialog(parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def _double(low: float, high: float, step: float, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(2)
    box.setValue(value)
    return box


def _int(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box
