"""`desk-assistant serve`: the OpenAI-compatible API server without the window.

    desk-assistant serve [--host H] [--port N] [--allow-origin ORIGIN] [--model PATH] [--context-size N]

Loads the model (the given one, else the default, else the starter), prints the URL and the key once,
and serves until Ctrl+C. Host and port default to the API server settings (127.0.0.1:8765). Starting it
is the user's explicit request, so it runs while the app is set offline too: it listens, it never
connects out. A host other than this computer's loopback address is reachable from other machines: it
says so.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from desk_assistant.cli.common import add_model_arguments, open_engine


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the model over an OpenAI-compatible API on this computer, until Ctrl+C"
    )
    parser.add_argument("--host", help="the address to listen on (default: the setting, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="the port (default: the setting, 8765; 0: any free port)")
    parser.add_argument(
        "--allow-origin",
        action="append",
        metavar="ORIGIN",
        help="a web page origin allowed to call the server from a browser (CORS), e.g. "
        "http://localhost:3000; repeat for more (default: the setting, none)",
    )
    add_model_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk_assistant.api.executor import ThreadExecutor
    from desk_assistant.api.server import ApiServer, parse_origins, server_key
    from desk_assistant.inference.types import SamplingParams
    from desk_assistant.tasks.chat import default_sampling, sampling_params

    origins = parse_origins(" ".join(args.allow_origin)) if args.allow_origin else None  # before loading
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda _s, _f: stop.set())  # Ctrl+C while loading: stop after
    engine, model, settings = open_engine(args)
    executor = ThreadExecutor(engine)
    defaults = sampling_params(None, default_sampling(settings, str(model)))
    api = settings.api_server
    server = ApiServer(
        executor,
        host=args.host or api.host,
        port=api.port if args.port is None else args.port,
        cors_origins=api.cors_origins if origins is None else origins,
        defaults=lambda: SamplingParams(**defaults.__dict__),
    )
    try:
        if stop.is_set():
            return 130
        server.start()
        shown = model.name if isinstance(model, Path) else str(model)  # a file, or a remote: ref
        print(f"Serving {shown} at {server.url}", flush=True)
        print(f"API key: {server_key()}", flush=True)
        if server.reachable_from_other_machines:
            print(
                f"Warning: {server.host} is reachable from other computers on the network; anyone who "
                "has the key can use the model.",
                file=sys.stderr,
                flush=True,
            )
        print("Press Ctrl+C to stop.", flush=True)
        _wait(stop, server)
        print("Stopping.", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGINT, _restore(previous))
        server.stop()
        executor.close()
        engine.unload()


def _wait(stop: threading.Event, server: Any) -> None:
    signal.signal(signal.SIGTERM, lambda _s, _f: stop.set())
    while not stop.wait(0.5):
        if not server.running:
            return


def _restore(previous: Any) -> Any:
    return previous if previous is not None else signal.SIG_DFL
