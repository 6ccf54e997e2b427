"""Fixtures for the model library tests: the real Gemma 270M (built once) and small GGUF files."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

GEMMA_CACHE = Path(os.environ.get("DESK_ASSISTANT_TEST_MODELS", "/tmp/desk-assistant-test-models"))
GEMMA_FILE = "gemma-3-270m-q4_k_m.gguf"
GEMMA_SIZE = 253_113_024


def write_gguf(
    path: Path,
    *,
    arch: str = "llama",
    n_tensors: int = 3,
    chat_template: str | None = "{% for m in messages %}{{ m.content }}{% endfor %}",
    split_max_tensors: int = 0,
    vocab_size: int = 100,
    rows: int = 4,
) -> Path:
    """A small valid GGUF (F32 tensors of rows x 8); with ``split_max_tensors`` a split model."""
    import gguf

    writer = gguf.GGUFWriter(path, arch, split_max_tensors=split_max_tensors)
    writer.add_name("Tiny Test")
    writer.add_context_length(2048)
    writer.add_block_count(2)
    writer.add_embedding_length(8)
    writer.add_head_count(2)
    writer.add_head_count_kv(1)
    writer.add_file_type(0)
    writer.add_token_list([f"tok{i}" for i in range(vocab_size)])
    if chat_template:
        writer.add_chat_template(chat_template)
    for i in range(n_tensors):
        writer.add_tensor(f"blk.{i}.weight", np.full((rows, 8), i, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


@pytest.fixture
def tiny_gguf(tmp_path: Path) -> Path:
    return write_gguf(tmp_path / "tiny.gguf")


@pytest.fixture
def fake_hub(monkeypatch: pytest.MonkeyPatch):
    """A fake Hugging Face Hub on 127.0.0.1, also set as HF_ENDPOINT."""
    from .fake_hub import FakeHubServer

    with FakeHubServer() as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        yield hub
