"""A read-only view of Markdown that may be growing: a summary or a draft as it streams.

Rendering goes through ``markdown_render.StreamingMarkdown`` (finished blocks rendered once, the tail
again), at most ~12 times a second however fast text arrives; the view keeps following the end
unless the user scrolled up. Links open in the browser only after the user confirms; "Copy code"
anchors copy their block. Nothing is ever loaded: no image, style sheet or file, local or remote
(``loadResource`` answers nothing, where QTextBrowser would read local files). ``markdown()`` is
always the exact text given (copy, save, send to chat).
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

from desk_assistant.ui.markdown_render import StreamingMarkdown
from desk_assistant.ui.theme import current_theme

RENDER_INTERVAL_S = 0.08


class MarkdownView(QTextBrowser):
    copied = Signal(str)  # "code"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self._text = ""
        self._renderer = StreamingMarkdown(dark=current_theme() == "dark", copy_label=self.tr("Copy code"))
        self._code_blocks: list[str] = []
        self._links: list[str] = []
        self._last_render = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._render)

    def markdown(self) -> str:
        return self._text

    def loadResource(self, type: int, name: Any) -> Any:
        """Model output never loads anything (the renderer already makes images text)."""
        return None

    def set_markdown(self, text: str) -> None:
        """Show ``text`` now (a finished result, or a reset)."""
        self._text = text
        self._timer.stop()
        self._render()

    def append_markdown(self, text: str) -> None:
        """Add streamed text; rendering is throttled."""
        if not text:
            return
        self._text += text
        wait = RENDER_INTERVAL_S - (time.monotonic() - self._last_render)
        if wait <= 0:
            self._render()
        elif not self._timer.isActive():
            self._timer.start(int(wait * 1000) + 1)

    def _render(self) -> None:
        self._last_render = time.monotonic()
        bar = self.verticalScrollBar()
        following = bar.value() >= bar.maximum() - 4
        keep = bar.value()
        rendered = self._renderer.render(self._text)
        self._code_blocks, self._links = rendered.code_blocks, rendered.links
        self.setHtml(rendered.html)
        bar.setValue(bar.maximum() if following else keep)

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, number = url.toString().partition(":")
        if not number.isdigit():
            return
        index = int(number)
        if kind == "copy" and index < len(self._code_blocks):
            QGuiApplication.clipboard().setText(self._code_blocks[index])
            self.copied.emit("code")
        elif kind == "link" and index < len(self._links):
            target = self._links[index]
            answer = QMessageBox.question(
                self,
                self.tr("Open link"),
                self.tr("Open this link in your web browser?\n\n{url}").format(url=target),
            )
            if answer == QMessageBox.StandardButton.Yes:
                QDesktopServices.openUrl(QUrl(target))

    def flush(self) -> None:
        """Render what is pending now and stop the timer."""
        if self._timer.isActive():
            self._timer.stop()
            self._render()

    def hideEvent(self, event) -> None:
        self.flush()
        super().hideEvent(event)
