"""The daily sweep writes each notice once, on both backends, whatever the order of days."""

from __future__ import annotations

from datetime import date, timedelta

from case_helpers import enrol_person
from conftest import MovableClock
from sqlmodel import Session, select

from engine.service.cases.operations import complete, record_follow_up
from engine.service.reminders.sweep import sweep
from engine.service.shared.context import Context
from engine.store.delivery_tables import NoticeRow


def notices(ctx: Context) -> list[tuple[str, str, str, str]]:
    """(day, stage, obligation key, recipient) of every notice, in order."""
    from engine.store.tables import ObligationRow
    with Session(ctx.engine) as session:
        rows = session.exec(select(NoticeRow, ObligationRow.key).join(
            ObligationRow, ObligationRow.id == NoticeRow.obligation_id)
            .order_by(NoticeRow.day, NoticeRow.stage, ObligationRow.key)).all()
        return [(n.day.isoformat(), n.stage, key, n.recipient) for n, key in rows]


def day(ctx: Context, clock: MovableClock, on: date) -> int:
    clock.set_day(on)
    return sweep(ctx, on).created


def every_day(ctx: Context, clock: MovableClock, first: date, last: date) -> None:
    """Sweep each day from ``first`` to ``last``, as the scheduled mornings do."""
    on = first
    while on <= last:
        day(ctx, clock, on)
        on += timedelta(days=1)


def test_each_stage_once_and_a_second_sweep_adds_nothing(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    # startenkat and SUS: remind 8 Feb, due 15 Feb, escalate 22 Feb (5 working days each)
    assert day(ctx, clock, date(2024, 2, 7)) == 0
    assert day(ctx, clock, date(2024, 2, 8)) == 2
    assert day(ctx, clock, date(2024, 2, 8)) == 0  # the same day again: nothing new
    assert day(ctx, clock, date(2024, 2, 15)) == 2
    assert day(ctx, clock, date(2024, 2, 16)) == 2
    assert day(ctx, clock, date(2024, 2, 22)) == 2
    stages = [(d, s, k) for d, s, k, _ in notices(ctx) if k == "task:startenkat"]
    assert stages == [("2024-02-08", "soon", "task:startenkat"),
                      ("2024-02-15", "due", "task:startenkat"),
                      ("2024-02-16", "overdue", "task:startenkat"),
                      ("2024-02-22", "escalation", "task:startenkat")]
    escalation = [r for d, s, k, r in notices(ctx) if s == "escalation"]
    assert set(escalation) == {"projektsamordnare"}


def test_done_work_is_not_noticed_and_catch_up_sends_only_the_current_stage(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 2, 1))
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1)).case_id
    assert day(ctx, clock, date(2024, 2, 5)) == 0
    clock.set_day(date(2024, 2, 6))
    complete(ctx, case, "task:sus_registrering", actor="anna")
    # No sweep for a while: on 19 Feb startenkat is overdue; no stale "soon" or "due".
    assert day(ctx, clock, date(2024, 2, 19)) == 1
    assert notices(ctx) == [("2024-02-19", "overdue", "task:startenkat", "anna")]


def test_no_sweep_on_a_day_off_and_back_dated_work_is_picked_up(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 1))
    assert day(ctx, clock, date(2024, 3, 1)) == 0  # a first sweep on an empty database
    clock.set_day(date(2024, 3, 30))
    result = sweep(ctx, date(2024, 3, 30))  # Easter Saturday
    assert not result.working_day and result.created == 0
    clock.set_day(date(2024, 3, 4))
    enrol_person(ctx, "rebus", "P-1", date(2024, 1, 15))  # back-dated: tasks already late
    assert day(ctx, clock, date(2024, 3, 4)) > 0
    late = {(s, k) for d, s, k, _ in notices(ctx)}
    assert ("overdue", "task:handlingsplan") in late and ("escalation", "task:startenkat") in late


def test_a_moved_due_date_is_noticed_again(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 2, 1))
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1)).case_id
    # Follow-up 1 falls on Easter Monday 1 Apr, so it is due Maundy Thursday 28 Mar,
    # reminded from 21 Mar: "soon" on 25 Mar.
    day(ctx, clock, date(2024, 3, 25))
    assert ("soon", "follow_up:1") in {(s, k) for _, s, k, _ in notices(ctx)}
    clock.set_day(date(2024, 3, 26))
    record_follow_up(ctx, case, date(2024, 3, 26), ["deltagare", "projektmedarbetare",
                                                    "anvisande_part"], "yes", actor="anna",
                     next_on=date(2024, 4, 12))
    assert day(ctx, clock, date(2024, 4, 5)) == 1  # the next one, at its new date
    assert notices(ctx)[-1] == ("2024-04-05", "soon", "follow_up:2", "anna")


def test_open_ended_cases_never_run_out_of_stored_follow_ups(
        ctx: Context, clock: MovableClock) -> None:
    from engine.service.cases.horizon import extend_horizons
    from engine.store.tables import ObligationRow
    clock.set_day(date(2024, 1, 31))
    enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31))  # REBUS: no maximum duration

    def last_follow_up() -> date:
        with Session(ctx.engine) as session:
            return max(r.due_on for r in session.exec(select(ObligationRow)).all()
                       if r.key.startswith("follow_up:"))

    assert last_follow_up() == date(2025, 1, 31)  # 400 days ahead
    clock.set_day(date(2024, 2, 1))
    assert extend_horizons(ctx, date(2024, 2, 1)) == 0  # not near yet
    clock.set_day(date(2025, 1, 10))  # nobody touched the case for a year
    assert extend_horizons(ctx, date(2025, 1, 10)) == 1
    assert last_follow_up() == date(2026, 1, 30)  # 31 Jan 2026 is a Saturday
    assert extend_horizons(ctx, date(2025, 1, 10)) == 0  # done for now
    assert day(ctx, clock, date(2025, 1, 10)) > 0  # and the sweep notices what is due


def test_work_reopened_after_its_dates_passed_is_reminded_at_its_current_stage(
        ctx: Context, clock: MovableClock) -> None:
    """A start survey ticked off by mistake before its reminder date and reopened after
    its due date must be reminded as overdue: the sweeps in between did not look at it
    (it was done), and the next one looks only at dates since the last sweep."""
    from engine.service.cases.corrections import undo_complete
    clock.set_day(date(2024, 2, 1))
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1)).case_id
    clock.set_day(date(2024, 2, 6))
    complete(ctx, case, "task:startenkat", actor="anna")
    every_day(ctx, clock, date(2024, 2, 6), date(2024, 2, 16))
    assert "task:startenkat" not in {k for _, _, k, _ in notices(ctx)}
    clock.set_day(date(2024, 2, 19))
    undo_complete(ctx, case, "task:startenkat", actor="anna", reason="ikryssad av misstag")
    day(ctx, clock, date(2024, 2, 19))
    assert ("2024-02-19", "overdue", "task:startenkat", "anna") in notices(ctx)


def test_a_follow_up_undone_after_its_date_is_reminded_as_overdue(
        ctx: Context, clock: MovableClock) -> None:
    """Follow-up 1 recorded early, then undone as recorded by mistake once its due date
    (28 March) had passed: the next sweep calls it overdue."""
    from engine.service.cases.corrections import undo_follow_up
    clock.set_day(date(2024, 2, 1))
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1)).case_id
    clock.set_day(date(2024, 3, 18))
    record_follow_up(ctx, case, date(2024, 3, 18), ["deltagare", "projektmedarbetare",
                                                    "anvisande_part"], "yes", actor="anna")
    every_day(ctx, clock, date(2024, 3, 18), date(2024, 4, 2))
    assert "follow_up:1" not in {k for _, _, k, _ in notices(ctx)}
    clock.set_day(date(2024, 4, 3))
    undo_follow_up(ctx, case, actor="anna", reason="registrerad på fel deltagare")
    day(ctx, clock, date(2024, 4, 3))
    assert ("2024-04-03", "overdue", "follow_up:1", "anna") in notices(ctx)


def test_a_rerun_looks_only_at_what_changed_since_and_still_finds_it(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    clock.set_day(date(2024, 2, 8))
    first = sweep(ctx, date(2024, 2, 8))
    assert (first.candidates, first.created) == (2, 2)
    again = sweep(ctx, date(2024, 2, 8))
    assert (again.candidates, again.created) == (0, 0)
    # Later that day a participant is enrolled back-dated to 1 February: a rerun of the
    # day offers her reminders, and only hers.
    enrol_person(ctx, "rebus", "P-2", date(2024, 2, 1))
    late = sweep(ctx, date(2024, 2, 8))
    assert late.created == 2 and late.candidates < 10
    assert sorted(s for d, s, _, _ in notices(ctx) if d == "2024-02-08") == ["soon"] * 4
    assert sweep(ctx, date(2024, 2, 8)).created == 0
