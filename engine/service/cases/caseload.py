"""What a coordinator's web pages read: the inbox across the caseload, who owns a case,
and the programmes' display names.

The inbox reads the open obligations through the partial index over open rows by
coordinator and due date (``ix_obligations_open_coordinator``), so its cost follows the
coordinator's open rows up to the horizon shown, not the database's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import case, func, select

from engine.definitions.spec import ProgrammeSpec
from engine.service.shared.context import Context, load_case, spec_from_text, spec_of_case
from engine.store.tables import (
    OPEN_OBLIGATIONS,
    CaseRow,
    DefinitionVersionRow,
    ObligationRow,
    ParticipantRow,
)

Stage = Literal["overdue", "today", "week", "later"]
STAGES: tuple[Stage, ...] = ("overdue", "today", "week", "later")
_O = ObligationRow.__table__  # type: ignore[attr-defined]
_C = CaseRow.__table__  # type: ignore[attr-defined]
_P = ParticipantRow.__table__  # type: ignore[attr-defined]
_D = DefinitionVersionRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One open obligation of the coordinator's caseload, with where it belongs."""

    case_id: int
    key: str
    kind: str
    name: str
    due_on: date
    participant_key: str
    programme_id: str
    stage: Stage


def stage_of(due_on: date, today: date) -> Stage:
    """Overdue, today, the rest of this week (to Sunday), or later."""
    if due_on < today:
        return "overdue"
    if due_on == today:
        return "today"
    return "week" if due_on <= today + timedelta(days=6 - today.weekday()) else "later"


def _inbox_where(coordinator: str, today: date, soon_days: int, programme: str,
                 key: str) -> list[Any]:
    o, p = _O.c, _P.c
    where = [OPEN_OBLIGATIONS, o.coordinator == coordinator,
             o.due_on <= today + timedelta(days=soon_days)]
    if programme:
        where.append(o.programme_id == programme)
    if key.strip():
        escaped = key.strip().lower().replace("\\", "\\\\").replace("%", "\\%") \
            .replace("_", "\\_")
        where.append(func.lower(p.key).like(f"%{escaped}%", escape="\\"))
    return where


def inbox(ctx: Context, coordinator: str, today: date, soon_days: int = 14,
          limit: int = 500, programme: str = "", key: str = "") -> list[InboxItem]:
    """The coordinator's open obligations due up to ``soon_days`` ahead, overdue first
    (only ``programme``'s, only participants whose key holds ``key``, when given)."""
    o, c, p = _O.c, _C.c, _P.c
    statement = (select(o.case_id, o.key, o.kind, o.name, o.due_on, p.key, o.programme_id)
                 .select_from(_O.join(_C, c.id == o.case_id).join(_P, p.id == c.participant_id))
                 .where(*_inbox_where(coordinator, today, soon_days, programme, key))
                 .order_by(o.due_on, o.case_id, o.key).limit(limit))
    with ctx.engine.connect() as connection:
        rows = connection.execute(statement).all()
    return [InboxItem(r[0], r[1], r[2], r[3], r[4], r[5], r[6], stage_of(r[4], today))
            for r in rows]


def inbox_counts(ctx: Context, coordinator: str, today: date, soon_days: int = 14,
                 programme: str = "", key: str = "") -> dict[Stage, int]:
    """How many of the inbox's obligations fall in each stage (not limited)."""
    o, c, p = _O.c, _C.c, _P.c
    week_end = today + timedelta(days=6 - today.weekday())
    stage = case((o.due_on < today, "overdue"), (o.due_on == today, "today"),
                 (o.due_on <= week_end, "week"), else_="later")
    statement = (select(stage, func.count())
                 .select_from(_O.join(_C, c.id == o.case_id).join(_P, p.id == c.participant_id))
                 .where(*_inbox_where(coordinator, today, soon_days, programme, key))
                 .group_by(stage))
    with ctx.engine.connect() as connection:
        found = {str(r[0]): int(r[1]) for r in connection.execute(statement)}
    return {s: found.get(s, 0) for s in STAGES}


def case_coordinator(ctx: Context, case_id: int) -> str | None:
    """The coordinator of the case, or None when there is no such case."""
    with ctx.engine.connect() as connection:
        found = connection.execute(select(_C.c.coordinator).where(_C.c.id == case_id)).first()
    return None if found is None else str(found[0])


def case_spec(ctx: Context, case_id: int) -> ProgrammeSpec:
    """The definition version the case is pinned to (NotFoundError if there is no case)."""
    with ctx.transaction(read_only=True) as session:
        return spec_of_case(session, load_case(session, case_id, for_update=False))


def obligation_name(ctx: Context, case_id: int, key: str) -> str:
    """The name of the case's obligation ``key`` ('' when it has none)."""
    o = _O.c
    with ctx.engine.connect() as connection:
        found = connection.execute(select(o.name).where(o.case_id == case_id,
                                                        o.key == key)).first()
    return "" if found is None else str(found[0])


def programme_specs(ctx: Context) -> dict[str, ProgrammeSpec]:
    """Programme id → the newest stored definition of each programme."""
    d = _D.c
    newest = select(d.programme_id, func.max(d.id).label("id")).group_by(d.programme_id) \
        .subquery()
    with ctx.engine.connect() as connection:
        rows = connection.execute(select(d.programme_id, d.version, d.source_text)
                                  .join(newest, newest.c.id == d.id)).all()
    return {r[0]: spec_from_text(r[2], f"{r[0]} v{r[1]}") for r in rows}


def programme_names(ctx: Context) -> dict[str, str]:
    """Programme id → its name, from the newest stored definition of each programme."""
    return {ident: spec.name for ident, spec in programme_specs(ctx).items()}
