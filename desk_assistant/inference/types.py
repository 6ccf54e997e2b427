"""Plain data passed to and from engines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["system", "user", "assistant"]
FinishReason = Literal["stop", "length", "cancelled", "error"]


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str


@dataclass
class SamplingParams:
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 1024
    seed: int | None = None  # None: a fresh random seed for each request
    # Prompt-lookup speculative decoding (llama.cpp engine only): guess up to this many tokens ahead from
    # n-grams already in the context; 0 = off. Pays only where the answer copies its input (rewrites).
    prompt_lookup: int = 0


@dataclass
class LoadOptions:
    context_size: int = 4096
    gpu_layers: int | Literal["auto"] = "auto"  # "auto": planned from free device memory; 0: CPU only
    threads: int | None = None
    chat_template: str | None = None  # a llama-cpp-python chat_format name, or None for GGUF/architecture
    flash_attention: bool = False
    kv_cache_type: str = "f16"  # "f16" or "q8_0" (llama.cpp needs flash attention for it: turned on)


@dataclass
class ModelInfo:
    path: str
    name: str
    architecture: str
    context_length: int  # what the model was trained for
    context_size: int  # what it was loaded with
    quantization: str
    chat_format: str  # what is used to render messages, e.g. "gguf-template" or "gemma"
    has_template: bool
    gpu_layers: int
    total_layers: int
    size_bytes: int
    planned_gpu_layers: int = 0  # what the plan wanted; more than gpu_layers: a GPU load failed
    gpu_names: str = ""  # the devices offloaded to ("NVIDIA H200", "2 GPUs: ..."), "" on the CPU
    # a remote server without a tokenize endpoint: token counts are estimates (the UI shows "≈")
    token_counts_estimated: bool = False


@dataclass
class TrimReport:
    """Tells the caller that old turns were dropped to fit the context."""

    dropped_messages: int
    tokens_before: int
    tokens_after: int


@dataclass
class GenerationStats:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0  # prompt tokens reused from the KV cache / a saved state
    time_to_first_token: float = 0.0  # seconds
    tokens_per_second: float = 0.0  # decode speed
    total_time: float = 0.0
    finish_reason: FinishReason = "stop"
    trimmed: TrimReport | None = None
    extra: dict[str, object] = field(default_factory=dict)
