"""Due dates of programme-calendar items: after a period, on named days, before meetings.

A :class:`~engine.definitions.spec_calendar.CalendarDue` becomes a date here; the result
is then moved off non-working days like every other due date (by the caller).
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from engine.dates.recurrence import (
    day_of_month,
    expand_schedule,
    first_on_or_after,
    same_month_day,
)
from engine.definitions.spec import MeetingSpec, ProgrammeSpec
from engine.definitions.spec_calendar import CalendarDue

#: How far after a period's end a meeting is looked for (a report due before it).
MEETING_LOOK_AHEAD = timedelta(days=800)


def meeting(spec: ProgrammeSpec, meeting_id: str) -> MeetingSpec:
    """The meeting ``meeting_id`` of ``spec`` (checked by validate to exist)."""
    return next(m for m in spec.meetings if m.id == meeting_id)


def meeting_dates(spec: ProgrammeSpec, found: MeetingSpec, span_from: date,
                  span_to: date) -> list[date]:
    """The meeting's dates within [span_from, span_to] and the programme's validity."""
    last = min(span_to, spec.valid_to) if spec.valid_to else span_to
    starts = found.schedule.starts or spec.valid_from
    return expand_schedule(found.schedule.rrule, starts, found.schedule.dates,
                           max(span_from, spec.valid_from), last)


def after_period(spec: ProgrammeSpec, due: CalendarDue, end: date,
                 nominal_end: date) -> tuple[date | None, str]:
    """(due date, note) of an item whose period ends on ``end`` (``nominal_end`` before
    clipping to the programme's validity); None when no meeting follows the period."""
    if due.after is not None:
        return due.after.after(end), ""
    if due.on is not None:  # a fixed day (a final report due 2028-02-28)
        return due.on, ""
    if due.day is not None:
        month = date(end.year, end.month, 1) + relativedelta(months=due.months_after)
        return day_of_month(month.year, month.month, due.day), ""
    if due.on_days:
        wanted = (nominal_end.month, nominal_end.day)
        on = next((day for ends, day in due.on_days if same_month_day(ends, wanted)), None)
        if on is None:  # validate makes sure every period has its day
            return None, f"ingen dag angiven för perioder som slutar {nominal_end:%m-%d}"
        return first_on_or_after(end + timedelta(days=1), on), ""
    assert due.meeting is not None and due.before is not None
    found = meeting(spec, due.meeting)
    for day in meeting_dates(spec, found, end + timedelta(days=1), end + MEETING_LOOK_AHEAD):
        deadline = due.before.before(day)
        if deadline > end:
            return deadline, f"inför {found.name} {day.isoformat()}"
    return None, f"inget {found.name} efter {end.isoformat()}"


def before_meetings(spec: ProgrammeSpec, due: CalendarDue, span_from: date,
                    span_to: date) -> list[tuple[date, date]]:
    """(meeting date, deadline) for every meeting whose deadline can fall in the span."""
    assert due.meeting is not None and due.before is not None
    # A deadline falls before its meeting, so look a little past the span's end.
    ahead = span_to + timedelta(days=int(due.before.approx_days() * 2) + 14)
    found = meeting(spec, due.meeting)
    return [(day, due.before.before(day)) for day in meeting_dates(spec, found, span_from, ahead)]


def before_meeting_in_year(spec: ProgrammeSpec, due: CalendarDue, year: int,
                           not_before: date) -> tuple[date, date] | None:
    """(meeting date, deadline) for the year's first meeting on or after ``not_before``
    (an evaluation step due before the November board meeting), or None."""
    assert due.meeting is not None and due.before is not None
    days = meeting_dates(spec, meeting(spec, due.meeting), not_before, date(year, 12, 31))
    return (days[0], due.before.before(days[0])) if days else None
