"""The programme calendar as a pure function of (definition, span).

Reports with their periods and due dates (and the draft a set number of working days
before each, for its author), scheduled meetings (steering group, board,
researcher check-ins, process days), programme tasks due before meetings, yearly
evaluation stages with their steps and the decision meeting they must precede, and the
start and end of dated project phases.  Due dates move off non-working days as the
definition says; meetings and the start of an evaluation's collection are dates, not
due dates, and stay where they are.
"""

from __future__ import annotations

from datetime import date

from engine.dates.durations import previous_working_day
from engine.dates.recurrence import cadence_periods, month_day_in, month_periods
from engine.definitions.spec import MeetingSpec, ProgrammeSpec, ReminderSpec, ReportSpec
from engine.definitions.spec_calendar import EvaluationSpec
from engine.rules.calendar_due import (
    after_period,
    before_meeting_in_year,
    before_meetings,
    meeting,
    meeting_dates,
)
from engine.rules.obligations import Obligation, adjust_due, reminder_dates


def programme_calendar(spec: ProgrammeSpec, span_from: date, span_to: date) -> list[Obligation]:
    """Every programme-level event due within [span_from, span_to], sorted by date."""
    out: list[Obligation] = []
    for report in spec.reports:
        out.extend(_reports(spec, report, span_to))
    for found in spec.meetings:
        out.extend(_meetings(spec, found, span_from, span_to))
    out.extend(_programme_tasks(spec, span_from, span_to))
    for evaluation in spec.evaluations:
        out.extend(_evaluation(spec, evaluation, span_from, span_to))
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


def _periods(spec: ProgrammeSpec, report: ReportSpec,
             span_to: date) -> list[tuple[int, date, date, date]]:
    """(number, first day, last day, nominal last day) of each period up to ``span_to``."""
    if report.cadence == "explicit":
        return [(p.number, p.from_on, p.to_on, p.to_on) for p in report.periods]
    if report.cadence == "final":
        return [(1, start, end, end) for start, end in cadence_periods(
            "final", spec.valid_from, spec.valid_to, span_to)]
    months = report.months or {"quarterly": 3, "half_year": 6, "annual": 12}[report.cadence]
    periods = month_periods(months, spec.valid_from, spec.valid_to, span_to)
    if report.periods_of_year is not None:
        periods = [(start, end, nominal) for start, end, nominal in periods
                   if (nominal.month - 1) // months + 1 in report.periods_of_year]
    return [(n, start, end, nominal) for n, (start, end, nominal) in enumerate(periods, start=1)]


def report_periods(spec: ProgrammeSpec, report: ReportSpec,
                   span_to: date) -> list[tuple[int, date, date]]:
    """(number, first day, last day) of each period of ``report`` up to ``span_to``."""
    return [(n, start, end) for n, start, end, _ in _periods(spec, report, span_to)]


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
    for number, start, end, nominal in _periods(spec, report, span_to):
        due, note = after_period(spec, report.due, end, nominal)
        due = adjust_due(due or end, report.on_day_off or spec.due_on_non_working_day)
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
            recipients=report.recipients, note=note))
    return out


def _meetings(spec: ProgrammeSpec, found: MeetingSpec, span_from: date,
              span_to: date) -> list[Obligation]:
    return [_event(spec, key=f"meeting:{found.id}:{day.isoformat()}", kind="meeting",
                   name=found.name, due=day, rule=found.rule, source=found.source,
                   reminder=found.reminder, responsible=found.responsible,
                   attendees=found.attendees)
            for day in meeting_dates(spec, found, span_from, span_to)]


def _programme_tasks(spec: ProgrammeSpec, span_from: date, span_to: date) -> list[Obligation]:
    out = []
    for task in spec.programme_tasks:
        assert task.due.meeting is not None
        name = meeting(spec, task.due.meeting).name
        for day, deadline in before_meetings(spec, task.due, span_from, span_to):
            out.append(_event(
                spec, key=f"programme_task:{task.id}:{day.isoformat()}", kind="programme_task",
                name=f"{task.name} (inför {name} {day.isoformat()})",
                due=adjust_due(deadline, task.on_day_off or spec.due_on_non_working_day),
                rule=task.rule,
                source=task.source, reminder=task.reminder, responsible=task.responsible,
                attendees=task.attendees, note=f"inför {name} {day.isoformat()}"))
    return out


def _evaluation(spec: ProgrammeSpec, evaluation: EvaluationSpec, span_from: date,
                span_to: date) -> list[Obligation]:
    out = []
    decision = meeting(spec, evaluation.decision_meeting)
    policy = spec.due_on_non_working_day
    for year in range(max(span_from.year, spec.valid_from.year), span_to.year + 1):
        start = month_day_in(year, evaluation.collect_from)
        complete = evaluation_complete_by(spec, evaluation, year)
        if complete is None or start < spec.valid_from or (spec.valid_to
                                                           and complete > spec.valid_to):
            continue
        decisions = [d for d in meeting_dates(spec, decision, date(year, 1, 1),
                                              date(year, 12, 31)) if d > complete]
        note = (f"beslut i {decision.name} {decisions[0].isoformat()}" if decisions
                else f"inget {decision.name} efter {complete.isoformat()} detta år")
        rule, src = evaluation.rule, evaluation.source
        out.append(_event(spec, key=f"evaluation:{evaluation.id}:{year}:start",
                          kind="evaluation_start", name=f"{evaluation.name}: insamling börjar",
                          due=start, rule=rule, source=src, period_from=start,
                          period_to=complete, note=note))
        for step in evaluation.steps:
            if step.due is not None:
                due: date | None = month_day_in(year, step.due)
            else:
                assert step.before is not None
                found = before_meeting_in_year(spec, step.before, year, start)
                due = found[1] if found else None
            if due is None:
                continue  # no such meeting this year (validate reports it)
            # Steps are due dates like any other: a step due on a Sunday moves (issue 12).
            out.append(_event(spec, key=f"evaluation:{evaluation.id}:{year}:{step.id}",
                              kind="evaluation_step", name=step.name,
                              due=adjust_due(due, policy), rule=rule,
                              source=step.source, reminder=evaluation.reminder,
                              responsible=step.by))
        out.append(_event(spec, key=f"evaluation:{evaluation.id}:{year}:complete",
                          kind="evaluation_deadline",
                          name=f"{evaluation.name}: ska vara färdigställd",
                          due=adjust_due(complete, policy), rule=rule, source=src,
                          reminder=evaluation.reminder, period_from=start, period_to=complete,
                          note=note))
    return out


def evaluation_complete_by(spec: ProgrammeSpec, evaluation: EvaluationSpec,
                           year: int) -> date | None:
    """The day the evaluation must be complete in ``year`` (before moving off a day off),
    or None when it is due before a meeting that has no date that year."""
    if evaluation.complete_by is not None:
        return month_day_in(year, evaluation.complete_by)
    assert evaluation.complete_before is not None
    start = month_day_in(year, evaluation.collect_from)
    found = before_meeting_in_year(spec, evaluation.complete_before, year, start)
    return found[1] if found else None

