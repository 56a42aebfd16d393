"""A follow-up series' meetings: held ones as they were, upcoming ones from its start.

A series starts at enrolment, at the referral (the enrolment date when none is
recorded) or each time its phase is entered; it begins anew at every new entry into
that phase.  Upcoming meetings are ``base + k × interval``: from the series' start
(``anchor: start``), from the last meeting held (``previous``), or from the date agreed
at the last meeting.  Meetings fall only in ``in_phases`` and never after the exit.
"""

from __future__ import annotations

from datetime import date, timedelta

from engine.dates.durations import Duration
from engine.definitions.spec import FollowUpSpec, ProgrammeSpec
from engine.rules.case_facts import CaseFacts
from engine.rules.obligations import Obligation, participant_obligation

#: Safety bound on follow-ups generated for one open-ended case.
MAX_FOLLOW_UPS = 1000


def agreed_series(spec: ProgrammeSpec) -> FollowUpSpec | None:
    """The series a case's agreed (tighter) interval applies to: the only series, or
    the one that allows a tighter interval (validate allows one)."""
    if len(spec.follow_up_series) == 1:
        return spec.follow_up_series[0]
    return next((f for f in spec.follow_up_series if f.tightest_interval is not None), None)


def _interval(spec: ProgrammeSpec, follow: FollowUpSpec, facts: CaseFacts) -> Duration:
    agreed = facts.agreed_interval
    # An agreed interval of zero (stored before the service refused it) would put a
    # thousand meetings on one day; the definition's interval applies instead.
    if agreed is not None and agreed.amount > 0 and agreed_series(spec) == follow:
        return agreed
    return follow.interval


def series_starts(spec: ProgrammeSpec, follow: FollowUpSpec, facts: CaseFacts) -> list[date]:
    """The dates the series (re)starts on, in order; empty if it has not started."""
    if follow.starts == "referral":
        return [facts.referred_on or facts.enrolled_on]
    if follow.starts == "phase_entry":
        return [entered for phase, entered, _ in facts.visits(spec) if phase == follow.phase]
    return [facts.enrolled_on]


def series_obligations(spec: ProgrammeSpec, follow: FollowUpSpec, facts: CaseFacts,
                       end: date) -> list[Obligation]:
    """The series' meetings held, and those due up to ``end`` (see module docstring)."""
    held_dates, agreed_next = facts.held_in(spec, follow)
    held = sorted(held_dates)
    out = [_meeting(spec, follow, number, held_on, facts, note="held")
           for number, held_on in enumerate(held, start=1)]
    starts = [s for s in series_starts(spec, follow, facts) if s <= end]
    interval = _interval(spec, follow, facts)
    if interval.amount == 0:
        return out
    # Each (re)start runs until the next one; a meeting not held in an earlier run stays.
    for i, start in enumerate(starts):
        last_run = i == len(starts) - 1
        run_end = end if last_run else starts[i + 1] - timedelta(days=1)
        since = [h for h in held if start <= h <= run_end]
        if last_run and agreed_next is not None and since:  # agreed at the last meeting
            base, first = agreed_next, 0
        elif follow.anchor == "previous":
            base, first = (since[-1] if since else start), 1
        else:
            base, first = start, len(since) + 1
        for k in range(first, first + MAX_FOLLOW_UPS):
            due = interval.after(base, k)
            if due > run_end:
                break
            phase = facts.phase_on(spec, due)
            if follow.in_phases is not None and phase not in follow.in_phases:
                continue  # no meeting while in this phase; the series resumes if they return
            out.append(_meeting(spec, follow, len(out) + 1, due, facts))
    return out


def _meeting(spec: ProgrammeSpec, follow: FollowUpSpec, number: int, due: date,
             facts: CaseFacts, note: str = "") -> Obligation:
    return participant_obligation(
        spec, key=f"{follow.key}:{number}", kind="follow_up", name=f"{follow.name} {number}",
        due=due, reminder=follow.reminder, rule=follow.rule, source=follow.source,
        adjust=not note, phase=facts.phase_on(spec, due),
        window_from=follow.window_before.before(due) if follow.window_before else None,
        window_to=follow.window_after.after(due) if follow.window_after else None,
        attendees=follow.attendees_of(number), responsible=follow.responsible, number=number,
        note=note)
