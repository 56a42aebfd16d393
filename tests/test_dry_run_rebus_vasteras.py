"""Dry runs of REBUS and Samordningsteam Västerås against dates checked by hand.

Due dates that fall on a weekend or Swedish holiday move to the previous working day
(the definitions' default); the comments give the calendar reasoning.
"""

from datetime import date

import pytest

from engine.dates.durations import Duration
from engine.definitions.loading import load_programme
from engine.definitions.spec import ProgrammeSpec
from engine.errors import StegvisError
from engine.rules.programme_calendar import programme_calendar
from engine.rules.simulation import DryRunPath, simulate
from engine.rules.timeline import CaseFacts, participant_timeline


@pytest.fixture(scope="module")
def rebus() -> ProgrammeSpec:
    return load_programme("rebus")


@pytest.fixture(scope="module")
def vasteras() -> ProgrammeSpec:
    return load_programme("vasteras")


def dues(obligations: list, kind: str) -> list[date]:
    return [o.due_on for o in obligations if o.kind == kind]


def test_rebus_follow_ups_every_two_months_from_a_month_end(rebus: ProgrammeSpec) -> None:
    timeline = participant_timeline(rebus, CaseFacts(date(2024, 1, 31)), date(2024, 12, 31))
    assert dues(timeline, "follow_up") == [
        date(2024, 3, 28),   # 31 Mar is Easter Sunday, 29 Mar Good Friday
        date(2024, 5, 31),
        date(2024, 7, 31),
        date(2024, 9, 30),
        date(2024, 11, 29),  # 30 Nov is a Saturday
    ]
    first = next(o for o in timeline if o.kind == "follow_up")
    assert first.attendees == ("deltagare", "projektmedarbetare", "anvisande_part")
    assert first.rule == "participant.follow_ups"
    assert first.source == "001_ca7d5b990462bc8a.txt"
    assert first.remind_on == date(2024, 3, 21)   # 5 working days before
    assert first.escalate_on == date(2024, 4, 8)  # 5 working days after, Easter Monday off


def test_a_tighter_agreed_interval_moves_the_following_follow_ups(rebus: ProgrammeSpec) -> None:
    facts = CaseFacts(date(2024, 1, 15), follow_ups_held=(date(2024, 2, 20),),
                      agreed_interval=Duration(1, "months"))
    timeline = participant_timeline(rebus, facts, date(2024, 5, 31))
    assert dues(timeline, "follow_up") == [
        date(2024, 2, 20),  # held
        date(2024, 3, 20), date(2024, 4, 19),  # 20 Apr is a Saturday
        date(2024, 5, 20),
    ]


def test_rebus_opening_tasks_and_exit_action_plan_rule(rebus: ProgrammeSpec) -> None:
    facts = CaseFacts(date(2024, 1, 31), exited_on=date(2024, 6, 14), outcome="avbrott")
    timeline = participant_timeline(rebus, facts, date(2025, 12, 31))
    by_key = {o.key: o for o in timeline}
    assert by_key["task:handlingsplan"].due_on == date(2024, 3, 1)  # 30 days
    assert "exit:handlingsplan_vid_avslut" in by_key  # not work or studies: plan required
    assert max(dues(timeline, "follow_up")) <= date(2024, 6, 14)
    working = CaseFacts(date(2024, 1, 31), exited_on=date(2024, 6, 14), outcome="arbete")
    keys = {o.key for o in participant_timeline(rebus, working, date(2025, 12, 31))}
    assert "exit:handlingsplan_vid_avslut" not in keys
    assert "exit:slutenkat" in keys


def test_rebus_programme_calendar_2017(rebus: ProgrammeSpec) -> None:
    events = programme_calendar(rebus, date(2017, 1, 1), date(2017, 12, 31))
    by_key = {o.key: o for o in events}
    assert by_key["project_phase:fas1:end"].due_on == date(2017, 2, 28)
    assert by_key["project_phase:fas3:start"].due_on == date(2017, 9, 1)
    assert by_key["project_phase:fas3:end"].due_on == date(2017, 10, 31)
    assert by_key["evaluation:arlig_utvardering:2017:complete"].due_on == date(2017, 10, 31)
    board = [o.due_on for o in events if o.rule == "calendar.meetings.styrelsemote_november"]
    assert board == [date(2017, 11, 16)]  # third Thursday of November
    assert "2017-11-16" in by_key["evaluation:arlig_utvardering:2017:complete"].note
    annual = by_key["report:arsrapport:1"]
    assert (annual.period_from, annual.period_to) == (date(2017, 1, 1), date(2017, 12, 31))
    assert annual.due_on == date(2017, 12, 29)  # 31 Dec is a Sunday and nyårsafton


def test_vasteras_one_year_limit_and_post_exit_follow_ups(vasteras: ProgrammeSpec) -> None:
    # A participant completes from Aktiviteter, not from the first phase (issue 25): the
    # path goes there, as the case engine would require.
    run = simulate(vasteras, date(2019, 1, 31),
                   path=DryRunPath(moves=(("aktiviteter", date(2019, 3, 1)),)))
    by_key = {o.key: o for o in run.obligations}
    assert by_key["duration:limit"].due_on == date(2020, 1, 30)   # one year, last day inclusive
    assert by_key["duration:warning"].due_on == date(2019, 12, 30)
    assert run.exit_on == date(2020, 1, 30) and run.outcome == "arbete"
    assert any("exit assumed" in a for a in run.assumptions)
    assert by_key["post_exit:efter_6_manader"].due_on == date(2020, 7, 30)
    assert by_key["post_exit:efter_24_manader"].due_on == date(2022, 1, 28)  # 30 Jan is a Sunday
    assert by_key["post_exit:efter_6_manader"].responsible == "payoff"


def test_no_outcome_is_assumed_for_one_who_never_left_the_first_phase(
        vasteras: ProgrammeSpec) -> None:
    """Once the dry run assumed 'arbete' for them, which the case engine refuses."""
    run = simulate(vasteras, date(2019, 1, 31))
    assert run.exit_on == date(2020, 1, 30) and run.outcome is None
    assert ("no exit outcome assumed: the participant never leaves 'bedomning', from which "
            "nobody completes (give --move to see an exit, or a drop-out --outcome)") \
        in run.assumptions
    assert not any(o.key.startswith(("exit:", "post_exit:")) for o in run.obligations)


def test_vasteras_drop_outs_get_no_post_exit_follow_up(vasteras: ProgrammeSpec) -> None:
    facts = CaseFacts(date(2019, 1, 31), exited_on=date(2019, 5, 2), outcome="avbrott")
    keys = {o.key for o in participant_timeline(vasteras, facts, date(2022, 12, 31))}
    assert not any(k.startswith("post_exit:") for k in keys)
    assert "duration:limit" not in keys  # moot after the exit
    assert "exit:overlamning_planering" not in keys
    rehab = CaseFacts(date(2019, 1, 31), exited_on=date(2019, 5, 2),
                      outcome="fortsatt_rehabilitering")
    keys = {o.key for o in participant_timeline(vasteras, rehab, date(2022, 12, 31))}
    assert {"exit:overlamning_planering", "post_exit:efter_6_manader"} <= keys


def test_vasteras_critical_point_when_a_workplace_measure_starts(vasteras: ProgrammeSpec) -> None:
    facts = CaseFacts(date(2019, 1, 31), phase_entries=(("aktiviteter", date(2019, 3, 1)),
                                                         ("arbetsplatsforlagd", date(2019, 6, 3))))
    critical = [o for o in participant_timeline(vasteras, facts, date(2019, 12, 31))
                if o.kind == "critical_point"]
    assert [(o.key, o.due_on) for o in critical] == [
        ("task:kritisk_punkt_start", date(2019, 2, 7)),
        ("task:kritisk_punkt_arbetsplats:2019-06-03", date(2019, 6, 11)),  # 6 June is a holiday
    ]


def test_extension_approver_by_length(vasteras: ProgrammeSpec) -> None:
    assert vasteras.duration is not None
    assert vasteras.duration.approver_for(Duration(2, "months")) == "verksamhetsledare"
    assert vasteras.duration.approver_for(Duration(6, "months")) == "styrgrupp"


def test_vasteras_steering_group_meets_four_to_six_times_a_year(vasteras: ProgrammeSpec) -> None:
    events = programme_calendar(vasteras, date(2019, 1, 1), date(2019, 12, 31))
    meetings = [o.due_on for o in events if o.rule == "calendar.meetings.styrgruppsmote"]
    assert 4 <= len(meetings) <= 6
    reports = [(o.name, o.due_on) for o in events if o.kind == "report"]
    half_year = [r for r in reports if r[0].startswith("Förenklad halvårsrapport")]
    assert [d for _, d in half_year] == [date(2019, 7, 30)]  # only the first half-year
    assert any(n.startswith("Årsrapport") and d == date(2019, 12, 30) for n, d in reports)


def test_simulate_refuses_impossible_requests(vasteras: ProgrammeSpec) -> None:
    period = r"outside the programme's enrolment period \(from 2016-07-01, open-ended\)"
    with pytest.raises(StegvisError, match=period):
        simulate(vasteras, date(2015, 1, 1))
    with pytest.raises(StegvisError, match="did you mean 'arbete'"):
        simulate(vasteras, date(2019, 1, 1), outcome="arbet")
    with pytest.raises(StegvisError, match="before the enrolment"):
        simulate(vasteras, date(2019, 1, 1), exit_on=date(2018, 12, 1))


def test_follow_ups_pause_in_an_excluded_phase_and_resume_on_return() -> None:
    orebro = load_programme("orebro")  # follow-ups every 3 months in kartlaggning, insatser
    facts = CaseFacts(date(2021, 1, 15), phase_entries=(
        ("insatser", date(2021, 2, 1)), ("avslut", date(2021, 6, 1)),
        ("insatser", date(2021, 9, 1))))
    timeline = participant_timeline(orebro, facts, date(2022, 1, 31))
    assert dues(timeline, "follow_up") == [
        date(2021, 4, 15),
        # 15 Jul falls in the closing phase: no meeting
        date(2021, 10, 15), date(2022, 1, 14),  # 15 Jan 2022 is a Saturday
    ]


def test_nothing_recurs_after_the_programme_has_ended() -> None:
    hofors = load_programme("hofors")  # project 2021-01-01 – 2023-03-01
    timeline = participant_timeline(hofors, CaseFacts(date(2022, 10, 3)), date(2023, 12, 31))
    assert max(dues(timeline, "follow_up")) <= date(2023, 3, 1)
    with pytest.raises(StegvisError, match="after the programme ends"):
        simulate(hofors, date(2022, 10, 3), exit_on=date(2023, 6, 1))


def test_enrolment_opens_later_than_the_programme_calendar() -> None:
    start = load_programme("start")  # competence project from 2005-09-01, clients from 2006
    with pytest.raises(StegvisError, match=r"enrolment period \(from 2006-01-01"):
        simulate(start, date(2005, 10, 3))
    events = programme_calendar(start, date(2005, 9, 1), date(2006, 12, 31))
    assert events[0].key == "project_phase:kompetensutveckling:start"
    assert events[0].due_on == date(2005, 9, 1)


def test_a_meeting_can_name_who_reports_at_it() -> None:
    hofors = load_programme("hofors")
    events = programme_calendar(hofors, date(2021, 1, 1), date(2021, 12, 31))
    politicians = [o for o in events if o.rule == "calendar.meetings.rapport_politiker"]
    assert [o.due_on for o in politicians] == [date(2021, 4, 20), date(2021, 10, 19)]
    assert {o.responsible for o in politicians} == {"insatsledare"}


def test_activity_capacity_scale_and_premium_reach_the_spec() -> None:
    orebro = load_programme("orebro")
    assert orebro.activity_capacity_scale is not None
    assert (orebro.activity_capacity_scale.min, orebro.activity_capacity_scale.max) == (1, 5)
    assert [n for n, _ in orebro.activity_capacity_scale.labels] == [1, 2, 3, 4, 5]
    assert orebro.reimbursement is not None
    assert orebro.reimbursement.premium_measured_over == Duration(6, "months")
