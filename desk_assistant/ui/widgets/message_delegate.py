"""Paints a message row from a cached QTextDocument (header, Markdown body, action links).

Heights: rows that were never painted get a cheap estimate from their text length; a row's exact
height is computed when it is painted (or by the view's idle pre-render), and the view is told to
lay out again only when it differs. So opening a 1,000-message conversation renders only the rows
on screen, and a streaming answer re-renders only its own document.
"""

from __future__ import annotations

import html
import math
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desk_assistant.ui.markdown_render import DARK, LIGHT, Rendered, StreamingMarkdown, render_markdown
from desk_assistant.ui.widgets.message_model import MessageItem, MessageRole

MARGIN_X = 14
MARGIN_Y = 5
PAD = 10
ModelIndex = QModelIndex | QPersistentModelIndex


class SafeTextDocument(QTextDocument):
    """A document that never loads anything: no images, no style sheets, no URLs."""

    def loadResource(self, type: int, name: Any) -> Any:
        return None


def _tr(text: str) -> str:
    return QCoreApplication.translate("MessageDelegate", text)


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


class MessageDelegate(QStyledItemDelegate):
    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self._view = view
        self.dark = False
        self._labels = _labels()
        self._pending: set[int] = set()  # rows whose exact height differs from the hinted one
        self._notify = QTimer(self)
        self._notify.setSingleShot(True)
        self._notify.setInterval(0)
        self._notify.timeout.connect(self._emit_size_changes)

    # --- theme / language -----------------------------------------------------------------
    def set_dark(self, dark: bool) -> None:
        self.dark = dark

    def refresh_labels(self) -> None:
        self._labels = _labels()

    # --- documents --------------------------------------------------------------------------
    def text_width(self) -> int:
        viewport = self._view.viewport() if hasattr(self._view, "viewport") else self._view
        return max(80, viewport.width() - 2 * (MARGIN_X + PAD))

    def _key(self, item: MessageItem, is_last: bool) -> tuple:
        return (item.version, self.dark, is_last, id(self._labels))

    def rendered(self, item: MessageItem) -> Rendered | None:
        return item.cache.get("rendered")

    def document(self, item: MessageItem, is_last: bool, width: int) -> QTextDocument:
        """The row's document, built if its look changed and laid out for ``width``."""
        cache = item.cache
        key = self._key(item, is_last)
        if cache.get("key") != key:
            rendered = self._render_body(item)
            doc = cache.get("doc")
            if doc is None:
                doc = SafeTextDocument()
                doc.setDocumentMargin(0)
                doc.setDefaultFont(self._view.font())
                doc.setUndoRedoEnabled(False)
                cache["doc"] = doc
            doc.setDefaultStyleSheet(_STYLE)
            doc.setHtml(self._header(item) + rendered.html + self._footer(item, is_last))
            cache.update(key=key, rendered=rendered, width=None)
        doc = cache["doc"]
        if cache.get("width") != width:
            doc.setTextWidth(width)
            cache["width"] = width
            cache["height"] = math.ceil(doc.size().height())
        return doc

    def _render_body(self, item: MessageItem) -> Rendered:
        text = item.content
        if item.streaming:
            stream = item.cache.get("stream")
            if stream is None or stream.dark != self.dark:
                stream = item.cache["stream"] = StreamingMarkdown(
                    dark=self.dark, copy_label=self._labels["copy_code"]
                )
            return stream.render(text)
        item.cache.pop("stream", None)
        if not text.strip():
            return Rendered(
                html=f'<p style="color:{self._pal.muted};">{html.escape(self._labels["empty"])}</p>'
            )
        if item.role == "user":
            # what the user typed is shown as typed (no Markdown surprises), line breaks kept
            body = html.escape(text).replace("\n", "<br>")
            return Rendered(html=f'<p style="white-space:pre-wrap;">{body}</p>')
        return render_markdown(text, dark=self.dark, copy_label=self._labels["copy_code"])

    @property
    def _pal(self) -> Any:
        return DARK if self.dark else LIGHT

    def _header(self, item: MessageItem) -> str:
        lab = self._labels
        pal = self._pal
        who = html.escape(lab.get(item.role, item.role))
        status = ""
        if item.streaming:
            status = lab["streaming"]
        elif item.status in ("stopped", "error"):
            status = lab[item.status]
        elif item.status == "streaming":  # left over from a crash, recovered by the store
            status = lab["interrupted"]
        extra = f' <span style="color:{pal.muted};">· {html.escape(status)}</span>' if status else ""
        return f'<p style="margin-bottom:4px;"><b>{who}</b>{extra}</p>'

    def _footer(self, item: MessageItem, is_last: bool) -> str:
        lab = self._labels
        pal = self._pal
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

        actions = [link("copy", lab["copy"])]
        if item.role == "user":
            actions.append(link("edit", lab["edit"]))
        elif item.role == "assistant":
            actions.append(link("regen", lab["regen"]))
            if is_last and item.content:
                actions.append(link("cont", lab["cont"]))
        actions.append(link("delete", lab["delete"]))
        if item.sibling_count > 1:
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
    def exact_height(self, index: ModelIndex) -> int:
        item: MessageItem = index.data(MessageRole)
        is_last = index.row() == index.model().rowCount() - 1
        self.document(item, is_last, self.text_width())
        return item.cache["height"] + 2 * (MARGIN_Y + PAD)

    def is_exact(self, item: MessageItem, index: ModelIndex) -> bool:
        is_last = index.row() == index.model().rowCount() - 1
        cache = item.cache
        return cache.get("key") == self._key(item, is_last) and cache.get("width") == self.text_width()

    def _estimate(self, item: MessageItem, width: int) -> int:
        """A cheap guess from the text (no rendering) for rows never painted yet."""
        cache = item.cache
        if cache.get("height") and cache.get("width"):
            return int(cache["height"] * cache["width"] / width) + 2 * (MARGIN_Y + PAD)
        metrics = self._view.fontMetrics()
        per_line = max(10, width // max(1, metrics.averageCharWidth()))
        lines = sum(1 + len(ln) // per_line for ln in item.content.splitlines()) or 1
        return (lines + 3) * metrics.lineSpacing() + 2 * (MARGIN_Y + PAD)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        item: MessageItem | None = index.data(MessageRole)
        width = self.text_width()
        if item is None:
            return QSize(width, 0)
        if self.is_exact(item, index):
            height = item.cache["height"] + 2 * (MARGIN_Y + PAD)
        else:
            height = self._estimate(item, width)
        item.cache["hinted"] = height
        return QSize(width + 2 * (MARGIN_X + PAD), height)

    def ensure_exact(self, index: ModelIndex) -> bool:
        """Render the row now; True when its height differs from what the view was told."""
        item: MessageItem = index.data(MessageRole)
        height = self.exact_height(index)
        return item.cache.get("hinted") != height

    def _emit_size_changes(self) -> None:
        model = self._view.model()
        rows, self._pending = self._pending, set()
        for row in sorted(rows)[:1]:  # one signal is enough: the view lays out all rows again
            if row < model.rowCount():
                self.sizeHintChanged.emit(model.index(row, 0))

    def schedule_size_change(self, row: int) -> None:
        self._pending.add(row)
        self._notify.start()

    # --- painting -------------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        item: MessageItem | None = index.data(MessageRole)
        if item is None:
            return
        is_last = index.row() == index.model().rowCount() - 1
        width = self.text_width()
        doc = self.document(item, is_last, width)
        if item.cache.get("hinted") != item.cache["height"] + 2 * (MARGIN_Y + PAD):
            self.schedule_size_change(index.row())
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
        painter.translate(bubble.left() + PAD, bubble.top() + PAD)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette(option.palette)
        palette.setColor(QPalette.ColorRole.Text, QColor(self._pal.text))
        ctx.palette = palette
        ctx.clip = QRectF(0, 0, width, item.cache["height"])
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
        if option.state & QStyle.StateFlag.State_HasFocus:
            pass  # rows are not selectable: no focus frame

    def anchor_at(self, index: ModelIndex, rect_top_left: Any, pos: Any) -> str:
        """The anchor (``act:copy``, ``copy:2``, ``link:0``...) under ``pos`` in a row, or ""."""
        item: MessageItem = index.data(MessageRole)
        doc = item.cache.get("doc")
        if doc is None:
            return ""
        x = pos.x() - rect_top_left.x() - MARGIN_X - PAD
        y = pos.y() - rect_top_left.y() - MARGIN_Y - PAD
        return doc.documentLayout().anchorAt(QRectF(x, y, 1, 1).topLeft())


_STYLE = """
pre, code { font-family: monospace; }
pre { margin: 0px; }
h1 { font-size: x-large; } h2 { font-size: large; } h3 { font-size: medium; }
p { margin-top: 0px; margin-bottom: 8px; }
"""
