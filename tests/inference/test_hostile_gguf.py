"""GGUF files whose header numbers no model has: refused with one sentence before llama.cpp reads them.

Unchecked, llama.cpp trusts them: a trained context past 2^31 makes llama-cpp-python's tokenizer raise
("Array length must be >= 0"), a huge layer count aborts the whole process.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from desk_assistant.core.errors import ModelFileError
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import LoadOptions
from desk_assistant.library.gguf_header import read_header

ROOT = Path(__file__).resolve().parents[2]
UINT32, INT32 = 4, 5


def patched(source: Path, target: Path, key: str, value_type: int, value: bytes) -> Path:
    """``source`` with the 4-byte scalar of metadata ``key`` replaced (its type too)."""
    data = bytearray(source.read_bytes())
    name = key.encode()
    at = data.index(struct.pack("<Q", len(name)) + name) + 8 + len(name)
    assert struct.unpack_from("<I", data, at)[0] in (UINT32, INT32)
    struct.pack_into("<I", data, at, value_type)
    data[at + 4 : at + 8] = value
    target.write_bytes(data)
    return target


CASES = [
    ("llama.context_length", UINT32, struct.pack("<I", 0xFFFFFFFF), "4294967295 as its context length"),
    ("llama.context_length", INT32, struct.pack("<i", -1), "-1 as its context length"),
    ("llama.context_length", UINT32, struct.pack("<I", 0), "0 as its context length"),
    ("llama.block_count", UINT32, struct.pack("<I", 0x0FFFFFFF), "268435455 as its number of layers"),
    ("llama.embedding_length", UINT32, struct.pack("<I", 0), "0 as its embedding size"),
    ("llama.attention.head_count", UINT32, struct.pack("<I", 1 << 20), "as its number of attention heads"),
]


@pytest.mark.parametrize(("key", "value_type", "value", "said"), CASES)
def test_implausible_header_numbers_are_refused(
    tiny_model: Path, tmp_path: Path, key: str, value_type: int, value: bytes, said: str
) -> None:
    bad = patched(tiny_model, tmp_path / "bad.gguf", key, value_type, value)
    with pytest.raises(ModelFileError, match=r"bad\.gguf is damaged: its header gives") as caught:
        read_header(bad)
    assert said in str(caught.value)
    engine = LlamaCppEngine(state_budget_bytes=0)
    with pytest.raises(ModelFileError):
        engine.load(str(bad), LoadOptions(context_size=256, threads=1, gpu_layers=0))
    assert not engine.is_loaded


def test_an_absurd_tensor_count_or_shape_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    data = bytearray(tiny_model.read_bytes())
    struct.pack_into("<Q", data, 8, 1 << 40)  # after the magic and the version
    (tmp_path / "count.gguf").write_bytes(data)
    with pytest.raises(ModelFileError, match="as its number of tensors"):
        read_header(tmp_path / "count.gguf")

    data = bytearray(tiny_model.read_bytes())
    name = b"token_embd.weight"
    at = data.index(struct.pack("<Q", len(name)) + name) + 8 + len(name)
    struct.pack_into("<I", data, at, 9)  # nine dimensions; ggml has four
    (tmp_path / "dims.gguf").write_bytes(data)
    with pytest.raises(ModelFileError, match="9 as its number of dimensions of a tensor"):
        read_header(tmp_path / "dims.gguf")


@pytest.mark.parametrize(("key", "value_type", "value", "said"), CASES[:1] + CASES[3:4])
def test_the_cli_says_one_sentence_where_it_crashed(
    tiny_model: Path, tmp_path: Path, app_home: Path, key: str, value_type: int, value: bytes, said: str
) -> None:
    bad = patched(tiny_model, tmp_path / "bad.gguf", key, value_type, value)
    result = subprocess.run(
        [sys.executable, "-m", "desk_assistant", "chat", "--model", str(bad), "Hi"],
        capture_output=True,
        text=True,
        env={**os.environ, "DESK_ASSISTANT_HOME": str(app_home)},
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr  # not a crash (-6) nor a Python error
    assert result.stderr.startswith("desk-assistant: bad.gguf is damaged") and said in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
