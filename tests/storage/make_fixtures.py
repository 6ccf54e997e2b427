"""Build one fixture database per released schema version: tests/storage/fixtures/v<N>.sqlite3.

Run from the repository root when a new schema version is released (keep the old files!):

    python -m tests.storage.make_fixtures

Each file is made with that version's own migration steps (plain SQL, migrations.STEPS[:N]) and holds
the same small data set (``CONVERSATIONS``): branches, Chinese text, stats, a pinned, a soft-deleted
conversation, and an answer left 'streaming' by a killed process. The tests open copies of them.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from desk_assistant.storage import migrations

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# (id, kind, title, model, system_prompt, sampling, pinned, active_leaf_id, deleted_at, created, updated)
CONVERSATIONS = [
    (
        1,
        "chat",
        "Greetings",
        "gemma-3-270m",
        "Be brief.",
        {"temperature": 0.2},
        1,
        4,
        None,
        "2025-01-02T10:00:00.000000+00:00",
        "2025-01-02T10:05:00.000000+00:00",
    ),
    (
        2,
        "translate",
        "翻译测试",
        None,
        "",
        {},
        0,
        6,
        None,
        "2025-01-03T09:00:00.000000+00:00",
        "2025-01-03T09:01:00.000000+00:00",
    ),
    (
        3,
        "draft",
        "Old draft",
        None,
        "",
        {},
        0,
        7,
        "2025-01-04T00:00:00.000000+00:00",
        "2025-01-01T08:00:00.000000+00:00",
        "2025-01-01T08:00:00.000000+00:00",
    ),
]
# (id, conversation_id, parent_id, role, content, status, stats, created_at)
MESSAGES = [
    (1, 1, None, "user", "Hello there, how are you?", "complete", None, "2025-01-02T10:00:01.000000+00:00"),
    (
        2,
        1,
        1,
        "assistant",
        "Fine, thanks.",
        "complete",
        {"completion_tokens": 4, "tokens_per_second": 31.5},
        "2025-01-02T10:00:02.000000+00:00",
    ),
    # a regenerated answer (sibling of 2), now the shown branch
    (
        3,
        1,
        1,
        "assistant",
        "Very well, thank you!",
        "complete",
        {"completion_tokens": 6},
        "2025-01-02T10:01:00.000000+00:00",
    ),
    (
        4,
        1,
        3,
        "user",
        "Tell me a long story about a lighthouse",
        "complete",
        None,
        "2025-01-02T10:05:00.000000+00:00",
    ),
    (5, 2, None, "user", "你好世界，今天天气很好", "complete", None, "2025-01-03T09:00:01.000000+00:00"),
    (
        6,
        2,
        5,
        "assistant",
        "Hello world, the weather is nice to",
        "streaming",
        None,
        "2025-01-03T09:00:02.000000+00:00",
    ),
    (7, 3, None, "user", "An outline about gardening", "complete", None, "2025-01-01T08:00:01.000000+00:00"),
]


def build(version: int, path: Path) -> Path:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        migrations.upgrade(conn, 0, version)
        conn.execute("BEGIN")
        for c in CONVERSATIONS:
            row = (*c[:5], json.dumps(c[5]), *c[6:])
            conn.execute(
                "INSERT INTO conversations (id, kind, title, model, system_prompt, sampling, pinned,"
                " active_leaf_id, deleted_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                row,
            )
        for m in MESSAGES:
            row = (*m[:6], None if m[6] is None else json.dumps(m[6]), m[7])
            conn.execute(
                "INSERT INTO messages (id, conversation_id, parent_id, role, content, status, stats,"
                " created_at) VALUES (?,?,?,?,?,?,?,?)",
                row,
            )
        if version >= 2:
            conn.execute("UPDATE conversations SET settings = ? WHERE id = 2", ('{"target_language": "en"}',))
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    finally:
        conn.close()
    return path


def main() -> int:
    FIXTURES.mkdir(exist_ok=True)
    for version in range(1, migrations.SCHEMA_VERSION + 1):
        print(build(version, FIXTURES / f"v{version}.sqlite3"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
