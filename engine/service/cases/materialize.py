"""Keeping a case's stored obligations equal to what the timeline function says.

After every change to a case the timeline is recomputed and reconciled with the stored
rows by their stable key: new obligations are inserted, open ones whose dates moved are
updated, open ones that no longer apply (after an exit, an undo, a phase change) are
cancelled, and at an exit whatever was left undone is marked missed; done ones are
never touched.  Running it twice changes nothing.

Recurring follow-ups of open-ended cases are stored up to a horizon (``HORIZON_DAYS``
past today); every reconciliation, and the daily sweep, moves it forward.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from engine.dates.durations import Duration
from engine.definitions.spec import ProgrammeSpec
from engine.rules.case_rules import closed_by_exit, closed_by_leaving
from engine.rules.obligations import Obligation
from engine.rules.timeline import CaseFacts, limit_last_day, participant_timeline
from engine.service.shared.change_stamp import change_stamp
from engine.service.shared.context import Context, audit, bump_version, snapshot, spec_of_case
from engine.store.tables import CaseRow, FollowUpRow, ObligationRow, PhaseEntryRow

#: How far ahead recurring obligations of an open-ended case are stored.
HORIZON_DAYS = 400

#: Obligation fields stored as they are on each row.
COPIED_FIELDS = ("kind", "name", "phase", "due_on", "window_from", "window_to", "remind_on",
           "escalate_on", "escalate_to", "responsible", "rule", "source", "note")


@dataclass(frozen=True, slots=True)
class Reconciled:
    """What a reconciliation changed, by obligation key."""

    added: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()
    cancelled: tuple[str, ...] = ()


def case_facts(session: Session, case: CaseRow, spec: ProgrammeSpec | None = None) -> CaseFacts:
    """The facts the timeline function needs, read from the stored case (``spec``: the
    definition they are read for; default the case's own)."""
    entries = session.exec(select(PhaseEntryRow).where(PhaseEntryRow.case_id == case.id)
                           .order_by(col(PhaseEntryRow.entered_on), col(PhaseEntryRow.id))).all()
    meetings = session.exec(select(FollowUpRow).where(FollowUpRow.case_id == case.id)
                            .order_by(col(FollowUpRow.held_on), col(FollowUpRow.id))).all()
    spec = spec or spec_of_case(session, case)
    first = spec.follow_up_series[0].id if spec.follow_up_series else None
    # Meetings recorded without a series belong to the first (before 0011: the only) one.
    own = [m for m in meetings if m.series in (None, first)]
    others = tuple((str(m.series), m.held_on, m.next_on) for m in meetings
                   if m.series not in (None, first))
    return CaseFacts(
        enrolled_on=case.enrolled_on,
        phase_entries=tuple((e.phase, e.entered_on) for e in entries[1:]),
        follow_ups_held=tuple(m.held_on for m in own),
        next_follow_up_on=own[-1].next_on if own else None,
        agreed_interval=Duration.parse(case.agreed_interval) if case.agreed_interval else None,
        extended_to=case.extended_to, exited_on=case.exited_on, outcome=case.outcome,
        referred_on=case.referred_on, other_follow_ups=others)


def horizon(spec: ProgrammeSpec, case: CaseRow, today: date) -> date:
    """How far ahead to store obligations for this case."""
    ahead = max(today, case.enrolled_on) + timedelta(days=HORIZON_DAYS)
    if spec.duration is not None and case.exited_on is None:
        # The limit and its warning are always stored, however far an extension goes.
        ahead = max(ahead, case.extended_to or limit_last_day(spec.duration, case.enrolled_on))
    if case.exited_on is not None:
        last = max((f.after.after(case.exited_on) for f in spec.post_exit_follow_ups),
                   default=case.exited_on)
        ahead = max(ahead, last + timedelta(days=31))
    return ahead


def desired_obligations(spec: ProgrammeSpec, facts: CaseFacts, until: date,
                        status: str) -> list[Obligation]:
    """The obligations a case should have stored (none while on the waiting list)."""
    return [] if status == "waiting" else participant_timeline(spec, facts, until)


def to_row(case: CaseRow, obligation: Obligation) -> ObligationRow:
    """A new stored row for an obligation of ``case``."""
    held = obligation.note == "held"
    assert case.id is not None
    return ObligationRow(
        case_id=case.id, programme_id=case.programme_id, coordinator=case.coordinator,
        municipality=case.municipality, key=obligation.key,
        attendees=list(obligation.attendees), status="done" if held else "open",
        completed_on=obligation.due_on if held else None,
        **{name: getattr(obligation, name) for name in COPIED_FIELDS})


def save_case_change(ctx: Context, session: Session, case: CaseRow, spec: ProgrammeSpec,
                     actor: str, action: str, before: dict[str, Any] | None,
                     **details: Any) -> int:
    """Finish a change to a case: reconcile its obligations, bump its version (or raise
    ConflictError), write the audit entry; returns the case's new version."""
    reconcile(session, case, spec, ctx.today(), change_stamp(session, ctx.now()))
    bump_version(ctx, session, case)
    audit(ctx, session, actor, action, case.id, before, {**snapshot(case), **details})
    return case.row_version


def _closed_by_exit(case: CaseRow, key: str, due_on: date) -> str | None:
    """How an obligation ends when the case exits (:func:`closed_by_exit`)."""
    return closed_by_exit(case.exited_on if case.status == "exited" else None, key, due_on)


def reconcile(session: Session, case: CaseRow, spec: ProgrammeSpec, today: date,
              now: datetime) -> Reconciled:
    """Bring the case's stored obligations in line with its timeline (idempotent).

    ``now`` stamps rows that are new or whose dates moved, for the sweep to see.
    """
    existing = {r.key: r for r in session.exec(
        select(ObligationRow).where(ObligationRow.case_id == case.id)).all()}
    # Look at least as far as anything already stored, so that an obligation stored
    # further out (a 24-month follow-up after an exit that is then undone) is judged too.
    until = max([horizon(spec, case, today),
                 *(r.due_on for r in existing.values() if r.status == "open")])
    facts = case_facts(session, case, spec)
    desired = {o.key: o for o in desired_obligations(spec, facts, until, case.status)}
    added, moved, cancelled = [], [], []
    for key, obligation in desired.items():
        row = existing.get(key)
        if row is None:
            new = to_row(case, obligation)
            new.status = _closed_by_exit(case, key, new.due_on) \
                or closed_by_leaving(facts, key) or new.status
            new.changed_at = now
            session.add(new)
            added.append(key)
            continue
        if row.status == "done":
            continue
        closing = _closed_by_exit(case, key, obligation.due_on) or closed_by_leaving(facts, key)
        if closing is not None:
            if row.status != closing:
                row.status = closing
                cancelled.append(key)
            continue
        if obligation.note == "held":  # met: keep the date it was due, note when it was held
            row.status, row.completed_on, row.note = "done", obligation.due_on, "held"
            moved.append(key)
            continue
        changes = {name: getattr(obligation, name) for name in COPIED_FIELDS
                   if getattr(row, name) != getattr(obligation, name)}
        if list(row.attendees) != list(obligation.attendees):
            changes["attendees"] = list(obligation.attendees)
        if row.status in ("cancelled", "missed"):  # e.g. after an exit was undone
            changes["status"] = "open"
        for name, value in changes.items():
            setattr(row, name, value)
        if changes:
            row.changed_at = now
            moved.append(key)
    for key, row in existing.items():
        if key not in desired and row.status == "open" and row.due_on <= until:
            row.status = "cancelled"
            cancelled.append(key)
    case.materialized_until = until
    return Reconciled(tuple(added), tuple(moved), tuple(cancelled))
