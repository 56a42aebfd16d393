"""Programme-calendar events at run time: find one, refuse it early, run it, record it.

Plain engine code, no Prefect: the calendar flow (:mod:`workflows.flows`) and ``stegvis
event run`` call :func:`run_calendar_event`, and tests call it directly.  An event
runs on its day or later, never before it (a manual run 29 days early would use the
event up), unless a draft is asked for explicitly.  Reports, their drafts and the
evaluation's start and deadline produce documents exactly once
(:mod:`engine.service.programme.report_runs`).  An event is named by its programme and the key
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
from engine.errors import RefusedError
from engine.rules.obligations import Obligation
from engine.rules.programme_calendar import programme_calendar
from engine.service.programme.report_runs import (
    CALENDAR_ACTOR,
    PURPOSES,
    RunResult,
    draft_now,
    reissue,
    run_report_event,
)
from engine.service.shared.context import Context
from engine.service.shared.published import running_spec
from engine.store.database import for_writing
from engine.store.delivery_tables import CalendarRunRow

_R: Table = CalendarRunRow.__table__  # type: ignore[attr-defined]

#: How far past the run's day an event is looked for (a report due after its period).
_LOOK_AHEAD = timedelta(days=800)


class EventNotFound(RefusedError):
    """The programme's calendar has no such event (the definition changed, or a typo)."""


class EarlyRun(RefusedError):
    """A calendar event run before its day (or for a day still to come): refused."""


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

    The row keeps the report period and, for an evaluation deadline that comes too late
    for its decision meeting, the flag as its note.
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


@dataclass(frozen=True, slots=True)
class CalendarRun:
    """What running one calendar event did: the event, its record, its documents."""

    event: Obligation
    recorded: EventRun | None
    produced: RunResult | None


def run_calendar_event(ctx: Context, spec: ProgrammeSpec, event_key: str, on: date,
                       today: date, *, draft: bool = False, again: bool = False,
                       actor: str = CALENDAR_ACTOR) -> CalendarRun:
    """Run ``event_key`` for the day ``on`` (today by the real clock is ``today``).

    Refused (:class:`EarlyRun`, nothing produced, nothing used up) for a day still to
    come, and before the event's own day unless ``draft``: then an extra draft of the
    report goes to its author and the event waits for its day.  ``again`` issues a
    report once more after corrections (a new archived version when its figures
    changed).  Otherwise the event runs exactly once however often it is started.
    """
    if on > today:
        raise EarlyRun(f"{spec.name}: {event_key} cannot run for {on}: that day has not come "
                       f"(today is {today}); nothing was produced")
    event = find_event(spec, event_key, on)
    if draft:
        return CalendarRun(event, None, draft_now(ctx, spec, event, actor))
    if on < event.due_on:
        days = (event.due_on - on).days
        raise EarlyRun(
            f"{spec.name}: {event.name} is due {event.due_on}; run on {on} it would be "
            f"used up {days} day(s) early, so it was refused and nothing was produced. It "
            "runs by itself on its day; for a draft now, ask for one explicitly "
            "(draft=True in Prefect, --draft with stegvis event run).")
    if again:
        return CalendarRun(event, None, reissue(ctx, spec, event, actor))
    produced = None
    if event.kind in PURPOSES:
        produced = run_report_event(ctx, spec, event, on, actor)
        if produced.outcome == "in_progress":  # the worker producing it records it
            return CalendarRun(event, None, produced)
    return CalendarRun(event, record_event_run(ctx, spec, event), produced)


def resume_unfinished(ctx: Context, today: date) -> list[CalendarRun]:
    """Finish the report runs whose worker died (their lease ran out): the delivery flow
    calls this before sending, so a killed run is produced and sent within minutes."""
    from engine.service.programme.report_runs import unfinished_runs

    out = []
    for programme, event_key, on in unfinished_runs(ctx):
        spec = running_spec(ctx, programme)
        out.append(run_calendar_event(ctx, spec, event_key, on, max(today, on)))
    return out
