"""A participant's obligations as a pure function of (definition, case facts, horizon).

The dry run (``stegvis simulate``) and the case engine use this same function: the
engine stores what it returns, keyed by :attr:`Obligation.key`, and recomputes it
whenever the case facts change (a follow-up held, a phase entered, an exit).
No clock is read here; the caller passes the horizon.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from engine.dates.durations import Duration, next_working_day
from engine.definitions.spec import (
    DurationLimitSpec,
    FollowUpSpec,
    ProgrammeSpec,
    ReminderSpec,
    TaskSpec,
)
from engine.rules.obligations import Obligation, adjust_due, reminder_dates

#: Safety bound on follow-ups generated for one open-ended case.
MAX_FOLLOW_UPS = 1000


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What is known about one case; the timeline follows from these and the spec."""

    enrolled_on: date
    #: Phases entered after the initial phase, in order: (phase id, date entered).
    phase_entries: tuple[tuple[str, date], ...] = ()
    #: Dates follow-up meetings were actually held, in order.
    follow_ups_held: tuple[date, ...] = ()
    #: A tighter follow-up interval agreed with this participant.
    agreed_interval: Duration | None = None
    #: The date agreed at the last follow-up for the next one (the series continues
    #: from there).
    next_follow_up_on: date | None = None
    #: Last day of enrolment after approved extensions (None: the definition's limit).
    extended_to: date | None = None
    exited_on: date | None = None
    outcome: str | None = None

    def phase_on(self, spec: ProgrammeSpec, day: date) -> str:
        """The phase the participant is in on ``day`` (assuming no change after the last)."""
        current = spec.initial_phase
        for phase, entered_on in self.phase_entries:
            if entered_on <= day:
                current = phase
        return current


def limit_last_day(limit: DurationLimitSpec, enrolled_on: date) -> date:
    """The last day of enrolment under the definition's limit: the day before
    ``enrolled_on`` + the maximum (a year from 31 January ends on 30 January)."""
    return limit.max.after(enrolled_on) - timedelta(days=1)


def extended_last_day(last_day: date, length: Duration) -> date:
    """The last day after extending a period that ended on ``last_day`` by ``length``.

    The same rule as :func:`limit_last_day`, continued from the day after: so a year
    extended by six months ends where an 18-month limit would (29 March + 18 months
    ends on 28 September, not on the 29th that six months after 28 March gives).
    """
    return length.after(last_day + timedelta(days=1)) - timedelta(days=1)


def participant_timeline(spec: ProgrammeSpec, facts: CaseFacts, until: date) -> list[Obligation]:
    """Every obligation of the case due on or before ``until``, sorted by due date."""
    out: list[Obligation] = []
    end = facts.exited_on or until
    if spec.valid_to is not None:
        end = min(end, spec.valid_to)  # nobody is enrolled after the programme has ended
    entries = [(spec.initial_phase, facts.enrolled_on), *facts.phase_entries]
    for task in spec.tasks:
        if task.when == "enrolment":
            out.append(_task(spec, task, facts.enrolled_on, "task", spec.initial_phase,
                             f"task:{task.id}"))
        elif task.when == "phase_entry":
            for phase, entered_on in entries:
                if phase == task.phase and entered_on <= end:
                    out.append(_task(spec, task, entered_on, "task", phase,
                                     f"task:{task.id}:{entered_on.isoformat()}"))
    if spec.follow_ups is not None:
        out.extend(_follow_ups(spec, spec.follow_ups, facts, end))
    out.extend(_duration_limit(spec, facts))
    if facts.exited_on is not None and facts.outcome is not None:
        out.extend(_exit(spec, facts.exited_on, facts.outcome))
    return sorted((o for o in out if o.due_on <= until), key=lambda o: (o.due_on, o.key))


def _obligation(spec: ProgrammeSpec, *, key: str, kind: str, name: str, due: date,
                reminder: ReminderSpec, rule: str, source: str, adjust: bool = True,
                opened_on: date | None = None, **extra: object) -> Obligation:
    due_on = adjust_due(due, spec.due_on_non_working_day) if adjust else due
    if opened_on is not None and due_on < opened_on:
        # Nothing is due before the event that opens it: an exit on a Sunday with its
        # tasks "due 0 days" after it makes them due on Monday, not on the Friday before.
        due_on = next_working_day(opened_on)
    remind_on, escalate_on, escalate_to = reminder_dates(due_on, reminder)
    return Obligation(key=key, scope="participant", kind=kind, name=name, due_on=due_on,
                      rule=rule, source=source, remind_on=remind_on, escalate_on=escalate_on,
                      escalate_to=escalate_to, **extra)  # type: ignore[arg-type]


def _task(spec: ProgrammeSpec, task: TaskSpec, opened_on: date, default_kind: str,
          phase: str | None, key: str) -> Obligation:
    kind = task.kind if task.kind != "task" else default_kind
    return _obligation(spec, key=key, kind=kind, name=task.name, due=task.due.after(opened_on),
                       reminder=task.reminder, rule=task.rule, source=task.source, phase=phase,
                       attendees=task.attendees, responsible=task.responsible,
                       opened_on=opened_on)


def _follow_ups(spec: ProgrammeSpec, follow: FollowUpSpec, facts: CaseFacts,
                end: date) -> list[Obligation]:
    interval = facts.agreed_interval or follow.interval
    held = sorted(facts.follow_ups_held)
    out = []
    for number, held_on in enumerate(held, start=1):
        out.append(_follow_up(spec, follow, number, held_on, facts, note="held"))
    # Upcoming meetings are base + k × interval for k = first, first + 1, …
    if facts.next_follow_up_on is not None:  # a date agreed at the last meeting
        base, first = facts.next_follow_up_on, 0
    elif follow.anchor == "previous":
        base, first = (held[-1] if held else facts.enrolled_on), 1
    else:
        base, first = facts.enrolled_on, len(held) + 1
    for k in range(first, first + MAX_FOLLOW_UPS):
        due = interval.after(base, k)
        if due > end:
            break
        phase = facts.phase_on(spec, due)
        if follow.in_phases is not None and phase not in follow.in_phases:
            continue  # no meeting while in this phase; the series resumes if they return
        out.append(_follow_up(spec, follow, len(out) + 1, due, facts))
    return out


def _follow_up(spec: ProgrammeSpec, follow: FollowUpSpec, number: int, due: date,
               facts: CaseFacts, note: str = "") -> Obligation:
    return _obligation(
        spec, key=f"follow_up:{number}", kind="follow_up", name=f"{follow.name} {number}",
        due=due, reminder=follow.reminder, rule=follow.rule, source=follow.source,
        adjust=not note, phase=facts.phase_on(spec, due),
        window_from=follow.window_before.before(due) if follow.window_before else None,
        window_to=follow.window_after.after(due) if follow.window_after else None,
        attendees=follow.attendees, responsible=follow.responsible, number=number, note=note)


def _duration_limit(spec: ProgrammeSpec, facts: CaseFacts) -> list[Obligation]:
    limit = spec.duration
    if limit is None:
        return []
    last_day = facts.extended_to or limit_last_day(limit, facts.enrolled_on)
    approver = limit.extensions[-1].approved_by if limit.extensions else None
    out = [_obligation(
        spec, key="duration:limit", kind="duration_limit",
        name=f"Sista dag inom maxtiden ({limit.max.swedish()}): avsluta eller förläng",
        due=last_day, reminder=limit.reminder, rule=limit.rule, source=limit.source,
        adjust=False, note=f"longer extensions approved by {approver}" if approver else "")]
    if limit.warn_before is not None:
        out.append(_obligation(
            spec, key="duration:warning", kind="duration_warning",
            name=f"Maxtiden nås om {limit.warn_before.swedish()}: "
                 "planera avslut eller ansök om förlängning",
            due=limit.warn_before.before(last_day), reminder=limit.reminder, rule=limit.rule,
            source=limit.source))
    # After an exit the limit is moot; one due on the exit day itself was met by the exit.
    return [o for o in out if facts.exited_on is None or o.due_on <= facts.exited_on]


def _exit(spec: ProgrammeSpec, exited_on: date, outcome_id: str) -> list[Obligation]:
    outcome = spec.outcome(outcome_id)
    out = [_task(spec, task, exited_on, "exit_task", None, f"exit:{task.id}")
           for task in spec.tasks if task.when == "exit" and task.applies_to_outcome(outcome_id)]
    for follow in spec.post_exit_follow_ups:
        if follow.only_completers and not outcome.completed:
            continue
        due = follow.after.after(exited_on)
        out.append(_obligation(
            spec, key=f"post_exit:{follow.id}", kind="post_exit_follow_up", name=follow.name,
            due=due, reminder=follow.reminder, rule=follow.rule, source=follow.source,
            responsible=follow.responsible, opened_on=exited_on,
            window_from=follow.window_before.before(due) if follow.window_before else None,
            window_to=follow.window_after.after(due) if follow.window_after else None))
    return out
