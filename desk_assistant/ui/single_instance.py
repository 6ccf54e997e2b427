"""One window per user and data folder: a second start brings the first window forward and exits.

A lock file in the data folder says who is first (QLockFile notices a holder that died and takes the
lock over); the first also listens on a local socket, on which a second start asks it to show itself.
"""

from __future__ import annotations

import hashlib
import logging
import os

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desk_assistant.core import paths

log = logging.getLogger(__name__)

SHOW = b"show\n"


def server_name() -> str:
    """Per user and data folder (a test's DESK_ASSISTANT_HOME is another instance)."""
    where = f"{os.getuid() if hasattr(os, 'getuid') else ''}:{paths.data_dir()}"
    return "desk-assistant-" + hashlib.sha1(where.encode()).hexdigest()[:16]


class SingleInstance(QObject):
    activated = Signal()  # a second start asked this window to come forward

    def __init__(self) -> None:
        super().__init__()
        self._lock = QLockFile(str(paths.data_dir() / "window.lock"))
        self._lock.setStaleLockTime(0)  # held for the whole run: stale only when its process is gone
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True when this is the first instance (it then listens for later starts)."""
        if not self._lock.tryLock(0):
            return False
        name = server_name()
        QLocalServer.removeServer(name)  # a socket file left by a killed first instance
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(name):
            log.warning("cannot listen on %s: %s", name, self._server.errorString())
        self._server.newConnection.connect(self._on_connection)
        return True

    def bring_forward(self, timeout_ms: int = 3000) -> bool:
        """Ask the first instance to show its window; False when it does not answer."""
        socket = QLocalSocket()
        socket.connectToServer(server_name())
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(SHOW)
        ok = socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return ok

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._on_message(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._on_message(socket)

    def _on_message(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(SHOW.strip()):
            log.info("a second start asked for the window")
            self.activated.emit()
