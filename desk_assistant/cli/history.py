"""`desk-assistant history`: list, search, export and import the stored conversations."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from desk_assistant.core.errors import InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.storage.schema import KINDS
from desk_assistant.storage.store import SNIPPET_CLOSE, SNIPPET_OPEN, ConversationStore


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("history", help="list, search, export and import stored conversations")
    parser.add_argument("--db", type=Path, help="database file (default: the app's)")
    actions = parser.add_subparsers(dest="history_action", metavar="ACTION", required=True)

    p = actions.add_parser("list", help="conversations, pinned first, most recent first")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=_list)

    p = actions.add_parser("search", help="full-text search of all messages")
    p.add_argument("query", nargs="+", help='words or Chinese text; "quote" a phrase')
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(func=_search)

    p = actions.add_parser("export", help="write conversations as Markdown or JSON")
    p.add_argument("ids", nargs="*", type=int, metavar="ID", help="conversation numbers (see history list)")
    p.add_argument("--all", action="store_true", help="every conversation")
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument("--out", type=Path, help="output file (default: standard output)")
    p.add_argument("--force", action="store_true", help="replace --out if it already exists")
    p.set_defaults(func=_export, parser=p)

    p = actions.add_parser("import", help="add the conversations of a JSON export")
    p.add_argument("path", type=Path)
    p.set_defaults(func=_import)


def _open(args: argparse.Namespace) -> ConversationStore:
    return ConversationStore(args.db)


def _list(args: argparse.Namespace) -> int:
    with _open(args) as store:
        conversations = store.list_conversations(kind=args.kind, limit=args.limit)
    if not conversations:
        print("No conversations yet.")
    for c in conversations:
        when = c.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        pin = "*" if c.pinned else " "
        print(f"{c.id:>6} {pin} {c.kind:<9} {when}  {c.message_count:>4} msgs  {c.title or '(untitled)'}")
    return 0


def _search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    with _open(args) as store:
        hits = store.search(query, limit=args.limit, kind=args.kind)
    if not hits:
        print(f"No messages match {query!r}.")
        return 1
    bold = sys.stdout.isatty()
    for h in hits:
        snippet = " ".join(h.snippet.split())
        snippet = snippet.replace(SNIPPET_OPEN, "\x1b[1m" if bold else "[").replace(
            SNIPPET_CLOSE, "\x1b[0m" if bold else "]"
        )
        title = h.conversation_title or "(untitled)"
        print(f"{h.conversation_id:>6}/{h.message_id:<7} {title} - {h.role}: {snippet}")
    return 0


def _export(args: argparse.Namespace) -> int:
    if not args.all and not args.ids:
        args.parser.error("give conversation numbers or --all")
    if args.out is not None and args.out.exists() and not args.force:
        raise InputError(
            QT_TRANSLATE_NOOP(
                "errors", "{path} already exists; choose another name, or add --force to replace it."
            ),
            path=str(args.out),
        )
    ids = None if args.all else args.ids
    with _open(args) as store:
        if args.format == "json":
            text = json.dumps(store.export_json(ids), ensure_ascii=False, indent=2) + "\n"
        else:
            text = store.export_markdown(ids)
    if args.out is None:
        sys.stdout.write(text)
    else:
        partial = args.out.with_name(args.out.name + ".part")
        try:  # the whole file or none: a full disk never leaves half an export under the real name
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, args.out)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise InputError(
                QT_TRANSLATE_NOOP("errors", "Could not write {path}: {reason}."),
                path=str(args.out),
                reason=exc.strerror or str(exc),
            ) from exc
        print(f"Exported to {args.out}.", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    try:
        data = json.loads(args.path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            QT_TRANSLATE_NOOP("errors", "Could not read {path} as a JSON export: {reason}."),
            path=str(args.path),
            reason=getattr(exc, "strerror", None) or str(exc),
        ) from exc
    with _open(args) as store:
        ids = store.import_json(data)
    print(f"Imported {len(ids)} conversation(s): {', '.join(map(str, ids)) or 'none'}.")
    return 0
