"""The case engine stores what the new constructs say (issue 12), on SQLite and PostgreSQL.

A referral date on the case and the deadline counted from it, follow-ups recorded per
series, a phase limit that is missed once the phase is left too late, and an agreed
interval of zero refused (it once produced a thousand follow-ups on one day).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlmodel import Session, select
from test_cli_cases import make_stegvis, ok, refused

from engine.errors import InputError
from engine.service.cases.operations import complete, move_phase, record_follow_up
from engine.service.cases.queries import case_view
from engine.service.shared.context import Context
from engine.store.tables import ObligationRow

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "docs" / "examples" / "ungdom.yaml")
YOUNG = dict(municipality="Exempelkommun", birth_year=2002, parties_active=1,
             consent_on=date(2024, 3, 1))


def rows(ctx: Context, case_id: int) -> dict[str, ObligationRow]:
    with Session(ctx.engine) as session:
        return {r.key: r for r in session.exec(
            select(ObligationRow).where(ObligationRow.case_id == case_id)).all()}


def test_the_referral_date_is_stored_and_counted_from(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 4))
    case = enrol_person(ctx, EXAMPLE, "U-1", date(2024, 3, 4), referred_on=date(2024, 2, 26),
                        **YOUNG).case_id
    assert case_view(ctx, case)["case"]["referred_on"] == "2024-02-26"
    first = rows(ctx, case)["task:forsta_motet"]
    assert (first.due_on, first.status, first.note) == (date(2024, 3, 11), "open", "")


def test_a_referral_after_the_enrolment_is_refused(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 4))
    with pytest.raises(InputError, match="referral date 2024-03-05 is after the enrolment"):
        enrol_person(ctx, EXAMPLE, "U-2", date(2024, 3, 4), referred_on=date(2024, 3, 5),
                     **YOUNG)


def test_follow_ups_are_recorded_per_series(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 4))
    case = enrol_person(ctx, EXAMPLE, "U-3", date(2024, 3, 4), **YOUNG).case_id
    clock.set_day(date(2024, 4, 8))
    complete(ctx, case, "task:kartlaggning_klar", actor="anna")
    move_phase(ctx, case, "insats", actor="anna")  # the mapping was done in time
    clock.set_day(date(2024, 9, 2))
    move_phase(ctx, case, "praktik", actor="anna")
    assert rows(ctx, case)["follow_up:praktikuppfoljning:1"].due_on == date(2024, 9, 30)
    clock.set_day(date(2024, 9, 27))
    with pytest.raises(InputError, match="several follow-up series; say which: uppfoljning, "
                                         "praktikuppfoljning"):
        record_follow_up(ctx, case, date(2024, 9, 27), ["deltagare", "coach"], "yes", "anna")
    _, warnings = record_follow_up(ctx, case, date(2024, 9, 27), ["deltagare", "coach"], "yes",
                                   "anna", series="praktikuppfoljning")
    assert warnings == []
    stored = rows(ctx, case)
    held = stored["follow_up:praktikuppfoljning:1"]
    assert (held.status, held.completed_on) == ("done", date(2024, 9, 27))
    # The next one is four weeks after the series' start, not after the meeting (anchor: start).
    assert stored["follow_up:praktikuppfoljning:2"].due_on == date(2024, 10, 28)
    assert stored["follow_up:uppfoljning:1"].status == "open"  # the other series is untouched
    assert case_view(ctx, case)["follow_ups"][0]["series"] == "praktikuppfoljning"


def test_every_third_meeting_warns_when_the_caseworker_is_missing(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 4))
    case = enrol_person(ctx, EXAMPLE, "U-4", date(2024, 3, 4), **YOUNG).case_id
    warnings = []
    for day in (date(2024, 3, 18), date(2024, 4, 1), date(2024, 4, 15)):
        clock.set_day(day)
        warnings.append(record_follow_up(ctx, case, day, ["deltagare", "coach"], "yes",
                                         "anna", series="uppfoljning")[1])
    assert warnings == [[], [], ["Anvisande handläggare did not attend (required by the "
                                 "definition)"]]


def test_a_phase_limit_overrun_is_missed_when_the_phase_is_left(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 4))
    case = enrol_person(ctx, EXAMPLE, "U-5", date(2024, 3, 4), **YOUNG).case_id
    limit = "phase_limit:kartlaggning:2024-03-04"
    assert rows(ctx, case)[limit].due_on == date(2024, 4, 14)
    clock.set_day(date(2024, 5, 2))
    complete(ctx, case, "task:kartlaggning_klar", actor="anna")
    move_phase(ctx, case, "insats", actor="anna")
    stored = rows(ctx, case)
    assert stored[limit].status == "missed"
    assert stored["phase_warning:kartlaggning:2024-03-04"].status == "cancelled"


def test_a_phase_left_in_time_cancels_its_limit(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 4))
    case = enrol_person(ctx, EXAMPLE, "U-6", date(2024, 3, 4), **YOUNG).case_id
    clock.set_day(date(2024, 3, 29))
    complete(ctx, case, "task:kartlaggning_klar", actor="anna")
    move_phase(ctx, case, "insats", actor="anna")
    stored = rows(ctx, case)
    assert stored["phase_limit:kartlaggning:2024-03-04"].status == "cancelled"
    assert stored["phase_warning:kartlaggning:2024-03-04"].status == "cancelled"


def test_an_agreed_interval_of_zero_is_refused(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2021, 3, 15))
    case = enrol_person(ctx, "hofors", "H-1", date(2021, 3, 15),
                        attested=("behov_samordnad_rehabilitering", "psykisk_ohalsa",
                                  "vill_arbeta", "remitterad_via_trisam")).case_id
    before = rows(ctx, case)
    clock.set_day(date(2021, 4, 15))
    with pytest.raises(InputError, match="an agreed interval of 0 days would put every "
                                         "follow-up on the same day"):
        record_follow_up(ctx, case, date(2021, 4, 15), ["deltagare", "finsam_coach"], "yes",
                         "anna", agreed_interval="0 days")
    assert {k: r.due_on for k, r in rows(ctx, case).items()} == {
        k: r.due_on for k, r in before.items()}


def test_enrol_takes_a_referral_date_on_the_command_line(tmp_path: Path) -> None:
    stegvis = make_stegvis(f"sqlite:///{tmp_path / 'stegvis.db'}", tmp_path)
    person = ["--gender", "kvinna", "--birth-year", "2002", "--municipality", "Exempelkommun",
              "--parties-active", "1", "--coordinator", "anna", "--consent-on", "2024-03-01"]
    ok(stegvis("enrol", EXAMPLE, "U-7", *person, "--on", "2024-03-04",
               "--referred-on", "2024-02-26", today="2024-03-04"))
    shown = ok(stegvis("case", "show", "1", today="2024-03-04"))
    assert "enrolled      2024-03-04 (referred 2024-02-26)" in shown
    assert "2024-03-11  task:forsta_motet" in shown
    message = refused(stegvis("enrol", EXAMPLE, "U-8", *person, "--on", "2024-03-04",
                              "--referred-on", "2024-03-05", today="2024-03-04"))
    assert "referral date 2024-03-05 is after the enrolment date 2024-03-04" in message


def test_bulk_enrolment_keeps_the_referral_date(ctx: Context, clock: MovableClock) -> None:
    from engine.service.cases.bulk import enrol_many
    from engine.service.cases.enrolment import EnrolmentRequest
    from engine.store.tables import CaseRow

    clock.set_day(date(2024, 3, 4))
    result = enrol_many(ctx, [EnrolmentRequest(
        programme=EXAMPLE, participant_key=f"B-{n}", gender="man", coordinator="bo",
        on=date(2024, 3, 4), referred_on=referred, **YOUNG)
        for n, referred in enumerate((date(2024, 2, 26), date(2024, 3, 1), None))], "bo")
    assert result.enrolled == 3
    with Session(ctx.engine) as session:
        cases = session.exec(select(CaseRow).order_by(CaseRow.id)).all()
        assert [c.referred_on for c in cases] == [date(2024, 2, 26), date(2024, 3, 1), None]
        ids = [c.id for c in cases]
    assert [rows(ctx, i)["task:forsta_motet"].due_on for i in ids if i is not None] == [
        date(2024, 3, 11), date(2024, 3, 15), date(2024, 3, 18)]
