"""`desk-assistant models list|catalog|download ID|import PATH|remove ID|info PATH|default ID`.

Library modules are imported inside each command so `models info` stays well under a second
(huggingface_hub and psutil are only loaded by the commands that need them).
"""

from __future__ import annotations

import argparse
import sys
import time


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("models", help="list, download, import and remove models")
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)

    sub.add_parser("list", help="installed models").set_defaults(func=cmd_list)
    catalog = sub.add_parser("catalog", help="models you can download (marks what fits this machine)")
    catalog.add_argument("--for", dest="good_for", choices=("chat", "translate", "write"))
    catalog.set_defaults(func=cmd_catalog)

    download = sub.add_parser("download", help="download a catalog model (resumes a partial download)")
    download.add_argument("id", help="catalog id, see: desk-assistant models catalog")
    download.add_argument("--endpoint", help="Hugging Face endpoint (default: HF_ENDPOINT or huggingface.co)")
    download.set_defaults(func=cmd_download)

    imp = sub.add_parser("import", help="add a local .gguf file (all parts of a split model)")
    imp.add_argument("path")
    imp.set_defaults(func=cmd_import)

    remove = sub.add_parser("remove", help="delete an installed model")
    remove.add_argument("id", help="file name, name without .gguf, or catalog id")
    remove.set_defaults(func=cmd_remove)

    info = sub.add_parser("info", help="read a GGUF file's header (no weights loaded)")
    info.add_argument("path")
    info.set_defaults(func=cmd_info)

    default = sub.add_parser("default", help="set the model loaded at start")
    default.add_argument("id")
    default.set_defaults(func=cmd_default)


def _size(n: float) -> str:
    from desk_assistant.library.units import format_bytes

    return format_bytes(n)


def cmd_info(args: argparse.Namespace) -> int:
    from desk_assistant.library.gguf_header import read_header

    header = read_header(args.path)
    rows = [
        ("file", str(header.path)),
        ("name", header.name or "-"),
        ("architecture", header.architecture or "-"),
        ("parameters", header.size_label or "-"),
        (
            "quantization",
            header.quantization or (f"file type {header.file_type}" if header.file_type else "-"),
        ),
        ("context length", str(header.context_length or "-")),
        ("layers", str(header.block_count or "-")),
        ("chat template", "yes" if header.has_chat_template else "no (chosen by architecture)"),
        ("file size", _size(header.size_bytes)),
        ("parts", str(header.split_count)),
        ("GGUF version", str(header.version)),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from desk_assistant.library.local_models import LocalModels

    models = LocalModels().list()
    if not models:
        print("No models installed. See: desk-assistant models catalog")
        return 0
    for m in models:
        mark = "*" if m.is_default else " "
        if m.error:
            detail = f"BROKEN: {m.error}"
        elif m.header is None:
            detail = "bundled, written on first use"
        else:
            h = m.header
            detail = " ".join(
                x for x in (h.architecture, h.size_label, h.quantization, f"ctx {h.context_length}") if x
            )
        size = _size(m.size_bytes) if m.size_bytes else "-"
        print(f"{mark} {m.id:<48} {size:>9}  {detail}")
    print("(* = default)")
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    from desk_assistant.library.catalog import fits_in_ram, load_catalog, recommend, total_ram_bytes

    ram = total_ram_bytes()
    entries = [e for e in load_catalog() if args.good_for is None or args.good_for in e.good_for]
    best = recommend(ram, good_for=args.good_for)
    print(f"This machine has {_size(ram)} of memory. Recommended: {best[0].id if best else 'none fits'}")
    for e in entries:
        fits = "fits" if fits_in_ram(e.ram_bytes, ram) else "too big"
        print(
            f"  {e.id:<24} {_size(e.size_bytes):>8} download, needs {_size(e.ram_bytes):>8} RAM ({fits})"
            f"  {','.join(e.good_for):<20} {e.license}"
        )
    return 0


class _ProgressLine:
    """One status line on stderr, redrawn at most ~4 times a second."""

    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, p) -> None:  # DownloadProgress
        now = time.monotonic()
        if now - self.last < 0.25 and p.done < p.total:
            return
        self.last = now
        if p.verifying:
            text = f"checking the partial download: {_size(p.done)}"
        else:
            eta = f"{int(p.eta_s) // 60}:{int(p.eta_s) % 60:02d} left" if p.eta_s is not None else ""
            text = f"{p.fraction * 100:5.1f}%  {_size(p.done)} of {_size(p.total)}  {_size(p.speed)}/s  {eta}"
        print(f"\r{text:<72}", end="", file=sys.stderr, flush=True)


def cmd_download(args: argparse.Namespace) -> int:
    from desk_assistant.core import network
    from desk_assistant.library.catalog import find_entry

    network.ensure_online()  # "Work offline": one sentence, before anything is looked up
    from desk_assistant.library.download import Downloader, DownloadStatus

    entry = find_entry(args.id)
    print(f"Downloading {entry.name} ({entry.repo}/{entry.file})", file=sys.stderr)
    try:
        result = Downloader(endpoint=args.endpoint).download_entry(entry, progress=_ProgressLine())
    except KeyboardInterrupt:
        print("\nStopped; run the same command again to resume.", file=sys.stderr)
        return 130
    finally:
        print(file=sys.stderr)
    if result.status is not DownloadStatus.DONE:
        return 1
    print(f"Installed and verified: {result.path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desk_assistant.library.local_models import LocalModels

    model = LocalModels().import_file(args.path)
    print(f"Imported: {model.path}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from desk_assistant.library.local_models import LocalModels

    library = LocalModels()
    model = library.find(args.id)
    library.remove(model)
    print(f"Removed: {model.path}")
    return 0


def cmd_default(args: argparse.Namespace) -> int:
    from desk_assistant.library.local_models import LocalModels

    model = LocalModels().set_default(args.id)
    print(f"Default model: {model.path}")
    return 0
