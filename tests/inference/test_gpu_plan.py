"""GPU offload planning with simulated memory sizes."""

from __future__ import annotations

import pytest

from desk_assistant.inference import gpu
from desk_assistant.inference.gpu import fallback_layers, plan_offload

GiB = 1024**3
MiB = 1024**2


def test_whole_model_fits() -> None:
    plan = plan_offload(4 * GiB, 32, 128 * 1024, 4096, 12 * GiB)
    assert plan.gpu_layers == 33  # all layers plus the output layer
    assert "whole model" in plan.reason


def test_part_of_the_model_fits() -> None:
    # 7 GB model, 32 layers, 0.5 MiB KV per token x 4096 = 2 GiB of cache; 4 GiB free
    plan = plan_offload(7 * GiB, 32, 512 * 1024, 4096, 4 * GiB)
    per_layer = 7 * GiB / 33 + 2 * GiB / 32
    usable = 4 * GiB * 0.9 - 512 * MiB
    assert plan.gpu_layers == int(usable // per_layer)
    assert 0 < plan.gpu_layers < 32
    assert f"{plan.gpu_layers} of 32 layers" in plan.reason


def test_too_little_memory_means_cpu() -> None:
    assert plan_offload(7 * GiB, 32, 512 * 1024, 4096, 600 * MiB).gpu_layers == 0
    assert plan_offload(70 * GiB, 2, 0, 4096, 2 * GiB).gpu_layers == 0


def test_unknown_memory_means_cpu() -> None:
    plan = plan_offload(1 * GiB, 16, 1024, 2048, None)
    assert plan.gpu_layers == 0 and "unknown" in plan.reason


def test_more_context_means_fewer_layers() -> None:
    small = plan_offload(7 * GiB, 32, 512 * 1024, 2048, 6 * GiB).gpu_layers
    large = plan_offload(7 * GiB, 32, 512 * 1024, 16384, 6 * GiB).gpu_layers
    assert large < small


def test_no_layers_reported() -> None:
    assert plan_offload(1 * GiB, 0, 0, 2048, 8 * GiB).gpu_layers == 0


@pytest.mark.parametrize(("start", "steps"), [(33, [33, 16, 8, 4, 2, 1, 0]), (3, [3, 1, 0]), (0, [0])])
def test_fallback_halves_then_cpu(start: int, steps: list[int]) -> None:
    assert fallback_layers(start) == steps


def test_queries_degrade_without_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gpu.shutil, "which", lambda _name: None)
    assert gpu.free_vram_bytes() is None
    assert isinstance(gpu.supports_gpu_offload(), bool)


def test_load_falls_back_to_fewer_layers(tiny_model, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing GPU load retries with half the layers, then the CPU, and says so."""
    import llama_cpp

    from desk_assistant.inference.llama_engine import LlamaCppEngine
    from desk_assistant.inference.types import LoadOptions

    real = llama_cpp.Llama
    tried: list[int] = []

    def flaky(*args, n_gpu_layers: int = 0, **kwargs):
        tried.append(n_gpu_layers)
        if n_gpu_layers > 0:
            raise ValueError("Failed to load model from file")  # what llama-cpp-python raises
        return real(*args, n_gpu_layers=n_gpu_layers, **kwargs)

    monkeypatch.setattr(llama_cpp, "Llama", flaky)
    engine = LlamaCppEngine()
    info = engine.load(str(tiny_model), LoadOptions(context_size=256, gpu_layers=4))
    assert tried == [4, 2, 1, 0]
    assert info.gpu_layers == 0
    assert any("fewer" in m for m in engine.load_messages)
