"""Expanding schedules and report cadences into concrete dates.

Schedules use RFC 5545 recurrence rules (the same rules a calendar program reads), via
``dateutil.rrule``.  Report periods are calendar quarters, half-years or years clipped
to the programme's validity, or explicit periods as written.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from dateutil.rrule import rrulestr

from engine.errors import closest, did_you_mean
from engine.inputs.numbers import is_whole_number


class RecurrenceError(ValueError):
    """A recurrence rule that cannot be read: the English message, and the ``reason``
    with its ``params`` that a page words in the reader's language."""

    def __init__(self, message: str, reason: str = "", **params: object) -> None:
        super().__init__(message)
        self.reason, self.params = reason, params


_FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY")
_DAY = r"(MO|TU|WE|TH|FR|SA|SU)"
_NUMBER_RANGES = {"INTERVAL": (1, 1000), "COUNT": (1, 10000), "BYMONTH": (1, 12),
                  "BYMONTHDAY": (1, 31), "BYSETPOS": (1, 366), "BYWEEKNO": (1, 53),
                  "BYYEARDAY": (1, 366)}
_SIGNED = {"BYMONTHDAY", "BYSETPOS", "BYWEEKNO", "BYYEARDAY"}
_PARTS = ("FREQ", "UNTIL", "WKST", "BYDAY", *_NUMBER_RANGES)


def check_rule(rule: str) -> str:
    """The rule's ``FREQ=…;…`` text, checked part by part; RecurrenceError says what is wrong.

    Meetings recur by day at the finest (YEARLY, MONTHLY, WEEKLY, DAILY); the first
    date is written as ``starts:`` beside the rule, not as DTSTART inside it.
    """
    body = rule.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    if "\n" in body or ":" in body:
        raise RecurrenceError(f"{rule!r}: write only the rule (FREQ=…;…); put the first date "
                              "in 'starts:' and explicit dates under 'dates:'",
                              reason="not_only_rule")
    seen: dict[str, str] = {}
    for part in body.split(";"):
        name, _, value = part.partition("=")
        name = name.strip().upper()
        if name == "DTSTART":
            raise RecurrenceError(f"{rule!r}: write the first date as 'starts:', not DTSTART "
                                  "inside the rule", reason="dtstart")
        if name not in _PARTS:
            hint = did_you_mean(name, _PARTS) or f"; allowed: {', '.join(_PARTS)}"
            raise RecurrenceError(f"{rule!r}: unknown rule part {name!r}{hint}",
                                  reason="unknown_part", part=name,
                                  suggestion=closest(name, _PARTS) or "")
        if name in seen:
            raise RecurrenceError(f"{rule!r}: {name} is given twice", reason="part_twice",
                                  part=name)
        seen[name] = value = value.strip().upper()
        if name == "FREQ" and value not in _FREQUENCIES:
            hint = did_you_mean(value, _FREQUENCIES)
            raise RecurrenceError(f"{rule!r}: FREQ={value} is not allowed; meetings recur "
                                  f"{', '.join(_FREQUENCIES)}{hint}", reason="frequency",
                                  part=f"FREQ={value}",
                                  suggestion=closest(value, _FREQUENCIES) or "")
        if name in _NUMBER_RANGES:
            low, high = _NUMBER_RANGES[name]
            for item in value.split(","):
                number = item.lstrip("+-") if name in _SIGNED else item
                if not is_whole_number(number, low=low, high=high):
                    raise RecurrenceError(f"{rule!r}: {name}={value}: each value must be a "
                                          f"whole number from {low} to {high}",
                                          reason="number", part=f"{name}={value}", low=low,
                                          high=high)
        if name == "BYDAY":
            for item in value.split(","):
                if not re.fullmatch(r"[+-]?([1-9]|[1-4][0-9]|5[0-3])?" + _DAY, item):
                    raise RecurrenceError(f"{rule!r}: BYDAY={value}: write days as MO…SU, "
                                          "optionally numbered, e.g. 2TU or -1FR",
                                          reason="byday", part=f"BYDAY={value}")
        if name == "WKST" and not re.fullmatch(_DAY, value):
            raise RecurrenceError(f"{rule!r}: WKST={value} is not a day (MO…SU)",
                                  reason="wkst", part=f"WKST={value}")
        if name == "UNTIL" and not re.fullmatch(r"[0-9]{8}", value):
            raise RecurrenceError(f"{rule!r}: write UNTIL as YYYYMMDD", reason="until")
    if "FREQ" not in seen:
        raise RecurrenceError(f"{rule!r}: the rule needs FREQ (e.g. FREQ=MONTHLY)",
                              reason="no_frequency")
    return body


def expand_rrule(rule: str, starts: date, span_from: date, span_to: date) -> list[date]:
    """Dates the rule produces from ``starts`` that fall within [span_from, span_to]."""
    body = check_rule(rule)
    low = datetime.combine(max(span_from, starts), datetime.min.time())
    high = datetime.combine(span_to, datetime.min.time())
    try:
        recurrence = rrulestr(body, dtstart=datetime.combine(starts, datetime.min.time()))
        if low > high:
            return []
        return [d.date() for d in recurrence.between(low, high, inc=True)]
    except (ValueError, TypeError, OverflowError) as exc:
        raise RecurrenceError(f"{rule!r} is not a valid RRULE: {exc}",
                              reason="invalid") from exc


def expand_schedule(rule: str | None, starts: date, dates: tuple[date, ...] | list[date],
                    span_from: date, span_to: date) -> list[date]:
    """All scheduled dates within [span_from, span_to], from a rule or explicit dates."""
    if rule:
        return expand_rrule(rule, starts, span_from, span_to)
    return sorted(d for d in dates if span_from <= d <= span_to)


_CADENCE_MONTHS = {"quarterly": 3, "half_year": 6, "annual": 12}


def cadence_periods(cadence: str, valid_from: date, valid_to: date | None,
                    span_to: date, months: int | None = None) -> list[tuple[date, date]]:
    """Calendar periods of a cadence from the programme start, clipped to its validity.

    Periods align with the calendar (quarters start in January, April, July and
    October; half-years in January and July); the first and last are shortened to the
    programme's validity.  An open-ended programme yields whole periods that start on
    or before ``span_to``.  ``cadence: "months"`` is every ``months`` months.
    """
    if cadence == "final":
        end = valid_to if valid_to is not None else span_to
        return [(valid_from, end)]
    every = months if cadence == "months" and months else _CADENCE_MONTHS[cadence]
    return [(start, end) for start, end, _ in month_periods(every, valid_from, valid_to,
                                                            span_to)]


def month_periods(months: int, valid_from: date, valid_to: date | None,
                  span_to: date) -> list[tuple[date, date, date]]:
    """(first day, last day, nominal last day) of periods of ``months`` calendar months.

    When ``months`` divides a year (1, 2, 3, 4, 6, 12) the periods align with January,
    so a two-monthly report covers January–February, March–April…; otherwise they are
    counted from the first of the month the programme starts in.  The first and last
    periods are clipped to the validity; the nominal last day is the unclipped one
    (what "a period ending 30 June" refers to).
    """
    if months < 1:
        raise ValueError(f"a period of {months} months never ends")
    last_start = valid_to if valid_to is not None else span_to
    if 12 % months == 0:
        start_month = ((valid_from.month - 1) // months) * months + 1
    else:
        start_month = valid_from.month
    cursor = date(valid_from.year, start_month, 1)
    periods = []
    while cursor <= last_start:
        month_index = cursor.month - 1 + months
        nxt = date(cursor.year + month_index // 12, month_index % 12 + 1, 1)
        end = nxt - timedelta(days=1)
        periods.append((max(cursor, valid_from), min(end, valid_to) if valid_to else end, end))
        cursor = nxt
    return periods


def first_on_or_after(day: date, month_day: tuple[int, int]) -> date:
    """The first date on or after ``day`` that is the recurring day ``month_day``."""
    candidate = month_day_in(day.year, month_day)
    return candidate if candidate >= day else month_day_in(day.year + 1, month_day)


def same_month_day(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two MM-DD days name the same day; 02-28 and 02-29 both mean the end of
    February (so a period ending 29 February in a leap year matches "02-28")."""
    if a[0] == b[0] == 2 and min(a[1], b[1]) >= 28:
        return True
    return a == b


def day_of_month(year: int, month: int, day: int) -> date:
    """``day`` of the month, or its last day when the month is shorter (31 → 30 April)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def month_day_in(year: int, month_day: tuple[int, int]) -> date:
    """The date of a recurring MM-DD in ``year`` (29 February becomes 28 in other years)."""
    month, day = month_day
    if (month, day) == (2, 29):
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return date(year, month, day)
