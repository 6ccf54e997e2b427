"""The devices llama.cpp itself sees (CPU, CUDA, Metal, Vulkan, ROCm, ...) with their free / total memory.

ggml exports ``ggml_backend_dev_count / _get / _name / _description / _type / _memory``; llama-cpp-python
does not bind them, so they are reached with ctypes in the very library llama_cpp has loaded (dlopen of
the same path returns the same handle). This is what llama.cpp will offload to, whatever the vendor:
nvidia-smi knows only NVIDIA, and nothing at all knows an Apple GPU's memory from outside.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# enum ggml_backend_dev_type
_KINDS = {0: "cpu", 1: "gpu", 2: "igpu", 3: "accel"}


@dataclass(frozen=True)
class Device:
    name: str  # "CPU", "CUDA0", "Metal", "Vulkan0", "ROCm0"
    description: str  # "NVIDIA H200", "Apple M3 Pro", ...
    backend: str  # the backend that registered it: "CPU", "CUDA", "Metal", "Vulkan", "ROCm", "BLAS"
    kind: str  # "cpu", "gpu", "igpu" (integrated: shares the system's memory), "accel"
    free_bytes: int
    total_bytes: int

    @property
    def offloads(self) -> bool:
        """Layers can go here (a discrete or integrated GPU; Metal on Apple Silicon is one)."""
        return self.kind in ("gpu", "igpu")

    @property
    def unified_memory(self) -> bool:
        """Its memory is the computer's RAM (Apple Silicon, integrated GPUs)."""
        return self.kind == "igpu" or self.backend == "Metal"


def offload_devices(devices: list[Device]) -> list[Device]:
    return [d for d in devices if d.offloads]


def offload_memory(devices: list[Device]) -> int | None:
    """Free memory over all offload devices (llama.cpp splits layers across them), None if none."""
    gpus = offload_devices(devices)
    return sum(d.free_bytes for d in gpus) if gpus else None


def _ggml_library() -> Any:
    import llama_cpp

    folder = Path(llama_cpp.__file__).parent / "lib"
    names = {"win32": ["ggml.dll"], "darwin": ["libggml.dylib"]}.get(sys.platform, ["libggml.so"])
    for name in names:
        if (folder / name).exists():
            return ctypes.CDLL(str(folder / name))
    raise OSError(f"no {names[0]} in {folder}")


@cache
def _bound() -> Any:
    lib = _ggml_library()
    lib.ggml_backend_dev_count.restype = ctypes.c_size_t
    lib.ggml_backend_dev_count.argtypes = []
    lib.ggml_backend_dev_get.restype = ctypes.c_void_p
    lib.ggml_backend_dev_get.argtypes = [ctypes.c_size_t]
    for fn in (lib.ggml_backend_dev_name, lib.ggml_backend_dev_description):
        fn.restype = ctypes.c_char_p
        fn.argtypes = [ctypes.c_void_p]
    lib.ggml_backend_dev_type.restype = ctypes.c_int
    lib.ggml_backend_dev_type.argtypes = [ctypes.c_void_p]
    lib.ggml_backend_dev_memory.restype = None
    lib.ggml_backend_dev_memory.argtypes = [
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_size_t),
        ctypes.POINTER(ctypes.c_size_t),
    ]
    lib.ggml_backend_dev_backend_reg.restype = ctypes.c_void_p
    lib.ggml_backend_dev_backend_reg.argtypes = [ctypes.c_void_p]
    lib.ggml_backend_reg_name.restype = ctypes.c_char_p
    lib.ggml_backend_reg_name.argtypes = [ctypes.c_void_p]
    return lib


def _text(value: bytes | None) -> str:
    return value.decode("utf-8", "replace") if value else ""


def list_devices() -> list[Device] | None:
    """Every device llama.cpp has registered, or None when they cannot be read (no llama.cpp, an old
    build without the device API)."""
    try:
        lib = _bound()
        devices = []
        for index in range(lib.ggml_backend_dev_count()):
            dev = lib.ggml_backend_dev_get(index)
            free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
            lib.ggml_backend_dev_memory(dev, ctypes.byref(free), ctypes.byref(total))
            reg = lib.ggml_backend_dev_backend_reg(dev)
            devices.append(
                Device(
                    name=_text(lib.ggml_backend_dev_name(dev)),
                    description=_text(lib.ggml_backend_dev_description(dev)),
                    backend=_text(lib.ggml_backend_reg_name(reg)) if reg else "",
                    kind=_KINDS.get(lib.ggml_backend_dev_type(dev), "other"),
                    free_bytes=int(free.value),
                    total_bytes=int(total.value),
                )
            )
        return devices
    except (ImportError, OSError, AttributeError) as exc:
        log.info("llama.cpp's device list is not available: %s", exc)
        return None
