"""Streaming an answer into one message without ever making the caller wait for the disk.

``StreamWriter.append`` only adds the piece to an in-memory list under a lock held for microseconds.
A single background thread per store (``Flusher``) writes every dirty writer's text to SQLite every
``interval`` seconds (0.5 s by default: at most about that much text is lost if the process is killed).
A flush is one UPDATE of one row: a streaming message is kept out of the full-text index until it is
finished (see migrations.py), so the cost does not grow with the answer's length beyond the row itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from desk_assistant.core.errors import StorageError
from desk_assistant.storage.records import Message

log = logging.getLogger("desk_assistant.storage")

DEFAULT_FLUSH_INTERVAL = 0.5  # seconds; the brief asks for at least one flush a second


class StreamWriter:
    """Text of one streaming message. Use it from one thread; ``finish()`` once at the end."""

    def __init__(
        self,
        message: Message,
        write_content: Callable[[int, str], None],
        finish_message: Callable[[int, str, str, dict[str, Any] | None], Message],
        on_done: Callable[[StreamWriter], None],
    ) -> None:
        self.message_id = message.id
        self.conversation_id = message.conversation_id
        self._write_content = write_content
        self._finish_message = finish_message
        self._on_done = on_done
        self._lock = threading.Lock()  # guards _parts/_dirty; held only to copy or append
        self._flush_lock = threading.Lock()  # one write of this message at a time
        self._parts: list[str] = [message.content] if message.content else []
        self._dirty = False
        self._finished = False
        self.error: StorageError | None = None  # last failed background flush (the text is still here)

    @property
    def text(self) -> str:
        with self._lock:
            return self._joined()

    def _joined(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def append(self, text: str) -> None:
        """Add a piece of the answer; never touches the disk."""
        if self._finished:
            raise RuntimeError("StreamWriter.append() after finish()")
        if text:
            with self._lock:
                self._parts.append(text)
                self._dirty = True

    def replace(self, text: str) -> None:
        """Set the whole text (a result rebuilt as it grows, e.g. a translation assembled from its
        parts); written by the next flush like an append."""
        if self._finished:
            raise RuntimeError("StreamWriter.replace() after finish()")
        with self._lock:
            self._parts = [text] if text else []
            self._dirty = True

    def flush(self) -> None:
        """Write the text so far to the database now (raises StorageError if that fails)."""
        with self._flush_lock:
            with self._lock:
                if not self._dirty:
                    return
                content = self._joined()
                self._dirty = False
            try:
                self._write_content(self.message_id, content)
            except StorageError:
                with self._lock:
                    self._dirty = True  # try again at the next flush
                raise
            self.error = None

    def flush_quietly(self) -> None:
        """The background flusher's call: a failure is kept in ``error`` and logged, not raised."""
        try:
            self.flush()
        except StorageError as exc:
            if self.error is None:
                log.warning("could not save streamed text of message %d: %s", self.message_id, exc.detail)
            self.error = exc

    def finish(self, status: str = "complete", stats: dict[str, Any] | None = None) -> Message:
        """Write the whole text with its final status and stats; returns the stored message.

        If the write fails (StorageError) the writer stays usable and ``finish`` can be called again.
        """
        with self._flush_lock:
            with self._lock:
                content = self._joined()
            message = self._finish_message(self.message_id, content, status, stats)
            self._finished = True
            with self._lock:
                self._dirty = False
        self._on_done(self)
        return message


class Flusher:
    """One daemon thread per store that flushes the open writers every ``interval`` seconds."""

    def __init__(self, interval: float = DEFAULT_FLUSH_INTERVAL) -> None:
        self.interval = interval
        self._writers: set[StreamWriter] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, writer: StreamWriter) -> None:
        with self._lock:
            self._writers.add(writer)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="storage-flusher", daemon=True)
                self._thread.start()

    def remove(self, writer: StreamWriter) -> None:
        with self._lock:
            self._writers.discard(writer)

    def active_ids(self) -> set[int]:
        with self._lock:
            return {w.message_id for w in self._writers}

    def flush_all(self) -> None:
        with self._lock:
            writers = list(self._writers)
        for writer in writers:
            writer.flush_quietly()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.flush_all()
            except Exception:  # a bug must not end the thread: later flushes would silently stop
                log.exception("stream flusher failed")

    def stop(self) -> None:
        """Stop the thread after a last flush; open writers stay 'streaming' (recovered next start)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.flush_all()
