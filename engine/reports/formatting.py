"""Numbers, shares and dates as a report's reader expects them, through Babel.

Swedish (sv_SE) by default, British English (en_GB) on request.  Nothing here writes a
separator or a month name by hand: the locale data (CLDR) does, so "1 234" carries the
no-break space Swedish uses, "80,0 %" its decimal comma and the no-break space before
the per-cent sign, and dates read "1 december 2026" / "1 December 2026".

A suppressed cell never reaches a number formatter: :func:`cell_text` turns it into the
mark the footnotes explain ("<5" for a small count, "–" for a cell hidden to protect it).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

from engine.reports.model import Cell, Report, Unit

#: What people see is in Stockholm time; a report's instants are stored in UTC.
STOCKHOLM = ZoneInfo("Europe/Stockholm")

LOCALES = {"sv": "sv_SE", "en": "en_GB"}

#: The mark for a cell hidden by secondary suppression or for a share whose
#: denominator is hidden (an en dash, as Statistics Sweden's tables print it).
HIDDEN_MARK = "–"


def locale_of(lang: str) -> str:
    """The Babel locale for a report language ("sv" -> "sv_SE", "en" -> "en_GB")."""
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"unknown report language {lang!r}; expected one of "
                         f"{', '.join(sorted(LOCALES))}") from None


@cache
def _percent_pattern(locale: str, decimals: int) -> str:
    # The locale's own per-cent pattern ("#,##0 %" in Swedish, "#,##0%" in English)
    # with a fixed number of decimals, so 0.8 reads "80,0 %" and not "80 %".
    pattern = str(Locale.parse(locale).percent_formats[None].pattern)
    if decimals <= 0:
        return pattern
    return re.sub(r"0(?=[^0]*$)", "0." + "0" * decimals, pattern, count=1)


def number(value: float, lang: str, decimals: int = 0) -> str:
    """A count or measure: "1 234" (sv), "1,234" (en); ``decimals`` fixed digits."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=locale_of(lang))


def share(value: float, lang: str, decimals: int = 1) -> str:
    """A share 0..1 as a percentage: 0.8 -> "80,0 %" (sv), "80.0%" (en)."""
    locale = locale_of(lang)
    return format_percent(value, format=_percent_pattern(locale, decimals), locale=locale)


def day(value: date, lang: str) -> str:
    """A date in words: "1 december 2026" (sv), "1 December 2026" (en)."""
    return format_date(value, format="long", locale=locale_of(lang))


def month(value: date, lang: str) -> str:
    """The month of ``value`` as a table row or chart label: "jan. 2024", "Jan 2024"."""
    return str(format_date(value, "LLL yyyy", locale=locale_of(lang)))


def month_in_full(value: date, lang: str) -> str:
    """The month of ``value`` in words: "mars 2025", "March 2025"."""
    return str(format_date(value, "LLLL yyyy", locale=locale_of(lang)))


def month_on_axis(value: date, lang: str, with_year: bool) -> str:
    """A month under a chart bar: "jan." (sv) / "Jan" (en), the year on a second line
    when ``with_year`` (the first month and each January), so twelve fit side by side."""
    name = str(format_date(value, "LLL", locale=locale_of(lang)))
    return f"{name}\n{value.year}" if with_year else name


def short_day(value: date, lang: str) -> str:
    """A date in figures for narrow places (chart axes): "2026-12-01" (sv), "01/12/2026"."""
    return format_date(value, format="short", locale=locale_of(lang))


def moment(value: datetime, lang: str) -> str:
    """An instant as Stockholm wall-clock time: "1 december 2026 14:05"."""
    local = value.astimezone(STOCKHOLM)
    return f"{day(local.date(), lang)} {format_time(local, format='short', locale=locale_of(lang))}"


def short_span(starts_on: date, ends_on: date, lang: str) -> str:
    """A span as a title says it: "1–31 mars 2022", "1 januari – 30 april 2021",
    "1 oktober 2021 – 31 mars 2022" (each part once)."""
    locale = locale_of(lang)
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{starts_on.day}–{day(ends_on, lang)}"
    if starts_on.year == ends_on.year:
        first = format_date(starts_on, "d MMMM", locale=locale)
        return f"{first} – {day(ends_on, lang)}"
    return period_span(starts_on, ends_on, lang)


def period_span(starts_on: date, ends_on: date, lang: str) -> str:
    """Both ends of a period in words, joined by an en dash."""
    return f"{day(starts_on, lang)} – {day(ends_on, lang)}"


def value_text(value: float, unit: Unit, lang: str) -> str:
    """A published value of ``unit`` as text (shares as percentages, days to one decimal
    when not whole, means to one decimal always, persons and counts whole)."""
    if unit == "share":
        return share(value, lang)
    if unit == "mean":
        return number(value, lang, decimals=1)
    if unit == "days":
        whole = float(value).is_integer()
        return number(value, lang, decimals=0 if whole else 1)
    return number(value, lang)


def suppression_mark(cell: Cell, threshold: int, unit: Unit | None = None) -> str:
    """The mark shown instead of a hidden value: "<5" (with the report's threshold) for a
    primary-suppressed count, "–" for a secondary-suppressed cell or a share whose
    denominator is hidden; "" for a cell that is not hidden.

    A share is never marked "<5": in a percentage column it reads "under 5 %" (issue 22,
    finding 4).  A hidden share is "–", whatever hid it."""
    if cell.suppressed == "primary" and unit != "share":
        return f"<{threshold}"
    if cell.suppressed == "primary":
        return HIDDEN_MARK
    if cell.suppressed in ("secondary", "denominator"):
        return HIDDEN_MARK
    return ""


def cell_text(cell: Cell, unit: Unit, lang: str, threshold: int, *,
              signed: bool = False) -> str:
    """What a table shows for ``cell``: its formatted value, the suppression mark of
    :func:`suppression_mark`, or nothing for a cell with nothing to show.  ``signed``:
    a change, shown with its sign (:func:`is_change`)."""
    if cell.value is None:
        return suppression_mark(cell, threshold, unit)
    text = value_text(cell.value, unit, lang)
    if signed and cell.value > 0:
        return f"+{text}"
    if signed and cell.value < 0 and not text.startswith(MINUS):
        return MINUS + text.lstrip("-−")
    return text


#: The minus sign of a signed change (U+2212, as Swedish typesetting writes it).
MINUS = "−"


def is_change(column_key: str) -> bool:
    """Whether a column holds changes (a deviation from budget), read with a sign:
    "+3" over, "−2" under (issue 22, finding 11: "3" read as an amount, not a change)."""
    return column_key.startswith("deviation")


def file_stem(report: Report) -> str:
    """The start of every file name of ``report``: "rebus-2026", "hofors-rapport-3",
    "rebus-2026-01-01_2026-03-31" (no character a file system or a shell minds)."""
    period = report.period.key.replace("..", "_")
    return file_part(f"{report.programme_id}-{period}")


def file_part(text: str) -> str:
    """``text`` as part of a file name every system takes: letters, digits, ``_ . -``
    ("post_exit:efter_6_manader" → "post_exit-efter_6_manader"; a ":" is refused by
    Windows and names a stream on NTFS, issue 22)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")
