"""Constructs people wrote that could not be said (issue 25): a day-off rule per report or
deadline (the earlier working day, the programme's default, or the next one, the rule
Swedish law uses for statutory deadlines, lag 1930:173), meetings the same weeks every
year (BYWEEKNO), and a phase time limit counted from the referral."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from engine.definitions.loading import load_programme
from engine.rules.programme_calendar import programme_calendar
from engine.rules.simulation import DryRunPath, simulate

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "ungdom.yaml"


def _due(path: Path, key: str) -> date:
    spec = load_programme(path)
    found = {o.key: o.due_on for o in programme_calendar(spec, date(2025, 1, 1),
                                                          date(2026, 12, 31))}
    return found[key]


def test_a_report_due_on_a_saturday_moves_as_its_own_rule_says(tmp_path: Path) -> None:
    # The half-year report for July–December 2025 is due on 28 February 2026, a Saturday.
    assert _due(EXAMPLE, "report:halvarsrapport:4") == date(2026, 2, 27)   # programme's rule
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "      cadence: half_year\n", "      cadence: half_year\n"
        "      on_day_off: next_working_day\n", 1)
    (tmp_path / "ungdom.yaml").write_text(text, encoding="utf-8")
    assert _due(tmp_path / "ungdom.yaml", "report:halvarsrapport:4") == date(2026, 3, 2)
    # 31 August 2025 is a Sunday: Friday the 29th before, Monday 1 September now.
    assert (_due(EXAMPLE, "report:halvarsrapport:3"),
            _due(tmp_path / "ungdom.yaml", "report:halvarsrapport:3")) == (
        date(2025, 8, 29), date(2025, 9, 1))
    # The other reports keep the programme's rule (10 August 2025 is a Sunday).
    assert _due(tmp_path / "ungdom.yaml", "report:manadsrapport:19") == date(2025, 8, 8)


def test_meetings_the_same_weeks_every_year(tmp_path: Path) -> None:
    """BYWEEKNO, as docs/definition-language.md shows it: the Tuesday of the same ISO
    weeks each year."""
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("        dates: [2024-03-14")
    end = text.index("2026-12-10]", start) + len("2026-12-10]")
    (tmp_path / "ungdom.yaml").write_text(
        text[:start] + "        rrule: FREQ=YEARLY;BYWEEKNO=6,20,38,48;BYDAY=TU\n"
        "        starts: 2024-01-01" + text[end:], encoding="utf-8")
    spec = load_programme(tmp_path / "ungdom.yaml")
    days = [o.due_on for o in programme_calendar(spec, date(2025, 1, 1), date(2026, 12, 31))
            if o.kind == "meeting" and o.key.startswith("meeting:styrelsemote:")]
    assert [d.isocalendar()[1] for d in days] == [6, 20, 38, 48] * 2
    assert {d.weekday() for d in days} == {1}


def test_a_phase_time_limit_counted_from_the_referral(tmp_path: Path) -> None:
    """``time_limit: {max: 6 weeks, counted_from: referral}``: "the mapping is done within
    six weeks of the referral" (issue 25); the phase entry counts otherwise."""
    text = EXAMPLE.read_text(encoding="utf-8")
    old = "time_limit: {max: 6 weeks, warn_before: 1 week}"
    assert old in text
    (tmp_path / "ungdom.yaml").write_text(text.replace(
        old, "time_limit: {max: 6 weeks, warn_before: 1 week, counted_from: referral}", 1),
        encoding="utf-8")
    path = DryRunPath(referred_on=date(2024, 2, 26))
    for spec, last in ((load_programme(EXAMPLE), date(2024, 4, 14)),
                       (load_programme(tmp_path / "ungdom.yaml"), date(2024, 4, 7))):
        run = simulate(spec, date(2024, 3, 4), until=date(2024, 6, 30), path=path)
        limits = [o for o in run.obligations if o.kind == "phase_limit"]
        assert [o.due_on for o in limits] == [last]
    assert limits[0].name == "Sista dag i Kartläggning (högst 6 veckor från anvisningen): gå " \
                             "vidare"
