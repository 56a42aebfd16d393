"""A coordinator's caseload as a page of a list: searched, filtered, sorted, counted.

One query per page: the coordinator's open obligations aggregated per case (through the
partial index over open rows by coordinator and due date), joined to their cases, then
filtered and sorted by the next due date; and one count.  Its cost follows the
coordinator's own cases, not the database's size (bench/bench_web.py measures it at
100,000 participants).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import and_, case, func, literal, select

from engine.service.shared.context import Context
from engine.store.tables import OPEN_OBLIGATIONS, CaseRow, ObligationRow, ParticipantRow

Sort = Literal["next_due", "key", "enrolled"]
SORTS: tuple[Sort, ...] = ("next_due", "key", "enrolled")
_O: Any = ObligationRow.__table__  # type: ignore[attr-defined]
_C: Any = CaseRow.__table__  # type: ignore[attr-defined]
_P: Any = ParticipantRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class CaseSearch:
    """What a coordinator asks of their caseload; every field but the first narrows it."""

    coordinator: str
    #: A piece of the participant's key (any case of letters).
    key: str = ""
    programme: str = ""
    #: A phase of the programme (with ``programme``).
    phase: str = ""
    #: waiting, active or exited ('' for all).
    status: str = ""
    overdue_only: bool = False
    sort: Sort = "next_due"
    page: int = 1
    per_page: int = 50


@dataclass(frozen=True, slots=True)
class CaseLine:
    """One case of the list."""

    id: int
    participant: str
    programme_id: str
    status: str
    phase: str
    enrolled_on: date
    next_due_on: date | None
    open: int
    overdue: int


@dataclass(frozen=True, slots=True)
class CaseListPage:
    """A page of the list, and how many cases match in all."""

    lines: tuple[CaseLine, ...]
    total: int
    page: int
    pages: int


def _like(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere, its wildcards taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_caseload(ctx: Context, search: CaseSearch, today: date) -> CaseListPage:
    """The page of the coordinator's cases that ``search`` asks for.

    The page's cases are chosen first from the case ids alone (the coordinator index
    covers them) and their obligations' aggregate, then only those 50 rows are read with
    their participants: reading all 400 wide case rows to sort them was most of the
    page's time.  Cases with the same next date come in the order they were enrolled.
    """
    o, c, p = _O.c, _C.c, _P.c
    work = (select(o.case_id.label("case_id"), func.min(o.due_on).label("next_due"),
                   func.count().label("open"),
                   func.sum(case((o.due_on < today, 1), else_=0)).label("overdue"))
            .where(OPEN_OBLIGATIONS, o.coordinator == search.coordinator)
            .group_by(o.case_id).cte("work"))
    conditions = [c.coordinator == search.coordinator]
    by_key = search.sort == "key" or bool(search.key.strip())
    if search.key.strip():
        conditions.append(func.lower(p.key).like(_like(search.key.strip()), escape="\\"))
    if search.programme:
        conditions.append(c.programme_id == search.programme)
        if search.phase:
            conditions.append(and_(c.phase == search.phase, c.status == "active"))
    if search.status:
        conditions.append(c.status == search.status)
    if search.overdue_only:
        conditions.append(work.c.overdue > 0)
    cases = _C.join(_P, p.id == c.participant_id) if by_key else _C
    chosen = cases.outerjoin(work, work.c.case_id == c.id)
    counted = chosen if search.overdue_only else cases
    order = {"next_due": [work.c.next_due.is_(None), work.c.next_due],
             "key": [p.key], "enrolled": [c.enrolled_on.desc()]}[search.sort]
    with ctx.engine.connect() as connection:
        total = int(connection.execute(select(func.count()).select_from(counted)
                                       .where(*conditions)).scalar_one())
        pages = max(1, -(-total // search.per_page))
        page = min(max(1, search.page), pages)
        top = (select(c.id.label("id"), work.c.next_due.label("next_due"),
                      func.coalesce(work.c.open, literal(0)).label("open"),
                      func.coalesce(work.c.overdue, literal(0)).label("overdue"),
                      func.row_number().over(order_by=[*order, c.id]).label("place"))
               .select_from(chosen).where(*conditions).order_by(*order, c.id)
               .limit(search.per_page).offset((page - 1) * search.per_page)
               .cte("top").prefix_with("MATERIALIZED"))
        rows = connection.execute(
            select(c.id, p.key, c.programme_id, c.status, c.phase, c.enrolled_on,
                   top.c.next_due, top.c.open, top.c.overdue)
            .select_from(top.join(_C, c.id == top.c.id).join(_P, p.id == c.participant_id))
            .order_by(top.c.place)).all()
    return CaseListPage(tuple(CaseLine(r[0], r[1], r[2], r[3], r[4], _day(r[5]), _day(r[6]),
                                       int(r[7]), int(r[8])) for r in rows),
                        total, page, pages)


def _day(value: Any) -> Any:
    """A date as the driver gives it (SQLite's text, PostgreSQL's date)."""
    return date.fromisoformat(value) if isinstance(value, str) else value

