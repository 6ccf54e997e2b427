"""`desk-assistant doctor [--model PATH | --generate]`: what this machine has and whether the app can run.

Prints the version, llama.cpp's build and devices, the plan for the default model, whether the window
can open (the Qt display plugin's libraries, a CJK font) and the data folders with their free space.
With ``--model`` (or ``--generate`` for the default model) it also loads the model and generates a few
tokens. Exit code 0 when nothing is wrong, 1 when something would stop the app (a warning does not).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from desk_assistant import __version__
from desk_assistant.library.units import format_bytes

TOKENS_TO_GENERATE = 8


@dataclass
class Report:
    sections: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def section(self, title: str) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        self.sections.append((title, rows))
        return rows

    def render(self) -> str:
        width = max((len(key) for _, rows in self.sections for key, _ in rows), default=0)
        lines: list[str] = []
        for title, rows in self.sections:
            lines.append(title)
            lines += [f"  {key:<{width}}  {value}" for key, value in rows]
            lines.append("")
        lines += [f"warning: {text}" for text in self.warnings]
        lines += [f"problem: {text}" for text in self.problems]
        verdict = "problems found" if self.problems else "ok" if not self.warnings else "ok, with warnings"
        lines.append(f"result: {verdict}")
        return "\n".join(lines)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("doctor", help="check this machine: llama.cpp, devices, display, folders")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--model", help="also load this .gguf file and generate a few tokens")
    which.add_argument(
        "--generate", action="store_true", help="also load the default model and generate a few tokens"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report = build_report(args.model, args.generate)
    print(report.render())
    return 1 if report.problems else 0


def build_report(model_path: str | None = None, generate: bool = False) -> Report:
    """The whole report; the window's Help → About shows it too (without ``generate``)."""
    report = Report()
    _application(report)
    _llama_cpp(report)
    model = _default_model(report, model_path, generate)
    _display(report)
    _folders(report)
    if model is not None and (model_path or generate):
        _generate(report, model)
    return report


def _application(report: Report) -> None:
    rows = report.section("Desk Assistant")
    rows.append(("version", __version__))
    rows.append(("python", f"{platform.python_version()} ({sys.executable})"))
    rows.append(("system", platform.platform()))
    if getattr(sys, "frozen", False):
        rows.append(("bundle", str(Path(sys.executable).parent)))


def _llama_cpp(report: Report) -> None:
    rows = report.section("llama.cpp")
    try:
        import llama_cpp
    except (ImportError, OSError) as exc:  # a wheel built for another machine fails in its ctypes load
        rows.append(("llama-cpp-python", "cannot load"))
        report.problems.append(f"llama.cpp cannot be loaded: {exc}")
        return
    from desk_assistant.inference import gpu

    rows.append(("llama-cpp-python", getattr(llama_cpp, "__version__", "?")))
    offload = gpu.supports_gpu_offload()
    rows.append(("GPU offload", "built in" if offload else "not in this build (CPU only)"))
    try:
        features = llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip()
    except (AttributeError, OSError):
        features = "?"
    # "CPU : SSE3 = 1 | AVX = 1 | ... | OPENMP = 1 |": the names of what is on
    on = [part.split("=")[0].split(":")[-1].strip() for part in features.split("|") if "= 1" in part]
    rows.append(("features", " ".join(on) or features))
    from desk_assistant.inference.devices import list_devices

    found = list_devices()
    if found is None:
        rows.append(("devices", "not listed by this llama.cpp build"))
    for device in found or []:
        memory = f"{format_bytes(device.free_bytes)} free of {format_bytes(device.total_bytes)}"
        what = f"{device.description or device.name} ({device.backend or device.kind}, {device.kind})"
        rows.append((f"device {device.name}", f"{what}, {memory}"))
    if offload and found is not None and not [d for d in found if d.offloads]:
        report.warnings.append("this llama.cpp build supports GPUs, but finds none: the CPU runs the model")


def _default_model(report: Report, model_path: str | None, generate: bool) -> Path | None:
    from desk_assistant.cli.common import resolve_model
    from desk_assistant.core.errors import DeskAssistantError
    from desk_assistant.core.settings import load_settings
    from desk_assistant.inference.llama_engine import LlamaCppEngine, available_memory_bytes
    from desk_assistant.library.gguf_header import read_header
    from desk_assistant.tasks.model_setup import load_options_for

    rows = report.section("Model")
    settings = load_settings()
    try:
        path = resolve_model(model_path, settings)
        header = read_header(path)
    except DeskAssistantError as exc:
        rows.append(("file", model_path or "the default model"))
        (report.problems if model_path or generate else report.warnings).append(str(exc))
        return None
    options = load_options_for(settings, str(path))
    rows.append(("file", str(path)))
    rows.append(("architecture", header.architecture or "?"))
    rows.append(("size", format_bytes(header.size_bytes)))
    rows.append(("context", f"{options.context_size} tokens (trained for {header.context_length or '?'})"))
    free_ram = available_memory_bytes()
    rows.append(("free memory", format_bytes(free_ram)))
    if header.size_bytes > free_ram:
        report.warnings.append(f"{path.name} is larger than the free memory; it may not load")
    try:
        layers, reason = LlamaCppEngine(state_budget_bytes=0).plan_gpu_layers(header, options)
        rows.append(("GPU plan", f"{layers} of {header.block_count or '?'} layers: {reason}"))
    except (ImportError, OSError) as exc:
        rows.append(("GPU plan", f"unknown ({exc})"))
    return path


def _display(report: Report) -> None:
    from desk_assistant.cli.gui import has_display
    from desk_assistant.ui.platform_check import check_platform, platform_to_check

    rows = report.section("Window")
    qpa = os.environ.get("QT_QPA_PLATFORM") or "default"
    rows.append(("display", "found" if has_display() else "none (the command line still works)"))
    plugin = platform_to_check()
    problem = check_platform()
    if problem is not None:
        rows.append(("Qt plugin", f"{problem.plugin}: missing {', '.join(problem.missing)}"))
        debian, fedora = problem.packages(0), problem.packages(1)
        if debian:
            rows.append(("install", f"Debian/Ubuntu: {' '.join(debian)}; Fedora: {' '.join(fedora)}"))
        report.warnings.append("the window cannot open until the missing libraries are installed")
    elif plugin is not None:
        rows.append(("Qt plugin", f"{plugin}: its libraries are all present"))
    else:
        rows.append(("Qt plugin", f"{qpa} (not checked)"))
    fonts = _cjk_fonts()
    if fonts is None:
        rows.append(("CJK font", "not checked (no fc-list)"))
    elif fonts:
        first = next((name for name in fonts if name.endswith(" SC")), fonts[0])  # Simplified first
        rows.append(("CJK font", first + (f" and {len(fonts) - 1} more" if len(fonts) > 1 else "")))
    else:
        rows.append(("CJK font", "none"))
        report.warnings.append(
            "no Chinese font: Chinese text shows as boxes; install fonts-noto-cjk (Debian/Ubuntu) "
            "or google-noto-sans-cjk-fonts (Fedora)"
        )


def _cjk_fonts() -> list[str] | None:
    """Font families that cover Chinese, from fontconfig; None where there is no fontconfig to ask."""
    exe = shutil.which("fc-list")
    if not exe or not sys.platform.startswith("linux"):
        return None
    try:
        out = subprocess.run(
            [exe, ":lang=zh", "family"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


def _folders(report: Report) -> None:
    from desk_assistant.core import paths

    rows = report.section("Folders")
    for name, where in (
        ("data", paths.data_dir),
        ("models", paths.models_dir),
        ("settings", paths.config_dir),
        ("logs", paths.log_dir),
    ):
        try:
            folder = where()
        except OSError as exc:
            rows.append((name, f"cannot be created ({exc.strerror or exc})"))
            report.problems.append(f"the {name} folder cannot be created: {exc}")
            continue
        free = shutil.disk_usage(folder).free
        writable = _writable(folder)
        rows.append((name, f"{folder} ({format_bytes(free)} free{'' if writable else ', read-only'})"))
        if not writable:
            report.problems.append(f"the {name} folder {folder} is read-only")


def _writable(folder: Path) -> bool:
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _generate(report: Report, model: Path) -> None:
    """Load ``model`` on a small context and generate a few tokens: llama.cpp really runs here."""
    from desk_assistant.core.errors import DeskAssistantError
    from desk_assistant.inference.llama_engine import LlamaCppEngine
    from desk_assistant.inference.types import ChatMessage, GenerationStats, LoadOptions, SamplingParams

    rows = report.section("Generation")
    engine = LlamaCppEngine(state_budget_bytes=0)
    try:
        started = time.perf_counter()
        info = engine.load(str(model), LoadOptions(context_size=512))
        rows.append(("load", f"{time.perf_counter() - started:.2f} s, {info.gpu_layers} GPU layers"))
        sampling = SamplingParams(max_tokens=TOKENS_TO_GENERATE, temperature=0.0, seed=1)
        stats = GenerationStats()
        for item in engine.stream_chat([ChatMessage("user", "Say hello.")], sampling):
            if isinstance(item, GenerationStats):
                stats = item
    except DeskAssistantError as exc:
        rows.append(("result", "failed"))
        report.problems.append(str(exc))
        return
    finally:
        engine.unload()
    rows.append(("tokens", f"{stats.prompt_tokens} read, {stats.completion_tokens} written"))
    rows.append(("speed", f"{stats.tokens_per_second:.1f} tokens/s"))
    if stats.completion_tokens == 0:
        report.problems.append(f"{model.name} loaded but generated nothing")
