"""How much memory a model needs at a given context size, from its GGUF header."""

from __future__ import annotations

from desk_assistant.library.gguf_header import GGUFHeader

# Compute buffers, the tokenizer and llama.cpp itself, beyond weights and KV cache.
RUNTIME_OVERHEAD_BYTES = 300_000_000


# bytes per cached K/V element: f16, or q8_0 (blocks of 32 values in 34 bytes)
KV_CACHE_TYPES: dict[str, float] = {"f16": 2.0, "q8_0": 34 / 32}


def kv_cache_bytes(header: GGUFHeader, context_size: int, cache_type: str = "f16") -> int:
    """K and V for ``context_size`` tokens over all layers (0 when the header lacks the sizes)."""
    arch = header.architecture or ""
    layers, kv_heads = header.block_count or 0, header.head_count_kv or header.head_count or 0
    head_dim = (
        header.embedding_length // header.head_count if header.embedding_length and header.head_count else 0
    )
    key_len = header.metadata.get(f"{arch}.attention.key_length", head_dim)
    value_len = header.metadata.get(f"{arch}.attention.value_length", head_dim)
    if not all(isinstance(v, int) for v in (key_len, value_len)):
        return 0
    per_element = KV_CACHE_TYPES.get(cache_type, KV_CACHE_TYPES["f16"])
    return int(layers * kv_heads * (key_len + value_len) * per_element * context_size)


def ram_needed_bytes(header: GGUFHeader, context_size: int) -> int:
    """Weights (memory-mapped, but they end up resident) + KV cache + runtime overhead."""
    return header.size_bytes + kv_cache_bytes(header, context_size) + RUNTIME_OVERHEAD_BYTES
