"""The daily sweep: from the stored due dates to notices in the outbox, exactly once.

For day D the sweep looks only at open obligations whose reminder, due or escalation
date fell since the last finished sweep, plus rows stored or moved since that sweep
started (a back-dated enrolment, a re-anchored follow-up).  For each it writes the
notices :func:`engine.rules.notices.stages_on` calls for, keyed so that a second sweep of the
same day — or a rerun after a crash — adds nothing (``INSERT … ON CONFLICT DO
NOTHING`` on the outbox's unique key).  Its cost therefore follows the obligations
changing stage, not the obligations stored.

On a day that is not a working day the sweep does nothing; the next working day's
sweep covers the gap.  The first sweep ever looks at every open obligation.  The few
obligations of a programme's role (a budget deviation's analysis) are swept in the
same transaction (:mod:`engine.service.programme_obligations`).  A day after today is
refused (:func:`check_sweep_day`): its notices would call things overdue that are not
yet, and a later sweep would add "due soon" notices for the same items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, and_, bindparam, func, or_, select, union
from sqlalchemy.dialects import postgresql, sqlite

from engine.dates.durations import is_working_day
from engine.errors import InputError
from engine.rules.notices import notice_key, stages_on
from engine.service.context import Context
from engine.service.programme_obligations import sweep_programme_obligations
from engine.store.database import for_writing
from engine.store.tables import OPEN_OBLIGATIONS, NoticeRow, ObligationRow, SweepRow

_O: Table = ObligationRow.__table__  # type: ignore[attr-defined]
_N: Table = NoticeRow.__table__  # type: ignore[attr-defined]
_S: Table = SweepRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class SweepResult:
    """What one sweep found and wrote."""

    day: date
    working_day: bool
    candidates: int = 0
    created: int = 0


def check_sweep_day(day: date, today: date) -> date:
    """``day``, if it may be swept on ``today``; InputError for a day after today."""
    if day > today:
        raise InputError(f"cannot sweep {day}: it is after today ({today}); a sweep sends "
                         "what is due on its day, so sweep a day once it has come")
    return day


def sweep(ctx: Context, day: date) -> SweepResult:
    """Write the notices due on ``day`` into the outbox (idempotent; see module doc)."""
    check_sweep_day(day, ctx.today())
    if not is_working_day(day):
        return SweepResult(day, working_day=False)
    started = ctx.now()
    with for_writing(ctx.engine).begin() as connection:
        last = connection.execute(
            select(_S.c.day, _S.c.started_at).where(_S.c.finished_at.is_not(None),
                                                    _S.c.day < day)
            .order_by(_S.c.day.desc(), _S.c.id.desc()).limit(1)).first()
        rows = connection.execute(_candidates(day, last)).all()
        notices = [notice for row in rows for notice in _notices(row, day, started)]
        created = _insert_new(connection, notices)
        created += sweep_programme_obligations(connection, day, started)
        connection.execute(_S.insert().values(day=day, started_at=started,
                                              finished_at=ctx.now(), candidates=len(rows),
                                              created=created))
    return SweepResult(day, True, len(rows), created)


def _candidates(day: date, last: Any) -> Any:
    """The obligations that may change stage on ``day``: one indexed range per date.

    A UNION of range queries, each over its own partial index of open rows (an OR of
    the four would make SQLite scan every open row).
    """
    o = _O.c
    columns = (o.id, o.case_id, o.programme_id, o.coordinator, o.remind_on, o.due_on,
               o.escalate_on, o.escalate_to)
    if last is None:  # the first sweep: the whole open backlog
        return select(*columns).where(OPEN_OBLIGATIONS, or_(o.remind_on <= day, o.due_on <= day,
                                                 o.escalate_on <= day))
    since, since_at = last
    ranges = (and_(o.remind_on > since, o.remind_on <= day),
              and_(o.due_on >= since, o.due_on <= day),  # due since, or turned overdue
              and_(o.escalate_on > since, o.escalate_on <= day),
              o.changed_at >= since_at)
    return union(*(select(*columns).where(OPEN_OBLIGATIONS, condition) for condition in ranges))


def _notices(row: Any, day: date, now: datetime) -> list[dict[str, Any]]:
    out = []
    for stage in stages_on(day, row.remind_on, row.due_on, row.escalate_on):
        escalation = stage == "escalation"
        if escalation and not row.escalate_to:
            continue
        out.append(dict(key=notice_key(stage, row.id, row.due_on), stage=stage,
                        obligation_id=row.id, case_id=row.case_id,
                        programme_id=row.programme_id,
                        recipient_kind="role" if escalation else "coordinator",
                        recipient=row.escalate_to if escalation else row.coordinator,
                        due_on=row.due_on, day=day, status="pending", created_at=now))
    return out


def _insert_new(connection: Any, notices: list[dict[str, Any]]) -> int:
    """Insert the notices whose key is new; returns how many were new."""
    if not notices:
        return 0
    if connection.dialect.name == "postgresql":
        return sum(len(connection.execute(_insert_from_arrays(notices[at:at + _CHUNK])).all())
                   for at in range(0, len(notices), _CHUNK))
    inserted = connection.execute(
        sqlite.insert(_N).on_conflict_do_nothing(index_elements=["key"]).returning(_N.c.id),
        notices)
    return len(inserted.all())


_COLUMNS = ("key", "stage", "obligation_id", "case_id", "programme_id", "recipient_kind",
            "recipient", "due_on", "day", "status", "created_at")
_CHUNK = 10_000  # notices a statement: bounds its size after a long pause, costs nothing


def _insert_from_arrays(notices: list[dict[str, Any]]) -> Any:
    """PostgreSQL: ``INSERT … SELECT FROM unnest(arrays)``, an array per column.

    A multi-row VALUES list (eleven parameters a row) cost 1.0 s for a normal day's
    7,395 notices at 100,000 participants, most of it in psycopg, which splits every
    such statement anew (too long for its cache); eleven arrays cost a third of that.
    """
    arrays = [bindparam(name, [notice[name] for notice in notices],
                        type_=postgresql.ARRAY(_N.c[name].type)) for name in _COLUMNS]
    rows = func.unnest(*arrays).table_valued(*_COLUMNS).render_derived()
    return (postgresql.insert(_N)
            .from_select(list(_COLUMNS), select(*(rows.c[name] for name in _COLUMNS)))
            .on_conflict_do_nothing(index_elements=["key"]).returning(_N.c.id))
