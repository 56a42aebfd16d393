"""A report due on a fixed calendar date (`due: 2028-02-28`), which was refused with a
message about durations (issue 25)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from engine.definitions.loading import check_file, load_programme
from engine.paths import definitions_dir
from engine.rules.programme_calendar import programme_calendar

FINAL_DUE = "      due: 1 month           # seed silent: default, one month after the project's"


def _hofors(tmp_path: Path, due: str, cadence: str = "final") -> Path:
    text = (definitions_dir() / "hofors.yaml").read_text(encoding="utf-8")
    assert FINAL_DUE in text
    text = text.replace(FINAL_DUE, f"      due: {due}   #", 1)
    if cadence != "final":
        text = text.replace("      cadence: final ", f"      cadence: {cadence} ", 1)
    (tmp_path / "hofors.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "hofors.yaml"


def test_a_final_report_due_on_a_fixed_day(tmp_path: Path) -> None:
    spec = load_programme(_hofors(tmp_path, "2023-04-28"))
    reports = {o.key: o.due_on for o in programme_calendar(spec, date(2021, 1, 1),
                                                            date(2023, 12, 31))}
    assert reports["report:slutrapport:1"] == date(2023, 4, 28)
    assert reports["report_draft:slutrapport:1"] == date(2023, 4, 14)  # 10 working days before


def test_a_fixed_day_before_the_period_ends_or_for_a_periodic_report_is_refused(
        tmp_path: Path) -> None:
    _, problems = check_file(_hofors(tmp_path, "2023-02-28"))
    assert [p.message for p in problems if p.severity == "error"] == [
        "the report is due on 2023-02-28, but its period runs to 2023-03-01; a report is due "
        "after its period"]
    _, problems = check_file(_hofors(tmp_path, "2023-04-28", cadence="quarterly"))
    assert any(p.message.startswith("a fixed due date (2023-04-28) is one day, but this report "
                                    "has a period every time") for p in problems)
