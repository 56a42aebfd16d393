"""Suppression over random populations: no hidden cell comes back by subtraction.

The figures are pure, so random counts stand in for stored cases: hypothesis draws
groups of cases (genders, ages, municipalities, where in the period they are, exit
outcomes), post-exit findings, obligations and refusals, builds the report of REBUS or
Västerås at thresholds 3–10, and an independent reader (tests/report_attack.py) tries
to work every hidden cell out of the published cells and totals.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_attack import recovered

from engine.definitions.loading import load_programme
from engine.definitions.spec import ProgrammeSpec
from engine.reports.counts import CaseGroup, ProgrammeCounts
from engine.reports.figures import build_report
from engine.reports.model import Period
from engine.reports.suppression import recoverable, suppress

SPECS = {name: load_programme(name) for name in ("rebus", "vasteras")}
PERIOD = Period("2025", "2025", date(2025, 1, 1), date(2025, 12, 31))
GENDERS = ("kvinna", "man", "annat", "uppgift_saknas")


@st.composite
def populations(draw: st.DrawFn) -> tuple[ProgrammeSpec, ProgrammeCounts, int]:
    spec = SPECS[draw(st.sampled_from(sorted(SPECS)))]
    outcomes = [o.id for o in spec.outcomes]
    municipalities = ["Hagfors", "Forshaga", "Munkfors", "Västerås"]
    groups = []
    for _ in range(draw(st.integers(1, 25))):
        at_start = draw(st.booleans())
        exited = draw(st.booleans())
        groups.append(CaseGroup(
            gender=draw(st.sampled_from(GENDERS)), age=draw(st.integers(16, 64)),
            municipality=draw(st.sampled_from(municipalities)), at_start=at_start,
            enrolled=not at_start, exited=exited, at_end=not exited,
            outcome=draw(st.sampled_from(outcomes)) if exited else None,
            count=draw(st.integers(1, 12)), stepped=exited and draw(st.booleans()),
            improved=draw(st.sampled_from([None, True, False])) if exited else None))
    post = [(draw(st.sampled_from(GENDERS)), follow.id,
             draw(st.sampled_from([*outcomes, "not_reachable", None])),
             draw(st.integers(1, 9)))
            for follow in spec.post_exit_follow_ups for _ in range(draw(st.integers(0, 4)))]
    obligations = [(draw(st.sampled_from(["follow_up", "task", "survey", "exit_task"])),
                    draw(st.sampled_from(["on_time", "late", "missed", "overdue"])),
                    draw(st.integers(1, 9))) for _ in range(draw(st.integers(0, 8)))]
    refusals = [(draw(st.sampled_from(GENDERS)),
                 tuple(draw(st.lists(st.sampled_from(["age", "residence", "min_parties"]),
                                     min_size=1, max_size=2, unique=True))),
                 draw(st.integers(1, 6))) for _ in range(draw(st.integers(0, 4)))]
    extensions = [(draw(st.sampled_from(GENDERS)),
                   draw(st.sampled_from(["verksamhetsledare", "styrgrupp"])),
                   draw(st.integers(1, 6))) for _ in range(draw(st.integers(0, 3)))]
    counts = ProgrammeCounts(cases=tuple(groups), post_exit=tuple(post),
                             obligations=tuple(obligations), refusals=tuple(refusals),
                             extensions=tuple(extensions) if spec.duration else (),
                             waiting=((draw(st.sampled_from(GENDERS)), draw(st.integers(0, 6))),))
    return spec, counts, draw(st.integers(3, 10))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(populations())
def test_no_hidden_cell_can_be_recovered_from_the_published_ones(
        drawn: tuple[ProgrammeSpec, ProgrammeCounts, int]) -> None:
    spec, counts, threshold = drawn
    report = build_report(spec, counts, PERIOD, PERIOD.ends_on, datetime(2026, 1, 5, tzinfo=UTC),
                          "sv", threshold)
    assert recovered(report, spec) == []
    for table in report.tables:
        for row in table.rows:
            for cell in row.cells:
                assert (cell.value is None) == (cell.suppressed is not None)
                if table.unit == "persons" and cell.value is not None:
                    assert cell.value == 0 or cell.value >= threshold
    for target in report.targets:
        if target.denominator.suppressed in ("primary", "secondary"):
            assert target.share.value is None  # a share of a hidden denominator is hidden


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=2, max_size=5),
       st.integers(2, 8))
def test_a_plain_table_with_totals_keeps_every_hidden_cell_hidden(
        rows: list[list[int]], threshold: int) -> None:
    """A grid with row and column totals: the rank check agrees that nothing follows."""
    values = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row)}
    width, height = 3, len(rows)
    for r in range(height):
        values[r, width] = sum(rows[r])
    for c in range(width + 1):
        values[height, c] = sum(values[r, c] for r in range(height))
    relations = [{**{(r, c): 1 for c in range(width)}, (r, width): -1} for r in range(height + 1)]
    relations += [{**{(r, c): 1 for r in range(height)}, (height, c): -1}
                  for c in range(width + 1)]
    hidden = suppress(values, relations, threshold)
    assert recoverable(relations, hidden) == set()
    assert {k for k, why in hidden.items() if why == "primary"} == {
        k for k, v in values.items() if 0 < v < threshold}


def _needed(relations: list[dict[tuple[int, int], int]], hidden: dict[tuple[int, int], str],
            cell: tuple[int, int]) -> bool:
    """Whether showing ``cell`` — with the hidden cells that would then follow from the
    published ones — would give a primary cell away."""
    primary = {k for k, why in hidden.items() if why == "primary"}
    trial = set(hidden) - {cell}
    while found := recoverable(relations, trial):
        if found & primary:
            return True
        trial -= found
    return False


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=2, max_size=5),
       st.integers(2, 8))
def test_no_cell_is_hidden_that_protects_nothing(rows: list[list[int]], threshold: int) -> None:
    """Every secondary cell is needed: a reader loses no number that could be shown (a
    small "annat" column once hid nearly a whole participants table)."""
    values = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row)}
    width, height = 3, len(rows)
    for r in range(height):
        values[r, width] = sum(rows[r])
    for c in range(width + 1):
        values[height, c] = sum(values[r, c] for r in range(height))
    relations = [{**{(r, c): 1 for c in range(width)}, (r, width): -1} for r in range(height + 1)]
    relations += [{**{(r, c): 1 for r in range(height)}, (height, c): -1}
                  for c in range(width + 1)]
    hidden = suppress(values, relations, threshold)
    for cell, why in hidden.items():
        if why == "secondary":
            assert _needed(relations, hidden, cell), cell
