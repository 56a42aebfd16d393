"""The dry run: what a definition produces for one participant enrolled on a date.

Combines the participant timeline and the programme calendar over one span.  A path can
be given: phases entered on dates (``moves``, each along a transition the definition
allows, guards assumed met), the referral date and follow-up meetings held.  Without a
path the participant stays in the initial phase; without a referral date deadlines from
the referral count from the enrolment.  When no exit is given and the programme has a
maximum duration, the dry run assumes the participant leaves on the last allowed day (or
when the programme ends): with the first completing outcome when the path ends in a
phase that completes, with a drop-out when it ends in one that does not, and with none
when the participant never left the first phase.  Moves and the exit are checked by the
case engine's own rules (:mod:`engine.rules.case_rules`).  Every assumption is stated in
the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from engine.dates.durations import Duration
from engine.definitions.spec import ProgrammeSpec
from engine.errors import Notice, StegvisError, did_you_mean
from engine.rules.case_facts import CaseFacts
from engine.rules.case_rules import checked_exit, checked_move, split_outcome
from engine.rules.obligations import Obligation
from engine.rules.programme_calendar import programme_calendar
from engine.rules.timeline import extended_last_day, limit_last_day, participant_timeline

#: The longest span a dry run covers (a span of 100 years once took minutes).
MAX_SPAN_YEARS = 25


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
    moves: tuple[tuple[str, date], ...] = ()
    referred_on: date | None = None
    sub_outcome: str | None = None
    #: An approved extension: its length, who decides it (a role id of the definition)
    #: and the last day of enrolment after it.
    extension: tuple[Duration, str, date] | None = None


@dataclass(frozen=True, slots=True)
class DryRunPath:
    """A participant's life as the dry run walks it (everything optional)."""

    #: Phases entered, in order: (phase id, date entered).
    moves: tuple[tuple[str, date], ...] = ()
    referred_on: date | None = None
    #: Follow-up meetings held: (series id or None for the only series, date).
    held: tuple[tuple[str | None, date], ...] = ()
    #: The exit's sub-outcome (one of the outcome's ``sub_outcomes``).
    sub_outcome: str | None = None
    #: An extension of the maximum duration, approved by the role the definition's tier
    #: for its length names.
    extension: Duration | None = None


def _task_name(spec: ProgrammeSpec, task_id: str) -> str:
    return next((t.name for t in spec.tasks if t.id == task_id), task_id)


def _enrolment_conditions(spec: ProgrammeSpec, start: date) -> list[Notice]:
    """What enrolment asks for that the dry run takes as given (issue 25): consent with
    its date, and the parties that count towards "known to at least N parties"."""
    rules, said = spec.eligibility, []
    if rules.consent_required:
        said.append(Notice(f"consent assumed given on or before the enrolment on "
                           f"{start.isoformat()}: the programme requires it, and enrolment "
                           "stores its date on the case (--consent-on)", "assumed_consent",
                           day=start))
    if rules.min_parties is not None and rules.counted_parties:
        names = ", ".join(p.name for p in spec.parties if p.id in rules.counted_parties)
        said.append(Notice(f"the participant is assumed an active case at {rules.min_parties} "
                           f"or more of {names}, named at enrolment (--active-at)",
                           "assumed_parties", count=rules.min_parties, parties=names))
    return said


def _check_moves(spec: ProgrammeSpec, start: date, moves: tuple[tuple[str, date], ...],
                 assumptions: list[str]) -> None:
    """Refuse a path the definition does not allow; note the guards assumed met.

    Each assumption is a :class:`Notice`: the command line prints its English, the web
    words its kind in the reader's language with the definition's names (no ids)."""
    current, since = spec.initial_phase, start
    guards: list[str] = []
    required: list[str] = []
    approvers: list[str] = []
    for phase, on in moves:
        if on < since and phase in {p.id for p in spec.phases}:
            raise StegvisError(f"--move {phase}@{on} is before entering {current!r} on {since}; "
                               "give the moves in order", kind="dry_run_move_order",
                               phase=spec.phase(phase).name, day=on,
                               previous=spec.phase(current).name, since=since)
        # The case engine's own check (engine.rules.case_rules), so both refuse alike.
        transition = checked_move(spec, current, phase, f"{spec.id}: --move {phase}@{on}")
        guards.extend(f"{t} before {current} → {phase}" for t in transition.requires)
        required.extend(_task_name(spec, t) for t in transition.requires)
        if transition.approved_by:
            guards.append(f"approval by {transition.approved_by} of {current} → {phase}")
            approvers.append(spec.role_name(transition.approved_by))
        current, since = phase, on
    said = "guards assumed met: " + "; ".join(guards)
    if required and approvers:
        assumptions.append(Notice(said, "assumed_requirements_approvals",
                                  required=required, approvers=approvers))
    elif required:
        assumptions.append(Notice(said, "assumed_requirements", required=required))
    elif approvers:
        assumptions.append(Notice(said, "assumed_approvals", approvers=approvers))


def _extension(spec: ProgrammeSpec, start: date,
               length: Duration | None) -> tuple[Duration, str, date] | None:
    """(length, the role that decides it, the last day after it), by the definition's
    tiers; refused when the programme has no maximum or no tier covers the length."""
    if length is None:
        return None
    if spec.duration is None or not spec.duration.extensions:
        raise StegvisError(f"{spec.id} has no maximum duration that can be extended",
                           kind="dry_run_no_extension")
    decider = spec.duration.approver_for(length)
    if decider is None:
        longest = spec.duration.extensions[-1].up_to
        raise StegvisError(f"{spec.id}: an extension of {length} is longer than any the "
                           f"definition allows ({longest})", kind="dry_run_extension_too_long",
                           length=length, longest=longest)
    return length, decider, extended_last_day(limit_last_day(spec.duration, start), length)


def simulate(spec: ProgrammeSpec, start: date, until: date | None = None,
             exit_on: date | None = None, outcome: str | None = None,
             path: DryRunPath | None = None) -> DryRun:
    """Dry-run ``spec`` for a participant enrolled on ``start`` (see module docstring)."""
    path = path or DryRunPath()
    assumptions: list[str] = []
    if not spec.accepts_enrolment_on(start):
        last = spec.enrolment_to or spec.valid_to
        period = (f"{spec.enrolment_from} – {last}" if last
                  else f"from {spec.enrolment_from}, open-ended")
        raise StegvisError(f"{spec.id}: enrolment on {start} lies outside the programme's "
                           f"enrolment period ({period})", kind="not_enrolling",
                           programme=spec.name, day=start)
    sub_outcome: str | None = path.sub_outcome
    if outcome is not None:
        outcome, written = split_outcome(outcome)   # "avbrott/flyttat"
        if written is not None and sub_outcome not in (None, written):
            raise StegvisError(f"{spec.id}: two sub-outcomes, {written!r} in --outcome and "
                               f"{sub_outcome!r}; give one")
        sub_outcome = sub_outcome or written
    if sub_outcome is not None and outcome is None:
        raise StegvisError("a sub-outcome needs the exit's --outcome", kind="dry_run_sub_alone")
    if outcome is not None:
        checked_exit(spec, spec.initial_phase, outcome, sub_outcome, spec.id, "",
                     where_allowed=False)
    if exit_on is not None and exit_on < start:
        raise StegvisError(f"exit date {exit_on} is before the enrolment date {start}",
                           kind="dry_run_exit_before_start", day=exit_on, start=start)
    if exit_on is not None and spec.valid_to is not None and exit_on > spec.valid_to:
        raise StegvisError(f"exit date {exit_on} is after the programme ends "
                           f"({spec.valid_to})", kind="dry_run_exit_after_end", day=exit_on,
                           end=spec.valid_to)
    extension = _extension(spec, start, path.extension)
    if path.referred_on is not None and path.referred_on > start:
        raise StegvisError(f"--referral {path.referred_on} is after the enrolment on {start}; "
                           "a participant is referred first")
    _check_moves(spec, start, path.moves, assumptions)
    if not path.moves:
        assumptions.append(Notice(f"no --move: the participant stays in the initial phase "
                                  f"'{spec.initial_phase}' throughout", "assumed_no_moves",
                                  phase=spec.phase(spec.initial_phase).name))
    assumptions.extend(_enrolment_conditions(spec, start))
    uses_referral = any(t.when == "referral" for t in spec.tasks) or any(
        f.starts == "referral" for f in spec.follow_up_series)
    if uses_referral and path.referred_on is None:
        assumptions.append(Notice("no --referral: deadlines from the referral count from the "
                                  "enrolment", "assumed_no_referral"))
    if exit_on is None and spec.duration is not None:
        exit_on = extension[2] if extension else limit_last_day(spec.duration, start)
        if spec.valid_to is None or exit_on <= spec.valid_to:
            assumptions.append(Notice(
                f"exit assumed on the last day within the maximum duration "
                f"({spec.duration.max}{' and the extension' if extension else ''}): "
                f"{exit_on.isoformat()}", "assumed_exit_at_limit", day=exit_on))
    if spec.valid_to is not None and (exit_on is None or exit_on > spec.valid_to):
        exit_on = spec.valid_to
        assumptions.append(Notice(f"exit assumed when the programme ends: "
                                  f"{exit_on.isoformat()}", "assumed_exit_at_end", day=exit_on))
    last_phase = path.moves[-1][0] if path.moves else spec.initial_phase
    if exit_on is not None and path.moves and exit_on < path.moves[-1][1]:
        raise StegvisError(f"the exit on {exit_on} comes before --move "
                           f"{path.moves[-1][0]}@{path.moves[-1][1]}",
                           kind="dry_run_exit_before_move", day=exit_on,
                           phase=spec.phase(path.moves[-1][0]).name, since=path.moves[-1][1])
    if exit_on is not None and outcome is None:
        if spec.phase(last_phase).completion_allowed:
            outcome = next(o.id for o in spec.outcomes if o.completed)
            assumptions.append(Notice(f"exit outcome assumed: {outcome}", "assumed_outcome",
                                      outcome=spec.outcome(outcome).name))
        elif path.moves:  # the path ends where nobody completes: the exit can only be a drop-out
            outcome = next((o.id for o in spec.outcomes if not o.completed),
                           spec.outcomes[0].id)
            assumptions.append(Notice(f"exit outcome assumed: {outcome} (the path ends in "
                                      f"'{last_phase}', from which nobody completes)",
                                      "assumed_drop_out", outcome=spec.outcome(outcome).name,
                                      phase=spec.phase(last_phase).name))
        else:  # never left the first phase: the case engine would not let them complete
            assumptions.append(Notice(
                f"no exit outcome assumed: the participant never leaves '{last_phase}', "
                "from which nobody completes (give --move to see an exit, or a drop-out "
                "--outcome)", "assumed_no_outcome", phase=spec.phase(last_phase).name))
    if exit_on is not None and outcome is not None:
        checked_exit(spec, last_phase, outcome, sub_outcome, spec.id,
                     "add --move to such a phase before the exit, or give a drop-out "
                     "--outcome")
    if until is None:
        # Long enough to show the last post-exit follow-up, or a year without an exit.
        if exit_on is not None:
            longest = max((f.after.after(exit_on) for f in spec.post_exit_follow_ups),
                          default=exit_on)
            until = max(longest, exit_on) + timedelta(days=31)
        else:
            until = start.replace(year=start.year + 1) - timedelta(days=1) \
                if not (start.month == 2 and start.day == 29) else date(start.year + 1, 2, 28)
            assumptions.append(Notice("no exit: the participant stays enrolled through the "
                                      "span", "assumed_no_exit"))
    if until < start:
        raise StegvisError(f"--until {until} is before the start {start}")
    if until > start + relativedelta(years=MAX_SPAN_YEARS):
        raise StegvisError(f"--until {until} is {relativedelta(until, start).years} years after "
                           f"the start; a dry run covers at most {MAX_SPAN_YEARS} years "
                           f"(--until {start + relativedelta(years=MAX_SPAN_YEARS)} at the "
                           "latest)")
    facts = _facts(spec, start, exit_on, outcome, path, extension)
    items = participant_timeline(spec, facts, until) + programme_calendar(spec, start, until)
    items.sort(key=lambda o: (o.due_on, o.scope != "participant", o.key))
    return DryRun(spec.id, spec.version, start, until, exit_on, outcome, tuple(assumptions),
                  tuple(items), path.moves, path.referred_on, sub_outcome, extension)


def _facts(spec: ProgrammeSpec, start: date, exit_on: date | None, outcome: str | None,
           path: DryRunPath, extension: tuple[Duration, str, date] | None) -> CaseFacts:
    first = spec.follow_up_series[0].id if spec.follow_up_series else None
    held_first: list[date] = []
    others: list[tuple[str, date, date | None]] = []
    ids = [f.id for f in spec.follow_up_series]
    for series, on in sorted(path.held, key=lambda h: h[1]):
        if not ids:
            raise StegvisError(f"{spec.id} has no follow-up series; --follow-up {on} "
                               "cannot be held")
        if series is None and len(ids) > 1:
            raise StegvisError(f"--follow-up {on}: {spec.id} has several follow-up series; "
                               f"write SERIES@DATE with one of {', '.join(ids)}")
        if series is not None and series not in ids:
            raise StegvisError(f"--follow-up {series}@{on}: no follow-up series {series!r}"
                               f"{did_you_mean(series, ids) or '; series: ' + ', '.join(ids)}")
        if on < start or (exit_on is not None and on > exit_on):
            raise StegvisError(f"--follow-up {on} lies outside the enrolment ({start} – "
                               f"{exit_on or 'open'})")
        if series in (None, first):
            held_first.append(on)
        else:
            others.append((str(series), on, None))
    return CaseFacts(enrolled_on=start, phase_entries=path.moves,
                     follow_ups_held=tuple(held_first), exited_on=exit_on, outcome=outcome,
                     referred_on=path.referred_on, other_follow_ups=tuple(others),
                     extended_to=extension[2] if extension else None)
