"""`desk-assistant draft`: a draft written from a brief, outline first, then section by section.

    desk-assistant draft --kind article --brief "..." [--audience TEXT] [--tone TONE]
                         [--length short|medium|long] [--lang CODE] [--key-point TEXT]...
                         [--outline-only | --whole] [--seed N] [--save] [--no-progress]
                         [--model PATH] [--context-size N] [-v]

The window's flow (``tasks.draft``): the outline is written and shown on stderr, then each section is
written and streamed to stdout as Markdown (``--outline-only`` prints the outline on stdout and stops;
``--whole`` writes the text in one go). ``--brief -`` reads the brief from stdin. Progress goes to
stderr (``cli.progress``). ``--save`` keeps the draft (brief, outline, sections, and the text as a
version) where the window's Draft pane finds it. Ctrl+C stops like the window's Stop: the sections
written so far are kept, "stopped" is said on stderr, exit code 130.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from desk_assistant.cli.common import add_model_arguments, open_engine, stop_on_interrupt
from desk_assistant.cli.progress import ProgressReporter
from desk_assistant.core.errors import InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.inference.types import SamplingParams
from desk_assistant.tasks import documents
from desk_assistant.tasks.chat import profile_for_drafts
from desk_assistant.tasks.draft import (
    LENGTH_CODES,
    TEMPERATURE,
    DraftBrief,
    ExpandAll,
    SectionStarted,
    SectionWritten,
    WriteOutline,
    WriteWhole,
    load_kind,
)
from desk_assistant.tasks.outline import Outline
from desk_assistant.tasks.runtime import run_task

STDIN_NAME = "Standard input"
_E_NO_OUTLINE = QT_TRANSLATE_NOOP("errors", "{name} has no outline in it: write one section title per line.")
_E_LONG_OUTLINE = QT_TRANSLATE_NOOP(
    "errors", "The outline in {name} has {count} sections; a draft can have at most {limit}."
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "draft",
        help="write a draft (article, email, poem…) from a brief; the text goes to stdout",
        description="Write a draft with a local model: an outline first, then section by section.",
    )
    parser.add_argument("--kind", default="article", help="article, blog_post, email, report, social_post, …")
    parser.add_argument("--brief", required=True, help="what the piece is about (- reads it from stdin)")
    parser.add_argument("--audience", default="", help="who it is for")
    parser.add_argument("--tone", default="neutral", help="neutral, formal, friendly, … or your own words")
    parser.add_argument("--length", default="medium", choices=LENGTH_CODES, help="default: medium")
    parser.add_argument("--lang", default="en", metavar="CODE", help="language to write in (default: en)")
    parser.add_argument(
        "--key-point",
        action="append",
        default=[],
        metavar="TEXT",
        help="a point to include (repeatable)",
    )
    parser.add_argument(
        "--outline",
        metavar="FILE",
        help="write from this outline (Markdown list or headings) instead of a new one",
    )
    steps = parser.add_mutually_exclusive_group()
    steps.add_argument("--outline-only", action="store_true", help="print the outline and stop")
    steps.add_argument("--whole", action="store_true", help="write the text in one go, without an outline")
    parser.add_argument("--seed", type=int, help="fix the seed for a repeatable draft")
    parser.add_argument("--save", action="store_true", help="keep the draft for the Draft pane")
    parser.add_argument("--no-progress", action="store_true", help="print no progress on stderr")
    add_model_arguments(parser)
    parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def read_brief(value: str) -> str:
    if value != "-":
        return value
    text, _encoding = documents.decode_text(sys.stdin.buffer.read(), STDIN_NAME)
    return text


def read_outline(path: str) -> Outline:
    """An outline the user wrote; InputError when the file has none (or more sections than allowed)."""
    text = documents.read_document(Path(path).expanduser()).text
    outline = Outline.parse(text)
    if not len(outline):
        raise InputError(_E_NO_OUTLINE, name=Path(path).name)
    if outline.dropped:
        raise InputError(
            _E_LONG_OUTLINE, name=Path(path).name, count=len(outline) + outline.dropped, limit=len(outline)
        )
    return outline


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    brief = DraftBrief(
        kind=args.kind,
        brief=read_brief(args.brief),
        audience=args.audience,
        tone=args.tone,
        length=args.length,
        language=args.lang,
        key_points=tuple(args.key_point),
    )  # bad input is one sentence before the model loads
    given = read_outline(args.outline) if args.outline else None
    verbose = bool(getattr(args, "verbose", False))
    sampling = SamplingParams(temperature=TEMPERATURE, seed=args.seed)
    engine, model, settings = open_engine(args)
    args.user_profile = profile_for_drafts(settings)  # "" unless the user turned it on for drafts
    drafts = record = None
    try:
        if args.save:
            from desk_assistant.storage.store import ConversationStore
            from desk_assistant.tasks.draft_store import DraftStore

            drafts = DraftStore(ConversationStore())
            record = drafts.record(drafts.create(brief, model=str(model)))
        cancel = threading.Event()
        # sections stream to stdout: their progress is a line each on stderr, never a bar under the text
        reporter = ProgressReporter(enabled=not args.no_progress, stream_stages=("section",))
        with reporter, stop_on_interrupt(cancel):
            code = _steps(args, brief, given, sampling, engine, record, cancel, reporter, verbose)
    finally:
        engine.unload()
        if drafts is not None:
            drafts.store.close()
    if record is not None:
        print(f"(draft {record.draft_id})", file=sys.stderr)
    return code


def _steps(
    args: argparse.Namespace,
    brief: DraftBrief,
    given: Outline | None,
    sampling: SamplingParams,
    engine: Any,
    record: Any,
    cancel: threading.Event,
    reporter: ProgressReporter,
    verbose: bool,
) -> int:
    def stream_main(piece: str, key: object) -> None:
        if key is None:
            _write(piece)

    if given is not None and record is not None:
        record.save_outline(given)
    if args.whole:
        task = WriteWhole(brief, given, sampling=sampling, record=record, user_profile=args.user_profile)
        result = run_task(task, engine, cancel=cancel, on_text=stream_main)
        _write("\n")
        return _stopped("the text so far is printed above") if result.stopped else 0
    if given is not None:
        if args.outline_only:
            _write(given.to_markdown() + "\n")
            return 0
        return _expand(brief, given, sampling, engine, record, cancel, reporter, verbose, args.user_profile)
    print("Writing the outline…", file=sys.stderr, flush=True)
    outlined = run_task(
        WriteOutline(brief, sampling=sampling, record=record, user_profile=args.user_profile),
        engine,
        cancel=cancel,
    )
    outline = outlined.outline
    if verbose:
        print(_describe(outlined.stats), file=sys.stderr)
    if not len(outline):
        print("desk-assistant: the model wrote no outline; try again or another model.", file=sys.stderr)
        return 1
    if outline.dropped:
        proposed = len(outline) + outline.dropped
        print(f"(the model proposed {proposed} sections; the first {len(outline)} are kept)", file=sys.stderr)
    if args.outline_only or outlined.stopped:
        _write(outline.to_markdown() + "\n")
        return _stopped("the outline so far is printed above") if outlined.stopped else 0
    print(outline.to_markdown(), file=sys.stderr, flush=True)
    return _expand(brief, outline, sampling, engine, record, cancel, reporter, verbose, args.user_profile)


def _expand(
    brief: DraftBrief,
    outline: Outline,
    sampling: SamplingParams,
    engine: Any,
    record: Any,
    cancel: threading.Event,
    reporter: ProgressReporter,
    verbose: bool,
    user_profile: str = "",
) -> int:
    headings = load_kind(brief.kind, brief.language).headings
    started: list[str] = []

    def on_event(event: object) -> None:
        if isinstance(event, SectionStarted):
            section = outline.section(event.section_id)
            prefix = "" if not started else "\n\n"
            if not started and headings and outline.title:
                prefix = f"# {outline.title}\n\n"
            _write(prefix + (f"## {section.title}\n\n" if headings else ""))
            started.append(event.section_id)
        elif isinstance(event, SectionWritten) and event.state == "incomplete" and verbose:
            print(f"(section {event.section_id} ended before it was finished)", file=sys.stderr)

    def on_text(piece: str, key: object) -> None:
        _write(piece)

    task = ExpandAll(brief, outline, sampling=sampling, record=record, user_profile=user_profile)
    result = run_task(task, engine, cancel=cancel, on_text=on_text, on_progress=reporter, on_event=on_event)
    _write("\n")
    if verbose:
        print(_describe(result.stats), file=sys.stderr)
    if result.stopped:
        return _stopped(f"after {len(started)} of {len(outline)} sections; what was written is printed above")
    return 0


def _stopped(what: str) -> int:
    print(f"desk-assistant: stopped {what}.", file=sys.stderr)
    return 130


def _describe(stats: Any) -> str:
    return (
        f"[{stats.finish_reason}] prompt {stats.prompt_tokens:,} tokens ({stats.cached_tokens:,} cached), "
        f"output {stats.completion_tokens:,} tokens, {stats.tokens_per_second:.1f} tokens/s, "
        f"{stats.total_time:.1f} s"
    )
