"""What a benchmark ran on, for its table's title: "CPU", or the GPU llama.cpp offloads to."""

from __future__ import annotations


def backend_name(gpu_layers: int | None = None, total_layers: int | None = None) -> str:
    """ "CPU", or e.g. "CUDA: NVIDIA H200, 19/19 layers" (layers when known: a loaded model's info)."""
    from desk_assistant.inference import gpu
    from desk_assistant.inference.devices import list_devices, offload_devices

    gpus = offload_devices(list_devices() or []) if gpu.supports_gpu_offload() else []
    if not gpus or gpu_layers == 0:
        return "CPU"
    label = f"{gpus[0].backend}: " + ", ".join(g.description or g.name for g in gpus)
    if gpu_layers is not None and total_layers:
        label += f", {min(gpu_layers, total_layers)}/{total_layers} layers"
    return label
