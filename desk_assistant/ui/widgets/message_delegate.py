"""Paints a message row from cached QTextDocuments (header, Markdown body, action links).

Heights: rows never painted get a cheap estimate from their text length; a row's exact height is
computed when it is painted (or by the view's idle pre-render), and the view lays out again only
when it differs. So opening a 1,000-message conversation renders only the rows on screen.

A streaming answer is a stack of documents: the header, one per finished Markdown chunk (rendered
and laid out once), and the unfinished tail (the only one redone on each update). Its height hint
grows in steps of a few lines, so the list is not laid out again for every new line.
"""

from __future__ import annotations

import html
import math
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPainter, QPalette, QPen, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desk_assistant.ui.markdown_render import DARK, LIGHT, Rendered, StreamingMarkdown, render_markdown
from desk_assistant.ui.widgets.message_model import MessageItem

MARGIN_X = 14
MARGIN_Y = 5
PAD = 10
CHROME_Y = 2 * (MARGIN_Y + PAD)  # vertical space around a row's documents
KEEP_DOCUMENTS = 120  # rows whose laid-out documents stay in memory (the rest keep only heights)
STREAM_HEIGHT_STEP = 96  # a streaming row's height hint grows in steps this big (px)
ModelIndex = QModelIndex | QPersistentModelIndex


class SafeTextDocument(QTextDocument):
    """A document that never loads anything: no images, no style sheets, no URLs."""

    def loadResource(self, type: int, name: Any) -> Any:
        return None


def footer_actions(item: MessageItem, is_last: bool) -> list[str]:
    """The actions a message offers under its text (the view's context menu offers the same)."""
    if item.streaming:
        return []
    actions = ["copy"]
    if item.role == "user":
        actions.append("edit")
    elif item.role == "assistant":
        actions.append("regen")
        if is_last and item.content:
            actions.append("cont")
    actions.append("delete")
    if item.sibling_count > 1:
        actions += ["prev", "next"]
    return actions


def action_labels() -> dict[str, str]:
    """The words of the actions, in the UI language."""
    return _labels()


def _labels() -> dict[str, str]:
    # literal strings so lupdate finds them
    return {
        "user": QCoreApplication.translate("MessageDelegate", "You"),
        "assistant": QCoreApplication.translate("MessageDelegate", "Assistant"),
        "system": QCoreApplication.translate("MessageDelegate", "System"),
        "stopped": QCoreApplication.translate("MessageDelegate", "stopped"),
        "error": QCoreApplication.translate("MessageDelegate", "failed"),
        "streaming": QCoreApplication.translate("MessageDelegate", "writing…"),
        "interrupted": QCoreApplication.translate("MessageDelegate", "interrupted"),
        "copy": QCoreApplication.translate("MessageDelegate", "Copy"),
        "copy_code": QCoreApplication.translate("MessageDelegate", "Copy code"),
        "edit": QCoreApplication.translate("MessageDelegate", "Edit"),
        "delete": QCoreApplication.translate("MessageDelegate", "Delete"),
        "regen": QCoreApplication.translate("MessageDelegate", "Regenerate"),
        "cont": QCoreApplication.translate("MessageDelegate", "Continue"),
        "prev": QCoreApplication.translate("MessageDelegate", "Previous version"),
        "next": QCoreApplication.translate("MessageDelegate", "Next version"),
        "empty": QCoreApplication.translate("MessageDelegate", "(no text)"),
    }


_STYLE = """
pre, code { font-family: monospace; }
pre { margin: 0px; }
h1 { font-size: x-large; } h2 { font-size: large; } h3 { font-size: medium; }
p { margin-top: 0px; margin-bottom: 8px; }
"""


class MessageDelegate(QStyledItemDelegate):
    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self._view = view
        self.dark = False
        self._labels = _labels()
        self._theme = 0  # bumped when theme or language change: every row renders again
        self._width = 400
        self._kept: OrderedDict[int, MessageItem] = OrderedDict()  # LRU of rows holding documents
        self._pending = False
        self._notify = QTimer(self)
        self._notify.setSingleShot(True)
        self._notify.setInterval(0)
        self._notify.timeout.connect(self._emit_size_change)

    # --- theme / language / width ----------------------------------------------------------
    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        self._theme += 1

    def refresh_labels(self) -> None:
        self._labels = _labels()
        self._theme += 1

    def set_viewport_width(self, width: int) -> bool:
        """Returns True when the text width changed (rows need new heights)."""
        text_width = max(80, width - 2 * (MARGIN_X + PAD))
        changed = text_width != self._width
        self._width = text_width
        return changed

    def text_width(self) -> int:
        return self._width

    @property
    def pal(self) -> Any:
        return DARK if self.dark else LIGHT

    def _items(self) -> list[MessageItem]:
        return self._view.model().items  # type: ignore[attr-defined]

    # --- documents --------------------------------------------------------------------------
    def _new_doc(self, html_text: str) -> QTextDocument:
        doc = SafeTextDocument()
        doc.setDocumentMargin(0)
        doc.setUndoRedoEnabled(False)
        doc.setDefaultFont(self._view.font())
        doc.setDefaultStyleSheet(_STYLE)
        doc.setHtml(html_text)
        doc.setTextWidth(self._width)
        return doc

    def rendered(self, item: MessageItem) -> Rendered | None:
        return item.cache.get("rendered")

    def documents(self, item: MessageItem, is_last: bool, keep: bool = True) -> list[QTextDocument]:
        """The row's documents, built if its look changed and laid out at the current width.

        Only the ``KEEP_DOCUMENTS`` rows used last keep their documents (~60 KB each); with
        ``keep=False`` (measuring rows off screen) they are freed at once."""
        cache = item.cache
        key = (item.version, self._theme, is_last)
        if cache.get("key") != key or "docs" not in cache:
            if item.streaming or "stream" in cache:
                # an answer that streamed here keeps its chunk documents when it ends: no
                # full re-render of a long answer at the moment it finishes
                self._build_streaming(item, is_last)
            else:
                for name in ("stream", "chunk_docs", "tail_doc", "header_doc"):
                    cache.pop(name, None)
                rendered = self._render_body(item)
                doc = self._new_doc(self._header(item) + rendered.html + self._footer(item, is_last))
                cache.update(docs=[doc], rendered=rendered)
            cache["key"] = key
            cache["width"] = None
        docs: list[QTextDocument] = cache["docs"]
        if cache["width"] != self._width:
            for doc in docs:
                if doc.textWidth() != self._width:
                    doc.setTextWidth(self._width)
            cache["height"] = sum(math.ceil(doc.size().height()) for doc in docs)
            cache["width"] = self._width
        if keep:
            self._kept[id(item)] = item
            self._kept.move_to_end(id(item))
            while len(self._kept) > KEEP_DOCUMENTS:
                _, old = self._kept.popitem(last=False)
                if not old.streaming:
                    self._drop_documents(old)
        elif id(item) not in self._kept:
            self._drop_documents(item)
        return docs

    def forget_documents(self) -> None:
        """The rows are going away (another conversation): hold none of their documents."""
        self._kept.clear()

    @staticmethod
    def _drop_documents(item: MessageItem) -> None:
        """Free a row's documents; its height stays known, so the list layout does not change."""
        for name in ("docs", "rendered", "stream", "chunk_docs", "tail_doc", "header_doc"):
            item.cache.pop(name, None)

    def _build_streaming(self, item: MessageItem, is_last: bool) -> None:
        cache = item.cache
        stream = cache.get("stream")
        if stream is None or stream.dark != self.dark or stream.copy_label != self._labels["copy_code"]:
            stream = cache["stream"] = StreamingMarkdown(dark=self.dark, copy_label=self._labels["copy_code"])
            cache["chunk_docs"] = []
        cache["header_doc"] = self._new_doc(self._header(item))  # tiny; status changes as it ends
        chunks, tail = stream.update(item.content)
        chunk_docs: list[QTextDocument] = cache["chunk_docs"]
        if len(chunk_docs) > len(chunks):  # the text was replaced: start the chunks over
            chunk_docs.clear()
        while len(chunk_docs) < len(chunks):  # finished chunks: rendered and laid out once
            chunk_docs.append(self._new_doc(chunks[len(chunk_docs)]))
        tail_doc = cache.get("tail_doc")
        if tail_doc is None:
            tail_doc = cache["tail_doc"] = self._new_doc("")
        tail_doc.setHtml(tail.html + self._footer(item, is_last))
        tail_doc.setTextWidth(self._width)
        cache["docs"] = [cache["header_doc"], *chunk_docs, tail_doc]
        cache["rendered"] = tail  # its code_blocks / links cover the whole text

    def _render_body(self, item: MessageItem) -> Rendered:
        text = item.content
        if not text.strip():
            empty = html.escape(self._labels["empty"])
            return Rendered(html=f'<p style="color:{self.pal.muted};">{empty}</p>')
        if item.role == "user":
            # what the user typed is shown as typed (no Markdown surprises), line breaks kept
            body = html.escape(text).replace("\n", "<br>")
            return Rendered(html=f'<p style="white-space:pre-wrap;">{body}</p>')
        return render_markdown(text, dark=self.dark, copy_label=self._labels["copy_code"])

    def _header(self, item: MessageItem) -> str:
        lab = self._labels
        who = html.escape(lab.get(item.role, item.role))
        status = ""
        if item.streaming:
            status = lab["streaming"]
        elif item.status in ("stopped", "error"):
            status = lab[item.status]
        elif item.status == "streaming":  # left over from a crash, recovered by the store
            status = lab["interrupted"]
        extra = f' <span style="color:{self.pal.muted};">· {html.escape(status)}</span>' if status else ""
        return f'<p style="margin-bottom:4px;"><b>{who}</b>{extra}</p>'

    def _footer(self, item: MessageItem, is_last: bool) -> str:
        lab = self._labels
        pal = self.pal
        parts: list[str] = []
        if item.error:
            parts.append(f'<p style="color:#d1242f;">⚠ {html.escape(item.error)}</p>')
        if item.streaming:
            return "".join(parts)

        def link(action: str, text: str) -> str:
            return (
                f'<a href="act:{action}" style="color:{pal.link}; text-decoration:none;">'
                f"{html.escape(text)}</a>"
            )

        offered = footer_actions(item, is_last)
        actions = [link(action, lab[action]) for action in offered if action not in ("prev", "next")]
        if "prev" in offered:
            actions.append(
                f'<a href="act:prev" title="{html.escape(lab["prev"])}" '
                f'style="color:{pal.link}; text-decoration:none;">&nbsp;‹&nbsp;</a>'
                f"{item.sibling_index + 1}/{item.sibling_count}"
                f'<a href="act:next" title="{html.escape(lab["next"])}" '
                f'style="color:{pal.link}; text-decoration:none;">&nbsp;›&nbsp;</a>'
            )
        parts.append(
            f'<p style="margin-top:6px; font-size:small; color:{pal.muted};">'
            + "&nbsp;&nbsp;·&nbsp;&nbsp;".join(actions)
            + "</p>"
        )
        return "".join(parts)

    # --- heights ------------------------------------------------------------------------------
    def _row_height(self, item: MessageItem) -> int:
        height = item.cache["height"] + CHROME_Y
        if item.streaming:  # grow in steps: fewer layouts of the whole list while text arrives
            height = math.ceil(height / STREAM_HEIGHT_STEP) * STREAM_HEIGHT_STEP
        return height

    def is_exact(self, item: MessageItem, row: int) -> bool:
        cache = item.cache
        is_last = row == len(self._items()) - 1
        return cache.get("key") == (item.version, self._theme, is_last) and cache.get("width") == self._width

    def ensure_exact(self, row: int, keep: bool = True) -> bool:
        """Render row ``row`` now; True when its height differs from what the view was told."""
        item = self._items()[row]
        self.documents(item, row == len(self._items()) - 1, keep)
        return item.cache.get("hinted") != self._row_height(item)

    def _estimate(self, item: MessageItem) -> int:
        """A cheap guess from the text (no rendering) for rows never painted yet."""
        cache = item.cache
        if cache.get("height") and cache.get("width"):  # laid out before at another width
            return int(cache["height"] * cache["width"] / self._width) + CHROME_Y
        metrics = self._view.fontMetrics()
        per_line = max(10, self._width // max(1, metrics.averageCharWidth()))
        lines = sum(1 + len(ln) // per_line for ln in item.content.splitlines()) or 1
        return (lines + 3) * metrics.lineSpacing() + CHROME_Y

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        # Called for every row at every layout of the list: keep it a few dictionary look-ups.
        items = self._items()
        row = index.row()
        if not 0 <= row < len(items):
            return QSize(self._width, 0)
        item = items[row]
        cache = item.cache
        if self.is_exact(item, row):
            height = self._row_height(item)
        elif cache.get("estimate_for") == (item.version, self._width):
            height = cache["estimate"]
        else:
            height = self._estimate(item)
            cache["estimate_for"], cache["estimate"] = (item.version, self._width), height
        cache["hinted"] = height
        return QSize(self._width + 2 * (MARGIN_X + PAD), height)

    def _emit_size_change(self) -> None:
        self._pending = False
        if self._items():  # one signal is enough: the view lays out all rows again
            self.sizeHintChanged.emit(self._view.model().index(0, 0))

    def schedule_size_change(self) -> None:
        if not self._pending:
            self._pending = True
            self._notify.start()

    # --- painting -------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        items = self._items()
        row = index.row()
        if not 0 <= row < len(items):
            return
        item = items[row]
        docs = self.documents(item, row == len(items) - 1)
        if item.cache.get("hinted") != self._row_height(item):
            self.schedule_size_change()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bubble = QRectF(option.rect).adjusted(MARGIN_X, MARGIN_Y, -MARGIN_X, -MARGIN_Y)
        if item.role == "user":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#2b3440" if self.dark else "#eef3fa"))
            painter.drawRoundedRect(bubble, 8, 8)
        elif item.status == "error" or item.error:
            painter.setPen(QColor("#d1242f"))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(bubble, 8, 8)
        if option.state & QStyle.StateFlag.State_HasFocus:  # the message the Menu key acts on
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(bubble.adjusted(1, 1, -1, -1), 8, 8)
        painter.translate(bubble.left() + PAD, bubble.top() + PAD)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette(option.palette)
        palette.setColor(QPalette.ColorRole.Text, QColor(self.pal.text))
        ctx.palette = palette
        visible = QRectF(option.rect).intersected(QRectF(self._view.viewport().rect()))
        y = bubble.top() + PAD
        for doc in docs:
            height = math.ceil(doc.size().height())
            if y + height >= visible.top() and y <= visible.bottom():  # skip chunks scrolled away
                ctx.clip = QRectF(0, 0, self._width, height)
                doc.documentLayout().draw(painter, ctx)
            painter.translate(0, height)
            y += height
        painter.restore()

    # --- anchors ----------------------------------------------------------------------------------
    def anchor_at(self, index: ModelIndex, rect_top_left: Any, pos: Any) -> str:
        """The anchor (``act:copy``, ``copy:2``, ``link:0``...) under ``pos`` in a row, or ""."""
        items = self._items()
        if not 0 <= index.row() < len(items):
            return ""
        x = pos.x() - rect_top_left.x() - MARGIN_X - PAD
        y = pos.y() - rect_top_left.y() - MARGIN_Y - PAD
        for doc in items[index.row()].cache.get("docs", []):
            height = math.ceil(doc.size().height())
            if 0 <= y < height:
                return doc.documentLayout().anchorAt(QPointF(x, y))
            y -= height
        return ""

    def anchor_position(self, item: MessageItem, anchor: str) -> QPointF | None:
        """Where ``anchor`` is in the row's text area (a coarse scan; used by tests to click it)."""
        top = 0
        for doc in item.cache.get("docs", []):
            layout = doc.documentLayout()
            size = doc.size()
            for y in range(1, int(size.height()), 3):
                for x in range(1, int(size.width()), 4):
                    if layout.anchorAt(QPointF(x, y)) == anchor:
                        return QPointF(x + 1, top + y + 1)
            top += math.ceil(size.height())
        return None
