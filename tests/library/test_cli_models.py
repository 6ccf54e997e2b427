"""`desk-assistant models ...` through the real CLI entry point."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from desk_assistant.cli import main
from desk_assistant.library.catalog import load_catalog

from .conftest import write_gguf
from .fake_hub import FakeHub

ROOT = Path(__file__).resolve().parents[2]


def test_info_on_gemma_in_a_subprocess(gemma_model_path: Path) -> None:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "desk_assistant", "models", "info", str(gemma_model_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for expected in ("gemma3", "Q4_K_M", "32768", "Gemma 3 270m", "268M", "253.1 MB", "chat template   no"):
        assert expected in out
    print(f"models info on Gemma 270M: {elapsed:.2f}s including interpreter start")


@pytest.mark.parametrize(("content", "message"), [(b"", "is empty"), (b"PK\x03\x04zip", "is not a GGUF")])
def test_info_on_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.gguf"
    path.write_bytes(content)
    assert main(["models", "info", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("desk-assistant: ") and message in err and "\n" not in err


def test_import_list_default_remove(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = write_gguf(tmp_path / "Cli-Model.gguf")
    assert main(["models", "import", str(source)]) == 0
    assert main(["models", "default", "Cli-Model"]) == 0
    capsys.readouterr()
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "* Cli-Model.gguf" in out and "llama" in out
    assert main(["models", "remove", "Cli-Model.gguf"]) == 0
    capsys.readouterr()
    assert main(["models", "list"]) == 0
    assert "Cli-Model" not in capsys.readouterr().out
    assert main(["models", "remove", "Cli-Model.gguf"]) == 1


def test_catalog_lists_every_entry(capsys: pytest.CaptureFixture) -> None:
    assert main(["models", "catalog"]) == 0
    out = capsys.readouterr().out
    assert "Recommended:" in out
    for entry in load_catalog():
        assert entry.id in out


def test_download_from_fake_hub(fake_hub: FakeHub, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    entry = load_catalog()[0]
    data = write_gguf(tmp_path / "x.gguf", rows=8192).read_bytes()
    fake_hub.add(entry.repo, entry.file, data)
    assert main(["models", "download", entry.id, "--endpoint", fake_hub.url]) == 0
    captured = capsys.readouterr()
    assert "100.0%" in captured.err and "Installed and verified" in captured.out
    assert main(["models", "list"]) == 0
    assert entry.file in capsys.readouterr().out


def test_download_unknown_id_and_404(fake_hub: FakeHub, capsys: pytest.CaptureFixture) -> None:
    assert main(["models", "download", "no-such-model"]) == 1
    assert "There is no model no-such-model in the catalog" in capsys.readouterr().err
    entry = load_catalog()[0]
    assert main(["models", "download", entry.id, "--endpoint", fake_hub.url]) == 1
    assert "was not found in" in capsys.readouterr().err
