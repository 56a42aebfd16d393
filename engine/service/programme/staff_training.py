"""Recording staff trained in a programme's method (Hofors: 12 in all, 2 operative staff
in a 2×2-day course and 10 managers in a one-day course), counted against the
definition's ``staff_trained`` target in the programme's reports."""

from __future__ import annotations

from datetime import date

from engine.errors import InputError
from engine.service.programme.report_data import current_spec
from engine.service.shared.context import Context, audit, require_date, snapshot
from engine.store.programme_tables import StaffTrainingRow


def record_training(ctx: Context, programme: str, course: str, role: str, count: int,
                    on: date, actor: str) -> int:
    """Store that ``count`` staff in ``role`` took ``course`` on ``on``; returns its id."""
    spec = current_spec(ctx, programme)
    if not course.strip() or len(course) > 200:
        raise InputError("name the course (1–200 characters), e.g. 'SE/IPS 2x2 dagar'")
    if not role.strip() or len(role) > 200:
        raise InputError("name the staff's role (1–200 characters), e.g. 'chefer'")
    if not 1 <= count <= 100_000:
        raise InputError(f"{count} is not a number of staff trained (1 or more)")
    require_date(on, ctx, "training date")
    if on < spec.valid_from or (spec.valid_to is not None and on > spec.valid_to):
        end = spec.valid_to.isoformat() if spec.valid_to else "open-ended"
        raise InputError(f"{spec.name} runs {spec.valid_from} – {end}; not on {on}")
    with ctx.transaction() as session:
        row = StaffTrainingRow(programme_id=spec.id, course=course.strip(), role=role.strip(),
                               count=count, trained_on=on, recorded_by=actor,
                               recorded_at=ctx.now())
        session.add(row)
        session.flush()
        assert row.id is not None
        audit(ctx, session, actor, "staff_training", None, None, snapshot(row))
        return row.id
