"""Reading what is due, and a case as a whole.

The task list reads only the obligations table through its partial index over open
rows, so its cost grows with the rows it returns, not with every obligation stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import col
from sqlmodel import select as select_rows

from engine.errors import InputError, did_you_mean
from engine.service.shared.audit_texts import audit_entries
from engine.service.shared.context import Context, load_case, snapshot, spec_of_case
from engine.store.tables import (
    CASE_STATUSES,
    OPEN_OBLIGATIONS,
    AssessmentRow,
    CaseRow,
    ExtensionRequestRow,
    FollowUpRow,
    GoalRow,
    ObligationRow,
    ParticipantRow,
    PhaseEntryRow,
    PostExitResultRow,
    SurveyAnswerRow,
)


@dataclass(frozen=True, slots=True)
class TaskFilter:
    """Which open obligations to list; every field narrows the list."""

    coordinator: str | None = None
    programme: str | None = None
    municipality: str | None = None
    due_from: date | None = None
    due_to: date | None = None
    #: Only obligations overdue on this date (due before it).
    overdue_on: date | None = None
    limit: int = 1000


_OBLIGATIONS = ObligationRow.__table__  # type: ignore[attr-defined]
_TASK_COLUMNS = [c for c in _OBLIGATIONS.c if c.name != "id"]
_CASES = CaseRow.__table__  # type: ignore[attr-defined]
_PARTICIPANTS = ParticipantRow.__table__  # type: ignore[attr-defined]


def list_tasks(ctx: Context, which: TaskFilter) -> list[dict[str, Any]]:
    """Open obligations matching ``which``, soonest first, as plain dicts (ISO dates)."""
    if which.due_from and which.due_to and which.due_to < which.due_from:
        raise InputError(f"the due window ends ({which.due_to}) before it starts "
                         f"({which.due_from})")
    if which.limit < 1:
        raise InputError("the limit must be at least 1")
    o = _OBLIGATIONS.c
    statement = select(*_TASK_COLUMNS).where(OPEN_OBLIGATIONS)
    if which.coordinator:
        statement = statement.where(o.coordinator == which.coordinator)
    if which.programme:
        statement = statement.where(o.programme_id == which.programme)
    if which.municipality:
        statement = statement.where(o.municipality == which.municipality)
    if which.due_from:
        statement = statement.where(o.due_on >= which.due_from)
    if which.due_to:
        statement = statement.where(o.due_on <= which.due_to)
    if which.overdue_on:
        statement = statement.where(o.due_on < which.overdue_on)
    statement = statement.order_by(o.due_on, o.case_id, o.key).limit(which.limit)
    with ctx.engine.connect() as connection:
        return [_plain(row) for row in connection.execute(statement)]


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """Which cases to list; every field narrows the list."""

    coordinator: str | None = None
    programme: str | None = None
    municipality: str | None = None
    status: str | None = None
    limit: int = 1000


def list_cases(ctx: Context, which: CaseFilter, today: date) -> list[dict[str, Any]]:
    """A caseload: each case with its participant key, phase and open/overdue counts."""
    if which.status is not None and which.status not in CASE_STATUSES:
        raise InputError(f"status {which.status!r} is not one of {', '.join(CASE_STATUSES)}"
                         f"{did_you_mean(which.status, CASE_STATUSES)}")
    if which.limit < 1:
        raise InputError("the limit must be at least 1")
    c: Any = CaseRow.__table__.c  # type: ignore[attr-defined]
    p: Any = ParticipantRow.__table__.c  # type: ignore[attr-defined]
    o = _OBLIGATIONS.c
    open_count = select(func.count()).where(o.case_id == c.id, OPEN_OBLIGATIONS).scalar_subquery()
    overdue = select(func.count()).where(o.case_id == c.id, OPEN_OBLIGATIONS,
                                         o.due_on < today).scalar_subquery()
    statement = select(c.id, c.programme_id, p.key.label("participant"), c.status, c.phase,
                       c.coordinator, c.municipality, c.enrolled_on, c.planned_end_on,
                       c.exited_on, c.outcome, c.row_version, open_count.label("open"),
                       overdue.label("overdue")).join_from(_CASES, _PARTICIPANTS,
                                                           p.id == c.participant_id)
    for value, column in ((which.coordinator, c.coordinator), (which.programme, c.programme_id),
                          (which.municipality, c.municipality), (which.status, c.status)):
        if value:
            statement = statement.where(column == value)
    statement = statement.order_by(c.id).limit(which.limit)
    with ctx.engine.connect() as connection:
        return [_plain(row) for row in connection.execute(statement)]


def _plain(row: Any) -> dict[str, Any]:
    """A result row as a dict with ISO dates, as the CLI's --json prints it."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row._mapping.items()}


def count_due(ctx: Context, on: date) -> int:
    """How many open obligations are due on or before ``on`` (due today or overdue)."""
    o = _OBLIGATIONS.c
    with ctx.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(_OBLIGATIONS).where(
            OPEN_OBLIGATIONS, o.due_on <= on)).scalar_one())


def due_or_overdue(ctx: Context, on: date) -> list[tuple[int, str, date, str]]:
    """(case, key, due date, coordinator) of everything open and due on or before ``on``.

    A Core query over the partial index of open rows: its cost follows the rows it
    returns, not the rows stored (see bench/bench_case_engine.py).
    """
    o = _OBLIGATIONS.c
    with ctx.engine.connect() as connection:
        return [(r[0], r[1], r[2], r[3]) for r in connection.execute(
            select(o.case_id, o.key, o.due_on, o.coordinator)
            .where(OPEN_OBLIGATIONS, o.due_on <= on))]


def case_view(ctx: Context, case_id: int) -> dict[str, Any]:
    """Everything about one case: facts, phases, obligations, meetings, requests, audit.

    The identity number is never included.
    """
    with ctx.transaction(read_only=True) as session:
        case = load_case(session, case_id, for_update=False)
        spec = spec_of_case(session, case)
        person = session.get(ParticipantRow, case.participant_id)
        assert person is not None

        def rows(model: Any, case_column: Any, order: Any) -> list[dict[str, Any]]:
            return [snapshot(r) for r in session.exec(
                select_rows(model).where(case_column == case_id).order_by(col(order))).all()]

        obligations = session.exec(
            select_rows(ObligationRow).where(ObligationRow.case_id == case_id)
            .order_by(col(ObligationRow.due_on))).all()
        return {
            "case": snapshot(case),
            "programme": {"id": spec.id, "name": spec.name, "version": spec.version,
                          "content_hash": spec.content_hash},
            "participant": {"key": person.key, "gender": person.gender,
                            "birth_year": person.birth_year,
                            "municipality": person.municipality,
                            "identity_number_on_file": person.personnummer is not None},
            "phases": [snapshot(p) for p in session.exec(
                select_rows(PhaseEntryRow).where(PhaseEntryRow.case_id == case_id)
                .order_by(col(PhaseEntryRow.entered_on), col(PhaseEntryRow.id))).all()],
            "obligations": [{k: v for k, v in snapshot(o).items() if k != "id"}
                            for o in obligations],
            "follow_ups": [snapshot(f) for f in session.exec(
                select_rows(FollowUpRow).where(FollowUpRow.case_id == case_id)
                .order_by(col(FollowUpRow.held_on))).all()],
            "extension_requests": [snapshot(r) for r in session.exec(
                select_rows(ExtensionRequestRow)
                .where(ExtensionRequestRow.case_id == case_id)).all()],
            "goals": rows(GoalRow, GoalRow.case_id, GoalRow.id),
            "assessments": rows(AssessmentRow, AssessmentRow.case_id, AssessmentRow.assessed_on),
            "surveys": rows(SurveyAnswerRow, SurveyAnswerRow.case_id, SurveyAnswerRow.answered_on),
            "post_exit_results": rows(PostExitResultRow, PostExitResultRow.case_id,
                                      PostExitResultRow.found_on),
            "audit": audit_entries(session, [case_id]),
        }
