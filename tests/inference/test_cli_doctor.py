"""`desk-assistant doctor`: the machine report, and a real load + generation with --model / --generate."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def doctor(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DESK_ASSISTANT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "desk_assistant", "doctor", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_the_report_names_version_llama_cpp_model_window_and_folders(app_home: Path) -> None:
    from desk_assistant import __version__

    result = doctor([], app_home)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for heading in ("Desk Assistant", "llama.cpp", "Model", "Window", "Folders"):
        assert f"\n{heading}\n" in f"\n{out}"
    assert re.search(rf"^  version +{re.escape(__version__)}$", out, re.MULTILINE)
    assert "llama-cpp-python" in out and "GPU plan" in out and "CJK font" in out
    assert str(app_home / "data") in out and "free" in out
    assert "Generation" not in out  # no model is loaded unless asked
    assert out.rstrip().endswith(("result: ok", "result: ok, with warnings"))


def test_model_loads_and_generates(tiny_model: Path, app_home: Path) -> None:
    result = doctor(["--model", str(tiny_model)], app_home)
    assert result.returncode == 0, result.stdout + result.stderr
    generation = result.stdout.split("\nGeneration\n")[1]
    written = int(generation.split(" read, ")[1].split(" written")[0])
    assert 1 <= written <= 8
    assert "tokens/s" in generation


def test_generate_runs_the_default_model(app_home: Path) -> None:
    result = doctor(["--generate"], app_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SmolLM2" in result.stdout and "8 written" in result.stdout


def test_a_broken_model_is_a_problem_and_exit_1(tmp_path: Path, app_home: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\x00" * 10)
    result = doctor(["--model", str(broken)], app_home)
    assert result.returncode == 1
    assert "problem: " in result.stdout and "result: problems found" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_data_folder_that_cannot_be_made_is_a_problem(app_home: Path) -> None:
    app_home.mkdir(parents=True, exist_ok=True)
    (app_home / "data").write_text("a file where the folder should be", encoding="utf-8")
    result = doctor([], app_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "the data folder cannot be created" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
