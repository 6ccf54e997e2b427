"""Flash attention and KV cache precision, per model: q8_0 halves the cache and still answers."""

from __future__ import annotations

from pathlib import Path

from desk_assistant.core.settings import ModelSettings, Settings
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import ChatMessage, GenerationStats, LoadOptions, SamplingParams
from desk_assistant.library.gguf_header import read_header
from desk_assistant.library.memory import kv_cache_bytes
from desk_assistant.tasks.model_setup import load_options_for

PROMPT = [ChatMessage("user", "Name three colours of the rainbow. " * 20)]


def state_size_after_a_prompt(model: Path, options: LoadOptions) -> tuple[int, GenerationStats]:
    import llama_cpp

    engine = LlamaCppEngine(state_budget_bytes=0)
    engine.load(str(model), options)
    try:
        items = list(engine.stream_chat(PROMPT, SamplingParams(max_tokens=8, seed=1, temperature=0)))
        return int(llama_cpp.llama_state_get_size(engine._llama.ctx)), items[-1]  # type: ignore[return-value]
    finally:
        engine.unload()


def test_a_q8_0_cache_is_about_half_and_still_answers(smollm2_model_path: Path) -> None:
    base = LoadOptions(context_size=1024, threads=1, gpu_layers=0)
    f16, _ = state_size_after_a_prompt(smollm2_model_path, base)
    q8, q8_stats = state_size_after_a_prompt(
        smollm2_model_path, LoadOptions(context_size=1024, threads=1, gpu_layers=0, kv_cache_type="q8_0")
    )
    assert q8_stats.completion_tokens > 0 and q8_stats.finish_reason in ("stop", "length")
    assert 0.45 < q8 / f16 < 0.65, (q8, f16)
    flash, flash_stats = state_size_after_a_prompt(
        smollm2_model_path, LoadOptions(context_size=1024, threads=1, gpu_layers=0, flash_attention=True)
    )
    assert flash_stats.completion_tokens > 0 and abs(flash - f16) < f16 * 0.05


def test_the_estimate_shown_before_loading(smollm2_model_path: Path) -> None:
    header = read_header(smollm2_model_path)
    f16, q8 = kv_cache_bytes(header, 4096), kv_cache_bytes(header, 4096, "q8_0")
    # SmolLM2 135M: 30 layers x 3 KV heads x (64 + 64) x 2 bytes = 23,040 bytes a token
    assert f16 == 30 * 3 * 128 * 2 * 4096
    assert q8 == int(f16 * 34 / 64)


def test_settings_reach_the_load_options() -> None:
    settings = Settings(models={"m.gguf": ModelSettings(flash_attention=True, kv_cache_type="q8_0")})
    options = load_options_for(settings, "m.gguf")
    assert options.flash_attention and options.kv_cache_type == "q8_0"
    settings.models["m.gguf"].kv_cache_type = "q3_weird"  # a hand edit: back to the default
    assert load_options_for(settings, "m.gguf").kv_cache_type == "f16"
