"""The dry run: what a definition produces for one participant enrolled on a date.

Combines the participant timeline and the programme calendar over one span.  When no
exit is given and the programme has a maximum duration, the dry run assumes the
participant completes on the last allowed day with the first completing outcome, so
that exit tasks and post-exit follow-ups show too; the assumption is stated in the
result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from engine.definitions.spec import ProgrammeSpec
from engine.errors import StegvisError, did_you_mean
from engine.rules.obligations import Obligation
from engine.rules.programme_calendar import programme_calendar
from engine.rules.timeline import CaseFacts, limit_last_day, participant_timeline


@dataclass(frozen=True, slots=True)
class DryRun:
    """Result of a dry run: the assumptions made and every obligation in the span."""

    programme: str
    version: int
    start: date
    until: date
    exit_on: date | None
    outcome: str | None
    assumptions: tuple[str, ...] = ()
    obligations: tuple[Obligation, ...] = field(default_factory=tuple)


def simulate(spec: ProgrammeSpec, start: date, until: date | None = None,
             exit_on: date | None = None, outcome: str | None = None) -> DryRun:
    """Dry-run ``spec`` for a participant enrolled on ``start`` (see module docstring)."""
    assumptions: list[str] = []
    if not spec.accepts_enrolment_on(start):
        period = (f"{spec.enrolment_from} – {spec.valid_to}" if spec.valid_to
                  else f"from {spec.enrolment_from}, open-ended")
        raise StegvisError(f"{spec.id}: enrolment on {start} lies outside the programme's "
                           f"enrolment period ({period})")
    if outcome is not None:
        known = [o.id for o in spec.outcomes]
        if outcome not in known:
            raise StegvisError(f"{spec.id}: unknown exit outcome {outcome!r}"
                               f"{did_you_mean(outcome, known) or '; known: ' + ', '.join(known)}")
    if exit_on is not None and exit_on < start:
        raise StegvisError(f"exit date {exit_on} is before the enrolment date {start}")
    if exit_on is not None and spec.valid_to is not None and exit_on > spec.valid_to:
        raise StegvisError(f"exit date {exit_on} is after the programme ends "
                           f"({spec.valid_to})")
    if exit_on is None and spec.duration is not None:
        exit_on = limit_last_day(spec.duration, start)
        if spec.valid_to is None or exit_on <= spec.valid_to:
            assumptions.append(f"exit assumed on the last day within the maximum duration "
                               f"({spec.duration.max}): {exit_on.isoformat()}")
    if spec.valid_to is not None and (exit_on is None or exit_on > spec.valid_to):
        exit_on = spec.valid_to
        assumptions.append(f"exit assumed when the programme ends: {exit_on.isoformat()}")
    if exit_on is not None and outcome is None:
        outcome = next(o.id for o in spec.outcomes if o.completed)
        assumptions.append(f"exit outcome assumed: {outcome}")
    if until is None:
        # Long enough to show the last post-exit follow-up, or a year without an exit.
        if exit_on is not None:
            longest = max((f.after.after(exit_on) for f in spec.post_exit_follow_ups),
                          default=exit_on)
            until = max(longest, exit_on) + timedelta(days=31)
        else:
            until = start.replace(year=start.year + 1) - timedelta(days=1) \
                if not (start.month == 2 and start.day == 29) else date(start.year + 1, 2, 28)
            assumptions.append("no exit: the participant stays enrolled through the span")
    if until < start:
        raise StegvisError(f"--until {until} is before the start {start}")
    facts = CaseFacts(enrolled_on=start, exited_on=exit_on, outcome=outcome)
    items = participant_timeline(spec, facts, until) + programme_calendar(spec, start, until)
    items.sort(key=lambda o: (o.due_on, o.scope != "participant", o.key))
    return DryRun(spec.id, spec.version, start, until, exit_on, outcome, tuple(assumptions),
                  tuple(items))
