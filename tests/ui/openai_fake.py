"""A small OpenAI-compatible server on 127.0.0.1 for the window's remote-backend tests.

``GET /v1/models`` lists ``models``; ``POST /v1/chat/completions`` streams ``answer`` as server-sent
events in a few pieces; with ``key`` set, both want ``Authorization: Bearer <key>`` (else 401, as vLLM
and llama.cpp's server answer). No tokenize endpoint (like Ollama): token counts are estimates.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOpenAIServer:
    def __init__(self, models: list[str] | None = None, answer: str = "Hello from the server!") -> None:
        self.models = models if models is not None else ["qwen/Qwen3-8B", "llama-3.1-70b"]
        self.answer = answer
        self.key = ""
        self.delay = 0.0  # seconds between two pieces of an answer
        self.requests: list[dict] = []  # chat request bodies
        self.hits: list[str] = []  # every request's method and path
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorized(self) -> bool:
                server.hits.append(f"{self.command} {self.path}")
                if server.key and self.headers.get("Authorization") != f"Bearer {server.key}":
                    self._reply(401, {"error": {"message": "Invalid API key", "code": 401}})
                    return False
                return True

            def do_GET(self) -> None:
                if not self._authorized():
                    return
                if self.path.rstrip("/") != "/v1/models":
                    self._reply(404, {"error": {"message": "not found"}})
                    return
                models = [{"id": m, "object": "model"} for m in server.models]
                self._reply(200, {"object": "list", "data": models})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if not self._authorized():
                    return
                if self.path != "/v1/chat/completions":
                    self._reply(404, {"error": {"message": "not found"}})
                    return
                request = json.loads(body)
                server.requests.append(request)
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                words = server.answer.split(" ")
                pieces = [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
                for i, piece in enumerate(pieces):
                    last = i == len(pieces) - 1
                    choice = {"delta": {"content": piece}, "finish_reason": "stop" if last else None}
                    event = {"choices": [choice]}
                    try:
                        self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                        self.wfile.flush()
                    except OSError:  # the app stopped reading (Stop): it closed the stream
                        return
                    time.sleep(server.delay)
                usage = {"prompt_tokens": 12, "completion_tokens": len(pieces)}
                self.wfile.write(f"data: {json.dumps({'choices': [], 'usage': usage})}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fake-openai", daemon=True)

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)


def refused_url() -> str:
    """An address on 127.0.0.1 where nothing listens (the connection is refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
