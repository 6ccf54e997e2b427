"""Streaming answers: flushed at least once a second, finished, recovered after a kill -9."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desk_assistant.storage.store import ConversationStore

ROOT = Path(__file__).resolve().parents[2]


def _stored_content(db_path: Path, message_id: int) -> tuple[str, str]:
    """Read the row through a separate plain connection, as another process would."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT content, status FROM messages WHERE id = ?", (message_id,)).fetchone()
    finally:
        conn.close()


def test_user_message_is_committed_before_generation(store: ConversationStore, db_path: Path) -> None:
    c = store.create_conversation()
    u = store.append_message(c.id, "user", "the question")
    assert _stored_content(db_path, u.id) == ("the question", "complete")


def test_stream_flushes_within_a_second_and_finishes(store: ConversationStore, db_path: Path) -> None:
    c = store.create_conversation()
    u = store.append_message(c.id, "user", "q")
    writer = store.start_stream(c.id)
    assert _stored_content(db_path, writer.message_id) == ("", "streaming")
    writer.append("Hello")
    writer.append(", world")
    assert writer.text == "Hello, world"
    deadline = time.monotonic() + 1.0
    while _stored_content(db_path, writer.message_id)[0] != "Hello, world":
        assert time.monotonic() < deadline, "not flushed within 1 s"
        time.sleep(0.02)
    assert _stored_content(db_path, writer.message_id)[1] == "streaming"
    done = writer.finish("complete", stats={"completion_tokens": 3, "tokens_per_second": 12.5})
    assert (done.content, done.status, done.parent_id) == ("Hello, world", "complete", u.id)
    assert done.stats == {"completion_tokens": 3, "tokens_per_second": 12.5}
    assert [m.id for m in store.active_branch(c.id)] == [u.id, writer.message_id]
    with pytest.raises(RuntimeError):
        writer.append("late")


def test_explicit_flush_and_stopped_status(store: ConversationStore, db_path: Path) -> None:
    c = store.create_conversation()
    store.append_message(c.id, "user", "q")
    writer = store.start_stream(c.id)
    writer.append("partial")
    writer.flush()
    assert _stored_content(db_path, writer.message_id) == ("partial", "streaming")
    assert writer.finish("stopped").status == "stopped"


def test_close_flushes_open_writers_and_reopen_recovers(db_path: Path) -> None:
    store = ConversationStore(db_path, flush_interval=60)  # no timed flush: close() must do it
    c = store.create_conversation()
    store.append_message(c.id, "user", "q")
    writer = store.start_stream(c.id)
    writer.append("cut short")
    store.close()
    with ConversationStore(db_path) as again:
        assert again.recover_interrupted() == 1
        last = again.active_branch(c.id)[-1]
        assert (last.content, last.status) == ("cut short", "stopped")
        assert again.recover_interrupted() == 0


def test_recover_leaves_this_stores_live_streams_alone(store: ConversationStore) -> None:
    c = store.create_conversation()
    writer = store.start_stream(c.id, role="assistant")
    assert store.recover_interrupted() == 0
    writer.finish()


KILLED_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from desk_assistant.storage.store import ConversationStore

    store = ConversationStore(Path(sys.argv[1]))
    conv = store.create_conversation(title="killed")
    store.append_message(conv.id, "user", "tell me a story")
    writer = store.start_stream(conv.id)
    print(conv.id, writer.message_id, flush=True)
    start = time.monotonic()
    i = 0
    while True:
        writer.append(f"word{i} ")
        i += 1
        if time.monotonic() - start > 1.5 and i % 10 == 0:
            writer.flush()  # everything up to here is on disk before we say "ready"
            print("ready", i, flush=True)
            start = float("inf")
        time.sleep(0.005)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_kill_9_mid_answer_keeps_text_up_to_the_last_flush(db_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_SCRIPT, str(db_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        conv_id, message_id = map(int, proc.stdout.readline().split())
        ready, flushed_words = proc.stdout.readline().split()
        assert ready == "ready"
        time.sleep(0.3)  # keeps streaming past the flush
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL

    with ConversationStore(db_path) as store:
        assert store.recover_interrupted() == 1
        user, answer = store.active_branch(conv_id)
        assert user.content == "tell me a story" and user.status == "complete"
        assert answer.id == message_id and answer.status == "stopped"
        expected_prefix = "".join(f"word{i} " for i in range(int(flushed_words)))
        assert answer.content.startswith(expected_prefix)
        words = answer.content.split()  # exactly the words streamed, in order, none torn
        assert words == [f"word{i}" for i in range(len(words))]
        assert len(store.search("word1")) == 1  # indexed once stopped
