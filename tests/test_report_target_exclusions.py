"""A target whose denominator leaves some exits out ("all exits except those who moved
away", issue 12) is counted that way in the report, and the left-out count stays
protected when it is small."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from engine.definitions.loading import load_programme
from engine.reports.counts import CaseGroup, ProgrammeCounts
from engine.reports.figures import build_report
from engine.reports.model import Period, Report

UNGDOM = load_programme(Path(__file__).resolve().parent.parent / "docs/examples/ungdom.yaml")
PERIOD = Period("2025", "2025", date(2025, 1, 1), date(2025, 12, 31))


def exits(**by_outcome: tuple[int, int]) -> ProgrammeCounts:
    """Exits in the period by outcome, (women, men), aged 20, from Exempelkommun; and
    ten women and ten men still active."""
    def group(gender: str, outcome: str | None, n: int) -> CaseGroup:
        return CaseGroup(gender=gender, age=20, municipality="Exempelkommun",
                         at_start=False, enrolled=True, exited=outcome is not None,
                         at_end=outcome is None, outcome=outcome, count=n)

    return ProgrammeCounts(cases=(
        group("kvinna", None, 10), group("man", None, 10),
        *(group(g, outcome, n) for outcome, pair in by_outcome.items()
          for g, n in zip(("kvinna", "man"), pair, strict=True) if n)))


def report(counts: ProgrammeCounts, threshold: int) -> Report:
    return build_report(UNGDOM, counts, PERIOD, PERIOD.ends_on,
                        datetime(2026, 1, 5, tzinfo=UTC), "sv", threshold)


def test_the_denominator_leaves_out_those_who_moved_away() -> None:
    # 64 exits: 18 to work, 12 to studies, 12 moved away (left out), 22 others.
    # Share = (18 + 12) / (64 - 12) = 30 / 52 ≈ 57.7 % against 40 %: met.  Without the
    # exclusion it would be 30 / 64 ≈ 46.9 %.
    counts = exits(arbete=(9, 9), studier=(6, 6), flyttat=(6, 6), annan_insats=(6, 6),
                   avbrott=(5, 5))
    (target,) = report(counts, threshold=5).targets
    assert (target.numerator.value, target.denominator.value) == (30, 52)
    assert target.share.value == 30 / 52 and target.status == "met"
    assert "alla avslut utom Flyttat från kommunen" in target.measure


def test_a_small_left_out_count_cannot_be_worked_out() -> None:
    # 2 moved away: published exits (49) minus the denominator (47) would give the 2
    # back, so one of the two must be hidden.
    counts = exits(arbete=(9, 9), studier=(6, 6), flyttat=(1, 1), annan_insats=(6, 6),
                   avbrott=(3, 2))
    published = report(counts, threshold=5)
    (target,) = published.targets
    exited = next(r for r in published.table("participants_flow").rows  # type: ignore[union-attr]
                  if r.key == "exited").cells[-1]
    assert exited.value is None or target.denominator.value is None
    assert target.numerator.value is None or target.numerator.value == 30
