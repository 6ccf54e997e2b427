"""RemoteEngine, SwitchingEngine and the CLI's --backend against a REAL OpenAI-compatible server:
llama-cpp-python's own server in a subprocess on 127.0.0.1 (one thread), serving the real SmolLM2 135M
Instruct starter. (The tiny random model does not do here: its answers are random bytes, which
llama-cpp-python's server holds back as incomplete UTF-8, so nothing streams.)"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_assistant.core import backends, network
from desk_assistant.core.errors import BackendError, ModelLoadError, OfflineError
from desk_assistant.core.settings import ModelSettings, Settings, load_settings, save_settings
from desk_assistant.inference.engine import Engine
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.remote_engine import RemoteEngine, list_models
from desk_assistant.inference.switching_engine import SwitchingEngine
from desk_assistant.inference.types import ChatMessage, GenerationStats, LoadOptions, SamplingParams
from desk_assistant.tasks.runtime import run_task
from desk_assistant.tasks.summarize import Summarize, SummaryOptions
from desk_assistant.tasks.translate import Translate, TranslateOptions
from tests.model_fixtures import long_text
from tests.remote_server import llama_cpp_server

ROOT = Path(__file__).resolve().parents[2]
KEY = "server-key-42"
MODEL = "smol"
N_CTX = 2048


@pytest.fixture(scope="module")
def server_url(smollm2_model_path: Path) -> Iterator[str]:
    with llama_cpp_server(smollm2_model_path, alias=MODEL, n_ctx=N_CTX, api_key=KEY) as url:
        yield url


@pytest.fixture
def remote(server_url: str) -> RemoteEngine:
    engine = RemoteEngine(server_url, KEY, timeout=60)
    engine.load(MODEL, LoadOptions(context_size=N_CTX))
    return engine


@pytest.fixture
def local_model(smollm2_model_path: Path) -> Iterator[LlamaCppEngine]:
    engine = LlamaCppEngine(state_budget_bytes=0)
    engine.load(str(smollm2_model_path), LoadOptions(context_size=512, threads=1))
    yield engine
    engine.unload()


def test_loads_and_counts_with_the_servers_tokenizer(
    remote: RemoteEngine, local_model: LlamaCppEngine
) -> None:
    assert isinstance(remote, Engine)
    info = remote.model_info
    assert info is not None and info.name == MODEL and info.context_size == N_CTX
    assert remote.tokenizer_endpoint == "llama-cpp-python"  # POST /extras/tokenize
    assert not info.token_counts_estimated and not remote.token_counts_estimated
    for text in ("Hello, world", "the quick brown fox", "你好 Hello"):
        # the same model file tokenized locally: exact counts, the server's BOS left out
        assert remote.count_tokens(text) == local_model.count_tokens(text)
        assert remote.tokenize(text) == local_model.tokenize(text)
    assert remote.count_tokens("") == 0


def test_chat_streams_and_a_fixed_seed_repeats(remote: RemoteEngine) -> None:
    messages = [
        ChatMessage("system", "You are a writer."),
        ChatMessage("user", "Write a long story about a cat."),
    ]
    runs = []
    for _ in range(2):
        items = list(remote.stream_chat(messages, SamplingParams(seed=7, max_tokens=12, temperature=0.8)))
        stats = items[-1]
        assert isinstance(stats, GenerationStats)
        assert stats.finish_reason == "length" and stats.completion_tokens == 12
        assert stats.tokens_per_second > 0 and stats.time_to_first_token > 0
        runs.append("".join(i for i in items[:-1] if isinstance(i, str)))
    assert runs[0] and runs[0] == runs[1]


def test_stop_mid_stream(remote: RemoteEngine) -> None:
    cancel = threading.Event()
    got: list[str] = []
    stats = None
    started = time.perf_counter()
    story = [ChatMessage("user", "Write a very long story about a cat.")]
    for item in remote.stream_chat(story, SamplingParams(max_tokens=1500, temperature=0.7), cancel):
        if isinstance(item, str):
            got.append(item)
            if len(got) == 5:
                cancel.set()
        else:
            stats = item
    assert stats is not None and stats.finish_reason == "cancelled"
    assert 5 <= len(got) < 50 and stats.completion_tokens < 100
    assert time.perf_counter() - started < 10
    # the server is fine afterwards
    after = list(remote.stream_chat([ChatMessage("user", "Hi")], SamplingParams(max_tokens=4, seed=1)))
    assert isinstance(after[-1], GenerationStats) and after[-1].finish_reason == "length"


def test_summarize_and_translate_run_over_the_remote_engine(remote: RemoteEngine) -> None:
    """The real tasks: a document longer than the context is split on the server's token counts."""
    text = "\n\n".join(long_text(120) + "." for _ in range(20))  # ~2.6k tokens on this tokenizer
    progress = []
    result = run_task(
        Summarize(text, SummaryOptions(length="short", seed=3, language="en")),
        remote,
        on_progress=progress.append,
    )
    assert not result.stopped and result.text.strip()
    assert result.chunks_total >= 2 and result.chunks_done == result.chunks_total
    assert progress

    pieces: list[str] = []
    translation = run_task(
        Translate("Good morning.\n\nHow are you today?", TranslateOptions(target="fr", source="en", seed=2)),
        remote,
        on_text=lambda piece, _key: pieces.append(piece),
    )
    assert not translation.stopped and translation.segments == 2
    assert translation.document.strip() and pieces


def test_wrong_key_and_offline_are_sentences(server_url: str) -> None:
    with pytest.raises(ModelLoadError) as err:
        RemoteEngine(server_url, "wrong").load(MODEL)
    assert str(err.value) == (
        f"The server at {server_url} refused the API key (401). Check the key of this backend."
    )
    with pytest.raises(ModelLoadError, match=r"asks for an API key \(401\)"):
        RemoteEngine(server_url).load(MODEL)
    network.set_offline(True)
    try:
        with pytest.raises(OfflineError, match="set to work offline"):
            RemoteEngine(server_url, KEY).load(MODEL)
        with pytest.raises(OfflineError):
            list_models(backends.Connection("x", server_url, KEY))
    finally:
        network.set_offline(False)


def test_switching_engine_loads_remote_refs_and_local_files(server_url: str, tiny_model: Path) -> None:
    settings = load_settings()
    backends.add_backend(settings, "lab", server_url + "/v1", KEY)
    assert list_models(backends.connection(settings, "lab")) == [MODEL]
    local = LlamaCppEngine(state_budget_bytes=0)
    engine = SwitchingEngine(lambda: local)
    assert isinstance(engine, Engine) and not engine.is_loaded
    engine.load(str(tiny_model), LoadOptions(context_size=512, threads=1))
    assert local.is_loaded and not engine.is_remote
    info = engine.load("remote:lab/smol", LoadOptions(context_size=N_CTX))
    assert info.architecture == "remote" and engine.is_remote and engine.model_ref == "remote:lab/smol"
    assert not local.is_loaded  # the local model was freed first
    items = list(engine.stream_chat([ChatMessage("user", "Hi")], SamplingParams(max_tokens=3, seed=1)))
    assert isinstance(items[-1], GenerationStats) and items[-1].completion_tokens == 3
    with pytest.raises(BackendError, match="no backend named 'gone'"):
        engine.load("remote:gone/tiny")
    assert engine.is_remote  # a bad ref leaves the loaded model as it was
    engine.load(str(tiny_model), LoadOptions(context_size=512, threads=1))
    assert local.is_loaded and not engine.is_remote and engine.count_tokens("Hello") > 0
    engine.unload()
    assert not engine.is_loaded


# ---- the CLI ------------------------------------------------------------------------------------


def cli(
    args: list[str], home: Path, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desk_assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "DESK_ASSISTANT_HOME": str(home), **env},
        cwd=ROOT,
        timeout=120,
    )


def test_cli_chat_with_backend_url_and_a_named_backend(server_url: str, app_home: Path) -> None:
    ask = ["-v", "chat", "--backend", server_url, "--max-tokens", "8", "--seed", "3", "Hello"]
    result = cli(ask, app_home, DESK_ASSISTANT_API_KEY=KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() and "seed 3" in result.stderr and "answer 8 tokens" in result.stderr

    added = cli(["backends", "add", "lab", server_url, "--key-stdin"], app_home, stdin=KEY + "\n")
    assert added.returncode == 0, added.stderr
    assert KEY not in added.stdout and KEY not in (app_home / "config" / "settings.json").read_text()
    listed = cli(["backends", "list"], app_home)
    assert listed.stdout.startswith(f"lab  {server_url}  key in ") and KEY not in listed.stdout
    assert cli(["backends", "models", "lab"], app_home).stdout == "smol\n"
    named = cli(
        ["chat", "--backend", "lab", "--model", MODEL, "--max-tokens", "8", "--seed", "3", "Hello"], app_home
    )
    assert named.returncode == 0, named.stderr
    assert named.stdout == result.stdout  # same server, same seed: the same answer


def test_cli_summarize_and_translate_with_backend(server_url: str, app_home: Path, tmp_path: Path) -> None:
    settings = Settings()
    settings.models[backends.make_ref(server_url, MODEL)] = ModelSettings(context_size=N_CTX)
    save_settings(settings)
    doc = tmp_path / "doc.txt"
    doc.write_text("\n\n".join(long_text(60) + "." for _ in range(4)), encoding="utf-8")
    summary = cli(
        ["summarize", str(doc), "--backend", server_url, "--length", "short", "--seed", "1", "--no-progress"],
        app_home,
        DESK_ASSISTANT_API_KEY=KEY,
    )
    assert summary.returncode == 0, summary.stderr
    assert summary.stdout.strip()
    translated = cli(
        [
            "translate",
            "-",
            "--backend",
            server_url,
            "--to",
            "de",
            "--from",
            "en",
            "--seed",
            "1",
            "--no-progress",
        ],
        app_home,
        "Good morning.",
        DESK_ASSISTANT_API_KEY=KEY,
    )
    assert translated.returncode == 0, translated.stderr
    assert translated.stdout.strip()


def test_cli_bad_input_is_one_sentence(server_url: str, app_home: Path) -> None:
    cases = {
        ("chat", "--backend", "nowhere", "hi"): "There is no backend named 'nowhere'.",
        ("chat", "--backend", "ftp://x", "hi"): "is not a server address",
        ("chat", "--backend", server_url, "hi"): "asks for an API key (401)",  # no key given
        ("backends", "models", "nowhere"): "There is no backend named 'nowhere'.",
        ("backends", "remove", "nowhere"): "There is no backend named 'nowhere'.",
        ("backends", "add", "a/b", server_url): "without “/”",
    }
    for args, sentence in cases.items():
        result = cli(list(args), app_home)
        assert result.returncode == 1, (args, result.stdout)
        assert sentence in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") == 1, result.stderr

    with_key = {"DESK_ASSISTANT_API_KEY": KEY}
    wrong_model = cli(["chat", "--backend", server_url, "--model", "nope", "hi"], app_home, **with_key)
    assert wrong_model.returncode == 1
    assert f"The server at {server_url} has no model named 'nope'." in wrong_model.stderr

    settings = load_settings()
    settings.offline = True
    save_settings(settings)
    offline = cli(["chat", "--backend", server_url, "hi"], app_home, **with_key)
    assert offline.returncode == 1 and "set to work offline" in offline.stderr
    assert "Traceback" not in offline.stderr
