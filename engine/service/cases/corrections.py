"""Taking back a change recorded by mistake: an exit, a completion, a follow-up, a move.

Each needs a reason, is one transaction, and keeps both the change and its undoing in
the audit log.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from engine.errors import InputError, RefusedError
from engine.service.cases.materialize import save_case_change
from engine.service.cases.operations import obligation_of, require_active
from engine.service.shared.change_stamp import change_stamp
from engine.service.shared.context import Context, load_case, snapshot, spec_of_case
from engine.store.privacy_tables import ErasureRow
from engine.store.tables import AuditRow, FollowUpRow, ObligationRow, PhaseEntryRow


def undo_exit(ctx: Context, case_id: int, actor: str, reason: str,
              expected_version: int | None = None) -> int:
    """Reopen a case whose exit was recorded by mistake (the audit log keeps both)."""
    if not reason.strip():
        raise InputError("say why the exit is undone", kind="reason_missing")
    with ctx.transaction() as session:
        case = load_case(session, case_id, expected_version)
        spec = spec_of_case(session, case)
        if case.status != "exited":
            raise RefusedError(f"case {case_id} is {case.status}, not exited",
                               kind="case_not_exited", status=case.status)
        if session.exec(select(ErasureRow.id).where(ErasureRow.case_id == case_id)).first():
            raise RefusedError(f"case {case_id} was erased by purge (past its retention "
                               "period); it cannot be reopened, enrol the person anew",
                               kind="case_erased")
        before = snapshot(case)
        case.status, case.exited_on, case.outcome = "active", None, None
        case.sub_outcome, case.completed, case.income_at_exit = None, None, None
        return save_case_change(ctx, session, case, spec, actor, "undo_exit", before, reason=reason)


def undo_complete(ctx: Context, case_id: int, key: str, actor: str, reason: str,
                  expected_version: int | None = None) -> int:
    """Reopen an obligation marked done by mistake (the audit log keeps both)."""
    if not reason.strip():
        raise InputError("say why the completion is undone", kind="reason_missing")
    with ctx.transaction() as session:
        case = load_case(session, case_id, expected_version)
        spec = spec_of_case(session, case)
        row = obligation_of(session, case_id, key, suggest_from="done")
        if row.status != "done":
            raise RefusedError(f"obligation {key!r} of case {case_id} is {row.status}, not "
                               "done", kind="obligation_not_done", name=row.name,
                               status=row.status)
        if row.kind == "follow_up":
            raise InputError(f"{key} is a follow-up meeting: undo it with stegvis "
                             "undo-follow-up", kind="undo_follow_up_instead", name=row.name)
        if row.kind == "post_exit_follow_up":
            raise RefusedError(f"{key} was completed by a recorded post-exit result, which "
                               "stays; nothing to reopen", kind="post_exit_stays",
                               name=row.name)
        before = snapshot(row)
        row.status, row.completed_on, row.completed_by = "open", None, None
        row.changed_at = change_stamp(session, ctx.now())  # the sweep looks at it again
        return save_case_change(ctx, session, case, spec, actor, "undo_complete", before,
                                obligation=key, reason=reason)


def undo_move(ctx: Context, case_id: int, actor: str, reason: str,
              expected_version: int | None = None) -> tuple[int, str]:
    """Take back the case's last phase move (made by mistake): the case is in the phase
    it came from again, as if it had never left.  Returns the new version and the phase
    it is back in."""
    if not reason.strip():
        raise InputError("say why the phase move is undone", kind="reason_missing")
    with ctx.transaction() as session:
        case = load_case(session, case_id, expected_version)
        spec = spec_of_case(session, case)
        require_active(case, spec, "undo a phase move")
        entries = session.exec(select(PhaseEntryRow).where(PhaseEntryRow.case_id == case_id)
                               .order_by(col(PhaseEntryRow.entered_on),
                                         col(PhaseEntryRow.id))).all()
        if len(entries) < 2:
            raise RefusedError(f"case {case_id} has not moved phase since its enrolment",
                               kind="no_move_to_undo")
        last, previous = entries[-1], entries[-2]
        before = {**snapshot(case), "phase_entry": snapshot(last)}
        case.phase = previous.phase
        session.delete(last)
        session.flush()
        version = save_case_change(ctx, session, case, spec, actor, "undo_move", before,
                                   undone=last.phase, reason=reason)
        return version, previous.phase


def undo_follow_up(ctx: Context, case_id: int, actor: str, reason: str,
                   expected_version: int | None = None) -> tuple[int, date]:
    """Remove the case's last recorded follow-up (recorded by mistake, or twice).

    The meeting's obligation is open again at its date, the series moves back, and an
    interval agreed at that meeting is put back as it was before it.  Only the last one:
    an earlier meeting is followed by others that were planned from it.  Returns the new
    version and the date of the meeting undone.
    """
    if not reason.strip():
        raise InputError("say why the follow-up is undone", kind="reason_missing")
    with ctx.transaction() as session:
        case = load_case(session, case_id, expected_version)
        spec = spec_of_case(session, case)
        require_active(case, spec, "undo a follow-up")
        meetings = session.exec(select(FollowUpRow).where(FollowUpRow.case_id == case_id)
                                .order_by(col(FollowUpRow.held_on), col(FollowUpRow.id))).all()
        if not meetings:
            raise RefusedError(f"case {case_id} has no follow-up to undo",
                               kind="no_follow_up_to_undo")
        last = meetings[-1]
        before = {**snapshot(case), "follow_up": snapshot(last)}
        held = session.exec(select(ObligationRow).where(
            ObligationRow.case_id == case_id, ObligationRow.key == f"follow_up:{len(meetings)}",
            ObligationRow.status == "done")).first()
        if held is not None:  # reconciling leaves done rows alone: reopen it first
            held.status, held.completed_on, held.note = "open", None, ""
            held.changed_at = change_stamp(session, ctx.now())  # see undo_complete
        case.agreed_interval = _interval_before(session, case_id, last.held_on,
                                                case.agreed_interval)
        session.delete(last)
        session.flush()
        version = save_case_change(ctx, session, case, spec, actor, "undo_follow_up", before,
                                   held_on=last.held_on.isoformat(), reason=reason)
        return version, last.held_on


def _interval_before(session: Session, case_id: int, held_on: date,
                     current: str | None) -> str | None:
    """The agreed interval before the follow-up of ``held_on`` was recorded (its audit)."""
    entries = session.exec(select(AuditRow).where(AuditRow.case_id == case_id,
                                                  AuditRow.action == "follow_up")
                           .order_by(col(AuditRow.id).desc())).all()
    for entry in entries:
        if (entry.after or {}).get("held_on") == held_on.isoformat() and entry.before:
            value = entry.before.get("agreed_interval")
            return value if isinstance(value, str) or value is None else current
    return current
