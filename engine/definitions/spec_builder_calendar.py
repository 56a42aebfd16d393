"""Building the calendar part of a spec (meetings, reports, evaluations, programme tasks)
from checked data; see :mod:`engine.definitions.spec_builder`."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from engine.dates.durations import Duration
from engine.definitions.spec_calendar import (
    DEFAULT_DRAFT_BEFORE,
    CalendarDue,
    EvaluationSpec,
    EvaluationStepSpec,
    MeetingSpec,
    MonthDay,
    ProgrammeTaskSpec,
    ReportPeriod,
    ReportSpec,
    ScheduleSpec,
)
from engine.definitions.spec_common import ReminderSpec

Reminder = Callable[..., ReminderSpec]
Source = Callable[[dict[str, Any]], str]


def month_day(value: str) -> MonthDay:
    """``"10-31"`` → (10, 31)."""
    return int(value[:2]), int(value[3:])


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def calendar_due(value: Any) -> CalendarDue:
    """A due rule as written: a duration, ``{day, months_after}``, ``{dates: […]}`` or
    ``{before, meeting}``."""
    if isinstance(value, str):
        if _ISO_DATE.match(value):
            return CalendarDue(on=date.fromisoformat(value))
        return CalendarDue(after=Duration.parse(value))
    if "day" in value:
        return CalendarDue(day=int(value["day"]), months_after=int(value.get("months_after", 1)))
    if "dates" in value:
        return CalendarDue(on_days=tuple((month_day(e["period_ends"]), month_day(e["on"]))
                                         for e in value["dates"]))
    return CalendarDue(meeting=value["meeting"], before=Duration.parse(value["before"]))


def cadence_months(cadence: Any) -> int | None:
    """Months per period of ``cadence: {every: N months}`` (a year is 12), else None."""
    if not isinstance(cadence, dict):
        return None
    every = Duration.parse(cadence["every"])
    return every.amount * (12 if every.unit == "years" else 1)


def build_calendar(d: dict[str, Any], reminder: Reminder, src: Source) -> dict[str, Any]:
    """The calendar fields of :class:`~engine.definitions.spec.ProgrammeSpec`."""
    calendar = d.get("calendar", {})
    roles = {r["id"]: r for r in d["roles"]}

    def report(r: dict[str, Any]) -> ReportSpec:
        periods = tuple(ReportPeriod(p.get("number", i + 1), date.fromisoformat(p["from"]),
                                     date.fromisoformat(p["to"]))
                        for i, p in enumerate(r.get("periods", [])))
        gaps = tuple((date.fromisoformat(g["from"]), date.fromisoformat(g["to"]), g["reason"])
                     for g in r.get("intended_gaps", []))
        months = cadence_months(r["cadence"])
        return ReportSpec(
            id=r["id"], name=r["name"], cadence="months" if months else r["cadence"],
            periods=periods,
            periods_of_year=tuple(r["periods_of_year"]) if "periods_of_year" in r else None,
            intended_gaps=gaps, due=calendar_due(r["due"]), author=r.get("author"),
            recipients=tuple(r["recipients"]), language=r.get("language", d.get("language", "sv")),
            reminder=reminder(r), rule=f"calendar.reports.{r['id']}", source=src(r),
            months=months,
            draft_before=Duration.parse(r["draft_before"]) if "draft_before" in r
            else DEFAULT_DRAFT_BEFORE, on_day_off=r.get("on_day_off"))

    def meeting(m: dict[str, Any]) -> MeetingSpec:
        s = m["schedule"]
        per_year = m.get("per_year", {})
        body = roles.get(m["body"], {})
        # A body's meeting is the secretary's to prepare and the chair's to answer for,
        # never the coordinators' escalation role (issue 12).
        responsible = m.get("responsible") or body.get("secretary") or m["body"]
        escalate_to = body.get("chair")
        return MeetingSpec(
            id=m["id"], name=m["name"], body=m["body"], responsible=responsible,
            attendees=tuple(m.get("attendees", ())),
            per_year_min=per_year.get("min"), per_year_max=per_year.get("max"),
            schedule=ScheduleSpec(s.get("rrule"),
                                  date.fromisoformat(s["starts"]) if "starts" in s else None,
                                  tuple(date.fromisoformat(x) for x in s.get("dates", []))),
            reminder=reminder(m, escalate_to=escalate_to), rule=f"calendar.meetings.{m['id']}",
            source=src(m))

    def step(s: dict[str, Any]) -> EvaluationStepSpec:
        due = s["due"]
        return EvaluationStepSpec(s["id"], s["name"], s["by"],
                                  month_day(due) if isinstance(due, str) else None, src(s),
                                  None if isinstance(due, str) else calendar_due(due))

    def evaluation(e: dict[str, Any]) -> EvaluationSpec:
        complete = e["complete_by"]
        return EvaluationSpec(
            id=e["id"], name=e["name"], collect_from=month_day(e["collect_from"]),
            complete_by=month_day(complete) if isinstance(complete, str) else None,
            steps=tuple(step(s) for s in e.get("steps", [])),
            decision_meeting=e["decision_meeting"], reminder=reminder(e),
            rule=f"calendar.evaluations.{e['id']}", source=src(e),
            complete_before=None if isinstance(complete, str) else calendar_due(complete))

    def task(t: dict[str, Any]) -> ProgrammeTaskSpec:
        return ProgrammeTaskSpec(
            id=t["id"], name=t["name"], due=calendar_due(t["due"]),
            responsible=t.get("responsible"), attendees=tuple(t.get("attendees", ())),
            reminder=reminder(t), rule=f"calendar.tasks.{t['id']}", source=src(t),
            on_day_off=t.get("on_day_off"))

    return dict(
        meetings=tuple(meeting(m) for m in calendar.get("meetings", [])),
        reports=tuple(report(r) for r in calendar.get("reports", [])),
        evaluations=tuple(evaluation(e) for e in calendar.get("evaluations", [])),
        programme_tasks=tuple(task(t) for t in calendar.get("tasks", [])))
