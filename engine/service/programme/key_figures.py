"""Key figures of a programme for its steering group and board: aggregates only.

Counts of cases by status, enrolments and exits in a period with the exits by outcome,
follow-up meetings held, and open obligations overdue today.  Nothing here names or
points at a case: readers see figures, never a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, func, select

from engine.service.shared.context import Context
from engine.store.tables import OPEN_OBLIGATIONS, CaseRow, FollowUpRow, ObligationRow

_C = CaseRow.__table__  # type: ignore[attr-defined]
_F = FollowUpRow.__table__  # type: ignore[attr-defined]
_O = ObligationRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class KeyFigures:
    """One programme's figures for ``period_from``–``period_to`` (inclusive)."""

    programme_id: str
    period_from: date
    period_to: date
    active: int
    waiting: int
    enrolled: int
    exited: int
    outcomes: tuple[tuple[str, int], ...]
    follow_ups_held: int
    overdue: int


def key_figures(ctx: Context, programme_id: str, period_from: date, period_to: date,
                today: date) -> KeyFigures:
    """The figures (see module docstring); one query each, all aggregates."""
    c, f, o = _C.c, _F.c, _O.c
    mine = c.programme_id == programme_id
    with ctx.engine.connect() as connection:
        def count(*where: ColumnElement[bool]) -> int:
            return int(connection.execute(select(func.count()).select_from(_C)
                                          .where(mine, *where)).scalar_one())
        by_outcome = connection.execute(
            select(c.outcome, func.count()).where(mine, c.status == "exited",
                                                  c.exited_on.between(period_from, period_to))
            .group_by(c.outcome).order_by(func.count().desc(), c.outcome)).all()
        held = int(connection.execute(
            select(func.count()).select_from(_F.join(_C, c.id == f.case_id))
            .where(mine, f.held_on.between(period_from, period_to))).scalar_one())
        overdue = int(connection.execute(
            select(func.count()).select_from(_O)
            .where(and_(OPEN_OBLIGATIONS, o.programme_id == programme_id,
                        o.due_on < today))).scalar_one())
        return KeyFigures(
            programme_id, period_from, period_to, active=count(c.status == "active"),
            waiting=count(c.status == "waiting"),
            enrolled=count(c.enrolled_on.between(period_from, period_to),
                           c.status != "waiting"),
            exited=sum(int(n) for _, n in by_outcome),
            outcomes=tuple((str(k), int(n)) for k, n in by_outcome), follow_ups_held=held,
            overdue=overdue)
