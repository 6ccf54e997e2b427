"""Numbers, sizes, dates and times as the UI language writes them (DESIGN.md §6).

Everything the window shows goes through here rather than through f-strings, so a Chinese UI reads
"2025年3月7日" and "500 字节" where an English one reads "March 7, 2025" and "500 bytes". The locale is
``QLocale()``: the default that ``i18n.install_translators`` sets for the UI language; tests pass one.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

_WEEKDAY = re.compile(r"\s*dddd[,，]?\s*")  # "dddd, MMMM d, yyyy" / "yyyy年M月d日dddd"


def _locale(locale: QLocale | None) -> QLocale:
    if locale is not None:
        return locale
    default = QLocale()
    if default.language() == QLocale.Language.C:  # no UI language installed yet (tests, tools): English
        return QLocale("en_US")
    return default


def number(value: int, locale: QLocale | None = None) -> str:
    """12345 -> "12,345" (the locale's digit grouping)."""
    return _locale(locale).toString(int(value))


def decimal(value: float, digits: int = 1, locale: QLocale | None = None) -> str:
    """12.345 -> "12.3" (the locale's decimal point)."""
    return _locale(locale).toString(float(value), "f", digits)


def percent(fraction: float, locale: QLocale | None = None) -> str:
    """0.42 -> "42%"."""
    loc = _locale(locale)
    return loc.toString(round(fraction * 100)) + loc.percent()


def list_text(items: list[str], locale: QLocale | None = None) -> str:
    """["chat", "translate", "write"] -> "chat, translate, and write" / "对话、翻译和写作"."""
    return _locale(locale).createSeparatedList(items)


def data_size(size: int, locale: QLocale | None = None) -> str:
    """Decimal units like file managers and the Hub: "1.5 GB", "98.0 MB", "900 kB", "500 bytes"."""
    precision = 0 if abs(size) < 1_000_000 else 1
    return _locale(locale).formattedDataSize(int(size), precision, QLocale.DataSizeFormat.DataSizeSIFormat)


def _local(moment: datetime) -> QDateTime:
    """The store keeps UTC (naive values are UTC); people read their own clock."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))


def date_text(moment: datetime, locale: QLocale | None = None) -> str:
    """The day in the locale's long form without the weekday: "March 7, 2025", "2025年3月7日"."""
    loc = _locale(locale)
    pattern = _WEEKDAY.sub(" ", loc.dateFormat(QLocale.FormatType.LongFormat)).strip(" ,，")
    return loc.toString(_local(moment).date(), pattern)


def time_text(moment: datetime, locale: QLocale | None = None) -> str:
    """The time of day: "2:02 PM", "14:02"."""
    loc = _locale(locale)
    return loc.toString(_local(moment).time(), QLocale.FormatType.ShortFormat)


def date_time_text(moment: datetime, locale: QLocale | None = None) -> str:
    """The day and the time: "March 7, 2025 2:02 PM", "2025年3月7日 14:02"."""
    loc = _locale(locale)
    return f"{date_text(moment, loc)} {time_text(moment, loc)}"


def duration(seconds: float, locale: QLocale | None = None) -> str:
    """A time left or taken, as clocks show it: "4:05", "1:02:03"."""
    loc = _locale(locale)
    hours, rest = divmod(max(0, int(seconds)), 3600)
    minutes, secs = divmod(rest, 60)

    def two(n: int) -> str:
        return loc.toString(n).rjust(2, loc.zeroDigit())

    if hours:
        return f"{loc.toString(hours)}:{two(minutes)}:{two(secs)}"
    return f"{loc.toString(minutes)}:{two(secs)}"
