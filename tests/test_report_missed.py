"""The tables a board member missed (issue 22), built the way a user builds a report (the
demo's synthetic population lived through the case engine, ``programme_report``) and
checked against counts taken straight from the database, not from the report's code.

One database for the module: REBUS lived from July 2023 to December 2024 (the 2024
report has 2023 beside it and a trend of two years), Västerås from January to December
2024 with a budget (the second half-year beside the first, money per participant).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from statistics import mean, median
from typing import Any

import pytest
from sqlalchemy import text

from engine.clock import STOCKHOLM, fixed_clock
from engine.definitions.income import income_name
from engine.definitions.loading import load_programme
from engine.paths import definitions_dir
from engine.population.population import populate
from engine.reports.charts import charts_for
from engine.reports.compare_periods import previous_span
from engine.reports.formats import render
from engine.reports.model import Report
from engine.reports.periods import resolve_period
from engine.service.programme.budget import PeriodAmounts, record_amounts
from engine.service.programme.report_data import programme_report
from engine.service.shared.context import Context
from engine.store.database import open_database

PRODUCED = datetime.combine(date(2025, 1, 14), time(9), tzinfo=STOCKHOLM).astimezone(UTC)
GENDERS = ("kvinna", "man", "annat_uppgift_saknas", "totalt")


@dataclass(frozen=True)
class Made:
    ctx: Context
    rebus: Report          # 2024, threshold 1: every number as it is
    vasteras: Report       # 2024-H2, threshold 1


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Made]:
    folder: Path = tmp_path_factory.mktemp("missed")
    engine = open_database(f"sqlite:///{folder / 'stegvis.db'}")
    ctx = Context(engine, fixed_clock(PRODUCED), definitions_dir())
    populate(ctx, "rebus", date(2023, 7, 1), date(2024, 12, 31), 40, 2017)
    populate(ctx, "vasteras", date(2024, 1, 1), date(2024, 12, 31), 40, 2017)
    record_amounts(ctx, "vasteras", [
        PeriodAmounts("2024-Q3", Decimal("300000"), Decimal("312000")),
        PeriodAmounts("2024-Q4", Decimal("300000"), Decimal("288500.50"))], actor="ekonom")
    yield Made(ctx, programme_report(ctx, "rebus", "2024", threshold=1),
               programme_report(ctx, "vasteras", "2024-H2", threshold=1))
    engine.dispose()


def _rows(report: Report, key: str) -> dict[str, list[Any]]:
    table = report.table(key)
    assert table is not None, key
    return {r.key: [c.value for c in r.cells] for r in table.rows}


def _sql(ctx: Context, statement: str, **params: Any) -> list[Any]:
    with ctx.engine.connect() as connection:
        return list(connection.execute(text(statement), params).all())


def _column(gender: str) -> str:
    return gender if gender in ("kvinna", "man") else "annat_uppgift_saknas"


def _by_gender(rows: list[Any]) -> dict[str, list[int]]:
    """(key, gender, n) rows as key -> [women, men, other, total]."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for key, gender, n in rows:
        out[key][_column(gender)] += n
        out[key]["totalt"] += n
    return {k: [c[g] for g in GENDERS] for k, c in out.items()}


ACTIVE = ("programme_id = :p AND status IN ('active', 'exited') AND enrolled_on <= :end "
          "AND (exited_on IS NULL OR exited_on >= :start)")


def test_the_previous_period_beside_this_one_is_counted_from_the_database(
        made: Made) -> None:
    rows = _rows(made.rebus, "compare")
    for period, start, end in (("this", "2024-01-01", "2024-12-31"),
                               ("previous", "2023-01-01", "2023-12-31")):
        truth = _by_gender([("x", g, n) for g, n in _sql(made.ctx, f"""
            SELECT gender, count(*) FROM cases WHERE {ACTIVE} GROUP BY gender""",
            p="rebus", start=start, end=end)])
        assert rows[f"during:{period}"] == truth["x"], period
        enrolled = _by_gender([("x", g, n) for g, n in _sql(made.ctx, """
            SELECT gender, count(*) FROM cases WHERE programme_id = 'rebus'
              AND status IN ('active', 'exited') AND enrolled_on BETWEEN :start AND :end
            GROUP BY gender""", start=start, end=end)])
        assert rows[f"enrolled:{period}"] == enrolled.get("x", [0, 0, 0, 0]), period
        exited = _by_gender([("x", g, n) for g, n in _sql(made.ctx, """
            SELECT gender, count(*) FROM cases WHERE programme_id = 'rebus'
              AND exited_on BETWEEN :start AND :end GROUP BY gender""",
            start=start, end=end)])
        assert rows[f"exited:{period}"] == exited.get("x", [0, 0, 0, 0]), period
    # The previous period is named as a reader says it.
    labels = [r.label for r in made.rebus.table("compare").rows]  # type: ignore[union-attr]
    assert labels[:2] == ["Inskrivna under perioden, 2024", "Inskrivna under perioden, 2023"]


def test_a_half_year_is_set_beside_the_half_before_and_work_counts_in_it(made: Made) -> None:
    rows = _rows(made.vasteras, "compare")
    work = _by_gender([("x", g, n) for g, n in _sql(made.ctx, """
        SELECT gender, count(*) FROM cases WHERE programme_id = 'vasteras'
          AND exited_on BETWEEN '2024-01-01' AND '2024-06-30' AND outcome IN ('arbete')
        GROUP BY gender""")])
    assert rows["category:work:previous"] == work.get("x", [0, 0, 0, 0])
    assert "1 januari – 30 juni 2024" in made.vasteras.table("compare").title  # type: ignore[union-attr]


def test_the_trend_counts_each_year_since_the_start(made: Made) -> None:
    rows = _rows(made.rebus, "trend")
    assert list(rows) == ["2023", "2024"]  # from the first year anyone took part
    for year in ("2023", "2024"):
        start, end = f"{year}-01-01", f"{year}-12-31"
        (during,), = _sql(made.ctx, f"SELECT count(*) FROM cases WHERE {ACTIVE}",
                          p="rebus", start=start, end=end)
        (exited,), = _sql(made.ctx, """SELECT count(*) FROM cases WHERE programme_id = 'rebus'
                          AND exited_on BETWEEN :s AND :e""", s=start, e=end)
        (at_end,), = _sql(made.ctx, f"""SELECT count(*) FROM cases WHERE {ACTIVE}
                          AND (exited_on IS NULL OR exited_on > :end)""",
                          p="rebus", start=start, end=end)
        _, during_, exited_, at_end_ = rows[year]
        assert (during_, exited_, at_end_) == (during, exited, at_end), year
    assert _rows(made.rebus, "trend_gender")["2024"] == _rows(made.rebus, "compare")[
        "during:this"]
    assert "trend" in [c.key for c in charts_for(made.rebus)]


def test_income_support_at_start_and_exit_and_the_referrers(made: Made) -> None:
    start = _by_gender(_sql(made.ctx, f"""
        SELECT coalesce(income_at_start, 'unknown'), gender, count(*) FROM cases
        WHERE {ACTIVE} GROUP BY 1, gender""", p="rebus", start="2024-01-01",
                            end="2024-12-31"))
    shown = _rows(made.rebus, "income_start")
    assert {k: v for k, v in shown.items() if k != "total"} == start
    assert sum(v[-1] for v in start.values()) == shown["total"][-1]
    leave = _by_gender(_sql(made.ctx, """
        SELECT coalesce(income_at_exit, 'unknown'), gender, count(*) FROM cases
        WHERE programme_id = 'rebus' AND exited_on BETWEEN '2024-01-01' AND '2024-12-31'
        GROUP BY 1, gender"""))
    assert {k: v for k, v in _rows(made.rebus, "income_exit").items() if k != "total"} == leave
    public = "('forsorjningsstod', 'aktivitets_sjukersattning', 'sjukpenning', " \
        "'akassa_aktivitetsstod')"
    effect = _by_gender(_sql(made.ctx, f"""
        SELECT CASE WHEN income_at_exit IN ('egen_forsorjning', 'studiemedel')
                    THEN 'own_living_at_exit' ELSE 'public_at_start' END, gender, count(*)
        FROM cases WHERE programme_id = 'rebus' AND income_at_start IN {public}
          AND exited_on BETWEEN '2024-01-01' AND '2024-12-31' GROUP BY 1, gender"""))
    change = _rows(made.rebus, "income_change")
    assert change["own_living_at_exit"] == [effect["own_living_at_exit"][-1]]
    assert change["public_at_start"] == [effect["public_at_start"][-1]
                                         + effect["own_living_at_exit"][-1]]
    assert change["total"] == [_rows(made.rebus, "participants_flow")["exited"][-1]]
    assert income_name("sjukpenning") == "Sjukpenning/rehabiliteringspenning"
    referrers = _by_gender(_sql(made.ctx, f"""
        SELECT 'party:' || coalesce(referring_party, ''), gender, count(*) FROM cases
        WHERE {ACTIVE} GROUP BY 1, gender""", p="rebus", start="2024-01-01",
                                end="2024-12-31"))
    assert {k: v for k, v in _rows(made.rebus, "referrers").items() if k != "total"} == \
        referrers
    assert set(referrers) <= {"party:Hagfors kommun", "party:Forshaga kommun",
                              "party:Munkfors kommun", "party:Arbetsförmedlingen"}


def test_caseloads_are_counts_without_names(made: Made) -> None:
    loads = [n for (n,) in _sql(made.ctx, """
        SELECT count(*) FROM cases WHERE programme_id = 'rebus'
          AND status IN ('active', 'exited') AND enrolled_on <= '2024-12-31'
          AND (exited_on IS NULL OR exited_on > '2024-12-31') GROUP BY coordinator""")]
    rows = _rows(made.rebus, "caseload")
    assert rows == {"coordinators": [len(loads)], "mean": [round(mean(loads), 1)],
                    "median": [round(float(median(loads)), 1)], "max": [max(loads)]}
    bands = _rows(made.rebus, "caseload_bands")
    assert sum(v[0] for k, v in bands.items() if k != "total") == len(loads)
    names = {c for (c,) in _sql(made.ctx, "SELECT DISTINCT coordinator FROM cases")}
    for fmt in ("pdf", "html", "json", "xlsx", "csv"):
        for data in render(made.rebus, fmt).values():
            flat = data.decode("utf-8", "replace") if fmt in ("html", "json", "csv") else ""
            assert not any(re.search(rf"\b{name}\b", flat) for name in names), fmt


def test_money_per_participant_where_the_programme_has_a_budget(made: Made) -> None:
    (during,), = _sql(made.ctx, f"SELECT count(*) FROM cases WHERE {ACTIVE}",
                      p="vasteras", start="2024-07-01", end="2024-12-31")
    completing = [o.id for o in load_programme("vasteras").outcomes if o.completed]
    (done,), = _sql(made.ctx, f"""SELECT count(*) FROM cases WHERE programme_id = 'vasteras'
                    AND exited_on BETWEEN '2024-07-01' AND '2024-12-31'
                    AND outcome IN ({", ".join(f"'{o}'" for o in completing)})""")
    rows = _rows(made.vasteras, "money")
    kronor = round(Decimal("312000") + Decimal("288500.50"))
    assert rows["outcome"] == [kronor]
    assert rows["participants"] == [during] and rows["completers"] == [done]
    assert rows["per_participant"] == [pytest.approx(kronor / during)]
    assert made.rebus.table("money") is None  # REBUS has no budget


def test_every_format_and_english(made: Made) -> None:
    english = programme_report(made.ctx, "rebus", "2024", "en")
    assert english.table("trend").title == "Development per year since the start"  # type: ignore[union-attr]
    assert english.table("income_change").title == (  # type: ignore[union-attr]
        "From public income support to one's own living")
    for fmt in ("pdf", "html", "json", "xlsx", "csv"):
        files = render(english, fmt)
        assert files and all(files.values()), fmt
    # At the default threshold every cell shown is the number as it is.
    plain = programme_report(made.ctx, "rebus", "2024")
    for table in plain.tables:
        for row in table.rows:
            for cell, true in zip(row.cells, _rows(made.rebus, table.key)[row.key],
                                  strict=True):
                if cell.suppressed is None:
                    assert cell.value == true, (table.key, row.key)


@pytest.mark.parametrize(("programme", "period", "as_of", "expected"), [
    ("vasteras", "2024", "2024-12-31", ("2023-01-01", "2023-12-31")),
    ("vasteras", "2024", "2024-05-10", ("2023-01-01", "2023-05-10")),   # as far into it
    ("vasteras", "2024-Q1", "2024-03-31", ("2023-10-01", "2023-12-31")),
    ("vasteras", "2024-H2", "2024-12-31", ("2024-01-01", "2024-06-30")),
    ("hofors", "kvartalsrapport:3", None, "the report before"),
    ("hofors", "kvartalsrapport:1", None, None),                        # the first one
    ("hofors", "final", "2023-03-01", None),
])
def test_the_previous_period_is_the_one_before_of_the_same_kind(
        programme: str, period: str, as_of: str | None, expected: Any) -> None:
    spec = load_programme(programme)
    chosen = resolve_period(spec, period, date(2026, 1, 1))
    day = date.fromisoformat(as_of) if as_of else chosen.ends_on
    span = previous_span(spec, chosen, day)
    if expected == "the report before":
        before = resolve_period(spec, "kvartalsrapport:2", date(2026, 1, 1))
        assert span is not None and (span.starts_on, span.ends_on) == (
            before.starts_on, before.ends_on)
    elif expected is None:
        assert span is None
    else:
        assert span is not None and (span.starts_on.isoformat(), span.ends_on.isoformat()) \
            == expected
