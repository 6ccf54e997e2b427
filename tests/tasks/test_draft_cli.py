"""`desk-assistant draft` and `desk-assistant rewrite` on the tiny model: results on stdout, progress on
stderr, the draft kept with --save, odd input as one sentence (exit 1), Ctrl+C as Stop (exit 130)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desk_assistant.cli import main
from desk_assistant.storage.store import ConversationStore
from desk_assistant.tasks.draft_store import DraftStore

# main() sets logging up once per process: each run here gets a fresh setup
pytestmark = pytest.mark.usefixtures("fresh_logging")


@pytest.fixture
def outline_file(tmp_path: Path) -> Path:
    path = tmp_path / "outline.md"
    path.write_text("1. Shade: cooler streets\n2. Cost\n3. What to do\n", encoding="utf-8")
    return path


def stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def one_sentence(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("desk-assistant: ") and "Traceback" not in err
    return lines[0]


# ---- draft -----------------------------------------------------------------------------------------------


def test_outline_only_prints_the_outline(tiny: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["draft", "--brief", "Trees in cities", "--model", tiny, "--outline-only", "--seed", "2"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("# ") or out.startswith("1. ")  # the tiny model's random lines, as an outline
    assert "Writing the outline…" in err


def test_a_draft_from_an_outline_streams_sections_and_is_saved(
    tiny: str, outline_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "draft", "--kind", "blog_post", "--brief", "Trees in cities", "--length", "short",
            "--key-point", "shade", "--key-point", "cost", "--outline", str(outline_file),
            "--model", tiny, "--seed", "4", "--save", "-v",
        ]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("## Shade\n\n")
    assert out.index("## Shade") < out.index("## Cost") < out.index("## What to do")
    progress = [line for line in err.splitlines() if line.startswith("Writing section")]
    assert progress == [f"Writing section {i} of 3…" for i in (1, 2, 3)]
    assert "tokens/s" in err  # -v: the stats
    draft_id = int(err.rsplit("(draft ", 1)[1].split(")")[0])
    with ConversationStore() as store:
        draft = DraftStore(store).load(draft_id)
    assert draft.brief.kind == "blog_post" and draft.brief.key_points == ("shade", "cost")
    assert draft.outline is not None and [s.title for s in draft.outline] == ["Shade", "Cost", "What to do"]
    assert len(draft.sections) == 3
    for section in draft.outline:
        assert draft.sections[section.id].text in out


def test_write_in_one_go(tiny: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["draft", "--kind", "poem", "--brief", "The sea", "--whole", "--model", tiny, "--seed", "1"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip() and "Writing the outline" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--brief", "   "], "The brief is empty"),
        (["--brief", "x", "--kind", "sonnet"], "“sonnet” is not a kind of draft"),
        (["--brief", "x", "--lang", "xx-yy"], "“xx-yy” is not a language"),
        (["--brief", "x", "--outline", "/no/such/outline.md"], "outline.md was not found"),
    ],
)
def test_odd_draft_input_is_one_sentence(
    tiny: str, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["draft", *args, "--model", tiny]) == 1
    assert message in one_sentence(capsys.readouterr().err)


def test_an_empty_outline_file_and_an_empty_stdin_brief(
    tiny: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "plan.md"
    empty.write_text("---\n", encoding="utf-8")
    assert main(["draft", "--brief", "x", "--outline", str(empty), "--model", tiny]) == 1
    assert "plan.md has no outline in it" in one_sentence(capsys.readouterr().err)
    stdin_bytes(monkeypatch, b"  \n")
    assert main(["draft", "--brief", "-", "--model", tiny]) == 1
    assert "The brief is empty" in one_sentence(capsys.readouterr().err)


def test_ctrl_c_stops_the_draft_keeps_what_was_written_and_exits_130(
    tiny: str, outline_file: Path, app_home: Path
) -> None:
    env = {**os.environ, "DESK_ASSISTANT_HOME": str(app_home), "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable, "-m", "desk_assistant", "draft", "--brief", "Trees", "--outline", str(outline_file),
        "--length", "long", "--model", tiny, "--save",
    ]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    seen: list[bytes] = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith(b"Writing section 2 of"):
            proc.send_signal(signal.SIGINT)
            break
    raw_out, rest = proc.communicate(timeout=120)
    out = raw_out.decode("utf-8")
    err = b"".join([*seen, rest]).decode("utf-8")
    assert proc.returncode == 130, err
    assert "## Shade" in out and "## What to do" not in out
    assert "desk-assistant: stopped after 2 of 3 sections" in err and "Traceback" not in err
    with ConversationStore() as store:
        (conversation,) = store.list_conversations(kind="draft")
        draft = DraftStore(store).load(conversation.id)
    assert draft.sections["s2"].state == "stopped" and "s3" not in draft.sections


# ---- rewrite ---------------------------------------------------------------------------------------------


def test_rewrite_a_file_to_stdout(tiny: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "note.txt"
    path.write_text("The cat sit on the mat. It were happy.\n", encoding="utf-8")
    code = main(["rewrite", "--how", "grammar", str(path), "--model", tiny, "--seed", "1", "-v"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip()
    assert "Rewriting…" in err and "prompt lookup:" in err and "tokens per decode" in err


def test_rewrite_stdin_as_a_diff(
    tiny: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_bytes(monkeypatch, b"Bonjour tout le monde.")
    code = main(
        ["rewrite", "--how", "translate", "--to", "en", "-", "--diff", "--model", tiny, "--seed", "1"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "[-Bonjour" in out and "{+" in out


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        (["--how", "grammar"], "", "note.txt is empty"),
        (["--how", "tone"], "Hello there.", "Say which tone"),
        (["--how", "translate", "--to", "xx-yy"], "Hello there.", "“xx-yy” is not a language"),
        (
            ["--how", "improve", "--context-size", "1024"],
            "Words. " * 300,
            "too long for this model to rewrite",
        ),
    ],
)
def test_odd_rewrite_input_is_one_sentence(
    tiny: str, tmp_path: Path, args: list[str], content: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "note.txt"
    path.write_text(content, encoding="utf-8")
    assert main(["rewrite", *args, str(path), "--model", tiny]) == 1
    assert message in one_sentence(capsys.readouterr().err.replace("Rewriting…\n", ""))


def test_ctrl_c_stops_a_rewrite_and_exits_130(tiny: str, tmp_path: Path, app_home: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("This sentence is long enough to take a while. " * 13, encoding="utf-8")
    env = {**os.environ, "DESK_ASSISTANT_HOME": str(app_home), "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "desk_assistant",
        "rewrite",
        "--how",
        "improve",
        str(path),
        "--model",
        tiny,
    ]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    first = proc.stderr.readline()
    assert first == "Rewriting…\n".encode()
    proc.send_signal(signal.SIGINT)
    _out, rest = proc.communicate(timeout=120)
    assert proc.returncode == 130, rest
    assert "desk-assistant: stopped; the text so far is printed above." in rest.decode("utf-8")
