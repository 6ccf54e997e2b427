"""The API server's lifecycle: uvicorn on a background thread, and its key in the secret store.

Starting it is an explicit user action (a menu item, ``desk-assistant serve``, or the setting that
says "start it at launch"), so it is allowed while the app is offline: it only listens on this
computer's address; it never connects out.

The socket is bound here, on the caller's thread, before uvicorn starts: a port already in use is one
clear sentence at once (``ApiServerError``), and port 0 picks a free port (tests).
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import logging
import re
import secrets
import socket
import threading
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from desk_assistant.api.executor import Executor
from desk_assistant.core import secrets as secret_store
from desk_assistant.core.errors import DeskAssistantError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.types import SamplingParams

log = logging.getLogger(__name__)

KEY_NAME = "api-server"
STOP_TIMEOUT_S = 5.0


class ApiServerError(DeskAssistantError):
    """The API server could not start (the port is taken, the address is not this computer's)."""


def server_key() -> str:
    """The server's key, made (and stored) the first time it is needed."""
    key = secret_store.get_secret(KEY_NAME)
    if not key:
        key = new_server_key()
    return key


def new_server_key() -> str:
    """A fresh key replaces the old one (which stops working at once)."""
    key = secrets.token_urlsafe(32)
    secret_store.set_secret(KEY_NAME, key)
    return key


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_origins(text: str) -> list[str]:
    """The web origins the user allows to call the server from a browser (CORS), given as
    ``http://localhost:3000, https://app.example``: each a scheme and a host (and port), nothing more."""
    origins = []
    for item in re.split(r"[,\s]+", text.strip()):
        if not item:
            continue
        parts = urlsplit(item)
        try:
            valid = parts.port is None or parts.port > 0  # .port raises on a port that is not a number
        except ValueError:
            valid = False
        valid = valid and parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.username
        if not valid or parts.path.strip("/") or parts.query or parts.fragment:
            raise ApiServerError(
                QT_TRANSLATE_NOOP(
                    "errors",
                    "{origin} is not a web origin: write it like http://localhost:3000 (a scheme, a host and "
                    "a port if it has one, nothing after).",
                ),
                origin=repr(item),
            )
        origin = f"{parts.scheme}://{parts.netloc.lower()}"
        if origin not in origins:
            origins.append(origin)
    return origins


def url_for(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/v1"


def bind_socket(host: str, port: int) -> socket.socket:
    if not 0 <= port <= 65535:  # getaddrinfo would wrap 99999 around to 34463 without a word
        raise ApiServerError(
            QT_TRANSLATE_NOOP("errors", "{port} is not a port number: choose one from 1 to 65535."),
            port=port,
        )
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ApiServerError(
            QT_TRANSLATE_NOOP("errors", "The API server cannot listen on {host}: no such address."),
            host=host,
            detail=str(exc),
        ) from exc
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: no other program may share the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(64)
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
            raise ApiServerError(
                QT_TRANSLATE_NOOP(
                    "errors",
                    "Port {port} is already in use by another program; choose another port for the API "
                    "server.",
                ),
                port=port,
                detail=str(exc),
            ) from exc
        raise ApiServerError(
            QT_TRANSLATE_NOOP("errors", "The API server cannot listen on {host} port {port}: {reason}"),
            host=host,
            port=port,
            reason=exc.strerror or str(exc),
        ) from exc
    sock.setblocking(False)
    return sock


class ApiServer:
    """One running server: ``start()`` binds and serves on a thread; ``stop()`` ends it (bounded)."""

    def __init__(
        self,
        executor: Executor,
        *,
        host: str = "127.0.0.1",
        port: int = 8765,
        cors_origins: Sequence[str] = (),
        key: Callable[[], str] = server_key,
        defaults: Callable[[], SamplingParams] = SamplingParams,
    ) -> None:
        from desk_assistant.api.app import create_app  # Starlette: not before a server is wanted

        self.executor = executor
        self.host = host
        self.port = port
        self._cached_key = ""
        self._key_source = key
        self.app = create_app(executor, self.key, cors_origins=cors_origins, defaults=defaults)
        self._server = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    # the key is read per request: cache it (the keyring is slow), ``reload_key`` after "new key"
    def key(self) -> str:
        if not self._cached_key:
            self._cached_key = self._key_source()
        return self._cached_key

    def reload_key(self) -> None:
        self._cached_key = ""
        self.key()

    @property
    def url(self) -> str:
        return url_for(self.host, self.port)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def reachable_from_other_machines(self) -> bool:
        return not is_loopback(self.host)

    def start(self, timeout: float = 10.0) -> None:
        """Bind (``ApiServerError`` when it cannot), then serve on a daemon thread; returns once uvicorn
        accepts connections."""
        import uvicorn

        self.key()  # made and stored before the first request, not during it
        self._socket = bind_socket(self.host, self.port)
        self.port = self._socket.getsockname()[1]
        config = uvicorn.Config(
            self.app,
            loop="asyncio",
            http="h11",
            ws="none",
            lifespan="off",
            log_config=None,  # the app's own logging
            access_log=False,
            timeout_graceful_shutdown=2,
            server_header=False,
        )
        self._server = server = uvicorn.Server(config)
        ready = threading.Event()
        sock = self._socket

        def serve() -> None:
            try:
                server.run(sockets=[sock])
            except BaseException:  # SystemExit from a failed start included: logged, never raised here
                log.exception("the API server stopped with an error")
            finally:
                ready.set()

        self._thread = threading.Thread(target=serve, name="desk-assistant-api-server", daemon=True)
        self._thread.start()
        watcher = threading.Thread(target=_wait_started, args=(server, ready), daemon=True)
        watcher.start()
        ready.wait(timeout)
        if not server.started:
            self.stop()
            raise ApiServerError(
                QT_TRANSLATE_NOOP("errors", "The API server did not start; see the log file.")
            )
        where = (
            "reachable from other computers" if self.reachable_from_other_machines else "this computer only"
        )
        log.info("API server listening on %s (%s)", self.url, where)

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> bool:
        """Cancel what is queued or running for API clients, end uvicorn, wait at most ``timeout``.
        True when the thread ended."""
        self.app.state.api.cancel_all()
        if self._server is not None:
            self._server.should_exit = True
        ended = True
        if self._thread is not None:
            self._thread.join(timeout)
            ended = not self._thread.is_alive()
            if not ended:
                log.warning("the API server did not stop within %.1f s", timeout)
                self._server.force_exit = True  # type: ignore[union-attr]
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.close()
        if ended:
            self._thread = None
        return ended


def _wait_started(server, ready: threading.Event) -> None:
    while not ready.is_set():
        if server.started:
            ready.set()
            return
        ready.wait(0.01)
