"""`desk-assistant chat` in a subprocess, on the real Gemma starter model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gemma
ROOT = Path(__file__).resolve().parents[2]


def chat(args: list[str], home: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DESK_ASSISTANT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "desk_assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_chat_streams_an_answer(gemma_model_path: Path, app_home: Path) -> None:
    result = chat(
        ["-v", "chat", "--model", str(gemma_model_path), "--max-tokens", "16", "--seed", "3", "Hello"],
        app_home,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert "tokens/s" in result.stderr and "seed 3" in result.stderr
    assert "llama_context" not in result.stderr  # llama.cpp's chatter stays out of the console


def test_chat_reads_stdin_and_is_repeatable_with_a_seed(gemma_model_path: Path, app_home: Path) -> None:
    args = [
        "chat",
        "--model",
        str(gemma_model_path),
        "--max-tokens",
        "12",
        "--seed",
        "5",
        "--temperature",
        "0.8",
    ]
    first = chat(args, app_home, stdin="Name three colours.")
    second = chat(args, app_home, stdin="Name three colours.")
    assert first.returncode == 0 and first.stdout.strip()
    assert first.stdout == second.stdout


def test_chat_uses_the_starter_model_by_default(gemma_model_path: Path, app_home: Path) -> None:
    models = app_home / "data" / "models"
    models.mkdir(parents=True)
    os.link(gemma_model_path, models / "gemma-3-270m-q4_k_m.gguf")  # as if assembled on first run
    result = chat(["chat", "--max-tokens", "8", "Hi"], app_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_chat_bad_model_is_one_sentence(tmp_path: Path, app_home: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_text("not a model")
    result = chat(["chat", "--model", str(bad), "Hi"], app_home)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("desk-assistant:") and "bad.gguf" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_chat_without_message_says_so(tiny_model: Path, app_home: Path) -> None:
    result = chat(["chat", "--model", str(tiny_model)], app_home, stdin="  \n")
    assert result.returncode == 1 and "no message" in result.stderr
