"""A definition narrows the kinds of income support (issue 22): REBUS's participants
"skall ha sin försörjning hos någon av de anvisande parterna" (seed 001), its
municipalities' and Arbetsförmedlingen's, so its definition may offer only those at
enrolment.  Every entry point — the command line, the browser's forms, the
spreadsheet import and bulk enrolment — then offers and accepts only those, through
the one door (engine.definitions.income.checked_income), refuses any other kind in one
line, and the reports list only those (with "uppgift saknas")."""

from __future__ import annotations

import html
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from case_helpers import ELIGIBLE
from conftest import MovableClock
from sqlmodel import select
from test_cli_cases import REBUS, make_stegvis, ok, refused
from web_helpers import Browser, account, web_app

from engine.definitions.description import description_text
from engine.definitions.loading import check_file, load_programme
from engine.paths import definitions_dir
from engine.population.population import populate
from engine.service.cases.bulk import enrol_many
from engine.service.cases.enrolment import EnrolmentRequest
from engine.service.programme.report_data import programme_report
from engine.service.shared.context import Context
from engine.store.tables import CaseRow

#: What the programme's administrator adds under ``participant:`` in rebus.yaml: at
#: enrolment the support the referring parties pay (the municipalities' försörjningsstöd,
#: Arbetsförmedlingen's a-kassa/aktivitetsstöd); at exit also one's own living.
NARROWED = """  income_support:    # "sin försörjning hos någon av de anvisande parterna" (001)
    at_enrolment: [forsorjningsstod, akassa_aktivitetsstod]
    at_exit: [forsorjningsstod, akassa_aktivitetsstod, studiemedel, egen_forsorjning]
"""
AT_START = "forsorjningsstod, akassa_aktivitetsstod"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The shipped definitions, REBUS's narrowed as above."""
    target = tmp_path / "definitions"
    shutil.copytree(definitions_dir(), target)
    rebus = target / "rebus.yaml"
    text = rebus.read_text(encoding="utf-8")
    assert "\nparticipant:\n" in text
    rebus.write_text(text.replace("\nparticipant:\n", "\nparticipant:\n" + NARROWED, 1),
                     encoding="utf-8")
    return target


def test_the_command_line_offers_and_accepts_only_the_narrowed_kinds(
        tmp_path: Path, folder: Path) -> None:
    stegvis = make_stegvis(f"sqlite:///{tmp_path / 'stegvis.db'}", tmp_path)
    env = {"STEGVIS_DEFINITIONS": str(folder)}
    said = refused(stegvis("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna",
                           "--income-at-start", "sjukpenning", env=env))
    assert said.strip() == (
        "stegvis: income support 'sjukpenning' is not one this programme records at "
        f"enrolment; write one of {AT_START}")
    typo = refused(stegvis("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna",
                           "--income-at-start", "forsorjningstod", env=env))
    assert typo.strip().endswith("did you mean 'forsorjningsstod'?")
    assert len(typo.strip().splitlines()) == 1
    ok(stegvis("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna",
               "--income-at-start", "Försörjningsstöd", env=env))   # its name works too
    wrong = refused(stegvis("exit", "1", "avbrott", "--income-at-exit", "sjukpenning",
                            today="2024-03-01", env=env))
    assert wrong.strip().startswith("stegvis: income support 'sjukpenning' is not one "
                                    "this programme records at exit; write one of")
    ok(stegvis("exit", "1", "avbrott", "--income-at-exit", "egen_forsorjning",
               today="2024-03-01", env=env))
    case = json.loads(ok(stegvis("case", "show", "1", "--json", today="2024-03-01",
                                 env=env)))["case"]
    assert (case["income_at_start"], case["income_at_exit"]) == (
        "forsorjningsstod", "egen_forsorjning")


def test_the_spreadsheet_import_takes_the_column_and_refuses_a_kind_outside(
        tmp_path: Path, folder: Path) -> None:
    stegvis = make_stegvis(f"sqlite:///{tmp_path / 'stegvis.db'}", tmp_path)
    env = {"STEGVIS_DEFINITIONS": str(folder)}
    head = ("Program;Deltagare;Kön;Födelseår;Kommun;Samordnare;Inskriven;Aktuell hos;"
            "Försörjning från anvisande part;Intygade kriterier;Försörjning vid inskrivning")
    row = ("rebus;R-1;Kvinna;1985;Hagfors;anna;2024-01-15;hagfors, af;Ja;"
           "utanfor_arbetsmarknaden, behov_samordnad_rehabilitering;{}")
    path = tmp_path / "deltagare.csv"
    path.write_text("\n".join([head, row.format("Sjukpenning")]), encoding="utf-8")
    said = refused(stegvis("import", str(path), today="2024-04-02", actor="admin", env=env))
    assert ("Rad 2, Försörjning vid inskrivning: 'Sjukpenning' är inte en försörjning som "
            "Projekt REBUS registrerar vid inskrivning; skriv en av Försörjningsstöd, "
            "A-kassa/aktivitetsstöd") in said
    path.write_text("\n".join([head, row.format("Försörjningsstöd")]), encoding="utf-8")
    ok(stegvis("import", str(path), today="2024-04-02", actor="admin", env=env))
    case = json.loads(ok(stegvis("case", "show", "1", "--json", today="2024-04-02",
                                 env=env)))["case"]
    assert case["income_at_start"] == "forsorjningsstod"


def test_bulk_enrolment_refuses_a_kind_outside_and_stores_one_inside(
        ctx: Context, clock: MovableClock, folder: Path) -> None:
    clock.set_day(date(2024, 3, 1))
    narrowed = Context(ctx.engine, ctx.clock, folder)

    def person(key: str, income: str) -> EnrolmentRequest:
        return EnrolmentRequest(programme="rebus", participant_key=key, gender="kvinna",
                                birth_year=1985, coordinator="anna", on=date(2024, 2, 1),
                                income_at_start=income, **ELIGIBLE["rebus"])
    result = enrol_many(narrowed, [person("B-1", "sjukpenning"),
                                   person("B-2", "akassa_aktivitetsstod")], actor="anna")
    assert result.enrolled == 1
    assert result.refused == [("B-1", "income support 'sjukpenning' is not one this "
                                      "programme records at enrolment; write one of "
                                      f"{AT_START}")]
    with ctx.transaction() as session:
        stored = session.exec(select(CaseRow.income_at_start)).all()
    assert stored == ["akassa_aktivitetsstod"]   # bulk enrolment kept none before


def test_the_browser_offers_only_the_narrowed_kinds_and_refuses_another(
        ctx: Context, clock: MovableClock, folder: Path) -> None:
    clock.set_day(date(2024, 3, 8))
    narrowed = Context(ctx.engine, ctx.clock, folder)
    account(narrowed, "anna", display_name="Anna Åkesson")
    anna = Browser(web_app(narrowed))
    anna.sign_in("anna")
    form = anna.get("/enrol/rebus").text
    assert '<option value="forsorjningsstod"' in form
    assert '<option value="sjukpenning"' not in form
    typed = {"participant_key": "P-9", "gender": "kvinna", "birth_year": "1985",
             "municipality": "Hagfors", "active_parties": ["hagfors", "af"],
             "income_support": "yes", "step": "enrol",
             "attested": ["utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering"]}
    bad = anna.post("/enrol/rebus", {**typed, "income_at_start": "sjukpenning"})
    assert bad.status_code == 422
    assert "Försörjningen sjukpenning finns inte i listan." in html.unescape(bad.text)
    done = anna.post("/enrol/rebus", {**typed, "income_at_start": "forsorjningsstod"})
    assert done.status_code == 303
    with ctx.transaction() as session:
        case = session.exec(select(CaseRow)).one()
    page = anna.get(f"/cases/{case.id}").text
    exit_form = page[page.index('name="income_at_exit"'):]
    exit_form = exit_form[:exit_form.index("</select>")]
    assert '<option value="egen_forsorjning"' in exit_form
    assert '<option value="sjukpenning"' not in exit_form
    wrong = anna.post(f"/cases/{case.id}/exit", {"outcome": "avbrott",
                                                 "income_at_exit": "sjukpenning"})
    assert "Försörjningen sjukpenning finns inte i listan." in html.unescape(wrong.text)
    anna.post(f"/cases/{case.id}/exit", {"outcome": "avbrott",
                                         "income_at_exit": "studiemedel"})
    with ctx.transaction() as session:
        stored = session.get(CaseRow, case.id)
    assert stored is not None and stored.income_at_exit == "studiemedel"


def test_the_definition_page_names_the_narrowed_kinds(folder: Path) -> None:
    spec, problems = check_file(folder / "rebus.yaml")
    assert spec is not None, problems
    lines = description_text(spec).splitlines()
    assert "    Försörjning vid inskrivning: försörjningsstöd och a-kassa/aktivitetsstöd" in lines
    # Not narrowed: nothing said.
    assert not any("Försörjning vid" in line
                   for line in description_text(load_programme("vasteras")).splitlines())


def test_the_report_lists_only_the_narrowed_kinds(
        ctx: Context, clock: MovableClock, folder: Path) -> None:
    clock.set_day(date(2024, 12, 31))
    narrowed = Context(ctx.engine, ctx.clock, folder)
    populate(narrowed, "rebus", date(2024, 1, 1), date(2024, 12, 31), 40, 2017)
    report = programme_report(narrowed, "rebus", "2024", threshold=1)
    for key, offered in (("income_start", {"forsorjningsstod", "akassa_aktivitetsstod"}),
                         ("income_exit", {"forsorjningsstod", "akassa_aktivitetsstod",
                                          "studiemedel", "egen_forsorjning"})):
        table = report.table(key)
        assert table is not None, key
        kinds = {r.key for r in table.rows} - {"total", "unknown"}
        assert kinds and kinds <= offered, (key, kinds)
