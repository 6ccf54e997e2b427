"""Full-text search: English, Chinese (trigram and LIKE), ranking, snippets, escaping, visibility."""

from __future__ import annotations

import pytest

from desk_assistant.storage.store import SNIPPET_CLOSE, SNIPPET_OPEN, ConversationStore


def _marked(snippet: str) -> list[str]:
    """The highlighted pieces of a snippet."""
    pieces = []
    for part in snippet.split(SNIPPET_OPEN)[1:]:
        pieces.append(part.split(SNIPPET_CLOSE)[0])
    return pieces


def _plain(snippet: str) -> str:
    return snippet.replace(SNIPPET_OPEN, "").replace(SNIPPET_CLOSE, "")


@pytest.fixture
def filled(store: ConversationStore) -> ConversationStore:
    zh = store.create_conversation(title="中文")
    store.append_message(zh.id, "user", "你好世界！今天我们讨论数据库的全文搜索。")
    store.append_message(zh.id, "assistant", "世界很大。")
    en = store.create_conversation("draft", title="English")
    store.append_message(en.id, "user", "Write about the lighthouse keeper and the storm.")
    store.append_message(en.id, "assistant", "The lighthouse stood; the lighthouse keeper slept.")
    store.append_message(en.id, "user", "Something unrelated about gardens.")
    return store


def test_chinese_trigram_query(filled: ConversationStore) -> None:
    hits = filled.search("你好世")
    assert len(hits) == 1 and hits[0].conversation_title == "中文" and hits[0].role == "user"
    assert _marked(hits[0].snippet) == ["你好世"]
    assert [h.role for h in filled.search("全文搜索")] == ["user"]


def test_chinese_two_characters_use_like(filled: ConversationStore) -> None:
    hits = filled.search("世界")
    assert {h.snippet.replace(SNIPPET_OPEN, "").replace(SNIPPET_CLOSE, "") for h in hits} == {
        "你好世界！今天我们讨论数据库的全文搜索。",
        "世界很大。",
    }
    assert all(_marked(h.snippet) == ["世界"] for h in hits)
    assert [h.rank for h in hits] == [0.0, 0.0]
    assert hits[0].created_at >= hits[1].created_at  # newest first
    assert filled.search("界") and filled.search("数据库的") and filled.search("火星") == []


def test_short_terms_match_anywhere_even_at_the_very_end(store: ConversationStore) -> None:
    c = store.create_conversation()
    for text in ("世", "末尾是世", "世在开头", "中间世界中间", "AbC", "xyz ab"):
        store.append_message(c.id, "user", text)

    def found(query: str) -> list[str]:
        return sorted(_plain(h.snippet) for h in store.search(query))

    assert found("世") == sorted(["世", "末尾是世", "世在开头", "中间世界中间"])
    assert found("是世") == ["末尾是世"]
    assert found("ab") == ["AbC", "xyz ab"]  # case-insensitive, also at the end
    assert found("b") == ["AbC", "xyz ab"]
    assert [_marked(h.snippet) for h in store.search("ab")] == [["ab"], ["Ab"]]


def test_short_terms_give_the_same_hits_by_index_or_by_scan(
    filled: ConversationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk_assistant.storage import search

    queries = ["世界", "界", "the", "st", "e", "世 搜索", "keeper st"]
    by_index = {q: [(h.message_id, h.snippet) for h in filled.search(q)] for q in queries}
    monkeypatch.setattr(search, "MAX_EXPANSION", 0)  # every short term becomes a LIKE scan
    by_scan = {q: [(h.message_id, h.snippet) for h in filled.search(q)] for q in queries}
    assert by_index == by_scan
    assert all(by_index.values())


def test_english_ranked_case_insensitive_with_snippets(filled: ConversationStore) -> None:
    hits = filled.search("LIGHTHOUSE")
    assert len(hits) == 2
    assert hits[0].role == "assistant"  # two occurrences rank higher (bm25, lower is better)
    assert hits[0].rank < hits[1].rank
    for h in hits:  # (a match cut by the snippet's end is marked as far as it is shown)
        assert _marked(h.snippet)[0] == "lighthouse"
        assert all(p and "lighthouse".startswith(p.lower()) for p in _marked(h.snippet))
    assert len(filled.search("lighthouse", limit=1)) == 1


def test_all_terms_must_match_including_short_ones(filled: ConversationStore) -> None:
    assert [h.role for h in filled.search("keeper storm")] == ["user"]
    assert [h.role for h in filled.search("keeper slept")] == ["assistant"]
    assert [h.role for h in filled.search('"lighthouse keeper" storm')] == ["user"]
    assert {h.role for h in filled.search("lighthouse st")} == {"user", "assistant"}  # storm, stood
    assert filled.search("lighthouse zz") == []


@pytest.mark.parametrize(
    "query",
    ['"', '"unbalanced', "a OR b AND", "NEAR(x y)", "col:val", "*", "(((", "^start", "-minus", "100%", "a_b"],
)
def test_fts_syntax_never_reaches_the_user(store: ConversationStore, query: str) -> None:
    c = store.create_conversation()
    store.append_message(c.id, "user", "plain text with 100% of a_b and NEAR(x y) inside")
    hits = store.search(query)  # no exception
    for h in hits:
        assert SNIPPET_OPEN in h.snippet


def test_special_characters_match_literally(store: ConversationStore) -> None:
    c = store.create_conversation()
    store.append_message(c.id, "user", 'He said "NEAR(x y)" and 100% of it')
    store.append_message(c.id, "user", "100 percent, no sign")
    assert len(store.search('"NEAR(x y)"')) == 1
    assert len(store.search("0%")) == 1  # % is not a wildcard
    assert len(store.search("%")) == 1
    assert store.search("") == [] and store.search("   ") == []


def test_deleted_conversations_are_not_searched(filled: ConversationStore) -> None:
    conv_id = filled.search("lighthouse")[0].conversation_id
    filled.delete_conversation(conv_id)
    assert filled.search("lighthouse") == [] and filled.search("st") == []
    filled.restore_conversation(conv_id)
    assert len(filled.search("lighthouse")) == 2


def test_kind_filter(filled: ConversationStore) -> None:
    assert len(filled.search("lighthouse", kind="draft")) == 2
    assert filled.search("lighthouse", kind="chat") == []
    assert len(filled.search("世界", kind="chat")) == 2


def test_index_follows_edits_deletes_and_streaming(store: ConversationStore) -> None:
    c = store.create_conversation()
    m = store.append_message(c.id, "user", "original walrus")
    store.update_message(m.id, content="changed penguin")
    assert store.search("walrus") == [] and len(store.search("penguin")) == 1
    writer = store.start_stream(c.id)
    writer.append("streaming albatross text")
    writer.flush()
    assert store.search("albatross") == []  # not indexed while streaming
    writer.finish()
    assert len(store.search("albatross")) == 1
    store.delete_message(m.id)
    assert store.search("penguin") == [] and store.search("albatross") == []


def test_fts_index_is_consistent(filled: ConversationStore) -> None:
    """FTS5's own check that the external-content index matches the messages table."""
    with filled._write() as session:
        from sqlalchemy import text

        session.execute(text("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)"))
