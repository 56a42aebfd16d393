"""Programme-calendar events at run time: find one, check it, record that it ran.

Plain engine code, no Prefect: the calendar flow (:mod:`workflows.flows`) calls these,
and tests call them directly.  An event is named by its programme and the key
:func:`engine.rules.programme_calendar.programme_calendar` gives it (``report:arsrapport:3``,
``evaluation:arlig_utvardering:2026:complete``, ``meeting:styrgruppsmote:2026-02-11``).
A meeting served from its recurrence rule is scheduled as ``meeting:<id>``; the date of
the run completes its key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite

from engine.dates.recurrence import expand_schedule
from engine.definitions.spec import ProgrammeSpec
from engine.rules.obligations import Obligation
from engine.rules.programme_calendar import programme_calendar
from engine.service.context import Context
from engine.store.database import for_writing
from engine.store.tables import CalendarRunRow

_R: Table = CalendarRunRow.__table__  # type: ignore[attr-defined]

#: How far past the run's day an event is looked for (a report due after its period).
_LOOK_AHEAD = timedelta(days=800)


class EventNotFound(LookupError):
    """The programme's calendar has no such event (the definition changed, or a typo)."""


def full_key(event_key: str, on: date) -> str:
    """``meeting:<id>`` completed with the day it runs on; any other key unchanged."""
    parts = event_key.split(":")
    if parts[0] == "meeting" and len(parts) == 2:
        return f"{event_key}:{on.isoformat()}"
    return event_key


def find_event(spec: ProgrammeSpec, event_key: str, on: date) -> Obligation:
    """The calendar event ``event_key`` of ``spec`` (run on ``on``); EventNotFound if none."""
    key = full_key(event_key, on)
    last = max(on, spec.valid_from) + _LOOK_AHEAD
    for event in programme_calendar(spec, spec.valid_from, last):
        if event.key == key:
            return event
    raise EventNotFound(f"{spec.id} ({spec.file}): no programme-calendar event {key!r} "
                        f"between {spec.valid_from} and {last}; was it removed or renamed "
                        "in the definition?")


def evaluation_flag(spec: ProgrammeSpec, event: Obligation) -> str:
    """For an evaluation's completion date: why the decision meeting comes too early.

    Empty when the event is not an evaluation deadline or when a decision meeting
    follows the completion date in the same year, as it must.
    """
    if event.kind != "evaluation_deadline":
        return ""
    _, evaluation_id, year_text, _ = event.key.split(":")
    evaluation = next(e for e in spec.evaluations if e.id == evaluation_id)
    meeting = next(m for m in spec.meetings if m.id == evaluation.decision_meeting)
    year = int(year_text)
    after = expand_schedule(meeting.schedule.rrule, meeting.schedule.starts or spec.valid_from,
                            meeting.schedule.dates, event.due_on + timedelta(days=1),
                            date(year, 12, 31))
    if after:
        return ""
    return (f"{evaluation.name} {year} ska vara färdigställd {event.due_on.isoformat()}, men "
            f"inget {meeting.name} följer detta år: beslutet kommer före utvärderingen "
            f"({spec.file}, evaluations.{evaluation.id})")


@dataclass(frozen=True, slots=True)
class EventRun:
    """What recording one event's run did."""

    programme: str
    event_key: str
    kind: str
    due_on: date
    new: bool
    flag: str = ""
    note: str = ""


def record_event_run(ctx: Context, spec: ProgrammeSpec, event: Obligation) -> EventRun:
    """Store that ``event`` ran (once: a second run of the same event adds nothing).

    The row keeps the report period (until the reporting work lands, the report run
    only records that it ran and for which period) and, for an evaluation deadline
    that comes too late for its decision meeting, the flag as its note.
    """
    flag = evaluation_flag(spec, event)
    note = (flag or event.note)[:500]
    row: dict[str, Any] = dict(programme_id=spec.id, event_key=event.key, kind=event.kind,
                               name=event.name[:300], due_on=event.due_on,
                               period_from=event.period_from, period_to=event.period_to,
                               ran_at=ctx.now(), flagged=bool(flag), note=note)
    with for_writing(ctx.engine).begin() as connection:
        dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
        inserted = connection.execute(
            dialect.insert(_R).on_conflict_do_nothing(
                index_elements=["programme_id", "event_key"]).returning(_R.c.id), [row])
        new = bool(inserted.all())
    return EventRun(spec.id, event.key, event.kind, event.due_on, new, flag, note)
