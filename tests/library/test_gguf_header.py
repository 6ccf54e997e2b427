"""GGUF header reading on the real Gemma 270M, small generated files, and broken files."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pytest

from desk_assistant.core.errors import ModelFileError
from desk_assistant.library.gguf_header import read_header, split_part_paths

from .conftest import write_gguf


def test_gemma_header(gemma_model_path: Path) -> None:
    start = time.perf_counter()
    header = read_header(gemma_model_path)
    elapsed = time.perf_counter() - start
    assert header.version == 3
    assert header.architecture == "gemma3"
    assert header.name == "Gemma 3 270m"
    assert header.context_length == 32768
    assert header.block_count == 18
    assert header.embedding_length == 640
    assert header.head_count == 4
    assert header.head_count_kv == 1
    assert header.file_type == 15
    assert header.quantization == "Q4_K_M"
    assert header.chat_template is None and not header.has_chat_template  # a base model
    assert header.size_bytes == gemma_model_path.stat().st_size
    assert header.split_count == 1 and header.split_paths == (gemma_model_path,)
    # 262,144-token vocabulary recorded by length, not loaded
    assert header.metadata["tokenizer.ggml.tokens"] == 262144
    assert header.tensor_count == 236
    assert 260e6 < header.parameter_count < 280e6 and header.size_label == "268M"
    assert elapsed < 2.0, f"header read took {elapsed:.2f}s"  # generous: a guard against loading weights


def test_small_file_fields(tiny_gguf: Path) -> None:
    header = read_header(str(tiny_gguf))
    assert header.architecture == "llama"
    assert header.name == "Tiny Test"
    assert header.context_length == 2048
    assert header.quantization == "F32"
    assert header.has_chat_template and "messages" in header.chat_template
    assert header.tensor_count == 3 and header.parameter_count == 3 * 32
    assert header.metadata["tokenizer.ggml.tokens"] == 100  # long array -> length


def test_short_arrays_kept(tmp_path: Path) -> None:
    header = read_header(write_gguf(tmp_path / "v.gguf", vocab_size=5))
    assert header.metadata["tokenizer.ggml.tokens"] == ["tok0", "tok1", "tok2", "tok3", "tok4"]


def test_unknown_architecture_is_reported_not_refused(tmp_path: Path) -> None:
    header = read_header(write_gguf(tmp_path / "odd.gguf", arch="frobnicator"))
    assert header.architecture == "frobnicator"
    assert header.context_length == 2048


def _message(path: Path) -> str:
    with pytest.raises(ModelFileError) as info:
        read_header(path)
    message = str(info.value)
    assert "\n" not in message and message.endswith(".")
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert "does not exist" in _message(tmp_path / "nope.gguf")


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.gguf"
    path.touch()
    assert "empty" in _message(path)


def test_not_gguf(tmp_path: Path) -> None:
    path = tmp_path / "notes.gguf"
    path.write_text("hello, I am a text file pretending to be a model\n")
    assert "not a GGUF model file" in _message(path)


def test_folder(tmp_path: Path) -> None:
    folder = tmp_path / "dir.gguf"
    folder.mkdir()
    assert "folder" in _message(folder)


def test_unsupported_version(tmp_path: Path) -> None:
    path = tmp_path / "v9.gguf"
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 9, 0, 0))
    assert "version 9" in _message(path)


@pytest.mark.parametrize("keep", [6, 30, 200])
def test_truncated_header(tiny_gguf: Path, keep: int) -> None:
    path = tiny_gguf.with_name("cut.gguf")
    path.write_bytes(tiny_gguf.read_bytes()[:keep])
    assert "truncated" in _message(path)


def test_truncated_tensor_data(tiny_gguf: Path) -> None:
    data = tiny_gguf.read_bytes()
    path = tiny_gguf.with_name("short.gguf")
    path.write_bytes(data[:-10])
    assert "truncated" in _message(path)
    path.write_bytes(data)
    read_header(path)  # the exact size is fine


def test_truncated_gemma(gemma_model_path: Path, tmp_path: Path) -> None:
    # the first 20 MB: the whole header but not the weights
    path = tmp_path / "gemma-cut.gguf"
    with gemma_model_path.open("rb") as src:
        path.write_bytes(src.read(20_000_000))
    message = _message(path)
    assert "truncated" in message and "gemma-cut.gguf" in message


def test_split_model(tmp_path: Path) -> None:
    write_gguf(tmp_path / "model.gguf", n_tensors=3, split_max_tensors=1)
    parts = sorted(p.name for p in tmp_path.glob("*.gguf"))
    assert parts == [f"model-0000{i}-of-00003.gguf" for i in (1, 2, 3)]
    for given in parts:  # any part leads to the whole model
        header = read_header(tmp_path / given)
        assert header.split_count == 3
        assert header.path.name == parts[0]
        assert header.tensor_count == 3 and header.parameter_count == 96
        assert header.size_bytes == sum((tmp_path / p).stat().st_size for p in parts)
        assert header.architecture == "llama" and header.context_length == 2048


def test_split_model_missing_part(tmp_path: Path) -> None:
    write_gguf(tmp_path / "model.gguf", n_tensors=3, split_max_tensors=1)
    (tmp_path / "model-00002-of-00003.gguf").unlink()
    message = _message(tmp_path / "model-00001-of-00003.gguf")
    assert "model-00002-of-00003.gguf" in message and "missing" in message


def test_split_part_paths() -> None:
    paths = split_part_paths(Path("/m/Qwen2.5-7B-Instruct-Q4_K_M-00002-of-00002.gguf"))
    assert [p.name for p in paths] == [
        "Qwen2.5-7B-Instruct-Q4_K_M-00001-of-00002.gguf",
        "Qwen2.5-7B-Instruct-Q4_K_M-00002-of-00002.gguf",
    ]
    assert split_part_paths(Path("/m/plain.gguf")) == (Path("/m/plain.gguf"),)


def test_memory_estimate_for_gemma(gemma_model_path: Path) -> None:
    from desk_assistant.library.memory import kv_cache_bytes, ram_needed_bytes

    header = read_header(gemma_model_path)
    # 18 layers x 1 KV head x (256 + 256) x 2 bytes per token
    assert kv_cache_bytes(header, 1) == 18 * 1 * 512 * 2
    assert kv_cache_bytes(header, 4096) == 18 * 512 * 2 * 4096
    assert ram_needed_bytes(header, 4096) > header.size_bytes + 70_000_000
