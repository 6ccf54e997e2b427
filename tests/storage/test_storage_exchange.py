"""Export to Markdown and JSON, import JSON back: a round trip keeps everything but the ids."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from desk_assistant.core.errors import InputError
from desk_assistant.storage.errors import ConversationNotFoundError
from desk_assistant.storage.store import ConversationStore


def _normalized(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The export with database ids replaced by positions (ids are the only thing allowed to change)."""
    result = []
    for conv in copy.deepcopy(document["conversations"]):
        position = {m["id"]: i for i, m in enumerate(conv["messages"])}
        for m in conv["messages"]:
            m["id"] = position[m["id"]]
            m["parent_id"] = None if m["parent_id"] is None else position[m["parent_id"]]
        conv["active_leaf_id"] = position.get(conv["active_leaf_id"])
        del conv["id"]
        result.append(conv)
    return result


@pytest.fixture
def rich(store: ConversationStore) -> ConversationStore:
    c = store.create_conversation(
        "chat", model="qwen.gguf", system_prompt="Be kind.", sampling={"temperature": 0.1, "seed": 7}
    )
    u = store.append_message(c.id, "user", "Explain **Markdown**\n\n```py\nprint(1)\n```")
    store.append_message(c.id, "assistant", "First try", status="error", stats=None)
    store.append_message(
        c.id, "assistant", "Second try 你好", parent_id=u.id, stats={"tokens_per_second": 9.5}
    )
    w = store.start_stream(c.id)
    w.append("cut")
    w.finish("stopped", stats={"finish_reason": "cancelled"})
    store.edit_message(u.id, "Explain briefly")
    store.set_pinned(c.id, True)
    t = store.create_conversation("translate", title="翻译", settings={"target": "zh"})
    store.append_message(t.id, "user", "Good morning")
    store.append_message(t.id, "assistant", "早上好")
    gone = store.create_conversation(title="deleted")
    store.delete_conversation(gone.id)
    return store


def test_json_round_trip_is_identical(rich: ConversationStore, tmp_path: Path) -> None:
    exported = rich.export_json()
    assert exported["format"] == "desk-assistant-conversations"
    assert [c["title"] for c in exported["conversations"]] == ["Explain **Markdown**", "翻译"]
    text = json.dumps(exported, ensure_ascii=False)  # what a file holds
    with ConversationStore(tmp_path / "fresh.sqlite3") as fresh:
        ids = fresh.import_json(json.loads(text))
        assert len(ids) == 2
        again = fresh.export_json()
        assert _normalized(again) == _normalized(exported)
        # and the imported data behaves like the original: branches, search, order
        first = fresh.get_conversation(ids[0])
        assert first.pinned and first.sampling == {"temperature": 0.1, "seed": 7}
        assert [m.content for m in fresh.active_branch(ids[0])] == ["Explain briefly"]
        original_question = fresh.siblings(fresh.active_branch(ids[0])[0].id)[0]
        statuses = [m.status for m in fresh.switch_branch(original_question.id)]
        assert statuses == ["complete", "complete", "stopped"]
        assert fresh.search("早上好")[0].conversation_id == ids[1]


def test_import_into_a_used_database_adds_new_ids(rich: ConversationStore) -> None:
    before = {c.id for c in rich.list_conversations(include_deleted=True)}
    ids = rich.import_json(rich.export_json())
    assert not set(ids) & before and len(rich.list_conversations()) == 4


def test_export_selected_and_missing(rich: ConversationStore) -> None:
    conv_id = rich.list_conversations(kind="translate")[0].id
    assert [c["title"] for c in rich.export_json([conv_id])["conversations"]] == ["翻译"]
    with pytest.raises(ConversationNotFoundError):
        rich.export_json([conv_id, 999])


def test_markdown_shows_the_active_branch(rich: ConversationStore) -> None:
    md = rich.export_markdown()
    assert md.startswith("# Explain **Markdown**\n")
    assert "## System prompt\n\nBe kind." in md and "model qwen.gguf" in md
    assert "## User\n\nExplain briefly" in md
    assert "First try" not in md and "Second try" not in md  # other branches
    assert "# 翻译" in md and "## Assistant\n\n早上好" in md
    assert "deleted" not in md
    chat_id = rich.list_conversations(kind="chat")[0].id
    rich.switch_branch(rich.siblings(rich.active_branch(chat_id)[0].id)[0].id)  # the first question
    md = rich.export_markdown([chat_id])
    assert "```py\nprint(1)\n```" in md and "## Assistant *(stopped)*\n\ncut" in md
    assert "翻译" not in md


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"format": "something else"},
        {"format": "desk-assistant-conversations", "version": 99, "conversations": []},
        {"format": "desk-assistant-conversations", "version": 1},
        {"format": "desk-assistant-conversations", "version": 1, "conversations": [{"kind": "chat"}]},
        {
            "format": "desk-assistant-conversations",
            "version": 1,
            "conversations": [
                {
                    "kind": "chat",
                    "title": "",
                    "system_prompt": "",
                    "created_at": "2025-01-01T00:00:00+00:00",
                    "updated_at": "2025-01-01T00:00:00+00:00",
                    "messages": [
                        {
                            "id": 2,
                            "parent_id": 1,  # parent missing
                            "role": "user",
                            "content": "x",
                            "status": "complete",
                            "created_at": "2025-01-01T00:00:00+00:00",
                        }
                    ],
                }
            ],
        },
    ],
)
def test_bad_import_is_refused_and_adds_nothing(store: ConversationStore, data: Any) -> None:
    with pytest.raises(InputError, match="not a Desk Assistant conversation export"):
        store.import_json(data)
    assert store.list_conversations() == []
