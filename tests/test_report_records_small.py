"""Issue 22, finding 6, in a small programme: the section "Registrerade uppgifter" says
something a board can read instead of a grid of dashes (the demo's REBUS 2025 hid 78
of its 84 cells).

On the populations a user makes (engine.population, as ``stegvis demo`` does): the
demo's REBUS (60 participants from 2024-07-01) and START's final report (40 clients,
tests/test_report_examples.py).  Expected numbers are counted here from the stored
rows, case by case.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time

import pytest
from pdf_pages import pdf_text
from sqlmodel import Session, select

from engine.clock import STOCKHOLM, fixed_clock
from engine.paths import definitions_dir
from engine.population.population import populate
from engine.reports.formats import render
from engine.reports.model import Report, Table
from engine.reports.report_json import report_from_json
from engine.service.programme.report_data import programme_report
from engine.service.shared.context import Context
from engine.store.database import open_database
from engine.store.tables import CaseRow, SurveyAnswerRow


def _context(folder: object, today: date) -> Context:
    clock = fixed_clock(datetime.combine(today, time(9), tzinfo=STOCKHOLM).astimezone(UTC))
    return Context(open_database(f"sqlite:///{folder}/stegvis.db"), clock, definitions_dir())


@pytest.fixture(scope="module")
def rebus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    """The demo's REBUS: 60 participants from 2024-07-01, seed 2017 (engine/cli/demo_report)."""
    ctx = _context(tmp_path_factory.mktemp("rebus"), date(2026, 1, 15))
    populate(ctx, "rebus", date(2024, 7, 1), date(2025, 12, 31), 60, 2017)
    yield ctx
    ctx.engine.dispose()


@pytest.fixture(scope="module")
def start(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    """START's final report's population (tests/test_report_examples.py)."""
    ctx = _context(tmp_path_factory.mktemp("start"), date(2006, 9, 14))
    populate(ctx, "start", date(2006, 1, 1), date(2006, 8, 31), 40, 2017,
             living={"Stockholm": 1.0})
    yield ctx
    ctx.engine.dispose()


def _values(table: Table | None) -> dict[str, dict[str, object]]:
    assert table is not None
    return {row.key: {c.key: cell.value if cell.suppressed is None else cell.suppressed
                      for c, cell in zip(table.columns, row.cells, strict=True)}
            for row in table.rows}


def _answers(ctx: Context) -> dict[str, list[int]]:
    """REBUS 2025 by hand: for each survey the sum of the latest answer of everyone who
    should have answered it (admitted in 2025 for the start, exited in 2025 for the
    exit), None for those who did not answer."""
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    with Session(ctx.engine) as session:
        cases = session.exec(select(CaseRow).where(CaseRow.programme_id == "rebus")).all()
        answers = session.exec(select(SurveyAnswerRow)).all()
    latest: dict[tuple[int, str], SurveyAnswerRow] = {}
    for a in sorted(answers, key=lambda a: a.id or 0):
        if a.answered_on <= end:
            latest[(a.case_id, a.survey)] = a
    out: dict[str, list[int | None]] = {}
    for survey, should in (
            ("startenkat", lambda c: start <= c.enrolled_on <= end),
            ("slutenkat", lambda c: c.exited_on is not None and start <= c.exited_on <= end)):
        out[survey] = []
        for case in cases:
            if case.status in ("active", "exited") and should(case):
                given = latest.get((case.id or 0, survey))
                out[survey].append(None if given is None else sum(
                    v for v in given.answers.values()
                    if isinstance(v, int) and not isinstance(v, bool)))
    return out  # type: ignore[return-value]


def test_rebus_annual_report_shows_the_response_rates_in_total(rebus: Context) -> None:
    """Every cell of REBUS 2025's response rates and answers was "–": split by gender,
    1 woman and 4 men who did not answer hid everything.  In Totalt only, nothing is
    small: 35 of 40 answered at the start, 32 of 38 at the exit."""
    report = programme_report(rebus, "rebus", "2025", threshold=5)
    counted = _answers(rebus)
    rates = _values(report.table("records_response"))
    for survey, given in counted.items():
        answered = sum(v is not None for v in given)
        assert rates[survey] == {"totalt": pytest.approx(answered / len(given))}
        table = _values(report.table(f"records_{survey}"))
        assert table["answered"] == {"totalt": answered}
        assert table["not_answered"] == {"totalt": len(given) - answered}
    assert [rates["startenkat"]["totalt"], rates["slutenkat"]["totalt"]] == [
        pytest.approx(35 / 40), pytest.approx(32 / 38)]
    section = [t for t in report.tables if t.section == "records"]
    assert section and all(c.suppressed is None for t in section for r in t.rows
                           for c in r.cells)
    # Said once, under the section's first table: the others are read the same way.
    assert [t.key for t in section if "inte uppdelad på kön" in t.note] == [
        "records_response"]


def test_a_mean_is_shown_where_enough_answered_and_hidden_otherwise(rebus: Context) -> None:
    """The mean of the sums of the answers, to one decimal, beside how many answered; at
    a threshold of 33 the 35 at the start are enough and the 32 at the exit are not."""
    counted = {survey: [v for v in given if v is not None]
               for survey, given in _answers(rebus).items()}
    shown = programme_report(rebus, "rebus", "2025", threshold=5)
    means = _values(shown.table("records_means"))
    for survey, given in counted.items():
        assert means[survey] == {"totalt": round(sum(given) / len(given), 1)}
    strict = programme_report(rebus, "rebus", "2025", threshold=33)
    assert [len(counted["startenkat"]), len(counted["slutenkat"])] == [35, 32]
    means = _values(strict.table("records_means"))
    assert means["startenkat"] == {"totalt": round(sum(counted["startenkat"]) / 35, 1)}
    assert means["slutenkat"] == {"totalt": "denominator"}
    table = strict.table("records_means")
    assert table is not None and table.unit == "mean"
    assert "färre än 33 svarande visas inte" in table.note


def test_a_table_with_nothing_to_show_is_one_line(rebus: Context) -> None:
    """At a threshold of 36, the 35 who answered REBUS's start survey and the 5 who did
    not are both too few: the table is its title and one line, no grid of dashes."""
    report = programme_report(rebus, "rebus", "2025", threshold=36)
    table = report.table("records_startenkat")
    assert table is not None and table.rows == () and table.columns == ()
    assert table.note == "För få svarande för att redovisas."
    page = next(iter(render(report, "html").values())).decode()
    block = page.split('id="table-records_startenkat"')[1].split("</figure>")[0]
    assert "<table" not in block and "För få svarande för att redovisas." in block


def test_small_categories_fold_into_others(start: Context) -> None:
    """START's placement forms of its 40 clients: 13 within START, 18 elsewhere, 9 not
    recorded.  At a threshold of 10 the 9 cannot be shown alone, and "Övriga" of 9
    alone would be small too: the 13 join them (22), the 18 stay visible.  At 19 every
    category folds and the table is one line."""
    period = "slutrapport_kompetensutveckling:1"
    plain = _values(programme_report(start, "start", period, threshold=1)
                    .table("records_placement_form"))
    assert {k: v["totalt"] for k, v in plain.items()} == {
        "placering_inom_start": 13, "extern_placering": 18, "none": 9, "total": 40}
    report = programme_report(start, "start", period, threshold=10)
    table = report.table("records_placement_form")
    assert table is not None
    assert [(r.key, r.label, [c.value for c in r.cells]) for r in table.rows] == [
        ("extern_placering", "Placering hos en annan anordnare", [18]),
        ("_others", "Övriga", [22]), ("total", "Aktiva någon gång under perioden", [40])]
    assert "Övriga: Placering inom START, uppgift saknas" in table.note
    folded = programme_report(start, "start", period, threshold=19)
    one_line = folded.table("records_placement_form")
    assert one_line is not None and one_line.rows == ()
    assert one_line.note == "För få klienter för att redovisas uppdelat."


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_section_renders_in_every_format_and_both_languages(rebus: Context,
                                                                lang: str) -> None:
    report: Report = programme_report(rebus, "rebus", "2025", lang,  # type: ignore[arg-type]
                                      threshold=5)
    title, mean_word = {"sv": ("Medelvärde vid start och avslut", "skala 2–10"),
                        "en": ("Mean at start and at exit", "scale 2–10")}[lang]
    means = report.table("records_means")
    assert means is not None and means.title == title
    assert all(mean_word in r.label for r in means.rows)
    files = {fmt: render(report, fmt) for fmt in ("html", "pdf", "xlsx", "csv", "json")}
    (pdf,) = files["pdf"].values()
    text = re.sub(r"\s+", " ", pdf_text(pdf))
    assert title in text
    decimal = "," if lang == "sv" else "."
    value = means.rows[0].cells[0].value
    assert isinstance(value, float)
    assert f"{value:.1f}".replace(".", decimal) in text
    (raw,) = files["json"].values()
    assert report_from_json(raw).table("records_means") == means
    assert any(t["unit"] == "mean" for t in json.loads(raw)["tables"])
    assert any("records_means" in name for name in files["csv"])
