"""A report for a closed period shows the same figures when it is produced again later.

The figures describe the period's last day: what happened after it — a later exit, a
later completion of an obligation that was due in the period, an admission from the
waiting list, a survey answered or a follow-up result found afterwards — must not
change them (docs/reports.md, "Reproducible").
"""

from __future__ import annotations

from datetime import date

from case_helpers import enrol_person
from conftest import MovableClock

from engine.reports.render_json import content_hash, report_data
from engine.service.cases import operations, records
from engine.service.cases.bulk import enrol_many
from engine.service.cases.enrolment import EnrolmentRequest
from engine.service.programme.report_data import programme_report
from engine.service.shared.context import Context

REBUS = dict(municipality="Hagfors", active_parties=("hagfors", "af"),
             income_support_from_referring_party=True,
             attested=("utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering"))


def _figures(ctx: Context, programme: str, period: str) -> dict[str, object]:
    data = report_data(programme_report(ctx, programme, period, threshold=1))
    data.pop("produced_at")
    return data


def _case(ctx: Context, key: str) -> int:
    from sqlmodel import select

    from engine.store.tables import CaseRow, ParticipantRow
    with ctx.transaction() as session:
        found = session.exec(select(CaseRow.id).join(
            ParticipantRow, ParticipantRow.id == CaseRow.participant_id)  # type: ignore[arg-type]
            .where(ParticipantRow.key == key)).one()
    return int(found)


def test_rebus_2024_reads_the_same_after_exits_completions_and_admissions_in_2025(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 1, 10))
    # Forty participants fill REBUS's places; a forty-first waits from 1 March.
    done = enrol_many(ctx, (EnrolmentRequest(
        programme="rebus", participant_key=f"R{i:02d}", gender=("kvinna", "man")[i % 2],
        birth_year=1980 + i % 20, coordinator="anna", on=date(2024, 1, 10), **REBUS)
        for i in range(40)), actor="anna")
    assert done.enrolled == 40
    clock.set_day(date(2024, 3, 1))
    assert enrol_person(ctx, "rebus", "W-1", date(2024, 3, 1)).status == "waiting"
    dropped, late, leaver = _case(ctx, "R01"), _case(ctx, "R02"), _case(ctx, "R03")
    records.record_survey(ctx, dropped, "startenkat", {"valbefinnande": 2}, actor="anna",
                          on=date(2024, 3, 1))
    clock.set_day(date(2024, 11, 1))
    operations.exit_case(ctx, dropped, "avbrott", actor="anna", on=date(2024, 11, 1))

    clock.set_day(date(2025, 1, 10))
    first = _figures(ctx, "rebus", "2024")
    first_hash = content_hash(programme_report(ctx, "rebus", "2024", threshold=1))

    # 2025: everything below is dated after the period.
    clock.set_day(date(2025, 1, 20))
    records.record_survey(ctx, dropped, "slutenkat", {"valbefinnande": 5}, actor="anna",
                          on=date(2025, 1, 20))          # the exit survey, answered late
    operations.complete(ctx, late, "task:sus_registrering", actor="anna",
                        on=date(2025, 1, 20))            # due January 2024, done now
    operations.exit_case(ctx, leaver, "avbrott", actor="anna", on=date(2025, 1, 20))
    clock.set_day(date(2025, 1, 21))
    records.admit(ctx, _case(ctx, "W-1"), actor="anna", on=date(2025, 1, 21))

    clock.set_day(date(2025, 6, 1))
    again = _figures(ctx, "rebus", "2024")
    assert again == first
    assert content_hash(programme_report(ctx, "rebus", "2024", threshold=1)) == first_hash
    waiting = next(t for t in again["tables"] if t["key"] == "participants_flow")  # type: ignore[union-attr, index]
    row = next(r for r in waiting["rows"] if r["key"] == "waiting")
    assert row["cells"][-1]["value"] == 1   # W-1 still counts as waiting at the end of 2024


def test_vasteras_follow_up_results_found_after_the_period_do_not_change_it(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2023, 1, 10))
    case = enrol_person(ctx, "vasteras", "V-1", date(2023, 1, 10)).case_id
    clock.set_day(date(2023, 3, 1))
    operations.complete(ctx, case, "task:gemensam_planering", "anna", on=date(2023, 2, 1))
    operations.move_phase(ctx, case, "aktiviteter", "anna", on=date(2023, 2, 1))
    operations.exit_case(ctx, case, "arbete", actor="anna", on=date(2023, 3, 1))
    clock.set_day(date(2024, 1, 15))
    first = _figures(ctx, "vasteras", "2023")
    clock.set_day(date(2024, 1, 20))
    records.record_post_exit_result(ctx, case, "efter_6_manader", "arbete", actor="anna",
                                    on=date(2024, 1, 20))
    assert _figures(ctx, "vasteras", "2023") == first
