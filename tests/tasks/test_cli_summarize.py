"""`desk-assistant summarize` on the tiny model: the summary on stdout, progress on stderr, odd input as
one sentence (exit 1), Ctrl+C as Stop (exit 130, what was done printed), and the progress helper."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desk_assistant.cli import main
from desk_assistant.cli.progress import ProgressReporter
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks.runtime import Progress
from tests.tasks.summary_samples import chinese_document, english_document

# main() sets logging up once per process: each run here gets a fresh setup
pytestmark = pytest.mark.usefixtures("fresh_logging")


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "report.md"
    path.write_text(english_document(30, seed=4), encoding="utf-8")
    return path


def stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_a_file_is_summarized_to_stdout_with_progress_on_stderr(
    tiny: str, document: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["summarize", str(document), "--model", tiny, "--length", "short", "--seed", "3", "-v"])
    out, err = capsys.readouterr()
    assert code == 0
    assert out.strip()  # the tiny model writes random text, but it is the summary
    assert "### Part" not in out
    lines = err.splitlines()
    assert lines[0] == "Counting tokens…"
    assert "tokens:" in lines[1] and "parts of at most" in lines[1] and "summary in en" in lines[1]
    maps = [line for line in lines if line.startswith("Summarizing part ")]
    total = int(maps[0].split(" of ")[1].rstrip("…"))
    assert maps == [f"Summarizing part {i} of {total}…" for i in range(1, total + 1)]
    assert "Writing the summary…" in lines
    assert lines[-1].startswith(
        f"{total + 1 + sum('Combining' in x for x in lines)} passes, {total} of {total} parts"
    )


def test_stdin_in_gbk_is_read_and_summarized_in_chinese(
    tiny: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_bytes(monkeypatch, chinese_document(3, seed=1).encode("gb18030"))
    code = main(["summarize", "-", "--model", tiny, "--format", "tldr", "-v"])
    out, err = capsys.readouterr()
    assert code == 0 and out.strip()
    assert "one pass" in err and "summary in zh_CN" in err


def test_save_keeps_the_document_and_summary_in_the_history(
    tiny: str, document: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", str(document), "--model", tiny, "--save", "--no-progress"]) == 0
    out, err = capsys.readouterr()
    assert "Summarizing" not in err and "(conversation " in err
    conversation_id = int(err.split("(conversation ")[1].split(")")[0])
    with ConversationStore() as store:
        conversation = store.get_conversation(conversation_id)
        messages = store.active_branch(conversation_id)
    assert (conversation.kind, conversation.title) == ("summarize", "report.md")
    assert messages[0].content == document.read_text(encoding="utf-8")
    assert (messages[1].status, messages[1].content) == ("complete", out[:-1])  # printed with a newline


@pytest.mark.parametrize(
    ("args", "stdin", "sentence"),
    [
        (["-"], b"", "Standard input is empty."),
        (["-"], b" \n\n \t", "Standard input contains no text."),
        (["{missing}"], None, "was not found."),
        (["{folder}"], None, "is a folder, not a file."),
        (["{doc}", "--lang", "xx"], None, "“xx” is not a language this app knows"),
        (["{binary}"], None, "binary.txt does not look like a text file."),
    ],
    ids=["empty-stdin", "blank-stdin", "missing-file", "folder", "unknown-lang", "binary"],
)
def test_odd_input_is_one_sentence_and_exit_code_1(
    args: list[str],
    stdin: bytes | None,
    sentence: str,
    tmp_path: Path,
    document: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    names = {
        "missing": str(tmp_path / "nope.txt"),
        "folder": str(tmp_path),
        "doc": str(document),
        "binary": str(tmp_path / "binary.txt"),
    }
    if stdin is not None:
        stdin_bytes(monkeypatch, stdin)
    code = main(["summarize", *[a.format(**names) for a in args], "--model", str(tmp_path / "no-model.gguf")])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("desk-assistant: ")
    assert sentence in err
    assert "Traceback" not in err


def test_ctrl_c_stops_prints_what_was_done_and_exits_130(tiny: str, document: Path, app_home: Path) -> None:
    env = {**os.environ, "DESK_ASSISTANT_HOME": str(app_home), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "desk_assistant", "summarize", str(document), "--model", tiny, "--save"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    seen: list[bytes] = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith(b"Summarizing part 3 of"):
            proc.send_signal(signal.SIGINT)
            break
    raw_out, rest = proc.communicate(timeout=120)
    out = raw_out.decode("utf-8")  # bytes: the tiny model's random text has carriage returns in it
    err = b"".join([*seen, rest]).decode("utf-8")
    assert proc.returncode == 130, err
    assert "### Part 1 of" in out and "### Part 2 of" in out
    assert "desk-assistant: stopped after " in err and "Traceback" not in err
    with ConversationStore() as store:
        conversation = store.list_conversations()[0]
        messages = store.active_branch(conversation.id)
    assert messages[1].status == "stopped"
    assert messages[1].content.strip() == out.strip()
    assert conversation.settings["chunks_done"] >= 2


# ---- the progress helper ------------------------------------------------------------------------------


def test_progress_is_plain_lines_when_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()
    with ProgressReporter(stream=stream) as reporter:
        for step in [
            Progress("count", 0, 1),
            Progress("map", 1, 2),
            Progress("map", 2, 2),
            Progress("final", 1, 1),
        ]:
            reporter(step)
    assert stream.getvalue().splitlines() == [
        "Counting tokens…",
        "Summarizing part 1 of 2…",
        "Summarizing part 2 of 2…",
        "Writing the summary…",
    ]
    assert len(reporter.steps) == 4


def test_progress_is_a_bar_on_a_terminal_closed_before_streamed_text() -> None:
    stream = io.StringIO()
    reporter = ProgressReporter(stream=stream, bar=True)
    for i in range(1, 13):
        reporter(Progress("map", i, 12))
    assert reporter._bar is not None and reporter._bar.n == 11
    reporter(Progress("reduce", 1, 3))
    reporter(Progress("final", 1, 1))
    assert reporter._bar is None  # closed: the summary streams to stdout on a clean line
    text = stream.getvalue()
    assert "Summarizing parts" in text and "11/12" in text and "Combining summaries" in text
    assert text.rstrip().endswith("Writing the summary…")


def test_no_progress_prints_nothing() -> None:
    stream = io.StringIO()
    reporter = ProgressReporter(stream=stream, enabled=False)
    reporter(Progress("map", 1, 3))
    assert stream.getvalue() == "" and reporter.steps == [Progress("map", 1, 3)]
