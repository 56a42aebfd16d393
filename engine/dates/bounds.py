"""The door for a date a person gives, and the bounds every date stays within.

Every programme, birth, follow-up and report Stegvis works with lies between
:data:`FIRST_DAY` and :data:`LAST_DAY`; durations are at most
:data:`engine.dates.durations.LONGEST` (100 years).  Together they keep every sum of a
date and a duration far below year 9999, where Python's dates end: a date typed as
9999-12-31, or an extension of 9999 years, is refused where it is read with one line,
instead of failing deep inside a calculation with ``year 12026 is out of range``.
"""

from __future__ import annotations

import re
from datetime import date

from engine.errors import InputError

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


def check_day(day: date, *, what: str = "the date") -> date:
    """``day`` when it lies between :data:`FIRST_DAY` and :data:`LAST_DAY`; InputError
    (kind ``date_out_of_range``) otherwise."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError(f"{what}: {day.isoformat()} is outside the dates Stegvis works with "
                         f"({FIRST_DAY} to {LAST_DAY})", kind="date_out_of_range", what=what,
                         first=FIRST_DAY, last=LAST_DAY)
    return day


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str, *, what: str = "the date") -> date:
    """A date written ``YYYY-MM-DD`` (or ``YYYYMMDD``, as the seeds write them), ASCII
    digits only, within the bounds; InputError (kind ``not_a_date`` with ``value``, or
    ``date_out_of_range``) otherwise."""
    cleaned = text.strip()
    if len(cleaned) == 8 and cleaned.isascii() and cleaned.isdigit():
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    try:
        # Exactly YYYY-MM-DD: fromisoformat also reads week dates ("2024-W05-1" is
        # 29 January), which nobody in Sweden means by ten characters in a date field.
        if not _ISO_DAY.fullmatch(cleaned):
            raise ValueError
        day = date.fromisoformat(cleaned)
    except ValueError:
        raise InputError(f"{what}: {text[:40]!r} is not a date (YYYY-MM-DD)",
                         kind="not_a_date", what=what, value=text.strip()[:40]) from None
    return check_day(day, what=what)
