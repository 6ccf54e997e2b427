"""Chat templates: turn a list of messages into the exact prompt text a model was trained on.

The template comes from the GGUF (``tokenizer.chat_template``, rendered in llama-cpp-python's sandboxed
Jinja). A GGUF without one would silently get ``llama-2`` in llama-cpp-python, which is wrong for most
models, so we choose by ``general.architecture`` instead. The user may override per model with one of
the names in ``BUILTIN_TEMPLATES`` or with a Jinja template of their own.

Rendering is a pure function of the messages, so the same history renders to the same bytes every turn:
that is what keeps llama.cpp's prompt-prefix reuse working.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


class ChatRenderer:
    """Renders messages with one template; built once per loaded model."""

    def __init__(self, choice: TemplateChoice, *, bos_token: str, eos_token: str) -> None:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self.choice = choice
        self._formatter = Jinja2ChatFormatter(choice.source, eos_token=eos_token, bos_token=bos_token)
        stops = list(STOP_STRINGS.get(choice.name, []))
        if not stops:  # a GGUF or custom template: recognise the usual end-of-turn markers
            stops = [
                s for s in ("<end_of_turn>", "<|im_end|>", "<|eot_id|>", "<|end|>") if s in choice.source
            ]
        self.stop_strings: list[str] = stops

    def render(self, messages: Sequence[ChatMessage]) -> str:
        """The prompt text ending with the assistant's opening, ready for generation."""
        try:
            result = self._formatter(messages=[{"role": m.role, "content": m.content} for m in messages])
        except Exception as exc:  # Jinja errors and templates calling raise_exception()
            raise GenerationError(
                QT_TRANSLATE_NOOP("errors", "The chat template could not render this conversation: {reason}"),
                reason=str(exc),
            ) from exc
        return result.prompt
