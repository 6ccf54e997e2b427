"""Real sample documents built at test time: PDFs (plain, blank, encrypted), DOCX, text in many encodings.

The PDF writer lays out a real file by hand (catalog, page tree, Helvetica, one text stream per page,
a correct xref table) so the test controls exactly what text is on which page; encryption goes through
pypdf's writer, as a real encrypted file would be made.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from pypdf import PdfReader, PdfWriter

# Realistic sentences for encoding tests (a news-like paragraph each).
CHINESE_SIMPLIFIED = (
    "人工智能正在改变我们的工作和生活方式。许多公司开始在本地电脑上运行大型语言模型，"
    "用来总结文档、翻译文本和起草文章。这样做的好处是数据不会离开用户的设备，"
    "隐私得到了更好的保护。然而，在普通笔记本电脑上运行这些模型仍然面临内存和速度的挑战，"
    "开发者需要在模型大小、回答质量和响应时间之间找到平衡。"
)
CHINESE_TRADITIONAL = (
    "人工智慧正在改變我們的工作和生活方式。許多公司開始在本地電腦上執行大型語言模型，"
    "用來總結文件、翻譯文字和起草文章。這樣做的好處是資料不會離開使用者的裝置，"
    "隱私得到了更好的保護。然而，在一般筆記型電腦上執行這些模型仍然面臨記憶體和速度的挑戰，"
    "開發者需要在模型大小、回答品質和回應時間之間找到平衡。"
)
FRENCH = (
    "L'été dernier, nous sommes allés à la bibliothèque près du château. Où est le café ? "
    "Élodie a préparé une crème brûlée délicieuse, et Noël approche déjà : ça passe très vite !"
)


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def pdf_bytes(pages: list[str]) -> bytes:
    """A valid PDF 1.4 with one page per string, each line of it drawn in Helvetica 12 pt.

    An empty string makes a page with no text at all (what a scanned page looks like to a text reader).
    """
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(pages)))
        + b"] /Count %d >>" % len(pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, text in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        if text:
            lines = b" T* ".join(_pdf_string(line) + b" Tj" for line in text.split("\n"))
            stream = b"BT /F1 12 Tf 16 TL 72 720 Td " + lines + b" ET"
        else:
            stream = b""
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def encrypted_pdf_bytes(
    pdf: bytes, *, user_password: str, owner_password: str | None = None, algorithm: str | None = None
) -> bytes:
    """``pdf`` encrypted by pypdf: RC4-128 by default, or ``algorithm`` ("AES-128", "AES-256")."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_docx(path: Path) -> Path:
    """A report with a title, headings, a bullet list, a numbered list, a table and mixed runs."""
    document = docx.Document()
    document.add_heading("Quarterly Report", level=0)
    document.add_paragraph("This report covers the first quarter.")
    document.add_heading("Highlights", level=1)
    for item in ("Revenue grew by 12%", "Two new offices opened"):
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph("Nested detail", style="List Bullet 2")
    document.add_heading("Numbers", level=2)
    table = document.add_table(rows=3, cols=2)
    rows = [("Region", "Sales"), ("North", "120"), ("South", "95")]
    for row, (region, sales) in zip(table.rows, rows, strict=True):
        row.cells[0].text = region
        row.cells[1].text = sales
    paragraph = document.add_paragraph("The results were ")
    paragraph.add_run("very good").bold = True
    paragraph.add_run(" and ")
    paragraph.add_run("better than planned").italic = True
    paragraph.add_run(".")
    document.add_heading("Next steps", level=1)
    for item in ("Hire engineers", "Open a store"):
        document.add_paragraph(item, style="List Number")
    document.save(str(path))
    return path
