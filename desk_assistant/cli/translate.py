"""`desk-assistant translate`: translate a text or a file with a local model.

    desk-assistant translate PATH|- --to LANG [--from LANG] [--glossary FILE]
                             [--tone neutral|formal|informal] [--out PATH] [--overwrite]
                             [--seed N] [--save] [--no-progress] [--model PATH] [--context-size N] [-v]

With ``-`` (stdin, any common encoding) or a .txt/.md PATH and no --out, the translation goes to stdout,
segment by segment as each is done (Markdown structure, code and links kept: ``tasks.segments``).
With --out, or for a .docx, a file is written (``tasks.translate_files``): beside the source as
``<stem>.<LANG>.<suffix>`` unless --out says where, never over an existing file unless --overwrite is
given (on a terminal the command asks instead). Progress is on stderr, and so are glossary terms the
translation misses. A glossary file may have bad lines: they are named in one sentence and the good
ones are used.

Ctrl+C stops like the window's Stop: what was translated is kept (printed, or written with the rest in
the source language), "stopped" is said on stderr, and the exit code is 130.
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
from desk_assistant.tasks import documents
from desk_assistant.tasks.glossary import Glossary, GlossaryEntry, load_glossary, problems_error
from desk_assistant.tasks.languages import LANGUAGES
from desk_assistant.tasks.runtime import run_task
from desk_assistant.tasks.segments import Segment, SegmentedDocument
from desk_assistant.tasks.translate import (
    TONE_CODES,
    SegmentTranslated,
    Translate,
    TranslateOptions,
    TranslationResult,
)
from desk_assistant.tasks.translate_files import (
    DOCX_SUFFIX,
    TEXT_SUFFIXES,
    FileTranslation,
    OutputExistsError,
    TranslateFile,
    check_output,
    write_atomically,
)

STDIN_NAME = "Standard input"


def register(subparsers: argparse._SubParsersAction) -> None:
    languages = "\n".join(f"  {lang.code:<6} {lang.name} ({lang.native})" for lang in LANGUAGES)
    parser = subparsers.add_parser(
        "translate",
        help="translate a text or a .txt/.md/.docx file with a local model",
        description=(
            "Translate stdin (-) or a .txt/.md file to stdout; with --out, or for a .docx, the "
            "translation is written to a new file (beside the source unless --out says where). "
            "Markdown structure, code and links are kept."
        ),
        epilog=f"languages (--to, --from; zh-Hans, zh-Hant and other spellings work too):\n{languages}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", metavar="PATH|-", help="the text file (.txt, .md, .docx), or - to read stdin")
    parser.add_argument("--to", required=True, metavar="LANG", help="the language to translate into")
    parser.add_argument(
        "--from", dest="source", metavar="LANG", help="the text's language (default: detected)"
    )
    parser.add_argument("--glossary", metavar="FILE", help="term pairs (term = translation, TSV or CSV)")
    parser.add_argument("--tone", default="neutral", choices=TONE_CODES, help="default: neutral")
    parser.add_argument("--out", metavar="PATH", help="write the translation to this file")
    parser.add_argument("--overwrite", action="store_true", help="replace the output file if it exists")
    parser.add_argument("--seed", type=int, help="fix the seed for repeatable translations")
    parser.add_argument("--save", action="store_true", help="keep the text and translation in the history")
    parser.add_argument("--no-progress", action="store_true", help="print no progress on stderr")
    add_model_arguments(parser)
    parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def read_glossary(path: str | None) -> Glossary | None:
    if not path:
        return None
    glossary, problems = load_glossary(Path(path).expanduser())
    warning = problems_error(problems, len(glossary))
    if warning is not None:
        print(f"desk-assistant: {warning}", file=sys.stderr)
    return glossary


def _confirm_overwrite(path: Path) -> bool:
    """Ask on the terminal whether ``path`` may be replaced (only when stdin is a terminal)."""
    try:
        if not sys.stdin.isatty():
            return False
        print(f"{path} already exists. Replace it? [y/N] ", end="", file=sys.stderr, flush=True)
        return sys.stdin.readline().strip().lower() in ("y", "yes")
    except (OSError, ValueError):
        return False


def _unsupported(path: Path) -> InputError:
    return InputError(
        QT_TRANSLATE_NOOP("errors", "{name} cannot be translated; translate a .txt, .md or .docx file."),
        name=path.name,
    )


def run(args: argparse.Namespace) -> int:
    options = TranslateOptions(
        args.to, source=args.source, tone=args.tone, glossary=read_glossary(args.glossary), seed=args.seed
    )
    verbose = bool(getattr(args, "verbose", False))
    out = Path(args.out).expanduser() if args.out else None
    if args.path == "-":
        text, _encoding = documents.decode_text(sys.stdin.buffer.read(), STDIN_NAME)
        text = documents.check_text(text, STDIN_NAME)
        if out is not None:
            return _to_file(args, _TextJob(text, out, options, args.overwrite), text, STDIN_NAME, verbose)
        return _to_stdout(args, Translate(text, options), text, STDIN_NAME, verbose)
    path = Path(args.path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES and suffix != DOCX_SUFFIX:
        raise _unsupported(path)
    if out is None and suffix in TEXT_SUFFIXES:
        document = documents.read_document(path)
        markdown = TEXT_SUFFIXES[suffix]
        task = Translate(document.text, _with_markdown(options, markdown))
        return _to_stdout(args, task, document.text, document.name, verbose)
    job = _file_job(path, options, out, args.overwrite)
    return _to_file(args, job, None, path.name, verbose)


def _with_markdown(options: TranslateOptions, markdown: bool) -> TranslateOptions:
    from dataclasses import replace

    return replace(options, markdown=markdown)


def _file_job(path: Path, options: TranslateOptions, out: Path | None, overwrite: bool) -> TranslateFile:
    """The file job; when its output exists, ask on a terminal whether to replace it."""
    try:
        return TranslateFile(path, options, out, overwrite=overwrite)
    except OutputExistsError as exc:
        if not _confirm_overwrite(Path(exc.args_map["path"])):
            raise
        return TranslateFile(path, options, out, overwrite=True)


class _TextJob:
    """Stdin translated into a file (.txt or .md by the output's name), like ``TranslateFile``."""

    def __init__(self, text: str, out: Path, options: TranslateOptions, overwrite: bool) -> None:
        suffix = out.suffix.lower()
        if suffix not in TEXT_SUFFIXES:
            raise InputError(
                QT_TRANSLATE_NOOP(
                    "errors", "A translation of standard input is written as .txt or .md, not {name}."
                ),
                name=out.name,
            )
        check_output(out, overwrite=overwrite)
        self.out = out
        self.overwrite = overwrite
        self.task = Translate(text, _with_markdown(options, TEXT_SUFFIXES[suffix]))
        self.record: Any = None

    def prepare(self) -> Translate:
        self.task.prepare()
        return self.task

    def run(self, ctx: Any) -> FileTranslation:
        self.prepare()
        result = self.task.run(ctx)
        write_atomically(self.out, result.document.encode("utf-8"), overwrite=self.overwrite)
        return FileTranslation(self.out, result)


# ---- running ------------------------------------------------------------------------------------------


class _Printer:
    """Prints the translated document to stdout as it becomes final: everything up to the first
    segment still being translated."""

    def __init__(self, document: SegmentedDocument) -> None:
        self.document = document
        self.blocks: dict[int, str] = {}
        self.next = 0  # index into document.pieces
        self.written: list[str] = []

    def segment_done(self, event: SegmentTranslated) -> None:
        segment = self.document.segments[event.index]
        self.blocks[event.index] = segment.original if event.kept else segment.render(event.text)
        self._advance()

    def _advance(self) -> None:
        pieces = self.document.pieces
        out: list[str] = []
        while self.next < len(pieces):
            piece = pieces[self.next]
            if isinstance(piece, Segment):
                if piece.index not in self.blocks:
                    break
                out.append(self.document.visible(self.blocks[piece.index]))
            else:
                out.append(self.document.visible(piece))
            self.next += 1
        self._write("".join(out))

    def finish(self, result: TranslationResult) -> None:
        """The rest (all of it after a Stop: the segments not translated, in the source language)."""
        done = "".join(self.written)
        if result.document.startswith(done):
            self._write(result.document[len(done) :])
        if not result.document.endswith("\n"):
            self._write("\n")

    def _write(self, text: str) -> None:
        if text:
            self.written.append(text)
            sys.stdout.write(text)
            sys.stdout.flush()


def _begin_record(text: str, name: str, options: TranslateOptions, model: str) -> Any:
    from desk_assistant.storage.store import ConversationStore
    from desk_assistant.tasks.chat import title_from_message
    from desk_assistant.tasks.records import TaskRecord

    store = ConversationStore()
    title = name if name != STDIN_NAME else (title_from_message(text) or "Translation")
    settings = {**options.settings(), "source_name": name}
    return TaskRecord.begin(store, "translate", title, text, settings=settings, model=model)


def _run_job(args: argparse.Namespace, source: str, name: str, job: Any, printer: _Printer | None) -> Any:
    """Load the model, keep the record if asked (--save), run ``job`` here; returns its result."""
    engine, model, _settings = open_engine(args)
    record = None
    cancel = threading.Event()

    def on_event(event: object) -> None:
        if printer is not None and isinstance(event, SegmentTranslated):
            reporter.close()  # the bar and the printed text never share a terminal line
            printer.segment_done(event)

    try:
        task: Translate = job if isinstance(job, Translate) else job.task
        if args.save:
            record = _begin_record(source, name, task.options, str(model))
            task.record = record
            job.record = record
        with ProgressReporter(enabled=not args.no_progress) as reporter, stop_on_interrupt(cancel):
            return run_task(job, engine, cancel=cancel, on_progress=reporter, on_event=on_event)
    except KeyboardInterrupt:  # a second Ctrl+C: the record keeps what was flushed, marked stopped
        if record is not None:
            record.finish_quietly("stopped")
        raise
    finally:
        engine.unload()
        if record is not None:
            record.store.close()


def _to_stdout(args: argparse.Namespace, task: Translate, source: str, name: str, verbose: bool) -> int:
    document = task.prepare()  # refuses odd input before a model is loaded
    printer = _Printer(document)
    result: TranslationResult = _run_job(args, source, name, task, printer)
    printer.finish(result)
    return _report(result, verbose, None)


def _to_file(args: argparse.Namespace, job: Any, source: str | None, name: str, verbose: bool) -> int:
    task = job.prepare()
    text = source if source is not None else task.text
    outcome: FileTranslation = _run_job(args, text, name, job, None)
    return _report(outcome.result, verbose, outcome.path)


def _report(result: TranslationResult, verbose: bool, path: Path | None) -> int:
    if result.misses:
        print(f"desk-assistant: {describe_misses(result.misses)}", file=sys.stderr)
    if verbose:
        stats = result.stats
        print(
            f"{len(result.translations)} of {result.segments} segments ({len(result.kept)} already in the "
            f"target language), {stats.requests} requests ({stats.retried_batches} batches redone), prompt "
            f"{stats.prompt_tokens:,} tokens ({stats.cached_tokens:,} cached), output "
            f"{stats.completion_tokens:,} tokens, {stats.seconds:.1f} s, "
            f"{stats.tokens_per_second:.1f} tokens/s",
            file=sys.stderr,
        )
        for index, dropped in sorted(result.dropped.items()):
            print(
                f"segment {index + 1}: the model left out {', '.join(dropped)} (added at its end)",
                file=sys.stderr,
            )
    if path is not None:
        print(f"desk-assistant: written to {path}", file=sys.stderr)
    if result.stopped:
        where = f" in {path}" if path is not None else ""
        print(
            f"desk-assistant: stopped after {len(result.translations)} of {result.segments} segments; "
            f"the rest is left in the source language{where}.",
            file=sys.stderr,
        )
        return 130
    return 0


def describe_misses(misses: dict[int, list[GlossaryEntry]]) -> str:
    """One sentence: which glossary terms the translation does not use, and where."""
    where: dict[tuple[str, str], list[int]] = {}
    for index, entries in sorted(misses.items()):
        for entry in entries:
            where.setdefault(entry.as_pair(), []).append(index + 1)
    parts = [
        f"“{term}” → “{translation}” (segment{'s' if len(found) > 1 else ''} {', '.join(map(str, found))})"
        for (term, translation), found in where.items()
    ]
    return "the translation does not use these glossary terms: " + "; ".join(parts) + "."
