"""Chat templates: turn a list of messages into the exact prompt text a model was trained on.

The template comes from the GGUF (``tokenizer.chat_template``, rendered in llama-cpp-python's sandboxed
Jinja). A GGUF without one would silently get ``llama-2`` in llama-cpp-python, which is wrong for most
models, so we choose by ``general.architecture`` instead. The user may override per model with one of
the names in ``BUILTIN_TEMPLATES`` or with a Jinja template of their own.

Rendering is a pure function of the messages, so the same history renders to the same bytes every turn:
that is what keeps llama.cpp's prompt-prefix reuse working.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desk_assistant.core.errors import GenerationError, ModelLoadError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.types import ChatMessage

# Gemma has no system role: like Google's own template, the system prompt opens the first user turn.
GEMMA = (
    "{{ bos_token }}"
    "{% set ns = namespace(system='') %}"
    "{% for m in messages %}"
    "{% if m['role'] == 'system' %}{% set ns.system = ns.system + m['content'] + '\\n\\n' %}"
    "{% else %}"
    "{{ '<start_of_turn>' + ('model' if m['role'] == 'assistant' else 'user') + '\\n' }}"
    "{% if m['role'] == 'user' and ns.system %}{{ ns.system }}{% set ns.system = '' %}{% endif %}"
    "{{ m['content'] + '<end_of_turn>\\n' }}"
    "{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}"
)

CHATML = (
    "{% for m in messages %}"
    "{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

LLAMA3 = (
    "{{ bos_token }}"
    "{% for m in messages %}"
    "{{ '<|start_header_id|>' + m['role'] + '<|end_header_id|>\\n\\n' + m['content'] + '<|eot_id|>' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}"
)

# Llama 2 / Mistral: the system prompt goes inside the first [INST] block.
LLAMA2 = (
    "{% set ns = namespace(system='') %}"
    "{% for m in messages %}"
    "{% if m['role'] == 'system' %}{% set ns.system = '<<SYS>>\\n' + m['content'] + '\\n<</SYS>>\\n\\n' %}"
    "{% elif m['role'] == 'user' %}{{ bos_token + '[INST] ' + ns.system + m['content'] + ' [/INST]' }}"
    "{% set ns.system = '' %}"
    "{% else %}{{ ' ' + m['content'] + eos_token }}{% endif %}"
    "{% endfor %}"
)

MISTRAL = (
    "{{ bos_token }}"
    "{% set ns = namespace(system='') %}"
    "{% for m in messages %}"
    "{% if m['role'] == 'system' %}{% set ns.system = m['content'] + '\\n\\n' %}"
    "{% elif m['role'] == 'user' %}{{ '[INST] ' + ns.system + m['content'] + ' [/INST]' }}"
    "{% set ns.system = '' %}"
    "{% else %}{{ m['content'] + eos_token }}{% endif %}"
    "{% endfor %}"
)

PHI3 = (
    "{% for m in messages %}"
    "{{ '<|' + m['role'] + '|>\\n' + m['content'] + '<|end|>\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}"
)

BUILTIN_TEMPLATES: dict[str, str] = {
    "gemma": GEMMA,
    "chatml": CHATML,
    "llama-3": LLAMA3,
    "llama-2": LLAMA2,
    "mistral-instruct": MISTRAL,
    "phi-3": PHI3,
}

# Text that ends a turn in each format, in case a model writes it as plain text instead of one token.
STOP_STRINGS: dict[str, list[str]] = {
    "gemma": ["<end_of_turn>", "<start_of_turn>"],
    "chatml": ["<|im_end|>", "<|im_start|>"],
    "llama-3": ["<|eot_id|>", "<|start_header_id|>"],
    "llama-2": ["[INST]"],
    "mistral-instruct": ["[INST]"],
    "phi-3": ["<|end|>", "<|user|>"],
}

GGUF_TEMPLATE = "gguf-template"
CUSTOM_TEMPLATE = "custom"


@dataclass(frozen=True)
class TemplateChoice:
    name: str  # a BUILTIN_TEMPLATES name, GGUF_TEMPLATE or CUSTOM_TEMPLATE
    source: str  # the Jinja text
    reason: str  # why it was chosen, for the log and the model info


def format_for_architecture(architecture: str, *, vocab_size: int = 0) -> str:
    """The built-in format a GGUF without a template most likely wants."""
    arch = architecture.lower()
    if arch.startswith("gemma"):
        return "gemma"
    if arch == "llama":
        # Llama 3 has a 128k vocabulary; Llama 2 and its fine-tunes 32k.
        return "llama-3" if vocab_size >= 100_000 else "llama-2"
    if arch.startswith("qwen"):
        return "chatml"
    if arch.startswith("phi3"):
        return "phi-3"
    if arch == "mistral":
        return "mistral-instruct"
    return "chatml"


def choose_template(
    *,
    gguf_template: str | None,
    architecture: str,
    vocab_size: int = 0,
    override: str | None = None,
) -> TemplateChoice:
    """User override first, then the GGUF's own template, then a guess by architecture."""
    if override:
        if override in BUILTIN_TEMPLATES:
            return TemplateChoice(override, BUILTIN_TEMPLATES[override], "chosen by the user")
        if "{{" in override or "{%" in override:
            return TemplateChoice(CUSTOM_TEMPLATE, override, "custom template from the user")
        raise ModelLoadError(
            QT_TRANSLATE_NOOP("errors", "Unknown chat template {name}; choose one of: {names}."),
            name=repr(override),
            names=", ".join(BUILTIN_TEMPLATES),
        )
    if gguf_template:
        return TemplateChoice(GGUF_TEMPLATE, gguf_template, "from the model file")
    name = format_for_architecture(architecture, vocab_size=vocab_size)
    return TemplateChoice(
        name, BUILTIN_TEMPLATES[name], f"the file has no template; {name} fits architecture {architecture}"
    )


# A GGUF's template is code from the internet: it runs in Jinja's immutable sandbox (no attribute
# escapes), and within these bounds, so a hostile or broken one is an error, not a hung or swollen app.
MAX_RANGE_ITEMS = 100_000  # all range() items of one rendering together (nested loops multiply)
MAX_REPEAT_CHARS = 1_000_000  # "x" * n, [..] * n
MAX_RENDER_SECONDS = 10.0


class TemplateLimitError(Exception):
    pass


def _sandbox() -> Any:
    """Jinja's immutable sandbox, as llama-cpp-python sets it up, with bounded loops and repetition."""
    import jinja2.ext
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int) and abs(right) > 64:
                raise TemplateLimitError("a power too large")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    repeats = isinstance(seq, str | list | tuple) and isinstance(times, int)
                    if repeats and len(seq) * times > MAX_REPEAT_CHARS:
                        raise TemplateLimitError("a repetition too long")
            return super().call_binop(context, operator, left, right)

    env = BoundedSandbox(
        loader=jinja2.BaseLoader(),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[Jinja2ChatFormatter.IgnoreGenerationTags, jinja2.ext.loopcontrols],
    )
    env.filters["tojson"] = Jinja2ChatFormatter.tojson
    return env


class ChatRenderer:
    """Renders messages with one template; built once per loaded model."""

    def __init__(self, choice: TemplateChoice, *, bos_token: str, eos_token: str) -> None:
        self.choice = choice
        self._bos_token, self._eos_token = bos_token, eos_token
        self._template = _sandbox().from_string(choice.source)  # a syntax error raises here
        stops = list(STOP_STRINGS.get(choice.name, []))
        if not stops:  # a GGUF or custom template: recognise the usual end-of-turn markers
            stops = [
                s for s in ("<end_of_turn>", "<|im_end|>", "<|eot_id|>", "<|end|>") if s in choice.source
            ]
        self.stop_strings: list[str] = stops

    def render(self, messages: Sequence[ChatMessage]) -> str:
        """The prompt text ending with the assistant's opening, ready for generation."""
        try:
            return self._render([{"role": m.role, "content": m.content} for m in messages])
        except Exception as exc:  # Jinja errors, sandbox refusals, limits, raise_exception()
            raise GenerationError(
                QT_TRANSLATE_NOOP("errors", "The chat template could not render this conversation: {reason}"),
                reason=str(exc) or type(exc).__name__,
            ) from exc

    def _render(self, messages: list[dict[str, str]]) -> str:
        range_items = [0]

        def bounded_range(*args: int) -> range:
            items = range(*args)
            range_items[0] += len(items)
            if range_items[0] > MAX_RANGE_ITEMS:
                raise TemplateLimitError("loops too long")
            return items

        def raise_exception(message: str) -> None:
            raise ValueError(message)

        # Everything the template wrote is at most this long: the messages, framed a few times over.
        max_chars = 4 * sum(len(m["content"]) for m in messages) + 200_000
        started = time.monotonic()
        parts: list[str] = []
        written = 0
        for part in self._template.generate(
            messages=messages,
            bos_token=self._bos_token,
            eos_token=self._eos_token,
            add_generation_prompt=True,
            raise_exception=raise_exception,
            strftime_now=lambda f: datetime.now().strftime(f),
            range=bounded_range,
        ):
            parts.append(part)
            written += len(part)
            if written > max_chars:
                raise TemplateLimitError("output too long")
            if time.monotonic() - started > MAX_RENDER_SECONDS:
                raise TemplateLimitError("rendering took too long")
        return "".join(parts)
