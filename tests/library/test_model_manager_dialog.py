"""The model manager dialog with real widgets (pytest-qt, offscreen) against the fake hub."""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QMimeData, QPointF, Qt, QThread, QUrl
from PySide6.QtGui import QDropEvent

from desk_assistant.core.settings import ModelSettings
from desk_assistant.library.catalog import load_catalog
from desk_assistant.library.download import Downloader
from desk_assistant.library.local_models import LocalModels
from desk_assistant.ui.dialogs.model_manager import ModelManagerDialog, first_run_recommendation
from desk_assistant.ui.dialogs.model_settings import ModelSettingsDialog

from .conftest import write_gguf
from .fake_hub import FakeHub

GB = 1_000_000_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(autouse=True)
def no_running_threads(qapp):
    yield
    qapp.processEvents()
    gc.collect()
    # a logged traceback may keep the wrapper of a deleted job alive: only live threads count
    threads = [o for o in gc.get_objects() if isinstance(o, QThread) and shiboken6.isValid(o)]
    running = [t for t in threads if t.isRunning()]
    assert not running, f"threads left running: {running}"


@pytest.fixture
def library(app_home: Path) -> LocalModels:
    return LocalModels()


@pytest.fixture
def hub_entry(fake_hub: FakeHub, tmp_path: Path):
    """A catalog entry served by the fake hub (a real, valid GGUF of ~1.5 MB)."""
    entry = replace(load_catalog()[1], repo="test-org/Tiny-GGUF", file="Tiny-Q4_K_M.gguf")
    data = write_gguf(tmp_path / "src.gguf", rows=16384).read_bytes()
    hub_file = fake_hub.add(entry.repo, entry.file, data)
    return entry, hub_file


def make_dialog(qtbot, library: LocalModels, hub: FakeHub | None = None, entries=None, ram: int = 8 * GB):
    factory = None
    if hub is not None:

        def factory() -> Downloader:
            return Downloader(
                library.models_dir, endpoint=hub.url, token=False, chunk_size=64 * 1024, retry_wait_s=0.01
            )

    dialog = ModelManagerDialog(library, downloader_factory=factory, catalog=entries, total_ram=ram)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def rows(table) -> list[str]:
    return [table.item(r, 0).text() for r in range(table.rowCount()) if not table.isRowHidden(r)]


def test_lists_installed_and_catalog_with_fit(qtbot, library: LocalModels, tmp_path: Path) -> None:
    library.import_file(write_gguf(tmp_path / "Mine.gguf"))
    dialog = make_dialog(qtbot, library, ram=8 * GB)
    assert "Tiny Test" in rows(dialog.installed_table)
    names = rows(dialog.catalog_table)
    assert len(names) == len(load_catalog())
    assert any("★" in n and "Gemma 3 4B" in n for n in names)  # the 8 GB recommendation
    table = dialog.catalog_table
    fits = {
        table.item(r, 0).data(Qt.ItemDataRole.UserRole): table.item(r, 5).text()
        for r in range(table.rowCount())
    }
    assert "too big" in fits["qwen2.5-7b-instruct"] and "fits" in fits["qwen2.5-0.5b-instruct"]
    assert "8.0 GB" in dialog.machine_label.text()


def test_search_and_filters(qtbot, library: LocalModels) -> None:
    dialog = make_dialog(qtbot, library, ram=4 * GB)
    qtbot.keyClicks(dialog.search, "llama")
    assert rows(dialog.catalog_table) and all("Llama" in n for n in rows(dialog.catalog_table))
    dialog.search.clear()
    dialog.use_filter.setCurrentIndex(dialog.use_filter.findData("write"))
    assert all(
        "write" in dialog.catalog_table.item(r, 2).text()
        for r in range(dialog.catalog_table.rowCount())
        if not dialog.catalog_table.isRowHidden(r)
    )
    dialog.use_filter.setCurrentIndex(0)
    dialog.fits_only.setChecked(True)
    table = dialog.catalog_table
    shown = [r for r in range(table.rowCount()) if not table.isRowHidden(r)]
    assert 0 < len(shown) < table.rowCount()
    assert all("fits" in table.item(r, 5).text() for r in shown)


def test_download_with_progress_then_load(qtbot, library: LocalModels, fake_hub: FakeHub, hub_entry) -> None:
    entry, hub_file = hub_entry
    hub_file.throttle_s = 0.05
    dialog = make_dialog(qtbot, library, fake_hub, entries=[entry])
    dialog.select_catalog(entry.id)
    assert dialog.download_button.isEnabled()
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    assert dialog.pause_button.isEnabled()
    qtbot.waitUntil(
        lambda: dialog._bars.get(entry.id) is not None and dialog._bars[entry.id].value() > 300, timeout=10000
    )
    assert " of " in dialog.download_status.text() and "/s" in dialog.download_status.text()
    SCREENSHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "model_manager_downloading.png"))
    qtbot.waitUntil(lambda: not dialog.running_jobs(), timeout=20000)
    assert dialog.download_status.text() == "Installed and verified."
    assert not dialog.error_label.isVisible()
    installed = [m for m in library.list() if m.path.name == entry.file]
    assert installed and installed[0].header.architecture == "llama"
    # it is listed as installed; load it from the Installed tab
    dialog.select_installed(entry.file)
    with qtbot.waitSignal(dialog.modelChosen, timeout=2000) as chosen:
        qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
    assert chosen.args == [str(library.models_dir / entry.file)]


def test_pause_resume_and_cancel(qtbot, library: LocalModels, fake_hub: FakeHub, hub_entry) -> None:
    entry, hub_file = hub_entry
    hub_file.throttle_s = 0.05
    dialog = make_dialog(qtbot, library, fake_hub, entries=[entry])
    dialog.select_catalog(entry.id)
    dialog.start_download(entry)
    qtbot.waitUntil(lambda: dialog._bars[entry.id].value() > 100, timeout=10000)
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running_jobs(), timeout=10000)
    assert dialog.download_button.text() == "Resume"
    assert (library.models_dir / (entry.file + ".part")).exists()
    assert "Paused at" in dialog.catalog_table.item(0, 7).text()

    hub_file.throttle_s = 0.05
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)  # resume
    qtbot.waitUntil(
        lambda: bool(dialog.running_jobs()) and dialog._bars[entry.id].value() > 400, timeout=10000
    )
    assert any(r.range and r.range.startswith("bytes=") for r in fake_hub.gets(entry.file))
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running_jobs(), timeout=10000)
    assert dialog.download_status.text() == "Cancelled."
    assert not list(library.models_dir.glob("Tiny*"))
    assert dialog.download_button.text() == "Download"


def test_download_errors_show_one_sentence(qtbot, library: LocalModels, fake_hub: FakeHub, hub_entry) -> None:
    entry, hub_file = hub_entry
    hub_file.gated = True
    dialog = make_dialog(qtbot, library, fake_hub, entries=[entry])
    dialog.start_download(entry)
    qtbot.waitUntil(lambda: not dialog.running_jobs(), timeout=10000)
    assert dialog.error_label.isVisible() and "gated or private" in dialog.error_label.text()
    hub_file.gated = False
    hub_file.corrupt = True
    dialog.start_download(entry)
    qtbot.waitUntil(lambda: not dialog.running_jobs(), timeout=10000)
    assert "did not match its checksum" in dialog.error_label.text()
    assert not (library.models_dir / entry.file).exists()


def test_closing_pauses_downloads_and_leaves_no_thread(
    qtbot, library: LocalModels, fake_hub: FakeHub, hub_entry
) -> None:
    entry, hub_file = hub_entry
    hub_file.throttle_s = 0.05
    dialog = make_dialog(qtbot, library, fake_hub, entries=[entry])
    dialog.start_download(entry)
    qtbot.waitUntil(lambda: dialog._bars[entry.id].value() > 50, timeout=10000)
    dialog.reject()
    assert not dialog.running_jobs()
    assert (library.models_dir / (entry.file + ".part")).exists()  # kept for next time


def test_import_good_and_bad_files_and_drop(qtbot, library: LocalModels, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, library)
    bad = tmp_path / "notes.gguf"
    bad.write_text("not a model")
    dialog.import_paths([bad])
    qtbot.waitUntil(lambda: not dialog.running_jobs(), timeout=5000)
    assert "notes.gguf is not a GGUF model file." in dialog.error_label.text()

    good = write_gguf(tmp_path / "Dropped.gguf")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    dialog.dropEvent(event)
    qtbot.waitUntil(lambda: not dialog.running_jobs(), timeout=5000)
    assert not dialog.error_label.isVisible()
    assert dialog.selected_model() is not None and dialog.selected_model().id == "Dropped.gguf"


def test_default_settings_and_delete(qtbot, library: LocalModels, tmp_path: Path) -> None:
    library.import_file(write_gguf(tmp_path / "Pick.gguf"))
    dialog = make_dialog(qtbot, library)
    dialog.select_installed("Pick.gguf")
    qtbot.mouseClick(dialog.default_button, Qt.MouseButton.LeftButton)
    assert library.default().id == "Pick.gguf"
    assert "(default)" in rows(dialog.installed_table)[0]

    model = library.find("Pick")
    editor = ModelSettingsDialog(model, library.model_settings(model), dialog)
    qtbot.addWidget(editor)
    editor.context.setValue(1024)
    editor.gpu_mode.setCurrentIndex(editor.gpu_mode.findData("number"))
    editor.gpu_layers.setValue(2)
    editor.threads.setValue(3)
    editor.template.setCurrentIndex(editor.template.findData("chatml"))
    editor.sampling_form.temperature.setValue(0.3)
    dialog.save_settings(model, editor)
    saved = LocalModels().model_settings(model)
    assert saved.context_size == 1024 and saved.gpu_layers == "2" and saved.threads == 3
    assert saved.chat_template == "chatml" and saved.sampling.temperature == 0.3
    editor.gpu_mode.setCurrentIndex(editor.gpu_mode.findData("cpu"))
    assert editor.result_settings().gpu_layers == "cpu"

    dialog.select_installed("Pick.gguf")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert "Pick.gguf" not in [m.id for m in library.list()]
    assert library.model_settings(model.path) == ModelSettings()


def test_first_run_recommendation() -> None:
    assert first_run_recommendation(8 * GB).id == "gemma-3-4b-it"
    assert first_run_recommendation(16 * GB).id == "qwen2.5-7b-instruct"
    assert first_run_recommendation(1 * GB) is None


def test_gpu_column_with_simulated_device(
    qtbot, library: LocalModels, gemma_model_path: Path, monkeypatch
) -> None:
    """With a GPU backend reporting free memory, the plan from inference/gpu.py is shown per model."""
    import types

    from desk_assistant.inference import gpu

    calls = []

    def plan_offload(size, layers, kv_per_token, ctx, free):  # the signature of inference/gpu.py
        calls.append((size, layers, kv_per_token, ctx, free))
        return types.SimpleNamespace(gpu_layers=layers // 2, reason="half fits")

    monkeypatch.setattr(gpu, "supports_gpu_offload", lambda: True)
    monkeypatch.setattr(gpu, "free_vram_bytes", lambda: 2 * GB)
    monkeypatch.setattr(gpu, "plan_offload", plan_offload)
    model = library.import_file(gemma_model_path)
    dialog = make_dialog(qtbot, library)
    assert "GPU: 2.0 GB free" in dialog.machine_label.text()
    row = rows(dialog.installed_table).index(model.display_name)
    assert dialog.installed_table.item(row, 8).text() == "GPU 9/18 layers"
    size, layers, kv_per_token, ctx, free = calls[-1]
    assert (size, layers, ctx, free) == (model.size_bytes, 18, 4096, 2 * GB) and kv_per_token == 18 * 512 * 2
    library.save_model_settings(model, ModelSettings(gpu_layers="cpu"))
    dialog.refresh()
    assert dialog.installed_table.item(row, 8).text() == "CPU"
