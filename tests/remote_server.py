"""A real OpenAI-compatible server for remote-backend tests and the bench: llama-cpp-python's own
(``python -m llama_cpp.server``) in a subprocess on 127.0.0.1, on a free port, always killed after."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import requests

START_TIMEOUT_S = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """The server and anything it started: SIGTERM to its process group, SIGKILL if it lingers."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(3)  # uvicorn waits for a running generation to finish: not for long
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@contextlib.contextmanager
def llama_cpp_server(
    model: Path,
    *,
    alias: str = "tiny",
    n_ctx: int = 2048,
    threads: int = 1,
    api_key: str | None = None,
) -> Iterator[str]:
    """Start the server with ``model`` (named ``alias``); yields its base URL (no /v1)."""
    with tempfile.TemporaryFile() as log:
        for _attempt in range(3):  # another process may take the free port before the server binds it
            port = free_port()
            cmd = [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(model),
                "--model_alias",
                alias,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_threads",
                str(threads),
                "--n_threads_batch",
                str(threads),
                "--n_ctx",
                str(n_ctx),
                "--use_mlock",
                "False",
                "--verbose",
                "False",
            ]
            if api_key:
                cmd += ["--api_key", api_key]
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            url = f"http://127.0.0.1:{port}"
            try:
                if _wait_ready(proc, url):
                    yield url
                    return
            finally:
                _stop(proc)
        log.seek(0)
        raise RuntimeError(f"llama_cpp.server did not start: {log.read()[-3000:].decode(errors='replace')}")


def _wait_ready(proc: subprocess.Popen[bytes], url: str) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            if requests.get(f"{url}/v1/models", timeout=1).status_code in (200, 401):
                return True
        except requests.RequestException:
            pass
        time.sleep(0.1)
    return False
