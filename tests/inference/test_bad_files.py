"""Bad model files give one readable sentence (ModelFileError / ModelLoadError) and nothing crashes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desk_assistant.core.errors import ModelFileError, ModelLoadError
from desk_assistant.inference import llama_engine
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import ChatMessage, LoadOptions, SamplingParams
from tests.model_builder import build_tiny_llama


def assert_sentence(err: Exception, *words: str) -> None:
    text = str(err)
    assert "\n" not in text and text.endswith(".")
    for word in words:
        assert word in text


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError) as err:
        LlamaCppEngine().load(str(tmp_path / "nope.gguf"))
    assert_sentence(err.value, "nope.gguf")


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.gguf"
    path.write_bytes(b"")
    with pytest.raises(ModelFileError) as err:
        LlamaCppEngine().load(str(path))
    assert_sentence(err.value, "empty.gguf")


def test_not_a_gguf(tmp_path: Path) -> None:
    path = tmp_path / "notes.gguf"
    path.write_text("just some text, not a model\n" * 100)
    with pytest.raises(ModelFileError) as err:
        LlamaCppEngine().load(str(path))
    assert_sentence(err.value, "notes.gguf")


def test_truncated_gguf(tiny_model: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.gguf"
    data = tiny_model.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError) as err:
        LlamaCppEngine().load(str(path))
    assert_sentence(err.value, "cut.gguf")


def test_model_larger_than_free_memory(tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llama_engine, "available_memory_bytes", lambda: 1000)
    with pytest.raises(ModelLoadError) as err:
        LlamaCppEngine().load(str(tiny_model))
    assert_sentence(err.value, "tiny-chatml.gguf", "memory")


def test_unknown_architecture(tmp_path: Path) -> None:
    path = build_tiny_llama(tmp_path / "alien.gguf", architecture="alienformer")
    with pytest.raises(ModelFileError) as err:
        LlamaCppEngine().load(str(path))
    assert_sentence(err.value, "alien.gguf", "alienformer")


def test_engine_works_after_a_failed_load(tiny_model: Path, tmp_path: Path) -> None:
    engine = LlamaCppEngine()
    broken = tmp_path / "broken.gguf"
    shutil.copy(tiny_model, broken)
    with open(broken, "r+b") as f:
        f.truncate(1000)
    with pytest.raises(ModelFileError):
        engine.load(str(broken))
    assert not engine.is_loaded
    engine.load(str(tiny_model), LoadOptions(context_size=256))
    items = list(engine.stream_chat([ChatMessage("user", "hi")], SamplingParams(max_tokens=3, seed=1)))
    assert items[-1].completion_tokens == 3
