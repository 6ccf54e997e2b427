"""`desk-assistant summarize`: the summary of a document on stdout, progress on stderr.

    desk-assistant summarize PATH|- [--length short|medium|long]
                             [--format bullets|paragraph|key-points|tldr] [--lang CODE]
                             [--seed N] [--save] [--no-progress] [--model PATH] [--context-size N] [-v]

PATH is a .txt/.md/.html/.pdf/.docx file (``tasks.documents``); ``-`` reads stdin (any common text
encoding). The flow is the window's (``tasks.summarize.Summarize``): one pass when the document fits
the context, else part by part, then the final pass, which streams to stdout. Progress goes to stderr
(``cli.progress``: a bar on a terminal, plain lines otherwise); ``-v`` adds the plan and the stats.
``--save`` keeps the document and its summary in the history, as the window does.

Ctrl+C stops like the window's Stop: what was done is printed (the summary so far, or the notes on
the parts done), "stopped" is said on stderr, and the exit code is 130. A second Ctrl+C ends at once.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from desk_assistant.cli.common import add_model_arguments, open_engine, stop_on_interrupt
from desk_assistant.cli.progress import ProgressReporter
from desk_assistant.tasks import documents
from desk_assistant.tasks.summarize import (
    FORMAT_CODES,
    LENGTH_CODES,
    PartSummarized,
    Summarize,
    SummaryOptions,
    SummaryPlan,
    SummaryResult,
)

STDIN_NAME = "Standard input"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "summarize",
        help="summarize a document (a file, or - for stdin); the summary goes to stdout",
        description="Summarize a .txt/.md/.html/.pdf/.docx file or stdin with a local model.",
    )
    parser.add_argument("path", metavar="PATH|-", help="the document, or - to read stdin")
    parser.add_argument("--length", default="medium", choices=LENGTH_CODES, help="default: medium")
    formats = [code.replace("_", "-") for code in FORMAT_CODES]
    parser.add_argument("--format", default="bullets", choices=formats, help="default: bullets")
    parser.add_argument(
        "--lang", metavar="CODE", help="language of the summary, e.g. en, zh_CN, fr (default: the document's)"
    )
    parser.add_argument("--seed", type=int, help="fix the seed for repeatable summaries")
    parser.add_argument("--save", action="store_true", help="keep the document and summary in the history")
    parser.add_argument("--no-progress", action="store_true", help="print no progress on stderr")
    add_model_arguments(parser)
    parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def read_input(path: str) -> tuple[str, str]:
    """(text, name) of the document; InputError (one sentence) for anything unusable."""
    if path == "-":
        text, _encoding = documents.decode_text(sys.stdin.buffer.read(), STDIN_NAME)
        return documents.check_text(text, STDIN_NAME), STDIN_NAME
    document = documents.read_document(Path(path).expanduser())
    return document.text, document.name


def describe_plan(plan: SummaryPlan) -> str:
    if plan.single:
        how = "one pass"
    else:
        how = f"{len(plan.chunks)} parts of at most {plan.chunk_budget:,} tokens, about {plan.passes} passes"
    return f"{plan.tokens:,} tokens: {how} (context {plan.context_size:,}, summary in {plan.language})"


def describe_result(result: SummaryResult) -> str:
    stats = result.stats
    return (
        f"{result.passes_done} passes, {result.chunks_done} of {result.chunks_total} parts, "
        f"prompt {stats.prompt_tokens:,} tokens ({stats.cached_tokens:,} cached), "
        f"output {stats.completion_tokens:,} tokens, {stats.total_time:.1f} s"
    )


def run(args: argparse.Namespace) -> int:
    options = SummaryOptions(length=args.length, format=args.format, language=args.lang, seed=args.seed)
    text, name = read_input(args.path)
    verbose = bool(getattr(args, "verbose", False))
    engine, model, _settings = open_engine(args)
    record = None
    try:
        if args.save:
            record = _begin_record(text, name, options, str(model))
        task = Summarize(text, options, record=record)
        result, streamed = _run(task, engine, verbose=verbose, progress=not args.no_progress)
    except KeyboardInterrupt:  # a second Ctrl+C: the record keeps what was flushed, marked stopped
        if record is not None:
            record.finish_quietly("stopped")
        raise
    finally:
        engine.unload()
        if record is not None:
            record.store.close()
    if result.stopped:
        if result.text != streamed:  # stopped before the summary began: the notes on the parts done
            sys.stdout.write(result.text)
        sys.stdout.write("\n")
        sys.stdout.flush()
        done = (
            f" after {result.chunks_done} of {result.chunks_total} parts" if result.chunks_total > 1 else ""
        )
        print(f"desk-assistant: stopped{done}; what was done is printed above.", file=sys.stderr)
        return 130
    sys.stdout.write("\n")
    sys.stdout.flush()
    if verbose:
        print(describe_result(result), file=sys.stderr)
    if record is not None:
        print(f"(conversation {record.conversation_id})", file=sys.stderr)
    return 0


def _run(task: Summarize, engine: Any, *, verbose: bool, progress: bool) -> tuple[SummaryResult, str]:
    """Run the task here; returns its result and the summary text streamed to stdout."""
    from desk_assistant.tasks.runtime import run_task

    cancel = threading.Event()
    streamed: list[str] = []

    def on_text(piece: str, key: object) -> None:
        if key is None:
            streamed.append(piece)
            sys.stdout.write(piece)
            sys.stdout.flush()

    def on_event(event: object) -> None:
        if verbose and isinstance(event, SummaryPlan):
            reporter.close()
            print(describe_plan(event), file=sys.stderr)
        elif verbose and isinstance(event, PartSummarized):
            reporter.close()
            print(
                f"part {event.index} of {event.total}: {len(event.text):,} characters of notes",
                file=sys.stderr,
            )

    with ProgressReporter(enabled=progress) as reporter, stop_on_interrupt(cancel):
        result = run_task(
            task, engine, cancel=cancel, on_text=on_text, on_progress=reporter, on_event=on_event
        )
    return result, "".join(streamed)


def _begin_record(text: str, name: str, options: SummaryOptions, model: str) -> Any:
    from desk_assistant.storage.store import ConversationStore
    from desk_assistant.tasks.chat import title_from_message
    from desk_assistant.tasks.records import TaskRecord

    store = ConversationStore()
    title = name if name != STDIN_NAME else (title_from_message(text) or "Summary")
    settings = {
        "options": {"length": options.length, "format": options.format, "language": options.language},
        "source_name": name,
    }
    return TaskRecord.begin(store, "summarize", title, text, settings=settings, model=model)
