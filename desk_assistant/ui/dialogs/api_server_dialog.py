"""The API server dialog: start or stop it, where it listens, its URL and key (copy, new key).

Host and port can be changed while it is stopped; they are saved when it starts. A host other than
this computer's loopback address gets a warning: other machines on the network can reach it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.api.server import ApiServerError, is_loopback, parse_origins, url_for
from desk_assistant.core.secrets import StorageNote, storage_note
from desk_assistant.core.settings import Settings
from desk_assistant.ui.api_bridge import ApiServerControl
from desk_assistant.ui.background import BackgroundCall
from desk_assistant.ui.error_text import readable_error

log = logging.getLogger(__name__)


class ApiServerDialog(QDialog):
    def __init__(self, control: ApiServerControl, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ApiServerDialog")
        self.setWindowTitle(self.tr("API server"))
        self.setMinimumWidth(520)
        self._control = control
        self._settings = settings

        intro = QLabel(
            self.tr(
                "Other programs on this computer (an editor plugin, a script using the openai package) "
                "can use the loaded model through an OpenAI-compatible API. Their requests wait in line "
                "with the window's own work."
            )
        )
        intro.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("ApiServerStatus")
        self.host = QLineEdit(settings.api_server.host)
        self.host.setAccessibleName(self.tr("Address to listen on"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(settings.api_server.port)
        self.port.setAccessibleName(self.tr("Port"))
        self.warning = QLabel(
            self.tr(
                "Other computers on the network can reach this address; anyone who has the key can use "
                "the model. Use 127.0.0.1 to keep it on this computer."
            )
        )
        self.warning.setWordWrap(True)
        self.warning.setObjectName("ApiServerWarning")
        self.origins = QLineEdit(", ".join(settings.api_server.cors_origins))
        self.origins.setPlaceholderText(self.tr("None"))
        self.origins.setAccessibleName(self.tr("Web pages allowed to call the server"))
        self.origins.setToolTip(
            self.tr(
                "Web pages from these addresses may call the server from a browser (CORS), for example "
                "http://localhost:3000. Leave it empty unless a web app needs it; other programs never do."
            )
        )
        self.error_label = QLabel()
        self.error_label.setObjectName("FormError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()
        self.url = QLineEdit()
        self.url.setReadOnly(True)
        self.url.setAccessibleName(self.tr("Base URL"))
        self.key = QLineEdit()
        self.key.setReadOnly(True)
        self.key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.key.setAccessibleName(self.tr("API key"))
        self.copy_url = QPushButton(self.tr("Copy"))
        self.copy_url.setAccessibleName(self.tr("Copy the base URL"))
        self.copy_key = QPushButton(self.tr("Copy"))
        self.copy_key.setAccessibleName(self.tr("Copy the API key"))
        self.new_key = QPushButton(self.tr("New key"))
        self.new_key.setToolTip(
            self.tr("Make a new key; programs using the old one must be given the new one.")
        )
        self.key_note = QLabel()
        self.key_note.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Address:"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Web pages allowed:"), self.origins)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.copy_url)
        form.addRow(self.tr("Base URL:"), _holder(url_row))
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.copy_key)
        key_row.addWidget(self.new_key)
        form.addRow(self.tr("API key:"), _holder(key_row))

        self.toggle = QPushButton()
        self.toggle.setObjectName("ApiServerToggle")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.toggle, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.error_label)
        layout.addWidget(self.key_note)
        layout.addWidget(buttons)

        self.toggle.clicked.connect(self._toggle)
        self.copy_url.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.url.text()))
        self.copy_key.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.key.text()))
        self.new_key.clicked.connect(self._new_key)
        self.host.textChanged.connect(self._sync)
        self.port.valueChanged.connect(self._sync)
        control.stateChanged.connect(self._sync)
        control.servingChanged.connect(self._sync)
        self._sync()
        # the key and where it is kept come from the keyring, which may wait on an unlock prompt
        self._key_call: BackgroundCall | None = None
        self._read_key(lambda: (self._control.key(), storage_note()))

    def _read_key(self, work: Callable[[], tuple[str, StorageNote]]) -> None:
        self.key.clear()
        self.key.setPlaceholderText(self.tr("Reading the key…"))
        self.copy_key.setEnabled(False)
        self.new_key.setEnabled(False)
        self._key_call = BackgroundCall(lambda _cancel: work(), "api-key").start(self._key_read)

    def key_pending(self) -> bool:
        return self._key_call is not None

    @Slot(object, object, object)
    def _key_read(self, call: BackgroundCall, result: object, error: BaseException | None) -> None:
        if call is not self._key_call:
            return
        self._key_call = None
        self.new_key.setEnabled(True)
        self.key.setPlaceholderText("")
        if error is not None:  # e.g. the key file could not be written: the sentence, in the note line
            self.key_note.setText(readable_error(error, log))
            return
        key, note = result  # type: ignore[misc]
        self.key.setText(key)
        self.copy_key.setEnabled(True)
        self.key_note.setText(
            self.tr("The key is kept in %1.").replace("%1", note.where)
            if note.in_keyring
            else self.tr("The key is kept in %1, readable only by you.").replace("%1", note.where)
        )

    def _toggle(self) -> None:
        if self._control.is_running():
            self._control.stop()
            return
        try:
            origins = parse_origins(self.origins.text())
        except ApiServerError as exc:  # one sentence; nothing starts
            self.error_label.setText(readable_error(exc, log))
            self.error_label.show()
            self.adjustSize()  # room for the sentence: a dialog does not grow for a wrapped label itself
            return
        self.error_label.hide()
        api = self._settings.api_server
        api.host = self.host.text().strip() or "127.0.0.1"
        api.port = self.port.value()
        api.cors_origins = origins
        self.origins.setText(", ".join(origins))
        self._control.start()

    def _new_key(self) -> None:
        self._read_key(lambda: (self._control.new_key(), storage_note()))

    def _sync(self, *_args: object) -> None:
        phase = self._control.phase()
        running = phase == "running"
        changing = phase in ("starting", "stopping")
        texts = {
            "starting": self.tr("Starting…"),
            "stopping": self.tr("Stopping…"),
            "running": self.tr("Running at %1.").replace("%1", self._control.url()),
            "stopped": self.tr("Stopped."),
        }
        self.status.setText(texts[phase])
        self.toggle.setText(self.tr("Stop the server") if running else self.tr("Start the server"))
        self.toggle.setEnabled(not changing)
        self.host.setEnabled(not running and not changing)
        self.port.setEnabled(not running and not changing)
        self.origins.setEnabled(not running and not changing)
        host = self.host.text().strip() or "127.0.0.1"
        warn = not is_loopback(host)
        if warn == self.warning.isHidden():
            self.warning.setVisible(warn)
            if self.isVisible():
                self.adjustSize()
        self.url.setText(self._control.url() if running else url_for(host, self.port.value()))


def _holder(layout: QHBoxLayout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return widget
