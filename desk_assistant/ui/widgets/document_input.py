"""Where a document comes in: paste or type it, drop a file on it, or open one.

Files are read by ``tasks.documents.read_document`` on a short-lived reader thread (a 300-page PDF
takes seconds; the window must not freeze), and the text lands in the editor when it is ready. A paste
over the document limit is refused with a sentence before Qt inserts anything. Every failure is one
readable sentence (``failed``); what was in the editor stays there.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_assistant.tasks import documents
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.locale_format import number

log = logging.getLogger(__name__)


def dropped_file(mime: QMimeData) -> Path | None:
    """The one local file being dropped, if that is what it is."""
    if not mime.hasUrls():
        return None
    locals_ = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    return Path(locals_[0]) if len(locals_) == 1 else None


class _SourceEdit(QPlainTextEdit):
    fileDropped = Signal(Path)
    notice = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText() or dropped_file(source) is not None

    def insertFromMimeData(self, source: QMimeData) -> None:
        path = dropped_file(source)
        if path is not None:
            self.fileDropped.emit(path)
            return
        text = source.text()
        room = documents.MAX_TEXT_CHARS - len(self.toPlainText()) + len(self.textCursor().selectedText())
        if len(text) > room:
            self.notice.emit(
                self.tr(
                    "That text is too long ({count} characters; the limit is {limit}). Split it first."
                ).format(count=number(len(text)), limit=number(documents.MAX_TEXT_CHARS))
            )
            return
        self.insertPlainText(text)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.fileDropped.emit(path)
            return
        super().dropEvent(event)


class _Reader(QObject):
    """Reads one file on a plain thread; the result comes back to the UI thread as a signal."""

    done = Signal(object, str)  # Document | None, error sentence

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.cancel = threading.Event()
        self.thread = threading.Thread(target=self._read, name="document-reader", daemon=True)

    def _read(self) -> None:
        try:
            document = documents.read_document(self.path, cancel=self.cancel)
        except Exception as exc:  # every failure is a sentence for the window
            self.done.emit(None, readable_error(exc, log))
            return
        self.done.emit(document, "")


class DocumentInput(QWidget):
    textChanged = Signal()
    documentLoaded = Signal(object)  # tasks.documents.Document
    loadingChanged = Signal(bool)
    failed = Signal(str)  # one readable sentence

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_button = QPushButton(self.tr("Open file…"))
        self.open_button.clicked.connect(self.choose_file)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear)
        self.name_label = QLabel()
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setObjectName("DocumentName")
        self.edit = _SourceEdit(self)
        self.edit.setAccessibleName(self.tr("Text"))
        self.edit.setTabChangesFocus(True)  # Tab moves on, as everywhere in the window (no keyboard trap)
        self.edit.setPlaceholderText(
            self.tr("Paste text here, drop a file on it, or open one (.txt, .md, .html, .pdf, .docx).")
        )
        self.edit.textChanged.connect(self.textChanged)
        self.edit.fileDropped.connect(self.open_file)
        self.edit.notice.connect(self.failed)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.open_button)
        top.addWidget(self.clear_button)
        top.addWidget(self.name_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.edit, 1)
        self._document: documents.Document | None = None
        self._reader: _Reader | None = None

    # ---- content ----------------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.toPlainText()

    def has_text(self) -> bool:
        """Something besides white space: read line by line up to the first that has it (copying a 3 MB
        text out of the editor to look takes 8 ms, on every key pressed)."""
        block = self.edit.document().begin()
        while block.isValid():
            if block.text().strip():
                return True
            block = block.next()
        return False

    def document_name(self) -> str | None:
        """The file the text came from, while it is unchanged since."""
        if self._document is not None and self._document.text == self.text():
            return self._document.name
        return None

    def set_text(self, text: str, name: str | None = None) -> None:
        self._document = documents.Document(text=text, name=name, format="paste") if name else None
        self.edit.setPlainText(text)
        self.name_label.setText(name or "")

    def clear(self) -> None:
        self.set_text("")

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.open_button.setEnabled(not read_only)
        self.clear_button.setEnabled(not read_only)

    def is_loading(self) -> bool:
        return self._reader is not None

    # ---- files ------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in documents.SUPPORTED_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a document"),
            "",
            self.tr("Documents ({patterns});;All files (*)").format(patterns=patterns),
        )
        if path:
            self.open_file(Path(path))

    @Slot(Path)
    def open_file(self, path: Path) -> None:
        """Read ``path`` in the background; the editor keeps its text until the new one is ready."""
        if self._reader is not None:
            self._reader.cancel.set()
        reader = _Reader(Path(path))
        reader.done.connect(self._on_read)
        self._reader = reader
        self.name_label.setText(self.tr("Reading {name}…").format(name=Path(path).name))
        self.loadingChanged.emit(True)
        reader.thread.start()

    @Slot(object, str)
    def _on_read(self, document: documents.Document | None, error: str) -> None:
        reader = self.sender()
        if reader is not self._reader:
            return  # an older read that was replaced
        self._reader = None
        self.loadingChanged.emit(False)
        if document is None:
            self.name_label.setText(self._document.name if self.document_name() else "")
            self.failed.emit(error)
            return
        self._document = document
        self.edit.setPlainText(document.text)
        self.name_label.setText(self._describe(document))
        self.documentLoaded.emit(document)

    def _describe(self, document: documents.Document) -> str:
        parts = [document.name]
        if document.pages:
            parts.append(self.tr("{count} pages").format(count=document.pages))
        if document.encoding and document.encoding.replace("-", "").lower() not in ("utf8", "ascii"):
            parts.append(document.encoding.upper())
        return " · ".join(parts)

    def stop_reading(self) -> None:
        if self._reader is not None:
            self._reader.cancel.set()
            self._reader.thread.join(5)
            self._reader = None
            self.loadingChanged.emit(False)
