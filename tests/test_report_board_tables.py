"""The tables before the board: budget against outcome, Uppföljning Finsam, the forecast."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from case_helpers import enrol_person
from conftest import MovableClock

from engine.reports.charts import charts_for
from engine.reports.formats import render
from engine.reports.model import Report
from engine.service.programme.budget import PeriodAmounts, record_amounts
from engine.service.programme.report_data import programme_report
from engine.service.shared.context import Context


def _values(report: Report, key: str) -> dict[str, list[object]]:
    table = report.table(key)
    assert table is not None, key
    return {r.key: [c.value if c.suppressed is None else c.suppressed for c in r.cells]
            for r in table.rows}


def test_budget_against_outcome_and_the_finsam_counts_in_the_annual_report(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2023, 10, 1))
    for key, track, gender in (("V-1", "tradgardsgruppen", "kvinna"),
                               ("V-2", "tradgardsgruppen", "man"),
                               ("V-3", "mac", "kvinna"), ("V-4", None, "annat")):
        enrol_person(ctx, "vasteras", key, date(2023, 2, 1), track=track, gender=gender)
    record_amounts(ctx, "vasteras", [
        PeriodAmounts("2023-Q1", Decimal("250000"), Decimal("262500.40")),
        PeriodAmounts("2023-Q2", Decimal("250000"), Decimal("240000")),
        PeriodAmounts("2023-Q3", Decimal("250000")),
        PeriodAmounts("2022-Q4", Decimal("999999"), Decimal("1"))], actor="ekonom")
    clock.set_day(date(2024, 1, 15))
    report = programme_report(ctx, "vasteras", "2023", threshold=1)
    budget = _values(report, "budget")
    assert budget == {"2023-Q1": [250000, 262500, 12500],   # whole kronor
                      "2023-Q2": [250000, 240000, -10000],
                      "2023-Q3": [250000, "none", "none"],  # no outcome yet
                      # 2022-Q4 is not in 2023; the deviation is taken over the quarters
                      # with an outcome: Q3's budget, not spent yet, is no saving
                      # (it read −247 500 kr).
                      "total": [750000, 502500, 2500]}
    assert _values(report, "budget_share")["2023-Q1"] == [12500.40 / 250000]
    assert _values(report, "budget_share")["total"] == [pytest.approx(2500.40 / 500000)]
    # The rows are read by people: "Kvartal 1 2023", not "2023-Q1" (issue 22, finding 11).
    labels = [r.label for r in report.table("budget").rows]  # type: ignore[union-attr]
    assert labels == ["Kvartal 1 2023", "Kvartal 2 2023", "Kvartal 3 2023", "Totalt"]
    assert report.table("budget").unit == "count"  # type: ignore[union-attr]
    assert [c.key for c in charts_for(report)].count("budget") == 1

    finsam = _values(report, "finsam_participants")  # kvinnor, män, annat/saknas, totalt
    assert finsam["track:tradgardsgruppen"] == [1, 1, 0, 2]
    assert finsam["track:mac"] == [1, 0, 0, 1]
    assert finsam["track:upplevelsegruppen"] == [0, 0, 0, 0]
    assert finsam["track:none"] == [0, 0, 1, 1]
    assert finsam["programme"] == [2, 1, 1, 4]
    assert _values(report, "finsam_budget") == {"year": [750000, 502500, 2500]}
    files = render(report, "csv")
    rows = list(csv.reader(io.StringIO(files["vasteras-2023-finsam_participants.csv"]
                                       .decode("utf-8-sig"))))
    assert rows[0][2:] == ["Kvinnor", "Män", "Annat/uppgift saknas", "Totalt"]
    assert rows[-1][1:] == ["Samordningsteam Västerås", "2", "1", "1", "4"]
    # Not an annual report: no Finsam table (the budget table stays).
    half = programme_report(ctx, "vasteras", "2023-H1", threshold=1)
    assert half.table("finsam_participants") is None and half.table("budget") is not None


def test_the_forecast_projects_the_year_linearly_and_hides_with_what_it_projects(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2022, 7, 2))
    for i in range(6):
        enrol_person(ctx, "rebus", f"R-{i}", date(2022, 3, 1 + i))
    # 1 January – 2 July 2022 is 183 of 365 days.
    report = programme_report(ctx, "rebus", "2022", threshold=1, prognosis=True)
    forecast = _values(report, "prognosis")
    assert forecast["enrolled"] == [6, round(6 * 365 / 183)]
    assert forecast["exited"] == [0, 0]
    assert forecast["during"] == [6, round(6 * 365 / 183)]
    suppressed = _values(programme_report(ctx, "rebus", "2022", prognosis=True), "prognosis")
    assert suppressed["enrolled"] == [6, 12] and suppressed["exited"] == [0, 0]
    clock.set_day(date(2022, 3, 3))
    few = _values(programme_report(ctx, "rebus", "2022", prognosis=True), "prognosis")
    assert few["enrolled"][0] == "primary" and few["enrolled"][1] == "secondary"
    assert programme_report(ctx, "rebus", "2021", prognosis=True).table("prognosis") is None
