"""When a change to an obligation is stamped for the sweep (``changed_at``).

The sweep looks at what changed since the last sweep began (``changed_at >=`` its
``started_at``).  A change stamped with the acting clock alone is hidden when that clock
is behind a sweep that already ran: a command back-dated with ``--today`` (recording
yesterday's meeting after this morning's sweep), or a worker whose clock lags another's.
The next sweep would never look at it, and an obligation it reopened or moved would
never be called due or overdue.  So a change is stamped at the later of the acting
instant and the newest sweep's start: the next sweep sees it, and judges it on its own
day.  What the change records (the audit entry, a completion date) keeps the acting
date; only this marker for the sweep moves.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, func, select

from engine.store.delivery_tables import SweepRow

_S: Table = SweepRow.__table__  # type: ignore[attr-defined]


def change_stamp(connection: Any, now: datetime) -> datetime:
    """``now``, or the newest sweep's start when that is later (module docstring).

    ``connection`` is a Session or a Connection inside the change's transaction.
    """
    latest: datetime | str | None = connection.execute(
        select(func.max(_S.c.started_at))).scalar()
    if latest is None:
        return now
    if isinstance(latest, str):  # SQLite without the column's type: ISO text
        latest = datetime.fromisoformat(latest)
    if latest.tzinfo is None:
        latest = latest.replace(tzinfo=UTC)
    return max(now, latest)
