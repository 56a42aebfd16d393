"""What a coordinator's web pages read: the inbox across the caseload, who owns a case,
and the programmes' display names.

The inbox reads the open obligations through the partial index over open rows by
coordinator and due date (``ix_obligations_open_coordinator``), so its cost follows the
coordinator's open rows up to the horizon shown, not the database's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import func, select

from engine.definitions.spec import ProgrammeSpec
from engine.service.shared.context import Context, spec_from_text
from engine.store.tables import (
    OPEN_OBLIGATIONS,
    CaseRow,
    DefinitionVersionRow,
    ObligationRow,
    ParticipantRow,
)

Stage = Literal["overdue", "today", "soon"]
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


def inbox(ctx: Context, coordinator: str, today: date, soon_days: int = 14,
          limit: int = 500) -> list[InboxItem]:
    """The coordinator's open obligations due up to ``soon_days`` ahead, overdue first."""
    o, c, p = _O.c, _C.c, _P.c
    statement = (select(o.case_id, o.key, o.kind, o.name, o.due_on, p.key, o.programme_id)
                 .select_from(_O.join(_C, c.id == o.case_id).join(_P, p.id == c.participant_id))
                 .where(OPEN_OBLIGATIONS, o.coordinator == coordinator,
                        o.due_on <= today + timedelta(days=soon_days))
                 .order_by(o.due_on, o.case_id, o.key).limit(limit))
    with ctx.engine.connect() as connection:
        rows = connection.execute(statement).all()
    return [InboxItem(r[0], r[1], r[2], r[3], r[4], r[5], r[6],
                      "overdue" if r[4] < today else "today" if r[4] == today else "soon")
            for r in rows]


def case_coordinator(ctx: Context, case_id: int) -> str | None:
    """The coordinator of the case, or None when there is no such case."""
    with ctx.engine.connect() as connection:
        found = connection.execute(select(_C.c.coordinator).where(_C.c.id == case_id)).first()
    return None if found is None else str(found[0])


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
