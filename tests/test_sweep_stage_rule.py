"""The sweep writes, in SQL, exactly the notices the stage rule calls for.

The sweep states :func:`engine.rules.notices.stages_on` and ``notice_key`` in SQL (one
``INSERT … SELECT``); this checks it against the Python rule for every arrangement of
an obligation's dates around the day swept, on both backends.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

from case_helpers import enrol_person
from conftest import MovableClock
from sqlmodel import Session, col, delete, select

from engine.rules.notices import notice_key, stages_on
from engine.service.reminders.sweep import sweep
from engine.service.shared.context import Context
from engine.store.delivery_tables import NoticeRow
from engine.store.tables import ObligationRow

DAY = date(2024, 3, 5)  # a Tuesday
NEAR = (DAY - timedelta(days=1), DAY, DAY + timedelta(days=1))


def test_every_arrangement_of_dates_gets_the_notices_of_the_stage_rule(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    expected = set()
    with Session(ctx.engine) as session:
        template = session.exec(select(ObligationRow)).first()
        assert template is not None
        session.exec(delete(ObligationRow))
        arrangements = product((None, *NEAR), NEAR, (None, *NEAR), (None, "", "styrgrupp"))
        for number, (remind, due, escalate, role) in enumerate(arrangements):
            row = ObligationRow(**template.model_dump(exclude={"id"}))
            row.key, row.remind_on, row.due_on = f"k{number}", remind, due
            row.escalate_on, row.escalate_to, row.status = escalate, role, "open"
            session.add(row)
            session.flush()
            assert row.id is not None
            for stage in stages_on(DAY, remind, due, escalate):
                if stage == "escalation" and not role:
                    continue
                recipient = role if stage == "escalation" else row.coordinator
                expected.add((notice_key(stage, row.id, due), stage, row.id, recipient, due))
        done = ObligationRow(**template.model_dump(exclude={"id"}))
        done.key, done.due_on, done.status = "done", DAY, "done"  # done: no notice
        session.add(done)
        session.commit()
    clock.set_day(DAY)
    result = sweep(ctx, DAY)
    with Session(ctx.engine) as session:
        stored = session.exec(select(NoticeRow).where(col(NoticeRow.day) == DAY)).all()
    assert {(n.key, n.stage, n.obligation_id, n.recipient, n.due_on) for n in stored} == expected
    assert result.created == len(expected) == len(stored)
    assert all(n.recipient_kind == ("role" if n.stage == "escalation" else "coordinator")
               and n.status == "pending" for n in stored)
    assert sweep(ctx, DAY).created == 0  # the same day again: nothing new
