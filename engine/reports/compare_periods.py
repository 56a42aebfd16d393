"""Which other periods a report sets beside its own: the previous period of the same
kind, and each calendar year of the programme's life (issue 22, "the previous period
beside this one, and the trend over the programme's life").

Pure: the service layer counts each span with the same SQL as the report's own period
(:mod:`engine.service.programme.report_data`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from engine.definitions.spec import ProgrammeSpec
from engine.reports.model import Period
from engine.rules.programme_calendar import report_periods

_PART = re.compile(r"([0-9]{4})-([HQ])([0-9])")


@dataclass(frozen=True, slots=True)
class Span:
    """Another period to count: its key, first and last day."""

    key: str
    starts_on: date
    ends_on: date


def previous_span(spec: ProgrammeSpec, period: Period, as_of: date) -> Span | None:
    """The previous period of the same kind, up to the same day of it as ``as_of`` is of
    this one (a year under way is set beside the same months of the year before, not a
    whole year); None before the programme's start and for the whole programme.

    A year, half-year or quarter: the one before; a report of the definition's calendar
    ("rapport:3"): the report before it; any other span: as many days just before it.
    """
    start = _previous_start(spec, period)
    if start is None:
        return None
    starts_on, ends_on = start
    last = ends_on if as_of >= period.ends_on else min(ends_on, _same_day_before(
        period, as_of, starts_on))
    if last < spec.valid_from:
        return None
    first = max(starts_on, spec.valid_from)
    return Span("previous", first, last)


def _same_day_before(period: Period, as_of: date, previous_start: date) -> date:
    """The day of the previous period as far into it as ``as_of`` is into this one: the
    same date a year, half-year or quarter earlier (10 May 2024 → 10 May 2023), else as
    many days after its start."""
    months = 0
    if period.key.isdigit():
        months = 12
    elif _PART.fullmatch(period.key):
        months = 6 if "H" in period.key else 3
    if not months:
        return previous_start + (as_of - period.starts_on)
    month = as_of.month - months
    year = as_of.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    last_day = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(as_of.day, last_day))


def _previous_start(spec: ProgrammeSpec, period: Period) -> tuple[date, date] | None:
    key = period.key
    if key == "final":
        return None
    if key.isdigit() and len(key) == 4:
        year = int(key) - 1
        return date(year, 1, 1), date(year, 12, 31)
    part = _PART.fullmatch(key)
    if part:
        months = 6 if part[2] == "H" else 3
        first = period.starts_on.replace(day=1)
        month = first.month - months
        year = first.year + (month - 1) // 12
        starts_on = date(year, (month - 1) % 12 + 1, 1)
        return starts_on, period.starts_on - timedelta(days=1)
    report_id, sep, number = key.partition(":")
    if sep and number.isdigit():
        report = next((r for r in spec.reports if r.id == report_id), None)
        if report is None or int(number) < 2:
            return None
        found = [(s, e) for n, s, e in report_periods(spec, report, period.starts_on)
                 if n == int(number) - 1]
        return found[0] if found else None
    days = (period.ends_on - period.starts_on).days + 1
    return period.starts_on - timedelta(days=days), period.starts_on - timedelta(days=1)


def whole_programme_judged(spec: ProgrammeSpec, period: Period) -> bool:
    """Whether the targets of ``spec`` are judged to date in the report of ``period``.

    A programme with an end (Hofors: 2021-01-01 to 2023-03-01, seed 004) states its
    targets for the whole programme; a report of a period before that end can only show
    the way so far ("hittills", issue 22, finding 5).  A programme without an end
    (REBUS, decided each operating year, seed 001) judges each period on its own.
    """
    return spec.valid_to is not None and period.ends_on < spec.valid_to


def to_date_span(spec: ProgrammeSpec, period: Period, as_of: date) -> Span | None:
    """From the programme's start to ``as_of``, when the targets are judged to date and
    the period began after the programme did (otherwise the two are the same span)."""
    if not whole_programme_judged(spec, period) or period.starts_on <= spec.valid_from:
        return None
    return Span("to_date", spec.valid_from, as_of)


def year_spans(spec: ProgrammeSpec, as_of: date) -> list[Span]:
    """Each calendar year from the programme's start to ``as_of`` (clipped to both)."""
    return [Span(str(year), max(date(year, 1, 1), spec.valid_from),
                 min(date(year, 12, 31), as_of))
            for year in range(spec.valid_from.year, as_of.year + 1)]
