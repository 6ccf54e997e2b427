"""Storage at scale: 100,000 messages in 2,000 conversations (DESIGN.md §8 budgets).

Run: make bench   (or: pytest -s -m bench tests/benchmarks/test_bench_storage.py)
Budgets: open a 1,000-message conversation <= 100 ms; search (English, Chinese) <= 50 ms;
StreamWriter.append never blocks the caller > 10 ms.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desk_assistant.storage.store import ConversationStore

pytestmark = pytest.mark.bench

CONVERSATIONS = 2_000
MESSAGES = 100_000
BIG = 1_000  # messages in conversation 1, the one we open

ENGLISH_WORDS = (
    "the of and to a in is it you that he was for on are with as I his they be at one have this from or "
    "had by hot word but what some we can out other were all there when up use your how said an each she "
    "which do their time if will way about many then them write would like so these her long make thing "
    "see him two has look more day could go come did number sound no most people my over know water than "
    "call first who may down side been now find any new work part take get place made live where after "
    "back little only round man year came show every good me give our under name very through just form "
    "sentence great think say help low line differ turn cause much mean before move right boy old too "
    "same tell does set three want air well also play small end put home read hand port large spell add "
    "even land here must big high such follow act why ask men change went light kind off need house "
    "picture try us again animal point mother world near build self earth father head stand own page "
    "should country found answer school grow study still learn plant cover food sun four between state "
    "keep eye never last let thought city tree cross farm hard start might story saw far sea draw left "
    "late run while press close night real life few north open seem together next white children begin "
    "got walk example ease paper group always music those both mark often letter until mile river car "
    "feet care second book carry took science eat room friend began idea fish mountain stop once base "
    "hear horse cut sure watch color face wood main enough plain girl usual young ready above ever red "
    "list though feel talk bird soon body dog family direct pose leave song measure door product black "
    "short numeral class wind question happen complete ship area half rock order fire south problem "
    "piece told knew pass since top whole king space heard best hour better true during hundred five "
    "remember step early hold west ground interest reach fast verb sing listen six table travel less "
    "morning ten simple several vowel toward war lay against pattern slow center love person money serve "
    "appear road map rain rule govern pull cold notice voice unit power town fine certain fly fall lead "
    "cry dark machine note wait plan figure star box noun field rest correct able pound done beauty "
    "drive stood contain front teach week final gave green oh quick develop ocean warm free minute "
    "strong special mind behind clear tail produce fact street inch multiply nothing course stay wheel "
    "full force blue object decide surface deep moon island foot system busy test record boat common "
    "gold possible plane stead dry wonder laugh thousand ago ran check game shape equate miss brought "
    "heat snow tire bring yes distant fill east paint language among lighthouse keeper database search"
)
ENGLISH = ENGLISH_WORDS.split()
CHINESE = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使"
    "点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明"
    "看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料"
    "象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶"
    "油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议"
    "声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影"
    "算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何"
    "除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属"
    "圆包火住调满县局照参红细引听该铁价严龙飞"
)
# frequent, rare, absent, two words, and 1-2 character queries (LIKE: an absent one scans every row)
EN_QUERIES = ["lighthouse", "database search", "mountain river", "the", "keeper of", "zebra", "zq"]
ZH_QUERIES = ["你好世", "数据库", "灯塔看守人", "世界", "你好", "灯塔", "龙", "鑫淼"]


def _zipf_sampler(vocabulary: list[str], rng: random.Random) -> Callable[[int], list[str]]:
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    cumulative = list(__import__("itertools").accumulate(weights))
    return lambda k: rng.choices(vocabulary, cum_weights=cumulative, k=k)


def _message_text(rng: random.Random, english: Callable, chinese: Callable) -> str:
    if rng.random() < 0.75:
        return " ".join(english(rng.randint(15, 90))).capitalize() + "."
    text = "".join(chinese(rng.randint(30, 150)))
    if rng.random() < 0.02:  # a few messages with known phrases
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(["你好世界", "数据库搜索", "灯塔看守人"]) + text[at:]
    return text + "。"


def _build(path: Path) -> dict[str, float]:
    """Create the schema through the store, then bulk-insert in one transaction (triggers index FTS)."""
    ConversationStore(path).close()
    rng = random.Random(42)
    english, chinese = _zipf_sampler(ENGLISH, rng), _zipf_sampler(list(CHINESE), rng)
    base = datetime(2025, 1, 1, tzinfo=UTC)
    sizes = [BIG] + [(MESSAGES - BIG) // (CONVERSATIONS - 1)] * (CONVERSATIONS - 1)
    for i in range((MESSAGES - BIG) % (CONVERSATIONS - 1)):
        sizes[1 + i] += 1
    assert sum(sizes) == MESSAGES
    start = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    conv_rows, msg_rows, leaf_rows = [], [], []
    message_id = 0
    for conv_id, size in enumerate(sizes, 1):
        created = base + timedelta(minutes=conv_id)
        parent = None
        for j in range(size):
            message_id += 1
            stats = json.dumps({"completion_tokens": 50, "tokens_per_second": 20.0}) if j % 2 else None
            ts = (created + timedelta(seconds=j)).isoformat(timespec="microseconds")
            role = "assistant" if j % 2 else "user"
            msg_rows.append(
                (message_id, conv_id, parent, role, _message_text(rng, english, chinese), stats, ts)
            )
            parent = message_id
        iso = created.isoformat(timespec="microseconds")
        conv_rows.append((conv_id, "chat" if conv_id % 4 else "translate", f"Conversation {conv_id}", iso))
        leaf_rows.append(
            (parent, (created + timedelta(seconds=size)).isoformat(timespec="microseconds"), conv_id)
        )
    conn.executemany(
        "INSERT INTO conversations (id, kind, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?4)",
        conv_rows,
    )
    conn.executemany(
        "INSERT INTO messages (id, conversation_id, parent_id, role, content, stats, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        msg_rows,
    )
    conn.executemany("UPDATE conversations SET active_leaf_id = ?, updated_at = ? WHERE id = ?", leaf_rows)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()
    text_mb = sum(len(r[4].encode()) for r in msg_rows) / 1e6
    return {"build_s": time.perf_counter() - start, "text_mb": text_mb, "db_mb": path.stat().st_size / 1e6}


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, float]]:
    path = tmp_path_factory.mktemp("bench-storage") / "conversations.sqlite3"
    return path, _build(path)


def _hold_write_lock(path: Path, after: float, hold: float) -> None:
    time.sleep(after)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        time.sleep(hold)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _timed(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def _row(name: str, times: list[float], budget: float | None, note: str = "") -> str:
    worst = max(times)
    ratio = f"{worst / budget:5.2f}" if budget else "    -"
    verdict = "" if budget is None else ("ok" if worst <= budget else "OVER")
    median = statistics.median(times)
    return (
        f"| {name:<38} | {median:9.2f} | {worst:9.2f} | {budget or '-':>6} | {ratio} | {verdict:<4} | {note}"
    )


def test_bench_storage(big_db: tuple[Path, dict[str, float]]) -> None:
    path, build = big_db
    lines = [
        f"\nstorage benchmark: {MESSAGES:,} messages in {CONVERSATIONS:,} conversations, "
        f"{build['text_mb']:.1f} MB of text, database {build['db_mb']:.1f} MB, "
        f"built in {build['build_s']:.1f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
        f"| {'what':<38} | {'median ms':>9} | {'max ms':>9} | {'budget':>6} | max/b | ok?  | note",
        "|"
        + "-" * 40
        + "|"
        + "-" * 11
        + "|"
        + "-" * 11
        + "|"
        + "-" * 8
        + "|"
        + "-" * 7
        + "|"
        + "-" * 6
        + "|------",
    ]
    failures = []

    open_times, store = _timed(lambda: ConversationStore(path), 1)
    assert isinstance(store, ConversationStore)
    try:
        lines.append(_row("open store (100k messages)", open_times, None))
        store.active_branch(1)  # warm the page cache once, as a running app would be
        times, branch = _timed(lambda: store.active_branch(1), 20)
        assert isinstance(branch, list) and len(branch) == BIG
        lines.append(_row("open a 1,000-message conversation", times, 100))
        failures += [] if max(times) <= 100 else ["open conversation"]

        times, _ = _timed(lambda: store.list_conversations(limit=200), 1)
        lines.append(_row("list 200 conversations, first call", times, None, "cold: statement cache, pages"))
        times, convs = _timed(lambda: store.list_conversations(limit=200), 20)
        lines.append(_row("list 200 conversations (sidebar)", times, None, f"{len(convs)} rows"))  # type: ignore[arg-type]

        for label, queries in (("English", EN_QUERIES), ("Chinese", ZH_QUERIES)):
            all_times = []
            for q in queries:
                store.search(q)
                times, hits = _timed(lambda q=q: store.search(q), 7)
                all_times += times
                path_used = "1-2 chars" if all(len(t) < 3 for t in q.split()) else "trigram"
                lines.append(_row(f"  search {q!r}", times, 50, f"{len(hits)} hits, {path_used}"))  # type: ignore[arg-type]
            lines.append(_row(f"search {label} (all queries)", all_times, 50))
            failures += [] if max(all_times) <= 50 else [f"search {label}"]

        # streaming: appends at ~1 ms pace for ~5 s while the background thread flushes twice a second
        conv = store.create_conversation()
        store.append_message(conv.id, "user", "stream into me")
        writer = store.start_stream(conv.id)
        piece = "token 世界 "
        append_times = []
        # meanwhile another program holds the write lock for 1.5 s: the flushes wait, appends must not
        locker = threading.Thread(target=_hold_write_lock, args=(path, 1.0, 1.5))
        locker.start()
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            writer.append(piece)
            append_times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.001)
        locker.join()
        flush_times, _ = _timed(lambda: (writer.append("x"), writer.flush()), 10)
        size_kb = len(writer.text.encode()) / 1000
        p99 = statistics.quantiles(append_times, n=100)[98]
        finish_times, _ = _timed(lambda: writer.finish(), 1)
        lines.append(
            _row(
                "StreamWriter.append",
                append_times,
                10,
                f"{len(append_times):,} appends in 5 s, p99 {p99:.3f} ms, db write-locked 1.5 s meanwhile",
            )
        )
        failures += [] if max(append_times) <= 10 else ["append"]
        lines.append(
            _row("  one flush (background thread's write)", flush_times, None, f"{size_kb:.0f} KB text")
        )
        lines.append(_row("  finish (write + index for search)", finish_times, None))

        times, _ = _timed(store.recover_interrupted, 3)
        lines.append(_row("recover_interrupted (startup)", times, None))
        times, _ = _timed(store.check_integrity, 1)
        lines.append(_row("check_integrity (quick_check)", times, None, "background task"))
    finally:
        store.close()
    print("\n".join(lines))
    assert not failures, f"over budget: {failures}"
