"""Conversations: create, list (order, paging), rename, pin, settings, soft delete, restore, purge."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from desk_assistant.core import paths
from desk_assistant.storage.errors import ConversationNotFoundError
from desk_assistant.storage.records import Conversation
from desk_assistant.storage.store import ConversationStore


def test_default_path_is_in_the_data_folder() -> None:
    with ConversationStore() as s:
        assert s.path == paths.database_path()
        assert s.path.exists()


def test_every_connection_has_the_pragmas(db_path) -> None:
    from sqlalchemy import text

    with ConversationStore(db_path, busy_timeout_ms=1234) as s, s._read() as session:
        pragma = lambda name: session.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("foreign_keys") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 1  # NORMAL
        assert pragma("busy_timeout") == 1234


def test_create_and_get_round_trip(store: ConversationStore) -> None:
    c = store.create_conversation(
        "translate",
        title=" French ",
        model="m.gguf",
        system_prompt="sys",
        sampling={"temperature": 0.3},
        settings={"target": "fr"},
    )
    got = store.get_conversation(c.id)
    assert isinstance(got, Conversation)
    assert (got.kind, got.title, got.model, got.system_prompt) == ("translate", "French", "m.gguf", "sys")
    assert got.sampling == {"temperature": 0.3} and got.settings == {"target": "fr"}
    assert got.created_at.tzinfo is not None and got.message_count == 0 and not got.pinned
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.title = "x"  # type: ignore[misc]


def test_bad_kind_and_missing_ids(store: ConversationStore) -> None:
    with pytest.raises(ValueError):
        store.create_conversation("poem")
    with pytest.raises(ConversationNotFoundError, match="Conversation 99 does not exist"):
        store.get_conversation(99)
    with pytest.raises(ConversationNotFoundError):
        store.rename_conversation(99, "x")


def test_list_is_pinned_first_then_recent_first_and_pages(store: ConversationStore) -> None:
    ids = []
    for i in range(7):
        c = store.create_conversation(title=f"c{i}")
        store.append_message(c.id, "user", f"message {i}")
        ids.append(c.id)
        time.sleep(0.002)
    store.set_pinned(ids[2], True)
    store.append_message(ids[0], "user", "bump")  # most recent activity now
    order = [c.id for c in store.list_conversations()]
    assert order == [ids[2], ids[0], ids[6], ids[5], ids[4], ids[3], ids[1]]
    pages = [c.id for off in range(0, 7, 3) for c in store.list_conversations(limit=3, offset=off)]
    assert pages == order
    assert store.list_conversations()[1].message_count == 2


def test_kind_filter(store: ConversationStore) -> None:
    a = store.create_conversation("chat")
    b = store.create_conversation("draft")
    assert [c.id for c in store.list_conversations(kind="draft")] == [b.id]
    assert [c.id for c in store.list_conversations(kind="chat")] == [a.id]


def test_rename_pin_and_update(store: ConversationStore) -> None:
    c = store.create_conversation()
    store.append_message(c.id, "user", "hi")
    store.rename_conversation(c.id, "New name")
    store.set_pinned(c.id, True)
    updated = store.update_conversation(c.id, model="other.gguf", sampling={"top_k": 5})
    assert updated.model == "other.gguf" and updated.sampling == {"top_k": 5} and updated.message_count == 1
    assert updated.system_prompt == "" and updated.settings == {}  # untouched fields kept
    got = store.get_conversation(c.id)
    assert got.title == "New name" and got.pinned and got.updated_at >= c.updated_at
    assert store.update_conversation(c.id, model=None).model is None


def test_first_user_message_titles_an_untitled_conversation(store: ConversationStore) -> None:
    c = store.create_conversation()
    store.append_message(c.id, "system", "You are helpful.")
    store.append_message(c.id, "user", "\n  How do I bake bread?\nDetails follow")
    store.append_message(c.id, "user", "second")
    assert store.get_conversation(c.id).title == "How do I bake bread?"
    titled = store.create_conversation(title="Mine")
    store.append_message(titled.id, "user", "x" * 200)
    assert store.get_conversation(titled.id).title == "Mine"


def test_soft_delete_restore_and_purge(store: ConversationStore) -> None:
    keep = store.create_conversation(title="keep")
    gone = store.create_conversation(title="gone")
    store.append_message(gone.id, "user", "remember the lighthouse")
    store.delete_conversation(gone.id)
    assert [c.id for c in store.list_conversations()] == [keep.id]
    assert {c.id for c in store.list_conversations(include_deleted=True)} == {keep.id, gone.id}
    assert store.get_conversation(gone.id).deleted_at is not None
    store.restore_conversation(gone.id)
    assert store.get_conversation(gone.id).deleted_at is None
    assert len(store.list_conversations()) == 2

    store.delete_conversation(gone.id)
    assert store.purge_deleted(older_than_seconds=3600) == 0  # too recent
    assert store.purge_deleted() == 1
    with pytest.raises(ConversationNotFoundError):
        store.get_conversation(gone.id)
    assert store.search("lighthouse") == []
    assert [c.id for c in store.list_conversations()] == [keep.id]


def test_two_threads_write_at_once(store: ConversationStore) -> None:
    """The UI thread and the inference thread share one store."""
    c = store.create_conversation()
    errors: list[BaseException] = []

    def work(role: str) -> None:
        try:
            for i in range(40):
                store.append_message(c.id, role, f"{role} {i}", parent_id=None)
                store.list_conversations()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(r,)) for r in ("user", "assistant")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.get_conversation(c.id).message_count == 80


def test_data_survives_reopen(db_path) -> None:
    with ConversationStore(db_path) as s:
        c = s.create_conversation(title="persisted")
        s.append_message(c.id, "user", "hi")
    with ConversationStore(db_path) as s:
        assert [m.content for m in s.active_branch(c.id)] == ["hi"]
        assert s.get_conversation(c.id).title == "persisted"
