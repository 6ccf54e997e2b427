"""`desk-assistant chat`: send one message to a local model and stream the answer to stdout.

    desk-assistant chat [--model PATH] [--system TEXT] [--conversation ID|new] [--temperature T]
                        [--seed N] [--max-tokens N] "message"

With no message the text is read from stdin. With no --model: the default model from the settings, or
the offline starter model. ``-v`` prints a stats line on stderr.
With ``--conversation`` the exchange is stored like a window chat: the earlier turns of that
conversation are sent first, the question is committed before generating, and the answer is
flushed while it streams (a Ctrl+C keeps it, marked stopped).
``stream_answer`` is the reusable part: messages in, text to a writer callback, stats out.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import threading
from collections.abc import Callable, Sequence

from desk_assistant.cli.common import add_model_arguments, open_engine, text_argument
from desk_assistant.core.errors import InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.core.settings import Settings
from desk_assistant.inference.engine import Engine
from desk_assistant.inference.types import ChatMessage, GenerationStats, SamplingParams
from desk_assistant.tasks.chat import ChatTurn, StreamChat, default_sampling, profile_for, sampling_params
from desk_assistant.tasks.runtime import run_task


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("chat", help="chat with a local model; the answer streams to stdout")
    parser.add_argument("message", nargs="?", help="the message (read from stdin when left out)")
    parser.add_argument("--system", help="a system prompt")
    parser.add_argument(
        "--conversation",
        metavar="ID|new",
        help="store the exchange in conversation ID (its history is sent too), or in a new one",
    )
    parser.add_argument("--temperature", type=float)
    parser.add_argument("--seed", type=int, help="fix the seed for repeatable answers")
    parser.add_argument("--max-tokens", type=int)
    add_model_arguments(parser)
    # SUPPRESS: when not given here, the global -v (before the command) is kept
    parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def sampling_from(args: argparse.Namespace, base: SamplingParams) -> SamplingParams:
    """``base`` with what the command line sets on top (temperature, max tokens, seed)."""
    changes = {
        name: getattr(args, name)
        for name in ("temperature", "max_tokens", "seed")
        if getattr(args, name) is not None
    }
    return dataclasses.replace(base, **changes)


def stream_answer(
    engine: Engine,
    messages: Sequence[ChatMessage],
    sampling: SamplingParams,
    write: Callable[[str], None],
) -> GenerationStats:
    """Stream one answer (not stored) through ``write``; return the final stats."""
    return run_task(StreamChat(list(messages), sampling), engine, on_text=lambda text, _key: write(text))


def format_stats(stats: GenerationStats) -> str:
    line = (
        f"[{stats.finish_reason}] prompt {stats.prompt_tokens} tokens ({stats.cached_tokens} cached), "
        f"answer {stats.completion_tokens} tokens, first token {stats.time_to_first_token * 1000:.0f} ms, "
        f"{stats.tokens_per_second:.1f} tokens/s, seed {stats.extra.get('seed')}"
    )
    if stats.trimmed:
        line += f", {stats.trimmed.dropped_messages} old messages left out"
    return line


def run(args: argparse.Namespace) -> int:
    if args.message is not None:
        message = text_argument(args.message)
    else:  # bytes, decoded like any text file (UTF-8, UTF-16, GBK, …); binary input is one sentence
        from desk_assistant.tasks.documents import decode_text

        data = sys.stdin.buffer.read()  # on a terminal: until Ctrl+D, as before
        message = decode_text(data, "stdin")[0] if data.strip() else ""
    if args.system:
        args.system = text_argument(args.system)
    if not message.strip():
        raise InputError(
            QT_TRANSLATE_NOOP("errors", "There is no message to send: give one or pipe text on stdin.")
        )
    engine, model, settings = open_engine(args)

    def write(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    try:
        if args.conversation:
            stats = _stored_exchange(engine, args, settings, str(model), message, write)
        else:
            messages = [ChatMessage("system", args.system)] if args.system else []
            messages.append(ChatMessage("user", message))
            defaults = sampling_params(None, default_sampling(settings, str(model)))
            stats = stream_answer(engine, messages, sampling_from(args, defaults), write)
    finally:
        engine.unload()
    sys.stdout.write("\n")
    if getattr(args, "verbose", False):
        print(format_stats(stats), file=sys.stderr)
    if stats.finish_reason == "error":
        print(f"desk-assistant: generation failed: {stats.extra.get('error')}", file=sys.stderr)
        return 1
    return 0


def _stored_exchange(
    engine: Engine,
    args: argparse.Namespace,
    settings: Settings,
    model: str,
    message: str,
    write: Callable[[str], None],
) -> GenerationStats:
    """One turn of a stored conversation, the window's flow (tasks.chat.ChatTurn): history in, question
    committed first, answer flushed while it streams."""
    from desk_assistant.storage.chat_history import open_cli_conversation
    from desk_assistant.storage.store import ConversationStore

    with ConversationStore() as store:
        conversation = open_cli_conversation(
            store, args.conversation, model=model, system_prompt=args.system or ""
        )
        if args.system and args.system != conversation.system_prompt:
            conversation = store.update_conversation(conversation.id, system_prompt=args.system)
        turn = ChatTurn.ask(
            store,
            conversation.id,
            message,
            user_profile=profile_for(settings, conversation),  # off where the user turned it off
            defaults=default_sampling(settings, model),
        )
        turn.sampling = sampling_from(args, turn.sampling)
        cancel = threading.Event()
        try:
            outcome = run_task(turn, engine, cancel=cancel, on_text=lambda text, _key: write(text))
        except KeyboardInterrupt:  # Ctrl+C: what was written is kept, marked stopped
            cancel.set()
            turn.writer.finish("stopped")
            raise
        print(f"(conversation {conversation.id})", file=sys.stderr)
        return outcome.stats
