"""Tools → Remote backends: the OpenAI-compatible servers (vLLM, llama.cpp's server, Ollama) the app may use.

A list of servers with Add / Edit / Remove, and a line saying where API keys are kept (the system
keyring, or a file only this user can read). The add / edit form has the key in password echo with a
Show toggle; editing leaves the saved key alone unless a new one is typed (or "Remove the saved key"
is ticked). "Test connection" asks the server for its models on a thread and shows them, or the
reason it failed, as one sentence; the window never waits for it.

Everything is saved through ``core.backends`` (settings file + keyring); its ``BackendError`` is shown
as its translated sentence in the dialog, which stays open.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.core import backends, secrets
from desk_assistant.core.backends import Connection
from desk_assistant.core.settings import RemoteBackend, Settings
from desk_assistant.ui.background import BackgroundCall
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.locale_format import number
from desk_assistant.ui.remote_models import Lister, ModelLister

log = logging.getLogger(__name__)

TEST_KEY = "test"
MODELS_SHOWN = 8  # a test lists this many model names, then "and N more"


def storage_text(note: secrets.StorageNote) -> str:
    """Where API keys are kept, as the dialog says it."""
    if note.in_keyring:
        return QCoreApplication.translate(
            "BackendsDialog", "API keys are kept in the system keyring (%1)."
        ).replace("%1", note.where)
    return QCoreApplication.translate(
        "BackendsDialog", "No system keyring: keys are kept in %1, readable only by you."
    ).replace("%1", note.where)


class BackendForm(QDialog):
    """Add or edit one backend: name, server address, API key; Test connection; saved on OK."""

    def __init__(
        self,
        settings: Settings,
        backend: RemoteBackend | None = None,
        parent: QWidget | None = None,
        *,
        lister: Lister | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._old_name = backend.name if backend else None
        self.setWindowTitle(self.tr("Edit remote backend") if backend else self.tr("Add a remote backend"))
        self.setMinimumWidth(480)
        self.name_edit = QLineEdit(backend.name if backend else "")
        self.name_edit.setMaxLength(backends.MAX_NAME_LENGTH)
        self.name_edit.setPlaceholderText(self.tr("e.g. workstation"))
        self.url_edit = QLineEdit(backend.base_url if backend else "")
        self.url_edit.setPlaceholderText("http://192.168.1.20:8080")
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(
            self.tr("Leave empty to keep the saved key") if backend else self.tr("None")
        )
        self.key_edit.setAccessibleName(self.tr("API key"))
        self.show_key_button = QPushButton(self.tr("Show"))
        self.show_key_button.setCheckable(True)
        self.show_key_button.setToolTip(self.tr("Show the key as you type it"))
        self.show_key_button.toggled.connect(self._toggle_echo)
        self.remove_key = QCheckBox(self.tr("Remove the saved key"))
        self.remove_key.setVisible(backend is not None)
        self.key_edit.textChanged.connect(lambda text: self.remove_key.setEnabled(not text))
        key_row = QHBoxLayout()
        key_row.setContentsMargins(0, 0, 0, 0)
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.show_key_button)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Server address"), self.url_edit)
        form.addRow(self.tr("API key"), key_row)
        if backend is not None:
            form.addRow("", self.remove_key)
        hint = QLabel(
            self.tr(
                "Any server with the OpenAI-compatible API: llama.cpp's server, Ollama, vLLM. "
                "The address is where it listens, with or without /v1."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("Hint")

        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setObjectName("TestResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.test_result, 1)

        self.error_label = QLabel()
        self.error_label.setObjectName("FormError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()
        self.saving_label = QLabel(self.tr("Saving the key…"))
        self.saving_label.setObjectName("Hint")
        self.saving_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(test_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.saving_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self._lister = ModelLister(self, lister)
        self._lister.listed.connect(self._on_listed)
        self.saved_name: str | None = None
        self.note: secrets.StorageNote | None = None
        self._saving: BackgroundCall | None = None

    # ---- the key field ------------------------------------------------------------------------------
    @Slot(bool)
    def _toggle_echo(self, shown: bool) -> None:
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_key_button.setText(self.tr("Hide") if shown else self.tr("Show"))
        if self.show_key_button.isChecked() != shown:
            self.show_key_button.setChecked(shown)

    def typed_key(self) -> str | None:
        """The key to save: what was typed; when editing, None (keep) unless typed or removed."""
        key = self.key_edit.text().strip()
        if key or self._old_name is None:
            return key
        return "" if self.remove_key.isChecked() else None

    # ---- test ---------------------------------------------------------------------------------------
    def test_connection(self) -> None:
        """Ask the server in the form for its models, on a thread; the answer fills the result line."""
        name = self.name_edit.text().strip() or self.url_edit.text().strip()
        url = self.url_edit.text()
        key = self.typed_key()
        old_name = self._old_name

        def make_connection() -> Connection:  # runs on the lister's thread
            stored = secrets.get_secret(backends.key_name(old_name)) if key is None and old_name else ""
            return Connection(name, backends.normalize_url(url), stored if key is None else key)

        self.test_button.setEnabled(False)
        self.test_result.setProperty("level", "")
        self.test_result.setText(self.tr("Asking the server for its models…"))
        self._lister.start(TEST_KEY, make_connection)

    def test_pending(self) -> bool:
        return self._lister.pending(TEST_KEY)

    @Slot(str, object, object)
    def _on_listed(self, _key: str, models: list[str] | None, error: str | None) -> None:
        self.test_button.setEnabled(True)
        if error is not None or models is None:
            self.test_result.setProperty("level", "error")
            self.test_result.setText(error or "")
        elif not models:
            self.test_result.setProperty("level", "ok")
            self.test_result.setText(self.tr("Connected, but the server offers no models."))
        else:
            shown = ", ".join(models[:MODELS_SHOWN])
            if len(models) > MODELS_SHOWN:
                shown = (
                    self.tr("%1 and %2 more")
                    .replace("%1", shown)
                    .replace("%2", number(len(models) - MODELS_SHOWN))
                )
            self.test_result.setProperty("level", "ok")
            self.test_result.setText(self.tr("Connected. Models on the server: %1").replace("%1", shown))
        self.test_result.style().unpolish(self.test_result)
        self.test_result.style().polish(self.test_result)

    # ---- save ---------------------------------------------------------------------------------------
    def save(self) -> None:
        """Check the form (a wrong field is one sentence and the form stays), store the key on a thread
        (a keyring may wait for the user to unlock it), then change the settings and close."""
        if self._saving is not None:
            return
        try:
            change = backends.check_change(
                self._settings, self._old_name, self.name_edit.text(), self.url_edit.text(), self.typed_key()
            )
        except Exception as exc:  # BackendError: the sentence, and the form stays
            self.show_error(readable_error(exc, log))
            return
        self.error_label.hide()
        self._set_saving(True)
        self._saving = BackgroundCall(lambda _cancel: backends.store_key(change), "backend-key", change)
        self._saving.start(self._key_stored)

    def saving(self) -> bool:
        return self._saving is not None

    def _set_saving(self, saving: bool) -> None:
        for widget in (self.name_edit, self.url_edit, self.key_edit, self.show_key_button):
            widget.setEnabled(not saving)
        self.remove_key.setEnabled(not saving and not self.key_edit.text())
        for button in (QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel):
            self.buttons.button(button).setEnabled(not saving)
        self.saving_label.setVisible(saving)

    @Slot(object, object, object)
    def _key_stored(self, call: BackgroundCall, note: object, error: BaseException | None) -> None:
        if call is not self._saving:
            return  # the form was closed meanwhile
        self._saving = None
        self._set_saving(False)
        try:
            if error is not None:
                raise error
            backends.apply_change(self._settings, call.context)
        except Exception as exc:  # BackendError, SettingsError: the sentence, and the form stays
            self.show_error(readable_error(exc, log))
            return
        self.note = note  # type: ignore[assignment]
        self.saved_name = call.context.name
        self.accept()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def done(self, result: int) -> None:
        if self._saving is not None:
            # Saving goes through: half of it (a renamed key without the renamed backend) would lose
            # the key. A keyring's unlock prompt ends with an answer or its own timeout.
            return
        self._lister.forget()  # a test still running answers nobody
        super().done(result)


class BackendsDialog(QDialog):
    """The list of remote backends; add, edit, remove; where the keys are kept."""

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        lister: Lister | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._lister = lister
        self.changed = False  # a backend was added, edited or removed
        self.setWindowTitle(self.tr("Remote backends"))
        self.setMinimumSize(520, 360)
        intro = QLabel(
            self.tr(
                "Servers with bigger models than this computer can run. Their models appear in the model "
                "picker below the ones on this computer, and every pane works with them."
            )
        )
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setColumnCount(2)
        self.list.setHeaderLabels([self.tr("Name"), self.tr("Server address")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(False)  # a Chinese name is taller than a Latin one
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName(self.tr("Remote backends"))
        self.list.header().setStretchLastSection(True)
        self.list.itemDoubleClicked.connect(lambda _item, _column: self.edit_selected())
        self.list.currentItemChanged.connect(lambda _now, _before: self._sync_buttons())
        self.empty_label = QLabel(self.tr("No remote backends yet. Add one to use models on a server."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setObjectName("Hint")
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        side = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)

        self.storage_label = QLabel()
        self.storage_label.setObjectName("StorageNote")
        self.storage_label.setWordWrap(True)
        self.storage_label.setTextFormat(Qt.TextFormat.PlainText)
        self.storage_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label = QLabel()
        self.error_label.setObjectName("FormError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.storage_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.refresh()
        # asking which keyring there is can take a D-Bus round trip: on a thread, like every keyring call
        self._calls: set[BackgroundCall] = set()
        self._in_background(lambda _cancel: secrets.storage_note(), "keyring-probe", self._storage_known)

    # ---- list ---------------------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        self.list.clear()
        for backend in self._settings.backends:
            item = QTreeWidgetItem([backend.name, backend.base_url])
            item.setData(0, Qt.ItemDataRole.UserRole, backend.name)
            item.setToolTip(1, backend.base_url)
            self.list.addTopLevelItem(item)
            if backend.name == select:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.list.resizeColumnToContents(0)
        self.empty_label.setVisible(self.list.topLevelItemCount() == 0)
        self._sync_buttons()

    def names(self) -> list[str]:
        items = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in items]

    def selected_name(self) -> str | None:
        item = self.list.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, name: str) -> None:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentItem(item)

    def _sync_buttons(self) -> None:
        selected = self.selected_name() is not None
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)

    def show_storage(self, note: secrets.StorageNote) -> None:
        self.storage_label.setText(storage_text(note))

    def _in_background(
        self,
        work: Callable[[threading.Event], object],
        name: str,
        slot: Callable[[BackgroundCall, object, BaseException | None], None],
    ) -> None:
        call = BackgroundCall(work, name)
        self._calls.add(call)
        call.start(slot)

    def background_done(self) -> bool:
        """No keyring call of this dialog's is still running (for tests)."""
        return not self._calls

    @Slot(object, object, object)
    def _storage_known(self, call: BackgroundCall, note: object, error: BaseException | None) -> None:
        self._calls.discard(call)
        if error is not None:
            log.warning("could not tell where keys are kept: %r", error)
        elif not self.storage_label.text():  # a saved key's own note, if one came first, is as good
            self.show_storage(note)  # type: ignore[arg-type]

    @Slot(object, object, object)
    def _key_deleted(self, call: BackgroundCall, _result: object, error: BaseException | None) -> None:
        self._calls.discard(call)
        if error is not None:  # the backend is gone; its key stays listed for "Delete all my data"
            log.warning("could not delete a removed backend's key: %r", error)

    # ---- add / edit / remove ------------------------------------------------------------------------
    def make_form(self, backend: RemoteBackend | None = None) -> BackendForm:
        return BackendForm(self._settings, backend, self, lister=self._lister)

    def _run_form(self, form: BackendForm) -> None:
        form.finished.connect(lambda result: self._form_done(form, result))
        form.open()  # window-modal: the event loop (and the window behind) keeps running

    def _form_done(self, form: BackendForm, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            self.changed = True
            self.error_label.hide()
            self.refresh(select=form.saved_name)
            if form.note is not None:
                self.show_storage(form.note)
        form.deleteLater()

    def add(self) -> BackendForm:
        form = self.make_form()
        self._run_form(form)
        return form

    def edit_selected(self) -> BackendForm | None:
        name = self.selected_name()
        backend = backends.find_backend(self._settings, name) if name else None
        if backend is None:
            return None
        form = self.make_form(backend)
        self._run_form(form)
        return form

    def confirm_remove(self, name: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Remove backend"),
            self.tr("Remove %1 and its saved API key? Conversations made with its models are kept.").replace(
                "%1", name
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        name = self.selected_name()
        if name is None or not self.confirm_remove(name):
            return
        try:
            backends.remove_backend(self._settings, name, delete_key=False)
        except Exception as exc:  # BackendError / SettingsError: one sentence
            self.error_label.setText(readable_error(exc, log))
            self.error_label.show()
            return
        key = backends.key_name(name)
        self._in_background(lambda _cancel: secrets.delete_secret(key), "keyring-delete", self._key_deleted)
        self.changed = True
        self.error_label.hide()
        self.refresh()
