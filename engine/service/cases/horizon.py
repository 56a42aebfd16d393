"""Moving the stored horizon forward, so that open-ended cases never run out of follow-ups.

Recurring follow-ups are stored :data:`~engine.service.cases.materialize.HORIZON_DAYS` ahead.
Each day, before the sweep, the cases whose stored horizon comes within
``HORIZON_DAYS − EXTEND_MARGIN_DAYS`` of the day are reconciled again; each case is
thus touched about once a month, and a day's cost follows the enrolments of a day a
month earlier, not the whole caseload.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, select

from engine.service.cases.materialize import HORIZON_DAYS, reconcile
from engine.service.shared.change_stamp import change_stamp
from engine.service.shared.context import Context, spec_of_case
from engine.store.tables import CaseRow

#: Cases are extended once their horizon is less than this many days short of the full one.
EXTEND_MARGIN_DAYS = 30


def extend_horizons(ctx: Context, day: date, batch: int = 500) -> int:
    """Reconcile every active case whose stored horizon is getting near; returns how many."""
    threshold = day + timedelta(days=HORIZON_DAYS - EXTEND_MARGIN_DAYS)
    extended = 0
    while True:
        with ctx.transaction() as session:
            cases = session.exec(select(CaseRow).where(
                CaseRow.status == "active", col(CaseRow.materialized_until) < threshold)
                .order_by(col(CaseRow.id)).limit(batch)).all()
            for case in cases:
                reconcile(session, case, spec_of_case(session, case), day,
                          change_stamp(session, ctx.now()))
        extended += len(cases)
        if len(cases) < batch:
            return extended
