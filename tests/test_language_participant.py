"""The participant constructs of issue 12, through the timeline every case is stored from.

Deadlines from the referral, a phase's time limit, follow-up series that start when a
phase is entered (with extra attendees at every n-th meeting), the extension tiers of
the duration limit, target denominators with exclusions, and the checks that go with
them (zero intervals, a limit that runs past the programme's end).  The example is
``docs/examples/ungdom.yaml``; dates are worked out by hand in the comments.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from engine.dates.durations import Duration
from engine.definitions.loading import check_source, load_programme
from engine.definitions.spec import ProgrammeSpec
from engine.errors import Problem
from engine.rules.targets import in_denominator, in_numerator, share
from engine.rules.timeline import CaseFacts, participant_timeline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "ungdom.yaml"
SKELETON = (ROOT / "tests" / "fixtures" / "minimal_valid.yaml").read_text(encoding="utf-8")
ENROLLED = date(2024, 3, 4)  # a Monday


@pytest.fixture(scope="module")
def ungdom() -> ProgrammeSpec:
    return load_programme(EXAMPLE)


def by_key(spec: ProgrammeSpec, facts: CaseFacts, until: date = date(2025, 6, 30)) -> dict:
    return {o.key: o for o in participant_timeline(spec, facts, until)}


def variant(old: str, new: str) -> tuple[ProgrammeSpec | None, list[Problem]]:
    assert old in SKELETON, old
    return check_source(SKELETON.replace(old, new, 1), "variant.yaml")


def messages(problems: list[Problem], severity: str = "error") -> list[str]:
    return [p.message for p in problems if p.severity == severity]


# --- the referral ------------------------------------------------------------------------

def test_first_meeting_within_ten_working_days_of_the_referral(ungdom: ProgrammeSpec) -> None:
    facts = CaseFacts(ENROLLED, referred_on=date(2024, 2, 26))
    first = by_key(ungdom, facts)["task:forsta_motet"]
    assert first.due_on == date(2024, 3, 11)  # 10 working days after Monday 26 Feb
    assert first.note == "" and first.kind == "meeting"


def test_without_a_referral_date_the_enrolment_counts_and_says_so(ungdom: ProgrammeSpec) -> None:
    first = by_key(ungdom, CaseFacts(ENROLLED))["task:forsta_motet"]
    assert first.due_on == date(2024, 3, 18)
    assert first.note == "inget remissdatum: räknat från inskrivningen"


# --- a phase's time limit ----------------------------------------------------------------

def test_a_phase_limit_and_its_warning_while_in_the_phase(ungdom: ProgrammeSpec) -> None:
    items = by_key(ungdom, CaseFacts(ENROLLED), until=date(2024, 6, 30))
    limit = items["phase_limit:kartlaggning:2024-03-04"]
    assert limit.due_on == date(2024, 4, 14)  # six weeks from 4 March, the last day; not moved
    assert limit.kind == "phase_limit" and limit.escalate_to == "teamledare"
    assert limit.escalate_on == date(2024, 4, 19)  # 5 working days after Sunday 14 April
    warning = items["phase_warning:kartlaggning:2024-03-04"]
    assert warning.due_on == date(2024, 4, 5)  # a week before: Sunday 7 April → Friday


def test_leaving_the_phase_in_time_ends_its_limit(ungdom: ProgrammeSpec) -> None:
    facts = CaseFacts(ENROLLED, phase_entries=(("insats", date(2024, 4, 1)),))
    assert not [k for k in by_key(ungdom, facts) if k.startswith("phase_")]


def test_an_overrun_limit_stays(ungdom: ProgrammeSpec) -> None:
    facts = CaseFacts(ENROLLED, phase_entries=(("insats", date(2024, 5, 2)),))
    assert {k for k in by_key(ungdom, facts) if k.startswith("phase_")} == {
        "phase_limit:kartlaggning:2024-03-04", "phase_warning:kartlaggning:2024-03-04"}


# --- follow-up series --------------------------------------------------------------------

def test_every_third_follow_up_also_with_the_referring_caseworker(ungdom: ProgrammeSpec) -> None:
    items = by_key(ungdom, CaseFacts(ENROLLED), until=date(2024, 6, 30))
    attendees = {n: items[f"follow_up:uppfoljning:{n}"].attendees for n in range(1, 7)}
    assert attendees[3] == attendees[6] == ("deltagare", "coach", "handlaggare")
    assert attendees[1] == attendees[2] == attendees[4] == ("deltagare", "coach")


def test_a_series_starts_when_its_phase_is_entered_and_restarts_on_return(
        ungdom: ProgrammeSpec) -> None:
    none_yet = by_key(ungdom, CaseFacts(ENROLLED))
    assert not [k for k in none_yet if k.startswith("follow_up:praktikuppfoljning")]
    facts = CaseFacts(ENROLLED, phase_entries=(("insats", date(2024, 4, 1)),
                                               ("praktik", date(2024, 9, 2)),
                                               ("insats", date(2024, 10, 14)),
                                               ("praktik", date(2024, 11, 4))))
    dues = sorted(o.due_on for k, o in by_key(ungdom, facts, date(2024, 12, 31)).items()
                  if k.startswith("follow_up:praktikuppfoljning"))
    # From 2 Sep every 4 weeks: 30 Sep (not held, it stays; 28 Oct falls after leaving);
    # again from 4 Nov: 2 Dec, 30 Dec.
    assert dues == [date(2024, 9, 30), date(2024, 12, 2), date(2024, 12, 30)]


def test_meetings_held_in_one_series_leave_the_other_alone(ungdom: ProgrammeSpec) -> None:
    entries = (("insats", date(2024, 4, 1)), ("praktik", date(2024, 9, 2)))
    plain = by_key(ungdom, CaseFacts(ENROLLED, phase_entries=entries), date(2024, 12, 31))
    held = by_key(ungdom, CaseFacts(ENROLLED, phase_entries=entries,
                                    other_follow_ups=(("praktikuppfoljning", date(2024, 10, 1),
                                                       None),)), date(2024, 12, 31))
    assert held["follow_up:praktikuppfoljning:1"].note == "held"
    assert held["follow_up:praktikuppfoljning:1"].due_on == date(2024, 10, 1)
    main = {k: o.due_on for k, o in held.items() if k.startswith("follow_up:uppfoljning")}
    assert main == {k: o.due_on for k, o in plain.items() if k.startswith("follow_up:uppfoljning")}


def test_an_agreed_interval_of_zero_stored_earlier_is_not_followed() -> None:
    hofors = load_programme("hofors")
    facts = CaseFacts(date(2021, 3, 15), agreed_interval=Duration(0, "days"))
    follow_ups = [o for o in participant_timeline(hofors, facts, date(2021, 12, 31))
                  if o.kind == "follow_up"]
    assert len(follow_ups) == 9  # monthly, as the definition says; not 1,000 on one day
    assert len({o.due_on for o in follow_ups}) == 9


# --- the duration limit's extension tiers -----------------------------------------------

def test_the_limit_carries_each_tier_its_ceiling_and_approver(ungdom: ProgrammeSpec) -> None:
    limit = by_key(ungdom, CaseFacts(ENROLLED))["duration:limit"]
    assert limit.due_on == date(2025, 3, 3)
    assert limit.extension_tiers == (("3 months", "teamledare", date(2025, 6, 3)),
                                     ("6 months", "styrgrupp", date(2025, 9, 3)))
    assert limit.to_json()["extension_tiers"][0] == {
        "up_to": "3 months", "approved_by": "teamledare", "last_day": "2025-06-03"}


@pytest.mark.parametrize(("old", "new", "warning"), [
    ("  enrolment_to: 2017-06-30   # so that the limit and its extensions end in time\n", "",
     "a participant enrolled on 2018-12-31 reaches the limit (12 months) on 2019-12-30, after "
     "the programme ends (2018-12-31); whoever is enrolled after 2018-01-01 cannot stay the "
     "full time"),
    ("enrolment_to: 2017-06-30", "enrolment_to: 2017-09-30",
     "an extension of up to 6 months for a participant enrolled on 2017-09-30 runs to "
     "2019-03-29, past the programme's end (2018-12-31)"),
    ("{up_to: 6 months, approved_by: styrgrupp}", "{up_to: null, approved_by: styrgrupp}",
     "an extension of any length can run past the programme's end (2018-12-31)"),
])
def test_validate_warns_when_a_limit_can_run_past_the_end(old: str, new: str,
                                                          warning: str) -> None:
    spec, problems = variant(old, new)
    assert spec is not None
    (found,) = messages(problems, "warning")
    assert warning in found


# --- checks ------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "error"), [
    ("interval: 1 month", "interval: 0 days",
     "an interval of '0 days' would put follow-ups on the same day without end"),
    ("tightest_interval: 1 week", "tightest_interval: 0 working days",
     "an agreed interval of '0 working days' would put follow-ups on the same day"),
    ("    attendees: [deltagare, coach]\n  duration:",
     "    attendees: [deltagare, coach]\n    phase: insats\n  duration:",
     "'phase' only applies with starts: phase_entry"),
    ("    attendees: [deltagare, coach]\n  duration:",
     "    attendees: [deltagare, coach]\n    starts: phase_entry\n    phase: insatts\n"
     "  duration:", "unknown phase 'insatts'; did you mean 'insats'?"),
    ("    attendees: [deltagare, coach]\n  duration:",
     "    attendees: [deltagare, coach]\n    extra_attendees: [{every: 3, attendees: [coah]}]\n"
     "  duration:", "unknown role 'coah'; did you mean 'coach'?"),
    ("      name: Start\n", "      name: Start\n      time_limit: {max: 2 weeks, warn_before: "
                            "3 weeks}\n",
     "warn_before (3 weeks) must be shorter than the time limit itself (2 weeks)"),
    ("    denominator: all_exits", "    denominator: {of: all_exits, except: [arbete]}",
     "'arbete' is counted in the numerator (outcomes), so it cannot be left out"),
    ("    denominator: all_exits", "    denominator: {of: all_exits, except: [flyttat]}",
     "unknown outcome or sub-outcome 'flyttat'"),
])
def test_mistakes_in_the_new_participant_keys(old: str, new: str, error: str) -> None:
    spec, problems = variant(old, new)
    assert spec is None
    assert any(error in m for m in messages(problems)), messages(problems)


def test_only_one_series_may_allow_a_tighter_interval() -> None:
    old = ("  follow_ups:\n    interval: 1 month\n    tightest_interval: 1 week\n"
           "    attendees: [deltagare, coach]\n")
    new = ("  follow_ups:\n    - {id: a, interval: 1 month, tightest_interval: 1 week, "
           "attendees: [deltagare, coach]}\n    - {id: b, interval: 2 months, tightest_interval: "
           "2 weeks, attendees: [deltagare, coach]}\n")
    _, problems = variant(old, new)
    assert any("only one follow-up series may allow a tighter agreed interval" in m
               for m in messages(problems)), messages(problems)


# --- target denominators -----------------------------------------------------------------

def test_a_denominator_leaves_out_those_who_moved_away(ungdom: ProgrammeSpec) -> None:
    (target,) = ungdom.targets
    assert target.denominator == "all_exits" and target.denominator_except == ("flyttat",)
    assert not in_denominator(ungdom, target, "flyttat")
    assert in_denominator(ungdom, target, "avbrott") and not in_numerator(ungdom, target,
                                                                           "avbrott")
    assert in_numerator(ungdom, target, "studier")
    exits = [("arbete", None), ("studier", None), ("flyttat", None), ("flyttat", None),
             ("avbrott", None), ("annan_insats", None)]
    assert share(ungdom, target, exits) == (2, 4)  # 2 of the 4 who did not move away


def test_a_sub_outcome_can_be_left_out() -> None:
    drop_out = "    - {id: avbrott, name: Avbrott, category: drop_out, completed: false}"
    with_subs = (drop_out[:-1] + ",\n       sub_outcomes: [{id: flyttat, name: Flyttat}, "
                 "{id: sjuk, name: Sjuk}]}")
    text = SKELETON.replace(drop_out, with_subs).replace(
        "    denominator: all_exits", "    denominator: {of: all_exits, except: [flyttat]}")
    spec, problems = check_source(text, "variant.yaml")
    assert spec is not None, problems
    target = spec.targets[0]
    assert not in_denominator(spec, target, "avbrott", "flyttat")
    assert in_denominator(spec, target, "avbrott", "sjuk")
