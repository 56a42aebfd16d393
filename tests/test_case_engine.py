"""The case engine as a coordinator uses it, on SQLite and PostgreSQL.

Each operation is one transaction: refused operations change nothing, accepted ones
leave stored obligations that match the timeline function and an audit entry.
"""

from __future__ import annotations

from datetime import date

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlalchemy import func
from sqlmodel import Session, select

from engine.definitions.loading import load_programme
from engine.errors import (
    ConflictError,
    InputError,
    NotEligibleError,
    NotFoundError,
    RefusedError,
    UnknownProgrammeError,
)
from engine.rules.timeline import CaseFacts, participant_timeline
from engine.service.cases.corrections import undo_exit
from engine.service.cases.enrolment import EnrolmentRequest, enrol
from engine.service.cases.operations import (
    complete,
    decide_extension,
    exit_case,
    move_phase,
    record_follow_up,
    request_extension,
)
from engine.service.cases.queries import TaskFilter, case_view, list_tasks
from engine.service.shared.context import Context
from engine.store.tables import (
    AuditRow,
    CaseRow,
    DefinitionVersionRow,
    ObligationRow,
    ParticipantRow,
)


def count(ctx: Context, table: type) -> int:
    with Session(ctx.engine) as session:
        return int(session.exec(select(func.count()).select_from(table)).one())


def open_obligations(ctx: Context, case_id: int) -> dict[str, ObligationRow]:
    with Session(ctx.engine) as session:
        rows = session.exec(select(ObligationRow).where(ObligationRow.case_id == case_id,
                                                        ObligationRow.status == "open")).all()
        return {r.key: r for r in rows}


def test_enrolment_stores_the_timeline_and_pins_the_definition(ctx: Context) -> None:
    result = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31))
    assert result.status == "active" and result.warnings == ()
    spec = load_programme("rebus")
    expected = participant_timeline(spec, CaseFacts(date(2024, 1, 31)), date(2025, 3, 5))
    stored = open_obligations(ctx, result.case_id)
    assert {o.key: o.due_on for o in expected} == {k: r.due_on for k, r in stored.items()}
    assert stored["follow_up:1"].due_on == date(2024, 3, 28)
    assert stored["task:handlingsplan"].attendees == ["deltagare", "projektmedarbetare",
                                                      "anvisande_part"]
    with Session(ctx.engine) as session:
        case = session.get(CaseRow, result.case_id)
        assert case is not None and case.phase == "kartlaggning"
        version = session.get(DefinitionVersionRow, case.definition_version_id)
        assert version is not None and version.content_hash == spec.content_hash
    assert count(ctx, AuditRow) == 1


def test_ineligible_person_gets_every_reason_and_nothing_is_stored(ctx: Context) -> None:
    with pytest.raises(NotEligibleError) as refused:
        enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31), birth_year=2008,
                     municipality="Karlstad", active_parties=("af",), attested=())
    reasons = dict(refused.value.failures)
    assert set(reasons) == {"age", "residence", "min_parties", "utanfor_arbetsmarknaden",
                            "behov_samordnad_rehabilitering"}
    assert "15 or 16 years old" in reasons["age"]
    assert count(ctx, ParticipantRow) == count(ctx, CaseRow) == count(ctx, AuditRow) == 0


def test_exclusion_refuses_with_its_reason(ctx: Context) -> None:
    with pytest.raises(NotEligibleError, match="Pågående missbruk") as refused:
        enrol_person(ctx, "vasteras", "P-1", date(2024, 1, 31),
                     exclusions=("pagaende_missbruk",))
    assert "förändringsprocess" in dict(refused.value.failures)["pagaende_missbruk"]


def test_birth_year_on_the_age_boundary_asks_for_the_birth_date(ctx: Context) -> None:
    with pytest.raises(NotEligibleError, match="give the birth date"):
        enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31), birth_year=2006)
    ok = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31), birth_year=2006,
                      birth_on=date(2006, 1, 15))
    assert ok.status == "active"


def test_bad_input_is_refused_plainly(ctx: Context) -> None:
    with pytest.raises(InputError, match="did you mean 'kvinna'"):
        enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31), gender="kvina")
    with pytest.raises(UnknownProgrammeError, match="did you mean 'rebus'"):
        enrol_person(ctx, "rebsu", "P-1", date(2024, 1, 31))
    with pytest.raises(InputError, match="in the future"):
        enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    with pytest.raises(InputError, match="takes participants from 2016-07-01"):
        enrol_person(ctx, "vasteras", "P-1", date(2015, 1, 5))
    with pytest.raises(InputError, match="unknown criterion 'utanfor_arbetsmarkanden'"):
        enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31),
                     attested=("utanfor_arbetsmarkanden",))
    assert count(ctx, CaseRow) == 0


def test_identity_number_needs_consent_is_checked_and_never_shown(ctx: Context) -> None:
    with pytest.raises(InputError, match="looks like an identity number"):
        enrol_person(ctx, "rebus", "198501012382", date(2024, 1, 31))
    with pytest.raises(InputError, match="consent"):
        enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31), birth_year=1985,
                     identity_number="198501012382")
    with pytest.raises(InputError) as bad:
        enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31), birth_year=1985,
                     identity_number="19850101-2384", consent_on=date(2024, 1, 31))
    assert "2384" not in str(bad.value) and "check digit" in str(bad.value)
    result = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31), birth_year=1985,
                          identity_number="19850101-2382", consent_on=date(2024, 1, 31))
    view = case_view(ctx, result.case_id)
    assert view["participant"]["identity_number_on_file"] is True
    assert "2382" not in repr(view)
    with Session(ctx.engine) as session:
        person = session.exec(select(ParticipantRow)).one()
        assert person.personnummer == "198501012382" and person.birth_on == date(1985, 1, 1)
        logged = repr(session.exec(select(AuditRow)).all())
    assert "2382" not in logged


def test_full_programme_puts_people_on_the_waiting_list_and_soft_quotas_warn(
        ctx: Context) -> None:
    results = [enrol_person(ctx, "rebus", f"P-{i}", date(2024, 1, 31),
                            municipality="Munkfors" if i < 8 else "Hagfors")
               for i in range(41)]
    assert results[5].warnings == ()
    assert "Munkfors already has 6 of its 6 places" in results[6].warnings[0]
    assert [r.status for r in results[:40]] == ["active"] * 40
    assert results[40].status == "waiting" and "waiting list" in results[40].warnings[0]
    assert open_obligations(ctx, results[40].case_id) == {}


def test_completing_obligations(ctx: Context, clock: MovableClock) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    clock.set_day(date(2024, 2, 20))
    version = complete(ctx, case, "task:handlingsplan", actor="anna")
    assert version == 2 and "task:handlingsplan" not in open_obligations(ctx, case)
    with pytest.raises(RefusedError, match="already done"):
        complete(ctx, case, "task:handlingsplan", actor="anna")
    with pytest.raises(NotFoundError, match="did you mean 'task:startenkat'"):
        complete(ctx, case, "task:startenkt", actor="anna")
    with pytest.raises(InputError, match="record it with who attended"):
        complete(ctx, case, "follow_up:1", actor="anna")
    with pytest.raises(InputError, match="before the enrolment"):
        complete(ctx, case, "task:startenkat", actor="anna", on=date(2024, 1, 1))


def test_follow_ups_move_when_held_and_when_a_tighter_interval_is_agreed(
        ctx: Context, clock: MovableClock) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    clock.set_day(date(2024, 3, 20))
    _, warnings = record_follow_up(ctx, case, date(2024, 3, 20),
                                   ["deltagare", "projektmedarbetare"], "partly", actor="anna",
                                   agreed_interval="1 month")
    assert warnings == ["Anvisande part (handläggare) did not attend (required by the definition)"]
    stored = open_obligations(ctx, case)
    assert "follow_up:1" not in stored
    assert stored["follow_up:2"].due_on == date(2024, 4, 19)  # 20 Apr is a Saturday
    assert stored["follow_up:3"].due_on == date(2024, 5, 20)
    with pytest.raises(RefusedError, match="only be tighter"):
        record_follow_up(ctx, case, date(2024, 3, 19), ["deltagare"], "no", actor="anna",
                         agreed_interval="3 months")
    with pytest.raises(InputError, match="in the future"):
        record_follow_up(ctx, case, date(2024, 4, 1), ["deltagare"], "no", actor="anna")
    with pytest.raises(InputError, match="before the enrolment"):
        record_follow_up(ctx, case, date(2024, 1, 2), ["deltagare"], "no", actor="anna")


def test_a_next_date_agreed_at_a_follow_up_moves_the_series_there(
        ctx: Context, clock: MovableClock) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    clock.set_day(date(2024, 3, 20))
    attendees = ["deltagare", "projektmedarbetare", "anvisande_part"]
    with pytest.raises(RefusedError, match="no later than 2024-05-20"):
        record_follow_up(ctx, case, date(2024, 3, 20), attendees, "yes", actor="anna",
                         next_on=date(2024, 6, 3))
    record_follow_up(ctx, case, date(2024, 3, 20), attendees, "yes", actor="anna",
                     next_on=date(2024, 4, 17))
    stored = open_obligations(ctx, case)
    assert stored["follow_up:2"].due_on == date(2024, 4, 17)
    assert stored["follow_up:3"].due_on == date(2024, 6, 17)


def test_phase_guards_refuse_with_programme_case_phase_and_task(
        ctx: Context, clock: MovableClock) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    clock.set_day(date(2024, 2, 20))
    with pytest.raises(RefusedError) as refused:
        move_phase(ctx, case, "aktivitet", actor="anna")
    message = str(refused.value)
    assert all(part in message for part in ("Projekt REBUS", f"case {case}", "'kartlaggning'",
                                            "'aktivitet'", "handlingsplan"))
    with pytest.raises(RefusedError, match=r"allowed from 'kartlaggning': aktivitet"):
        move_phase(ctx, case, "avslut", actor="anna")
    complete(ctx, case, "task:handlingsplan", actor="anna")
    move_phase(ctx, case, "aktivitet", actor="anna")
    view = case_view(ctx, case)
    assert [p["phase"] for p in view["phases"]] == ["kartlaggning", "aktivitet"]


def test_extensions_are_decided_only_by_the_role_the_definition_names(
        ctx: Context, clock: MovableClock) -> None:
    case = enrol_person(ctx, "vasteras", "P-1", date(2024, 1, 31), municipality="Västerås"
                        ).case_id
    assert open_obligations(ctx, case)["duration:limit"].due_on == date(2025, 1, 30)
    clock.set_day(date(2024, 12, 2))
    request = request_extension(ctx, case, "6 months", "arbetsträning pågår", actor="anna")
    with pytest.raises(RefusedError, match="decided by Styrgrupp, not by Verksamhetsledare"):
        decide_extension(ctx, request, True, actor="lena", role="verksamhetsledare")
    decide_extension(ctx, request, True, actor="styrgruppen", role="styrgrupp")
    stored = open_obligations(ctx, case)
    assert stored["duration:limit"].due_on == date(2025, 7, 30)
    assert stored["duration:warning"].due_on == date(2025, 6, 30)
    with pytest.raises(RefusedError, match="already approved"):
        decide_extension(ctx, request, False, actor="styrgruppen", role="styrgrupp")
    # Two more months make eight in all: the steering group's, however short the request
    # (the tiers count the case's total extension, issue 25).
    short = request_extension(ctx, case, "2 months", "kort", actor="anna")
    decide_extension(ctx, short, False, actor="styrgruppen", role="styrgrupp")


def test_exit_opens_exit_tasks_and_post_exit_follow_ups_and_undo_restores(
        ctx: Context, clock: MovableClock) -> None:
    case = enrol_person(ctx, "vasteras", "P-1", date(2024, 1, 31), municipality="Västerås"
                        ).case_id
    clock.set_day(date(2024, 9, 2))
    with pytest.raises(RefusedError, match="completes from"):
        exit_case(ctx, case, "arbete", actor="anna")
    complete(ctx, case, "task:gemensam_planering", actor="anna")
    move_phase(ctx, case, "aktiviteter", actor="anna", on=date(2024, 3, 1))
    with pytest.raises(InputError, match="did you mean 'af_fk_forstarkt'"):
        exit_case(ctx, case, "fortsatt_rehabilitering", actor="anna", sub_outcome="af_fk_forstark")
    exit_case(ctx, case, "fortsatt_rehabilitering", actor="anna",
              sub_outcome="af_fk_forstarkt")
    stored = open_obligations(ctx, case)
    assert stored["post_exit:efter_6_manader"].due_on == date(2025, 2, 28)  # 2 Mar: a Sunday
    assert stored["post_exit:efter_24_manader"].due_on == date(2026, 9, 2)
    assert "exit:overlamning_planering" in stored and "duration:limit" not in stored
    undo_exit(ctx, case, actor="anna", reason="fel ärende")
    stored = open_obligations(ctx, case)
    assert "duration:limit" in stored
    assert not any(key.startswith(("post_exit:", "exit:")) for key in stored)
    actions = [a["action"] for a in case_view(ctx, case)["audit"]]
    assert actions[-2:] == ["exit", "undo_exit"]


def test_a_stale_version_is_a_conflict_and_changes_nothing(
        ctx: Context, clock: MovableClock) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    clock.set_day(date(2024, 2, 20))
    complete(ctx, case, "task:startenkat", actor="anna", expected_version=1)
    with pytest.raises(ConflictError, match="at version 2, you had 1"):
        complete(ctx, case, "task:handlingsplan", actor="bo", expected_version=1)
    assert "task:handlingsplan" in open_obligations(ctx, case)


def test_two_transactions_racing_on_one_case_cannot_both_win(
        ctx: Context, clock: MovableClock) -> None:
    from engine.service.shared.context import bump_version, load_case
    case_id = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    clock.set_day(date(2024, 2, 20))
    with Session(ctx.engine, expire_on_commit=False) as first:
        stale = load_case(first, case_id, for_update=False)
        first.commit()  # read, then let go while the other coordinator works
        complete(ctx, case_id, "task:startenkat", actor="bo")
        with pytest.raises(ConflictError, match="changed by someone else meanwhile"):
            bump_version(ctx, first, stale)


def test_task_lists_by_coordinator_programme_municipality_and_window(
        ctx: Context, clock: MovableClock) -> None:
    enrol_person(ctx, "rebus", "P-1", date(2024, 1, 10), coordinator="anna")
    enrol_person(ctx, "rebus", "P-2", date(2024, 1, 31), coordinator="bo",
                 municipality="Forshaga")
    clock.set_day(date(2024, 2, 26))
    overdue = list_tasks(ctx, TaskFilter(overdue_on=date(2024, 2, 26)))
    assert {(t["coordinator"], t["key"]) for t in overdue} == {
        ("anna", "task:startenkat"), ("anna", "task:sus_registrering"),
        ("anna", "task:handlingsplan"), ("bo", "task:startenkat"),
        ("bo", "task:sus_registrering")}
    bo = list_tasks(ctx, TaskFilter(coordinator="bo", due_from=date(2024, 3, 1),
                                    due_to=date(2024, 3, 31)))
    assert [(t["key"], t["due_on"]) for t in bo] == [("task:handlingsplan", "2024-03-01"),
                                                    ("follow_up:1", "2024-03-28")]
    assert list_tasks(ctx, TaskFilter(municipality="Munkfors")) == []
    with pytest.raises(InputError, match="ends"):
        list_tasks(ctx, TaskFilter(due_from=date(2024, 3, 2), due_to=date(2024, 3, 1)))


def test_participant_cannot_have_two_open_cases_in_one_programme(ctx: Context) -> None:
    enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31))
    with pytest.raises(RefusedError, match="already has an open case"):
        enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31))
    with pytest.raises(InputError, match="another gender or birth year"):
        enrol_person(ctx, "vasteras", "P-1", date(2024, 1, 31), gender="man")
    other = enrol(ctx, EnrolmentRequest("rebus", "P-2", "man", 1990, "Forshaga", "bo",
                                        on=date(2024, 1, 31),
                                        active_parties=("forshaga", "af", "hagfors"),
                                        income_support_from_referring_party=True,
                                        attested=("utanfor_arbetsmarknaden",
                                                  "behov_samordnad_rehabilitering")),
                  actor="bo")
    assert other.status == "active"


def test_a_caseload_lists_cases_with_open_and_overdue_counts(
        ctx: Context, clock: MovableClock) -> None:
    from engine.service.cases.queries import CaseFilter, list_cases
    first = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 10)).case_id
    enrol_person(ctx, "vasteras", "P-2", date(2024, 1, 31), coordinator="bo",
                 municipality="Västerås")
    clock.set_day(date(2024, 2, 26))
    complete(ctx, first, "task:startenkat", actor="anna")
    rows = list_cases(ctx, CaseFilter(), date(2024, 2, 26))
    assert [(r["id"], r["participant"], r["programme_id"], r["overdue"]) for r in rows] == [
        # Västerås: critical point 7 Feb, survey and SUS 14 Feb are overdue; the joint
        # plan is due on the leap day, 29 Feb.
        (first, "P-1", "rebus", 2), (first + 1, "P-2", "vasteras", 3)]
    assert [r["participant"] for r in list_cases(ctx, CaseFilter(coordinator="bo"),
                                                 date(2024, 2, 26))] == ["P-2"]
    with pytest.raises(InputError, match="did you mean 'waiting'"):
        list_cases(ctx, CaseFilter(status="wating"), date(2024, 2, 26))
