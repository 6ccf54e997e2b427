"""GPU offload: is there a GPU backend, how much memory is free, how many layers to put there.

The planning is pure arithmetic (tested with simulated sizes); the queries degrade to ``None`` when a
tool is missing, and ``None`` free memory means "unknown": we then offload nothing rather than guess.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass

log = logging.getLogger(__name__)

# Room left free for the compute buffers, the CUDA/Metal context and other programs.
HEADROOM_BYTES = 512 * 1024 * 1024
HEADROOM_FRACTION = 0.10


@dataclass(frozen=True)
class OffloadPlan:
    gpu_layers: int
    reason: str


def supports_gpu_offload() -> bool:
    try:
        import llama_cpp

        return bool(llama_cpp.llama_supports_gpu_offload())
    except (ImportError, AttributeError, OSError):
        return False


@dataclass(frozen=True)
class OffloadTarget:
    """Where offloaded layers would go: free memory over the offload devices, and what they are."""

    free_bytes: int | None  # None: no GPU, or its memory cannot be known
    names: str  # "NVIDIA H200", "Apple M3 Pro", "2 GPUs: ..."; "" when none
    unified: bool  # the GPU's memory is the system's RAM (Apple Silicon, integrated GPUs)


def offload_target() -> OffloadTarget:
    """From llama.cpp's own device list (CUDA, Metal, Vulkan, ROCm alike), several GPUs summed
    (llama.cpp splits layers across them); nvidia-smi / pynvml only when that list cannot be read."""
    from desk_assistant.inference import devices as device_list

    found = device_list.list_devices()
    if found is None:
        free = _nvidia_free_bytes()  # None: whether there is a GPU, and its memory, are unknown
        return OffloadTarget(free, "NVIDIA GPU" if free is not None else "GPU not listed", False)
    gpus = device_list.offload_devices(found)
    if not gpus:
        return OffloadTarget(None, "", False)
    names = gpus[0].description or gpus[0].name
    if len(gpus) > 1:
        names = f"{len(gpus)} GPUs: " + ", ".join(g.description or g.name for g in gpus)
    return OffloadTarget(device_list.offload_memory(gpus), names, all(g.unified_memory for g in gpus))


def free_vram_bytes() -> int | None:
    """Free memory for offloaded layers, or None when there is no GPU or it cannot be known."""
    return offload_target().free_bytes


def _nvidia_free_bytes() -> int | None:
    """Free memory of the first NVIDIA GPU, or None when it cannot be known (no tool, no GPU)."""
    try:
        import pynvml  # type: ignore[import-not-found]

        pynvml.nvmlInit()
        try:
            return int(pynvml.nvmlDeviceGetMemoryInfo(pynvml.nvmlDeviceGetHandleByIndex(0)).free)
        finally:
            pynvml.nvmlShutdown()
    except Exception:  # not installed, no driver, no device: fall through to nvidia-smi
        pass
    exe = shutil.which("nvidia-smi")
    if not exe:
        return None
    try:
        out = subprocess.run(
            [exe, "--query-gpu=memory.free", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
        return int(out.split()[0]) * 1024 * 1024  # MiB
    except (OSError, subprocess.SubprocessError, ValueError, IndexError) as exc:
        log.debug("nvidia-smi gave no free memory: %s", exc)
        return None


def plan_offload(
    model_size_bytes: int,
    n_layers: int,
    kv_bytes_per_token: int,
    context_size: int,
    free_vram_bytes: int | None,
) -> OffloadPlan:
    """How many of ``n_layers`` fit in ``free_vram_bytes``, with the KV cache of each offloaded layer.

    Each layer is taken to weigh ``model_size / (n_layers + 1)`` (the +1 stands for the embeddings and
    the output head, which also go to the GPU when everything is offloaded).
    """
    if n_layers <= 0:
        return OffloadPlan(0, "the model reports no layers; running on the CPU")
    if free_vram_bytes is None:
        return OffloadPlan(0, "free GPU memory is unknown; running on the CPU")
    usable = int(free_vram_bytes * (1 - HEADROOM_FRACTION)) - HEADROOM_BYTES
    if usable <= 0:
        return OffloadPlan(0, f"only {_mib(free_vram_bytes)} MiB of GPU memory free; running on the CPU")
    per_layer_weights = model_size_bytes / (n_layers + 1)
    per_layer_kv = kv_bytes_per_token * context_size / n_layers
    per_layer = per_layer_weights + per_layer_kv
    total = model_size_bytes + kv_bytes_per_token * context_size
    if total <= usable:
        return OffloadPlan(
            n_layers + 1,  # llama.cpp counts the output layer too: more than n_layers means "all"
            f"the whole model ({_mib(total)} MiB with its cache) fits in {_mib(usable)} MiB of GPU memory",
        )
    layers = max(0, min(n_layers, int(usable // per_layer)))
    if layers == 0:
        return OffloadPlan(0, f"one layer needs {_mib(per_layer)} MiB, more than the {_mib(usable)} MiB free")
    return OffloadPlan(layers, f"{layers} of {n_layers} layers fit in {_mib(usable)} MiB of free GPU memory")


def fallback_layers(gpu_layers: int) -> list[int]:
    """The layer counts to try in turn when loading fails: halve down to 1, then the CPU."""
    steps: list[int] = []
    n = gpu_layers
    while n > 0:
        steps.append(n)
        n //= 2
    steps.append(0)
    return steps


def _mib(n: float) -> int:
    return int(n // (1024 * 1024))
