"""The calendar constructs of issue 12, each as a programme would write it.

Monthly (any N months) report cadences, due on a day of a following month or on named
calendar days, deadlines before meetings (for reports, programme tasks and evaluation
steps, following the meeting's rule or explicit dates), steps that move off days off,
and meetings reminded to their body's secretary and escalated to its chair.  Dates are
worked out by hand in the comments; the example is ``docs/examples/ungdom.yaml``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from engine.definitions.loading import check_source, load_programme
from engine.definitions.spec import ProgrammeSpec
from engine.errors import Problem
from engine.rules.obligations import Obligation
from engine.rules.programme_calendar import programme_calendar

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "ungdom.yaml"
SKELETON = (ROOT / "tests" / "fixtures" / "minimal_valid.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ungdom() -> ProgrammeSpec:
    return load_programme(EXAMPLE)


def events(spec: ProgrammeSpec, rule: str, span_from: date = date(2024, 1, 1),
           span_to: date = date(2027, 12, 31)) -> list[Obligation]:
    """The events of ``rule`` (a report's drafts, which share its rule, left out)."""
    return [o for o in programme_calendar(spec, span_from, span_to)
            if o.rule == rule and o.kind != "report_draft"]


def variant(old: str, new: str) -> tuple[ProgrammeSpec | None, list[Problem]]:
    """The test skeleton with one passage replaced, checked."""
    assert old in SKELETON, old
    return check_source(SKELETON.replace(old, new, 1), "variant.yaml")


def errors(problems: list[Problem]) -> list[str]:
    return [p.message for p in problems if p.severity == "error"]


def test_the_example_validates_without_any_problem() -> None:
    spec, problems = check_source(EXAMPLE.read_bytes(), str(EXAMPLE))
    assert problems == [] and spec is not None


def test_monthly_report_due_on_the_tenth_of_the_next_month(ungdom: ProgrammeSpec) -> None:
    reports = events(ungdom, "calendar.reports.manadsrapport")
    assert len(reports) == 36  # every month of 2024–2026
    first = reports[0]
    assert (first.period_from, first.period_to) == (date(2024, 1, 1), date(2024, 1, 31))
    assert first.due_on == date(2024, 2, 9)  # 10 Feb 2024 is a Saturday
    assert reports[1].period_to == date(2024, 2, 29)  # a leap year's February
    assert reports[1].due_on == date(2024, 3, 8)  # 10 Mar 2024 is a Sunday
    assert reports[2].due_on == date(2024, 4, 10)
    assert reports[-1].period_to == date(2026, 12, 31)
    assert reports[-1].due_on == date(2027, 1, 8)  # 10 Jan 2027 is a Sunday


def test_every_two_months_aligns_with_january() -> None:
    spec, problems = variant("cadence: annual\n      due: 0 days",
                             "cadence: {every: 2 months}\n      due: {day: 31}")
    assert spec is not None, problems
    reports = events(spec, "calendar.reports.arsrapport", date(2017, 1, 1), date(2019, 6, 30))
    assert [(o.period_from, o.period_to) for o in reports[:2]] == [
        (date(2017, 1, 1), date(2017, 2, 28)), (date(2017, 3, 1), date(2017, 4, 30))]
    # Day 31 of the next month is its last day: 31 March 2017 (a Friday), 31 May 2017.
    assert [o.due_on for o in reports[:2]] == [date(2017, 3, 31), date(2017, 5, 31)]
    assert len(reports) == 12  # six a year, 2017 and 2018


def test_half_year_report_due_on_named_days(ungdom: ProgrammeSpec) -> None:
    reports = events(ungdom, "calendar.reports.halvarsrapport")
    assert [(o.period_to, o.due_on) for o in reports] == [
        (date(2024, 6, 30), date(2024, 8, 30)),   # 31 Aug 2024 is a Saturday
        (date(2024, 12, 31), date(2025, 2, 28)),  # 28 Feb 2025, a Friday
        (date(2025, 6, 30), date(2025, 8, 29)),   # 31 Aug 2025 is a Sunday
        (date(2025, 12, 31), date(2026, 2, 27)),  # 28 Feb 2026 is a Saturday
        (date(2026, 6, 30), date(2026, 8, 31)),
        (date(2026, 12, 31), date(2027, 2, 26)),  # 28 Feb 2027 is a Sunday
    ]


def test_a_february_due_day_means_the_end_of_february_in_a_leap_year() -> None:
    spec, problems = variant(
        "cadence: annual\n      due: 0 days",
        'cadence: half_year\n      due:\n        dates:\n'
        '          - {period_ends: "06-30", on: "08-31"}\n'
        '          - {period_ends: "12-31", on: "02-29"}')
    assert spec is not None, problems
    reports = events(spec, "calendar.reports.arsrapport", date(2017, 1, 1), date(2020, 3, 31))
    # 29 Feb does not exist in 2018 or 2019: the last day of February is due.
    assert [o.due_on for o in reports if o.period_to.month == 12] == [
        date(2018, 2, 28), date(2019, 2, 28)]


def test_named_days_must_cover_every_period() -> None:
    _, problems = variant("cadence: annual\n      due: 0 days",
                          'cadence: half_year\n      due:\n        dates:\n'
                          '          - {period_ends: "06-30", on: "08-31"}\n'
                          '          - {period_ends: "09-30", on: "11-30"}')
    assert errors(problems) == [
        'no due day for the periods ending "12-31"; add {period_ends: …, on: …} for each',
        "no period of this report ends on 09-30; its periods end on 06-30, 12-31"]


def test_report_due_before_the_first_board_meeting_after_its_quarter(
        ungdom: ProgrammeSpec) -> None:
    reports = events(ungdom, "calendar.reports.lagesrapport")
    # Board meetings 2024: 14 Mar, 13 Jun, 17 Oct, 12 Dec.  Q1 (to 31 Mar): 10 working
    # days before 13 June is 29 May (6 June, National Day, is not a working day).
    assert [(o.period_to, o.due_on) for o in reports[:3]] == [
        (date(2024, 3, 31), date(2024, 5, 29)),
        (date(2024, 6, 30), date(2024, 10, 3)),   # 13 Jun is before the quarter ends
        (date(2024, 9, 30), date(2024, 10, 3)),
    ]
    assert reports[0].note == "inför Styrelsemöte 2024-06-13"
    assert len(reports) == 9  # quarters 1–3 of three years


def test_programme_task_before_every_meeting_from_explicit_dates(ungdom: ProgrammeSpec) -> None:
    tasks = events(ungdom, "calendar.tasks.underlag_styrelsen")
    assert len(tasks) == 12  # one before each of the 12 listed board meetings
    assert [(o.key, o.due_on) for o in tasks[:2]] == [
        ("programme_task:underlag_styrelsen:2024-03-14", date(2024, 2, 29)),
        ("programme_task:underlag_styrelsen:2024-06-13", date(2024, 5, 29))]
    assert {o.kind for o in tasks} == {"programme_task"}
    assert tasks[0].responsible == "forbundschef"


def test_programme_task_before_every_meeting_from_a_rule() -> None:
    spec, problems = variant(
        "  evaluations:",
        "  tasks:\n    - id: underlag\n      name: Underlag\n"
        "      due: {before: 5 working days, meeting: styrgruppsmote}\n"
        "      responsible: coach\n  evaluations:")
    assert spec is not None, problems
    tasks = events(spec, "calendar.tasks.underlag", date(2017, 1, 1), date(2017, 12, 31))
    # FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU from 1 Jan 2017: 10 Jan, 11 Apr, 11 Jul, 10 Oct;
    # five working days before 10 Jan skip Epiphany (Friday 6 Jan): Monday 2 Jan.
    assert [o.due_on for o in tasks] == [date(2017, 1, 2), date(2017, 4, 4), date(2017, 7, 4),
                                         date(2017, 10, 3)]


def test_evaluation_steps_before_the_board_meeting_each_year(ungdom: ProgrammeSpec) -> None:
    steps = {o.key: o.due_on for o in events(ungdom, "calendar.evaluations.arlig_utvardering")}
    # The first board meeting after 1 September: 17 Oct 2024, 16 Oct 2025, 15 Oct 2026.
    assert steps["evaluation:arlig_utvardering:2024:analys"] == date(2024, 10, 3)
    assert steps["evaluation:arlig_utvardering:2025:analys"] == date(2025, 10, 2)
    assert steps["evaluation:arlig_utvardering:2024:complete"] == date(2024, 10, 10)
    assert steps["evaluation:arlig_utvardering:2026:complete"] == date(2026, 10, 8)
    assert steps["evaluation:arlig_utvardering:2025:sammanstallning"] == date(2025, 9, 30)


def test_rebus_evaluation_steps_are_not_due_on_a_sunday() -> None:
    rebus = load_programme("rebus")
    steps = {o.key: o for o in events(rebus, "calendar.evaluations.arlig_utvardering",
                                      date(2017, 1, 1), date(2026, 12, 31))}
    assert all(o.due_on.weekday() < 5 for o in steps.values() if o.kind != "evaluation_start")
    assert steps["evaluation:arlig_utvardering:2017:prognos"].due_on == date(2017, 10, 13)
    assert steps["evaluation:arlig_utvardering:2020:styrgruppsanalys"].due_on == date(2020, 10, 30)


def test_meetings_are_reminded_to_the_secretary_and_escalated_to_the_chair(
        ungdom: ProgrammeSpec) -> None:
    (board,) = events(ungdom, "calendar.meetings.styrelsemote", date(2024, 3, 1),
                      date(2024, 3, 31))
    assert board.responsible == "forbundschef"
    assert board.escalate_to == "styrelsens_ordforande"
    (steering,) = events(ungdom, "calendar.meetings.styrgruppsmote", date(2024, 2, 1),
                         date(2024, 2, 29))
    assert (steering.responsible, steering.escalate_to) == ("teamledare",
                                                            "styrgruppens_ordforande")


def test_a_meeting_never_escalates_to_the_coordinators_role() -> None:
    for name in ("rebus", "vasteras", "hofors"):
        spec = load_programme(name)
        coordinators = spec.reminders.escalate_to
        meetings = [o for o in programme_calendar(spec, spec.valid_from,
                                                  spec.valid_from.replace(year=2026))
                    if o.kind == "meeting"]
        assert meetings and all(o.escalate_to != coordinators for o in meetings), name


@pytest.mark.parametrize(("new", "message"), [
    ("cadence: {every: 0 months}", "a period of '0 months' never ends"),
    ("cadence: {every: 5 months}\n      periods_of_year: [1]",
     "'periods_of_year' only applies with a cadence that divides the year"),
    ("cadence: {every: 2 months}\n      periods_of_year: [7]",
     "a year has only 6 periods of 2 month(s), not 7"),
])
def test_cadence_mistakes(new: str, message: str) -> None:
    spec, problems = variant("cadence: annual", new)
    assert spec is None
    assert any(message in m for m in errors(problems)), errors(problems)


def test_a_deadline_before_a_meeting_that_does_not_follow_the_period() -> None:
    _, problems = variant("cadence: annual\n      due: 0 days",
                          "cadence: annual\n      due: {before: 5 working days, "
                          "meeting: styrelsemote}")
    # The last year ends with the programme (2018-12-31): no board meeting follows it.
    assert errors(problems) == [
        "no 'styrelsemote' meeting comes late enough after the period ending 2018-12-31 for "
        "a deadline 5 working days before it, so that report would have no due date"]


def test_one_form_of_due_at_a_time() -> None:
    _, problems = variant("cadence: annual\n      due: 0 days",
                          "cadence: annual\n      due: {day: 10, before: 5 days, "
                          "meeting: styrelsemote}")
    assert errors(problems) == ["write one form of due: {day: 10, months_after: 1}, "
                                "{dates: [...]} or {before: 10 working days, meeting: ID}"]


def test_an_independent_validator_accepts_the_example() -> None:
    import shutil
    import subprocess
    import sys

    from engine.paths import schema_path
    found = shutil.which("check-jsonschema") or str(Path(sys.executable).parent /
                                                     "check-jsonschema")
    result = subprocess.run([found, "--schemafile", str(schema_path()), str(EXAMPLE)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
