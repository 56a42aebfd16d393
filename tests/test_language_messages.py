"""Messages that lead to the fix: root causes first, date help everywhere, construct hints.

An unknown reference is printed before the reachability problems it causes, and those
say they are consequences; every value that should be a date or a day of the year and
looks like one written another way gets "did you mean …?"; where the language has a
construct for what was evidently meant, the message names it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from engine.definitions.loading import check_source

ROOT = Path(__file__).resolve().parent.parent
SKELETON = (ROOT / "tests" / "fixtures" / "minimal_valid.yaml").read_text(encoding="utf-8")


def messages_of(old: str, new: str) -> list[str]:
    assert old in SKELETON, old
    spec, problems = check_source(SKELETON.replace(old, new, 1), "variant.yaml")
    assert spec is None
    return [p.message for p in problems if p.severity == "error"]


def test_root_causes_are_printed_before_their_consequences() -> None:
    path = "tests/broken/unknown_phase_makes_another_unreachable.yaml"
    result = subprocess.run(
        [sys.executable, "-c", "from engine.cli import main; raise SystemExit(main())",
         "validate", path], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "unknown phase 'insatts'; did you mean 'insats'?" in lines[0]
    assert len(lines) == 4
    assert all("(probably a consequence of the unknown phase 'insatts' on line 51)" in line
               for line in lines[1:])
    assert [line.split(":")[1] for line in lines[1:]] == ["48", "52", "56"]  # in file order


def test_a_problem_that_remains_after_the_fix_is_not_called_a_consequence() -> None:
    found = messages_of("        - {to: insats, requires: [plan]}\n",
                        "        - {to: insatts, requires: [plan]}\n"
                        "    - id: vilse\n      name: Vilse\n")
    assert "phase 'vilse' cannot be reached from the initial phase 'start'; add a transition " \
           "to it" in found  # no "consequence": it stays unreachable once 'insats' is spelt
    assert sum("probably a consequence" in m for m in found) == 3


@pytest.mark.parametrize(("old", "new", "meant"), [
    ("  from: 2017-01-01\n  to: 2018-12-31", "  from: 20170101\n  to: 2018-12-31",
     "2017-01-01"),
    ("  to: 2018-12-31\n", "  to: 31.12.2018\n", "2018-12-31"),
    ("    from: 2017-04-01\n", "    from: 2017-4-1\n", "2017-04-01"),
    ("{number: 2, from: 2018-01-01, to: 2018-12-31}",
     "{number: 2, from: 2018-01-01, to: 31 december 2018}", "2018-12-31"),
    ("  enrolment_to: 2017-06-30", "  enrolment_to: 2017-06-31", "2017-06-30"),
    ('collect_from: "09-01"', "collect_from: 31/8", "08-31"),
    ('complete_by: "10-31"', "complete_by: 1031", "10-31"),
    ('due: "10-15"', 'due: "15 oktober"', "10-15"),
    ('complete_by: "10-31"', 'complete_by: "02-30"', "02-29"),
])
def test_every_date_like_value_gets_did_you_mean(old: str, new: str, meant: str) -> None:
    found = messages_of(old, new)
    assert any(m.endswith(f"did you mean {meant}?") for m in found), found


@pytest.mark.parametrize(("old", "new", "hint"), [
    ("cadence: annual", "cadence: månadsvis", "write cadence: {every: 1 month}"),
    ("cadence: annual", "cadence: yearly", "write cadence: annual"),
    ("    attendees: [deltagare, coach]\n  duration:",
     "    attendees: [deltagare, coach]\n    anchor: phase_entry\n  duration:",
     "write starts: phase_entry and phase: ID"),
    ("cadence: annual\n      due: 0 days",
     "cadence: annual\n      due: 5 working days before styrelsemote",
     "due: {before: 10 working days, meeting: MEETING_ID}"),
    ("      due: 30 days\n      responsible: coach",
     "      due: 30 days\n      referral_date: 2017-01-01\n      responsible: coach",
     "the referral date is a fact of the case (stegvis enrol --referred-on DATE)"),
    ("    denominator: all_exits", "    denominator: all_exits\n    excluding: [avbrott]",
     "denominator: {of: all_exits, except: [OUTCOME]}"),
])
def test_a_hint_names_the_construct_that_was_meant(old: str, new: str, hint: str) -> None:
    found = messages_of(old, new)
    assert any(hint in m for m in found), found


def test_the_command_line_helps_with_dates_too() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from engine.cli import main; raise SystemExit(main())",
         "simulate", "rebus", "--start", "2017/12/31"], cwd=ROOT, capture_output=True,
        text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert "'2017/12/31' is not a date; write it YYYY-MM-DD; did you mean 2017-12-31?" \
        in result.stderr
