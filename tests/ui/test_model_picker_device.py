"""The model picker says where the model runs and when a GPU load fell back (pure UI logic: the
engine's side of it is in tests/inference/test_gpu_plan.py)."""

from __future__ import annotations

import dataclasses

from desk_assistant.inference.types import ModelInfo
from desk_assistant.ui.inference_service import InferenceService
from desk_assistant.ui.widgets.model_picker import ModelPicker

INFO = ModelInfo(
    path="/models/tinyllama.gguf",
    name="TinyLlama",
    architecture="llama",
    context_length=2048,
    context_size=2048,
    quantization="F16",
    chat_format="gguf-template",
    has_template=True,
    gpu_layers=22,
    total_layers=22,
    size_bytes=2_200_000_000,
    planned_gpu_layers=22,
    gpu_names="NVIDIA H200",
)


def picker_for(qtbot, info: ModelInfo) -> ModelPicker:
    service = InferenceService(lambda: None)
    picker = ModelPicker(service)
    qtbot.addWidget(picker)
    picker._on_loaded(1, info)
    service.shutdown()
    return picker


def test_all_layers_on_the_gpu(qtbot) -> None:
    picker = picker_for(qtbot, INFO)
    assert picker.text() == "TinyLlama · GPU 22/22"
    assert "On the GPU: NVIDIA H200" in picker.toolTip() and "failed" not in picker.toolTip()


def test_a_fallback_is_said(qtbot) -> None:
    fewer = picker_for(qtbot, dataclasses.replace(INFO, gpu_layers=11))
    assert fewer.text().endswith("GPU 11/22")
    assert "GPU load failed with 22 layers; running 11 on the GPU" in fewer.toolTip()
    cpu = picker_for(qtbot, dataclasses.replace(INFO, gpu_layers=0, gpu_names=""))
    assert cpu.text().endswith("CPU")
    assert "GPU load failed with 22 layers; running on the CPU" in cpu.toolTip()
