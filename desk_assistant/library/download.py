"""Resumable model downloads from Hugging Face, verified against the Hub's LFS sha256.

``huggingface_hub`` answers the metadata (size, sha256 from ``X-Linked-Etag``, the resolved URL, which
may be a CDN) and the error types (gated, not found, offline). The transfer itself is ours, because
``hf_hub_download`` deletes partial files: bytes go with HTTP ``Range`` into ``<file>.part`` in the
models folder, next to a small ``<file>.part.json`` that records which remote file it belongs to, so a
download resumes after a dropped connection, a pause, or an app restart. Only a file whose sha256
matches is renamed to its final name; a mismatch is moved to ``quarantine/``.

Pause and cancel are ``threading.Event`` objects set from any thread (the UI); they are checked after
every chunk. This module never touches Qt: the UI runs ``download_entry`` in a worker thread.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import shutil
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx2
from huggingface_hub import constants as hf_constants
from huggingface_hub import get_hf_file_metadata, hf_hub_url
from huggingface_hub.errors import (
    GatedRepoError,
    HfHubHTTPError,
    OfflineModeIsEnabled,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.utils import build_hf_headers, get_session

from desk_assistant.core import network, paths
from desk_assistant.core.errors import DownloadError, ModelFileError
from desk_assistant.core.i18n import QT_TRANSLATE_NOOP
from desk_assistant.library import partials
from desk_assistant.library.catalog import CatalogEntry
from desk_assistant.library.gguf_header import read_header
from desk_assistant.library.partials import PART_SUFFIX, STATE_SUFFIX
from desk_assistant.library.units import ByteSize

log = logging.getLogger(__name__)

QUARANTINE_DIR = "quarantine"
# Free space kept beyond the file itself, so the disk is never filled to the last byte.
DISK_MARGIN_BYTES = 64 * 1024 * 1024
PROGRESS_INTERVAL_S = 0.1
SPEED_WINDOW_S = 3.0


class DownloadStatus(Enum):
    DONE = "done"
    PAUSED = "paused"  # the .part file stays; calling download again resumes
    CANCELLED = "cancelled"  # the .part file is deleted


@dataclass(frozen=True)
class RemoteFile:
    repo_id: str
    filename: str
    revision: str
    url: str  # where the bytes are (the Hub or its CDN)
    size: int
    sha256: str
    commit: str | None


@dataclass(frozen=True)
class DownloadProgress:
    filename: str
    done: int  # bytes on disk so far, over all parts of a split model
    total: int
    speed: float  # bytes per second over the last few seconds (0 until known)
    eta_s: float | None  # seconds left, None while the speed is unknown
    verifying: bool = False  # hashing bytes already on disk before resuming

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class DownloadResult:
    status: DownloadStatus
    path: Path | None  # the installed file (first part for split models) when DONE


ProgressCallback = Callable[[DownloadProgress], None]


def _error(template: str, detail: str | None = None, **args: Any) -> DownloadError:
    return DownloadError(template, detail=detail, **args)


class _SpeedMeter:
    """Bytes per second over a sliding window, so a stall shows quickly and a burst does not lie."""

    def __init__(self) -> None:
        self.samples: deque[tuple[float, int]] = deque()

    def add(self, now: float, done: int) -> float:
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > SPEED_WINDOW_S:
            self.samples.popleft()
        t0, d0 = self.samples[0]
        return (done - d0) / (now - t0) if now > t0 else 0.0


class _Cancelled(Exception):
    def __init__(self, status: DownloadStatus) -> None:
        self.status = status


class Downloader:
    """Downloads catalog entries (or any repo file) into the models folder.

    ``endpoint`` defaults to ``HF_ENDPOINT`` (read now, not at import) or huggingface.co; tests pass
    their fake hub's URL. One Downloader may be used from one thread at a time.
    """

    def __init__(
        self,
        models_dir: Path | None = None,
        *,
        endpoint: str | None = None,
        token: str | bool | None = None,
        timeout_s: float = 30.0,
        max_retries: int = 5,
        retry_wait_s: float = 1.0,
        chunk_size: int = 1024 * 1024,
    ) -> None:
        self.models_dir = models_dir or paths.models_dir()
        self.endpoint = (endpoint or os.environ.get("HF_ENDPOINT") or hf_constants.ENDPOINT).rstrip("/")
        self.token = token
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.retry_wait_s = retry_wait_s
        self.chunk_size = chunk_size
        self._socket_lock = threading.Lock()
        self._socket: socket.socket | None = None  # the connection a transfer is reading from

    def interrupt(self) -> None:
        """Wake a transfer blocked on a stalled connection, from any thread (call it after setting the
        cancel or pause event): its socket is shut down, the read ends at once, and the worker then
        finds the event set. Without it a stalled read holds the worker for up to ``timeout_s``."""
        with self._socket_lock:
            sock = self._socket
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _track_socket(self, response: Any) -> None:
        stream = response.extensions.get("network_stream") if response is not None else None
        sock = stream.get_extra_info("socket") if stream is not None else None
        with self._socket_lock:
            self._socket = sock if isinstance(sock, socket.socket) else None

    # ---- metadata ---------------------------------------------------------------------------------

    def remote_file(self, repo_id: str, filename: str, revision: str = "main") -> RemoteFile:
        """Size, sha256 and download URL of one file, from the Hub's HEAD answer.

        Offline (``Settings.offline``): ``OfflineError`` before any connection is tried."""
        network.ensure_online()
        url = hf_hub_url(repo_id, filename, revision=revision, endpoint=self.endpoint)
        try:
            meta = get_hf_file_metadata(url, token=self.token, timeout=self.timeout_s, endpoint=self.endpoint)
        except OfflineModeIsEnabled as exc:
            raise _error(
                QT_TRANSLATE_NOOP(
                    "errors", "Downloads are off because Hugging Face offline mode (HF_HUB_OFFLINE) is set."
                )
            ) from exc
        except (
            GatedRepoError,
            RepositoryNotFoundError,
            RemoteEntryNotFoundError,
            RevisionNotFoundError,
        ) as exc:
            raise self._http_error(exc.response.status_code, repo_id, filename, exc) from exc
        except HfHubHTTPError as exc:
            raise self._http_error(exc.response.status_code, repo_id, filename, exc) from exc
        except (httpx2.TransportError, OSError) as exc:
            raise self._network_error(exc) from exc
        sha = (meta.etag or "").strip('"').lower()
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise _error(
                QT_TRANSLATE_NOOP(
                    "errors",
                    "Hugging Face gave no sha256 for {file}, so it cannot be verified; not downloaded.",
                ),
                file=filename,
                detail=f"etag {meta.etag!r}",
            )
        if not meta.size:
            raise _error(
                QT_TRANSLATE_NOOP("errors", "Hugging Face gave no size for {file}; not downloaded."),
                file=filename,
            )
        return RemoteFile(repo_id, filename, revision, meta.location, meta.size, sha, meta.commit_hash)

    def _http_error(self, status: int, repo_id: str, filename: str, exc: Exception | None) -> DownloadError:
        detail = str(exc).splitlines()[0] if exc else f"HTTP {status}"
        if isinstance(exc, GatedRepoError) or status in (401, 403):
            return _error(
                QT_TRANSLATE_NOOP(
                    "errors",
                    "{repo} is gated or private: accept its license on huggingface.co and log in "
                    "(huggingface-cli login or HF_TOKEN), then try again.",
                ),
                repo=repo_id,
                detail=detail,
            )
        if status == 404 or isinstance(exc, RepositoryNotFoundError | RemoteEntryNotFoundError):
            return _error(
                QT_TRANSLATE_NOOP("errors", "{file} was not found in {repo} on Hugging Face."),
                file=filename,
                repo=repo_id,
                detail=detail,
            )
        return _error(
            QT_TRANSLATE_NOOP(
                "errors", "Hugging Face answered with error {status} for {file}; try again later."
            ),
            status=status,
            file=filename,
            detail=detail,
        )

    def _network_error(self, exc: BaseException) -> DownloadError:
        return _error(
            QT_TRANSLATE_NOOP(
                "errors", "Could not reach {host}: check the internet connection and try again."
            ),
            host=urlparse(self.endpoint).netloc or self.endpoint,
            detail=repr(exc),
        )

    # ---- local state ------------------------------------------------------------------------------

    def part_path(self, filename: str) -> Path:
        return partials.part_path(self.models_dir, filename)

    def partial_bytes(self, entry: CatalogEntry) -> int:
        """Bytes already downloaded for an entry with a partial file pending: shows "resume"."""
        return partials.partial_bytes(self.models_dir, entry)

    def discard_partial(self, entry: CatalogEntry) -> None:
        partials.discard_partial(self.models_dir, entry)

    def _quarantine(self, path: Path) -> Path:
        folder = self.models_dir / QUARANTINE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{path.name.removesuffix(PART_SUFFIX)}.{time.strftime('%Y%m%d-%H%M%S')}"
        os.replace(path, target)
        return target

    # ---- transfer ---------------------------------------------------------------------------------

    def download_entry(
        self,
        entry: CatalogEntry,
        *,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        pause: threading.Event | None = None,
    ) -> DownloadResult:
        """Download every file of a catalog entry; the result's path is the (first) model file."""
        remotes = [self.remote_file(entry.repo, name, entry.revision) for name in entry.files]
        total = sum(r.size for r in remotes)
        offset = 0
        for remote in remotes:

            def report(p: DownloadProgress, base: int = offset) -> None:
                if progress:
                    progress(
                        DownloadProgress(p.filename, base + p.done, total, p.speed, p.eta_s, p.verifying)
                    )

            result = self._download(remote, report, cancel, pause, remaining_total=total - offset)
            if result.status is not DownloadStatus.DONE:
                if result.status is DownloadStatus.CANCELLED:
                    self.discard_partial(entry)
                return result
            offset += remote.size
        first = self.models_dir / entry.files[0]
        try:
            read_header(first)
        except ModelFileError as exc:
            # The Hub's bytes, verified, but not a model this app can read: do not leave it installed.
            for name in entry.files:
                if (self.models_dir / name).exists():
                    self._quarantine(self.models_dir / name)
            raise _error(
                QT_TRANSLATE_NOOP("errors", "{file} downloaded but is not a usable model: {reason}"),
                file=entry.file,
                reason=str(exc),
            ) from exc
        return DownloadResult(DownloadStatus.DONE, first)

    def download_file(
        self,
        repo_id: str,
        filename: str,
        revision: str = "main",
        *,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        pause: threading.Event | None = None,
    ) -> DownloadResult:
        remote = self.remote_file(repo_id, filename, revision)
        result = self._download(remote, progress, cancel, pause, remaining_total=remote.size)
        if result.status is DownloadStatus.CANCELLED:
            self.part_path(filename).unlink(missing_ok=True)
            (self.models_dir / (filename + STATE_SUFFIX)).unlink(missing_ok=True)
        return result

    def _download(
        self,
        remote: RemoteFile,
        progress: ProgressCallback | None,
        cancel: threading.Event | None,
        pause: threading.Event | None,
        *,
        remaining_total: int,
    ) -> DownloadResult:
        self.models_dir.mkdir(parents=True, exist_ok=True)
        target = self.models_dir / remote.filename
        if target.is_file() and target.stat().st_size == remote.size:
            log.info("%s is already installed", target)
            return DownloadResult(DownloadStatus.DONE, target)
        part = self.part_path(remote.filename)
        state = self.models_dir / (remote.filename + STATE_SUFFIX)
        have = self._resumable_bytes(remote, part, state)
        self._check_space(remaining_total - have, remote.filename)
        state.write_text(
            json.dumps(
                {
                    "repo": remote.repo_id,
                    "revision": remote.revision,
                    "size": remote.size,
                    "sha256": remote.sha256,
                }
            ),
            encoding="utf-8",
        )

        def check_stop() -> None:
            if cancel is not None and cancel.is_set():
                raise _Cancelled(DownloadStatus.CANCELLED)
            if pause is not None and pause.is_set():
                raise _Cancelled(DownloadStatus.PAUSED)

        try:
            hasher = self._hash_existing(part, have, remote, progress, check_stop)
            hasher, have = self._transfer(remote, part, hasher, have, progress, check_stop)
        except _Cancelled as stop:
            if stop.status is DownloadStatus.CANCELLED:
                part.unlink(missing_ok=True)
                state.unlink(missing_ok=True)
            log.info("download of %s %s at %d bytes", remote.filename, stop.status.value, have)
            return DownloadResult(stop.status, None)

        digest = hasher.hexdigest()
        if digest != remote.sha256:
            moved = self._quarantine(part)
            state.unlink(missing_ok=True)
            raise _error(
                QT_TRANSLATE_NOOP(
                    "errors",
                    "{file} did not match its checksum from Hugging Face, so it was not installed "
                    "(moved to {path}); try downloading again.",
                ),
                file=remote.filename,
                path=str(moved),
                detail=f"expected {remote.sha256}, got {digest}",
            )
        os.replace(part, target)
        state.unlink(missing_ok=True)
        log.info("downloaded and verified %s (%d bytes)", target, remote.size)
        return DownloadResult(DownloadStatus.DONE, target)

    def _resumable_bytes(self, remote: RemoteFile, part: Path, state: Path) -> int:
        """Bytes of a .part file that belong to this exact remote file; anything else is discarded."""
        if not part.is_file():
            return 0
        try:
            saved = json.loads(state.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = {}
        size = part.stat().st_size
        if saved.get("sha256") != remote.sha256 or size > remote.size:
            log.info("discarding %s: it belongs to another version of the file", part)
            part.unlink()
            return 0
        return size

    def _check_space(self, needed: int, filename: str) -> None:
        free = shutil.disk_usage(self.models_dir).free
        if needed + DISK_MARGIN_BYTES > free:
            raise _error(
                QT_TRANSLATE_NOOP(
                    "errors", "Not enough disk space for {file}: it needs {needed} more, {free} is free."
                ),
                file=filename,
                needed=ByteSize(needed + DISK_MARGIN_BYTES),
                free=ByteSize(free),
            )

    def _hash_existing(
        self,
        part: Path,
        have: int,
        remote: RemoteFile,
        progress: ProgressCallback | None,
        check_stop: Callable[[], None],
    ) -> Any:
        hasher = hashlib.sha256()
        if not have:
            return hasher
        done = 0
        with part.open("rb") as fh:
            while chunk := fh.read(8 * 1024 * 1024):
                hasher.update(chunk)
                done += len(chunk)
                check_stop()
                if progress:
                    progress(DownloadProgress(remote.filename, done, remote.size, 0.0, None, verifying=True))
        return hasher

    def _transfer(
        self,
        remote: RemoteFile,
        part: Path,
        hasher: Any,
        have: int,
        progress: ProgressCallback | None,
        check_stop: Callable[[], None],
    ) -> tuple[Any, int]:
        meter = _SpeedMeter()
        last_report = 0.0
        failures = 0
        session = get_session()
        same_host = urlparse(remote.url).netloc == urlparse(self.endpoint).netloc
        base_headers = build_hf_headers(token=self.token) if same_host else {}
        base_headers["Accept-Encoding"] = "identity"
        while have < remote.size:
            check_stop()
            network.ensure_online()  # switched offline mid-download: stop here, the partial file stays
            headers = dict(base_headers)
            if have:
                headers["Range"] = f"bytes={have}-"
            try:
                with session.stream(
                    "GET", remote.url, headers=headers, timeout=self.timeout_s, follow_redirects=True
                ) as response:
                    self._track_socket(response)
                    check_stop()  # stopped while connecting: ``interrupt`` could not reach this socket
                    if response.status_code == 200 and have:
                        # The server ignored Range: start over rather than append a second copy.
                        log.info("server ignored Range for %s; restarting", remote.filename)
                        have, hasher = 0, hashlib.sha256()
                        part.unlink(missing_ok=True)
                    elif response.status_code not in (200, 206):
                        if response.status_code >= 500 or response.status_code == 429:
                            raise httpx2.RemoteProtocolError(f"HTTP {response.status_code}")
                        raise self._http_error(response.status_code, remote.repo_id, remote.filename, None)
                    with part.open("ab") as out:
                        for chunk in response.iter_raw(self.chunk_size):
                            out.write(chunk)
                            hasher.update(chunk)
                            have += len(chunk)
                            failures = 0  # progress made: the retry budget is per stall, not per file
                            now = time.monotonic()
                            speed = meter.add(now, have)
                            if progress and (now - last_report >= PROGRESS_INTERVAL_S or have >= remote.size):
                                last_report = now
                                eta = (remote.size - have) / speed if speed > 0 else None
                                progress(DownloadProgress(remote.filename, have, remote.size, speed, eta))
                            check_stop()
                if have < remote.size:
                    raise httpx2.RemoteProtocolError("connection closed early")
                if have > remote.size:
                    raise _error(
                        QT_TRANSLATE_NOOP("errors", "The server sent more bytes than {file} has; try again."),
                        file=remote.filename,
                    )
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise _error(
                        QT_TRANSLATE_NOOP(
                            "errors",
                            "The disk is full: {file} stopped at {done}; free some space and resume.",
                        ),
                        file=remote.filename,
                        done=ByteSize(have),
                        detail=str(exc),
                    ) from exc
                failures = self._retry_or_raise(failures, exc, have, remote, check_stop)
            except httpx2.TransportError as exc:
                failures = self._retry_or_raise(failures, exc, have, remote, check_stop)
            finally:
                self._track_socket(None)
            # A failed flush may leave the disk behind the count: then trust the disk and re-hash it.
            on_disk = part.stat().st_size if part.exists() else 0
            if on_disk != have:
                have = on_disk
                hasher = self._hash_existing(part, have, remote, progress, check_stop)
        return hasher, have

    def _retry_or_raise(
        self,
        failures: int,
        exc: BaseException,
        have: int,
        remote: RemoteFile,
        check_stop: Callable[[], None],
    ) -> int:
        failures += 1
        if failures > self.max_retries:
            if have == 0:
                raise self._network_error(exc) from exc
            raise _error(
                QT_TRANSLATE_NOOP(
                    "errors",
                    "The download of {file} was interrupted at {done} of {total}; it will resume from there.",
                ),
                file=remote.filename,
                done=ByteSize(have),
                total=ByteSize(remote.size),
                detail=repr(exc),
            ) from exc
        wait = self.retry_wait_s * 2 ** (failures - 1)
        log.info("download of %s interrupted (%r); retry %d in %.1fs", remote.filename, exc, failures, wait)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:  # wait, but let pause/cancel end the wait at once
            check_stop()
            time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
        return failures
