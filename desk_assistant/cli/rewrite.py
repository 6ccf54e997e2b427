"""`desk-assistant rewrite`: a text rewritten by a local model, the result on stdout.

    desk-assistant rewrite --how improve|shorten|expand|simplify|tone|grammar|translate
                           [--tone TONE] [--to LANG] [--diff] [--seed N] [--model PATH]
                           [--context-size N] [-v] PATH|-

PATH is a .txt/.md/.html/.pdf/.docx file (``tasks.documents``); ``-`` reads stdin. The task is the
Draft pane's (``tasks.rewrite.Rewrite``): the whole input is one selection, so it must fit the model's
context with its rewrite (else one sentence says the limit). The result is printed when it is done
(tidied: no "Here is…" line); ``--diff`` prints the word-level changes instead, as
``[-removed-]{+added+}``. ``-v`` adds the stats (with prompt-lookup decoding's figures) on stderr.
Ctrl+C stops: the text so far is printed, exit code 130.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from desk_assistant.cli.common import add_model_arguments, open_engine, stop_on_interrupt
from desk_assistant.inference.types import GenerationStats, SamplingParams
from desk_assistant.tasks import documents
from desk_assistant.tasks.chat import profile_for_drafts
from desk_assistant.tasks.rewrite import (
    HOW_CODES,
    REPEAT_PENALTY,
    TEMPERATURE,
    DiffOp,
    Rewrite,
    rewrite_diff,
)
from desk_assistant.tasks.runtime import run_task

STDIN_NAME = "Standard input"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rewrite",
        help="rewrite a text (a file, or - for stdin); the result goes to stdout",
        description="Improve, shorten, expand, simplify, change the tone of, correct or translate a text.",
    )
    parser.add_argument("path", metavar="PATH|-", help="the text, or - to read stdin")
    parser.add_argument("--how", required=True, choices=HOW_CODES, help="what to do with the text")
    parser.add_argument("--tone", help="the tone for --how tone: formal, friendly, … or your own words")
    parser.add_argument("--to", metavar="LANG", help="the language for --how translate, e.g. fr, zh_CN")
    parser.add_argument("--diff", action="store_true", help="print the changes instead of the result")
    parser.add_argument("--seed", type=int, help="fix the seed for a repeatable result")
    add_model_arguments(parser)
    parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def read_input(path: str) -> str:
    if path == "-":
        text, _encoding = documents.decode_text(sys.stdin.buffer.read(), STDIN_NAME)
        return documents.check_text(text, STDIN_NAME)
    return documents.read_document(Path(path).expanduser()).text


def format_diff(ops: list[DiffOp]) -> str:
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[op.kind].format(op.text) for op in ops)


def describe(stats: GenerationStats) -> str:
    line = (
        f"[{stats.finish_reason}] prompt {stats.prompt_tokens:,} tokens, output {stats.completion_tokens:,} "
        f"tokens, {stats.tokens_per_second:.1f} tokens/s, {stats.total_time:.1f} s"
    )
    lookup = stats.extra.get("prompt_lookup")
    if isinstance(lookup, dict) and lookup.get("decodes"):
        per = stats.completion_tokens / lookup["decodes"]
        line += f"; prompt lookup: {lookup['decodes']} decodes, {per:.1f} tokens per decode"
    return line


def run(args: argparse.Namespace) -> int:
    text = read_input(args.path)
    sampling = SamplingParams(temperature=TEMPERATURE, repeat_penalty=REPEAT_PENALTY, seed=args.seed)
    task = Rewrite(text, args.how, tone=args.tone, target_language=args.to, sampling=sampling)  # checks first
    engine, _model, settings = open_engine(args)
    task.user_profile = profile_for_drafts(settings)  # "" unless the user turned it on for drafts
    cancel = threading.Event()
    try:
        with stop_on_interrupt(cancel):
            print("Rewriting…", file=sys.stderr, flush=True)  # the result comes at the end; say it began
            result = run_task(task, engine, cancel=cancel)
    finally:
        engine.unload()
    if not result.text.strip() and not result.stopped:
        print("desk-assistant: the model wrote nothing; try again or another model.", file=sys.stderr)
        return 1
    output = format_diff(rewrite_diff(result.original, result.text)) if args.diff else result.text
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    sys.stdout.flush()
    if getattr(args, "verbose", False):
        print(describe(result.stats), file=sys.stderr)
    if result.stopped:
        print("desk-assistant: stopped; the text so far is printed above.", file=sys.stderr)
        return 130
    return 0
