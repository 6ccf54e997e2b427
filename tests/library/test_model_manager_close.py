"""Closing the model manager never blocks the window: during a download stalled on a silent connection
(the fake hub on 127.0.0.1) and a slow copy from another disk, the close returns at once, a heartbeat
timer on the UI thread never misses a beat, and the workers then end on their own: the import leaves
no partial copy, the download keeps its resumable part (as a pause does) and resumes later."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desk_assistant.library import local_models
from desk_assistant.library.local_models import LocalModels
from desk_assistant.library.partials import STATE_SUFFIX
from desk_assistant.ui.dialogs import model_jobs
from tests.ui.pane_helpers import Heartbeat

from . import test_model_manager_dialog
from .conftest import write_gguf
from .fake_hub import FakeHub
from .test_model_manager_dialog import make_dialog

# the dialog tests' fixtures: the models library, a hub entry, no thread left running
library = test_model_manager_dialog.library
hub_entry = test_model_manager_dialog.hub_entry
no_running_threads = test_model_manager_dialog.no_running_threads

BUDGET_S = 0.050
SLOW_READ_S = 0.05  # per 64 KiB: a ~6 MB model takes ~5 s to copy


class SlowDisk:
    """A file on a slow disk: every read takes a while (the copy checks its cancel flag per chunk)."""

    def __init__(self, fh) -> None:
        self._fh = fh

    def read(self, n: int = -1) -> bytes:
        time.sleep(SLOW_READ_S)
        return self._fh.read(n)

    def __enter__(self) -> SlowDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._fh.close()

    def __getattr__(self, name: str):
        return getattr(self._fh, name)


@pytest.fixture
def slow_other_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A model on another disk (no hard link possible) that reads slowly."""
    (tmp_path / "usb").mkdir()
    source = write_gguf(tmp_path / "usb" / "Big-Import.gguf", rows=65536)
    monkeypatch.setattr(LocalModels, "_try_link", staticmethod(lambda _source, _target: False))
    monkeypatch.setattr(local_models, "COPY_CHUNK", 64 * 1024)
    real_open = Path.open

    def slow_open(self: Path, mode: str = "r", *args, **kwargs):
        fh = real_open(self, mode, *args, **kwargs)
        return SlowDisk(fh) if self == source and mode == "rb" else fh

    monkeypatch.setattr(Path, "open", slow_open)
    return source


def test_closing_during_a_stalled_download_and_a_slow_import_never_blocks(
    qtbot,
    library: LocalModels,
    fake_hub: FakeHub,
    hub_entry,
    slow_other_disk: Path,
) -> None:
    entry, hub_file = hub_entry
    hub_file.stall_after = 256 * 1024  # then silence: the read would wait the full 30 s timeout
    dialog = make_dialog(qtbot, library, fake_hub, entries=[entry])
    dialog.start_download(entry)
    dialog.import_paths([slow_other_disk])
    part = library.models_dir / (entry.file + ".part")
    import_part = library.models_dir / (slow_other_disk.name + ".part")
    qtbot.waitUntil(lambda: part.exists() and part.stat().st_size >= 256 * 1024, timeout=10000)
    qtbot.waitUntil(lambda: import_part.exists() and import_part.stat().st_size > 0, timeout=10000)
    assert len(dialog.running_jobs()) == 2

    with Heartbeat() as heartbeat:  # a 5 ms timer on the UI thread; pytest's heap kept out of the GC
        qtbot.wait(100)
        started = time.perf_counter()
        dialog.reject()
        close_s = time.perf_counter() - started
        qtbot.wait(300)
    assert close_s < BUDGET_S, f"closing took {close_s * 1000:.1f} ms"
    assert heartbeat.started < started
    assert heartbeat.longest < BUDGET_S, str(heartbeat)
    assert not dialog.running_jobs()

    # the workers end on their own, well before the 30 s read timeout: the stalled socket is woken
    ended = time.perf_counter()
    assert model_jobs.wait_for_finishing(timeout_s=10)
    assert time.perf_counter() - ended < 5
    assert not import_part.exists() and not (library.models_dir / slow_other_disk.name).exists()
    assert not (library.models_dir / entry.file).exists()
    assert part.exists() and (library.models_dir / (entry.file + STATE_SUFFIX)).exists()  # paused

    # the paused download resumes in a new dialog, from where it stopped
    hub_file.stall_after = None
    again = make_dialog(qtbot, library, fake_hub, entries=[entry])
    again.select_catalog(entry.id)
    again.start_download(entry)
    qtbot.waitUntil(lambda: not again.running_jobs(), timeout=20000)
    assert again.download_status.text() == "Installed and verified."
    assert fake_hub.gets(entry.file)[-1].range == f"bytes={256 * 1024}-"
