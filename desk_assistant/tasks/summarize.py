"""Summarize: a document of any length in, one summary out (DESIGN.md §4). No Qt; the window's pane
and ``desk-assistant summarize`` run the same tasks.

A document that fits the context is summarized in one pass (``summarize/single``). A longer one is
split on token counts at paragraph / sentence boundaries (``tasks.chunking``) and read part by part
(map, ``summarize/map``): short notes on each part. The notes are then written into the summary in a
final pass (``summarize/reduce``); when they do not fit one pass, groups of them are merged into
shorter notes first (``summarize/combine``), as many rounds as needed.

KV reuse: every map prompt is the same instructions followed by the part, so llama.cpp reads the
instructions once and only the part from then on (nothing part-specific comes before the part).
All passes use the session key "summarize", which leaves a chat's saved state alone.

What the caller sees (``TaskContext``):
- progress: ``count`` (0 of 1, while counting), ``map`` (part i of n, before each part), ``reduce``
  (group j of m, per merge round), ``final`` (1 of 1, before the pass that writes the summary);
- text: the summary under key ``None``; the notes on part i under ``("part", i)`` (1-based); merged
  notes under ``("combine", j)``;
- events: the ``SummaryPlan`` first, then ``PartSummarized`` after each part.

Stop keeps what is done: the summary so far once the final pass has written something, else the
notes on the parts done so far under headings (``summarize/stopped``, in the summary's language).
"""

from __future__ import annotations

import dataclasses
import logging
import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from desk_assistant.core.errors import ContextOverflowError, GenerationError, InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.engine import Engine
from desk_assistant.inference.types import ChatMessage, GenerationStats, SamplingParams
from desk_assistant.storage.records import MessageStatus
from desk_assistant.tasks.chunking import Chunk, chunk_text
from desk_assistant.tasks.languages import detect_language, language
from desk_assistant.tasks.prompts import PromptLibrary, prompt_language
from desk_assistant.tasks.records import TaskRecord
from desk_assistant.tasks.runtime import Generated, TaskContext, generate

log = logging.getLogger(__name__)

SESSION_KEY = "summarize"

# Option values (codes; the labels are for the UI and the CLI's help).
LENGTHS: tuple[tuple[str, str], ...] = (
    ("short", QT_TRANSLATE_NOOP("summarize", "Short")),
    ("medium", QT_TRANSLATE_NOOP("summarize", "Medium")),
    ("long", QT_TRANSLATE_NOOP("summarize", "Long")),
)
FORMATS: tuple[tuple[str, str], ...] = (
    ("bullets", QT_TRANSLATE_NOOP("summarize", "Bullet points")),
    ("paragraph", QT_TRANSLATE_NOOP("summarize", "Paragraph")),
    ("key_points", QT_TRANSLATE_NOOP("summarize", "Key points")),
    ("tldr", QT_TRANSLATE_NOOP("summarize", "TL;DR")),
)
LENGTH_CODES = tuple(code for code, _ in LENGTHS)
FORMAT_CODES = tuple(code for code, _ in FORMATS)

# Answer sizes in tokens, before the context caps them (FINAL_SHARE, MAP_SHARE of the context).
FINAL_MAX_TOKENS = {"short": 256, "medium": 512, "long": 1024}
MAP_MAX_TOKENS = {"short": 192, "medium": 192, "long": 320}  # notes on one part: short, merged later
FINAL_SHARE = 4  # the summary gets at most a quarter of the context
MAP_SHARE = 8  # notes at most an eighth, so several fit a merge pass
MARGIN = 32  # a chunk counted alone vs inside the prompt, and the template's joins
MIN_CHUNK_TOKENS = 64  # below this the context is too small to summarize with
MAX_ROUNDS = 8  # merge rounds; each round shrinks the notes several times over
TEMPERATURE = 0.3
REPEAT_PENALTY = 1.1


@dataclass(frozen=True)
class SummaryOptions:
    """What the user chose. ``language`` None: the document's own (detected; English if unknown)."""

    length: str = "medium"
    format: str = "bullets"
    language: str | None = None
    seed: int | None = None  # None: a fresh seed for every pass; else seed, seed + 1, … pass by pass

    def __post_init__(self) -> None:
        length = str(self.length).strip().lower()
        if length not in LENGTH_CODES:
            raise InputError(
                QT_TRANSLATE_NOOP(
                    "errors", "“{value}” is not a summary length; choose short, medium or long."
                ),
                value=self.length,
            )
        fmt = str(self.format).strip().lower().replace("-", "_").replace(" ", "_")
        fmt = {"tl;dr": "tldr", "tl_dr": "tldr", "keypoints": "key_points", "bullet": "bullets"}.get(fmt, fmt)
        if fmt not in FORMAT_CODES:
            raise InputError(
                QT_TRANSLATE_NOOP(
                    "errors",
                    "“{value}” is not a summary format; choose bullets, paragraph, key-points or tldr.",
                ),
                value=self.format,
            )
        code = self.language
        if code is not None and str(code).strip():
            found = language(str(code))
            if found is None:
                raise InputError(
                    QT_TRANSLATE_NOOP(
                        "errors",
                        "“{value}” is not a language this app knows; use a code like en, zh_CN or fr.",
                    ),
                    value=code,
                )
            code = found.code
        else:
            code = None
        object.__setattr__(self, "length", length)
        object.__setattr__(self, "format", fmt)
        object.__setattr__(self, "language", code)


@dataclass(frozen=True)
class SummaryPlan:
    """How a document will be summarized: its size, its parts, and how many model passes that takes
    (1 when it fits one pass; else one per part plus the estimated merge and final passes)."""

    tokens: int
    chunks: list[Chunk]
    passes: int
    chunk_budget: int
    language: str  # the summary's language code
    context_size: int = 0
    single: bool = True  # the whole document in one pass
    map_max_tokens: int = 0
    final_max_tokens: int = 0


@dataclass(frozen=True)
class PartSummarized:
    """Event: the notes on part ``index`` (1-based) of ``total`` are done."""

    index: int
    total: int
    text: str


@dataclass
class SummaryResult:
    text: str  # the summary; after a Stop, what was kept (see the module's docstring)
    stopped: bool
    chunks_done: int
    chunks_total: int
    passes_done: int
    language: str
    stats: GenerationStats = field(default_factory=GenerationStats)  # totals over every pass


def check_document(text: str) -> str:
    if not text or not text.strip():
        raise InputError(QT_TRANSLATE_NOOP("errors", "There is no text to summarize."))
    return text


# ---- planning ------------------------------------------------------------------------------------


class _Stopped(Exception):
    """Stop was pressed: unwind to the task's ``run``, which keeps what is done."""


@dataclass(frozen=True)
class _Prompts:
    """The templates for one summary, with the option values every one of them takes."""

    library: PromptLibrary
    language: str  # template language ("en", "zh_CN")
    values: dict[str, Any]

    def messages(self, template_id: str, **values: Any) -> list[ChatMessage]:
        return self.library.get(template_id, self.language).messages(**self.values, **values)


def _prompts(options: SummaryOptions, code: str, library: PromptLibrary | None) -> _Prompts:
    lang = language(code)
    values = {
        "language": lang.name if lang else code,
        "language_native": lang.native if lang else code,
        "length": options.length,
        "format": options.format,
    }
    return _Prompts(library or PromptLibrary(), prompt_language(code), values)


def summary_language(text: str, options: SummaryOptions) -> str:
    """The output language: the one chosen, else the document's, else English."""
    if options.language:
        return options.language
    return detect_language(text).code or "en"


def _too_small(context: int) -> ContextOverflowError:
    return ContextOverflowError(
        QT_TRANSLATE_NOOP(
            "errors",
            "The model's context of {context} tokens is too small to summarize with; "
            "load the model with a larger context.",
        ),
        context=context,
    )


@dataclass(frozen=True)
class _Budgets:
    context: int
    final_max: int
    map_max: int
    single_overhead: int
    map_budget: int  # tokens of document per map pass
    reduce_budget: int  # tokens of notes in the final pass
    combine_budget: int  # tokens of notes per merge pass


def _budgets(engine: Engine, prompts: _Prompts, length: str) -> _Budgets:
    context = engine.context_size
    final_max = max(16, min(FINAL_MAX_TOKENS[length], context // FINAL_SHARE))
    map_max = max(16, min(MAP_MAX_TOKENS[length], context // MAP_SHARE))

    def room(template_id: str, variable: str, answer: int) -> int:
        return (
            context - engine.count_messages(prompts.messages(template_id, **{variable: ""})) - answer - MARGIN
        )

    budgets = _Budgets(
        context=context,
        final_max=final_max,
        map_max=map_max,
        single_overhead=context - room("summarize/single", "document", 0) - MARGIN,
        map_budget=room("summarize/map", "chunk", map_max),
        reduce_budget=room("summarize/reduce", "notes", final_max),
        combine_budget=room("summarize/combine", "notes", map_max),
    )
    if (
        min(budgets.map_budget, budgets.combine_budget) < MIN_CHUNK_TOKENS
        or budgets.reduce_budget < 2 * map_max
    ):
        raise _too_small(context)
    return budgets


def _fits_one_pass(tokens: int, budgets: _Budgets) -> bool:
    """The document, its instructions and at least half the summary's room fit the context."""
    return tokens + budgets.single_overhead + MARGIN + budgets.final_max // 2 <= budgets.context


def _merge_passes(notes_tokens: int, budgets: _Budgets) -> int:
    """Estimated merge passes before notes of this size fit the final pass."""
    passes = 0
    for _round in range(MAX_ROUNDS):
        if notes_tokens <= budgets.reduce_budget:
            break
        groups = math.ceil(notes_tokens / budgets.combine_budget)
        passes += groups
        notes_tokens = groups * (budgets.map_max + 2)
    return passes


def _plan(
    engine: Engine,
    text: str,
    options: SummaryOptions,
    prompts: _Prompts,
    code: str,
    cancel: threading.Event | None = None,
) -> tuple[SummaryPlan, _Budgets]:
    """The plan, and the budgets it was made with. Counting a long text takes seconds: a ``cancel``
    set meanwhile ends it with ``_Stopped``."""
    budgets = _budgets(engine, prompts, options.length)
    tokens = engine.count_tokens(text)

    def count(piece: str) -> int:
        if cancel is not None and cancel.is_set():
            raise _Stopped
        return engine.count_tokens(piece)

    common = {
        "tokens": tokens,
        "language": code,
        "context_size": budgets.context,
        "map_max_tokens": budgets.map_max,
        "final_max_tokens": budgets.final_max,
    }
    if _fits_one_pass(tokens, budgets):
        chunk = Chunk(0, len(text), tokens)
        plan = SummaryPlan(chunks=[chunk], passes=1, chunk_budget=budgets.map_budget, single=True, **common)
        return plan, budgets
    # at least two parts (a document just too long for one pass is cut near its middle)
    budget = min(budgets.map_budget, max(MIN_CHUNK_TOKENS, tokens - 1))
    chunks = chunk_text(text, count, budget, total=tokens)
    notes = len(chunks) * (budgets.map_max + 2)  # notes are at most map_max tokens, and their joins
    passes = len(chunks) + _merge_passes(notes, budgets) + 1
    return SummaryPlan(chunks=chunks, passes=passes, chunk_budget=budget, single=False, **common), budgets


def plan_summary(
    engine: Engine, text: str, options: SummaryOptions, library: PromptLibrary | None = None
) -> SummaryPlan:
    """Count, choose the language, and split: what ``Summarize`` will do with this text."""
    check_document(text)
    code = summary_language(text, options)
    return _plan(engine, text, options, _prompts(options, code, library), code)[0]


@dataclass(frozen=True)
class PlanSummary:
    """Task: the plan alone (the pane shows "12,345 tokens · 5 passes" before running); None when it
    was stopped (a newer text replaces it)."""

    text: str
    options: SummaryOptions = field(default_factory=SummaryOptions)

    def run(self, ctx: TaskContext) -> SummaryPlan | None:
        check_document(self.text)
        code = summary_language(self.text, self.options)
        prompts = _prompts(self.options, code, None)
        try:
            return _plan(ctx.engine, self.text, self.options, prompts, code, ctx.cancel)[0]
        except _Stopped:
            return None


# ---- running -------------------------------------------------------------------------------------


class Summarize:
    """Task: the summary of ``text``; fills ``record`` (kind "summarize") when one is given."""

    def __init__(
        self,
        text: str,
        options: SummaryOptions | None = None,
        record: TaskRecord | None = None,
        *,
        library: PromptLibrary | None = None,
    ) -> None:
        self.text = check_document(text)
        self.options = options or SummaryOptions()
        self.record = record
        self.library = library
        # what is done so far (kept on Stop or failure)
        self._notes: list[str] = []
        self._final: list[str] = []
        self._final_started = False
        self._passes = 0
        self._attempts = 0  # passes started: a fixed seed still differs from pass to pass
        self._chunks_total = 0
        self._language = self.options.language or ""
        self._totals = GenerationStats()
        self._decode_time = 0.0
        self._decode_tokens = 0
        self._first_token: float | None = None

    # -- the flow

    def run(self, ctx: TaskContext) -> SummaryResult:
        started = time.perf_counter()
        try:
            ctx.progress("count", 0, 1)
            code = summary_language(self.text, self.options)
            self._language = code
            prompts = _prompts(self.options, code, self.library)
            plan, budgets = _plan(ctx.engine, self.text, self.options, prompts, code, ctx.cancel)
            self._chunks_total = len(plan.chunks)
            ctx.event(plan)
            if plan.single:
                self._single(ctx, prompts, budgets)
            else:
                self._map(ctx, prompts, plan, budgets)
                notes = self._merge(ctx, prompts, budgets)
                self._reduce(ctx, prompts, budgets, notes)
        except _Stopped:
            return self._end(started, stopped=True)
        except Exception:
            self._fail(started)
            raise
        return self._end(started, stopped=False)

    def abandon(self) -> SummaryResult:
        """Stopped before it started: the (empty) result is kept, marked stopped."""
        return self._end(time.perf_counter(), stopped=True)

    def _single(self, ctx: TaskContext, prompts: _Prompts, budgets: _Budgets) -> None:
        messages = prompts.messages("summarize/single", document=self.text.strip())
        room = budgets.context - ctx.engine.count_messages(messages) - MARGIN
        self._check(ctx)
        ctx.progress("final", 1, 1)
        self._final_started = True
        self._pass(ctx, messages, max(16, min(budgets.final_max, room)), None)

    def _map(self, ctx: TaskContext, prompts: _Prompts, plan: SummaryPlan, budgets: _Budgets) -> None:
        total = len(plan.chunks)
        for index, chunk in enumerate(plan.chunks, start=1):
            self._check(ctx)
            ctx.progress("map", index, total)
            messages = prompts.messages("summarize/map", chunk=chunk.text(self.text).strip())
            notes = self._pass(ctx, messages, budgets.map_max, ("part", index)).text.strip()
            self._notes.append(notes)
            ctx.event(PartSummarized(index, total, notes))

    def _merge(self, ctx: TaskContext, prompts: _Prompts, budgets: _Budgets) -> str:
        """The notes joined, merged in rounds until they fit the final pass."""
        engine = ctx.engine
        notes = _join(self._notes)
        size = engine.count_tokens(notes)
        for _round in range(MAX_ROUNDS):
            if size <= budgets.reduce_budget:
                return notes
            groups = chunk_text(notes, engine.count_tokens, budgets.combine_budget, total=size)
            merged: list[str] = []
            for j, group in enumerate(groups, start=1):
                self._check(ctx)
                ctx.progress("reduce", j, len(groups))
                messages = prompts.messages("summarize/combine", notes=group.text(notes).strip())
                merged.append(self._pass(ctx, messages, budgets.map_max, ("combine", j)).text.strip())
            notes = _join(merged)
            new_size = engine.count_tokens(notes)
            if new_size >= size:  # a model that only grows the notes would never finish
                break
            size = new_size
        if size <= budgets.reduce_budget:
            return notes
        raise GenerationError(
            QT_TRANSLATE_NOOP(
                "errors",
                "The notes on the parts did not get shorter when merged, so no summary could be written.",
            ),
            detail=f"{size} tokens of notes, {budgets.reduce_budget} fit the final pass",
        )

    def _reduce(self, ctx: TaskContext, prompts: _Prompts, budgets: _Budgets, notes: str) -> None:
        self._check(ctx)
        ctx.progress("final", 1, 1)
        self._final_started = True
        self._pass(ctx, prompts.messages("summarize/reduce", notes=notes), budgets.final_max, None)

    # -- one pass

    def _check(self, ctx: TaskContext) -> None:
        if ctx.cancelled:
            raise _Stopped

    def _pass(self, ctx: TaskContext, messages: list[ChatMessage], max_tokens: int, key: Any) -> Generated:
        sampling = SamplingParams(
            temperature=TEMPERATURE,
            repeat_penalty=REPEAT_PENALTY,
            max_tokens=max_tokens,
            seed=None if self.options.seed is None else self.options.seed + self._attempts,
        )
        self._attempts += 1
        sink = self._keep_final if key is None else None
        result = generate(ctx, messages, sampling, key=key, session_key=SESSION_KEY, sink=sink)
        self._count(result.stats)
        if result.stopped:
            raise _Stopped
        self._passes += 1
        return result

    def _keep_final(self, piece: str) -> None:
        self._final.append(piece)
        if self.record is not None:
            self.record.append(piece)

    def _count(self, stats: GenerationStats) -> None:
        totals = self._totals
        totals.prompt_tokens += stats.prompt_tokens
        totals.cached_tokens += stats.cached_tokens
        totals.completion_tokens += stats.completion_tokens
        if stats.completion_tokens > 1 and stats.tokens_per_second > 0:
            self._decode_tokens += stats.completion_tokens - 1  # the engine's rate leaves out the first
            self._decode_time += (stats.completion_tokens - 1) / stats.tokens_per_second
        if self._first_token is None and stats.completion_tokens:
            self._first_token = stats.time_to_first_token

    # -- the end

    def _kept_text(self) -> str:
        final = "".join(self._final)
        if self._final_started and final.strip():
            return final
        if not self._notes:
            return final
        parts = [{"number": i, "text": text} for i, text in enumerate(self._notes, start=1)]
        lang = prompt_language(self._language)
        template = (self.library or PromptLibrary()).get("summarize/stopped", lang)
        return template.render(parts=parts, total=self._chunks_total).user

    def _stats(self, started: float, finish: str) -> GenerationStats:
        stats = dataclasses.replace(self._totals, extra={"passes": self._passes})
        stats.total_time = time.perf_counter() - started
        stats.finish_reason = finish  # type: ignore[assignment]
        stats.time_to_first_token = self._first_token or 0.0
        if self._decode_time > 0:
            stats.tokens_per_second = self._decode_tokens / self._decode_time
        return stats

    def _chunks_done(self) -> int:
        if self._chunks_total == 1:
            return 1 if self._passes else 0
        return len(self._notes)

    def _end(self, started: float, *, stopped: bool) -> SummaryResult:
        stats = self._stats(started, "cancelled" if stopped else "stop")
        text = self._kept_text() if stopped else "".join(self._final)
        result = SummaryResult(
            text=text,
            stopped=stopped,
            chunks_done=self._chunks_done(),
            chunks_total=self._chunks_total,
            passes_done=self._passes,
            language=self._language,
            stats=stats,
        )
        if self.record is not None:
            if stopped:
                self.record.replace(text)
            self._finish_record("stopped" if stopped else "complete", stats)
        return result

    def _fail(self, started: float) -> None:
        if self.record is None:
            return
        try:
            self.record.replace(self._kept_text())
            self._finish_record("error", self._stats(started, "error"))
        except Exception:  # the failure being raised matters more
            log.exception("could not keep the failed summary of conversation %d", self.record.conversation_id)
            self.record.finish_quietly("error")

    def _finish_record(self, status: MessageStatus, stats: GenerationStats) -> None:
        assert self.record is not None
        settings = {
            "chunks_done": self._chunks_done(),
            "chunks_total": self._chunks_total,
            "language": self._language,
        }
        self.record.finish(status, dataclasses.asdict(stats), settings=settings)


def _join(notes: list[str]) -> str:
    return "\n\n".join(n for n in notes if n)
