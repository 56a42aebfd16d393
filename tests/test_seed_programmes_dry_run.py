"""Dry runs of Hofors, START and Örebro against dates checked by hand.

Sources: seeds 004 (Hofors), 000 (START) and 002 (Örebro); where a seed is silent the
definitions use documented defaults (report due 1 month after the period's last day,
monthly or quarterly follow-ups, …), named in comments in the YAML files.  Due dates
that fall on a weekend or Swedish holiday move to the previous working day (the
definitions' default); the comments give the calendar reasoning.
"""

from datetime import date

import pytest

from engine.definitions.loading import check_file, load_programme
from engine.definitions.spec import ProgrammeSpec
from engine.paths import definitions_dir
from engine.rules.programme_calendar import programme_calendar, report_periods
from engine.rules.simulation import simulate
from engine.rules.timeline import CaseFacts, participant_timeline


@pytest.fixture(scope="module")
def hofors() -> ProgrammeSpec:
    return load_programme("hofors")


@pytest.fixture(scope="module")
def start() -> ProgrammeSpec:
    return load_programme("start")


@pytest.fixture(scope="module")
def orebro() -> ProgrammeSpec:
    return load_programme("orebro")


def dues(obligations: list, kind: str) -> list[date]:
    return [o.due_on for o in obligations if o.kind == kind]


@pytest.mark.parametrize("name", ["hofors", "start", "orebro"])
def test_definition_validates_without_errors_or_warnings(name: str) -> None:
    spec, problems = check_file(definitions_dir() / f"{name}.yaml")
    assert problems == []
    assert spec is not None and spec.id == name


# --- Hofors (004) -----------------------------------------------------------------

#: "Rapport 1. 20210101 - 20210430" … "Rapport 8. 20221001- 20221231" exactly as in 004.
HOFORS_PERIODS = [
    (1, date(2021, 1, 1), date(2021, 4, 30)),
    (2, date(2021, 5, 1), date(2021, 8, 31)),
    (3, date(2021, 9, 1), date(2021, 9, 30)),
    (4, date(2021, 10, 1), date(2021, 12, 31)),
    (5, date(2022, 1, 1), date(2022, 3, 31)),
    (6, date(2022, 4, 1), date(2022, 6, 30)),
    (7, date(2022, 7, 1), date(2022, 9, 30)),
    (8, date(2022, 10, 1), date(2022, 12, 31)),
]

#: One month after each period's last day (seed silent: default), moved off days off.
HOFORS_REPORT_DUES = [
    date(2021, 5, 28),   # 30 May is a Sunday
    date(2021, 9, 30),
    date(2021, 10, 29),  # 30 Oct is a Saturday
    date(2022, 1, 31),
    date(2022, 4, 29),   # 30 Apr is a Saturday
    date(2022, 7, 29),   # 30 Jul is a Saturday
    date(2022, 10, 28),  # 30 Oct is a Sunday
    date(2023, 1, 31),
]


def test_hofors_identity_eligibility_and_targets(hofors: ProgrammeSpec) -> None:
    assert (hofors.valid_from, hofors.valid_to) == (date(2021, 1, 1), date(2023, 3, 1))
    assert (hofors.eligibility.age_min, hofors.eligibility.age_max) == (16, 64)
    assert hofors.eligibility.exclusions == ()  # zero exclusion
    assert "remitterad_via_trisam" in {c.id for c in hofors.eligibility.criteria}
    assert hofors.capacity.total_participants == 25
    organisation = dict(hofors.organisation)
    assert organisation["funder"] == "Samordningsförbund Gävleborg"
    assert organisation["owner"] == "Hofors kommun – Arbetsmarknad och Integration"
    assert [p.id for p in hofors.phases] == ["introduktion", "yrkesprofil", "jobbsokning",
                                              "arbetsgivarkontakt", "stod_pa_arbetsplatsen"]
    targets = {t.id: t for t in hofors.targets}
    assert targets["deltagare_totalt"].count == 25
    share = targets["vidare_till_sysselsattning"]
    assert share.share == 0.40
    assert set(share.outcomes) == {"sysselsattning", "studier", "anstallning"}
    assert share.denominator == "all_participants"
    trained = targets["utbildade"]
    assert trained.count == 12
    assert [count for _, count in trained.breakdown] == [2, 10]
    assert targets["upplevd_nytta"].survey == "nyttoenkat"
    assert targets["se_ips_forankrat"].measure == "qualitative"


def test_hofors_report_periods_exactly_as_the_seed(hofors: ProgrammeSpec) -> None:
    quarterly = next(r for r in hofors.reports if r.id == "kvartalsrapport")
    assert quarterly.cadence == "explicit"
    assert report_periods(hofors, quarterly, date(2023, 12, 31)) == HOFORS_PERIODS
    assert quarterly.intended_gaps[0][:2] == (date(2023, 1, 1), date(2023, 3, 1))
    final = next(r for r in hofors.reports if r.id == "slutrapport")
    assert final.cadence == "final"
    assert report_periods(hofors, final, date(2023, 12, 31)) == [
        (1, date(2021, 1, 1), date(2023, 3, 1))]


def test_hofors_report_due_dates(hofors: ProgrammeSpec) -> None:
    events = programme_calendar(hofors, date(2021, 1, 1), date(2023, 12, 31))
    reports = [o for o in events if o.kind == "report"]
    quarterly = [o for o in reports if o.rule == "calendar.reports.kvartalsrapport"]
    assert [o.number for o in quarterly] == list(range(1, 9))
    assert [(o.number, o.period_from, o.period_to) for o in quarterly] == HOFORS_PERIODS
    assert [o.due_on for o in quarterly] == HOFORS_REPORT_DUES
    assert quarterly[0].name == "Kvartalsrapport 1 (2021-01-01 – 2021-04-30)"
    assert all(o.recipients == ("samordningsforbund",) for o in reports)
    (final,) = [o for o in reports if o.rule == "calendar.reports.slutrapport"]
    assert (final.period_from, final.period_to) == (date(2021, 1, 1), date(2023, 3, 1))
    assert final.due_on == date(2023, 3, 31)  # 1 Apr 2023 is a Saturday
    assert final.name == "Slutrapport (2021-01-01 – 2023-03-01)"


def test_hofors_meetings_per_year(hofors: ProgrammeSpec) -> None:
    events = programme_calendar(hofors, date(2021, 1, 1), date(2023, 12, 31))

    def meetings(meeting_id: str, year: int) -> list[date]:
        return [o.due_on for o in events if o.rule == f"calendar.meetings.{meeting_id}"
                and o.due_on.year == year]

    # Steering group "minst 4 ggr/år": second Tuesday of Feb, May, Sep and Nov (default).
    assert meetings("styrgruppsmote", 2021) == [
        date(2021, 2, 9), date(2021, 5, 11), date(2021, 9, 14), date(2021, 11, 9)]
    assert meetings("styrgruppsmote", 2022) == [
        date(2022, 2, 8), date(2022, 5, 10), date(2022, 9, 13), date(2022, 11, 8)]
    assert meetings("styrgruppsmote", 2023) == [date(2023, 2, 14)]
    # Politicians "2 ggr/år": third Tuesday of April and October (default).
    assert meetings("rapport_politiker", 2021) == [date(2021, 4, 20), date(2021, 10, 19)]
    assert meetings("rapport_politiker", 2022) == [date(2022, 4, 19), date(2022, 10, 18)]
    # Researcher (HiG) "4 ggr/år": second Wednesday of Mar, Jun, Sep, Dec (default);
    # 8 Mar 2023 is after the project's last day, so 2023 has none.
    assert meetings("foljeforskning", 2021) == [
        date(2021, 3, 10), date(2021, 6, 9), date(2021, 9, 8), date(2021, 12, 8)]
    assert meetings("foljeforskning", 2022) == [
        date(2022, 3, 9), date(2022, 6, 8), date(2022, 9, 14), date(2022, 12, 14)]
    assert meetings("foljeforskning", 2023) == []
    for meeting in hofors.meetings:
        for year in (2021, 2022):
            assert len(meetings(meeting.id, year)) >= (meeting.per_year_min or 0)


def test_hofors_nothing_after_the_project_but_report_due_dates(hofors: ProgrammeSpec) -> None:
    events = programme_calendar(hofors, date(2021, 1, 1), date(2024, 12, 31))
    late = [o for o in events if o.due_on > date(2023, 3, 1)]
    # The final report, and its draft ten working days before for the author.
    assert [(o.kind, o.due_on) for o in late] == [("report_draft", date(2023, 3, 17)),
                                                  ("report", date(2023, 3, 31))]
    assert all(o.period_to is not None and o.period_to <= date(2023, 3, 1) for o in late)


def test_hofors_dry_run_from_2021_03_15(hofors: ProgrammeSpec) -> None:
    run = simulate(hofors, date(2021, 3, 15))
    # No maximum duration, but the project ends 2023-03-01: the dry run exits then.
    assert run.exit_on == date(2023, 3, 1) and run.until == date(2023, 4, 1)
    assert run.assumptions == ("no --move: the participant stays in the initial phase "
                               "'introduktion' throughout",
                               "exit assumed when the programme ends: 2023-03-01",
                               "no exit outcome assumed: the participant never leaves "
                               "'introduktion', from which nobody completes (give --move to "
                               "see an exit, or a drop-out --outcome)")
    by_key = {o.key: o for o in run.obligations}
    assert by_key["task:statistikuppgifter"].due_on == date(2021, 3, 29)  # 10 working days
    assert by_key["task:overenskommelse"].due_on == date(2021, 4, 14)     # 30 days
    assert dues(list(run.obligations), "follow_up")[:5] == [
        date(2021, 4, 15), date(2021, 5, 14),  # 15 May is a Saturday
        date(2021, 6, 15), date(2021, 7, 15), date(2021, 8, 13)]  # 15 Aug is a Sunday
    follow_ups = dues(list(run.obligations), "follow_up")
    assert len(follow_ups) == 23 and follow_ups[-1] == date(2023, 2, 15)  # none after the end
    reports = [(o.number, o.due_on) for o in run.obligations if o.kind == "report"]
    assert reports == [*enumerate(HOFORS_REPORT_DUES, start=1), (1, date(2023, 3, 31))]


def test_hofors_phase_entry_and_exit_tasks(hofors: ProgrammeSpec) -> None:
    facts = CaseFacts(date(2021, 3, 15), phase_entries=(("yrkesprofil", date(2021, 4, 20)),),
                      exited_on=date(2022, 6, 24), outcome="anstallning")
    timeline = participant_timeline(hofors, facts, date(2022, 12, 31))
    by_key = {o.key: o for o in timeline}
    assert by_key["task:yrkesprofil_upprattad:2021-04-20"].due_on == date(2021, 5, 20)
    # Exit on midsommarafton 2022 (a de facto holiday): not due the day before the exit
    # that opens them, but on the first working day from it, Monday 27 June.
    assert by_key["exit:nyttoenkat"].due_on == date(2022, 6, 27)
    assert by_key["exit:nyttoenkat"].kind == "survey"
    assert by_key["exit:sysselsattning_vid_avslut"].due_on == date(2022, 6, 27)
    assert max(dues(timeline, "follow_up")) <= date(2022, 6, 24)


# --- START (000) ------------------------------------------------------------------


def test_start_chain_and_governance(start: ProgrammeSpec) -> None:
    # The competence project starts 2005-09-01; the chain takes clients from 2006.
    assert (start.valid_from, start.enrolment_from, start.valid_to) == (
        date(2005, 9, 1), date(2006, 1, 1), None)
    assert [p.id for p in start.phases] == ["bedomning", "placering"]
    (transition,) = start.phase("bedomning").transitions
    assert transition.to == "placering"
    assert transition.requires == ("bedomning_klar", "val_av_placeringsform")
    assert [form_id for form_id, _ in start.placement_forms] == ["placering_inom_start",
                                                                 "extern_placering"]
    rights = {r.matter: r.decided_by for r in start.decision_rights}
    assert rights["supplier_choice"] == "styrgrupp"
    assert rights["final_report_notification"] == "socialtjanstnamnden"
    assert "Kompetensfonden" in dict(start.organisation)["funder"]
    assert not any(r.cadence == "final" for r in start.reports)  # open-ended chain


def test_start_dry_run_from_2006_03_01(start: ProgrammeSpec) -> None:
    run = simulate(start, date(2006, 3, 1))
    assert run.until == date(2007, 2, 28)
    by_key = {o.key: o for o in run.obligations}
    assert by_key["task:bedomning_klar"].due_on == date(2006, 3, 29)        # 4 weeks
    assert by_key["task:val_av_placeringsform"].due_on == date(2006, 3, 29)
    assert dues(list(run.obligations), "follow_up") == [
        date(2006, 3, 31),   # 1 Apr is a Saturday
        date(2006, 4, 28),   # 1 May is a holiday, 29–30 Apr a weekend
        date(2006, 6, 1),
        date(2006, 6, 30),   # 1 Jul is a Saturday
        date(2006, 8, 1),
        date(2006, 9, 1),
        date(2006, 9, 29),   # 1 Oct is a Sunday
        date(2006, 11, 1),
        date(2006, 12, 1),
        date(2006, 12, 29),  # 1 Jan 2007 is a holiday, 30–31 Dec a weekend
        date(2007, 2, 1),
    ]
    (report,) = [o for o in run.obligations if o.kind == "report"]
    assert (report.period_from, report.period_to) == (date(2005, 9, 1), date(2006, 8, 31))
    assert report.due_on == date(2006, 9, 29)  # 30 Sep 2006 is a Saturday
    assert report.recipients == ("socialtjanstnamnden",)
    assert by_key["project_phase:kompetensutveckling:end"].due_on == date(2006, 8, 31)


# --- Örebro (002) -----------------------------------------------------------------


def test_orebro_reimbursement_type_cases_and_phases(orebro: ProgrammeSpec) -> None:
    assert orebro.valid_to is None
    assert [p.id for p in orebro.phases] == ["kartlaggning", "insatser", "avslut"]
    # No type case is described in the seed, so the choice is left out (issue 23).
    assert orebro.type_cases == ()
    assert {t.id: t.records for t in orebro.tasks if t.records} == {
        "behovsbedomning": ("need_level",), "kartlaggning_aktivitetsformaga": ("assessment",),
        "aktivitetsformaga_vid_avslut": ("assessment",)}
    reimbursement = orebro.reimbursement
    assert reimbursement is not None
    assert [(level_id, amount) for level_id, _, amount in reimbursement.levels] == [
        ("niva_1", 5000.0), ("niva_2", 10000.0), ("niva_3", 15000.0)]
    assert reimbursement.premium_per_level_gained == 2000
    assert reimbursement.premium_max == 6000
    assert (reimbursement.currency, reimbursement.period) == ("SEK", "month")


def test_orebro_dry_run_from_2021_02_01(orebro: ProgrammeSpec) -> None:
    run = simulate(orebro, date(2021, 2, 1))
    by_key = {o.key: o for o in run.obligations}
    assert by_key["task:behovsbedomning"].due_on == date(2021, 2, 15)           # 10 working days
    assert by_key["task:kartlaggning_aktivitetsformaga"].due_on == date(2021, 3, 3)  # 30 days
    assert by_key["task:gemensam_plan"].due_on == date(2021, 3, 3)
    assert dues(list(run.obligations), "follow_up") == [
        date(2021, 4, 30),  # 1 May is a Saturday and a holiday
        date(2021, 7, 30),  # 1 Aug is a Sunday
        date(2021, 11, 1),
    ]
    assert all(o.scope == "participant" for o in run.obligations)  # no programme calendar


def test_orebro_follow_ups_stop_in_the_closing_phase(orebro: ProgrammeSpec) -> None:
    facts = CaseFacts(date(2021, 2, 1),
                      phase_entries=(("insatser", date(2021, 3, 10)),
                                     ("avslut", date(2021, 9, 1))),
                      exited_on=date(2021, 10, 15), outcome="mal_uppnatt")
    timeline = participant_timeline(orebro, facts, date(2022, 12, 31))
    assert dues(timeline, "follow_up") == [date(2021, 4, 30), date(2021, 7, 30)]
    by_key = {o.key: o for o in timeline}
    assert by_key["exit:aktivitetsformaga_vid_avslut"].due_on == date(2021, 10, 15)
