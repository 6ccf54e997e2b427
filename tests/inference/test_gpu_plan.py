"""GPU offload planning with simulated memory sizes."""

from __future__ import annotations

import dataclasses
import sys

import pytest

from desk_assistant.inference import devices, gpu
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
    """No device list, no pynvml (even where it is installed), no nvidia-smi: unknown, not a crash."""
    monkeypatch.setattr(devices, "list_devices", lambda: None)
    monkeypatch.setitem(sys.modules, "pynvml", None)  # import pynvml raises ImportError
    monkeypatch.setattr(gpu.shutil, "which", lambda _name: None)
    assert gpu.free_vram_bytes() is None
    assert isinstance(gpu.supports_gpu_offload(), bool)


def test_this_machines_devices_come_from_llama_cpp() -> None:
    found = devices.list_devices()
    assert found is not None and found[0].kind == "cpu" and found[0].total_bytes > 0
    if not gpu.supports_gpu_offload():  # a CPU build lists no GPU, so nothing is offloaded
        assert devices.offload_memory(found) is None and gpu.free_vram_bytes() is None


# ---- plans against simulated devices ---------------------------------------------------------------

CPU = devices.Device("CPU", "AMD EPYC", "CPU", "cpu", 20 * GiB, 24 * GiB)
H200 = devices.Device("CUDA0", "NVIDIA H200", "CUDA", "gpu", 130 * GiB, 140 * GiB)
SMALL_GPU = devices.Device("CUDA0", "NVIDIA RTX 3060", "CUDA", "gpu", 7 * GiB, 8 * GiB)
SECOND_GPU = devices.Device("CUDA1", "NVIDIA RTX 3060", "CUDA", "gpu", 7 * GiB, 8 * GiB)
M3 = devices.Device("MTL0", "Apple M3 Pro", "Metal", "gpu", 13 * GiB, 13 * GiB)


@pytest.fixture
def header(tiny_model):
    from desk_assistant.library.gguf_header import read_header

    return dataclasses.replace(read_header(tiny_model), size_bytes=10 * GiB, block_count=32)


def plan_with(monkeypatch: pytest.MonkeyPatch, header, found: list | None):
    from desk_assistant.inference.llama_engine import LlamaCppEngine
    from desk_assistant.inference.types import LoadOptions

    monkeypatch.setattr(gpu, "supports_gpu_offload", lambda: True)
    monkeypatch.setattr(devices, "list_devices", lambda: found)
    monkeypatch.setattr(gpu, "_nvidia_free_bytes", lambda: None)
    engine = LlamaCppEngine(state_budget_bytes=0)
    layers, reason = engine.plan_gpu_layers(header, LoadOptions(context_size=2048))
    return layers, reason, engine._target


def test_a_cuda_gpu_takes_every_layer(monkeypatch: pytest.MonkeyPatch, header) -> None:
    layers, reason, target = plan_with(monkeypatch, header, [CPU, H200])
    assert layers == 33 and "whole model" in reason and "NVIDIA H200" in reason
    assert not target.unified


def test_apple_silicon_plans_against_metals_unified_memory(monkeypatch: pytest.MonkeyPatch, header) -> None:
    layers, reason, target = plan_with(monkeypatch, header, [M3, CPU])
    assert layers == 33 and "Apple M3 Pro" in reason
    assert target.unified


def test_two_gpus_are_planned_against_their_sum(monkeypatch: pytest.MonkeyPatch, header) -> None:
    one, _, _ = plan_with(monkeypatch, header, [CPU, SMALL_GPU])
    two, reason, _ = plan_with(monkeypatch, header, [CPU, SMALL_GPU, SECOND_GPU])
    assert 0 < one < two == 33
    assert "2 GPUs" in reason


def test_a_gpu_build_without_a_gpu_says_so(monkeypatch: pytest.MonkeyPatch, header) -> None:
    layers, reason, _ = plan_with(monkeypatch, header, [CPU])
    assert layers == 0 and "finds none" in reason and "no GPU support" not in reason


def test_a_failing_device_query_means_cpu(monkeypatch: pytest.MonkeyPatch, header) -> None:
    layers, reason, _ = plan_with(monkeypatch, header, None)
    assert layers == 0 and "unknown" in reason


def test_the_memory_check_counts_where_the_weights_go(monkeypatch: pytest.MonkeyPatch, header) -> None:
    from desk_assistant.core.errors import ModelLoadError
    from desk_assistant.inference import llama_engine

    monkeypatch.setattr(llama_engine, "available_memory_bytes", lambda: 4 * GiB)
    llama_engine._check_memory(header, gpu_layers=33)  # all on a discrete GPU: RAM is not asked
    with pytest.raises(ModelLoadError, match=r"needs about 5\.5 GB"):
        llama_engine._check_memory(header, gpu_layers=16)  # half stays in RAM
    with pytest.raises(ModelLoadError, match=r"needs about 10\.7 GB"):
        llama_engine._check_memory(header, gpu_layers=33, unified=True)  # Apple: the GPU's memory is RAM


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
    assert info.gpu_layers == 0 and info.planned_gpu_layers == 2  # the window says the GPU load failed
    assert any("fewer" in m for m in engine.load_messages)
