"""The one place where Stegvis asks what time it is.

Everything else takes the clock (or a date) as an argument, so tests move time by
passing another value instead of sleeping or patching.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

#: Time zone of everything a person sees (due dates, reminders, reports).
STOCKHOLM = ZoneInfo("Europe/Stockholm")

#: A clock returns the current instant, timezone-aware, in UTC.
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real current instant in UTC."""
    return datetime.now(UTC)


def fixed_clock(at: datetime) -> Clock:
    """A clock that always answers ``at`` (must be timezone-aware)."""
    if at.tzinfo is None:
        raise ValueError(f"fixed_clock needs a timezone-aware datetime, got {at!r}")
    return lambda: at


def today_in_stockholm(clock: Clock = system_clock) -> date:
    """The calendar date in Sweden at the clock's current instant."""
    return clock().astimezone(STOCKHOLM).date()
