"""`desk-assistant backends`: the remote OpenAI-compatible servers (llama.cpp's server, Ollama, vLLM).

    desk-assistant backends list
    desk-assistant backends add NAME URL [--key-stdin | --ask-key | --key KEY]
    desk-assistant backends remove NAME
    desk-assistant backends models NAME|URL

A backend is a name and a URL in the settings; its API key goes to the OS keyring, or where there is
none to a file readable by this user only (``list`` says which, never the key). Give the key on stdin
(``--key-stdin``) or at a prompt (``--ask-key``) so it stays out of the shell history. Then
``desk-assistant chat --backend NAME [--model MODEL_ID] ...`` (also summarize, translate, draft).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from desk_assistant.core import backends, secrets
from desk_assistant.core.errors import InputError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.core.settings import load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "backends", help="remote OpenAI-compatible servers: list, add, remove, and their models"
    )
    actions = parser.add_subparsers(dest="backends_action", metavar="ACTION", required=True)

    p = actions.add_parser("list", help="the backends: name, URL, and where the key is kept")
    p.set_defaults(func=_list)

    p = actions.add_parser("add", help="add a server (its key is kept in the keyring, never in settings)")
    p.add_argument("name", help="a short name, used with --backend NAME")
    p.add_argument("url", help="the server's address, e.g. http://workstation:8080")
    key = p.add_mutually_exclusive_group()
    key.add_argument("--key-stdin", action="store_true", help="read the API key from stdin (first line)")
    key.add_argument("--ask-key", action="store_true", help="ask for the API key (not echoed)")
    key.add_argument("--key", help="the API key (it stays in your shell history: prefer --key-stdin)")
    p.set_defaults(func=_add)

    p = actions.add_parser("remove", help="remove a backend and its key")
    p.add_argument("name")
    p.set_defaults(func=_remove)

    p = actions.add_parser("models", help="the models a server offers (asks the server)")
    p.add_argument("backend", metavar="NAME|URL")
    p.set_defaults(func=_models)


def _where(note: secrets.StorageNote | None) -> str:
    if note is None:
        return "no key"
    if note.in_keyring:
        return f"key in the keyring ({note.where})"
    return f"key in {note.where} (readable by you only)"


def _list(_args: argparse.Namespace) -> int:
    settings = load_settings()
    if not settings.backends:
        print("No backends yet. Add one: desk-assistant backends add NAME URL --key-stdin")
        return 0
    width = max(len(b.name) for b in settings.backends)
    for b in settings.backends:
        print(f"{b.name:<{width}}  {b.base_url}  {_where(secrets.stored_where(backends.key_name(b.name)))}")
    return 0


def _read_key(args: argparse.Namespace) -> str:
    if args.key_stdin:
        return sys.stdin.readline().strip()
    if args.ask_key:
        try:
            return getpass.getpass("API key: ").strip()
        except EOFError:
            return ""
    return (args.key or "").strip()


def _add(args: argparse.Namespace) -> int:
    settings = load_settings()
    name = backends.check_name(args.name)  # a bad name or URL is refused before a key is asked for
    backends.normalize_url(args.url)
    if backends.find_backend(settings, name) is not None:
        raise backends.duplicate_error(name)
    key = _read_key(args)
    if (args.key_stdin or args.ask_key) and not key:
        raise InputError(QT_TRANSLATE_NOOP("errors", "No API key was given."))
    note = backends.add_backend(settings, name, args.url, key)
    backend = backends.find_backend(settings, name)
    assert backend is not None
    print(f"Added {name}: {backend.base_url}, " + (_where(note) if key else "no key"))
    return 0


def _remove(args: argparse.Namespace) -> int:
    settings = load_settings()
    backends.remove_backend(settings, args.name)
    print(f"Removed {args.name} and its key.")
    return 0


def _models(args: argparse.Namespace) -> int:
    from desk_assistant.inference.remote_engine import list_models

    conn = backends.resolve(load_settings(), args.backend)
    names = list_models(conn)
    if not names:
        print(f"{conn.base_url} offers no models.")
    for name in names:
        print(name)
    return 0
