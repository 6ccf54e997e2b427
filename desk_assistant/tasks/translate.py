"""Translate: a text (plain or Markdown) into another language, paragraph by paragraph, structure kept.

The window's Translate pane and ``desk-assistant translate`` run this task. The flow:

1. ``prepare()`` (no engine needed; ``run`` calls it): cut the text into segments
   (``tasks.segments``: the model sees inline text only, with code, links and URLs as markers), detect
   the source language when it was not given. A text already in the target language is refused; in a
   mixed text, segments confidently in the target language already are kept as they are.
2. ``run(ctx)``: consecutive segments are grouped up to ``batch_tokens`` source tokens per request,
   sent separated by blank lines. If the answer has as many paragraphs, each goes to its segment;
   otherwise the batch is done again one segment per request (``BatchRetried``). A segment too long
   for the context is cut at sentence ends (``tasks.chunking``) and its parts translated in turn.

What the caller hears, in order:
- ``TranslationPlan`` (event): the segments (index, kind, source), which are kept, the source language;
- text pieces with ``key`` = the segment index, markers already replaced by their spans (display only);
- ``BatchRetried(indices)`` (event): discard what was streamed for those segments, they come again;
- ``SegmentTranslated(index, text, misses, kept, dropped)`` (event): a segment's final translation;
- ``Progress("translate", n, total)``: before each request, n = the number (1-based, among the
  segments sent to the model) of its first segment, total = how many are sent;
- the result, ``TranslationResult``: the whole document (untranslated segments in the source
  language, so a stopped translation shows where it stopped).

Prompts (``resources/prompts/translate/translate.<lang>.toml``) start with the same instructions for
every request and end with the text, so llama.cpp reads the instructions once per translation
(session key "translate": a chat's cached state is not evicted).
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from desk_assistant.core.errors import ContextOverflowError, InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.types import ChatMessage, SamplingParams
from desk_assistant.tasks.glossary import Glossary, GlossaryEntry
from desk_assistant.tasks.languages import LANGUAGES, detect_language, display_name, language, same_language
from desk_assistant.tasks.prompts import PromptLibrary, prompt_language
from desk_assistant.tasks.records import TaskRecord
from desk_assistant.tasks.runtime import Generated, TaskContext, generate
from desk_assistant.tasks.segments import (
    MARKER_EXAMPLE,
    MARKER_PATTERN,
    Segment,
    SegmentedDocument,
    StreamRestorer,
    looks_like_markdown,
    segment_document,
    shift_markers,
    strip_markers,
)

log = logging.getLogger(__name__)

TONES: tuple[tuple[str, str], ...] = (
    ("neutral", QT_TRANSLATE_NOOP("translate", "Neutral")),
    ("formal", QT_TRANSLATE_NOOP("translate", "Formal")),
    ("informal", QT_TRANSLATE_NOOP("translate", "Informal")),
)
TONE_CODES = tuple(code for code, _label in TONES)
TEMPLATE = "translate/translate"
SESSION_KEY = "translate"
DEFAULT_BATCH_TOKENS = 256
MIN_BATCH_TOKENS = 16
MIN_SOURCE_TOKENS = 16  # a context leaving less room than this per request is too small to translate in
MAX_TEXT_CHARS = 2_000_000  # about 500k tokens: days of work on a laptop; split such a text first
TEMPERATURE = 0.2  # a translation wants the likeliest words, with a little room to avoid loops
ANSWER_MARGIN = 48  # tokens an answer may take beyond ANSWER_RATIO x the source
MIN_DETECT_LETTERS = 10  # below this a segment's language is not trusted (names, "OK", code words)
MIN_DETECT_IDEOGRAPHS = 4
MIN_DETECT_CONFIDENCE = 0.9
# Detecting each segment's language (py3langid: numpy calls that let go of the GIL and take it back many
# times a segment) starves any other thread waiting for the GIL: a window beside it stood still for
# 60-130 ms at a time. Given a cancel Event (on a worker thread beside a window), prepare() sleeps
# YIELD_S every YIELD_EVERY_S, so the waiting thread gets the GIL: about 10 % slower, stalls under 20 ms.
YIELD_EVERY_S = 0.010
YIELD_S = 0.001

_STRAY_MARKS = re.compile("[⟦⟧]")  # halves of markers a model wrote on its own
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n\s*")
_LETTER = re.compile(r"[^\W\d_]")
_IDEOGRAPH = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def answer_ratio(target: str) -> int:
    """Answer tokens per source token to allow: more for scripts that cost more tokens a word."""
    return 4 if target.split("_")[0] in {"zh", "ja", "ko", "th", "hi", "ar", "ru", "uk"} else 3


def _language_code(code: str, *, role: str) -> str:
    found = language(code)
    if found is None:
        raise InputError(
            QT_TRANSLATE_NOOP(
                "errors", "“{code}” is not a language that can be chosen; use one of: {codes}."
            ),
            detail=f"{role} language",
            code=code,
            codes=", ".join(lang.code for lang in LANGUAGES),
        )
    return found.code


@dataclass(frozen=True)
class TranslateOptions:
    """What to translate into and how. Language codes are checked and made canonical ("zh-Hant" ->
    "zh_TW"); an unknown one is an InputError naming it."""

    target: str
    source: str | None = None  # None: detect
    tone: str = "neutral"
    glossary: Glossary | None = None
    batch_tokens: int = DEFAULT_BATCH_TOKENS
    markdown: bool | None = None  # None: Markdown when the text looks like it
    seed: int | None = None  # None: a fresh seed for each request

    def __post_init__(self) -> None:
        object.__setattr__(self, "target", _language_code(self.target, role="target"))
        if self.source is not None and not self.source.strip():
            object.__setattr__(self, "source", None)
        if self.source is not None:
            object.__setattr__(self, "source", _language_code(self.source, role="source"))
            if self.source == self.target:
                raise InputError(
                    QT_TRANSLATE_NOOP(
                        "errors",
                        "The source and target languages are both {language}; choose another target.",
                    ),
                    language=display_name(self.target),
                )
        if self.tone not in TONE_CODES:
            raise InputError(
                QT_TRANSLATE_NOOP("errors", "“{tone}” is not a tone; use neutral, formal or informal."),
                tone=self.tone,
            )
        if self.batch_tokens < MIN_BATCH_TOKENS:
            object.__setattr__(self, "batch_tokens", MIN_BATCH_TOKENS)

    def settings(self) -> dict[str, Any]:
        """What a stored translation keeps of its options."""
        return {
            "source_language": self.source,
            "target": self.target,
            "tone": self.tone,
            "glossary": self.glossary.to_dict() if self.glossary else {},
        }


# ---- events -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedSegment:
    index: int
    kind: str  # "paragraph", "heading", "item", "cell", "text"
    source: str  # the inline text (no markup); what the pane shows beside the translation
    kept: bool  # already in the target language: not sent, its translation is its source


@dataclass(frozen=True)
class TranslationPlan:
    """Sent once, before any text: the rows of the side-by-side view."""

    source_language: str | None  # detected or given; None when it could not be told
    target: str
    segments: tuple[PlannedSegment, ...]
    to_translate: int  # segments sent to the model (``Progress.total``)


@dataclass(frozen=True)
class BatchRetried:
    """The answer for these segments did not split into as many paragraphs: forget what was streamed
    for them; each is translated again on its own."""

    indices: tuple[int, ...]


@dataclass(frozen=True)
class SegmentTranslated:
    index: int
    text: str  # the final translation, spans restored (replaces what was streamed)
    misses: tuple[GlossaryEntry, ...] = ()  # glossary terms whose translation is not in ``text``
    kept: bool = False  # already in the target language; ``text`` is the source
    dropped: tuple[str, ...] = ()  # protected spans the model left out, appended at the end


# ---- result -------------------------------------------------------------------------------------


@dataclass
class TranslationStats:
    requests: int = 0
    retried_batches: int = 0
    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0  # the whole task, wall time

    @property
    def tokens_per_second(self) -> float:
        """Output tokens per second of the whole task (prompts, retries and bookkeeping included)."""
        return self.completion_tokens / self.seconds if self.seconds > 0 else 0.0

    def add(self, generated: Generated) -> None:
        self.requests += 1
        self.prompt_tokens += generated.stats.prompt_tokens
        self.cached_tokens += generated.stats.cached_tokens
        self.completion_tokens += generated.stats.completion_tokens

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "tokens_per_second": round(self.tokens_per_second, 2)}


@dataclass
class TranslationResult:
    document: str  # translated segments, the rest as in the source
    translations: dict[int, str]  # segment index -> final text (kept segments: their source)
    source_language: str | None
    target: str
    misses: dict[int, list[GlossaryEntry]]
    kept: list[int]
    stopped: bool
    stats: TranslationStats
    dropped: dict[int, tuple[str, ...]] = field(default_factory=dict)
    segments: int = 0  # how many segments the text has

    @property
    def complete(self) -> bool:
        return not self.stopped and len(self.translations) == self.segments


# ---- the task -----------------------------------------------------------------------------------


def _too_long(chars: int) -> InputError:
    return InputError(
        QT_TRANSLATE_NOOP(
            "errors",
            "The text is too long to translate in one go ({chars} characters; the limit is {limit}); "
            "split it into smaller parts.",
        ),
        chars=f"{chars:,}",
        limit=f"{MAX_TEXT_CHARS:,}",
    )


def _confident_language(segment: Segment) -> str | None:
    """The segment's language when there is enough text to be sure, else None."""
    text = strip_markers(segment.text_for_model)
    ideographs = len(_IDEOGRAPH.findall(text))
    if len(_LETTER.findall(text)) < MIN_DETECT_LETTERS and ideographs < MIN_DETECT_IDEOGRAPHS:
        return None
    found = detect_language(text)
    if found.code is None or found.confidence < MIN_DETECT_CONFIDENCE or found.mixed:
        return None
    return found.code


class PrepareCancelled(Exception):
    """``Translate.prepare`` was stopped by its cancel Event; nothing was settled."""


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise PrepareCancelled


class Translate:
    """One translation. Build it on the caller's thread (cheap checks only); ``run`` it where the engine
    lives. ``text`` may be an already segmented document (``segments.segment_texts`` for .docx)."""

    def __init__(
        self,
        text: str | SegmentedDocument,
        options: TranslateOptions,
        record: TaskRecord | None = None,
        *,
        prompts: PromptLibrary | None = None,
    ) -> None:
        if isinstance(text, SegmentedDocument):
            self.document: SegmentedDocument | None = text
            self.text = text.text
        else:
            self.document = None
            self.text = text
        if not self.text or self.text.isspace():  # strip() would copy a 3 MB text: 3 ms of the window
            raise InputError(QT_TRANSLATE_NOOP("errors", "There is no text to translate."))
        if len(self.text) > MAX_TEXT_CHARS:
            raise _too_long(len(self.text))
        self.options = options
        self.record = record
        self.prompts = prompts or PromptLibrary()
        self.source_language: str | None = options.source
        self.kept: set[int] = set()
        self._prepared = False
        self._translations: dict[int, str] = {}
        self._blocks: dict[int, str] = {}
        self._misses: dict[int, list[GlossaryEntry]] = {}
        self._dropped: dict[int, tuple[str, ...]] = {}
        self._stats = TranslationStats()
        self._done = 0
        self._total = 0

    # ---- preparing (no engine) ---------------------------------------------------------------------

    def prepare(self, cancel: threading.Event | None = None) -> SegmentedDocument:
        """Segment the text and settle the languages; InputError for a text with nothing to translate
        or one already in the target language. Idempotent; any thread (a long text takes seconds:
        ~2 s a MB, mostly detecting each segment's language). ``cancel``, set from another thread,
        ends it with ``PrepareCancelled`` between segments; a later call starts again."""
        if self._prepared:
            assert self.document is not None
            return self.document
        if self.document is None:
            markdown = self.options.markdown
            if markdown is None:
                markdown = looks_like_markdown(self.text)
            self.document = segment_document(self.text, markdown=markdown)
        document = self.document
        _check(cancel)
        if not document.segments:
            raise InputError(
                QT_TRANSLATE_NOOP(
                    "errors",
                    "There is nothing to translate: the text has no words, only code, links or numbers.",
                )
            )
        if self.options.source is None:
            self._detect(document, cancel)
        self._prepared = True
        return document

    def _detect(self, document: SegmentedDocument, cancel: threading.Event | None = None) -> None:
        target = self.options.target
        by_segment: dict[int, str | None] = {}
        pause_at = time.perf_counter() + YIELD_EVERY_S
        for segment in document.segments:
            _check(cancel)
            if cancel is not None and time.perf_counter() >= pause_at:
                time.sleep(YIELD_S)
                pause_at = time.perf_counter() + YIELD_EVERY_S
            by_segment[segment.index] = _confident_language(segment)
        whole = detect_language("\n\n".join(strip_markers(s.text_for_model) for s in document.segments))
        confident = {i: code for i, code in by_segment.items() if code is not None}
        in_target = {i for i, code in confident.items() if same_language(code, target)}
        if len(in_target) == len(confident) and (in_target or same_language(whole.code, target)):
            # nothing is confidently in another language, and what can be told is the target
            raise InputError(
                QT_TRANSLATE_NOOP(
                    "errors", "The text is already in {language}; choose another target language."
                ),
                detail=f"detected {whole.code} ({whole.confidence:.2f}), {len(in_target)} segments",
                language=display_name(target),
            )
        self.kept = in_target
        rest = [s for s in document.segments if s.index not in self.kept]
        found = detect_language("\n\n".join(strip_markers(s.text_for_model) for s in rest))
        self.source_language = found.code if found.code and not same_language(found.code, target) else None

    # ---- running -------------------------------------------------------------------------------------

    def run(self, ctx: TaskContext) -> TranslationResult:
        started = time.perf_counter()
        try:
            document = self.prepare()
            todo = [s for s in document.segments if s.index not in self.kept]
            self._total = len(todo)
            ctx.event(self._plan(document))
            for index in sorted(self.kept):
                segment = document.segments[index]
                self._translations[index] = segment.source
                ctx.event(SegmentTranslated(index, segment.source, kept=True))
            stopped = self._translate(ctx, todo)
        except Exception:
            if self.record is not None:
                self.record.finish_quietly("error")
            raise
        self._stats.seconds = time.perf_counter() - started
        return self._finish(stopped)  # a Stop after the last segment changes nothing

    def abandon(self) -> TranslationResult:
        """Stopped before it ran: nothing translated; a stored record is closed as stopped."""
        if self.record is not None:
            self.record.finish_quietly("stopped")
        return TranslationResult(
            document=self.text,
            translations={},
            source_language=self.source_language,
            target=self.options.target,
            misses={},
            kept=[],
            stopped=True,
            stats=self._stats,
            segments=len(self.document.segments) if self.document is not None else 0,
        )

    def _plan(self, document: SegmentedDocument) -> TranslationPlan:
        rows = tuple(
            PlannedSegment(s.index, s.kind, s.source, s.index in self.kept) for s in document.segments
        )
        return TranslationPlan(self.source_language, self.options.target, rows, self._total)

    def _finish(self, stopped: bool) -> TranslationResult:
        document = self.document
        assert document is not None
        result = TranslationResult(
            document=document.visible(document.join(self._blocks)),
            translations=dict(sorted(self._translations.items())),
            source_language=self.source_language,
            target=self.options.target,
            misses=dict(self._misses),
            kept=sorted(self.kept),
            stopped=stopped,
            stats=self._stats,
            dropped=dict(self._dropped),
            segments=len(document.segments),
        )
        if self.record is not None:
            self.record.replace(result.document)
            settings = {
                **self.options.settings(),
                "source_language": self.source_language,
                "translations": {str(i): text for i, text in result.translations.items()},
                "misses": {str(i): [e.as_pair() for e in m] for i, m in result.misses.items()},
                "kept": result.kept,
            }
            self.record.finish("stopped" if stopped else "complete", self._stats.as_dict(), settings)
        return result

    # ---- requests ------------------------------------------------------------------------------------

    def _translate(self, ctx: TaskContext, todo: list[Segment]) -> bool:
        """Translate ``todo`` in batches; True when stopped."""
        if not todo:
            return False
        # counted as the batches form, not all first: 15,000 segments took 0.5 s of Python before the first
        # request, and no Stop was seen meanwhile (and the window, sharing the GIL, painted 10x slower)
        sizes: dict[int, int] = {}
        limit = self._source_limit(ctx, [])
        budget = min(self.options.batch_tokens, limit)
        batch: list[Segment] = []
        used = 0
        for segment in todo:
            size = sizes[segment.index] = ctx.engine.count_tokens(segment.text_for_model)
            if batch and used + size > budget:
                if self._batch(ctx, batch, sizes):
                    return True
                batch, used = [], 0
            batch.append(segment)
            used += size
        return self._batch(ctx, batch, sizes) if batch else False

    def _messages(self, text: str, pairs: Sequence[GlossaryEntry]) -> list[ChatMessage]:
        target = language(self.options.target)
        source = language(self.source_language) if self.source_language else None
        assert target is not None
        template = self.prompts.get(TEMPLATE, prompt_language(self.options.target))
        return template.messages(
            source_language=source.name if source else "",
            source_native=source.native if source else "",
            target_language=target.name,
            target_native=target.native,
            tone=self.options.tone,
            marker=MARKER_EXAMPLE,
            glossary=[e.as_pair() for e in pairs],
            text=text,
        )

    def _pairs(self, segments: Sequence[Segment]) -> list[GlossaryEntry]:
        glossary = self.options.glossary
        if not glossary:
            return []
        found: dict[str, GlossaryEntry] = {}
        for segment in segments:
            for entry in glossary.relevant(segment.source):
                found.setdefault(entry.term, entry)
        return list(found.values())

    def _max_tokens(self, source_tokens: int) -> int:
        return source_tokens * answer_ratio(self.options.target) + ANSWER_MARGIN

    def _source_limit(self, ctx: TaskContext, pairs: Sequence[GlossaryEntry]) -> int:
        """The most source tokens one request can carry with these glossary pairs (answer room kept)."""
        overhead = ctx.engine.count_messages(self._messages("", pairs))
        room = ctx.engine.context_size - overhead - ANSWER_MARGIN
        limit = room // (answer_ratio(self.options.target) + 1)
        if limit < MIN_SOURCE_TOKENS:
            template = (
                QT_TRANSLATE_NOOP(
                    "errors",
                    "The model's context ({context} tokens) is too small for the translation instructions "
                    "and the glossary; load the model with a larger context, or use fewer glossary terms.",
                )
                if pairs
                else QT_TRANSLATE_NOOP(
                    "errors",
                    "The model's context ({context} tokens) is too small for the translation instructions; "
                    "load the model with a larger context.",
                )
            )
            raise ContextOverflowError(
                template, detail=f"prompt overhead {overhead} tokens", context=ctx.engine.context_size
            )
        return limit

    def _fits(self, ctx: TaskContext, messages: list[ChatMessage], max_tokens: int) -> bool:
        return ctx.engine.count_messages(messages) + max_tokens <= ctx.engine.context_size

    def _sampling(self, max_tokens: int) -> SamplingParams:
        # no repeat penalty: a translation repeats the source's names, numbers and markers on purpose
        return SamplingParams(
            temperature=TEMPERATURE,
            top_p=0.9,
            top_k=40,
            min_p=0.05,
            repeat_penalty=1.0,
            max_tokens=max_tokens,
            seed=self.options.seed,
        )

    def _generate(
        self, ctx: TaskContext, messages: list[ChatMessage], max_tokens: int, router: _Router
    ) -> Generated:
        """One request; the answer streams through ``router``, which ends it early once it holds all
        the paragraphs asked for (small models go on with notes). Returns the answer the router kept."""
        done = _StopWhen(ctx.cancel)
        router.stop = done
        request = TaskContext(ctx.engine, done)
        result = generate(
            request,
            messages,
            self._sampling(max_tokens),
            session_key=SESSION_KEY,
            stream=False,
            sink=router.feed,
        )
        router.flush()
        self._stats.add(result)
        return Generated(router.text, result.stats)

    def _progress(self, ctx: TaskContext) -> None:
        ctx.progress("translate", min(self._done + 1, self._total), self._total)

    def _batch(self, ctx: TaskContext, batch: list[Segment], sizes: dict[int, int]) -> bool:
        """One request for ``batch`` (one per segment when its answer does not split); True: stopped."""
        if ctx.cancelled:
            return True
        if len(batch) == 1:
            return self._single(ctx, batch[0], sizes[batch[0].index])
        offsets = _marker_offsets(batch)
        text = "\n\n".join(shift_markers(s.text_for_model, offsets[n]) for n, s in enumerate(batch))
        messages = self._messages(text, self._pairs(batch))
        max_tokens = self._max_tokens(sum(sizes[s.index] for s in batch))
        if not self._fits(ctx, messages, max_tokens):  # a long glossary: halve the batch
            half = len(batch) // 2
            return self._batch(ctx, batch[:half], sizes) or self._batch(ctx, batch[half:], sizes)
        self._progress(ctx)
        generated = self._generate(ctx, messages, max_tokens, _Router(ctx, batch, len(batch)))
        if ctx.cancelled:
            return True
        paragraphs = aligned_paragraphs(generated.text, batch)
        if paragraphs is not None:
            for segment, translation in zip(batch, paragraphs, strict=True):
                self._segment_done(ctx, segment, translation)
            return False
        log.info("the answer for a batch of %d segments did not line up; one by one", len(batch))
        self._stats.retried_batches += 1
        ctx.event(BatchRetried(tuple(s.index for s in batch)))
        return any(self._single(ctx, s, sizes[s.index]) for s in batch)

    def _single(self, ctx: TaskContext, segment: Segment, size: int) -> bool:
        """One segment in one request, or part by part when it is too long for one; True: stopped."""
        if ctx.cancelled:
            return True
        pairs = self._pairs([segment])
        messages = self._messages(segment.text_for_model, pairs)
        max_tokens = self._max_tokens(size)
        self._progress(ctx)
        if self._fits(ctx, messages, max_tokens):
            lines = len(segment.lines)
            generated = self._generate(ctx, messages, max_tokens, _Router(ctx, [segment], lines))
            if ctx.cancelled:
                return True
            self._segment_done(ctx, segment, "\n".join(answer_paragraphs(generated.text, segment)[:lines]))
            return False
        pieces: list[str] = []
        for part, separator in self._parts(ctx, segment, pairs):
            if ctx.cancelled:
                return True
            lines = part.count("\n") + 1
            router = _Router(ctx, [segment], lines)
            part_tokens = ctx.engine.count_tokens(part)
            generated = self._generate(
                ctx, self._messages(part, pairs), self._max_tokens(part_tokens), router
            )
            if ctx.cancelled:
                return True
            pieces.append("\n".join(answer_paragraphs(generated.text, segment)[:lines]) + separator)
            if separator:
                ctx.text(separator, segment.index)
        self._segment_done(ctx, segment, "".join(pieces))
        return False

    def _parts(
        self, ctx: TaskContext, segment: Segment, pairs: Sequence[GlossaryEntry]
    ) -> list[tuple[str, str]]:
        """A long segment's text cut at sentence ends into parts that fit one request each, with what
        joins each part's translation to the next ("\\n", a space, or nothing for CJK targets)."""
        from desk_assistant.tasks.chunking import chunk_text

        text = segment.text_for_model
        budget = self._source_limit(ctx, pairs)
        chunks = chunk_text(text, ctx.engine.count_tokens, budget)
        spaced = self.options.target.split("_")[0] not in {"zh", "ja", "th"}
        parts: list[tuple[str, str]] = []
        for n, chunk in enumerate(chunks):
            raw = chunk.text(text)
            if n == len(chunks) - 1:
                separator = ""
            elif "\n" in raw[len(raw.rstrip()) :]:
                separator = "\n"
            else:
                separator = " " if spaced else ""
            if raw.strip():
                parts.append((raw.strip(), separator))
        return parts

    def _segment_done(self, ctx: TaskContext, segment: Segment, model_text: str) -> None:
        if not strip_markers(model_text).strip():
            model_text = segment.text_for_model  # the model wrote nothing: keep the source
        restored = segment.restore(drop_repeated_lines(model_text.strip(), segment.source))
        text = segment.tidy(
            _STRAY_MARKS.sub("", restored.text) if not _STRAY_MARKS.search(segment.source) else restored.text
        )
        index = segment.index
        self._translations[index] = text
        self._blocks[index] = segment.render(text)
        misses = self.options.glossary.check(segment.source, text) if self.options.glossary else []
        if misses:
            self._misses[index] = misses
        if restored.dropped:
            self._dropped[index] = restored.dropped
        self._done += 1
        ctx.event(SegmentTranslated(index, text, tuple(misses), False, restored.dropped))
        if self.record is not None:
            assert self.document is not None
            self.record.replace(self.document.visible(self.document.join(self._blocks)))


def drop_repeated_lines(text: str, source: str) -> str:
    """A small model caught in a loop writes one line again and again ("Mon jour : fermé" nine times,
    then "Mon" where the token limit cut it): a line repeated back to back is kept once, and the cut
    start of yet another copy goes, unless the source itself repeats lines."""

    def repeats(lines: list[str]) -> bool:
        return any(a.strip() and a.strip() == b.strip() for a, b in itertools.pairwise(lines))

    lines = text.split("\n")
    if not repeats(lines) or repeats(source.split("\n")):
        return text
    kept: list[str] = []
    for line in lines:
        if kept and line.strip() and line.strip() == kept[-1].strip():
            continue
        kept.append(line)
    if len(kept) > 1 and kept[-1].strip() and kept[-2].strip().startswith(kept[-1].strip()):
        kept.pop()  # the cut start of one more copy
    return "\n".join(kept)


def split_paragraphs(text: str) -> list[str]:
    """An answer's paragraphs (split at blank lines), without empty ones."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()]


_LABEL_CHARS = 60


def _is_label(paragraph: str) -> bool:
    """ "Voici la traduction :", "Translation:", "译文：": what small models put before an answer."""
    text = paragraph.strip()
    return 0 < len(text) <= _LABEL_CHARS and "\n" not in text and text.endswith((":", "："))


def answer_paragraphs(text: str, first: Segment) -> list[str]:
    """The paragraphs of an answer whose first paragraph translates ``first``, without a leading
    label line the model added (kept when the source itself is such a label)."""
    paragraphs = split_paragraphs(text)
    if len(paragraphs) > 1 and _is_label(paragraphs[0]) and not _is_label(first.source):
        paragraphs = paragraphs[1:]
    return paragraphs


def _marker_offsets(batch: Sequence[Segment]) -> list[int]:
    """Per segment, how much its markers are shifted in a batch: numbered across the batch, a marker
    in the wrong paragraph of the answer shows that the paragraphs do not line up."""
    offsets, total = [], 0
    for segment in batch:
        offsets.append(total)
        total += len(segment.spans)
    return offsets


ALIGN_RATIO = 3.0  # a paragraph this much longer or shorter than its batch-mates' ratio is misplaced
ALIGN_MIN_CHARS = 16  # shorter sources vary too much in length to judge ("OK" -> "D'accord")


def aligned_paragraphs(text: str, batch: Sequence[Segment]) -> list[str] | None:
    """The answer to a batch split into one translation per segment (markers numbered per segment
    again), or None when it does not line up: another number of paragraphs, a marker in the wrong
    paragraph, a paragraph copied from another segment, the same paragraph for different sources, or
    one far longer or shorter than the rest."""
    paragraphs = answer_paragraphs(text, batch[0])
    if len(paragraphs) != len(batch):
        return None
    offsets = _marker_offsets(batch)
    sources = [strip_markers(s.text_for_model).strip() for s in batch]
    ratios: list[float] = []
    out: list[str] = []
    for n, (segment, paragraph) in enumerate(zip(batch, paragraphs, strict=True)):
        numbers = {int(found) for found in MARKER_PATTERN.findall(paragraph)}
        if any(not offsets[n] < number <= offsets[n] + len(segment.spans) for number in numbers):
            return None
        plain = strip_markers(paragraph).strip()
        if any(plain == source for m, source in enumerate(sources) if m != n and source != sources[n]):
            return None
        if len(sources[n]) >= ALIGN_MIN_CHARS:
            ratios.append(max(len(plain), 1) / len(sources[n]))
        out.append(shift_markers(paragraph, -offsets[n]))
    # a model repeating one line for every paragraph: different sources, the same "translation"
    seen: dict[str, str] = {}
    for source, paragraph in zip(sources, out, strict=True):
        plain = strip_markers(paragraph).strip()
        if plain and seen.setdefault(plain, source) != source:
            return None
    if len(ratios) >= 2:
        middle = sorted(ratios)[len(ratios) // 2]
        if any(not middle / ALIGN_RATIO <= ratio <= middle * ALIGN_RATIO for ratio in ratios):
            return None
    return out


class _StopWhen(threading.Event):
    """Ends one request: set by the task when the answer is complete, or by the user's Stop (the
    task's own cancel Event, which the engine then sees at once, during the prompt too)."""

    def __init__(self, parent: threading.Event) -> None:
        super().__init__()
        self.parent = parent

    def is_set(self) -> bool:
        return super().is_set() or self.parent.is_set()


class _Router:
    """Streams an answer for several segments to the right keys: a blank line moves on to the next
    segment. Markers are replaced as the text arrives. Once ``limit`` paragraphs are complete the
    request is ended (``stop``) and what follows is not kept (``text``)."""

    def __init__(self, ctx: TaskContext, segments: Sequence[Segment], limit: int) -> None:
        self.ctx = ctx
        self.segments = list(segments)
        self.limit = max(1, limit)
        self.stop: threading.Event | None = None
        self.restorer = StreamRestorer([span for s in segments for span in s.spans])
        self.position = 0
        self.started = False
        self.buffer = ""
        self.accepted: list[str] = []
        self.current = ""  # the paragraph being written
        self.count = 0  # complete paragraphs
        self.full = False
        self.label_allowed = not _is_label(self.segments[0].source)

    @property
    def text(self) -> str:
        return "".join(self.accepted) + ("" if self.full else self.buffer)

    def feed(self, piece: str) -> None:
        if self.full:
            return
        self.buffer += piece
        while not self.full:
            found = _PARAGRAPH_BREAK.search(self.buffer)
            if found is None:
                break
            before = self.buffer[: found.start()]
            self.accepted.append(before)
            self.current += before
            self._emit(before)
            self.buffer = self.buffer[found.end() :]
            self._paragraph_break(found.group(0))
        if self.full:
            return
        newline = self.buffer.rfind("\n")
        if newline >= 0 and not self.buffer[newline + 1 :].strip(" \t\u3000"):
            head, self.buffer = self.buffer[:newline], self.buffer[newline:]  # a blank line may follow
        else:
            head, self.buffer = self.buffer, ""
        self.accepted.append(head)
        self.current += head
        self._emit(head)

    def _paragraph_break(self, separator: str) -> None:
        if not self.current.strip():
            self.accepted.append(separator)
            return
        if self.count == 0 and self.label_allowed and _is_label(self.current):
            self.label_allowed = False  # "Translation:" before the answer: not a paragraph of it
            self.accepted.append(separator)
            self.current = ""
            self._emit("\n")
            return
        self.count += 1
        self.current = ""
        if self.count >= self.limit:
            self.full = True
            if self.stop is not None:
                self.stop.set()
            return
        self.accepted.append(separator)
        if self.position < len(self.segments) - 1:
            self._emit_raw(self.restorer.flush())
            self.position += 1
            self.started = False
        else:
            self._emit("\n")

    def flush(self) -> None:
        if not self.full:
            self._emit(self.buffer.rstrip())
        self._emit_raw(self.restorer.flush())

    def _emit(self, text: str) -> None:
        if not self.started:
            text = text.lstrip()
            if not text:
                return
            self.started = True
        self._emit_raw(self.restorer.feed(text))

    def _emit_raw(self, text: str) -> None:
        if text:
            self.ctx.text(text, self.segments[self.position].index)
