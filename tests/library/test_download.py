"""Downloads against a local fake Hub: progress, pause/cancel, resume, retries, checksum, errors."""

from __future__ import annotations

import errno
import hashlib
import itertools
import shutil
import threading
from collections import namedtuple
from pathlib import Path

import pytest

from desk_assistant.core.errors import DownloadError
from desk_assistant.library.catalog import CatalogEntry
from desk_assistant.library.download import (
    Downloader,
    DownloadProgress,
    DownloadStatus,
)
from desk_assistant.library.gguf_header import read_header

from .conftest import write_gguf
from .fake_hub import FakeHub

REPO = "test-org/Tiny-GGUF"
FILE = "tiny-q4.gguf"


def make_entry(file: str = FILE, repo: str = REPO) -> CatalogEntry:
    return CatalogEntry(
        id="tiny", name="Tiny", family="Tiny", parameters="1K", quantization="F32", repo=repo, file=file,
        revision="main", size_bytes=1, ram_bytes=1, context_length=2048, license="MIT",
        good_for=("chat",), languages=("en",), description="test model",
    )  # fmt: skip


@pytest.fixture
def model_bytes(tmp_path: Path) -> bytes:
    """A valid ~1.5 MB GGUF, so a download spans many chunks."""
    return write_gguf(tmp_path / "src.gguf", rows=16384).read_bytes()


def downloader(hub: FakeHub, models_dir: Path, **kwargs: object) -> Downloader:
    options = {"endpoint": hub.url, "token": False, "chunk_size": 64 * 1024, "retry_wait_s": 0.01}
    options.update(kwargs)
    return Downloader(models_dir, **options)  # type: ignore[arg-type]


def test_download_verifies_and_reports_progress(
    fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    fake_hub.add(REPO, FILE, model_bytes)
    models = tmp_path / "models"
    seen: list[DownloadProgress] = []
    result = downloader(fake_hub, models).download_entry(make_entry(), progress=seen.append)
    assert result.status is DownloadStatus.DONE
    assert result.path == models / FILE
    assert result.path.read_bytes() == model_bytes
    assert read_header(result.path).architecture == "llama"
    assert not list(models.glob("*.part*"))
    # progress: increasing, ends at the total, with a speed and time left on the way
    assert seen and seen[-1].done == seen[-1].total == len(model_bytes)
    assert all(a.done <= b.done for a, b in itertools.pairwise(seen))
    assert any(p.speed > 0 and p.eta_s is not None for p in seen)


def test_endpoint_from_hf_endpoint_env(fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path) -> None:
    fake_hub.add(REPO, FILE, model_bytes)
    result = Downloader(tmp_path / "m", token=False).download_entry(make_entry())  # no endpoint given
    assert result.status is DownloadStatus.DONE
    assert fake_hub.gets(FILE)


def test_cancel_removes_partial(fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path) -> None:
    fake_hub.add(REPO, FILE, model_bytes, throttle_s=0.01)
    models = tmp_path / "models"
    cancel = threading.Event()

    def on_progress(p: DownloadProgress) -> None:
        if p.done > 200_000:
            cancel.set()

    result = downloader(fake_hub, models).download_entry(make_entry(), progress=on_progress, cancel=cancel)
    assert result.status is DownloadStatus.CANCELLED and result.path is None
    assert not (models / FILE).exists()
    assert not list(models.glob("*.part*"))


def test_pause_then_resume_with_a_new_downloader(
    fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    fake_hub.add(REPO, FILE, model_bytes, throttle_s=0.005)
    models = tmp_path / "models"
    pause = threading.Event()

    def on_progress(p: DownloadProgress) -> None:
        if p.done > 300_000:
            pause.set()

    first = downloader(fake_hub, models)
    assert (
        first.download_entry(make_entry(), progress=on_progress, pause=pause).status is DownloadStatus.PAUSED
    )
    kept = (models / (FILE + ".part")).stat().st_size
    assert 300_000 < kept < len(model_bytes)
    assert first.partial_bytes(make_entry()) == kept
    assert not (models / FILE).exists()

    # "restart": a new Downloader object picks up the .part file with a Range request
    fake_hub.requests.clear()
    seen: list[DownloadProgress] = []
    result = downloader(fake_hub, models).download_entry(make_entry(), progress=seen.append)
    assert result.status is DownloadStatus.DONE
    assert (models / FILE).read_bytes() == model_bytes
    assert [r.range for r in fake_hub.gets(FILE)] == [f"bytes={kept}-"]
    assert any(p.verifying for p in seen)  # the kept bytes were hashed, not trusted


def test_resume_from_partial_file(fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path) -> None:
    fake_hub.add(REPO, FILE, model_bytes)
    models = tmp_path / "models"
    models.mkdir()
    # a partial file from an earlier run, with its state record
    dl = downloader(fake_hub, models)
    remote = dl.remote_file(REPO, FILE)
    (models / (FILE + ".part")).write_bytes(model_bytes[:500_000])
    (models / (FILE + ".part.json")).write_text(f'{{"sha256": "{remote.sha256}"}}')
    assert dl.download_entry(make_entry()).status is DownloadStatus.DONE
    assert (models / FILE).read_bytes() == model_bytes
    assert [r.range for r in fake_hub.gets(FILE)] == ["bytes=500000-"]


def test_stale_partial_of_another_version_is_discarded(
    fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    fake_hub.add(REPO, FILE, model_bytes)
    models = tmp_path / "models"
    models.mkdir()
    (models / (FILE + ".part")).write_bytes(b"x" * 1000)
    (models / (FILE + ".part.json")).write_text('{"sha256": "' + "0" * 64 + '"}')
    assert downloader(fake_hub, models).download_entry(make_entry()).status is DownloadStatus.DONE
    assert (models / FILE).read_bytes() == model_bytes
    assert [r.range for r in fake_hub.gets(FILE)] == [None]


def test_interrupted_three_times_then_completes(
    fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    fake_hub.add(REPO, FILE, model_bytes, drop_after=200_000, drops_left=3)
    models = tmp_path / "models"
    result = downloader(fake_hub, models).download_entry(make_entry())
    assert result.status is DownloadStatus.DONE
    assert (models / FILE).read_bytes() == model_bytes
    ranges = [r.range for r in fake_hub.gets(FILE)]
    assert len(ranges) == 4 and ranges[0] is None
    # each retry resumes where the bytes on disk end (whole chunks: a torn chunk is fetched again)
    starts = [int(r.removeprefix("bytes=").rstrip("-")) for r in ranges[1:]]
    assert starts == sorted(starts) and starts[0] > 150_000 and starts[-1] > 450_000


def test_stalled_beyond_retries_keeps_partial_then_resumes(
    fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    # Each drop comes before a whole chunk arrives: no progress, so the retries run out.
    hub_file = fake_hub.add(REPO, FILE, model_bytes, drop_after=10_000, drops_left=10)
    models = tmp_path / "models"
    models.mkdir()
    dl = downloader(fake_hub, models, max_retries=2)
    sha = dl.remote_file(REPO, FILE).sha256
    (models / (FILE + ".part")).write_bytes(model_bytes[:500_000])
    (models / (FILE + ".part.json")).write_text(f'{{"sha256": "{sha}"}}')
    with pytest.raises(DownloadError, match=r"interrupted at 500 KB of 1\.\d MB; it will resume"):
        dl.download_entry(make_entry())
    assert len(fake_hub.gets(FILE)) == 3  # the first try and two retries
    assert not (models / FILE).exists()
    assert (models / (FILE + ".part")).stat().st_size == 500_000
    hub_file.drops_left = 0  # the network is back
    assert downloader(fake_hub, models).download_entry(make_entry()).status is DownloadStatus.DONE
    assert (models / FILE).read_bytes() == model_bytes


def test_server_ignoring_range_restarts_cleanly(
    fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path
) -> None:
    fake_hub.add(REPO, FILE, model_bytes, drop_after=100_000, drops_left=1, ignore_range=True)
    models = tmp_path / "models"
    assert downloader(fake_hub, models).download_entry(make_entry()).status is DownloadStatus.DONE
    assert (models / FILE).read_bytes() == model_bytes


def test_checksum_mismatch_is_quarantined(fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path) -> None:
    fake_hub.add(REPO, FILE, model_bytes, corrupt=True)
    models = tmp_path / "models"
    with pytest.raises(DownloadError, match="did not match its checksum") as info:
        downloader(fake_hub, models).download_entry(make_entry())
    assert not (models / FILE).exists()
    assert not list(models.glob("*.part*"))
    quarantined = list((models / "quarantine").iterdir())
    assert len(quarantined) == 1 and str(quarantined[0]) in str(info.value)
    assert hashlib.sha256(model_bytes).hexdigest() in (info.value.detail or "")


def test_verified_file_that_is_not_gguf_is_not_installed(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add(REPO, FILE, b"this is not a model" * 100)
    models = tmp_path / "models"
    with pytest.raises(DownloadError, match="not a usable model"):
        downloader(fake_hub, models).download_entry(make_entry())
    assert not (models / FILE).exists()
    assert len(list((models / "quarantine").iterdir())) == 1


def test_404(fake_hub: FakeHub, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match=f"{FILE} was not found in {REPO}"):
        downloader(fake_hub, tmp_path / "m").download_entry(make_entry())


@pytest.mark.parametrize("options", [{"gated": True}, {"status": 403}, {"status": 401}])
def test_gated_or_forbidden(fake_hub: FakeHub, tmp_path: Path, options: dict) -> None:
    fake_hub.add(REPO, FILE, b"GGUF", **options)
    with pytest.raises(DownloadError, match="gated or private: accept its license"):
        downloader(fake_hub, tmp_path / "m").download_entry(make_entry())


def test_no_network(tmp_path: Path) -> None:
    # a port nobody listens on
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dl = Downloader(tmp_path / "m", endpoint=f"http://127.0.0.1:{port}", token=False, timeout_s=2)
    with pytest.raises(DownloadError, match=r"Could not reach 127\.0\.0\.1:\d+: check the internet"):
        dl.download_entry(make_entry())


def test_disk_full_before_start(
    fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_hub.add(REPO, FILE, model_bytes)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage(10**9, 10**9 - 10**6, 10**6))
    with pytest.raises(DownloadError, match="Not enough disk space for"):
        downloader(fake_hub, tmp_path / "m").download_entry(make_entry())
    assert not fake_hub.gets(FILE)  # nothing was fetched


def test_disk_full_while_writing(
    fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_hub.add(REPO, FILE, model_bytes)
    models = tmp_path / "models"
    real_open = Path.open

    class FullDisk:
        def __init__(self, fh) -> None:  # type: ignore[no-untyped-def]
            self.fh, self.written = fh, 0

        def write(self, data: bytes) -> int:
            if self.written + len(data) > 300_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(data)
            return self.fh.write(data)

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

    def fake_open(self: Path, mode: str = "r", *args, **kwargs):  # type: ignore[no-untyped-def]
        fh = real_open(self, mode, *args, **kwargs)
        return FullDisk(fh) if mode == "ab" else fh

    monkeypatch.setattr(Path, "open", fake_open)
    with pytest.raises(DownloadError, match="The disk is full") as info:
        downloader(fake_hub, models).download_entry(make_entry())
    assert "\n" not in str(info.value)
    assert not (models / FILE).exists()
    monkeypatch.setattr(Path, "open", real_open)
    # space freed: the kept part resumes
    assert downloader(fake_hub, models).download_entry(make_entry()).status is DownloadStatus.DONE
    assert (models / FILE).read_bytes() == model_bytes


def test_split_entry_downloads_all_parts(fake_hub: FakeHub, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    write_gguf(src / "model.gguf", n_tensors=2, split_max_tensors=1, rows=1024)
    parts = sorted(src.glob("model-*.gguf"))
    for part in parts:
        fake_hub.add(REPO, part.name, part.read_bytes())
    models = tmp_path / "models"
    result = downloader(fake_hub, models).download_entry(make_entry(file=parts[0].name))
    assert result.status is DownloadStatus.DONE
    assert sorted(p.name for p in models.glob("*.gguf")) == [p.name for p in parts]
    assert read_header(result.path).split_count == 2


def test_redirect_to_cdn_like_the_real_hub(fake_hub: FakeHub, model_bytes: bytes, tmp_path: Path) -> None:
    # 127.0.0.1 is the Hub, "localhost" the CDN: another host, so huggingface_hub stops at the 302
    # and reads size + sha256 from it; the bytes come from the CDN URL, resumable with Range.
    fake_hub.add(REPO, FILE, model_bytes, cdn_host="localhost", drop_after=300_000, drops_left=1)
    dl = downloader(fake_hub, tmp_path / "m")
    remote = dl.remote_file(REPO, FILE)
    assert remote.url.startswith("http://localhost:") and "/cdn/" in remote.url
    assert remote.size == len(model_bytes) and remote.sha256 == hashlib.sha256(model_bytes).hexdigest()
    assert dl.download_entry(make_entry()).status is DownloadStatus.DONE
    assert (tmp_path / "m" / FILE).read_bytes() == model_bytes
    cdn_gets = [r for r in fake_hub.requests if r.method == "GET" and r.path.startswith("/cdn/")]
    assert len(cdn_gets) == 2 and cdn_gets[1].range is not None
