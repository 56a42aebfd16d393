"""Giving a case to another coordinator, within the programme's caseload per coordinator.

``capacity.caseload_per_coordinator`` is kept here as in enrolment, bulk enrolment and
import (:func:`engine.rules.capacity.caseload_room`, one rule for all four): a hard
limit refuses, a soft one says so with the change.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError
from engine.rules.capacity import caseload_room
from engine.service.cases.materialize import save_case_change
from engine.service.shared.context import Context, load_case, snapshot, spec_of_case
from engine.service.shared.text_checks import check_values
from engine.store.tables import CaseRow, ObligationRow


def held_by(session: Session, spec: ProgrammeSpec, coordinator: str) -> int:
    """Active cases ``coordinator`` holds in the programme."""
    return int(session.exec(select(func.count()).select_from(CaseRow).where(
        CaseRow.programme_id == spec.id, CaseRow.status == "active",
        CaseRow.coordinator == coordinator)).one())


def reassign(ctx: Context, case_id: int, coordinator: str, actor: str,
             expected_version: int | None = None) -> tuple[int, list[str]]:
    """Make ``coordinator`` the case's coordinator; returns (new version, notices)."""
    coordinator = coordinator.strip()
    if not coordinator:
        raise InputError("the coordinator is missing", kind="text_empty",
                         what="the coordinator's name")
    check_values(CaseRow.__table__, {"coordinator": coordinator})  # type: ignore[attr-defined]
    with ctx.transaction() as session:
        case = load_case(session, case_id, expected_version)
        spec = spec_of_case(session, case)
        if case.coordinator == coordinator:
            return case.row_version, []
        notices = (caseload_room(spec, coordinator, held_by(session, spec, coordinator))
                   if case.status == "active" else [])
        before = snapshot(case)
        case.coordinator = coordinator
        # The open obligations are listed by coordinator (the inbox's index).
        for row in session.exec(select(ObligationRow).where(
                col(ObligationRow.case_id) == case_id)).all():
            row.coordinator = coordinator
        version = save_case_change(ctx, session, case, spec, actor, "reassign", before,
                                   coordinator=coordinator)
        return version, notices
