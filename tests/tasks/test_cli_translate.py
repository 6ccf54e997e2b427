"""`desk-assistant translate` on the tiny model: stdout or a new file, progress and glossary news on
stderr, odd input as one sentence (exit 1, before any model is loaded), Ctrl+C as Stop (exit 130)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from desk_assistant.cli import main
from desk_assistant.storage.store import ConversationStore
from tests.tasks.test_segments import _blocks
from tests.tasks.test_translate import DOC, KEPT_SPANS
from tests.tasks.test_translate_files import write_report

# main() sets logging up once per process: each run here gets a fresh setup
pytestmark = pytest.mark.usefixtures("fresh_logging")


def stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_markdown_is_translated_to_stdout_with_progress_on_stderr(
    tiny: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_bytes(monkeypatch, DOC.encode("utf-8"))
    code = main(["translate", "-", "--to", "fr", "--model", tiny, "--seed", "3", "-v"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert _blocks(out) == _blocks(DOC)
    for span in KEPT_SPANS:
        assert out.count(span) == DOC.count(span)
    lines = err.splitlines()
    progress = [line for line in lines if line.startswith("Translating part ")]
    assert progress and progress[0].startswith("Translating part 1 of ")
    assert any(" of 15 segments" in line and "tokens/s" in line for line in lines)


def test_a_docx_is_written_beside_it_and_never_over_it_without_overwrite(
    tiny: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_report(tmp_path / "report.docx")
    assert main(["translate", str(source), "--to", "de", "--model", tiny, "--no-progress"]) == 0
    out, err = capsys.readouterr()
    target = tmp_path / "report.de.docx"
    assert out == "" and f"written to {target}" in err
    first = target.read_bytes()
    docx.Document(str(target))
    assert main(["translate", str(source), "--to", "de", "--model", tiny]) == 1
    out, err = capsys.readouterr()
    assert err == f"desk-assistant: {target} already exists; choose another name or allow replacing it.\n"
    assert target.read_bytes() == first
    assert main(["translate", str(source), "--to", "de", "--model", tiny, "--overwrite", "--seed", "8"]) == 0
    assert target.read_bytes() != first


def test_a_text_file_goes_to_out(tiny: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("First note about the garden.\n\nSecond note about the kitchen.\n", encoding="utf-8")
    out_path = tmp_path / "notes-es.txt"
    code = main(
        ["translate", str(source), "--to", "es", "--out", str(out_path), "--model", tiny, "--no-progress"]
    )
    out, _err = capsys.readouterr()
    assert code == 0 and out == ""
    assert out_path.read_text(encoding="utf-8").count("\n\n") == 1


def test_glossary_bad_lines_and_misses_are_reported(
    tiny: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    glossary = tmp_path / "terms.txt"
    glossary.write_text("window = Fenster\nno separator\nmodel\tModell\n= nothing\n", encoding="utf-8")
    stdin_bytes(monkeypatch, b"Choose a model in the list.\n\nThe window opens at once.\n")
    code = main(
        ["translate", "-", "--to", "de", "--glossary", str(glossary), "--model", tiny, "--no-progress"]
    )
    out, err = capsys.readouterr()
    assert code == 0 and out.count("\n\n") == 1
    lines = err.splitlines()
    assert lines[0].startswith("desk-assistant: Glossary lines 2, 4 were skipped")
    assert lines[0].endswith("the other 2 pairs are used.")
    assert lines[1] == (
        "desk-assistant: the translation does not use these glossary terms: "
        "“model” → “Modell” (segment 1); “window” → “Fenster” (segment 2)."
    )


def test_save_keeps_the_text_and_translation(
    tiny: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "guide.md"
    source.write_text(DOC, encoding="utf-8")
    assert main(["translate", str(source), "--to", "fr", "--model", tiny, "--save", "--no-progress"]) == 0
    out, _err = capsys.readouterr()
    with ConversationStore() as store:
        conversation = store.list_conversations()[0]
        question, answer = store.active_branch(conversation.id)
    assert (conversation.kind, conversation.title) == ("translate", "guide.md")
    assert question.content == DOC and answer.status == "complete" and answer.content == out
    assert conversation.settings["target"] == "fr" and len(conversation.settings["translations"]) == 15


@pytest.mark.parametrize(
    ("args", "stdin", "sentence"),
    [
        (["-", "--to", "fr"], b"", "Standard input is empty."),
        (["-", "--to", "xx"], b"text", "“xx” is not a language that can be chosen"),
        (["-", "--to", "fr", "--from", "fr"], b"text", "both French"),
        (["-", "--to", "fr"], "Bonjour à tous, ce texte est déjà en français.".encode(), "already in French"),
        (["-", "--to", "fr"], b"```\ncode()\n```\n", "nothing to translate"),
        (["{missing}", "--to", "fr"], None, "was not found."),
        (["{pdf}", "--to", "fr"], None, "translate a .txt, .md or .docx file."),
        (["{doc}", "--to", "fr", "--glossary", "{missing}"], None, "The glossary nope.txt was not found."),
        (["-", "--to", "fr", "--out", "{pdf}"], b"text", "written as .txt or .md"),
    ],
    ids=["empty", "language", "same", "already", "code-only", "missing", "pdf", "glossary", "out-type"],
)
def test_odd_input_is_one_sentence_and_exit_code_1(
    args: list[str],
    stdin: bytes | None,
    sentence: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "doc.md").write_text("A short English text to translate.\n", encoding="utf-8")
    names = {
        "missing": str(tmp_path / "nope.txt"),
        "pdf": str(tmp_path / "slides.pdf"),
        "doc": str(tmp_path / "doc.md"),
    }
    if stdin is not None:
        stdin_bytes(monkeypatch, stdin)
    # no model file: the input is refused before any model is loaded
    code = main(["translate", *[a.format(**names) for a in args], "--model", str(tmp_path / "no-model.gguf")])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("desk-assistant: ")
    assert sentence in err
    assert "Traceback" not in err


def test_ctrl_c_stops_keeps_what_was_done_and_exits_130(tiny: str, tmp_path: Path, app_home: Path) -> None:
    source = tmp_path / "long.md"
    paragraphs = [f"Paragraph {n} tells how the river runs past the quiet fields." for n in range(40)]
    source.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    env = {**os.environ, "DESK_ASSISTANT_HOME": str(app_home), "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable, "-m", "desk_assistant", "translate", str(source), "--to", "fr", "--model", tiny,
        "--save", "--from", "en",
    ]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    seen: list[bytes] = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith(b"Translating part 3 of"):
            proc.send_signal(signal.SIGINT)
            break
    raw_out, rest = proc.communicate(timeout=120)
    out = raw_out.decode("utf-8")
    err = b"".join([*seen, rest]).decode("utf-8")
    assert proc.returncode == 130, err
    assert "desk-assistant: stopped after " in err and "Traceback" not in err
    assert paragraphs[-1] in out and paragraphs[0] not in out  # done part translated, the rest as it was
    assert out.count("\n\n") == len(paragraphs) - 1
    with ConversationStore() as store:
        conversation = store.list_conversations()[0]
        answer = store.active_branch(conversation.id)[1]
    assert answer.status == "stopped" and answer.content == out.rstrip("\n") + (
        "\n" if out.endswith("\n") else ""
    )
