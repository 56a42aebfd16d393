"""The programme calendar as a pure function of (definition, span).

Reports with their periods and due dates (and the draft a set number of working days
before each, for its author), scheduled meetings (steering group, board,
researcher check-ins, process days), yearly evaluation stages with their steps and the
decision meeting they must precede, and the start and end of dated project phases.
"""

from __future__ import annotations

from datetime import date

from engine.dates.durations import previous_working_day
from engine.dates.recurrence import cadence_periods, expand_schedule, month_day_in
from engine.definitions.spec import MeetingSpec, ProgrammeSpec, ReminderSpec, ReportSpec
from engine.rules.obligations import Obligation, adjust_due, reminder_dates


def programme_calendar(spec: ProgrammeSpec, span_from: date, span_to: date) -> list[Obligation]:
    """Every programme-level event due within [span_from, span_to], sorted by date."""
    out: list[Obligation] = []
    for report in spec.reports:
        out.extend(_reports(spec, report, span_to))
    for meeting in spec.meetings:
        out.extend(_meetings(spec, meeting, span_from, span_to))
    out.extend(_evaluations(spec, span_from, span_to))
    for phase in spec.project_phases:
        out.append(_event(spec, key=f"project_phase:{phase.id}:start", kind="project_phase_start",
                          name=f"{phase.name} börjar", due=phase.from_on,
                          rule=f"project_phases.{phase.id}", source=phase.source,
                          period_from=phase.from_on, period_to=phase.to_on))
        if phase.to_on is not None:
            out.append(_event(spec, key=f"project_phase:{phase.id}:end", kind="project_phase_end",
                              name=f"{phase.name} slutar (sista dag)", due=phase.to_on,
                              rule=f"project_phases.{phase.id}", source=phase.source,
                              period_from=phase.from_on, period_to=phase.to_on))
    inside = [o for o in out if span_from <= o.due_on <= span_to]
    return sorted(inside, key=lambda o: (o.due_on, o.key))


def _event(spec: ProgrammeSpec, *, key: str, kind: str, name: str, due: date, rule: str,
           source: str, reminder: ReminderSpec | None = None, **extra: object) -> Obligation:
    remind_on = escalate_on = escalate_to = None
    if reminder is not None:
        remind_on, escalate_on, escalate_to = reminder_dates(due, reminder)
    return Obligation(key=key, scope="programme", kind=kind, name=name, due_on=due, rule=rule,
                      source=source, remind_on=remind_on, escalate_on=escalate_on,
                      escalate_to=escalate_to, **extra)  # type: ignore[arg-type]


def report_periods(spec: ProgrammeSpec, report: ReportSpec,
                   span_to: date) -> list[tuple[int, date, date]]:
    """(number, first day, last day) of each period of ``report`` up to ``span_to``."""
    if report.cadence == "explicit":
        return [(p.number, p.from_on, p.to_on) for p in report.periods]
    periods = cadence_periods(report.cadence, spec.valid_from, spec.valid_to, span_to)
    if report.periods_of_year is not None:
        months = {"quarterly": 3, "half_year": 6}.get(report.cadence, 12)
        periods = [(start, end) for start, end in periods
                   if (start.month - 1) // months + 1 in report.periods_of_year]
    return [(n, start, end) for n, (start, end) in enumerate(periods, start=1)]


def draft_day(report: ReportSpec, start: date, due: date) -> date | None:
    """The working day the draft of a report due on ``due`` goes to its author.

    ``draft_before`` before the due date, on a working day (the one before, when it
    falls on a day off), never before the period's first day; None without a draft
    (no author, or ``draft_before: 0 days``).
    """
    if report.author is None or report.draft_before.amount == 0:
        return None
    return max(start, previous_working_day(report.draft_before.before(due)))


def _reports(spec: ProgrammeSpec, report: ReportSpec, span_to: date) -> list[Obligation]:
    out = []
    for number, start, end in report_periods(spec, report, span_to):
        due = adjust_due(report.due.after(end), spec.due_on_non_working_day)
        single = report.cadence == "final" or (report.cadence == "explicit"
                                               and len(report.periods) == 1)
        label = "" if single else f" {number}"
        drafted = draft_day(report, start, due)
        if drafted is not None and drafted < due:
            out.append(_event(
                spec, key=f"report_draft:{report.id}:{number}", kind="report_draft",
                name=f"Utkast: {report.name}{label} ({start.isoformat()} – {end.isoformat()})",
                due=drafted, rule=report.rule, source=report.source, period_from=start,
                period_to=end, number=number, responsible=report.author,
                note=f"rapporten ska vara klar {due.isoformat()}"))
        out.append(_event(
            spec, key=f"report:{report.id}:{number}", kind="report",
            name=f"{report.name}{label} ({start.isoformat()} – {end.isoformat()})", due=due,
            rule=report.rule, source=report.source, reminder=report.reminder,
            period_from=start, period_to=end, number=number, responsible=report.author,
            recipients=report.recipients))
    return out


def _meetings(spec: ProgrammeSpec, meeting: MeetingSpec, span_from: date,
              span_to: date) -> list[Obligation]:
    last = min(span_to, spec.valid_to) if spec.valid_to else span_to
    starts = meeting.schedule.starts or spec.valid_from
    dates = expand_schedule(meeting.schedule.rrule, starts, meeting.schedule.dates,
                            max(span_from, spec.valid_from), last)
    return [_event(spec, key=f"meeting:{meeting.id}:{day.isoformat()}", kind="meeting",
                   name=meeting.name, due=day, rule=meeting.rule, source=meeting.source,
                   reminder=meeting.reminder, responsible=meeting.responsible,
                   attendees=meeting.attendees)
            for day in dates]


def _evaluations(spec: ProgrammeSpec, span_from: date, span_to: date) -> list[Obligation]:
    out = []
    for evaluation in spec.evaluations:
        meeting = next(m for m in spec.meetings if m.id == evaluation.decision_meeting)
        for year in range(max(span_from.year, spec.valid_from.year), span_to.year + 1):
            start = month_day_in(year, evaluation.collect_from)
            complete = month_day_in(year, evaluation.complete_by)
            if start < spec.valid_from or (spec.valid_to and complete > spec.valid_to):
                continue
            # Steps and the deadline are due dates: off days move like any other.
            complete = adjust_due(complete, spec.due_on_non_working_day)
            decisions = [d for d in expand_schedule(
                meeting.schedule.rrule, meeting.schedule.starts or spec.valid_from,
                meeting.schedule.dates, date(year, 1, 1), date(year, 12, 31)) if d > complete]
            note = (f"beslut i {meeting.name} {decisions[0].isoformat()}" if decisions
                    else f"inget {meeting.name} efter {complete.isoformat()} detta år")
            rule, src = evaluation.rule, evaluation.source
            out.append(_event(spec, key=f"evaluation:{evaluation.id}:{year}:start",
                              kind="evaluation_start", name=f"{evaluation.name}: insamling börjar",
                              due=start, rule=rule, source=src, period_from=start,
                              period_to=complete, note=note))
            for step in evaluation.steps:
                out.append(_event(spec, key=f"evaluation:{evaluation.id}:{year}:{step.id}",
                                  kind="evaluation_step", name=step.name,
                                  due=adjust_due(month_day_in(year, step.due),
                                                 spec.due_on_non_working_day), rule=rule,
                                  source=step.source, reminder=evaluation.reminder,
                                  responsible=step.by))
            out.append(_event(spec, key=f"evaluation:{evaluation.id}:{year}:complete",
                              kind="evaluation_deadline",
                              name=f"{evaluation.name}: ska vara färdigställd", due=complete,
                              rule=rule, source=src, reminder=evaluation.reminder,
                              period_from=start, period_to=complete, note=note))
    return out
