"""Draft: a brief in, an article / email / poem… out — outline first, then section by section, or in one
go (DESIGN.md §4, issue 9). No Qt; the Draft pane and ``desk-assistant draft`` run the same tasks.

Kinds are data: ``resources/prompts/draft/kinds/<kind>.<lang>.toml`` gives a kind its name (``title``),
its writing guidance (``system``, a template over the brief's fields) and whether its sections get
headings (``headings``); a kind the user adds in their prompt folder works like a shipped one. The
steps are three shared templates, ``draft/outline``, ``draft/section`` and ``draft/whole``, each with
the kind's guidance as its system text.

Tasks (``run(ctx)`` on the inference thread; all use the engine session key ``"draft"``):
- ``WriteOutline(brief)`` -> ``OutlineResult``: streams the outline text (key ``None``), parses it.
- ``ExpandSection(brief, outline, section_id, written)`` -> ``SectionResult``: one section, streamed
  with key ``section_id``; regenerating a section is the same task (only that section changes).
- ``ExpandAll(brief, outline, written)`` -> ``ExpansionResult``: the sections not in ``written``, one
  after another: progress ``("section", k, n)`` when section k of n starts, events ``SectionStarted``
  and ``SectionWritten``; Stop keeps the sections done and the partial one (marked stopped).
- ``WriteWhole(brief, outline=None)`` -> ``WholeResult``: the whole text in one answer (key ``None``).

A section that ends early keeps its text: finish "length" (out of room) or an engine error marks it
"incomplete", Stop marks it "stopped". Each section prompt carries the sections before it (the latest
part of them when they are long, within the context left after the answer's room), so the text flows.
Give a task a ``DraftRecord`` (tasks.draft_store) and it saves what it wrote as it goes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import re
import tomllib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import InitVar, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from desk_assistant.core.errors import ContextOverflowError, GenerationError, InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP, LocalText
from desk_assistant.inference.types import ChatMessage, GenerationStats, SamplingParams
from desk_assistant.tasks.languages import language
from desk_assistant.tasks.outline import MAX_SECTIONS, Outline, Section, assemble_markdown
from desk_assistant.tasks.prompts import PromptError, PromptLibrary, PromptTemplate, prompt_language
from desk_assistant.tasks.runtime import Generated, TaskContext, generate

if TYPE_CHECKING:
    from desk_assistant.tasks.draft_store import DraftRecord

log = logging.getLogger(__name__)

SESSION_KEY = "draft"
KINDS_GROUP = "draft/kinds"
# The shipped kinds, in the order the pane offers them (kinds the user adds come after, by name).
SHIPPED_KINDS = ("article", "blog_post", "email", "report", "social_post", "story", "poem")
LENGTHS: tuple[tuple[str, str], ...] = (
    ("short", QT_TRANSLATE_NOOP("draft", "Short")),
    ("medium", QT_TRANSLATE_NOOP("draft", "Medium")),
    ("long", QT_TRANSLATE_NOOP("draft", "Long")),
)
LENGTH_CODES = tuple(code for code, _ in LENGTHS)
# Tone presets (the templates word these codes in their language); any other text is passed as given.
TONES: tuple[tuple[str, str], ...] = (
    ("neutral", QT_TRANSLATE_NOOP("draft", "Neutral")),
    ("formal", QT_TRANSLATE_NOOP("draft", "Formal")),
    ("friendly", QT_TRANSLATE_NOOP("draft", "Friendly")),
    ("professional", QT_TRANSLATE_NOOP("draft", "Professional")),
    ("persuasive", QT_TRANSLATE_NOOP("draft", "Persuasive")),
    ("casual", QT_TRANSLATE_NOOP("draft", "Casual")),
    ("humorous", QT_TRANSLATE_NOOP("draft", "Humorous")),
)

MAX_BRIEF_CHARS = 20_000  # a brief is instructions plus some notes; source documents go to Summarize
MAX_FIELD_CHARS = 1_000  # audience, tone, one key point
MAX_KEY_POINTS = 30
# Answer sizes in tokens (the context caps them): per section, for the outline, for a whole text.
SECTION_TOKENS = {"short": 320, "medium": 640, "long": 1024}
WHOLE_TOKENS = {"short": 640, "medium": 1280, "long": 2560}
OUTLINE_TOKENS = 512
MIN_ANSWER_TOKENS = 64  # below this the context is too small to write a section in
MARGIN = 16  # the template's joins around the previous sections, counted apart
PREVIOUS_SHARE = 0.5  # the sections already written take at most this share of the context
TEMPERATURE = 0.7
HEADING_HOLD_CHARS = 150  # how much of a section's first line is held back to see if it is a heading

SectionState = Literal["complete", "incomplete", "stopped"]
_KIND_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")

_E_EMPTY_BRIEF = QT_TRANSLATE_NOOP("errors", "The brief is empty: say what the piece should be about.")
_E_LONG_BRIEF = QT_TRANSLATE_NOOP(
    "errors",
    "The brief is too long ({chars} characters; at most {limit}). Keep it to instructions and notes; "
    "summarize long material first.",
)
_E_LONG_FIELD = QT_TRANSLATE_NOOP("errors", "The {field} is too long ({chars} characters; at most {limit}).")
_E_KEY_POINTS = QT_TRANSLATE_NOOP("errors", "There are too many key points ({count}; at most {limit}).")
_E_KIND = QT_TRANSLATE_NOOP("errors", "“{kind}” is not a kind of draft; choose one of: {kinds}.")
_E_LENGTH = QT_TRANSLATE_NOOP("errors", "“{value}” is not a draft length; choose short, medium or long.")
_E_LANGUAGE = QT_TRANSLATE_NOOP(
    "errors", "“{value}” is not a language this app knows; use a code like en, zh_CN or fr."
)
_E_NO_SECTIONS = QT_TRANSLATE_NOOP("errors", "The outline has no sections to write; add one first.")
_E_NO_ROOM = QT_TRANSLATE_NOOP(
    "errors",
    "The brief and outline take {tokens} of this model's {context} tokens of context, leaving no room to "
    "write; shorten them or load the model with a larger context.",
)
_E_FAILED = QT_TRANSLATE_NOOP("errors", "The model stopped with an error; the text so far is kept.")


# ---- kinds ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftKind:
    id: str  # "blog_post"
    name: str  # its name in the template's language ("Blog post", "博客文章")
    headings: bool  # whether its sections get "## " headings in the assembled text
    template: PromptTemplate  # the guidance (system text)


def kind_ids(library: PromptLibrary | None = None) -> list[str]:
    """Every kind there is a template for: the shipped order, then the user's own by name."""
    library = library or PromptLibrary()
    found = {t.id.rpartition("/")[2] for t in library.templates() if t.id.startswith(KINDS_GROUP + "/")}
    return [k for k in SHIPPED_KINDS if k in found] + sorted(found - set(SHIPPED_KINDS))


def load_kind(kind: str, language_code: str = "en", library: PromptLibrary | None = None) -> DraftKind:
    """The kind in the template language for ``language_code`` (the draft's output language)."""
    library = library or PromptLibrary()
    template = library.get(f"{KINDS_GROUP}/{kind}", prompt_language(language_code))
    headings = True
    if template.path is not None:
        # ``headings`` is a key PromptTemplate does not carry; read_template already parsed the file
        with contextlib.suppress(OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            headings = bool(tomllib.loads(template.path.read_text(encoding="utf-8")).get("headings", True))
    return DraftKind(kind, template.title, headings, template)


def _kind_exists(kind: str) -> bool:
    try:
        PromptLibrary().get(f"{KINDS_GROUP}/{kind}")
    except PromptError:
        return False
    return True


def draft_kinds(language_code: str = "en", library: PromptLibrary | None = None) -> list[DraftKind]:
    """The kinds the pane offers, named in ``language_code``'s template language."""
    library = library or PromptLibrary()
    return [load_kind(k, language_code, library) for k in kind_ids(library)]


# ---- the brief ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftBrief:
    """What the user asks for. Validated on creation: every problem is one ``InputError`` sentence.
    ``check_kind=False`` skips looking the kind up (re-opening a draft whose kind file was removed)."""

    kind: str
    brief: str
    audience: str = ""
    tone: str = "neutral"
    length: str = "medium"
    language: str = "en"  # output language code
    key_points: tuple[str, ...] = ()
    check_kind: InitVar[bool] = True

    def __post_init__(self, check_kind: bool) -> None:
        brief = str(self.brief or "").strip()
        if not brief:
            raise InputError(_E_EMPTY_BRIEF)
        if len(brief) > MAX_BRIEF_CHARS:
            raise InputError(_E_LONG_BRIEF, chars=f"{len(brief):,}", limit=f"{MAX_BRIEF_CHARS:,}")
        kind = str(self.kind or "").strip().lower().replace(" ", "_")
        if not _KIND_NAME.fullmatch(kind) or (check_kind and not _kind_exists(kind)):
            raise InputError(_E_KIND, kind=self.kind, kinds=", ".join(kind_ids()))
        length = str(self.length or "medium").strip().lower()
        if length not in LENGTH_CODES:
            raise InputError(_E_LENGTH, value=self.length)
        found = language(str(self.language or "en"))
        if found is None:
            raise InputError(_E_LANGUAGE, value=self.language)
        points = tuple(p for p in (" ".join(str(p).split()) for p in self.key_points or ()) if p)
        if len(points) > MAX_KEY_POINTS:
            raise InputError(_E_KEY_POINTS, count=len(points), limit=MAX_KEY_POINTS)
        values = {"audience": str(self.audience or "").strip(), "tone": str(self.tone or "").strip()}
        field_names = {
            "audience": QT_TRANSLATE_NOOP("draft", "audience"),
            "tone": QT_TRANSLATE_NOOP("draft", "tone"),
            "key point": QT_TRANSLATE_NOOP("draft", "key point"),
        }
        for name, value in (*values.items(), *(("key point", p) for p in points)):
            if len(value) > MAX_FIELD_CHARS:
                field = LocalText("draft", field_names[name])
                raise InputError(_E_LONG_FIELD, field=field, chars=f"{len(value):,}", limit=MAX_FIELD_CHARS)
        for name, value in (
            ("kind", kind),
            ("brief", brief),
            ("length", length),
            ("language", found.code),
            ("key_points", points),
            ("audience", values["audience"]),
            ("tone", values["tone"] or "neutral"),
        ):
            object.__setattr__(self, name, value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "brief": self.brief,
            "audience": self.audience,
            "tone": self.tone,
            "length": self.length,
            "language": self.language,
            "key_points": list(self.key_points),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, check_kind: bool = False) -> DraftBrief:
        return cls(
            kind=str(data.get("kind", "")),
            brief=str(data.get("brief", "")),
            audience=str(data.get("audience", "")),
            tone=str(data.get("tone", "neutral")),
            length=str(data.get("length", "medium")),
            language=str(data.get("language", "en")),
            key_points=tuple(data.get("key_points") or ()),
            check_kind=check_kind,
        )


# ---- results and events ---------------------------------------------------------------------------


def state_for(stats: GenerationStats, text: str) -> SectionState:
    """How a written part ended: Stop -> stopped; out of room, an error or nothing written -> incomplete."""
    if stats.finish_reason == "cancelled":
        return "stopped"
    if stats.finish_reason in ("length", "error") or not text.strip():
        return "incomplete"
    return "complete"


@dataclass(frozen=True)
class OutlineResult:
    outline: Outline  # parsed; ``outline.dropped`` sections past MAX_SECTIONS were left out
    text: str  # what the model wrote
    state: SectionState
    stats: GenerationStats

    @property
    def stopped(self) -> bool:
        return self.state == "stopped"


@dataclass(frozen=True)
class SectionResult:
    section_id: str
    text: str
    state: SectionState
    stats: GenerationStats | None = None

    @property
    def stopped(self) -> bool:
        return self.state == "stopped"

    @property
    def complete(self) -> bool:
        return self.state == "complete"


@dataclass(frozen=True)
class SectionStarted:
    """Event: section ``index`` (1-based) of ``total`` is being written; its old text is replaced."""

    section_id: str
    index: int
    total: int


@dataclass(frozen=True)
class SectionWritten:
    """Event: a section ended (complete, incomplete or stopped), with its final text."""

    section_id: str
    text: str
    state: SectionState

    @property
    def stopped(self) -> bool:
        return self.state == "stopped"

    @property
    def complete(self) -> bool:
        return self.state == "complete"


@dataclass(frozen=True)
class ExpansionResult:
    sections: dict[str, SectionResult]  # the sections written by this run, by id
    written: dict[str, str]  # every section's text after the run (the ones given plus the new ones)
    text: str  # the assembled Markdown of everything written so far
    stopped: bool
    stats: GenerationStats  # totals over the sections

    @property
    def complete(self) -> bool:
        return not self.stopped and all(r.complete for r in self.sections.values())


@dataclass(frozen=True)
class WholeResult:
    text: str
    state: SectionState
    stats: GenerationStats

    @property
    def stopped(self) -> bool:
        return self.state == "stopped"


# ---- prompts --------------------------------------------------------------------------------------


def prompt_values(brief: DraftBrief, kind: DraftKind, **extra: Any) -> dict[str, Any]:
    """Every variable the draft templates may use (see resources/prompts/draft/outline.en.toml)."""
    lang = language(brief.language)
    values: dict[str, Any] = {
        "kind": brief.kind,
        "kind_name": kind.name,
        "brief": brief.brief,
        "audience": brief.audience,
        "tone": brief.tone,
        "length": brief.length,
        "language": lang.name if lang else brief.language,
        "language_native": lang.native if lang else brief.language,
        "key_points": list(brief.key_points),
        "headings": kind.headings,
        "max_sections": MAX_SECTIONS,
        "outline": "",
        "profile": "",
        **extra,
    }
    values["kind_guidance"] = kind.template.render(**values).system
    return values


class _Prompts:
    """The templates of one draft, loaded once per task run (in the draft's language)."""

    def __init__(self, brief: DraftBrief, library: PromptLibrary | None, profile: str = "") -> None:
        self.library = library or PromptLibrary()
        self.brief = brief
        self.profile = profile  # the user's profile text (tasks.chat.profile_for_drafts), or ""
        self.kind = load_kind(brief.kind, brief.language, self.library)
        self.language = prompt_language(brief.language)

    def messages(self, step: str, **extra: Any) -> list[ChatMessage]:
        """Rendered in full before anything is sent: a broken template never reaches the model."""
        template = self.library.get(f"draft/{step}", self.language)
        return template.messages(**prompt_values(self.brief, self.kind, profile=self.profile, **extra))


def _sampling(base: SamplingParams | None, max_tokens: int) -> SamplingParams:
    if base is None:
        return SamplingParams(temperature=TEMPERATURE, max_tokens=max_tokens)
    return dataclasses.replace(base, max_tokens=max_tokens)


def _run_generation(
    ctx: TaskContext,
    messages: list[ChatMessage],
    sampling: SamplingParams,
    key: Hashable,
    *,
    title: str | None = None,
) -> tuple[str, GenerationStats, GenerationError | None]:
    """One answer, streamed under ``key``; an engine failure keeps the text so far (returned with the
    error). With a ``title``, a heading line the model repeats at the start is held back and dropped."""
    pieces: list[str] = []
    heading = _HeadingFilter(title, lambda piece: ctx.text(piece, key)) if title is not None else None

    def sink(piece: str) -> None:
        pieces.append(piece)
        if heading is not None:
            heading.feed(piece)

    try:
        result: Generated = generate(
            ctx, messages, sampling, key=key, session_key=SESSION_KEY, stream=heading is None, sink=sink
        )
        stats, error = result.stats, None
    except GenerationError as exc:
        stats = GenerationStats(finish_reason="error", extra={"error": exc.detail})
        error = exc
    if heading is not None:
        heading.flush()
    text = "".join(pieces)
    return (_strip_heading(text, title) if title is not None else text).strip(), stats, error


class _HeadingFilter:
    """Holds back the first line of a section until it is known whether it repeats the section's
    heading ("## Introduction", "**Introduction**"); such a line is dropped from the stream."""

    def __init__(self, title: str | None, emit: Any) -> None:
        self.title = title or ""
        self.emit = emit
        self.buffer = ""
        self.decided = False

    def feed(self, piece: str) -> None:
        if self.decided:
            self.emit(piece)
            return
        self.buffer += piece
        start = self.buffer.lstrip()
        if not start:
            return
        maybe_heading = start[0] == "#" or start.startswith("**") or start == "*"
        if not maybe_heading or "\n" in start or len(start) > HEADING_HOLD_CHARS:
            self.decided = True
            self.emit(_strip_heading(self.buffer, self.title).lstrip())

    def flush(self) -> None:
        if not self.decided and self.buffer.strip():
            self.decided = True
            self.emit(_strip_heading(self.buffer, self.title).lstrip())


_LEADING_HEADING = re.compile(r"^\s*(?:#{1,6}\s+(?P<h>[^\n]+)|\*\*(?P<b>[^\n*]+)\*\*[:：]?)[ \t]*\n")
MAX_HEADING_CHARS = 150


def _strip_heading(text: str, title: str | None) -> str:
    """The text without a first line that is a Markdown heading, or a bold line naming the title. Only a
    whole, short line goes: an answer that is one long "# …" line is text the model wrote, kept."""
    m = _LEADING_HEADING.match(text)
    if not m or m.end() > MAX_HEADING_CHARS:
        return text
    if m.group("h") is not None or _same_words(m.group("b"), title or ""):
        return text[m.end() :].lstrip("\n")
    return text


def _same_words(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[\W_]+", " ", s).strip().lower()

    return bool(norm(a)) and (norm(a) == norm(b) or norm(b) in norm(a))


def _fit_answer(ctx: TaskContext, messages: Sequence[ChatMessage], wanted: int) -> int:
    """``wanted`` answer tokens, or fewer when the prompt leaves less room; raises when none is left."""
    n_ctx = ctx.engine.context_size
    if not n_ctx:
        return wanted
    prompt = ctx.engine.count_messages(messages)
    room = n_ctx - prompt - MARGIN
    if room < MIN_ANSWER_TOKENS:
        raise ContextOverflowError(_E_NO_ROOM, tokens=prompt, context=n_ctx)
    return min(wanted, room)


# ---- tasks ----------------------------------------------------------------------------------------


@dataclass
class WriteOutline:
    """The outline of a draft (streamed under key None, then parsed)."""

    brief: DraftBrief
    sampling: SamplingParams | None = None
    record: DraftRecord | None = None
    library: PromptLibrary | None = None
    user_profile: str = ""  # tasks.chat.profile_for_drafts(settings): "" when the user turned it off
    max_tokens: int = OUTLINE_TOKENS

    def run(self, ctx: TaskContext) -> OutlineResult:
        prompts = _Prompts(self.brief, self.library, self.user_profile)
        messages = prompts.messages("outline")
        sampling = _sampling(self.sampling, _fit_answer(ctx, messages, self.max_tokens))
        text, stats, error = _run_generation(ctx, messages, sampling, None)
        outline = Outline.parse(text)
        if self.record is not None and len(outline):
            self.record.save_outline(outline)
        if error is not None:
            raise error
        return OutlineResult(outline, text, state_for(stats, text), stats)

    def abandon(self) -> OutlineResult:
        return OutlineResult(Outline(), "", "stopped", GenerationStats(finish_reason="cancelled"))


@dataclass
class _SectionWriter:
    """What ExpandSection and ExpandAll share: the prompt of one section, budgeted, and its run."""

    brief: DraftBrief
    outline: Outline
    prompts: _Prompts
    sampling: SamplingParams | None
    max_tokens: int | None
    record: DraftRecord | None

    def write(self, ctx: TaskContext, section: Section, written: Mapping[str, str]) -> SectionResult:
        messages, max_tokens = self._messages(ctx, section, written)
        sampling = _sampling(self.sampling, max_tokens)
        text, stats, error = _run_generation(ctx, messages, sampling, section.id, title=section.title)
        result = SectionResult(section.id, text, state_for(stats, text), stats)
        ctx.event(SectionWritten(section.id, result.text, result.state))
        if self.record is not None:
            self.record.save_section(section.id, result.text, result.state)
        if error is not None:
            raise GenerationError(_E_FAILED, detail=error.detail)
        return result

    def _messages(
        self, ctx: TaskContext, section: Section, written: Mapping[str, str]
    ) -> tuple[list[ChatMessage], int]:
        index = self.outline.index(section.id)
        wanted = self.max_tokens or SECTION_TOKENS[self.brief.length]
        fixed = {
            "outline": self.outline.to_markdown(),
            "section_number": index + 1,
            "section_count": len(self.outline),
            "section_title": section.title,
            "section_notes": section.notes,
        }
        before = [s for s in self.outline.sections[:index] if written.get(s.id, "").strip()]
        blocks = [self._block(s, written[s.id]) for s in before]
        base = self.prompts.messages("section", previous="", **fixed)
        max_tokens = _fit_answer(ctx, base, wanted)
        if not blocks:
            return base, max_tokens
        n_ctx = ctx.engine.context_size or 0
        room = n_ctx - ctx.engine.count_messages(base) - max_tokens - MARGIN
        budget = min(room, int(n_ctx * PREVIOUS_SHARE)) if n_ctx else 0
        previous = self._previous(ctx, blocks, budget)
        messages = self.prompts.messages("section", previous=previous, **fixed)
        while previous and n_ctx and ctx.engine.count_messages(messages) + max_tokens > n_ctx:
            budget = int(budget * 0.8)  # the estimate was off: cut harder
            previous = self._previous(ctx, blocks, budget)
            messages = self.prompts.messages("section", previous=previous, **fixed)
        return messages, max_tokens

    def _block(self, section: Section, text: str) -> str:
        return f"## {section.title}\n\n{text.strip()}" if self.prompts.kind.headings else text.strip()

    @staticmethod
    def _previous(ctx: TaskContext, blocks: list[str], budget: int) -> str:
        """The latest sections that fit ``budget`` tokens, whole; when even the last one does not,
        its end (the part the new section follows on from)."""
        if budget <= 0:
            return ""
        kept: list[str] = []
        used = 0
        for block in reversed(blocks):
            cost = ctx.engine.count_tokens(block) + 2
            if used + cost > budget:
                if not kept:
                    kept.append(_tail(block, budget, cost))
                break
            kept.append(block)
            used += cost
        text = "\n\n".join(reversed(kept))
        return text if len(kept) == len(blocks) else "[…]\n\n" + text


def _tail(text: str, budget: int, cost: int) -> str:
    """About the last ``budget`` tokens of a text of ``cost`` tokens, starting at a paragraph or word."""
    keep = max(0, int(len(text) * budget / max(cost, 1) * 0.9))
    tail = text[len(text) - keep :]
    cut = tail.find("\n\n")
    if 0 <= cut < len(tail) // 2:
        return tail[cut + 2 :]
    space = tail.find(" ")
    return tail[space + 1 :] if 0 <= space < 40 else tail


@dataclass
class ExpandSection:
    """One section of the outline (also: regenerate it), streamed under key ``section_id``.
    ``written`` holds the other sections' texts: those before this one give the model continuity."""

    brief: DraftBrief
    outline: Outline
    section_id: str
    written: Mapping[str, str] = field(default_factory=dict)
    sampling: SamplingParams | None = None
    record: DraftRecord | None = None
    library: PromptLibrary | None = None
    user_profile: str = ""  # tasks.chat.profile_for_drafts(settings): "" when the user turned it off
    max_tokens: int | None = None

    def run(self, ctx: TaskContext) -> SectionResult:
        section = self.outline.section(self.section_id)
        prompts = _Prompts(self.brief, self.library, self.user_profile)
        writer = _SectionWriter(
            self.brief, self.outline, prompts, self.sampling, self.max_tokens, self.record
        )
        ctx.event(SectionStarted(section.id, self.outline.index(section.id) + 1, len(self.outline)))
        return writer.write(ctx, section, self.written)

    def abandon(self) -> SectionResult:
        return SectionResult(self.section_id, "", "stopped", GenerationStats(finish_reason="cancelled"))


@dataclass
class ExpandAll:
    """Every section not yet in ``written``, in outline order (pass ``{}`` to write them all; pass the
    complete ones to go on after a Stop). Saves a version of the whole text when every section is done."""

    brief: DraftBrief
    outline: Outline
    written: Mapping[str, str] = field(default_factory=dict)
    sampling: SamplingParams | None = None
    record: DraftRecord | None = None
    library: PromptLibrary | None = None
    user_profile: str = ""  # tasks.chat.profile_for_drafts(settings): "" when the user turned it off
    max_tokens: int | None = None

    def run(self, ctx: TaskContext) -> ExpansionResult:
        if not len(self.outline):
            raise InputError(_E_NO_SECTIONS)
        prompts = _Prompts(self.brief, self.library, self.user_profile)
        writer = _SectionWriter(
            self.brief, self.outline, prompts, self.sampling, self.max_tokens, self.record
        )
        written = {k: v for k, v in self.written.items() if k in self.outline.ids and v.strip()}
        results: dict[str, SectionResult] = {}
        total = len(self.outline)
        stopped = False
        for index, section in enumerate(self.outline.sections, 1):
            if section.id in written:
                continue
            if ctx.cancelled:
                stopped = True
                break
            ctx.progress("section", index, total)
            ctx.event(SectionStarted(section.id, index, total))
            result = writer.write(ctx, section, written)
            results[section.id] = result
            written[section.id] = result.text
            if result.stopped:
                stopped = True
                break
        text = assemble_markdown(self.outline, written, headings=prompts.kind.headings)
        outcome = ExpansionResult(results, written, text, stopped, _total_stats(results.values(), stopped))
        if self.record is not None and outcome.complete and results:
            self.record.save_version(text, QT_TRANSLATE_NOOP("draft", "Written from the outline"))
        return outcome

    def abandon(self) -> ExpansionResult:
        written = dict(self.written)
        text = assemble_markdown(self.outline, written) if len(self.outline) else ""
        return ExpansionResult({}, written, text, True, GenerationStats(finish_reason="cancelled"))


@dataclass
class WriteWhole:
    """The whole text in one answer (streamed under key None), from the brief, or from an outline."""

    brief: DraftBrief
    outline: Outline | None = None
    sampling: SamplingParams | None = None
    record: DraftRecord | None = None
    library: PromptLibrary | None = None
    user_profile: str = ""  # tasks.chat.profile_for_drafts(settings): "" when the user turned it off
    max_tokens: int | None = None

    def run(self, ctx: TaskContext) -> WholeResult:
        prompts = _Prompts(self.brief, self.library, self.user_profile)
        outline = self.outline.to_markdown() if self.outline is not None and len(self.outline) else ""
        messages = prompts.messages("whole", outline=outline)
        wanted = self.max_tokens or WHOLE_TOKENS[self.brief.length]
        sampling = _sampling(self.sampling, _fit_answer(ctx, messages, wanted))
        text, stats, error = _run_generation(ctx, messages, sampling, None)
        text = _unfence(text)
        state = state_for(stats, text)
        if self.record is not None and text:
            label = (
                QT_TRANSLATE_NOOP("draft", "Written in one go")
                if state == "complete"
                else QT_TRANSLATE_NOOP("draft", "Written in one go (not finished)")
            )
            self.record.save_version(text, label, status="complete" if state == "complete" else "stopped")
        if error is not None:
            raise GenerationError(_E_FAILED, detail=error.detail)
        return WholeResult(text, state, stats)

    def abandon(self) -> WholeResult:
        return WholeResult("", "stopped", GenerationStats(finish_reason="cancelled"))


_FENCE = re.compile(r"^```[\w-]*\n(?P<body>.*?)\n?```$", re.DOTALL)


def _unfence(text: str) -> str:
    """A whole answer wrapped in one ```markdown fence is the text inside it."""
    m = _FENCE.match(text.strip())
    return m.group("body").strip() if m else text


def _total_stats(results: Any, stopped: bool) -> GenerationStats:
    total = GenerationStats(finish_reason="cancelled" if stopped else "stop")
    rates = []
    for r in results:
        s = r.stats
        if s is None:
            continue
        total.prompt_tokens += s.prompt_tokens
        total.completion_tokens += s.completion_tokens
        total.cached_tokens += s.cached_tokens
        total.total_time += s.total_time
        if not total.time_to_first_token:
            total.time_to_first_token = s.time_to_first_token
        if s.tokens_per_second:
            rates.append((s.tokens_per_second, s.completion_tokens))
        if s.finish_reason in ("length", "error") and not stopped:
            total.finish_reason = s.finish_reason
    weight = sum(n for _, n in rates)
    if weight:
        total.tokens_per_second = sum(rate * n for rate, n in rates) / weight
    return total


__all__ = [
    "LENGTHS",
    "SESSION_KEY",
    "TONES",
    "DraftBrief",
    "DraftKind",
    "ExpandAll",
    "ExpandSection",
    "ExpansionResult",
    "OutlineResult",
    "PromptError",
    "SectionResult",
    "SectionStarted",
    "SectionWritten",
    "WholeResult",
    "WriteOutline",
    "WriteWhole",
    "draft_kinds",
    "kind_ids",
    "load_kind",
]
