"""tasks/translate_files.py: .txt, .md and .docx translated into new files on the real engine (tiny model):
newline style and encodings, structure, run formatting, tables, headers and footers, links and fields,
the output name, never writing over a file unless told to, and never leaving half a file."""

from __future__ import annotations

import errno
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from desk_assistant.core.errors import InputError
from desk_assistant.inference.llama_engine import LlamaCppEngine
from desk_assistant.inference.types import LoadOptions
from desk_assistant.tasks.runtime import run_task
from desk_assistant.tasks.translate import SegmentTranslated, TranslateOptions
from desk_assistant.tasks.translate_files import (
    OutputExistsError,
    TranslateFile,
    output_path,
    write_atomically,
)
from tests.tasks.test_segments import _blocks
from tests.tasks.test_translate import DOC, KEPT_SPANS


@pytest.fixture(scope="module")
def engine(tiny_model: Path) -> Iterator[LlamaCppEngine]:
    eng = LlamaCppEngine(state_budget_bytes=0)
    eng.load(str(tiny_model), LoadOptions(context_size=2048, gpu_layers=0, threads=1))
    yield eng
    eng.unload()


def options(**changes: Any) -> TranslateOptions:
    return TranslateOptions("fr", **{"source": "en", "seed": 7, **changes})


LETTER = (
    "Dear customer,\n\nThank you for your order of the blue chair.\nIt leaves our store tomorrow.\n\n"
    "Kind regards,\nThe shop team\n"
)


def test_a_gbk_text_file_with_crlf_becomes_utf8_with_crlf(engine: LlamaCppEngine, tmp_path: Path) -> None:
    source = tmp_path / "letter.txt"
    source.write_bytes(LETTER.replace("\n", "\r\n").encode("gbk"))
    before = source.read_bytes()
    outcome = run_task(TranslateFile(source, options()), engine)
    assert outcome.path == tmp_path / "letter.fr.txt" and outcome.result.complete
    data = outcome.path.read_bytes()
    text = data.decode("utf-8")  # UTF-8 whatever the source was
    assert text.count("\r\n") == text.count("\n")  # every line ends in CRLF
    assert text.count("\r\n\r\n") == LETTER.count("\n\n")  # the same paragraphs
    assert text == outcome.result.document.replace("\n", "\r\n")
    assert source.read_bytes() == before


def test_chinese_gbk_source_is_read_right(engine: LlamaCppEngine, tmp_path: Path) -> None:
    source = tmp_path / "通知.txt"
    chinese = "今天下午三点开会，请大家准时参加。\n\n会议讨论明年的计划和预算。\n"
    source.write_bytes(chinese.encode("gbk"))
    task = TranslateFile(source, TranslateOptions("en", seed=3))
    translate = task.prepare()
    assert [s.source for s in translate.document.segments] == [  # type: ignore[union-attr]
        "今天下午三点开会，请大家准时参加。",
        "会议讨论明年的计划和预算。",
    ]
    assert translate.source_language == "zh_CN"
    outcome = run_task(task, engine)
    assert outcome.path.name == "通知.en.txt" and outcome.path.read_text(encoding="utf-8").count("\n\n") == 1


def test_a_markdown_file_keeps_its_structure(engine: LlamaCppEngine, tmp_path: Path) -> None:
    source = tmp_path / "guide.md"
    source.write_text(DOC, encoding="utf-8")
    out = tmp_path / "out" / "guide-fr.md"
    out.parent.mkdir()
    outcome = run_task(TranslateFile(source, options(), out=out), engine)
    written = out.read_text(encoding="utf-8")
    assert outcome.path == out and written == outcome.result.document
    assert _blocks(written) == _blocks(DOC)
    for span in KEPT_SPANS:
        assert written.count(span) == DOC.count(span)
    assert not (tmp_path / "guide.fr.md").exists()


def test_never_over_an_existing_file_unless_told(engine: LlamaCppEngine, tmp_path: Path) -> None:
    source = tmp_path / "note.txt"
    source.write_text("Please water the plants on Monday.\n", encoding="utf-8")
    existing = tmp_path / "note.fr.txt"
    existing.write_text("mine, keep it\n", encoding="utf-8")
    with pytest.raises(OutputExistsError, match=r"note\.fr\.txt already exists"):
        TranslateFile(source, options())
    assert existing.read_text(encoding="utf-8") == "mine, keep it\n"
    outcome = run_task(TranslateFile(source, options(), overwrite=True), engine)
    assert outcome.path == existing and existing.read_text(encoding="utf-8") != "mine, keep it\n"
    with pytest.raises(InputError, match="cannot replace its source"):
        TranslateFile(source, options(), out=source, overwrite=True)


def test_the_file_appearing_meanwhile_is_not_overwritten(engine: LlamaCppEngine, tmp_path: Path) -> None:
    source = tmp_path / "note.txt"
    source.write_text("Please water the plants on Monday.\n", encoding="utf-8")
    job = TranslateFile(source, options())
    (tmp_path / "note.fr.txt").write_text("created while translating\n", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        run_task(job, engine)
    assert (tmp_path / "note.fr.txt").read_text(encoding="utf-8") == "created while translating\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_a_full_disk_leaves_no_half_file(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"

    def save(path: Path) -> None:
        path.write_bytes(b"PK half a zip")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(InputError, match="could not be written \\(No space left on device\\)"):
        write_atomically(target, None, overwrite=False, save=save)
    assert list(tmp_path.iterdir()) == []


def test_stop_writes_what_was_done_with_the_rest_in_the_source(
    engine: LlamaCppEngine, tmp_path: Path
) -> None:
    source = tmp_path / "steps.md"
    paragraphs = [f"Step {n}: open the box and check every part of the kit carefully." for n in range(6)]
    source.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    cancel = threading.Event()

    def on_event(event: object) -> None:
        if isinstance(event, SegmentTranslated):
            cancel.set()

    outcome = run_task(
        TranslateFile(source, options(batch_tokens=16)), engine, cancel=cancel, on_event=on_event
    )
    assert outcome.stopped
    written = outcome.path.read_text(encoding="utf-8")
    assert paragraphs[-1] in written and paragraphs[0] not in written


@pytest.mark.parametrize("name", ["slides.pdf", "page.html", "data.xlsx"])
def test_other_file_types_are_refused_naming_the_supported_ones(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_bytes(b"x")
    with pytest.raises(InputError, match=r"translate a \.txt, \.md or \.docx file"):
        TranslateFile(tmp_path / name, options())


def test_a_broken_docx_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="could not be read as a Word document"):
        TranslateFile(tmp_path / "broken.docx", options()).prepare()


def test_output_name() -> None:
    assert output_path(Path("/a/report.docx"), "zh_CN") == Path("/a/report.zh_CN.docx")
    assert output_path(Path("/a/notes.en.md"), "fr") == Path("/a/notes.en.fr.md")
    assert output_path(Path("/a/x.md"), "fr", Path("/b/y.md")) == Path("/b/y.md")


# ---- .docx ---------------------------------------------------------------------------------------------


def add_hyperlink(paragraph: Any, text: str, url: str) -> None:
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def add_page_field(paragraph: Any) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    paragraph._p.append(field)


def write_report(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Quarterly report of the company", level=1)
    warning = document.add_paragraph()
    warning.add_run("Warning:").bold = True
    warning.add_run(" these numbers are not final and may still change.")
    mixed = document.add_paragraph("The results were ")
    mixed.add_run("very good").italic = True
    mixed.add_run(" and better than planned by the board.")
    linked = document.add_paragraph("Read the full text on ")
    add_hyperlink(linked, "our public website", "https://example.com/report")
    linked.add_run(" before the meeting starts.")
    document.add_paragraph("Hire engineers for the new office", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Region name", "Sales figures"), ("North side", "120")], strict=True):
        row.cells[0].text, row.cells[1].text = cells
    section = document.sections[0]
    section.header.paragraphs[0].text = "Confidential company document"
    footer = section.footer.paragraphs[0]
    footer.add_run("This is page ")
    add_page_field(footer)
    footer.add_run(" of the annual report")
    document.save(str(path))
    return path


def _formats(paragraph: Any) -> list[str]:
    return [run._r.rPr.xml if run._r.rPr is not None else "" for run in paragraph.runs]


def test_docx_paragraphs_tables_headers_footers_and_links_are_translated_in_place(
    engine: LlamaCppEngine, tmp_path: Path
) -> None:
    source = write_report(tmp_path / "report.docx")
    source_bytes = source.read_bytes()
    original = docx.Document(str(source))
    outcome = run_task(TranslateFile(source, options()), engine)
    assert outcome.path == tmp_path / "report.fr.docx" and outcome.result.complete
    result = docx.Document(str(outcome.path))

    before, after = original.paragraphs, result.paragraphs
    assert [p.style.name for p in after] == [p.style.name for p in before]  # styles and lists untouched
    for old, new in zip(before, after, strict=True):
        assert len(new.runs) == len(old.runs)
        assert _formats(new) == _formats(old)  # character formatting of every run kept
        if old.text.strip():
            assert new.text != old.text
    warning = after[1]
    assert warning.runs[0].bold and warning.runs[0].text  # the translation is in the bold first run
    assert warning.runs[1].text == ""
    assert after[2].runs[0].text and after[2].runs[1].text == "" and after[2].runs[1].italic

    link = after[3]._p.findall(qn("w:hyperlink"))
    assert len(link) == 1 and link[0].get(qn("r:id")) == before[3]._p.findall(qn("w:hyperlink"))[0].get(
        qn("r:id")
    )
    assert "".join(link[0].itertext()) not in ("", "our public website")  # its text was translated
    assert after[3].part.rels[link[0].get(qn("r:id"))].target_ref == "https://example.com/report"

    cells = [cell.text for row in result.tables[0].rows for cell in row.cells]
    assert cells[3] == "120"  # no letters: not sent
    old_cells = ["Region name", "Sales figures", "North side"]
    assert all(text and text != old for text, old in zip(cells[:3], old_cells, strict=True))
    header = result.sections[0].header.paragraphs[0].text
    assert header and header != "Confidential company document"
    footer = result.sections[0].footer.paragraphs[0]
    assert footer._p.findall(qn("w:fldSimple"))[0].get(qn("w:instr")) == "PAGE"  # the field stays
    assert footer.runs[0].text != "This is page "
    assert source.read_bytes() == source_bytes  # the original is untouched


def test_docx_refuses_to_overwrite_and_overwrites_when_told(engine: LlamaCppEngine, tmp_path: Path) -> None:
    source = write_report(tmp_path / "report.docx")
    run_task(TranslateFile(source, options()), engine)
    first = (tmp_path / "report.fr.docx").read_bytes()
    with pytest.raises(OutputExistsError, match=r"report\.fr\.docx already exists"):
        TranslateFile(source, options())
    assert (tmp_path / "report.fr.docx").read_bytes() == first
    outcome = run_task(TranslateFile(source, options(seed=99), overwrite=True), engine)
    assert outcome.path.read_bytes() != first
    docx.Document(str(outcome.path))  # a complete, readable file
