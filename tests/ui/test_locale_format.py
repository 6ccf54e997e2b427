"""Numbers, sizes, dates and times in the UI language: Chinese formats under zh_CN, English under en,
through one helper (ui/locale_format.py) that the widgets use."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt

from desk_assistant.core.errors import DeskAssistantError
from desk_assistant.inference.types import GenerationStats
from desk_assistant.library.units import ByteSize
from desk_assistant.storage.records import Conversation
from desk_assistant.storage.store import ConversationStore
from desk_assistant.ui import locale_format as fmt
from desk_assistant.ui.conversation_model import ConversationListModel
from desk_assistant.ui.error_text import readable_error
from desk_assistant.ui.i18n import install_translators
from desk_assistant.ui.i18n_build import compile_translations
from desk_assistant.ui.widgets.status_bar import StatusBar

EN, ZH = QLocale("en_US"), QLocale("zh_CN")
# 7 March 2025, 14:02 on the user's own clock (the store keeps UTC; the UI shows local time)
MOMENT = datetime(2025, 3, 7, 14, 2).astimezone()


def plain(text: str) -> str:
    """CLDR puts a narrow no-break space before AM/PM; compare with ordinary spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_sizes() -> None:
    assert fmt.data_size(1_500_000_000, EN) == "1.5 GB" == fmt.data_size(1_500_000_000, ZH)
    assert fmt.data_size(98_000_000, EN) == "98.0 MB"
    assert fmt.data_size(900_000, EN) == "900 kB"
    assert fmt.data_size(500, EN) == "500 bytes"
    assert fmt.data_size(500, ZH) == "500 字节"


def test_dates_and_times() -> None:
    assert fmt.date_text(MOMENT, EN) == "March 7, 2025"
    assert fmt.date_text(MOMENT, ZH) == "2025年3月7日"  # year, month, day: the Chinese order
    assert plain(fmt.time_text(MOMENT, EN)) == "2:02 PM"
    assert fmt.time_text(MOMENT, ZH) == "14:02"
    assert plain(fmt.date_time_text(MOMENT, EN)) == "March 7, 2025 2:02 PM"
    assert fmt.date_time_text(MOMENT, ZH) == "2025年3月7日 14:02"


def test_numbers() -> None:
    assert fmt.number(1234567, EN) == "1,234,567" == fmt.number(1234567, ZH)
    assert fmt.number(1234567, QLocale("de_DE")) == "1.234.567"  # the locale's grouping, not Python's
    assert fmt.decimal(58.26, 1, EN) == "58.3"
    assert fmt.decimal(58.26, 1, QLocale("de_DE")) == "58,3"
    assert fmt.percent(0.423, EN) == "42%"
    assert fmt.duration(65, EN) == "1:05" and fmt.duration(3723, EN) == "1:02:03"


@pytest.fixture
def language() -> Iterator[None]:
    compile_translations()
    # windows of earlier tests waiting for deletion would get the language change (and start timers)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    yield
    install_translators("en")


def test_the_ui_language_sets_the_default_locale(qapp, language) -> None:
    install_translators("zh_CN")
    assert QLocale().name() == "zh_CN"
    assert fmt.date_text(MOMENT) == "2025年3月7日" and fmt.data_size(500) == "500 字节"
    install_translators("en")
    assert QLocale().language() == QLocale.Language.English
    assert fmt.date_text(MOMENT) == "March 7, 2025" and fmt.data_size(500) == "500 bytes"


@pytest.mark.parametrize(
    ("ui", "context", "speed", "changed", "disk"),
    [
        ("en", "context 1,234 / 4,096 (30%)", "58.3 tokens/s", "Last changed March 7, 2025", "500 bytes"),
        ("zh_CN", "上下文 1,234 / 4,096（30%）", "58.3", "最后修改于 2025年3月7日", "500 字节"),
    ],
)
def test_the_widgets_write_figures_in_the_ui_language(
    qapp, language, ui: str, context: str, speed: str, changed: str, disk: str
) -> None:
    install_translators(ui)
    bar = StatusBar()
    bar.show_context(1234, 4096)
    bar.show_stats(GenerationStats(completion_tokens=10, tokens_per_second=58.26, time_to_first_token=0.21))
    assert bar.context.text() == context and speed in bar.speed.text()

    store = ConversationStore()
    conversation = replace(store.create_conversation(title="Trees"), updated_at=MOMENT)
    store.close()
    model = ConversationListModel(_Listing(conversation))
    model.refresh()
    tooltip = model.index(model.row_of(conversation.id)).data(Qt.ItemDataRole.ToolTipRole)
    assert changed in plain(tooltip)

    error = DeskAssistantError("Not enough disk space: {free} is free.", free=ByteSize(500))
    assert disk in readable_error(error) and str(error) == "Not enough disk space: 500 B is free."


class _Listing:
    """A store that lists one conversation (last changed at ``MOMENT``; the real store stamps now)."""

    def __init__(self, conversation: Conversation) -> None:
        self._conversation = conversation

    def list_conversations(self, kind: str | None = None, limit: int = 500) -> list[Conversation]:
        return [self._conversation]


def test_the_ui_formats_figures_through_locale_format() -> None:
    """No figure in the UI is formatted by Python (f"{n:,}", f"{x:.1f}", strftime): Python knows one
    locale; the helper follows the UI language."""
    ui = Path(__file__).resolve().parents[2] / "desk_assistant" / "ui"
    python_formats = re.compile(r"\{[^{}]*:[^{}]*[,.]\d*[fd%]?\}|\{[^{}]*:,\}|strftime\(")
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(ui.rglob("*.py"))
        if path.name != "app.py"  # a file name stamp, not shown
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if python_formats.search(line)
    ]
    assert found == []


def test_without_a_ui_language_the_figures_are_english(qapp, language) -> None:
    """Before translators are installed (tools, tests of one widget) Qt's default is the bare C locale,
    which groups no digits: the helper writes English instead."""
    QLocale.setDefault(QLocale.c())
    assert fmt.number(3050) == "3,050" and fmt.data_size(500) == "500 bytes"
