"""Rewrite a selection: improve, shorten, expand, simplify, change the tone, fix the grammar, translate
(issue 9). No Qt; the Draft pane's editor and ``desk-assistant rewrite`` run the same task.

``Rewrite(text, how, …)`` streams the new text under key ``None`` and returns a ``RewriteResult``;
``rewrite_diff(original, rewritten)`` gives the word-level changes the pane shows to accept or reject
(accept, reject and undo live in the editor). The prompts are ``resources/prompts/rewrite/<how>``, in
the language of the text (the target language for a translation).

A selection is rewritten in one answer: it must fit the context together with its rewrite, so it is
refused (one sentence with the limit) when it does not, rather than cut into parts whose seams the
user would then have to repair. Rewrites copy most of their input, which is what prompt-lookup
decoding speeds up; ``PROMPT_LOOKUP`` says where it is used and why.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from desk_assistant.core.errors import ContextOverflowError, InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.types import ChatMessage, GenerationStats, SamplingParams
from desk_assistant.tasks.languages import detect_language, language
from desk_assistant.tasks.prompts import PromptLibrary, prompt_language
from desk_assistant.tasks.runtime import TaskContext, generate

SESSION_KEY = "rewrite"
HOWS: tuple[tuple[str, str], ...] = (
    ("improve", QT_TRANSLATE_NOOP("rewrite", "Improve")),
    ("shorten", QT_TRANSLATE_NOOP("rewrite", "Shorten")),
    ("expand", QT_TRANSLATE_NOOP("rewrite", "Expand")),
    ("simplify", QT_TRANSLATE_NOOP("rewrite", "Simplify")),
    ("tone", QT_TRANSLATE_NOOP("rewrite", "Change the tone")),
    ("grammar", QT_TRANSLATE_NOOP("rewrite", "Fix grammar")),
    ("translate", QT_TRANSLATE_NOOP("rewrite", "Translate")),
)
HOW_CODES = tuple(code for code, _ in HOWS)

# Prompt-lookup decoding (inference/prompt_lookup.py): guess up to this many tokens ahead from n-grams
# already in the context. Measured on this machine (2 shared CPU cores; "fix grammar" etc. of a 501-word
# text, greedy; decode tokens/s without -> with; tests/benchmarks/test_bench_rewrite.py, best of 3 in a
# quiet moment, CPU-time ratios agreeing):
#   SmolLM2 135M Q4_1 (the offline starter): grammar 122.6 -> 162.7 (1.33x, 6.1 tokens per decode),
#     expand 1.49x, improve 1.05x, tone 0.99x, shorten 0.81x, simplify 0.80x (translate 1.50x, but only
#     because this model copies the text instead of translating it);
#   Gemma 3 270M Q4_K_M (a base model that mostly copies whatever it is asked): grammar 80.7 -> 135.5
#     (1.68x, 7.9 tokens per decode), the others 1.4x-1.7x.
# A guess is paid for even when it is wrong: checking 8 guessed tokens is one decode of 9 tokens, ~4.6x a
# one-token decode of SmolLM2 on this CPU. So it pays only where the answer copies most of its input: on
# for grammar and expand, off for the rest. 4 guessed tokens gave less (1.1x-1.25x); 12-16 no more than 8.
PROMPT_LOOKUP = 8
PROMPT_LOOKUP_HOWS = frozenset({"grammar", "expand"})

MAX_CHARS = 40_000  # refused before counting tokens: ~10k tokens, past any small model's context
# The answer's room, as a share of the selection's tokens (a rewrite is about as long as its input;
# an expansion about twice; a translation into Chinese or Japanese can take twice the tokens).
OUTPUT_SHARE = {"shorten": 0.8, "expand": 2.2, "translate": 2.0}
DEFAULT_OUTPUT_SHARE = 1.3
MIN_SELECTION_TOKENS = 16  # a context with room for less is too small to rewrite in at all
EXTRA_TOKENS = 64  # room beyond the share: a short selection may grow more than in proportion
TEMPERATURE = 0.3  # faithful to the text
REPEAT_PENALTY = 1.0  # a rewrite repeats its input's words by design

_E_EMPTY = QT_TRANSLATE_NOOP("errors", "There is no text to rewrite: select some first.")
_E_TOO_LONG = QT_TRANSLATE_NOOP(
    "errors",
    "The selection is too long to rewrite in one go ({chars} characters; at most {limit}). Select less.",
)
_E_NO_ROOM = QT_TRANSLATE_NOOP(
    "errors",
    "The selection is too long for this model to rewrite in one go: it has about {tokens} tokens and "
    "at most {limit} fit. Select less, or load the model with a larger context.",
)
_E_SMALL_CONTEXT = QT_TRANSLATE_NOOP(
    "errors",
    "This model's context ({context} tokens) is too small to rewrite text in; load it with a larger context.",
)
_E_HOW = QT_TRANSLATE_NOOP("errors", "“{value}” is not a kind of rewrite; choose one of: {hows}.")
_E_TONE = QT_TRANSLATE_NOOP("errors", "Say which tone the text should have.")
_E_TARGET = QT_TRANSLATE_NOOP("errors", "Say which language to translate the text into.")
_E_LANGUAGE = QT_TRANSLATE_NOOP(
    "errors", "“{value}” is not a language this app knows; use a code like en, zh_CN or fr."
)
_E_CONTEXT = QT_TRANSLATE_NOOP(
    "errors", "The surrounding text given for the rewrite is too long ({chars} characters; at most {limit})."
)


@dataclass(frozen=True)
class RewriteResult:
    original: str
    text: str  # the rewrite, tidied (no "Here is…" line, no fence), with the selection's outer spacing
    stopped: bool
    stats: GenerationStats

    @property
    def complete(self) -> bool:
        return self.stats.finish_reason == "stop" and bool(self.text.strip())


@dataclass
class Rewrite:
    """One rewrite of ``text``. ``context`` is the passage around the selection (read, not rewritten)."""

    text: str
    how: str
    tone: str | None = None
    target_language: str | None = None
    context: str = ""
    sampling: SamplingParams | None = None
    library: PromptLibrary | None = None
    user_profile: str = ""  # tasks.chat.profile_for_drafts(settings): "" when the user turned it off
    prompt_lookup: int | None = None  # guessed tokens per step; None: PROMPT_LOOKUP where it pays, else 0

    def __post_init__(self) -> None:
        if not self.text or not self.text.strip():
            raise InputError(_E_EMPTY)
        if len(self.text) > MAX_CHARS:
            raise InputError(_E_TOO_LONG, chars=f"{len(self.text):,}", limit=f"{MAX_CHARS:,}")
        how = str(self.how).strip().lower()
        if how not in HOW_CODES:
            raise InputError(_E_HOW, value=self.how, hows=", ".join(HOW_CODES))
        self.how = how
        if how == "tone" and not (self.tone or "").strip():
            raise InputError(_E_TONE)
        if how == "translate":
            if not (self.target_language or "").strip():
                raise InputError(_E_TARGET)
            found = language(str(self.target_language))
            if found is None:
                raise InputError(_E_LANGUAGE, value=self.target_language)
            self.target_language = found.code
        if len(self.context) > MAX_CHARS:
            raise InputError(_E_CONTEXT, chars=f"{len(self.context):,}", limit=f"{MAX_CHARS:,}")

    def run(self, ctx: TaskContext) -> RewriteResult:
        detected = detect_language(self.text).code
        source = language(detected) if detected else None
        target = language(self.target_language) if self.target_language else None
        instructions = prompt_language(target.code if target else detected)
        template = (self.library or PromptLibrary()).get(f"rewrite/{self.how}", instructions)
        values = {
            "text": self.text.strip(),
            "context": self.context.strip(),
            "language": source.name if source else "",
            "language_native": source.native if source else "",
            "tone": (self.tone or "").strip(),
            "target_language": target.name if target else "",
            "target_language_native": target.native if target else "",
            "profile": self.user_profile,
        }
        messages = template.messages(**values)  # a broken template fails here, before the model
        sampling = self._sampling(ctx, messages)
        result = generate(ctx, messages, sampling, session_key=SESSION_KEY)
        return RewriteResult(self.text, tidy(self.text, result.text), result.stopped, result.stats)

    def abandon(self) -> RewriteResult:
        return RewriteResult(self.text, "", True, GenerationStats(finish_reason="cancelled"))

    def _sampling(self, ctx: TaskContext, messages: Sequence[ChatMessage]) -> SamplingParams:
        """Room for the answer in proportion to the selection; refused when it cannot fit."""
        selection = ctx.engine.count_tokens(self.text)
        share = OUTPUT_SHARE.get(self.how, DEFAULT_OUTPUT_SHARE)
        wanted = int(selection * share) + EXTRA_TOKENS
        n_ctx = ctx.engine.context_size
        if n_ctx:
            prompt = ctx.engine.count_messages(messages)
            if prompt + wanted > n_ctx:
                overhead = prompt - selection
                limit = int((n_ctx - overhead - EXTRA_TOKENS) / (1 + share))
                if limit < MIN_SELECTION_TOKENS:
                    raise ContextOverflowError(_E_SMALL_CONTEXT, context=n_ctx)
                raise ContextOverflowError(_E_NO_ROOM, tokens=selection, limit=limit)
        lookup = self.prompt_lookup
        if lookup is None:
            lookup = PROMPT_LOOKUP if self.how in PROMPT_LOOKUP_HOWS else 0
        if self.sampling is None:
            return SamplingParams(
                temperature=TEMPERATURE,
                repeat_penalty=REPEAT_PENALTY,
                max_tokens=wanted,
                prompt_lookup=lookup,
            )
        return dataclasses.replace(self.sampling, max_tokens=wanted, prompt_lookup=lookup)


# ---- tidying the answer -----------------------------------------------------------------------------

_PREAMBLE = re.compile(
    r"^\s*(?:(?:sure|certainly|of course|okay|ok)\b[^\n]*\n+)?"
    r"(?:here(?:'s| is| are)\b[^\n]*|(?:the )?(?:rewritten|revised|corrected|improved|shortened|expanded|"
    r"simplified|translated) (?:text|version)[^\n]*|以下是[^\n]*|下面是[^\n]*|改写后[^\n]*|修改后[^\n]*)"
    r"[:：]\s*\n+",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^\s*```[\w-]*\n(?P<body>.*?)\n?```\s*$", re.DOTALL)
_QUOTES = (('"', '"'), ("“", "”"), ("「", "」"), ("'", "'"))


def tidy(original: str, rewritten: str) -> str:
    """The rewrite as it should replace the selection: without an introduction line ("Here is the
    corrected text:"), a code fence or quotes the selection did not have, and with the selection's
    own leading and trailing whitespace (so replacing it keeps the paragraphs around it apart)."""
    text = rewritten.strip()
    if not _PREAMBLE.match(original.strip()):
        text = _PREAMBLE.sub("", text, count=1).strip()
    if "```" not in original and (m := _FENCE.match(text)):
        text = m.group("body").strip()
    stripped = original.strip()
    for left, right in _QUOTES:
        wrapped = len(text) > 2 and text.startswith(left) and text.endswith(right)
        only_at_ends = left not in text[1:-1] and right not in text[1:-1]
        if wrapped and only_at_ends and not (stripped.startswith(left) and stripped.endswith(right)):
            text = text[1:-1].strip()
    if not text:
        return ""
    lead = original[: len(original) - len(original.lstrip())]
    trail = original[len(original.rstrip()) :]
    return lead + text + trail


# ---- the diff the pane shows ------------------------------------------------------------------------

DiffKind = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class DiffOp:
    kind: DiffKind
    text: str


_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A token: one CJK character (those scripts have no spaces), a word, a run of spaces, or one other sign.
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|\s+|[^\w\s]", re.UNICODE)


def diff_tokens(text: str) -> list[str]:
    """Words, spaces and punctuation (CJK: characters); joined they give back ``text``."""
    return _TOKEN.findall(text)


def rewrite_diff(original: str, rewritten: str) -> list[DiffOp]:
    """The changes from ``original`` to ``rewritten`` word by word (character by character in Chinese
    and Japanese): the "equal" and "delete" texts joined give the original, the "equal" and "insert"
    texts the rewrite. A lone space between two changes is folded into them, so "a b" -> "c d" reads
    as one change, not as two with a kept space between."""
    a, b = diff_tokens(original), diff_tokens(rewritten)
    ops: list[DiffOp] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(DiffOp("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(DiffOp("delete", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(DiffOp("insert", "".join(b[j1:j2])))
    return _merge(_fold_spaces(ops))


def _fold_spaces(ops: list[DiffOp]) -> list[DiffOp]:
    out: list[DiffOp] = []
    for i, op in enumerate(ops):
        between_changes = (
            op.kind == "equal"
            and op.text.isspace()
            and "\n" not in op.text
            and 0 < i < len(ops) - 1
            and ops[i - 1].kind != "equal"
            and ops[i + 1].kind != "equal"
        )
        if between_changes:
            out.extend((DiffOp("delete", op.text), DiffOp("insert", op.text)))
        else:
            out.append(op)
    return out


def _merge(ops: list[DiffOp]) -> list[DiffOp]:
    """Adjacent changes as one deletion then one insertion; adjacent equal runs joined."""
    out: list[DiffOp] = []
    i = 0
    while i < len(ops):
        if ops[i].kind == "equal":
            if out and out[-1].kind == "equal":
                out[-1] = DiffOp("equal", out[-1].text + ops[i].text)
            else:
                out.append(ops[i])
            i += 1
            continue
        deleted, inserted = [], []
        while i < len(ops) and ops[i].kind != "equal":
            (deleted if ops[i].kind == "delete" else inserted).append(ops[i].text)
            i += 1
        if deleted:
            out.append(DiffOp("delete", "".join(deleted)))
        if inserted:
            out.append(DiffOp("insert", "".join(inserted)))
    return [op for op in out if op.text]
