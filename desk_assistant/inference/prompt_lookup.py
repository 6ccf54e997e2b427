"""Prompt-lookup (n-gram) speculative decoding for one ``Llama.generate`` call.

A rewrite copies most of its input, so the next few tokens can often be guessed by finding the last
two generated tokens earlier in the context and proposing what followed them there
(llama-cpp-python's ``LlamaPromptLookupDecoding``). ``Llama.generate`` evaluates the guesses in one
batch with the real token and keeps the ones the sampler would have chosen anyway: every output
token is still sampled from the model's own logits at its position, so the text is the same as
without the guesses (up to float rounding between batch sizes); only the number of decode calls
changes.

Why this is more than setting ``llama.draft_model``: ``generate`` samples each position of a drafted
batch with a negative logits index, which needs logits for every token of the batch. llama-cpp-python
requests those only when ``draft_model`` was given to the constructor (it then sets ``logits_all``
and allocates an n_ctx x n_vocab score table: 4 GB for Gemma's 262k vocabulary at 4k context).
Setting ``draft_model`` afterwards makes llama.cpp abort the process (``GGML_ASSERT(logits !=
nullptr)`` in llama-sampler.cpp, seen with llama-cpp-python 0.3.36). So for the call, ``eval`` is
shadowed by one that asks llama.cpp for the logits of every token in a short (drafted) batch and
copies nothing into the score table (nothing reads it: no logprobs, no stopping criteria).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MAX_NGRAM = 2  # match the last 1-2 tokens (the reference implementation's default)


class PromptLookup:
    """Attached to a ``Llama`` for one generation; ``detach`` restores it (call it in ``finally``)."""

    def __init__(self, llama: Any, num_pred_tokens: int) -> None:
        self.llama = llama
        self.num_pred_tokens = num_pred_tokens
        self.decodes = 0  # llama_decode calls made while attached
        self.drafted = 0  # guessed tokens evaluated
        # imported here like every llama_cpp import: the app must not depend on import order (DESIGN §2)
        from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

        self._lookup = LlamaPromptLookupDecoding(max_ngram_size=MAX_NGRAM, num_pred_tokens=num_pred_tokens)
        llama.draft_model = self._draft
        llama.eval = self._eval  # an instance attribute: shadows Llama.eval for this object only

    def _draft(self, input_ids: Any, /, **_kwargs: Any) -> Any:
        guess = self._lookup(input_ids)
        self.drafted += len(guess)
        return guess

    def _eval(self, tokens: Sequence[int]) -> None:
        """``Llama.eval`` with logits for every token of a short batch (a token plus its guesses).
        A longer batch (a prompt that had to be read again) gets only its last token's logits, as
        usual, so a long prompt never makes llama.cpp hold n_batch x n_vocab floats."""
        llama = self.llama
        all_logits = len(tokens) <= self.num_pred_tokens + 1
        llama._ctx.kv_cache_seq_rm(-1, llama.n_tokens, -1)
        for i in range(0, len(tokens), llama.n_batch):
            batch = list(tokens[i : i + llama.n_batch])
            n_past = llama.n_tokens
            llama._batch.set_batch(batch=batch, n_past=n_past, logits_all=all_logits)
            llama._ctx.decode(llama._batch)
            self.decodes += 1
            llama.input_ids[n_past : n_past + len(batch)] = batch
            llama.n_tokens += len(batch)
            llama._requires_eval = False

    def detach(self) -> None:
        self.llama.draft_model = None
        self.llama.__dict__.pop("eval", None)

    def report(self) -> dict[str, int]:
        """For ``GenerationStats.extra``: how many guesses were tried and how many decodes it took."""
        return {"tokens": self.num_pred_tokens, "decodes": self.decodes, "drafted": self.drafted}
