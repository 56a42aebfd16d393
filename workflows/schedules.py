"""What ``stegvis serve`` schedules, as plain data: a pure function of the definitions.

No Prefect here, so the plan is tested as data; :mod:`workflows.deployments` turns it
into Prefect deployments.  All times are local time in Europe/Stockholm, which Prefect
keeps across both daylight-saving changes.

- ``sweep``: every weekday morning at 06:30 (the sweep itself does nothing on Swedish
  holidays; the next working day catches up), one run for every programme: the
  overhead is constant, never one run per participant.
- ``deliver``: every quarter of an hour on weekdays from 07:00 to 17:45: the 07:00 run
  sends what the sweep made ready; the later ones send retries when their back-off
  has run out (a mail server that was down at 07:00 delays the digests by minutes,
  not a day) and find nothing otherwise, at the cost of one indexed query.
- ``calendar-<programme>``: the programme calendar at 07:30 on the day of each event
  (a report's draft for its author is an event of its own, ``report_draft:…``).
  A meeting with a recurrence rule becomes one RRULE schedule (the run's day completes
  its event key); reports, explicit meeting dates and evaluation stages become one
  single-run schedule per event within the planned span, since their dates come from
  periods and days of the year, not from a rule.  ``serve`` plans the span from today,
  so a change in a definition changes the schedules on the next ``serve``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Literal

from engine.dates.recurrence import check_rule, expand_schedule
from engine.definitions.spec import MeetingSpec, ProgrammeSpec
from engine.rules.programme_calendar import programme_calendar

TIMEZONE = "Europe/Stockholm"
#: When the morning sweep runs (local time): a replay of a day acts at this time.
SWEEP_AT = time(6, 30)
SWEEP_CRON = f"{SWEEP_AT.minute} {SWEEP_AT.hour} * * 1-5"
DELIVER_CRON = "*/15 7-17 * * 1-5"
#: Local time at which programme-calendar events run on their day.
EVENT_TIME = time(7, 30)
#: The calendar kinds that become schedules (project-phase starts and ends do not).
EVENT_KINDS = ("report_draft", "report", "meeting", "evaluation_start", "evaluation_step",
               "evaluation_deadline", "programme_task")

FlowName = Literal["sweep", "deliver", "programme_event"]


@dataclass(frozen=True, slots=True)
class PlannedSchedule:
    """One Prefect schedule: a cron or an RRULE in Europe/Stockholm, with parameters."""

    slug: str
    cron: str | None = None
    rrule: str | None = None
    timezone: str = TIMEZONE
    parameters: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlannedDeployment:
    """One deployment to serve: which flow, under which name, on which schedules."""

    name: str
    flow: FlowName
    description: str
    schedules: tuple[PlannedSchedule, ...]


def service_deployments() -> list[PlannedDeployment]:
    """The morning sweep and the delivery, each working morning, for every programme."""
    return [
        PlannedDeployment("sweep", "sweep", "Påminnelser: dagens notiser till utkorgen och "
                          "sammanställningar (vardagar 06:30)",
                          (PlannedSchedule("sweep-working-mornings", cron=SWEEP_CRON),)),
        PlannedDeployment("deliver", "deliver", "Skickar sammanställningarna per e-post "
                          "(vardagar 07:00, sedan omförsök var 15:e minut till 17:45)",
                          (PlannedSchedule("deliver-working-mornings", cron=DELIVER_CRON),)),
    ]


def _stamp(day: date) -> str:
    return f"{day:%Y%m%d}T{EVENT_TIME:%H%M%S}"


def meeting_rrule(spec: ProgrammeSpec, meeting: MeetingSpec) -> str:
    """The meeting's rule with its first day (and the programme's last day) at 07:30."""
    assert meeting.schedule.rrule is not None
    body = check_rule(meeting.schedule.rrule)
    starts = meeting.schedule.starts or spec.valid_from
    parts = {p.split("=", 1)[0].strip().upper() for p in body.split(";")}
    if spec.valid_to is not None and not parts & {"UNTIL", "COUNT"}:
        body += f";UNTIL={spec.valid_to:%Y%m%d}T235959"
    return f"DTSTART:{_stamp(starts)}\nRRULE:{body}"


def one_day_rrule(day: date) -> str:
    """A schedule that runs once, on ``day`` at 07:30."""
    return f"DTSTART:{_stamp(day)}\nRRULE:FREQ=DAILY;COUNT=1"


def calendar_schedules(spec: ProgrammeSpec, span_from: date,
                       span_to: date) -> list[PlannedSchedule]:
    """The schedules of ``spec``'s calendar events within [span_from, span_to].

    Meetings with a rule that has a date in the span: one RRULE schedule each, with
    ``event_key`` ``meeting:<id>``.  Every other event (reports, explicit meeting
    dates, evaluation start, steps and deadline): one single-run schedule with its
    full event key.
    """
    out: list[PlannedSchedule] = []
    by_rule = set()
    for meeting in spec.meetings:
        if not meeting.schedule.rrule:
            continue
        by_rule.add(meeting.id)
        last = min(span_to, spec.valid_to) if spec.valid_to else span_to
        starts = meeting.schedule.starts or spec.valid_from
        if not expand_schedule(meeting.schedule.rrule, starts, (),
                               max(span_from, spec.valid_from), last):
            continue
        out.append(PlannedSchedule(
            f"meeting:{meeting.id}", rrule=meeting_rrule(spec, meeting),
            parameters={"programme": spec.id, "event_key": f"meeting:{meeting.id}"}))
    for event in programme_calendar(spec, span_from, span_to):
        if event.kind not in EVENT_KINDS:
            continue
        if event.kind == "meeting" and event.key.split(":")[1] in by_rule:
            continue
        out.append(PlannedSchedule(event.key, rrule=one_day_rrule(event.due_on),
                                   parameters={"programme": spec.id, "event_key": event.key}))
    return out


def calendar_deployment(spec: ProgrammeSpec, span_from: date,
                        span_to: date) -> PlannedDeployment:
    """The programme's calendar as one deployment, ``calendar-<programme id>``."""
    return PlannedDeployment(f"calendar-{spec.id}", "programme_event",
                             f"{spec.name}: programkalendern (rapporter, möten, "
                             f"utvärderingar) från {spec.file}",
                             tuple(calendar_schedules(spec, span_from, span_to)))


def plan(specs: Iterable[ProgrammeSpec], span_from: date,
         span_to: date) -> list[PlannedDeployment]:
    """Everything to serve: sweep, delivery and each programme's calendar in the span.

    A programme whose calendar has nothing in the span gets no deployment.
    """
    if span_to < span_from:
        raise ValueError(f"the span ends ({span_to}) before it starts ({span_from})")
    out = service_deployments()
    for spec in sorted(specs, key=lambda s: s.id):
        deployment = calendar_deployment(spec, span_from, span_to)
        if deployment.schedules:
            out.append(deployment)
    return out
