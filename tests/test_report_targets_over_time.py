"""Targets over time (issue 22, finding 5 and "the previous period beside this one"), on
the synthetic populations a user makes (engine.population, as ``stegvis demo`` does):

* Hofors's targets are for the whole programme (2021-01-01 to 2023-03-01, seed 004): a
  report of a month or a quarter judges the 40 % on the exits from the programme's
  start to the period's end, and shows the period's own beside it;
* REBUS 2025 sets each share target beside its outcome in 2024, the very outcome the
  2024 report judged, and the decision proposal made from the 2025 JSON says it.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path

import docx
import pytest
from report_grid import laid_out
from sqlalchemy import text

from engine.cli.program import main
from engine.clock import STOCKHOLM, fixed_clock
from engine.paths import definitions_dir
from engine.population.population import populate
from engine.reports.render_json import render_json
from engine.reports.report_json import report_from_json
from engine.reports.suppression import recoverable
from engine.service.programme.report_data import programme_report
from engine.service.shared.context import Context
from engine.store.database import open_database

TODAY = date(2026, 1, 15)
FORTY = "vidare_till_sysselsattning"
#: Hofors's "work, studies or employment" (the 40 % target's outcomes, seed 004).
ONWARD = ("sysselsattning", "studier", "anstallning")


def _context(url: str) -> Context:
    clock = fixed_clock(datetime.combine(TODAY, time(9), tzinfo=STOCKHOLM).astimezone(UTC))
    return Context(open_database(url), clock, definitions_dir())


@pytest.fixture(scope="module")
def hofors(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """Hofors's 25 participants, 2021-01-01 to the end on 2023-03-01."""
    folder = tmp_path_factory.mktemp("hofors")
    ctx = _context(f"sqlite:///{folder / 'stegvis.db'}")
    populate(ctx, "hofors", date(2021, 1, 1), date(2023, 3, 1), 25, 2017)
    return ctx


@pytest.fixture(scope="module")
def rebus(tmp_path_factory: pytest.TempPathFactory) -> str:
    """REBUS with 100 participants from 2023-07-01 (enough exits in 2024 and 2025 for
    the targets to be shown): the database's URL."""
    url = f"sqlite:///{tmp_path_factory.mktemp('rebus') / 'stegvis.db'}"
    ctx = _context(url)
    populate(ctx, "rebus", date(2023, 7, 1), date(2025, 12, 31), 100, 2017)
    ctx.engine.dispose()
    return url


def _by_hand(ctx: Context, starts_on: date, ends_on: date) -> tuple[int, int]:
    """(exits onward, exits) of Hofors between two days, counted from the cases."""
    with ctx.transaction() as session:
        rows = session.connection().execute(text(
            "SELECT outcome, exited_on FROM cases WHERE programme_id = 'hofors' "
            "AND status = 'exited'")).all()
    exits = [o for o, day in rows if starts_on <= date.fromisoformat(str(day)) <= ends_on]
    return sum(o in ONWARD for o in exits), len(exits)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("period", ["kvartalsrapport:3", "kvartalsrapport:5", "2022-Q3"])
def test_a_period_report_judges_the_40_percent_on_the_exits_so_far(
        hofors: Context, period: str, lang: str) -> None:
    """Hofors Rapport 3 (a month) judged "40 % go on to work or studies" on its own exits;
    the target is the whole programme's: the outcome counts from 1 January 2021 to the
    period's end, the status is judged on it (never "Ej uppfyllt" before the end), and
    the period's own share stands beside it."""
    report = programme_report(hofors, "hofors", period, lang, threshold=1)  # type: ignore[arg-type]
    start, end = report.period.starts_on, report.period.ends_on
    target = next(t for t in report.targets if t.key == FORTY)
    onward, exits = _by_hand(hofors, date(2021, 1, 1), end)
    assert exits > 0
    assert (target.numerator.value, target.denominator.value) == (onward, exits)
    assert target.share.value == pytest.approx(onward / exits)
    assert target.counted_from == date(2021, 1, 1)
    assert target.status == ("met" if onward / exits >= 0.4 else "in_progress")
    own_onward, own_exits = _by_hand(hofors, start, end)
    assert target.in_period is not None
    assert (target.in_period.numerator.value, target.in_period.denominator.value) == (
        own_onward, own_exits)
    assert own_exits < exits  # the test says something: earlier exits count
    table = report.table("targets_to_date")
    assert table is not None and table.section == "targets"
    assert [c.key for c in table.columns] == ["period", "to_date"]
    row = next(r for r in table.rows if r.key == FORTY)
    assert row.cells[1].value == pytest.approx(onward / exits)
    assert ("hittills" if lang == "sv" else "so far") in target.measure
    assert ("Hittills" if lang == "sv" else "To date") in table.columns[1].label
    # The report JSON carries both, and reads back.
    back = report_from_json(render_json(report))
    again = next(t for t in back.targets if t.key == FORTY)
    assert again.in_period == target.in_period and again.counted_from == date(2021, 1, 1)
    data = json.loads(render_json(report))
    written = next(t for t in data["targets"] if t["key"] == FORTY)
    assert written["counted_from"] == "2021-01-01"
    assert written["in_period"]["denominator"]["value"] == own_exits


def test_the_previous_report_beside_is_judged_to_date_too(hofors: Context) -> None:
    """In a programme judged to date, the previous period's outcome is the one its own
    report judged: to date at its end."""
    report = programme_report(hofors, "hofors", "kvartalsrapport:5", threshold=1)
    before = programme_report(hofors, "hofors", "kvartalsrapport:4", threshold=1)
    this, earlier = (next(t for t in r.targets if t.key == FORTY) for r in (report, before))
    assert report.period.starts_on - before.period.ends_on == date(2, 1, 2) - date(2, 1, 1)
    assert this.previous is not None
    assert (this.previous.numerator, this.previous.denominator, this.previous.share) == (
        earlier.numerator, earlier.denominator, earlier.share)
    table = report.table("targets_previous")
    assert table is not None
    row = next(r for r in table.rows if r.key == FORTY)
    assert row.cells == (this.share, earlier.share)
    # The count targets too: participants and staff trained since the start.
    counted = report.table("targets_previous_count")
    assert counted is not None and counted.unit == "count"
    for key in ("deltagare_totalt", "utbildade"):
        mine = next(t for t in report.targets if t.key == key)
        theirs = next(t for t in before.targets if t.key == key)
        assert mine.previous is not None and mine.previous.numerator == theirs.numerator
        assert next(r for r in counted.rows if r.key == key).cells == (mine.numerator,
                                                                       theirs.numerator)


def test_the_first_report_says_once_that_there_is_no_previous_period(hofors: Context) -> None:
    report = programme_report(hofors, "hofors", "2021", threshold=5)
    assert report.table("targets_previous") is None
    assert sum("föregående period" in n for n in report.notes) == 1
    final = programme_report(hofors, "hofors", "final", threshold=5)
    assert not any("föregående period att jämföra målen" in n for n in final.notes)
    assert all(t.counted_from is None for t in final.targets)


@pytest.mark.parametrize("period", ["kvartalsrapport:5", "2022"])
def test_nothing_hidden_can_be_worked_out_with_the_targets_over_time(
        hofors: Context, period: str) -> None:
    """The numbers to date are tied to the period's own and to the trend's years, so a
    small count hidden in one table cannot be worked out from another."""
    build = laid_out(hofors, "hofors", period)
    hidden = build.grid.hide(5)
    assert any(k[0] == ("target_to_date", FORTY) for k in build.grid.values
               if isinstance(k, tuple))
    assert not recoverable(build.grid.relations, set(hidden))


def _report_json(capsys: pytest.CaptureFixture[str], url: str, period: str,
                 lang: str) -> dict[str, object]:
    assert main(["report", "rebus", "--period", period, "--database", url, "--today",
                 TODAY.isoformat(), "--lang", lang]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_rebus_2025_sets_each_target_beside_what_the_2024_report_judged(
        rebus: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str) -> None:
    """The chain an official runs: the 2024 report's JSON, the 2025 report's JSON; the
    previous outcome in 2025 is 2024's own, cell for cell, wherever both are shown."""
    this = _report_json(capsys, rebus, "2025", lang)
    before = _report_json(capsys, rebus, "2024", lang)
    judged = {t["key"]: t for t in before["targets"]}  # type: ignore[attr-defined]
    compared = 0
    for target in this["targets"]:  # type: ignore[attr-defined]
        if target["status"] == "qualitative":
            assert target["previous"] is None
            continue
        previous = target["previous"]
        assert previous is not None, target["key"]
        assert (previous["from"], previous["to"]) == ("2024-01-01", "2024-12-31")
        for part in ("numerator", "denominator", "share"):
            mine, theirs = previous[part], judged[target["key"]][part]
            if mine["value"] is not None and theirs["value"] is not None:
                assert mine["value"] == pytest.approx(theirs["value"]), (target["key"], part)
                compared += 1
    assert compared >= 3
    table = next(t for t in this["tables"] if t["key"] == "targets_previous")  # type: ignore[attr-defined]
    assert [c["label"] for c in table["columns"]] == ["2025", "2024"]
    assert [r["key"] for r in table["rows"]] == [
        t["key"] for t in this["targets"] if t["status"] != "qualitative"]  # type: ignore[attr-defined]
    # The same, unsuppressed: every share target's previous outcome equals 2024's.
    ctx = _context(rebus)
    plain = programme_report(ctx, "rebus", "2025", lang, threshold=1)  # type: ignore[arg-type]
    year_before = programme_report(ctx, "rebus", "2024", lang, threshold=1)  # type: ignore[arg-type]
    for target, earlier in zip(plain.targets, year_before.targets, strict=True):
        if target.status == "qualitative":
            continue
        assert target.previous is not None
        assert (target.previous.numerator, target.previous.denominator) == (
            earlier.numerator, earlier.denominator), target.key
    # …and the decision proposal made from the 2025 JSON says where each target was.
    report = tmp_path / "rebus-2025.json"
    report.write_text(json.dumps(this, ensure_ascii=False), encoding="utf-8")
    words = tmp_path / "forslag.yaml"
    words.write_text("addressee: styrelse\ndate: 2026-01-20\nsummary: Året i korthet.\n"
                     "views: Förvaltningen föreslår att anmälan läggs till handlingarna.\n",
                     encoding="utf-8")
    assert main(["proposal", "rebus", "--report", str(report), "--text", str(words),
                 "--output", str(tmp_path / "ut"), "--format", "docx", "--lang", lang]) == 0
    made = docx.Document(str(tmp_path / "ut" / "rebus-2025-forslag.docx"))
    cells = [c.text for t in made.tables for row in t.rows for c in row.cells]
    said = "föregående period" if lang == "sv" else "previous period"
    assert any(said in c for c in cells), cells
