"""Guessing the date someone meant from how they wrote it.

Definitions and the command line write dates ``YYYY-MM-DD`` and recurring days of the
year ``MM-DD``.  People write ``20171231`` (as the seeds do), ``2017/12/31``,
``31.12.2017``, ``2017 09-01`` (a typo in seed 001), ``31 december 2017`` or an
impossible ``2017-02-29``; these functions return the date they most likely meant, in
the form the definition wants, so a message can say "did you mean 2017-12-31?".  They
never guess when the order of day and month is ambiguous (``03/04/2017``).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

#: Month names a person may write, Swedish and English, full and short.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate([
        ("januari", "january", "jan"), ("februari", "february", "feb"),
        ("mars", "march", "mar"), ("april", "apr"), ("maj", "may"),
        ("juni", "june", "jun"), ("juli", "july", "jul"), ("augusti", "august", "aug"),
        ("september", "sept", "sep"), ("oktober", "october", "okt", "oct"),
        ("november", "nov"), ("december", "dec")], start=1):
    for _name in _names:
        _MONTHS[_name] = _number

_YEARS = range(1900, 2200)
_SEP = r"[-/. ]+"
_ISO_LIKE = re.compile(rf"^([0-9]{{4}})(?:{_SEP})?([0-9]{{1,2}})(?:{_SEP})?([0-9]{{1,2}})$")
_DAY_FIRST = re.compile(rf"^([0-9]{{1,2}}){_SEP}([0-9]{{1,2}}){_SEP}([0-9]{{4}})$")
_NAMED = re.compile(r"^([0-9]{1,2})(?:e|:e|st|nd|rd|th)?\.?\s+([a-zåäö]+)\.?,?\s*([0-9]{4})?$")
_NAMED_US = re.compile(r"^([a-zåäö]+)\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s*([0-9]{4})?$")
_MD = re.compile(rf"^([0-9]{{1,2}}){_SEP}([0-9]{{1,2}})$")


def _nearest(year: int, month: int, day: int) -> date | None:
    """The date, with a day past the month's end clamped to it (2017-02-29 → 28)."""
    if year not in _YEARS or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _day_month(first: int, second: int) -> tuple[int, int] | None:
    """(month, day) from two numbers whose order is clear; None when it is not."""
    if first > 12 >= second:
        return second, first          # 31.12 — day first, as Swedes write
    if second > 12 >= first:
        return first, second          # 12/31 — month first
    if first == second:
        return first, second
    return None


def date_guess(value: object) -> str | None:
    """The ``YYYY-MM-DD`` that ``value`` probably meant, or None if there is no clear guess."""
    if isinstance(value, bool):
        return None
    text = str(value).strip().lower()
    found: date | None = None
    if match := _ISO_LIKE.match(text):
        found = _nearest(int(match[1]), int(match[2]), int(match[3]))
    elif match := _DAY_FIRST.match(text):
        order = _day_month(int(match[1]), int(match[2]))
        found = _nearest(int(match[3]), *order) if order else None
    elif (match := _NAMED.match(text)) and match[2] in _MONTHS and match[3]:
        found = _nearest(int(match[3]), _MONTHS[match[2]], int(match[1]))
    elif (match := _NAMED_US.match(text)) and match[1] in _MONTHS and match[3]:
        found = _nearest(int(match[3]), _MONTHS[match[1]], int(match[2]))
    if found is None or found.isoformat() == str(value):
        return None
    return found.isoformat()


def month_day_guess(value: object) -> str | None:
    """The ``MM-DD`` that ``value`` probably meant (a day of every year), or None."""
    if isinstance(value, bool):
        return None
    text = str(value).strip().lower()
    month = day = 0
    if isinstance(value, int) and 101 <= value <= 1231:
        month, day = divmod(value, 100)      # 1031 written without quotes or dash
    elif match := _MD.match(text):
        order = _day_month(int(match[1]), int(match[2]))
        if order is None and text[2:3] == "-":
            order = int(match[1]), int(match[2])   # "10-1": the dash says MM-DD
        month, day = order or (0, 0)
    elif (match := _NAMED.match(text)) and match[2] in _MONTHS and not match[3]:
        month, day = _MONTHS[match[2]], int(match[1])
    elif (match := _NAMED_US.match(text)) and match[1] in _MONTHS and not match[3]:
        month, day = _MONTHS[match[1]], int(match[2])
    elif (full := date_guess(value)) or re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        month, day = int((full or text)[5:7]), int((full or text)[8:10])  # a whole date
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    day = min(day, calendar.monthrange(2024, month)[1])  # 2024 is a leap year: 02-29 stays
    guess = f"{month:02d}-{day:02d}"
    return None if guess == str(value) else guess
