"""tasks/documents.py on real files built at test time: encodings, PDF, DOCX, HTML, and every refusal."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import docx
import pytest

from desk_assistant.core.errors import InputError
from desk_assistant.tasks import documents
from desk_assistant.tasks.documents import (
    MAX_TEXT_CHARS,
    SUPPORTED_SUFFIXES,
    Document,
    check_text,
    decode_text,
    read_document,
)
from tests.tasks.document_samples import (
    CHINESE_SIMPLIFIED,
    CHINESE_TRADITIONAL,
    FRENCH,
    encrypted_pdf_bytes,
    pdf_bytes,
    write_docx,
)

ROOT = Path(__file__).resolve().parents[2]


def refused(path: Path, *fragments: str) -> InputError:
    """read_document refuses ``path`` with one sentence naming the file (and containing ``fragments``)."""
    with pytest.raises(InputError) as info:
        read_document(path)
    return assert_sentence(info.value, path.name, *fragments)


def assert_sentence(err: InputError, name: str, *fragments: str) -> InputError:
    message = str(err)
    assert name in message
    assert "Traceback" not in message and "\n" not in message
    assert message.endswith("."), message
    assert err.template.startswith(("{name}", "Page {page}", "Reading {name}"))  # a translatable template
    for fragment in fragments:
        assert fragment in message, message
    return err


# ------------------------------------------------------------------------------------------ text files


def test_supported_suffixes_are_the_documented_ones() -> None:
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


def test_utf8_without_bom_keeps_text_and_normalizes_windows_newlines(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes("First line\r\nSecond 第二行\r\n\r\nOld Mac\rend".encode())
    doc = read_document(path)
    assert doc == Document(
        text="First line\nSecond 第二行\n\nOld Mac\nend", name="notes.txt", format="txt", encoding="utf-8"
    )


def test_utf8_with_bom_drops_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Zoë says 你好".encode())
    doc = read_document(path)
    assert doc.text == "Zoë says 你好"
    assert doc.encoding == "utf-8-sig"  # the codec that reads the file back exactly


def test_utf16_le_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes("Notepad saved this: 文本\r\nline two".encode("utf-16"))
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    doc = read_document(path)
    assert (doc.text, doc.encoding) == ("Notepad saved this: 文本\nline two", "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognized_by_its_nul_bytes(codec: str) -> None:
    text = "Exported from a database tool, 中文 included.\nSecond row"
    assert decode_text(text.encode(codec), "export.txt") == (text, codec)


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (CHINESE_SIMPLIFIED, "gbk", "gb18030"),
        ("你好，世界", "gbk", "gb18030"),
        ("请查收附件。\r\n谢谢！", "gbk", "gb18030"),
        (CHINESE_TRADITIONAL, "big5", "big5"),
        ("請查收附件。謝謝！", "big5", "big5"),
        (FRENCH, "cp1252", "cp1252"),
        ("café", "cp1252", "cp1252"),
        ("Déjà vu à l'hôtel, où l'été est très chaud.", "latin-1", "cp1252"),
        ("Zażółć gęślą jaźń. Łódź jest dużym miastem w Polsce, a Kraków też.", "cp1250", "cp1250"),
        ("Москва — столица России. Сегодня хорошая погода.", "cp1251", "cp1251"),
        ("日本語のテキストです。今日はいい天気ですね。", "cp932", "cp932"),
        ("안녕하세요", "cp949", "cp949"),
    ],
)
def test_legacy_encodings_decode_to_the_original_text(text: str, codec: str, expected: str) -> None:
    decoded, encoding = decode_text(text.encode(codec), "legacy.txt")
    assert decoded == text.replace("\r\n", "\n")
    assert encoding == expected


def test_gbk_and_big5_files_of_realistic_length(tmp_path: Path) -> None:
    for name, text, codec in [
        ("简体.txt", CHINESE_SIMPLIFIED, "gbk"),
        ("繁體.txt", CHINESE_TRADITIONAL, "big5"),
    ]:
        body = "\r\n\r\n".join([text] * 40)  # ~16 KB: a few pages of an article
        (tmp_path / name).write_bytes(body.encode(codec))
        doc = read_document(tmp_path / name)
        assert doc.text == body.replace("\r\n", "\n")
        assert doc.encoding in ("gb18030", "big5")


def test_large_gbk_file_decodes_quickly(tmp_path: Path) -> None:
    """Detection runs on a sample; the whole ~10 MB is decoded once with the answer."""
    path = tmp_path / "book.txt"
    body = (CHINESE_SIMPLIFIED + "\n") * (10_000_000 // len((CHINESE_SIMPLIFIED + "\n").encode("gbk")))
    path.write_bytes(body.encode("gbk"))
    start = time.perf_counter()
    doc = read_document(path)
    elapsed = time.perf_counter() - start
    assert doc.encoding == "gb18030" and doc.text == body
    assert elapsed < 2.0, f"{elapsed:.2f} s"  # ~0.1 s here; generous for a loaded CI machine


def test_markdown_is_read_verbatim(tmp_path: Path) -> None:
    source = (
        "# Title\n\n- item *one*\n- item `two`\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n```py\nx = 1\n```\n"
    )
    for suffix in (".md", ".markdown"):
        path = tmp_path / f"readme{suffix}"
        path.write_text(source, encoding="utf-8")
        doc = read_document(path)
        assert (doc.text, doc.format) == (source, "md")


def test_other_text_suffixes_are_read_as_text(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("name,city\nZoë,Zürich\n", encoding="cp1252")
    (tmp_path / "README").write_text("No suffix at all.\n", encoding="utf-8")
    assert read_document(tmp_path / "data.csv") == Document(
        "name,city\nZoë,Zürich\n", "data.csv", "txt", encoding="cp1252"
    )
    assert read_document(tmp_path / "README").text == "No suffix at all.\n"


# ------------------------------------------------------------------------------------------- bad input


def test_binary_renamed_txt_is_refused(tmp_path: Path) -> None:
    rng = random.Random(8)
    samples = {
        "random.txt": bytes(rng.randrange(256) for _ in range(4096)),  # NUL bytes on both sides
        "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(512)),
        "noise.txt": bytes(rng.randrange(1, 256) for _ in range(4096)),  # no NUL: no encoding fits
        "controls.txt": bytes(range(1, 32)) * 64,  # valid UTF-8, but control characters
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
        refused(tmp_path / name, "does not look like a text file")


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    refused(tmp_path / "empty.txt", "is empty")
    (tmp_path / "blank.md").write_bytes(b"\r\n  \t\n")
    refused(tmp_path / "blank.md", "contains no text")
    (tmp_path / "bom-only.txt").write_bytes(b"\xef\xbb\xbf")
    refused(tmp_path / "bom-only.txt", "contains no text")


def test_a_50_mb_file_is_refused_by_its_size_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        chunk = b"a\n" * (1024 * 1024)
        for _ in range(25):
            fh.write(chunk)
    assert path.stat().st_size == 50 * 1024 * 1024
    start = time.perf_counter()
    refused(path, "too large", "50 MB", "16 MB", "split")
    assert time.perf_counter() - start < 0.5


def test_pdf_over_the_file_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes(["Some text"]))
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 512)
    refused(path, "too large", "the limit is 0.5 KB")


def test_text_longer_than_the_limit_after_decoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(b"abcdefghi\n" * 1_100_000)  # 11 MB: under the byte limit, over the character one
    refused(path, "too long", "11,000,000 characters", "10,000,000")


def test_unsupported_types_say_which_work(tmp_path: Path) -> None:
    (tmp_path / "budget.xlsx").write_bytes(b"PK\x03\x04 not really")
    refused(tmp_path / "budget.xlsx", ".txt, .md, .html, .pdf or .docx")
    (tmp_path / "blob.dat").write_bytes(b"\x00\x01\x02\xff" * 100)
    refused(tmp_path / "blob.dat", ".txt, .md, .html, .pdf or .docx")


def test_missing_file_folder_and_fifo(tmp_path: Path) -> None:
    refused(tmp_path / "gone.txt", "was not found")
    (tmp_path / "folder.txt").mkdir()
    refused(tmp_path / "folder.txt", "is a folder")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block forever
    refused(tmp_path / "pipe.txt", "not a regular file")


# ----------------------------------------------------------------------------------------------- paste


def test_check_text_normalizes_and_keeps_everything_else() -> None:
    assert check_text("\ufeffa\r\nb\rc  \n", "Pasted text") == "a\nb\nc  \n"


def test_check_text_refuses_empty_whitespace_and_too_long() -> None:
    for text, fragment in [("", "is empty"), (" \r\n\t\u3000", "contains no text")]:
        with pytest.raises(InputError) as info:
            check_text(text, "Pasted text")
        assert_sentence(info.value, "Pasted text", fragment)
    assert len(check_text("x" * MAX_TEXT_CHARS, "Pasted text")) == MAX_TEXT_CHARS
    with pytest.raises(InputError) as info:
        check_text("x" * (MAX_TEXT_CHARS + 1), "Pasted text")
    assert_sentence(info.value, "Pasted text", "too long", "10,000,001", "10,000,000")


# ------------------------------------------------------------------------------------------------- PDF


def test_pdf_text_pages_in_order_joined_by_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes(["Quarterly report (draft)\nRevenue grew by 12%.", "", "Page three ends it."]))
    doc = read_document(path)
    assert doc == Document(
        "Quarterly report (draft)\nRevenue grew by 12%.\n\nPage three ends it.", "report.pdf", "pdf", pages=3
    )


def test_pdf_without_text_layer_is_called_scanned(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes(["", "", ""]))
    refused(path, "has no text layer", "OCR")


@pytest.mark.parametrize("algorithm", [None, "AES-128", "AES-256"])
def test_pdf_with_a_user_password_is_refused(tmp_path: Path, algorithm: str | None) -> None:
    path = tmp_path / "secret.pdf"
    path.write_bytes(encrypted_pdf_bytes(pdf_bytes(["Top secret"]), user_password="pw", algorithm=algorithm))
    refused(path, "is password-protected")


@pytest.mark.parametrize("algorithm", [None, "AES-128", "AES-256"])
def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path, algorithm: str | None) -> None:
    path = tmp_path / "locked.pdf"
    pdf = pdf_bytes(["Printing is restricted", "but reading is not"])
    path.write_bytes(encrypted_pdf_bytes(pdf, user_password="", owner_password="owner", algorithm=algorithm))
    assert b"/Encrypt" in path.read_bytes()
    doc = read_document(path)
    assert (doc.text, doc.pages) == ("Printing is restricted\n\nbut reading is not", 2)


def test_aes_pdf_without_the_cryptography_package_gets_a_sentence(tmp_path: Path) -> None:
    """pypdf needs `cryptography` for AES; without it the user is told so, not shown a DependencyError."""
    path = tmp_path / "aes.pdf"
    pdf = pdf_bytes(["AES"])
    path.write_bytes(encrypted_pdf_bytes(pdf, user_password="", owner_password="o", algorithm="AES-256"))
    script = (
        "import sys; sys.modules['cryptography'] = None\n"
        "from pathlib import Path\n"
        "from desk_assistant.core.errors import InputError\n"
        "from desk_assistant.tasks.documents import read_document\n"
        "try:\n    read_document(Path(sys.argv[1]))\n"
        "except InputError as err:\n    print(err)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert (
        out.stdout.strip()
        == "aes.pdf is encrypted with AES, and reading it needs the Python package cryptography."
    )


def test_truncated_and_fake_pdfs_are_refused(tmp_path: Path) -> None:
    pdf = pdf_bytes(["One", "Two"])
    for name, data in [("cut.pdf", pdf[: len(pdf) // 2]), ("tail.pdf", pdf[:-60]), ("fake.pdf", b"hello")]:
        (tmp_path / name).write_bytes(data)
        refused(tmp_path / name, "could not be read as a PDF")


class CancelAfter(threading.Event):
    """An Event that sets itself after ``checks`` looks: the reader must look between pages to notice."""

    def __init__(self, checks: int) -> None:
        super().__init__()
        self.checks = checks

    def is_set(self) -> bool:
        self.checks -= 1
        if self.checks < 0:
            self.set()
        return super().is_set()


def test_cancel_during_a_multi_page_pdf(tmp_path: Path) -> None:
    path = tmp_path / "book.pdf"
    path.write_bytes(pdf_bytes([f"Page {n}" for n in range(1, 41)]))
    assert read_document(path, cancel=threading.Event()).pages == 40
    cancel = CancelAfter(checks=5)
    with pytest.raises(InputError) as info:
        read_document(path, cancel=cancel)
    assert_sentence(info.value, "book.pdf", "Reading book.pdf was cancelled.")
    assert cancel.checks == -1  # stopped at the first look after it was set: page 6 was never read


# ------------------------------------------------------------------------------------------------ DOCX


def test_docx_structure_becomes_markdown_in_document_order(tmp_path: Path) -> None:
    doc = read_document(write_docx(tmp_path / "report.docx"))
    assert doc.format == "docx"
    assert doc.text == (
        "# Quarterly Report\n\n"
        "This report covers the first quarter.\n\n"
        "# Highlights\n\n"
        "- Revenue grew by 12%\n"
        "- Two new offices opened\n"
        "  - Nested detail\n\n"
        "## Numbers\n\n"
        "| Region | Sales |\n"
        "| --- | --- |\n"
        "| North | 120 |\n"
        "| South | 95 |\n\n"
        "The results were very good and better than planned.\n\n"
        "# Next steps\n\n"
        "1. Hire engineers\n"
        "1. Open a store"
    )


def test_docx_merged_cells_and_empty_document(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Both | columns"
    table.cell(0, 2).text = "C"
    for i, value in enumerate(("1", "2", "3")):
        table.cell(1, i).text = value
    document.save(str(tmp_path / "merged.docx"))
    assert read_document(tmp_path / "merged.docx").text == (
        "| Both \\| columns |  | C |\n| --- | --- | --- |\n| 1 | 2 | 3 |"
    )
    docx.Document().save(str(tmp_path / "blank.docx"))
    refused(tmp_path / "blank.docx", "contains no text")


def test_broken_docx_and_old_doc_are_refused(tmp_path: Path) -> None:
    data = write_docx(tmp_path / "good.docx").read_bytes()
    (tmp_path / "cut.docx").write_bytes(data[: len(data) // 2])
    refused(tmp_path / "cut.docx", "could not be read as a Word document")
    (tmp_path / "text.docx").write_bytes(b"just some text")
    refused(tmp_path / "text.docx", "could not be read as a Word document")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the header of an Office 97-2003 file
    for name in ("letter.doc", "renamed.docx"):
        (tmp_path / name).write_bytes(ole)
        refused(tmp_path / name, "old Word document (.doc)", "save it as .docx")


def test_a_docx_saved_as_doc_is_read(tmp_path: Path) -> None:
    (tmp_path / "mislabeled.doc").write_bytes(write_docx(tmp_path / "real.docx").read_bytes())
    doc = read_document(tmp_path / "mislabeled.doc")
    assert doc.format == "docx" and doc.text.startswith("# Quarterly Report")


# ------------------------------------------------------------------------------------------------ HTML

HTML_GB2312 = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>不应出现</title><style>body { color: red; }</style><script>var hidden = "脚本";</script></head>
<body>
<!-- a comment -->
<h1>本地模型  简介</h1>
<p>大型语言模型可以在
   笔记本电脑上运行。<br>第二行&nbsp;文字。</p>
<div>A <b>bold</b> word and <a href="#">a link</a>.</div>
<ul><li>第一项</li><li>第二项<ul><li>子项</li></ul></li></ul>
<ol start="3"><li><p>Three</p></li><li>Four</li></ol>
<table><tr><th>名称</th><th>数量</th></tr><tr><td>苹果</td><td>3</td></tr></table>
<pre>def f(x):
    return x</pre>
<noscript>Enable JavaScript</noscript><template><p>hidden</p></template>
<h2>结论</h2><p>谢谢。</p>
</body></html>"""


def test_html_with_a_gb2312_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(HTML_GB2312.encode("gbk"))
    doc = read_document(path)
    assert (doc.format, doc.encoding) == ("html", "gb18030")
    assert doc.text == (
        "# 本地模型 简介\n\n"
        "大型语言模型可以在笔记本电脑上运行。\n第二行 文字。\n\n"
        "A bold word and a link.\n\n"
        "- 第一项\n- 第二项\n  - 子项\n\n"
        "3. Three\n4. Four\n\n"
        "| 名称 | 数量 |\n| --- | --- |\n| 苹果 | 3 |\n\n"
        "```\ndef f(x):\n    return x\n```\n\n"
        "## 结论\n\n谢谢。"
    )


def test_html_without_a_charset_is_detected_and_an_empty_page_refused(tmp_path: Path) -> None:
    (tmp_path / "old.htm").write_bytes(f"<p>{FRENCH}</p>".encode("cp1252"))
    doc = read_document(tmp_path / "old.htm")
    assert (doc.text, doc.encoding) == (FRENCH, "cp1252")
    (tmp_path / "empty.html").write_text("<html><head><title>T</title></head><body> </body></html>")
    refused(tmp_path / "empty.html", "contains no text")
