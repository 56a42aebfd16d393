"""Issue 22, finding 6: what coordinators record reaches the report ("Registrerade
uppgifter"), with response rates, by gender, suppressed by the one policy; and the
wording a board reads (finding 11).

One database for the module: synthetic populations of Västerås (start and exit health
surveys, sub-outcomes, tracks), Örebro (activity-capacity assessments), Hofors (the
yes/no survey of usefulness) and START (placement forms, "klienter"), made by the
same code as ``stegvis demo``.  The expected numbers are counted here from the stored
rows, case by case, the slow obvious way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from engine.clock import fixed_clock
from engine.paths import definitions_dir
from engine.population.population import populate
from engine.reports.formats import render
from engine.reports.model import Report, Table
from engine.service.programme.report_data import programme_report
from engine.service.shared.context import Context
from engine.store.database import open_database
from engine.store.tables import AssessmentRow, CaseRow, SurveyAnswerRow

TODAY = datetime(2026, 1, 15, 9, tzinfo=UTC)
GENDER = {"kvinna": "kvinna", "man": "man", "annat": "annat_uppgift_saknas",
          "uppgift_saknas": "annat_uppgift_saknas"}


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    folder = tmp_path_factory.mktemp("records")
    engine = open_database(f"sqlite:///{folder / 'stegvis.db'}")
    context = Context(engine, fixed_clock(TODAY), definitions_dir())
    populate(context, "vasteras", date(2024, 1, 1), date(2024, 12, 31), 50, 2017)
    populate(context, "orebro", date(2024, 1, 1), date(2024, 12, 31), 30, 2017)
    populate(context, "hofors", date(2021, 1, 1), date(2022, 12, 31), 25, 2017)
    populate(context, "start", date(2006, 1, 1), date(2006, 8, 31), 20, 2017)
    yield context
    engine.dispose()


@pytest.fixture(scope="module")
def vasteras_page(ctx: Context) -> tuple[Report, str]:
    """Västerås's report of 2024 as published (threshold 5) and its HTML, made once."""
    report = _report(ctx, "vasteras", "2024")
    return report, next(iter(render(report, "html").values())).decode()


def _values(table: Table) -> dict[str, dict[str, object]]:
    return {row.key: {c.key: cell.value for c, cell in zip(table.columns, row.cells,
                                                           strict=True)}
            for row in table.rows}


def _report(ctx: Context, programme: str, period: str, lang: str = "sv",
            threshold: int | None = None) -> Report:
    return programme_report(ctx, programme, period, lang,  # type: ignore[arg-type]
                            threshold=threshold)


def test_vasteras_start_and_exit_surveys_are_reported_with_response_rates(
        ctx: Context) -> None:
    """Every number as counted from the stored cases and answers (no suppression)."""
    report = _report(ctx, "vasteras", "2024", threshold=1)
    with Session(ctx.engine) as session:
        cases = session.exec(select(CaseRow).where(CaseRow.programme_id == "vasteras")).all()
        answers = session.exec(select(SurveyAnswerRow)).all()
    start, end = date(2024, 1, 1), date(2024, 12, 31)
    latest: dict[tuple[int, str], SurveyAnswerRow] = {}
    for a in sorted(answers, key=lambda a: a.id or 0):
        if a.answered_on <= end:
            latest[(a.case_id, a.survey)] = a
    for survey, should in (
            ("startenkat", lambda c: start <= c.enrolled_on <= end),
            ("slutenkat", lambda c: c.exited_on is not None and start <= c.exited_on <= end)):
        expected: Counter[str] = Counter()
        answered: Counter[str] = Counter()
        score: Counter[tuple[str, str]] = Counter()
        for case in cases:
            if case.status in ("active", "exited") and should(case):
                expected[GENDER[case.gender]] += 1
                given = latest.get((case.id or 0, survey))
                if given is not None:
                    answered[GENDER[case.gender]] += 1
                    total = sum(v for v in given.answers.values()
                                if isinstance(v, int) and not isinstance(v, bool))
                    score[(str(total), GENDER[case.gender])] += 1
        table = report.table(f"records_{survey}")
        assert table is not None
        shown = _values(table)
        for gender in ("kvinna", "man"):
            assert shown["expected"][gender] == expected[gender]
            assert shown["answered"][gender] == answered[gender]
        assert shown["expected"]["totalt"] == sum(expected.values()) > 0
        rates = report.table("records_response")
        assert rates is not None and rates.unit == "share"
        rate = _values(rates)[survey]["totalt"]
        assert rate == pytest.approx(sum(answered.values()) / sum(expected.values()))
        means = report.table("records_means")
        assert means is not None and means.unit == "mean"
        mean = _values(means)[survey]
        for gender in ("kvinna", "man"):
            given = [int(v) for (v, g), n in score.items() if g == gender for _ in range(n)]
            assert mean[gender] == round(sum(given) / len(given), 1)
        everyone = [int(v) for (v, _), n in score.items() for _ in range(n)]
        assert mean["totalt"] == round(sum(everyone) / len(everyone), 1)
        assert f"{survey}_score" not in {t.key for t in report.tables}
    assert [r.label for r in means.rows] == [
        "Hälsoenkät och NNS-enkät vid start, skala 2–10",
        "Hälsoenkät och NNS-enkät vid avslut, skala 2–10"]


def test_vasteras_sub_outcomes_and_tracks_add_up_to_the_exits_and_the_active(
        ctx: Context) -> None:
    report = _report(ctx, "vasteras", "2024", threshold=1)
    subs = report.table("records_sub_outcomes")
    tracks = report.table("records_track")
    exits = report.table("exits_outcome")
    flow = report.table("participants_flow")
    assert subs is not None and tracks is not None and exits is not None and flow is not None
    sub_rows = _values(subs)
    parts = [v["totalt"] for k, v in sub_rows.items() if k.startswith(
        "fortsatt_rehabilitering:")]
    assert sum(parts) == sub_rows["fortsatt_rehabilitering"]["totalt"]  # type: ignore[arg-type]
    assert sub_rows["fortsatt_rehabilitering"] == _values(exits)["fortsatt_rehabilitering"]
    assert "Fortsatt arbetslivsinriktad rehabilitering efter avslut: Återgår till " \
        "remitterande myndighet" in [r.label for r in subs.rows]
    assert [r.label for r in tracks.rows][:3] == [
        "Trädgårdsgruppen", "Upplevelsegruppen", "MAC (Motivera-Aktivera-Coacha)"]
    assert _values(tracks)["total"] == _values(flow)["during"]


def test_orebro_activity_capacity_at_start_and_exit(ctx: Context) -> None:
    report = _report(ctx, "orebro", "2024", threshold=1)
    with Session(ctx.engine) as session:
        cases = {c.id: c for c in session.exec(select(CaseRow).where(
            CaseRow.programme_id == "orebro")).all()}
        assessed = session.exec(select(AssessmentRow)).all()
    first: dict[int, AssessmentRow] = {}
    for a in sorted(assessed, key=lambda a: (a.assessed_on, a.id or 0)):
        if a.case_id in cases:
            first.setdefault(a.case_id, a)
    enrolled = [c for c in cases.values() if date(2024, 1, 1) <= c.enrolled_on
                and c.status in ("active", "exited")]
    table = report.table("records_kartlaggning_aktivitetsformaga")
    capacity = report.table("records_kartlaggning_aktivitetsformaga_capacity")
    assert table is not None
    assert _values(table)["expected"]["totalt"] == len(enrolled)
    assert _values(table)["answered"]["totalt"] == sum(c.id in first for c in enrolled)
    given = [first[c.id].activity_capacity for c in enrolled if c.id in first]
    means = report.table("records_means")
    assert means is not None
    row = next(r for r in means.rows if r.key == "kartlaggning_aktivitetsformaga")
    assert row.label == "Kartläggning av medborgarens aktivitetsförmåga (utgångsvärde), skala 1–5"
    assert _values(means)[row.key]["totalt"] == round(sum(given) / len(given), 1)
    assert capacity is None   # the distribution by level gave way to the mean
    assert report.table("records_aktivitetsformaga_vid_avslut") is not None


def test_hofors_usefulness_survey_is_answered_by_those_who_exited(ctx: Context) -> None:
    """A yes/no survey: who answered of those who exited.  Its answers are not counted
    here: a purge keeps no yes or no (docs/privacy.md), and a past period's figures
    must not change with a purge."""
    report = _report(ctx, "hofors", "final", threshold=1)
    answered = report.table("records_nyttoenkat")
    flow = report.table("participants_flow")
    assert answered is not None and flow is not None
    assert _values(answered)["expected"] == _values(flow)["exited"]
    assert report.table("records_nyttoenkat_score") is None
    english = _report(ctx, "hofors", "final", "en", threshold=1)
    table_en = english.table("records_nyttoenkat")
    assert table_en is not None and [r.label for r in table_en.rows] == [
        "Answered", "Did not answer", "Exited in the period (to answer)"]


def test_no_small_count_is_shown_and_every_format_carries_the_section(
        vasteras_page: tuple[Report, str]) -> None:
    report, page = vasteras_page
    threshold = report.suppression_threshold
    records = [t for t in report.tables if t.section == "records"]
    assert len(records) >= 6
    for table in records:
        if table.unit == "persons":
            for row in table.rows:
                for cell in row.cells:
                    assert cell.value is None or cell.value == 0 or cell.value >= threshold
    assert "Registrerade uppgifter" in page and "Svarsfrekvens för enkäter" in page
    data = json.loads(next(iter(render(report, "json").values())))
    assert any(t["key"] == "records_startenkat" for t in data["tables"])
    files = render(report, "csv")
    assert any("records_sub_outcomes" in name for name in files)
    assert render(report, "xlsx")


def test_start_calls_its_participants_klienter(ctx: Context,
                                             vasteras_page: tuple[Report, str]) -> None:
    """Issue 22, finding 11: START says "klienter" (seed 000), its definition says so."""
    report = _report(ctx, "start", "final")
    titles = [t.title for t in report.tables]
    assert "Klienter under perioden" in titles
    assert "Klienter efter placeringsform" in titles
    assert not any("Deltagare" in t for t in titles)
    assert report.sections[0].title == "Klienter"
    english = _report(ctx, "start", "final", "en")
    assert english.sections[0].title == "Participants"
    assert "Deltagare under perioden" in [t.title for t in vasteras_page[0].tables]


def test_about_the_report_says_the_rule_once_and_the_version_in_a_source_line(
        vasteras_page: tuple[Report, str]) -> None:
    _, page = vasteras_page
    title_page, about = page.split('id="about"')[0][:3000], page.split('id="about"')[1]
    assert "Definitionens version" not in title_page
    assert about.count("visas som") == 1           # the rule once, not a note saying it again
    assert ("Källa: uppgifter som insatsens personal registrerat i ärendena i "
            "Samordningsteam Västerås, sammanställda 15 januari 2026 enligt insatsens "
            "regelverk (version 1).") in about


def test_a_budget_deviation_reads_with_its_sign_in_the_report_and_the_proposal() -> None:
    """Issue 22, finding 11: "3 000" in a column "Avvikelse" read as an amount."""
    from dataclasses import replace

    from report_json_samples import vasteras_report

    from engine.definitions.loading import load_programme
    from engine.reports.model import Cell, Column, Row, Section
    from engine.reports.proposal import build_proposal
    from engine.reports.proposal_text import read_proposal_text

    budget = Table("budget", "Budget och utfall (kronor)",
                   (Column("budget", "Budget"), Column("outcome", "Utfall"),
                    Column("deviation", "Avvikelse")),
                   (Row("2024-Q1", "Kvartal 1 2024", (Cell(10000), Cell(13000), Cell(3000))),
                    Row("2024-Q2", "Kvartal 2 2024", (Cell(10000), Cell(8000), Cell(-2000))),
                    Row("2024-Q3", "Kvartal 3 2024", (Cell(10000), Cell(10000), Cell(0)))),
                   "count", "budget")
    sample = vasteras_report()
    report = replace(sample, tables=(*sample.tables, budget),
                     sections=(*sample.sections, Section("budget", "Budget och utfall")))
    page = next(iter(render(report, "html").values())).decode().replace("\u00a0", " ")
    assert "+3 000" in page
    assert "\u22122 000" in page and "10 000" in page and "+10 000" not in page
    text = read_proposal_text(b"addressee: styrelse\nsummary: x\nviews: y\n"
                              b"key_figures: [budget]\n", "forslag.yaml")
    proposal = build_proposal(report, text, load_programme("vasteras"))
    cells = [[c.replace("\u00a0", " ") for c in row[1]] for row in proposal.figures[0].rows]
    assert cells == [["10 000", "13 000", "+3 000"], ["10 000", "8 000", "\u22122 000"],
                     ["10 000", "10 000", "0"]]
    from io import BytesIO

    from openpyxl import load_workbook
    workbook = load_workbook(BytesIO(next(iter(render(report, "xlsx").values()))))
    sheet = next(s for s in workbook.worksheets if s.cell(1, 1).value == budget.title)
    assert sheet.cell(4, 4).number_format.startswith("+") and sheet.cell(4, 4).value == 3000


def test_dates_in_words_in_the_as_of_note_and_a_period_given_by_its_days(
        ctx: Context) -> None:
    """Issue 22, finding 11: "läget 2026-01-15" and "2024-01-01 – 2024-03-31" in a
    political document."""
    under_way = _report(ctx, "vasteras", "2026")
    assert under_way.notes[0] == "Perioden pågår: siffrorna avser läget 15 januari 2026."
    span = programme_report(ctx, "vasteras", None, "sv", from_on=date(2024, 1, 1),
                            to_on=date(2024, 3, 31))
    assert span.period.label == "1 januari 2024 – 31 mars 2024"


def test_an_answer_off_the_scale_counts_in_the_mean_and_the_mean_says_on_how_many() -> None:
    """An answer given under an older definition (a 17 on today's 2–10 scale) is counted,
    not lost; those who answered no question on the scale are left out of the mean, and
    the table of answers says how many the mean rests on."""
    from engine.definitions.loading import load_programme
    from engine.reports.counts import CaseGroup, ProgrammeCounts, RecordCounts
    from engine.reports.figures import build_report
    from engine.reports.model import Period

    admitted = tuple(CaseGroup(gender, 40, "Västerås", at_start=False, enrolled=True,
                               exited=False, at_end=True, outcome=None, count=n)
                     for gender, n in (("kvinna", 11), ("man", 2)))
    counts = ProgrammeCounts(cases=admitted, records=RecordCounts(surveys=(
        ("startenkat", "kvinna", True, ("17",), 6),
        ("startenkat", "kvinna", True, ("4",), 3),
        ("startenkat", "kvinna", True, (None,), 2),
        ("startenkat", "man", False, (None,), 2))))
    report = build_report(load_programme("vasteras"), counts,
                          Period("2024", "2024", date(2024, 1, 1), date(2024, 12, 31)),
                          date(2024, 12, 31), TODAY, "sv", 1)
    rows = _values(report.table("records_startenkat"))  # type: ignore[arg-type]
    assert rows["answered"]["kvinna"] == 11 and rows["scored"]["kvinna"] == 9
    assert rows["expected"]["man"] == 2
    means = _values(report.table("records_means"))  # type: ignore[arg-type]
    assert means["startenkat"]["kvinna"] == round((17 * 6 + 4 * 3) / 9, 1)
    assert means["startenkat"]["man"] is None
