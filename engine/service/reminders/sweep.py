"""The daily sweep: from the stored due dates to notices in the outbox, exactly once.

For day D the sweep looks only at open obligations whose reminder, due or escalation
date fell since the last finished sweep, plus rows stored or moved since that sweep
started (a back-dated enrolment, a re-anchored follow-up).  For each it writes the
notices :func:`engine.rules.notices.stages_on` calls for (:func:`_notices` states that
function in SQL, so the notices go from the candidate query into the outbox in one
``INSERT … SELECT`` without a round trip through Python), keyed so that a second sweep of the
same day — or a rerun after a crash — adds nothing (``INSERT … ON CONFLICT DO
NOTHING`` on the outbox's unique key).  Its cost therefore follows the obligations
changing stage, not the obligations stored.

A day swept before (a rerun after a crash of the flow around it, or by hand) looks only
at the obligations stored or moved since that sweep began, so it costs what a day
with nothing due does.

On a day that is not a working day the sweep does nothing; the next working day's
sweep covers the gap.  The first sweep ever looks at every open obligation.  The few
obligations of a programme's role (a budget deviation's analysis) are swept in the
same transaction (:mod:`engine.service.programme.programme_obligations`).  A day after today is
refused (:func:`check_sweep_day`): its notices would call things overdue that are not
yet, and a later sweep would add "due soon" notices for the same items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    String,
    Table,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite

from engine.dates.durations import is_working_day
from engine.errors import InputError
from engine.service.programme.programme_obligations import sweep_programme_obligations
from engine.service.shared.context import Context
from engine.store.database import for_writing
from engine.store.delivery_tables import NoticeRow, SweepRow
from engine.store.tables import OPEN_OBLIGATIONS, ObligationRow

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
        done_at = connection.execute(
            select(_S.c.started_at).where(_S.c.finished_at.is_not(None), _S.c.day == day)
            .order_by(_S.c.id.desc()).limit(1)).scalar()
        candidates = (_candidates(day, last) if done_at is None
                      else _changed_since(done_at))
        count = connection.execute(select(func.count()).select_from(candidates.subquery())
                                   ).scalar_one()
        created = 0
        if count:
            created = _insert_new(connection, _notices(connection.dialect.name, candidates,
                                                       day, started))
        created += sweep_programme_obligations(connection, day, started)
        connection.execute(_S.insert().values(day=day, started_at=started,
                                              finished_at=ctx.now(), candidates=count,
                                              created=created))
    return SweepResult(day, True, count, created)


def _candidates(day: date, last: Any) -> Any:
    """The ids of the obligations that may change stage on ``day``: one range per date.

    A UNION of range queries, each over its own partial index of open rows (an OR of
    the four would make SQLite scan every open row).  Only ids, so each branch reads
    its index alone and the table is read once a candidate, by :func:`_notices`.
    """
    o = _O.c
    if last is None:  # the first sweep: the whole open backlog
        return select(o.id).where(OPEN_OBLIGATIONS, or_(o.remind_on <= day, o.due_on <= day,
                                                        o.escalate_on <= day))
    since, since_at = last
    ranges = (and_(o.remind_on > since, o.remind_on <= day),
              and_(o.due_on >= since, o.due_on <= day),  # due since, or turned overdue
              and_(o.escalate_on > since, o.escalate_on <= day),
              o.changed_at >= since_at)
    return union(*(select(o.id).where(OPEN_OBLIGATIONS, condition) for condition in ranges))


def _changed_since(done_at: datetime) -> Any:
    """The candidates of a day swept before (a rerun): only what was stored or moved
    since that sweep began.  Everything else it wrote in the same transaction as its
    row in ``sweeps``, so a finished sweep of the day has offered it already."""
    o = _O.c
    return select(o.id).where(OPEN_OBLIGATIONS, o.changed_at >= done_at)


_COLUMNS = ("key", "stage", "obligation_id", "case_id", "programme_id", "recipient_kind",
            "recipient", "due_on", "day", "status", "created_at")


def _notices(dialect: str, candidates: Any, day: date, now: datetime) -> Any:
    """The notices of the candidates on ``day``, as a SELECT of the outbox's columns.

    :func:`engine.rules.notices.stages_on` and :func:`~engine.rules.notices.notice_key`
    in SQL: a candidate's reminder stage (overdue, due or soon, the first that holds),
    and its escalation if its date has come and the definition names a role.  In the
    obligations' order, reminder stage first, as the sweep wrote them before.
    """
    o = _O.c
    stage = case((o.due_on < day, "overdue"), (o.due_on == day, "due"),
                 (o.remind_on <= day, "soon"), else_=None)
    escalated = and_(o.escalate_on <= day, o.escalate_to.is_not(None), o.escalate_to != "")
    # Dates are ISO text in SQLite; PostgreSQL's text form follows DateStyle, to_char not.
    due_text = (func.to_char(o.due_on, "YYYY-MM-DD") if dialect == "postgresql"
                else cast(o.due_on, String))

    def stage_rows(label: Any, order: int, recipient_kind: str, recipient: Any,
                   condition: Any) -> Any:
        key = label + ":" + cast(o.id, String) + ":" + due_text
        return (select(key.label("key"), label.label("stage"), o.id.label("obligation_id"),
                       o.case_id, o.programme_id,
                       literal(recipient_kind).label("recipient_kind"),
                       recipient.label("recipient"), o.due_on,
                       literal(day, _N.c.day.type).label("day"),
                       literal("pending").label("status"),
                       literal(now, _N.c.created_at.type).label("created_at"),
                       literal(order).label("stage_order"))
                .where(o.id.in_(candidates), condition))

    rows = union_all(
        stage_rows(stage, 0, "coordinator", o.coordinator, stage.is_not(None)),
        stage_rows(literal("escalation"), 1, "role", o.escalate_to, escalated)).subquery()
    # "WHERE true": SQLite's grammar needs a WHERE before an upsert's ON CONFLICT.
    return (select(*(rows.c[name] for name in _COLUMNS)).where(literal_column("1") == 1)
            .order_by(rows.c.obligation_id, rows.c.stage_order))


def _insert_new(connection: Any, notices: Any) -> int:
    """Insert the notices whose key is new; returns how many were new."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = (dialect.insert(_N).from_select(list(_COLUMNS), notices)
                 .on_conflict_do_nothing(index_elements=["key"]))
    # The driver counts the rows an INSERT wrote; SQLAlchemy keeps that count only
    # for UPDATE and DELETE unless asked (the notices need not come back as rows).
    result = connection.execute(statement, execution_options={"preserve_rowcount": True})
    return int(result.rowcount)
