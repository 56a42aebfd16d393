"""Expanding schedules and report cadences into concrete dates.

Schedules use RFC 5545 recurrence rules (the same rules a calendar program reads), via
``dateutil.rrule``.  Report periods are calendar quarters, half-years or years clipped
to the programme's validity, or explicit periods as written.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dateutil.rrule import rrulestr


class RecurrenceError(ValueError):
    """A recurrence rule that cannot be read."""


def expand_rrule(rule: str, starts: date, span_from: date, span_to: date) -> list[date]:
    """Dates the rule produces from ``starts`` that fall within [span_from, span_to]."""
    if "DTSTART" in rule.upper():
        raise RecurrenceError("write the first date as 'starts:', not DTSTART inside the rule")
    try:
        recurrence = rrulestr(rule, dtstart=datetime.combine(starts, datetime.min.time()))
    except (ValueError, TypeError) as exc:
        raise RecurrenceError(f"{rule!r} is not a valid RRULE: {exc}") from exc
    low = datetime.combine(max(span_from, starts), datetime.min.time())
    high = datetime.combine(span_to, datetime.min.time())
    if low > high:
        return []
    return [d.date() for d in recurrence.between(low, high, inc=True)]


def expand_schedule(rule: str | None, starts: date, dates: tuple[date, ...] | list[date],
                    span_from: date, span_to: date) -> list[date]:
    """All scheduled dates within [span_from, span_to], from a rule or explicit dates."""
    if rule:
        return expand_rrule(rule, starts, span_from, span_to)
    return sorted(d for d in dates if span_from <= d <= span_to)


_CADENCE_MONTHS = {"quarterly": 3, "half_year": 6, "annual": 12}


def cadence_periods(cadence: str, valid_from: date, valid_to: date | None,
                    span_to: date) -> list[tuple[date, date]]:
    """Calendar periods of a cadence from the programme start, clipped to its validity.

    Periods align with the calendar (quarters start in January, April, July and
    October; half-years in January and July); the first and last are shortened to the
    programme's validity.  An open-ended programme yields whole periods that start on
    or before ``span_to``.
    """
    if cadence == "final":
        end = valid_to if valid_to is not None else span_to
        return [(valid_from, end)]
    months = _CADENCE_MONTHS[cadence]
    last_start = valid_to if valid_to is not None else span_to
    start_month = ((valid_from.month - 1) // months) * months + 1
    cursor = date(valid_from.year, start_month, 1)
    periods = []
    while cursor <= last_start:
        month_index = cursor.month - 1 + months
        nxt = date(cursor.year + month_index // 12, month_index % 12 + 1, 1)
        end = nxt - timedelta(days=1)
        periods.append((max(cursor, valid_from), min(end, valid_to) if valid_to else end))
        cursor = nxt
    return periods


def month_day_in(year: int, month_day: tuple[int, int]) -> date:
    """The date of a recurring MM-DD in ``year`` (29 February becomes 28 in other years)."""
    month, day = month_day
    if (month, day) == (2, 29):
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return date(year, month, day)
