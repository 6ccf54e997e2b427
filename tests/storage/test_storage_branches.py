"""Messages and branches: append, regenerate, switch, edit-and-resend, delete."""

from __future__ import annotations

import pytest

from desk_assistant.storage.errors import MessageNotFoundError
from desk_assistant.storage.store import ConversationStore


def _contents(store: ConversationStore, conversation_id: int) -> list[str]:
    return [m.content for m in store.active_branch(conversation_id)]


def test_append_continues_the_active_branch(store: ConversationStore) -> None:
    c = store.create_conversation()
    assert store.active_branch(c.id) == []
    u = store.append_message(c.id, "user", "q1")
    a = store.append_message(c.id, "assistant", "a1", stats={"completion_tokens": 2})
    assert a.parent_id == u.id and u.parent_id is None
    branch = store.active_branch(c.id)
    assert [m.id for m in branch] == [u.id, a.id]
    assert branch[1].stats == {"completion_tokens": 2} and branch[1].status == "complete"
    assert store.get_conversation(c.id).active_leaf_id == a.id


def test_regenerate_flip_between_answers(store: ConversationStore) -> None:
    c = store.create_conversation()
    u = store.append_message(c.id, "user", "q")
    a1 = store.append_message(c.id, "assistant", "first answer")
    a2 = store.append_message(c.id, "assistant", "second answer", parent_id=u.id)  # regenerate
    assert (a2.sibling_index, a2.sibling_count) == (1, 2)
    branch = store.active_branch(c.id)
    assert [m.content for m in branch] == ["q", "second answer"]
    assert (branch[1].sibling_index, branch[1].sibling_count) == (1, 2)
    assert [m.id for m in store.siblings(a2.id)] == [a1.id, a2.id]

    store.append_message(c.id, "user", "follow-up on first")  # would continue a2 ...
    flipped = store.switch_branch(a1.id)  # ... flip back to the first answer
    assert [m.content for m in flipped] == ["q", "first answer"]
    assert flipped[1].sibling_index == 0
    assert _contents(store, c.id) == ["q", "first answer"]
    # flipping to a2 shows its newest descendant too
    assert [m.content for m in store.switch_branch(a2.id)] == ["q", "second answer", "follow-up on first"]


def test_edit_and_resend_is_a_new_branch(store: ConversationStore) -> None:
    c = store.create_conversation()
    store.append_message(c.id, "user", "hello")
    store.append_message(c.id, "assistant", "hi")
    u2 = store.append_message(c.id, "user", "what is 2+2?")
    store.append_message(c.id, "assistant", "5")
    edited = store.edit_message(u2.id, "what is 2+3?")
    assert edited.parent_id == u2.parent_id and edited.role == "user"
    assert (edited.sibling_index, edited.sibling_count) == (1, 2)
    assert _contents(store, c.id) == ["hello", "hi", "what is 2+3?"]
    store.append_message(c.id, "assistant", "5")
    store.switch_branch(u2.id)
    assert _contents(store, c.id) == ["hello", "hi", "what is 2+2?", "5"]  # the old branch is intact


def test_edit_the_first_message(store: ConversationStore) -> None:
    c = store.create_conversation()
    first = store.append_message(c.id, "user", "one")
    store.append_message(c.id, "assistant", "two")
    new = store.edit_message(first.id, "uno")
    assert new.parent_id is None and new.sibling_count == 2
    assert _contents(store, c.id) == ["uno"]


def test_delete_message_removes_its_subtree(store: ConversationStore) -> None:
    c = store.create_conversation()
    u = store.append_message(c.id, "user", "q")
    a1 = store.append_message(c.id, "assistant", "a1")
    store.append_message(c.id, "user", "q2")
    a2 = store.append_message(c.id, "assistant", "a2", parent_id=u.id)
    store.switch_branch(a1.id)
    store.delete_message(a1.id)  # the shown branch goes; its sibling is shown
    assert _contents(store, c.id) == ["q", "a2"]
    assert store.get_conversation(c.id).message_count == 2
    with pytest.raises(MessageNotFoundError):
        store.get_message(a1.id)
    store.delete_message(a2.id)
    assert _contents(store, c.id) == ["q"]
    store.delete_message(u.id)
    assert store.active_branch(c.id) == [] and store.get_conversation(c.id).active_leaf_id is None
    store.append_message(c.id, "user", "fresh start")
    assert _contents(store, c.id) == ["fresh start"]


def test_deleting_an_other_branch_keeps_the_shown_one(store: ConversationStore) -> None:
    c = store.create_conversation()
    u = store.append_message(c.id, "user", "q")
    a1 = store.append_message(c.id, "assistant", "a1")
    store.append_message(c.id, "assistant", "a2", parent_id=u.id)
    store.delete_message(a1.id)
    assert _contents(store, c.id) == ["q", "a2"]


def test_deep_chain_delete_and_purge(store: ConversationStore) -> None:
    """Longer than SQLite's trigger/cascade recursion limit (1000)."""
    c = store.create_conversation()
    first = store.append_message(c.id, "user", "m0")
    for i in range(1, 1200):
        store.append_message(c.id, "user" if i % 2 == 0 else "assistant", f"m{i}")
    assert len(store.active_branch(c.id)) == 1200
    store.delete_message(store.active_branch(c.id)[600].id)
    assert len(store.active_branch(c.id)) == 600
    store.delete_conversation(c.id)
    assert store.purge_deleted() == 1
    with pytest.raises(MessageNotFoundError):
        store.get_message(first.id)


def test_update_message_and_bad_values(store: ConversationStore) -> None:
    c = store.create_conversation()
    m = store.append_message(c.id, "assistant", "draft", status="error")
    m2 = store.update_message(m.id, content="final", status="complete", stats={"x": 1})
    assert (m2.content, m2.status, m2.stats) == ("final", "complete", {"x": 1})
    with pytest.raises(ValueError):
        store.update_message(m.id, status="weird")
    with pytest.raises(ValueError):
        store.append_message(c.id, "robot", "x")
    other = store.create_conversation()
    with pytest.raises(ValueError):
        store.append_message(other.id, "user", "x", parent_id=m.id)
    with pytest.raises(MessageNotFoundError):
        store.switch_branch(12345)
