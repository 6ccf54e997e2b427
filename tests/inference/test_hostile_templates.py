"""A GGUF's chat template is code from the internet: escapes, endless loops and explosions end in one
sentence, quickly, and the app keeps working."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desk_assistant.core.errors import GenerationError
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.templates import CHATML, GGUF_TEMPLATE, ChatRenderer, TemplateChoice
from desk_assistant.inference.types import ChatMessage, LoadOptions, SamplingParams
from tests.model_builder import build_tiny_llama

ROOT = Path(__file__).resolve().parents[2]
HELLO = [ChatMessage("user", "Hello")]

HOSTILE = {
    "escape": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ raise_exception.__globals__['__builtins__']['open']('/etc/passwd').read() }}",
    "nested loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}{{ messages }}"
    ),
    "repetition": "{{ 'x' * 10000000000 }}",
    "power": "{{ 7 ** 99999999 % 10 }}",
    "output explosion": "{% for i in range(90000) %}{{ 'y' * 900000 }}{% endfor %}",
    "cycle": "{% for m in messages * 1000000 %}{{ m.content }}{% endfor %}",
}


def renderer(source: str) -> ChatRenderer:
    return ChatRenderer(TemplateChoice(GGUF_TEMPLATE, source, "test"), bos_token="<s>", eos_token="</s>")


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_template_is_one_sentence_fast(name: str) -> None:
    started = time.monotonic()
    with pytest.raises(GenerationError, match="The chat template could not render this conversation"):
        renderer(HOSTILE[name]).render(HELLO)
    assert time.monotonic() - started < 5


def test_ordinary_templates_still_render() -> None:
    assert renderer(CHATML).render(HELLO) == "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n"
    looping = "{% for i in range(3) %}{{ i }}{% endfor %}{{ bos_token }}{{ messages[0]['content'] * 2 }}"
    assert renderer(looping).render(HELLO) == "012<s>HelloHello"
    ten_mb = [ChatMessage("user", "z" * 10_000_000)]  # a huge paste is not an "explosion"
    assert len(renderer(CHATML).render(ten_mb)) > 10_000_000


@pytest.fixture(scope="module")
def hostile_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_llama(
        tmp_path_factory.mktemp("hostile") / "looping-template.gguf", chat_template=HOSTILE["nested loops"]
    )


def test_the_engine_refuses_and_stays_usable(hostile_model: Path, tiny_model: Path) -> None:
    engine = LlamaCppEngine(state_budget_bytes=0)
    engine.load(str(hostile_model), LoadOptions(context_size=256, threads=1, gpu_layers=0))
    try:
        with pytest.raises(GenerationError):
            list(engine.stream_chat(HELLO, SamplingParams(max_tokens=2)))
        engine.load(str(tiny_model), LoadOptions(context_size=256, threads=1, gpu_layers=0))
        items = list(engine.stream_chat(HELLO, SamplingParams(max_tokens=2, seed=1)))
        assert items and items[-1].completion_tokens > 0  # type: ignore[union-attr]
    finally:
        engine.unload()


def test_the_cli_says_one_sentence(hostile_model: Path, app_home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desk_assistant", "chat", "--model", str(hostile_model), "Hi"],
        capture_output=True,
        text=True,
        env={**os.environ, "DESK_ASSISTANT_HOME": str(app_home)},
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("desk-assistant: The chat template could not render")
    assert "Traceback" not in result.stderr
