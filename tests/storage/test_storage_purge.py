"""Deleted means deleted: after a purge the text is in none of the database's files, nor its index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desk_assistant.storage.store import ConversationStore

SECRET = "my bank PIN is 4711 zebra-quokka xylophone"
KEPT = "the weather is mild today"


def files_of(db_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))


def index_blocks(db_path: Path) -> str:
    """The search index's raw segments (FTS5 keeps a deleted row's terms there until a merge)."""
    with sqlite3.connect(db_path) as conn:
        blocks = conn.execute("SELECT block FROM messages_fts_data").fetchall()
    return b"".join(row[0] or b"" for row in blocks).decode("latin-1")


def test_purged_text_is_gone_from_the_file_the_wal_and_the_index(
    store: ConversationStore, db_path: Path
) -> None:
    secret = store.create_conversation(title="Secret " + SECRET)
    for i in range(30):  # a few pages' worth, streamed like an answer
        store.append_message(secret.id, "user", f"{SECRET} #{i}")
        writer = store.start_stream(secret.id)
        writer.append(f"noted {SECRET} #{i}")
        writer.finish()
    kept = store.create_conversation(title="Weather")
    store.append_message(kept.id, "user", KEPT)
    for i in range(5):  # rows added after the secret: its index segment is not the newest one
        store.append_message(kept.id, "user", f"{KEPT} {i}")
    assert SECRET.encode() in files_of(db_path)
    assert "xyl" in index_blocks(db_path)

    store.delete_conversation(secret.id)
    assert store.purge_deleted(older_than_seconds=3600) == 0  # still inside the undo window
    assert SECRET.encode() in files_of(db_path)
    assert store.purge_deleted() == 1

    data = files_of(db_path)
    assert SECRET.encode() not in data and b"zebra-quokka" not in data
    # the trigrams only the secret had ("xyl", "ylo", "lop") are gone from the index's segments too
    assert not {"xyl", "ylo", "lop"} & {t for t in ("xyl", "ylo", "lop") if t in index_blocks(db_path)}
    assert KEPT.encode() in data
    assert store.search("zebra") == [] and {h.conversation_id for h in store.search("weather")} == {kept.id}


def test_a_restored_conversation_is_not_purged(store: ConversationStore) -> None:
    conv = store.create_conversation(title="Keep me")
    store.append_message(conv.id, "user", SECRET)
    store.delete_conversation(conv.id)
    store.restore_conversation(conv.id)
    assert store.purge_deleted() == 0
    assert store.search("zebra")[0].conversation_id == conv.id
