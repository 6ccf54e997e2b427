"""One owner per answer: a second process on the same database (the window starting while the CLI
streams, or the reverse) leaves a live answer alone and takes over only when its writer is gone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desk_assistant.storage.store import ConversationStore

WRITER = """
import sys
from pathlib import Path
from desk_assistant.storage.store import ConversationStore

store = ConversationStore(Path(sys.argv[1]))
conv = store.create_conversation(title="from the CLI")
store.append_message(conv.id, "user", "Hi")
writer = store.start_stream(conv.id)
writer.append("streaming from another process")
writer.flush()
print(writer.message_id, flush=True)
if sys.stdin.readline().strip() == "finish":
    writer.finish(stats={"completion_tokens": 5})
    print("done", flush=True)
sys.stdin.readline()
"""


def start_writer(db_path: Path) -> tuple[subprocess.Popen[str], int]:
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    return child, int(child.stdout.readline())


def test_a_live_writer_in_another_process_keeps_its_answer(store: ConversationStore, db_path: Path) -> None:
    child, message_id = start_writer(db_path)
    try:
        assert store.recover_interrupted() == 0  # the window starting now must not stop it
        assert store.get_message(message_id).status == "streaming"
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write("finish\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "done"
        finished = store.get_message(message_id)
        assert finished.status == "complete" and finished.stats == {"completion_tokens": 5}
    finally:
        child.kill()
        child.wait()


def test_an_answer_whose_writer_was_killed_is_marked_stopped(store: ConversationStore, db_path: Path) -> None:
    child, message_id = start_writer(db_path)
    child.kill()  # killed mid-answer
    child.wait()
    assert store.recover_interrupted() == 1
    message = store.get_message(message_id)
    assert message.status == "stopped" and message.content == "streaming from another process"
    assert "owner" not in (message.stats or {})


def test_own_streams_and_ownerless_ones(store: ConversationStore) -> None:
    conv = store.create_conversation()
    store.append_message(conv.id, "user", "Hi")
    mine = store.start_stream(conv.id)  # this store's own open stream
    legacy = store.append_message(conv.id, "assistant", "old", status="streaming")  # an older version's
    assert store.recover_interrupted() == 1
    assert store.get_message(legacy.id).status == "stopped"
    assert store.get_message(mine.message_id).status == "streaming"
    mine.finish()
