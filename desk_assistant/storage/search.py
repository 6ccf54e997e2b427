"""Full-text search over messages: an FTS5 trigram index, also for 1-2 character queries.

The user's text never reaches FTS5 as syntax: it is split into terms (whitespace, or "a quoted
phrase"), and each term becomes quoted FTS5 strings (``"..."`` with ``""`` for a quote), so operators,
brackets and stray quotes are just characters. All terms must match.

- A term of 3+ characters is one quoted string: with the trigram tokenizer it matches any substring,
  which is what Chinese (no spaces between words) needs.
- A term of 1-2 characters cannot match a trigram. It is expanded through the index's vocabulary
  (``messages_fts_vocab``) into the trigrams that start with it, ``("世界你" OR "世界的" OR ...)``: every
  occurrence starts one, because the index sees each text followed by two newlines (migrations.py).
  A term with more than MAX_EXPANSION such trigrams (a single common letter) is a LIKE filter instead,
  scanning newest first until ``limit`` hits: common text is found quickly. Short terms are also
  checked with LIKE (%, _ and \\ escaped) so hits are exact.

Ranked by bm25 when there is a long term, newest first otherwise. Soft-deleted conversations are
never searched; a message is searchable once it has stopped streaming.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import Row, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desk_assistant.storage.records import SearchHit
from desk_assistant.storage.schema import from_iso

log = logging.getLogger("desk_assistant.storage")

SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # control characters: never in typed text, easy to style
ELLIPSIS = "…"
SNIPPET_CHARS = 120  # characters of a message shown in a hit
SNIPPET_BEFORE = 30  # of which before the first match
RANK_WINDOW = 2000  # at most this many (newest) matches are ranked by bm25, see search_messages
MAX_EXPANSION = 500  # trigrams a 1-2 character term may expand to before it is a LIKE scan instead

_TERM = re.compile(r'"([^"]+)"|(\S+)')


def split_terms(query: str) -> list[str]:
    terms = [(quoted or bare).strip() for quoted, bare in _TERM.findall(query)]
    return [t for t in terms if t]


def fts_string(term: str) -> str:
    """One term as an FTS5 string literal: matched as a literal substring, never parsed."""
    return '"' + term.replace('"', '""') + '"'


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def make_snippet(content: str, terms: list[str]) -> str:
    """A window of ``content`` around the first match, every occurrence of a term in it marked.

    Made here rather than by FTS5's snippet(): a 1-2 character term is matched through trigrams,
    which would mark a character too many.
    """
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    first = pattern.search(content)
    if first is None:  # case folding beyond what re does (rare): show the beginning
        return content[:SNIPPET_CHARS] + (ELLIPSIS if len(content) > SNIPPET_CHARS else "")
    start = max(0, first.start() - SNIPPET_BEFORE)
    stop = min(len(content), start + SNIPPET_CHARS)
    window = pattern.sub(lambda m: SNIPPET_OPEN + m.group(0) + SNIPPET_CLOSE, content[start:stop])
    window = " ".join(window.split())  # one line for a list
    return (ELLIPSIS if start > 0 else "") + window + (ELLIPSIS if stop < len(content) else "")


def _expand_short_term(session: Session, term: str) -> str | None:
    """``("ab1" OR "ab2" ...)`` for the indexed trigrams starting with ``term``; None if too many.

    The index folds case, so its vocabulary is lower case.
    """
    low = term.lower()
    trigrams = (
        session.execute(
            text("SELECT term FROM messages_fts_vocab WHERE term >= :low AND term < :high LIMIT :n"),
            {"low": low, "high": low + "\U0010ffff", "n": MAX_EXPANSION + 1},
        )
        .scalars()
        .all()
    )
    if len(trigrams) > MAX_EXPANSION:
        return None
    if not trigrams:
        return '""'  # matches nothing
    return "(" + " OR ".join(fts_string(t) for t in trigrams) + ")"


def search_messages(
    session: Session, query: str, limit: int = 50, kind: str | None = None
) -> list[SearchHit]:
    terms = split_terms(query)
    if not terms or limit <= 0:
        return []
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    params: dict[str, object] = {"limit": int(limit), "kind": kind}
    where = ["c.deleted_at IS NULL", "(:kind IS NULL OR c.kind = :kind)"]
    for i, term in enumerate(short_terms):
        where.append(f"m.content LIKE :like{i} ESCAPE '\\'")
        params[f"like{i}"] = like_pattern(term)

    match = [fts_string(t) for t in long_terms]
    for term in short_terms:
        expanded = _expand_short_term(session, term)
        if expanded is not None:
            match.append(expanded)
    if match:
        rows = _search_fts(session, " AND ".join(match), where, params, ranked=bool(long_terms))
    else:
        rows = _search_like(session, where, params)
    return [_hit(row, make_snippet(row[5], terms)) for row in rows]


def _search_fts(
    session: Session, match: str, where: list[str], params: dict[str, object], ranked: bool
) -> list[Row]:
    # FTS5 orders by its rank column (or rowid) itself, so LIMIT stops early. bm25 must score every
    # match first, which for a word in most messages ("the") costs ~150 ms at 100k messages: only the
    # newest RANK_WINDOW matches are scored (a rowid range FTS5 applies inside the index); a rarer
    # query has fewer matches and is ranked in full.
    params.update(match=match, window=RANK_WINDOW)
    window = """AND messages_fts.rowid >= (
                SELECT coalesce(min(rowid), 0) FROM (
                    SELECT rowid FROM messages_fts WHERE messages_fts MATCH :match
                    ORDER BY rowid DESC LIMIT :window))"""
    sql = f"""
        SELECT m.id, m.conversation_id, m.role, m.created_at, c.title, m.content,
               {"messages_fts.rank" if ranked else "0.0"}
        FROM messages_fts
        JOIN messages m ON m.id = messages_fts.rowid
        JOIN conversations c ON c.id = m.conversation_id
        WHERE messages_fts MATCH :match {window if ranked else ""} AND {" AND ".join(where)}
        ORDER BY {"messages_fts.rank" if ranked else "messages_fts.rowid DESC"}
        LIMIT :limit"""
    try:
        rows = session.execute(text(sql), params).all()
    except OperationalError as exc:  # quoting makes this unreachable; never show FTS syntax anyway
        if "fts5" not in str(exc):
            raise
        log.warning("search %r failed: %s", params["match"], exc)
        return []
    return list(rows)


def _search_like(session: Session, where: list[str], params: dict[str, object]) -> list[Row]:
    sql = f"""
        SELECT m.id, m.conversation_id, m.role, m.created_at, c.title, m.content, 0.0
        FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.status != 'streaming' AND {" AND ".join(where)}
        ORDER BY m.id DESC
        LIMIT :limit"""
    return list(session.execute(text(sql), params).all())


def _hit(row: Row, snippet: str) -> SearchHit:
    message_id, conversation_id, role, created_at, title, _content, rank = row
    return SearchHit(
        conversation_id=conversation_id,
        conversation_title=title,
        message_id=message_id,
        role=role,
        snippet=snippet,
        rank=float(rank),
        created_at=from_iso(created_at),
    )
