"""A participant's obligations as a pure function of (definition, case facts, horizon).

The dry run (``stegvis simulate``) and the case engine use this same function: the
engine stores what it returns, keyed by :attr:`Obligation.key`, and recomputes it
whenever the case facts change (a follow-up held, a phase entered, an exit).
No clock is read here; the caller passes the horizon.
"""

from __future__ import annotations

from datetime import date, timedelta

from engine.dates.durations import Duration
from engine.definitions.spec import DurationLimitSpec, ProgrammeSpec, TaskSpec
from engine.rules.case_facts import CaseFacts as CaseFacts
from engine.rules.follow_ups import MAX_FOLLOW_UPS as MAX_FOLLOW_UPS
from engine.rules.follow_ups import series_obligations
from engine.rules.obligations import Obligation, Tier, participant_obligation


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


def extension_approver(limit: DurationLimitSpec, enrolled_on: date, ends_on: date) -> str | None:
    """The role that may approve extending a case so that it ends on ``ends_on``; None if
    no tier reaches that far.

    The tiers count the case's total extension, from the definition's limit, not the
    single request: "a longer extension is approved by the steering group" (seed 003)
    would otherwise be kept by asking three times for three months (issue 25).
    """
    base = limit_last_day(limit, enrolled_on)
    for tier in limit.extensions:
        if tier.up_to is None or ends_on <= extended_last_day(base, tier.up_to):
            return tier.approved_by
    return None


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
        elif task.when == "referral":
            # Counted from the referral; a case without a recorded referral date counts
            # from its enrolment, and says so.
            note = "" if facts.referred_on else "inget remissdatum: räknat från inskrivningen"
            out.append(_task(spec, task, facts.referred_on or facts.enrolled_on, "task",
                             spec.initial_phase, f"task:{task.id}", note=note))
        elif task.when == "phase_entry":
            for phase, entered_on in entries:
                if phase == task.phase and entered_on <= end:
                    out.append(_task(spec, task, entered_on, "task", phase,
                                     f"task:{task.id}:{entered_on.isoformat()}"))
    for follow in spec.follow_up_series:
        out.extend(series_obligations(spec, follow, facts, end))
    out.extend(_phase_limits(spec, facts, end))
    out.extend(_duration_limit(spec, facts))
    if facts.exited_on is not None and facts.outcome is not None:
        out.extend(_exit(spec, facts.exited_on, facts.outcome))
    return sorted((o for o in out if o.due_on <= until), key=lambda o: (o.due_on, o.key))


def _task(spec: ProgrammeSpec, task: TaskSpec, opened_on: date, default_kind: str,
          phase: str | None, key: str, note: str = "") -> Obligation:
    kind = task.kind if task.kind != "task" else default_kind
    return participant_obligation(
        spec, key=key, kind=kind, name=task.name, due=task.due.after(opened_on),
        reminder=task.reminder, rule=task.rule, source=task.source, phase=phase,
        attendees=task.attendees, responsible=task.responsible, note=note,
        opened_on=opened_on)


def _phase_limits(spec: ProgrammeSpec, facts: CaseFacts, end: date) -> list[Obligation]:
    """The last day of each visit to a phase with a time limit, and the warning before it.

    Kept while they matter: the limit when the participant was still in the phase after
    its last day (it was overrun), the warning when still in the phase on its day.  Once
    the phase is left in time, neither exists (a stored one is cancelled).
    """
    out = []
    for phase_id, entered, last_in_phase in facts.visits(spec):
        phase = spec.phase(phase_id)
        limit = phase.time_limit
        if limit is None or entered > end:
            continue
        counted = entered
        if limit.counted_from == "referral":  # "within six weeks of the referral"
            counted = facts.referred_on or facts.enrolled_on
        last_day = limit.max.after(counted) - timedelta(days=1)
        stem = f"{phase_id}:{entered.isoformat()}"
        if last_in_phase is None or last_in_phase > last_day:
            out.append(participant_obligation(
                spec, key=f"phase_limit:{stem}", kind="phase_limit",
                name=f"Sista dag i {phase.name} (högst {limit.max.swedish()}"
                     f"{' från anvisningen' if limit.counted_from == 'referral' else ''}): "
                     "gå vidare",
                due=last_day, reminder=limit.reminder, rule=limit.rule, source=limit.source,
                adjust=False, phase=phase_id))
        if limit.warn_before is not None:
            warning = limit.warn_before.before(last_day)
            if last_in_phase is None or last_in_phase >= warning:
                out.append(participant_obligation(
                    spec, key=f"phase_warning:{stem}", kind="phase_limit_warning",
                    name=f"Tiden i {phase.name} (högst {limit.max.swedish()}) går ut om "
                         f"{limit.warn_before.swedish()}: planera nästa steg",
                    due=warning, reminder=limit.reminder, rule=limit.rule,
                    source=limit.source, phase=phase_id))
    return out


def extension_tiers(spec: ProgrammeSpec, last_day: date) -> tuple[Tier, ...]:
    """Each extension tier: its ceiling, who approves it and how far it reaches from
    ``last_day`` (None for a tier of any length)."""
    if spec.duration is None:
        return ()
    return tuple((str(t.up_to) if t.up_to else None, t.approved_by,
                  t.up_to.after(last_day) if t.up_to else None)
                 for t in spec.duration.extensions)


def _duration_limit(spec: ProgrammeSpec, facts: CaseFacts) -> list[Obligation]:
    limit = spec.duration
    if limit is None:
        return []
    last_day = facts.extended_to or limit_last_day(limit, facts.enrolled_on)
    approver = limit.extensions[-1].approved_by if limit.extensions else None
    # After an extension the limit is the extension's, not the definition's (issue 23).
    name = ("Sista dag med den beviljade förlängningen: avsluta eller förläng igen"
            if facts.extended_to else
            f"Sista dag inom maxtiden ({limit.max.swedish()}): avsluta eller förläng")
    out = [participant_obligation(
        spec, key="duration:limit", kind="duration_limit", name=name,
        due=last_day, reminder=limit.reminder, rule=limit.rule, source=limit.source,
        adjust=False, note=f"longer extensions approved by {approver}" if approver else "",
        extension_tiers=extension_tiers(spec, last_day))]
    if limit.warn_before is not None:
        out.append(participant_obligation(
            spec, key="duration:warning", kind="duration_warning",
            name=(f"Förlängningen tar slut om {limit.warn_before.swedish()}: planera "
                  "avslutet eller ansök om mer tid" if facts.extended_to else
                  f"Maxtiden nås om {limit.warn_before.swedish()}: "
                  "planera avslut eller ansök om förlängning"),
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
        out.append(participant_obligation(
            spec, key=f"post_exit:{follow.id}", kind="post_exit_follow_up", name=follow.name,
            due=due, reminder=follow.reminder, rule=follow.rule, source=follow.source,
            responsible=follow.responsible, opened_on=exited_on,
            window_from=follow.window_before.before(due) if follow.window_before else None,
            window_to=follow.window_after.after(due) if follow.window_after else None))
    return out
