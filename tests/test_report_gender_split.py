"""Issue 22, findings 2 and 3 and the 40 % target, on the synthetic populations a user
makes (engine.population, as ``stegvis demo`` does): the men are not hidden behind a
small third gender column, every target is followed for women and men, and a share of
exit outcomes is taken of those who left."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from report_grid import laid_out

from engine.clock import STOCKHOLM, fixed_clock
from engine.paths import definitions_dir
from engine.population.population import populate
from engine.reports.suppression import needed, recoverable
from engine.service.programme.report_data import programme_report
from engine.service.shared.context import Context
from engine.store.database import open_database

TODAY = date(2026, 1, 15)


def _context(folder: Path) -> Context:
    clock = fixed_clock(datetime.combine(TODAY, time(9), tzinfo=STOCKHOLM).astimezone(UTC))
    return Context(open_database(f"sqlite:///{folder / 'stegvis.db'}"), clock,
                   definitions_dir())


@pytest.fixture(scope="module")
def rebus(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """The demo's REBUS: 60 participants from 2024-07-01, seed 2017 (engine/cli/demo_report)."""
    ctx = _context(tmp_path_factory.mktemp("rebus"))
    populate(ctx, "rebus", date(2024, 7, 1), date(2025, 12, 31), 60, 2017)
    return ctx


@pytest.fixture(scope="module")
def hofors(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """Hofors's 25 participants, 2021-01-01 to the end on 2023-03-01."""
    ctx = _context(tmp_path_factory.mktemp("hofors"))
    populate(ctx, "hofors", date(2021, 1, 1), date(2023, 3, 1), 25, 2017)
    return ctx


def test_the_demo_report_shows_the_men(rebus: Context) -> None:
    """Demo REBUS 2025 printed "Män –" beside 30 women and 56 in all: fewer than 5 of
    "annat/uppgift saknas" hid the men of the whole participants table."""
    report = programme_report(rebus, "rebus", "2025", threshold=5)
    flow = report.table("participants_flow")
    assert flow is not None
    assert [c.key for c in flow.columns] == ["kvinna", "man", "totalt"]
    for row in flow.rows:
        for cell in row.cells:
            assert cell.suppressed in (None, "primary"), (row.key, cell)
    assert any("egen kolumn" in note for note in report.notes)


@pytest.fixture(scope="module")
def rebus_2024(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """REBUS's example year (tests/test_report_examples.py): 60 from 2023-07-01."""
    ctx = _context(tmp_path_factory.mktemp("rebus_2024"))
    populate(ctx, "rebus", date(2023, 7, 1), date(2024, 12, 31), 60, 2017)
    return ctx


@pytest.fixture(scope="module")
def vasteras(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """Västerås 2025: 130 participants from 2024-07-01."""
    ctx = _context(tmp_path_factory.mktemp("vasteras"))
    populate(ctx, "vasteras", date(2024, 7, 1), date(2025, 12, 31), 130, 2017)
    return ctx


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """START's 40 clients of 2006, customers in Stockholm (tests/test_report_examples.py):
    its final report once took over five minutes to suppress."""
    ctx = _context(tmp_path_factory.mktemp("start"))
    populate(ctx, "start", date(2006, 1, 1), date(2006, 8, 31), 40, 2017,
             living={"Stockholm": 1.0})
    return ctx


@pytest.mark.parametrize(("population", "programme", "period"), [
    ("rebus", "rebus", "2025"), ("rebus_2024", "rebus", "2024"),
    ("vasteras", "vasteras", "2025"), ("hofors", "hofors", "final"),
    ("start", "start", "slutrapport_kompetensutveckling:1")])
def test_women_and_men_are_hidden_only_where_showing_them_would_disclose(
        request: pytest.FixtureRequest, population: str, programme: str,
        period: str) -> None:
    """Issue 22, finding 2, on the populations of the issue: nothing hidden can be
    worked out, and a women's or men's cell of 5 or more is hidden only where showing
    it (with whatever then follows) would give a primary cell away.  In START's final
    report (whose suppression once kept every overshoot) so is every other secondary
    cell, but those of the recorded-data section that give way, which the grid hides
    whole rather than let them hide the participants' cells (``Grid._hide_group``); the
    other reports check that for their women and men only, to keep the test short."""
    ctx: Context = request.getfixturevalue(population)
    build = laid_out(ctx, programme, period)
    hidden = build.grid.hide(5)
    assert not recoverable(build.grid.relations, set(hidden))
    for cell in build.grid.kept(5) & hidden.keys():
        assert needed(build.grid.relations, hidden, cell), cell
    if programme == "start":
        for cell, why in hidden.items():
            if why == "secondary" and cell not in build.grid.giving_way:
                assert needed(build.grid.relations, hidden, cell), cell


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_share_target_is_followed_for_women_and_men(rebus: Context, lang: str) -> None:
    report = programme_report(rebus, "rebus", "2025", lang, threshold=5)  # type: ignore[arg-type]
    shares = report.table("targets_gender_share")
    counted = report.table("targets_gender")
    assert shares is not None and counted is not None
    measured = [t.key for t in report.targets if t.denominator.value is not None]
    assert [r.key for r in shares.rows] == measured
    assert {c.key for c in shares.columns} >= {"kvinna", "man", "totalt"}
    for target in report.targets:
        if target.key not in measured:
            continue
        row = next(r for r in counted.rows if r.key == f"{target.key}:numerator")
        total = dict(zip([c.key for c in counted.columns], row.cells, strict=True))["totalt"]
        assert total.value == target.numerator.value
    word = "kvinnor och män" if lang == "sv" else "women and men"
    assert word in counted.title
    training = report.table("training")
    if training is not None:
        assert ("kön" if lang == "sv" else "gender") in training.note


def test_the_40_percent_target_counts_only_those_who_left(hofors: Context) -> None:
    """Hofors: "minst 40 % av deltagarna går vidare" was divided by everyone enrolled in
    the year, those still in the programme included."""
    report = programme_report(hofors, "hofors", "2022", threshold=1)
    flow = report.table("participants_flow")
    assert flow is not None
    rows = {r.key: r.cells[-1].value for r in flow.rows}
    assert rows["at_end"], "someone must still be enrolled for the test to say anything"
    target = next(t for t in report.targets if t.key == "vidare_till_sysselsattning")
    # The year's own exits; the target itself is judged on the exits since the start
    # (tests/test_report_targets_over_time.py).
    assert target.in_period is not None
    assert target.in_period.denominator.value == rows["exited"] != rows["during"]


def test_monthly_flows_and_the_forecast_are_split_by_gender(rebus: Context) -> None:
    """The forecast before the decision meeting (30 September) and the monthly flows,
    for women and men as every other table of persons."""
    autumn = Context(rebus.engine, fixed_clock(datetime(2025, 9, 30, 9, tzinfo=UTC)),
                     rebus.definitions)
    report = programme_report(autumn, "rebus", "2025", threshold=5, prognosis=True)
    forecast = report.table("prognosis_gender")
    assert forecast is not None
    assert [c.key for c in forecast.columns][:2] == ["kvinna", "man"]
    totals = {r.key: r.cells[-1].value for r in report.table("prognosis").rows}  # type: ignore[union-attr]
    for row in forecast.rows:
        assert row.cells[-1].value == totals[row.key]  # the same forecast, split
    assert any(c.value for r in forecast.rows for c in r.cells[:2])
    months = report.table("flows_by_month")
    assert months is not None
    for key, column in (("enrolled", 0), ("exited", 1)):
        split = report.table(f"flows_by_month_{key}")
        assert split is not None and split.columns[0].key == "kvinna"
        month_totals = {r.key: r.cells[column] for r in months.rows}
        for row in split.rows:
            assert row.cells[-1] == month_totals[row.key]  # each month's total, split
            shown = [c.value for c in row.cells[:-1]]
            if None not in shown and row.cells[-1].value is not None:
                assert sum(shown) <= row.cells[-1].value  # (+ a folded third column)
