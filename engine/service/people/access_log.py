"""The access log: every page on which a person saw a case (who, when, which case, what).

Swedish practice for social and health data (e.g. the Patient Data Act's logging
duty, which municipalities apply to social records too) expects every access to a
record to be logged and the log to be reviewed.  The table is append-only in the
database (migration 0009's triggers), like the audit log of changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, literal, tuple_
from sqlmodel import col, select
from sqlmodel.sql.expression import Select

from engine.clock import STOCKHOLM
from engine.errors import InputError
from engine.service.shared.context import Context
from engine.store.account_tables import AccessLogRow, UserRow

_LOG = AccessLogRow.__table__  # type: ignore[attr-defined]
#: How the access log names a participant who signed in with a personal link
#: (``link:`` and the link's number); a filter of just this finds them all.
PARTICIPANT_LINK = "link:"


def record_access(ctx: Context, user: str, role: str, what: str,
                  case_ids: Iterable[int | None], detail: str = "") -> None:
    """Log that ``user`` saw each of ``case_ids`` on page ``what`` (one row per case)."""
    if not user.strip():
        raise InputError("the access log needs to know who looked")
    now = ctx.now()
    rows = [{"at": now, "user_name": user, "role": role, "case_id": case_id,
             "what": what[:64], "detail": detail[:256]} for case_id in dict.fromkeys(case_ids)]
    if not rows:
        return
    with ctx.engine.begin() as connection:
        connection.execute(insert(_LOG), rows)


@dataclass(frozen=True, slots=True)
class AccessFilter:
    """Which entries to read; every field narrows.

    ``user`` is an account name, or :data:`PARTICIPANT_LINK` for every participant who
    signed in with a link; ``from_on``/``to_on`` are days in Stockholm, both included;
    ``older_than`` is the id of the last entry of the page before (the next page starts
    after it: pages stay right while the log grows and never skip or repeat a row).
    """

    case_id: int | None = None
    user: str | None = None
    limit: int = 500
    what: str | None = None
    from_on: date | None = None
    to_on: date | None = None
    older_than: int | None = None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=STOCKHOLM).astimezone(UTC)


def access_query(which: AccessFilter, older_at: datetime | None = None
                 ) -> Select[AccessLogRow, str]:
    """The statement that reads one page of entries (with their accounts' display
    names), newest first; ``older_at`` is the time of the entry ``which.older_than``.

    Ordered by (``at``, ``id``), which migration 0021's indexes give without sorting
    the log, whichever filter is used (tests/test_web_system.py reads the plan)."""
    statement = select(AccessLogRow, UserRow.display_name).join(
        UserRow, col(UserRow.name) == AccessLogRow.user_name, isouter=True)
    if which.case_id is not None:
        statement = statement.where(AccessLogRow.case_id == which.case_id)
    if which.user == PARTICIPANT_LINK:
        # A range on the name, so the (user_name, at) index serves it.
        statement = statement.where(col(AccessLogRow.user_name) >= PARTICIPANT_LINK,
                                    col(AccessLogRow.user_name) < "link;")
    elif which.user:
        statement = statement.where(AccessLogRow.user_name == which.user)
    if which.what:
        statement = statement.where(AccessLogRow.what == which.what)
    if which.from_on is not None:
        statement = statement.where(col(AccessLogRow.at) >= _midnight(which.from_on))
    if which.to_on is not None:
        statement = statement.where(
            col(AccessLogRow.at) < _midnight(which.to_on + timedelta(days=1)))
    if which.older_than is not None and older_at is not None:
        # A row-value comparison, which both databases read as one index range.
        statement = statement.where(tuple_(col(AccessLogRow.at), col(AccessLogRow.id))
                                    < tuple_(literal(older_at, _LOG.c.at.type),
                                             literal(which.older_than)))
    return statement.order_by(col(AccessLogRow.at).desc(),
                              col(AccessLogRow.id).desc()).limit(which.limit)


def access_entries(ctx: Context, which: AccessFilter) -> list[dict[str, Any]]:
    """Entries, newest first, as plain dicts (``at`` as ISO text in UTC), each with the
    display name of the account that saw it ('' if none, e.g. a participant's link)."""
    if which.limit < 1:
        raise InputError("the limit must be at least 1")
    if which.from_on and which.to_on and which.from_on > which.to_on:
        raise InputError(f"the first day {which.from_on} is after the last {which.to_on}",
                         kind="date_range_reversed", first=which.from_on, last=which.to_on)
    with ctx.transaction() as session:
        last = None if which.older_than is None else \
            session.get(AccessLogRow, which.older_than)
        statement = access_query(which, last.at if last is not None else None)
        return [{"id": r.id, "at": r.at.isoformat(), "user": r.user_name, "role": r.role,
                 "case_id": r.case_id, "what": r.what, "detail": r.detail,
                 "display_name": display_name or ""}
                for r, display_name in session.exec(statement).all()]
