"""`desk-assistant history ...` and the helper for `chat --conversation ID|new`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk_assistant.cli import main
from desk_assistant.core.errors import InputError
from desk_assistant.storage.chat_history import open_cli_conversation
from desk_assistant.storage.errors import ConversationNotFoundError
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks.chat import build_messages


@pytest.fixture
def app_store() -> ConversationStore:
    """The app's default database (in the test's DESK_ASSISTANT_HOME), with two conversations."""
    with ConversationStore() as s:
        c = s.create_conversation(title="Lighthouse")
        s.append_message(c.id, "user", "Tell me about the lighthouse keeper")
        s.append_message(c.id, "assistant", "He kept the light.")
        t = s.create_conversation("translate", title="问候")
        s.append_message(t.id, "user", "你好世界")
        s.set_pinned(t.id, True)
    return s


def test_list(app_store: ConversationStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "问候" in lines[0] and "*" in lines[0] and "Lighthouse" in lines[1] and "2 msgs" in lines[1]
    assert main(["history", "list", "--kind", "chat"]) == 0
    assert "问候" not in capsys.readouterr().out


def test_search(app_store: ConversationStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "search", "世界"]) == 0
    assert "你好[世界]" in capsys.readouterr().out
    assert main(["history", "search", "lighthouse", "keeper"]) == 0
    assert "[lighthouse] [keeper]" in capsys.readouterr().out
    assert main(["history", "search", "nothing-like-this"]) == 1


def test_export_and_import(app_store: ConversationStore, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "all.json"
    assert main(["history", "export", "--all", "--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["conversations"]) == 2
    md = tmp_path / "one.md"
    assert main(["history", "export", "1", "--format", "md", "--out", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("# Lighthouse")
    assert main(["history", "export", "2"]) == 0
    assert "# 问候" in capsys.readouterr().out

    other = tmp_path / "other.sqlite3"
    assert main(["history", "--db", str(other), "import", str(out)]) == 0
    assert "Imported 2 conversation(s)" in capsys.readouterr().out
    with ConversationStore(other) as s:
        assert sorted(c.title for c in s.list_conversations()) == ["Lighthouse", "问候"]


def test_errors_are_one_sentence(app_store: ConversationStore, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["history", "export", "42"]) == 1
    assert capsys.readouterr().err.strip() == "desk-assistant: Conversation 42 does not exist."
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["history", "import", str(bad)]) == 1
    assert "Could not read" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["history", "export"])  # neither ids nor --all


def test_chat_conversation_helper(app_store: ConversationStore) -> None:
    with ConversationStore() as s:
        new = open_cli_conversation(s, "new", model="m.gguf", system_prompt="Be brief.")
        assert new.kind == "chat" and new.model == "m.gguf"
        s.append_message(new.id, "user", "hi")
        w = s.start_stream(new.id)
        w.append("hello")
        w.finish("stopped")
        s.start_stream(new.id, parent_id=None).finish("error")  # a failed, empty answer elsewhere
        s.switch_branch(w.message_id)
        sent = build_messages(s.active_branch(new.id), new.system_prompt)
        assert [(m.role, m.content) for m in sent] == [
            ("system", "Be brief."),
            ("user", "hi"),
            ("assistant", "hello"),
        ]
        assert open_cli_conversation(s, str(new.id)).id == new.id
        with pytest.raises(InputError, match="conversation number or 'new'"):
            open_cli_conversation(s, "latest")
        with pytest.raises(ConversationNotFoundError):
            open_cli_conversation(s, "999")
        s.delete_conversation(new.id)
        with pytest.raises(ConversationNotFoundError, match="was deleted"):
            open_cli_conversation(s, str(new.id))


def test_export_never_overwrites_without_force(app_store: ConversationStore, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "mine.md"
    out.write_text("my own notes", encoding="utf-8")
    assert main(["history", "export", "1", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert out.read_text(encoding="utf-8") == "my own notes"
    assert main(["history", "export", "1", "--out", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Lighthouse")
    assert not (tmp_path / "mine.md.part").exists()
