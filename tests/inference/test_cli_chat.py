"""`desk-assistant chat` in a subprocess, on the real Gemma 270M, the SmolLM2 starter and the tiny model."""

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


def test_chat_uses_the_starter_model_by_default(smollm2_model_path: Path, app_home: Path) -> None:
    """No --model, no default: SmolLM2 from its package answers, and stops on its own."""
    result = chat(["-v", "chat", "--max-tokens", "128", "--temperature", "0", "What is 2 + 2?"], app_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert result.stderr.startswith("[stop]"), result.stderr
    assert not list(app_home.glob("**/*.gguf"))  # loaded in place, nothing written out


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


def test_chat_conversation_is_stored_and_continued(tiny_model: Path, app_home: Path) -> None:
    from desk_assistant.storage.store import ConversationStore

    base = ["-v", "chat", "--model", str(tiny_model), "--max-tokens", "6", "--seed", "1"]
    first = chat([*base, "--conversation", "new", "--system", "Be brief.", "First question"], app_home)
    assert first.returncode == 0, first.stderr
    conversation_id = int(first.stderr.split("(conversation ")[1].split(")")[0])
    second = chat([*base, "--conversation", str(conversation_id), "Second question"], app_home)
    assert second.returncode == 0, second.stderr

    def prompt_tokens(stderr: str) -> int:
        return int(stderr.split("prompt ")[1].split(" tokens")[0])

    # the second turn sends the first exchange too
    assert prompt_tokens(second.stderr) > prompt_tokens(first.stderr) + 5
    with ConversationStore() as store:
        conversation = store.get_conversation(conversation_id)
        branch = store.active_branch(conversation_id)
    assert conversation.system_prompt == "Be brief."
    assert [m.role for m in branch] == ["user", "assistant", "user", "assistant"]
    assert [m.content for m in branch if m.role == "user"] == ["First question", "Second question"]
    assert branch[1].content == first.stdout.rstrip("\n")
    assert all(m.status == "complete" for m in branch)
    assert branch[3].stats and branch[3].stats["completion_tokens"] >= 1


def test_chat_unknown_conversation_is_one_sentence(tiny_model: Path, app_home: Path) -> None:
    result = chat(["chat", "--model", str(tiny_model), "--conversation", "42", "Hi"], app_home)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_bytes_that_are_not_utf8_never_reach_the_user_as_a_traceback(
    tiny_model: Path, app_home: Path
) -> None:
    import os
    import sys

    env = {**os.environ, "DESK_ASSISTANT_HOME": str(app_home)}
    command = [
        sys.executable,
        "-m",
        "desk_assistant",
        "chat",
        "--model",
        str(tiny_model),
        "--max-tokens",
        "4",
    ]
    # a message argument with a byte sequence that is not UTF-8 (it arrives as lone surrogates)
    out = subprocess.run(
        [*command, os.fsdecode(b"hi \xed\xa0\x80")], env=env, capture_output=True, timeout=120
    )
    assert out.returncode == 0 and b"Traceback" not in out.stderr
    # the same on stdin, and random binary input: one sentence
    out = subprocess.run(command, input=b"hi \xff\xfe there", env=env, capture_output=True, timeout=120)
    assert out.returncode == 0 and b"Traceback" not in out.stderr
    out = subprocess.run(command, input=bytes(range(256)) * 8, env=env, capture_output=True, timeout=120)
    assert (
        out.returncode == 1
        and out.stderr.decode().strip() == "desk-assistant: stdin does not look like a text file."
    )
