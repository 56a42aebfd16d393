"""The access log: every page on which a person saw a case (who, when, which case, what).

Swedish practice for social and health data (e.g. the Patient Data Act's logging
duty, which municipalities apply to social records too) expects every access to a
record to be logged and the log to be reviewed.  The table is append-only in the
database (migration 0009's triggers), like the audit log of changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlmodel import col, select

from engine.errors import InputError
from engine.service.shared.context import Context
from engine.store.account_tables import AccessLogRow

_LOG = AccessLogRow.__table__  # type: ignore[attr-defined]


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
    """Which entries to read; every field narrows."""

    case_id: int | None = None
    user: str | None = None
    limit: int = 500


def access_entries(ctx: Context, which: AccessFilter) -> list[dict[str, Any]]:
    """Entries, newest first, as plain dicts (``at`` as ISO text in UTC)."""
    if which.limit < 1:
        raise InputError("the limit must be at least 1")
    statement = select(AccessLogRow)
    if which.case_id is not None:
        statement = statement.where(AccessLogRow.case_id == which.case_id)
    if which.user:
        statement = statement.where(AccessLogRow.user_name == which.user)
    statement = statement.order_by(col(AccessLogRow.id).desc()).limit(which.limit)
    with ctx.transaction() as session:
        return [{"id": r.id, "at": r.at.isoformat(), "user": r.user_name, "role": r.role,
                 "case_id": r.case_id, "what": r.what, "detail": r.detail}
                for r in session.exec(statement).all()]
