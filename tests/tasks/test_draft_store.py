"""tasks/draft_store.py on a real SQLite file: a draft's brief, outline, sections and versions are kept,
and re-opened after a restart (the store closed, a new one opened on the same file) as they were left."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desk_assistant.core.errors import InputError
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks.draft import DraftBrief
from desk_assistant.tasks.draft_store import DraftStore, SectionText
from desk_assistant.tasks.outline import Outline

BRIEF = DraftBrief("email", "Ask the landlord to fix the heating before winter", audience="our landlord")


@pytest.fixture
def store() -> Iterator[ConversationStore]:
    with ConversationStore() as opened:
        yield opened


def reopen() -> DraftStore:
    """A "restart": a new store on the same database file (the old one was closed)."""
    return DraftStore(ConversationStore())


def test_a_new_draft_is_a_draft_conversation_with_its_brief(store: ConversationStore) -> None:
    drafts = DraftStore(store)
    draft_id = drafts.create(BRIEF, model="/models/x.gguf")
    conversation = store.get_conversation(draft_id)
    assert conversation.kind == "draft"
    assert conversation.title == "Ask the landlord to fix the heating before winter"
    assert conversation.model == "/models/x.gguf"
    (message,) = store.active_branch(draft_id)
    assert (message.role, message.content) == ("user", BRIEF.brief)
    draft = drafts.load(draft_id)
    assert draft.brief == BRIEF and draft.outline is None and draft.versions == () and draft.text == ""
    assert not draft.headings  # an email


def test_outline_sections_versions_and_working_text_survive_a_restart(store: ConversationStore) -> None:
    drafts = DraftStore(store)
    draft_id = drafts.create(BRIEF)
    outline = Outline.of(["Greeting", "The problem", "The request"])
    drafts.save_outline(draft_id, outline)
    drafts.save_section(draft_id, "s1", "Dear Ms Smith,", "complete")
    drafts.save_section(draft_id, "s2", "The heating broke", "stopped")
    first = drafts.save_version(draft_id, "Dear Ms Smith,\n\nThe heating broke", "Saved")
    second = drafts.save_version(draft_id, "Dear Ms Smith, the heating is broken.", "Rewrite: shorten")
    drafts.save_text(draft_id, "Dear Ms Smith, the heating is broken. Please fix it.")
    store.close()

    again = reopen()
    try:
        draft = again.load(draft_id)
        assert draft.outline == outline
        assert draft.sections == {
            "s1": SectionText("Dear Ms Smith,", "complete"),
            "s2": SectionText("The heating broke", "stopped"),
        }
        assert [(v.number, v.label, v.active) for v in draft.versions] == [
            (1, "Saved", False),
            (2, "Rewrite: shorten", True),
        ]
        assert [v.message_id for v in draft.versions] == [first.message_id, second.message_id]
        assert draft.text == "Dear Ms Smith, the heating is broken. Please fix it."  # the working text
        assert draft.assembled() == "Dear Ms Smith,\n\nThe heating broke"  # no headings in an email

        restored = again.restore_version(draft_id, first.message_id)
        assert restored.current_version is not None
        assert restored.current_version.message_id == first.message_id
        assert restored.text == "Dear Ms Smith,\n\nThe heating broke"
        assert len(restored.versions) == 2  # the later version is kept
    finally:
        again.store.close()
    final = reopen()
    try:
        assert final.load(draft_id).current_version.message_id == first.message_id  # type: ignore[union-attr]
    finally:
        final.store.close()


def test_editing_the_outline_drops_texts_of_deleted_sections_only(store: ConversationStore) -> None:
    drafts = DraftStore(store)
    draft_id = drafts.create(BRIEF)
    outline = Outline.of(["A", "B", "C"])
    drafts.save_outline(draft_id, outline)
    for sid in outline.ids:
        drafts.save_section(draft_id, sid, f"text of {sid}", "complete")
    drafts.save_outline(draft_id, outline.delete("s2").move("s3", 0).add("D"))
    draft = drafts.load(draft_id)
    assert draft.outline is not None and draft.outline.ids == ["s3", "s1", "s4"]
    assert set(draft.sections) == {"s1", "s3"}


def test_a_new_brief_updates_the_first_message(store: ConversationStore) -> None:
    drafts = DraftStore(store)
    draft_id = drafts.create(BRIEF)
    changed = DraftBrief("report", "Heating costs this year", length="long")
    drafts.save_brief(draft_id, changed)
    assert drafts.load(draft_id).brief == changed
    assert store.active_branch(draft_id)[0].content == "Heating costs this year"
    assert drafts.load(draft_id).headings  # a report has headings


def test_versions_are_siblings_under_the_brief(store: ConversationStore) -> None:
    drafts = DraftStore(store)
    draft_id = drafts.create(BRIEF)
    one = drafts.save_version(draft_id, "one", "A")
    two = drafts.save_version(draft_id, "two", "B", status="stopped")
    siblings = store.siblings(one.message_id)
    assert [m.id for m in siblings] == [one.message_id, two.message_id]
    assert all(m.parent_id == drafts.load(draft_id).brief_message_id for m in siblings)
    assert two.status == "stopped" and two.active and two.number == 2


def test_not_a_draft_and_not_a_version_are_sentences(store: ConversationStore) -> None:
    drafts = DraftStore(store)
    chat = store.create_conversation(kind="chat", title="hi")
    with pytest.raises(InputError, match=f"Conversation {chat.id} is not a draft"):
        drafts.load(chat.id)
    draft_id = drafts.create(BRIEF)
    brief_id = drafts.load(draft_id).brief_message_id
    with pytest.raises(InputError, match=f"Message {brief_id} is not a version"):
        drafts.restore_version(draft_id, brief_id)


def test_a_draft_whose_kind_file_is_gone_still_opens(store: ConversationStore) -> None:
    from desk_assistant.core import paths

    kind = paths.config_dir() / "prompts" / "draft" / "kinds" / "memo.en.toml"
    kind.parent.mkdir(parents=True)
    kind.write_text('title = "Memo"\nsystem = "A memo."\n', encoding="utf-8")
    drafts = DraftStore(store)
    draft_id = drafts.create(DraftBrief("memo", "Office closed on Friday"))
    kind.unlink()
    draft = drafts.load(draft_id)
    assert draft.brief.kind == "memo" and draft.headings
