"""A local fake Hugging Face Hub on 127.0.0.1 for download tests.

Serves what huggingface_hub's ``get_hf_file_metadata`` (HEAD) and our transfer (GET with Range) call:
``/{owner}/{repo}/resolve/{revision}/{file}`` with ``X-Repo-Commit``, ``X-Linked-Etag`` (the sha256),
``X-Linked-Size``, ``ETag``, ``Content-Length``, ``Accept-Ranges``. Each file can be told to drop the
connection after N bytes (for the next K GETs), to answer 404 / 401 gated / 403, or to serve bytes that
do not match the advertised sha256, or to stall (send N bytes, then nothing until ``hub.unstall`` is set
or the server stops). Every request is recorded for assertions.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COMMIT = "a" * 40
RESOLVE_RE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<file>.+)$")
CDN_RE = re.compile(r"^/cdn/(?P<repo>[^/]+/[^/]+)/(?P<file>[^?]+)")


@dataclass
class HubFile:
    data: bytes
    sha256: str = ""  # advertised; defaults to the real hash
    status: int = 200  # 404, 401 (gated), 403 to refuse
    gated: bool = False
    drop_after: int | None = None  # close the connection after this many body bytes...
    drops_left: int = 0  # ...for this many GETs
    corrupt: bool = False  # serve different bytes than advertised
    ignore_range: bool = False
    throttle_s: float = 0.0  # pause per 64 KiB, to make a download slow enough to pause/cancel
    cdn_host: str | None = None  # like the real Hub: resolve answers 302 to this host's /cdn/ path
    stall_after: int | None = None  # send this many body bytes, then hold the connection open, silent

    def __post_init__(self) -> None:
        self.sha256 = self.sha256 or hashlib.sha256(self.data).hexdigest()


@dataclass
class Request:
    method: str
    path: str
    range: str | None


@dataclass
class FakeHub:
    files: dict[tuple[str, str], HubFile] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    url: str = ""
    unstall: threading.Event = field(default_factory=threading.Event)  # ends every stall

    def add(self, repo: str, filename: str, data: bytes, **options: object) -> HubFile:
        hub_file = HubFile(data, **options)  # type: ignore[arg-type]
        self.files[(repo, filename)] = hub_file
        return hub_file

    def gets(self, filename: str) -> list[Request]:
        return [r for r in self.requests if r.method == "GET" and r.path.endswith("/" + filename)]


def _handler(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def do_HEAD(self) -> None:
            self._serve(body=False)

        def do_GET(self) -> None:
            self._serve(body=True)

        def _refuse(self, status: int, code: str | None, message: str) -> None:
            self.send_response(status)
            if code:
                self.send_header("X-Error-Code", code)
            self.send_header("X-Error-Message", message)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _serve(self, body: bool) -> None:
            hub.requests.append(Request(self.command, self.path, self.headers.get("Range")))
            match = RESOLVE_RE.match(self.path)
            cdn = CDN_RE.match(self.path)
            key = (match["repo"], match["file"]) if match else ((cdn["repo"], cdn["file"]) if cdn else None)
            hub_file = hub.files.get(key) if key else None
            if hub_file is None:
                self._refuse(404, "EntryNotFound", "Entry not found")
                return
            if hub_file.gated:
                self._refuse(401, "GatedRepo", "Access to this model is restricted.")
                return
            if hub_file.status != 200:
                self._refuse(hub_file.status, None, "Refused")
                return
            if match and hub_file.cdn_host:
                # The Hub's answer for LFS/Xet files: metadata on a redirect to a signed CDN URL.
                port = hub.url.rsplit(":", 1)[1]
                self.send_response(302)
                self.send_header("Location", f"http://{hub_file.cdn_host}:{port}/cdn/{key[0]}/{key[1]}?sig=x")
                self.send_header("X-Repo-Commit", COMMIT)
                self.send_header("X-Linked-Etag", f'"{hub_file.sha256}"')
                self.send_header("X-Linked-Size", str(len(hub_file.data)))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = hub_file.data
            if hub_file.corrupt:
                data = bytes(b ^ 0xFF for b in data[:16]) + data[16:]
            start = 0
            range_header = self.headers.get("Range")
            if range_header and not hub_file.ignore_range:
                start = int(re.match(r"bytes=(\d+)-", range_header)[1])
                if start >= len(data):
                    self._refuse(416, None, "Range Not Satisfiable")
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            self.send_header("X-Repo-Commit", COMMIT)
            self.send_header("X-Linked-Etag", f'"{hub_file.sha256}"')
            self.send_header("X-Linked-Size", str(len(hub_file.data)))
            self.send_header("ETag", f'"{hub_file.sha256}"')
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", str(len(data) - start))
            self.end_headers()
            if not body:
                return
            payload = data[start:]
            if hub_file.stall_after is not None:
                try:
                    self.wfile.write(payload[: hub_file.stall_after])
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    return
                hub.unstall.wait(60)
                payload = payload[hub_file.stall_after :]
            if hub_file.drops_left > 0 and hub_file.drop_after is not None:
                hub_file.drops_left -= 1
                self.wfile.write(payload[: hub_file.drop_after])
                self.wfile.flush()
                self.close_connection = True
                return
            step = 64 * 1024
            for i in range(0, len(payload), step):
                try:
                    self.wfile.write(payload[i : i + step])
                except (BrokenPipeError, ConnectionResetError):
                    return
                if hub_file.throttle_s:
                    threading.Event().wait(hub_file.throttle_s)

    return Handler


class FakeHubServer:
    def __init__(self) -> None:
        self.hub = FakeHub()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.hub))
        self.server.daemon_threads = True
        self.hub.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-hub", daemon=True
        )

    def __enter__(self) -> FakeHub:
        self.thread.start()
        return self.hub

    def __exit__(self, *exc: object) -> None:
        self.hub.unstall.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
