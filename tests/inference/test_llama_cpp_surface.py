"""The parts of llama-cpp-python the engine reaches past its public API (pyproject pins the range).

Each name here is used by llama_engine.py or prompt_lookup.py; an upgrade that drops one fails here,
with its name, rather than deep inside a chat.
"""

from __future__ import annotations

from pathlib import Path

import llama_cpp
import pytest

from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import LoadOptions

MODULE_FUNCTIONS = [
    "llama_set_abort_callback",
    "ggml_abort_callback",
    "llama_state_get_size",
    "llama_state_get_data",
    "llama_state_set_data",
    "llama_supports_gpu_offload",
    "llama_token_to_piece",
    "llama_vocab_get_add_bos",
    "llama_vocab_get_attr",
    "llama_vocab_get_text",
    "llama_vocab_is_eog",
    "llama_model_n_layer",
    "llama_log_set",
    "llama_log_callback",
    "LLAMA_TOKEN_ATTR_CONTROL",
    "LLAMA_TOKEN_ATTR_USER_DEFINED",
]
LLAMA_ATTRIBUTES = ["_ctx", "_model", "_batch", "_requires_eval", "ctx", "n_tokens", "input_ids", "n_batch"]


@pytest.mark.parametrize("name", MODULE_FUNCTIONS)
def test_module_level_names(name: str) -> None:
    assert hasattr(llama_cpp, name), f"llama_cpp.{name} is gone (llama-cpp-python {llama_cpp.__version__})"


def test_the_loaded_models_private_attributes(tiny_model: Path) -> None:
    engine = LlamaCppEngine(state_budget_bytes=0)
    engine.load(str(tiny_model), LoadOptions(context_size=256, threads=1, gpu_layers=0))
    try:
        llama = engine._llama
        missing = [name for name in LLAMA_ATTRIBUTES if not hasattr(llama, name)]
        assert not missing, f"Llama lost {missing}"
        assert hasattr(llama._model, "vocab")
        assert callable(llama._ctx.kv_cache_seq_rm) and callable(llama._ctx.decode)
        assert callable(llama._batch.set_batch)
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        assert hasattr(Jinja2ChatFormatter, "IgnoreGenerationTags") and callable(Jinja2ChatFormatter.tojson)
    finally:
        engine.unload()
