"""Build a tiny but real GGUF model for fast engine tests (loads in llama.cpp in milliseconds).

A 2-layer llama with random weights and a byte-fallback SentencePiece vocabulary: 256 byte tokens plus a
few specials. Its text is garbage, but everything else (tokenizing, templates, KV cache, sampling, stop,
state save/restore) is llama.cpp's real path. The weights are seeded, so a given file is always the same.

Two tricks keep tests deterministic:
- every token embedding has a large constant in dimension 0, so the final hidden state always has a
  positive first component; the output rows of the special tokens read only that component, which lets
  ``end_logit`` make ``<|im_end|>`` always win (> 0) or never win (< 0 / 0: specials get logit 0 while
  ordinary tokens reach ~20, so greedy or top-k sampling never ends early).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

# token types from llama.cpp's llama_token_type enum
_NORMAL, _UNKNOWN, _CONTROL, _BYTE = 1, 2, 3, 6
SPECIALS = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
IM_END_ID = 4


def build_tiny_llama(
    path: str | Path,
    *,
    chat_template: str | None = CHATML_TEMPLATE,
    n_ctx_train: int = 2048,
    architecture: str = "llama",
    end_logit: float = 0.0,
    n_embd: int = 64,
    n_layers: int = 2,
    seed: int = 1234,
) -> Path:
    """Write the tiny model to ``path`` and return it.

    ``architecture`` other than "llama" only renames the metadata keys (used to test an architecture
    llama.cpp does not know). ``end_logit`` > 0 makes the model end every answer at once.
    """
    import gguf

    path = Path(path)
    rng = np.random.default_rng(seed)
    arch = architecture
    n_head, n_ff = 4, 2 * n_embd

    tokens = [s.encode() for s in SPECIALS]
    types = [_UNKNOWN, _CONTROL, _CONTROL, _CONTROL, _CONTROL]
    tokens += [f"<0x{i:02X}>".encode() for i in range(256)]
    types += [_BYTE] * 256
    # a few ordinary pieces so text is not only bytes; "▁" is SentencePiece's space
    normal = ["▁", "▁the", "e", "t", "a", "o", "n", "你", "好", "▁Hello"]
    tokens += [p.encode() for p in normal]
    types += [_NORMAL] * len(normal)
    scores = [0.0] * (len(SPECIALS) + 256) + [-float(i) for i in range(len(normal))]
    n_vocab = len(tokens)

    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_name("Tiny test llama")
    writer.add_context_length(n_ctx_train)
    writer.add_embedding_length(n_embd)
    writer.add_block_count(n_layers)
    writer.add_feed_forward_length(n_ff)
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_head)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_rope_dimension_count(n_embd // n_head)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_unk_token_id(0)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    if chat_template is not None:
        writer.add_chat_template(chat_template)

    def rand(*shape: int, scale: float = 0.02) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    embd = rand(n_vocab, n_embd, scale=1.0)
    embd[:, 0] = 20.0  # the constant dimension described above
    writer.add_tensor("token_embd.weight", embd)
    writer.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
    out = rand(n_vocab, n_embd, scale=3.0)
    out[:, 0] = 0.0
    out[: len(SPECIALS)] = 0.0
    out[IM_END_ID, 0] = end_logit * 100.0
    writer.add_tensor("output.weight", out)
    for i in range(n_layers):
        writer.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(n_embd, dtype=np.float32))
        writer.add_tensor(f"blk.{i}.attn_q.weight", rand(n_embd, n_embd))
        writer.add_tensor(f"blk.{i}.attn_k.weight", rand(n_embd, n_embd))
        writer.add_tensor(f"blk.{i}.attn_v.weight", rand(n_embd, n_embd))
        writer.add_tensor(f"blk.{i}.attn_output.weight", rand(n_embd, n_embd))
        writer.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
        writer.add_tensor(f"blk.{i}.ffn_gate.weight", rand(n_ff, n_embd))
        writer.add_tensor(f"blk.{i}.ffn_up.weight", rand(n_ff, n_embd))
        writer.add_tensor(f"blk.{i}.ffn_down.weight", rand(n_embd, n_ff))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
