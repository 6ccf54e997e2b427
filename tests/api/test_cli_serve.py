"""`desk-assistant serve` in a subprocess: prints the URL and the key, answers the openai client, ends
cleanly on Ctrl+C (SIGINT)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import openai
import pytest

from desk_assistant.core.settings import ModelSettings, Settings, save_settings

ROOT = Path(__file__).resolve().parents[2]


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desk_assistant", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
        cwd=ROOT,
    )


def _read_until(proc: subprocess.Popen[str], pattern: str, timeout: float = 60) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        if not line:
            break
        lines.append(line)
        if re.search(pattern, line):
            return lines
    proc.kill()
    pytest.fail(f"no {pattern!r} in the output: {lines} / {proc.stderr.read()}")  # type: ignore[union-attr]


def test_serve_answers_then_exits_cleanly_on_ctrl_c(tiny_model: Path, app_home: Path) -> None:
    settings = Settings(
        offline=True
    )  # starting it is the user's explicit act: it listens, never connects out
    settings.models[str(tiny_model)] = ModelSettings(context_size=2048, threads=1)
    save_settings(settings)
    proc = _start(["--model", str(tiny_model), "--port", "0", "--allow-origin", "http://localhost:3000"])
    try:
        lines = _read_until(proc, r"Ctrl\+C")
        text = "".join(lines)
        url = re.search(r"at (http://127\.0\.0\.1:\d+/v1)", text).group(1)  # type: ignore[union-attr]
        key = re.search(r"API key: (\S+)", text).group(1)  # type: ignore[union-attr]
        client = openai.OpenAI(base_url=url, api_key=key, max_retries=0, timeout=30)
        reply = client.chat.completions.create(
            model="m", messages=[{"role": "user", "content": "Hi"}], max_tokens=8
        )
        assert reply.usage.completion_tokens == 8 and reply.model == tiny_model.stem
        # --allow-origin: that web page may call it from a browser, another may not
        for origin, allowed in (
            ("http://localhost:3000", "http://localhost:3000"),
            ("http://evil.example", None),
        ):
            request = urllib.request.Request(
                f"{url}/models", headers={"Authorization": f"Bearer {key}", "Origin": origin}
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.headers["access-control-allow-origin"] == allowed
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Stopping." in out
    assert "Traceback" not in err and "Warning" not in err  # 127.0.0.1: no reachability warning


def test_serve_on_a_taken_port_says_so(tiny_model: Path, app_home: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc = _start(["--model", str(tiny_model), "--port", str(port)])
        _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert f"Port {port} is already in use" in err and "Traceback" not in err


def test_serve_warns_when_other_machines_can_reach_it(tiny_model: Path, app_home: Path) -> None:
    proc = _start(["--model", str(tiny_model), "--port", "0", "--host", "0.0.0.0"])
    try:
        _read_until(proc, r"Ctrl\+C")
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "reachable from other computers" in err


def test_serve_refuses_a_wrong_origin_before_loading_anything(app_home: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "desk_assistant", "serve", "--allow-origin", "localhost:3000"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip() == (
        "desk-assistant: 'localhost:3000' is not a web origin: write it like http://localhost:3000 "
        "(a scheme, a host and a port if it has one, nothing after)."
    )
