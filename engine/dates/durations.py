"""Durations in definitions and the date arithmetic behind every due date.

A duration is written ``"<n> <unit>"``: ``"30 days"``, ``"2 weeks"``, ``"2 months"``,
``"1 year"``, ``"10 working days"`` (Swedish aliases work too: ``"2 månader"``,
``"10 arbetsdagar"``).

Month arithmetic is calendar arithmetic that clamps to the end of the month:
31 January + 1 month = 28 February (29 in a leap year); 29 February 2024 + 1 year =
28 February 2025.  A *series* (a follow-up every 2 months) is always computed from
its anchor, ``anchor + k × interval``, never by adding to the previous date, so a
series that starts on the 31st does not drift: 31 Jan → 29 Feb → 31 Mar → 30 Apr.

Working days are Monday–Friday except Swedish public holidays and the de facto
non-working days (midsommarafton, julafton, nyårsafton), taken from the ``holidays``
library rather than a hand-written list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import holidays
from dateutil.relativedelta import relativedelta

from engine.errors import InputError

Unit = Literal["days", "weeks", "months", "years", "working_days"]

_UNIT_WORDS: dict[str, Unit] = {
    "day": "days", "days": "days", "dag": "days", "dagar": "days",
    "week": "weeks", "weeks": "weeks", "vecka": "weeks", "veckor": "weeks",
    "month": "months", "months": "months", "månad": "months", "månader": "months",
    "year": "years", "years": "years", "år": "years",
    "working day": "working_days", "working days": "working_days",
    "arbetsdag": "working_days", "arbetsdagar": "working_days",
}

_SWEDISH: dict[Unit, tuple[str, str]] = {
    "days": ("dag", "dagar"), "weeks": ("vecka", "veckor"), "months": ("månad", "månader"),
    "years": ("år", "år"), "working_days": ("arbetsdag", "arbetsdagar"),
}

#: The regular expression the JSON Schema uses for a duration (kept in sync by a test).
DURATION_PATTERN = (
    r"^(0|[1-9][0-9]{0,3}) (days?|weeks?|months?|years?|working days?"
    r"|dag|dagar|vecka|veckor|månad|månader|år|arbetsdag|arbetsdagar)$"
)
_DURATION_RE = re.compile(DURATION_PATTERN)


class DateOutOfRange(InputError):
    """Date arithmetic went past the dates Python (and Stegvis) can hold."""


@dataclass(frozen=True, slots=True, order=True)
class Duration:
    """A length of time as written in a definition: an amount and a unit."""

    amount: int
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Parse ``"2 months"``; raise ValueError naming the bad text otherwise."""
        match = _DURATION_RE.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise ValueError(
                f"{text!r} is not a duration; expected a number and a unit, "
                "e.g. '30 days', '2 weeks', '2 months', '1 year' or '10 working days'"
            )
        return cls(int(match.group(1)), _UNIT_WORDS[match.group(2)])

    def __str__(self) -> str:
        unit = self.unit.replace("_", " ")
        return f"{self.amount} {unit[:-1] if self.amount == 1 else unit}"

    def swedish(self) -> str:
        """The duration in Swedish, for text people read: ``"2 månader"``."""
        one, many = _SWEDISH[self.unit]
        return f"{self.amount} {one if self.amount == 1 else many}"

    def after(self, start: date, times: int = 1) -> date:
        """The date ``times`` × this duration after ``start`` (see module doc);
        DateOutOfRange, one line, rather than an overflow deep in a calculation."""
        try:
            return self._after(start, times)
        except (OverflowError, ValueError):
            length = str(self) if times == 1 else f"{times} × {self}"
            raise DateOutOfRange(f"{length} after {start} is past the last date there is",
                                 kind="date_out_of_range", what=str(self), first=start,
                                 last=date.max) from None

    def _after(self, start: date, times: int) -> date:
        n = self.amount * times
        if self.unit == "days":
            return start + timedelta(days=n)
        if self.unit == "weeks":
            return start + timedelta(weeks=n)
        if self.unit == "months":
            return start + relativedelta(months=n)
        if self.unit == "years":
            return start + relativedelta(years=n)
        return add_working_days(start, n)

    def before(self, end: date) -> date:
        """The date this duration before ``end`` (clamping month ends likewise);
        DateOutOfRange before the first date there is."""
        try:
            return self._before(end)
        except (OverflowError, ValueError):
            raise DateOutOfRange(f"{self} before {end} is before the first date there is",
                                 kind="date_out_of_range", what=str(self), first=date.min,
                                 last=end) from None

    def _before(self, end: date) -> date:
        n = self.amount
        if self.unit == "days":
            return end - timedelta(days=n)
        if self.unit == "weeks":
            return end - timedelta(weeks=n)
        if self.unit == "months":
            return end - relativedelta(months=n)
        if self.unit == "years":
            return end - relativedelta(years=n)
        return add_working_days(end, -n)

    def approx_days(self) -> float:
        """Average length in days, for comparing durations of different units."""
        per_unit = {"days": 1.0, "weeks": 7.0, "months": 30.44, "years": 365.25,
                    "working_days": 7 / 5}
        return self.amount * per_unit[self.unit]

    def too_long(self) -> bool:
        """Whether it is longer than :data:`LONGEST` (100 years)."""
        return self.approx_days() > LONGEST.approx_days()


#: The longest duration Stegvis works with, wherever one is read (a definition, an
#: extension, an agreed interval): with the dates of engine.dates.bounds, every due
#: date stays far below year 9999.
LONGEST = Duration(100, "years")


def parse_duration(text: str, *, what: str = "the duration") -> Duration:
    """The door for a duration a person typed: :meth:`Duration.parse`, at most
    :data:`LONGEST`; InputError (kind ``duration_too_long``) naming ``what``."""
    try:
        found = Duration.parse(text)
    except ValueError as exc:
        raise InputError(str(exc), kind="not_a_duration", what=what,
                         value=str(text).strip()[:40]) from None
    if found.too_long():
        raise InputError(f"{what}: {found} is longer than {LONGEST}, the longest Stegvis "
                         "works with", kind="duration_too_long", what=what, length=found,
                         longest=LONGEST)
    return found


@lru_cache(maxsize=64)
def _swedish_holidays(year: int) -> holidays.HolidayBase:
    """Public holidays plus the de facto non-working eves (midsommar-, jul-, nyårsafton)."""
    return holidays.country_holidays(
        "SE", years=year, language="sv", categories=("public", "de_facto"),
        include_sundays=False,
    )


@lru_cache(maxsize=64)
def _non_working_days(year: int) -> frozenset[date]:
    return frozenset(_swedish_holidays(year).keys())


def holiday_name(day: date) -> str | None:
    """The Swedish name of the public or de facto holiday on ``day``, if any."""
    name = _swedish_holidays(day.year).get(day)
    return str(name) if name else None


def is_working_day(day: date) -> bool:
    """True on Monday–Friday that is not a Swedish public or de facto holiday."""
    return day.weekday() < 5 and day not in _non_working_days(day.year)


def add_working_days(start: date, n: int) -> date:
    """Move ``n`` working days from ``start`` (backwards when ``n`` is negative).

    ``start`` itself is not counted: 1 working day after Friday is Monday.
    """
    step = 1 if n >= 0 else -1
    day, left = start, abs(n)
    while left:
        day += timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def previous_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the nearest earlier one."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the nearest later one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
