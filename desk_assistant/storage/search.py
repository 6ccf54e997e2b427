"""Full-text search over messages: FTS5 trigram index, LIKE for terms under 3 characters.

The user's text never reaches FTS5 as syntax: it is split into terms (whitespace, or "a quoted
phrase"), and each term of 3+ characters becomes a quoted FTS5 string (``"..."`` with ``""`` for a
quote), so operators, brackets and stray quotes are just characters. With the trigram tokenizer a quoted
term matches any substring, which is what Chinese (no spaces between words) needs. Terms of 1-2
characters cannot match trigrams; they are LIKE filters (with %, _ and \\ escaped). All terms must match.
Ranked by bm25 (FTS) or newest first (LIKE only). Soft-deleted conversations are never searched.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desk_assistant.storage.records import SearchHit
from desk_assistant.storage.schema import from_iso

log = logging.getLogger("desk_assistant.storage")

SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # control characters: never in typed text, easy to style
ELLIPSIS = "…"
SNIPPET_TOKENS = 64  # FTS5 snippet length in tokens (its maximum; trigram: about one character each)
LIKE_CONTEXT = 30  # characters shown either side of a LIKE match

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


def like_snippet(content: str, term: str) -> str:
    """A window of text around the first (case-insensitive) occurrence of ``term``, marked."""
    pos = content.casefold().find(term.casefold())
    if pos < 0:  # casefold changed lengths (rare scripts): show the beginning
        return content[: 2 * LIKE_CONTEXT]
    end = pos + len(term)
    start, stop = max(0, pos - LIKE_CONTEXT), min(len(content), end + LIKE_CONTEXT)
    return (
        (ELLIPSIS if start > 0 else "")
        + content[start:pos]
        + SNIPPET_OPEN
        + content[pos:end]
        + SNIPPET_CLOSE
        + content[end:stop]
        + (ELLIPSIS if stop < len(content) else "")
    )


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

    if long_terms:
        params.update(match=" AND ".join(fts_string(t) for t in long_terms), open=SNIPPET_OPEN)
        params.update(close=SNIPPET_CLOSE, ellipsis=ELLIPSIS, tokens=SNIPPET_TOKENS)
        # FTS5 sorts by its rank column itself, so LIMIT stops early and snippet() runs only for the
        # rows returned.
        sql = f"""
            SELECT m.id, m.conversation_id, m.role, m.created_at, c.title,
                   snippet(messages_fts, 0, :open, :close, :ellipsis, :tokens), messages_fts.rank
            FROM messages_fts
            JOIN messages m ON m.id = messages_fts.rowid
            JOIN conversations c ON c.id = m.conversation_id
            WHERE messages_fts MATCH :match AND {" AND ".join(where)}
            ORDER BY messages_fts.rank
            LIMIT :limit"""
        try:
            rows = session.execute(text(sql), params).all()
        except OperationalError as exc:  # quoting makes this unreachable; never show FTS syntax anyway
            if "fts5" not in str(exc):
                raise
            log.warning("search %r failed: %s", query, exc)
            return []
        return [_hit(row[:6], row[5], float(row[6])) for row in rows]

    sql = f"""
        SELECT m.id, m.conversation_id, m.role, m.created_at, c.title, m.content
        FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.status != 'streaming' AND {" AND ".join(where)}
        ORDER BY m.id DESC
        LIMIT :limit"""
    rows = session.execute(text(sql), params).all()
    return [_hit(row, like_snippet(row[5], short_terms[0]), 0.0) for row in rows]


def _hit(row: tuple, snippet: str, rank: float) -> SearchHit:
    message_id, conversation_id, role, created_at, title = row[:5]
    return SearchHit(
        conversation_id=conversation_id,
        conversation_title=title,
        message_id=message_id,
        role=role,
        snippet=snippet,
        rank=rank,
        created_at=from_iso(created_at),
    )
