"""Rules that must hold for every case: extensions, exits on a day off, post-exit
windows, and undoing a mistaken completion or follow-up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlalchemy import text

from engine.cli.program import main
from engine.dates.durations import Duration, is_working_day
from engine.errors import InputError, RefusedError
from engine.service.cases.corrections import undo_complete, undo_follow_up
from engine.service.cases.operations import (
    complete,
    decide_extension,
    exit_case,
    record_follow_up,
    request_extension,
)
from engine.service.cases.queries import case_view
from engine.service.cases.records import record_post_exit_result
from engine.service.shared.context import Context


def _obligations(ctx: Context, case_id: int) -> dict[str, dict[str, object]]:
    return {o["key"]: o for o in case_view(ctx, case_id)["obligations"]}


def _vasteras(ctx: Context, on: date) -> int:
    return enrol_person(ctx, "vasteras", "P-1", on, municipality="Västerås").case_id


def test_an_extension_cannot_be_approved_once_the_case_has_exited(
        ctx: Context, clock: MovableClock) -> None:
    case = _vasteras(ctx, date(2024, 1, 31))
    clock.set_day(date(2024, 12, 2))
    request = request_extension(ctx, case, "6 months", "arbetsträning pågår", actor="anna")
    exit_case(ctx, case, "avbrott", actor="anna")
    planned = case_view(ctx, case)["case"]["planned_end_on"]
    with pytest.raises(RefusedError, match="is exited; an extension cannot be approved"):
        decide_extension(ctx, request, True, actor="styrgruppen", role="styrgrupp")
    assert case_view(ctx, case)["case"]["planned_end_on"] == planned
    decide_extension(ctx, request, False, actor="styrgruppen", role="styrgrupp")  # may close it


def test_an_extension_beyond_the_stored_horizon_moves_the_limit_and_its_warning(
        ctx: Context, clock: MovableClock) -> None:
    case = _vasteras(ctx, date(2024, 1, 31))
    clock.set_day(date(2024, 2, 1))  # the horizon is 400 days ahead: 2025-03-06
    request = request_extension(ctx, case, "1 year", "lång arbetsträning", actor="anna")
    decide_extension(ctx, request, True, actor="styrgruppen", role="styrgrupp")
    stored = _obligations(ctx, case)
    assert (stored["duration:limit"]["status"], stored["duration:limit"]["due_on"]) == \
        ("open", "2026-01-30")
    assert (stored["duration:warning"]["status"], stored["duration:warning"]["due_on"]) == \
        ("open", "2025-12-30")
    assert case_view(ctx, case)["case"]["planned_end_on"] == "2026-01-30"


def test_an_extension_ends_where_a_limit_of_the_same_total_length_would(
        ctx: Context, clock: MovableClock) -> None:
    enrolled = date(2024, 3, 29)  # a year later is 2025-03-29; 6 months on, month ends clamp
    clock.set_day(enrolled)
    case = _vasteras(ctx, enrolled)
    clock.set_day(date(2025, 3, 3))
    assert _obligations(ctx, case)["duration:limit"]["due_on"] == "2025-03-28"
    request = request_extension(ctx, case, "11 months", "lång arbetsträning", actor="anna")
    decide_extension(ctx, request, True, actor="styrgruppen", role="styrgrupp")
    one_rule = Duration.parse("23 months").after(enrolled) - timedelta(days=1)
    assert _obligations(ctx, case)["duration:limit"]["due_on"] == one_rule.isoformat()
    assert one_rule == date(2026, 2, 27)  # 2024-03-29 + 23 months = 2026-02-28, the day before


def test_an_exit_on_a_sunday_opens_no_task_due_before_the_exit(
        ctx: Context, clock: MovableClock) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    sunday = date(2024, 9, 1)
    clock.set_day(sunday)
    exit_case(ctx, case, "avbrott", actor="anna", on=sunday)
    exit_tasks = {k: o for k, o in _obligations(ctx, case).items() if k.startswith("exit:")}
    assert exit_tasks
    for key, row in exit_tasks.items():
        due = date.fromisoformat(str(row["due_on"]))
        assert due >= sunday and is_working_day(due), (key, due)
    assert {o["due_on"] for o in exit_tasks.values()} == {"2024-09-02"}  # the Monday


def test_a_post_exit_result_before_its_window_opens_needs_saying_so(
        ctx: Context, clock: MovableClock) -> None:
    case = _vasteras(ctx, date(2024, 1, 31))
    clock.set_day(date(2024, 9, 2))
    complete(ctx, case, "task:gemensam_planering", actor="anna")
    from engine.service.cases.operations import move_phase
    move_phase(ctx, case, "aktiviteter", actor="anna", on=date(2024, 3, 1))
    exit_case(ctx, case, "arbete", actor="anna")
    follow = _obligations(ctx, case)["post_exit:efter_6_manader"]
    opens = date.fromisoformat(str(follow["remind_on"]))
    with pytest.raises(RefusedError, match=f"opens on {opens}"):
        record_post_exit_result(ctx, case, "efter_6_manader", "arbete", actor="payoff")
    record_post_exit_result(ctx, case, "efter_6_manader", "arbete", actor="payoff",
                            before_window=True)
    assert _obligations(ctx, case)["post_exit:efter_6_manader"]["status"] == "done"
    log = case_view(ctx, case)["audit"][-1]
    assert log["action"] == "post_exit_result" and log["after"]["before_window"] is True


def test_a_mistaken_completion_is_undone_and_audited(ctx: Context, clock: MovableClock) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    clock.set_day(date(2024, 2, 20))
    complete(ctx, case, "task:startenkat", actor="anna")
    with pytest.raises(InputError, match="say why"):
        undo_complete(ctx, case, "task:startenkat", actor="anna", reason=" ")
    undo_complete(ctx, case, "task:startenkat", actor="anna", reason="fel deltagare")
    row = _obligations(ctx, case)["task:startenkat"]
    assert (row["status"], row["completed_on"], row["completed_by"]) == ("open", None, None)
    log = case_view(ctx, case)["audit"][-1]
    assert (log["action"], log["after"]["reason"]) == ("undo_complete", "fel deltagare")
    with pytest.raises(RefusedError, match="is open, not done"):
        undo_complete(ctx, case, "task:startenkat", actor="anna", reason="igen")


def test_a_same_day_duplicate_follow_up_is_refused_and_a_mistaken_one_undone(
        ctx: Context, clock: MovableClock) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    clock.set_day(date(2024, 3, 26))
    before = _obligations(ctx, case)
    attendees = ["deltagare", "projektmedarbetare", "anvisande_part"]
    record_follow_up(ctx, case, date(2024, 3, 26), attendees, "yes", actor="anna",
                     agreed_interval="1 month")
    with pytest.raises(RefusedError, match="a follow-up held 2024-03-26 is already recorded"):
        record_follow_up(ctx, case, date(2024, 3, 26), attendees, "yes", actor="anna")
    undo_follow_up(ctx, case, actor="anna", reason="registrerat i fel ärende")
    after = _obligations(ctx, case)  # as before the meeting (the horizon may have grown)
    assert {k: (after[k]["status"], after[k]["due_on"]) for k in before} == \
        {k: (o["status"], o["due_on"]) for k, o in before.items()}
    view = case_view(ctx, case)
    assert view["follow_ups"] == [] and view["case"]["agreed_interval"] is None
    assert view["audit"][-1]["action"] == "undo_follow_up"
    with pytest.raises(RefusedError, match="has no follow-up to undo"):
        undo_follow_up(ctx, case, actor="anna", reason="igen")


def test_the_undo_commands(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--database", f"sqlite:///{tmp_path}/stegvis.db", "--as", "anna"]
    assert main(["enrol", "rebus", "P-1", "--gender", "kvinna", "--birth-year", "1985",
                 "--municipality", "Hagfors", "--coordinator", "anna", "--active-at",
                 "af", "hagfors", "--income-support-from-referring-party", "--attest",
                 "utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering", "--today",
                 "2024-01-31", *db]) == 0
    today = ["--today", "2024-03-26"]
    assert main(["complete", "1", "task:startenkat", *today, *db]) == 0
    assert main(["undo-complete", "1", "task:startenkat", "--reason", "fel", *today, *db]) == 0
    assert main(["follow-up", "1", "--attendee", "deltagare", "--step-movement", "yes",
                 *today, *db]) == 0
    assert main(["undo-follow-up", "1", "--reason", "dubblett", *today, *db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "case 1: task:startenkat is open again (case version 3)" in out
    assert out[-1] == "case 1: the follow-up held 2024-03-26 is undone (case version 5)"
    with pytest.raises(SystemExit):
        main(["undo-follow-up", "1", *db])  # --reason is required


def _count(ctx: Context, table: str) -> int:
    with ctx.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
