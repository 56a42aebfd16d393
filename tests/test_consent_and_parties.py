"""Consent as an eligibility condition, and the parties that count (issue 25).

A definition may say ``eligibility: {consent: required}``: enrolment then needs the day
the participant consented (not in the future, not after the enrolment) and keeps it on
the case whatever the identity number.  ``min_parties: {count, parties}`` names the
parties that count towards "aktuella hos minst två av parterna" (seed 001) and "stöd
från minst två av de ingående aktörerna" (seed 003): the coordinator names the parties
the person is active at, and enrolment refuses fewer than the count, naming them.  Every
way in (one at a time, bulk and import, the command line, the web form) keeps the rules;
the case page, the participant export and the dry run show them.
"""

from __future__ import annotations

import html
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from case_helpers import ELIGIBLE, enrol_person
from conftest import MovableClock
from sqlmodel import Session
from test_cli_cases import VASTERAS, make_stegvis, ok, refused
from web_helpers import Browser, account, web_app

from engine.definitions.loading import check_file, load_programme
from engine.errors import InputError, NotEligibleError
from engine.paths import definitions_dir
from engine.rules.simulation import simulate
from engine.service.cases.bulk import enrol_many
from engine.service.cases.enrolment import EnrolmentRequest
from engine.service.people.participant_export import participant_data
from engine.service.shared.context import Context
from engine.store.tables import CaseRow

ROOT = Path(__file__).resolve().parent.parent
YOUTH = str(ROOT / "docs" / "examples" / "ungdom.yaml")  # eligibility: {consent: required}
YOUNG = dict(municipality="Exempelkommun", birth_year=2002, parties_active=1)
ON = date(2024, 3, 4)
COUNTED = "at least 2 of Arbetsförmedlingen, Försäkringskassan, Västerås stad"


def _case(ctx: Context, case_id: int) -> CaseRow:
    with Session(ctx.engine) as session:
        row = session.get(CaseRow, case_id)
        assert row is not None
        return row


def test_consent_is_required_dated_and_kept_on_the_case(ctx: Context,
                                                        clock: MovableClock) -> None:
    clock.set_day(ON)
    with pytest.raises(NotEligibleError) as missing:
        enrol_person(ctx, YOUTH, "U-1", ON, **YOUNG)
    assert dict(missing.value.failures) == {
        "consent": "give the date the participant consented to taking part; the programme "
                   "requires consent"}
    with pytest.raises(NotEligibleError) as late:
        enrol_person(ctx, YOUTH, "U-1", date(2024, 3, 1), consent_on=date(2024, 3, 2), **YOUNG)
    assert dict(late.value.failures)["consent"] == (
        "consent given on 2024-03-02, after the enrolment on 2024-03-01; the participant "
        "consents first, then is enrolled")
    with pytest.raises(InputError, match="the consent date 2024-03-05 is in the future"):
        enrol_person(ctx, YOUTH, "U-1", ON, consent_on=date(2024, 3, 5), **YOUNG)
    # No identity number: the date is kept on the case all the same.
    case = enrol_person(ctx, YOUTH, "U-1", ON, consent_on=date(2024, 2, 28), **YOUNG).case_id
    stored = _case(ctx, case)
    assert (stored.consent_on, stored.parties_active, stored.active_parties) == (
        date(2024, 2, 28), 1, None)
    exported = participant_data(ctx, "U-1", "anna")["cases"][0]["case"]
    assert exported["consent_on"] == "2024-02-28"


def test_only_the_named_parties_count_and_the_refusal_names_them(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(ON)
    facts = {k: v for k, v in ELIGIBLE["vasteras"].items() if k != "active_parties"}
    with pytest.raises(NotEligibleError) as one:
        enrol_person(ctx, "vasteras", "V-1", ON, **facts, active_parties=("af",))
    assert dict(one.value.failures) == {
        "min_parties": f"active at Arbetsförmedlingen; {COUNTED} required"}
    with pytest.raises(NotEligibleError) as counted_only:  # a number is no longer enough
        enrol_person(ctx, "vasteras", "V-1", ON, **facts, parties_active=2, active_parties=None)
    assert dict(counted_only.value.failures) == {
        "min_parties": f"name the parties the person is an active case at: {COUNTED}"}
    with pytest.raises(InputError, match="unknown party 'Försäkringskasan'; did you mean "
                                         "'Försäkringskassan'"):
        enrol_person(ctx, "vasteras", "V-1", ON, **facts,
                     active_parties=("af", "Försäkringskasan"))
    case = enrol_person(ctx, "vasteras", "V-1", ON, **facts,
                        active_parties=("Försäkringskassan", "af")).case_id
    stored = _case(ctx, case)
    assert (stored.active_parties, stored.parties_active) == (["af", "fk"], 2)


def test_bulk_enrolment_keeps_both_rules_row_by_row(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(ON)
    base = dict(programme="vasteras", gender="man", birth_year=1985, municipality="Västerås",
                coordinator="karin", on=ON, attested=ELIGIBLE["vasteras"]["attested"])
    done = enrol_many(ctx, [
        EnrolmentRequest(participant_key="B-1", active_parties=("af", "vasteras_stad"),
                         consent_on=date(2024, 3, 1), **base),
        EnrolmentRequest(participant_key="B-2", active_parties=("vasteras_stad",), **base)],
        actor="admin")
    assert done.enrolled == 1
    assert done.refused == [("B-2", f"not eligible: min_parties: active at Västerås stad; "
                                    f"{COUNTED} required")]
    youth = enrol_many(ctx, [EnrolmentRequest(
        programme=YOUTH, participant_key="B-3", gender="kvinna", coordinator="anna", on=ON,
        **YOUNG)], actor="admin")  # type: ignore[arg-type]
    assert [key for key, _ in youth.refused] == ["B-3"]
    with Session(ctx.engine) as session:
        (row,) = session.exec(CaseRow.__table__.select()).all()  # type: ignore[attr-defined]
    assert (row.consent_on, row.active_parties, row.parties_active) == (
        date(2024, 3, 1), ["af", "vasteras_stad"], 2)


def test_the_command_line_names_the_parties(tmp_path: Path) -> None:
    stegvis = make_stegvis(f"sqlite:///{tmp_path / 'stegvis.db'}", tmp_path)
    person = [p for p in VASTERAS if p not in ("--active-at", "af", "fk")]
    said = refused(stegvis("enrol", "vasteras", "V-1", *person, "--coordinator", "karin",
                           "--active-at", "af", today="2024-03-04"))
    assert f"min_parties: active at Arbetsförmedlingen; {COUNTED} required" in said
    ok(stegvis("enrol", "vasteras", "V-1", *person, "--coordinator", "karin", "--active-at",
               "af", "Västerås stad", "--consent-on", "2024-03-01", today="2024-03-04"))
    shown = ok(stegvis("case", "show", "1", today="2024-03-04"))
    assert "  recorded      consent to take part 2024-03-01; active at af, vasteras_stad" in shown


def test_the_enrol_form_ticks_parties_and_the_case_page_shows_them(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(ON)
    account(ctx, "karin")
    karin = Browser(web_app(ctx))
    karin.sign_in("karin")
    form = karin.get("/enrol/vasteras").text
    for party, name in (("af", "Arbetsförmedlingen"), ("fk", "Försäkringskassan"),
                        ("vasteras_stad", "Västerås stad")):
        assert f'id="party-{party}" name="active_parties" value="{party}"' in form
        assert f'<label for="party-{party}">{name}</label>' in form
    typed = {"participant_key": "V-9", "gender": "kvinna", "birth_year": "1985",
             "municipality": "Västerås", "attested": list(ELIGIBLE["vasteras"]["attested"])}
    page = karin.post("/enrol/vasteras", {**typed, "active_parties": ["fk"], "step": "enrol"})
    assert page.status_code == 422
    assert "aktuell bara hos Försäkringskassan" in html.unescape(page.text)
    page = karin.post("/enrol/vasteras", {**typed, "active_parties": ["fk", "af"],
                                          "consent_on": "2024-03-01", "step": "enrol"})
    assert page.status_code == 303
    shown = html.unescape(karin.get(page.headers["location"]).text)
    assert '<dt>Aktuell hos</dt><dd id="active-parties">Arbetsförmedlingen, ' \
           'Försäkringskassan</dd>' in shown
    assert '<dt>Samtycke till att delta</dt><dd id="consent-on">1 mars 2024</dd>' in shown


def test_the_enrol_form_asks_for_the_consent_date_where_it_is_required(
        ctx: Context, clock: MovableClock, tmp_path: Path) -> None:
    clock.set_day(ON)
    shutil.copy(YOUTH, tmp_path / "ungdom.yaml")
    youth = Context(ctx.engine, ctx.clock, definitions=tmp_path)
    account(youth, "anna")
    anna = Browser(web_app(youth))
    anna.sign_in("anna")
    form = anna.get("/enrol/ungdom").text
    assert 'id="consent_on" name="consent_on" type="date" required' in form
    typed = {"participant_key": "U-9", "gender": "kvinna", "birth_year": "2002",
             "municipality": "Exempelkommun", "parties_active": "1", "step": "enrol"}
    refused = html.unescape(anna.post("/enrol/ungdom", typed).text)
    assert "ange vilken dag deltagaren samtyckte; programmet kräver samtycke" in refused
    page = anna.post("/enrol/ungdom", {**typed, "consent_on": "2024-03-01"})
    assert page.status_code == 303
    shown = html.unescape(anna.get(page.headers["location"]).text)
    assert '<dt>Samtycke till att delta</dt><dd id="consent-on">1 mars 2024</dd>' in shown
    assert '<dt>Aktuell hos</dt><dd id="active-parties">1 part</dd>' in shown


def test_the_web_dry_run_names_the_parties_in_swedish(ctx: Context,
                                                     clock: MovableClock) -> None:
    clock.set_day(ON)
    account(ctx, "fia", "programme-admin")
    fia = Browser(web_app(ctx))
    fia.sign_in("fia")
    page = fia.get("/admin/definitions/vasteras/dry-run?start=2024-01-31")
    plain = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())
    assert ("deltagaren antas vara aktuell hos minst 2 av Arbetsförmedlingen, "
            "Försäkringskassan, Västerås stad, som anges vid inskrivningen.") in plain


def test_validate_checks_the_named_parties(tmp_path: Path) -> None:
    text = (definitions_dir() / "vasteras.yaml").read_text(encoding="utf-8")
    broken = text.replace("parties: [af, fk, vasteras_stad]", "parties: [af, fk, vasteras]")
    (tmp_path / "vasteras.yaml").write_text(broken, encoding="utf-8")
    line = next(i for i, t in enumerate(broken.splitlines(), 1) if "vasteras]" in t)
    (problem,) = [p for p in check_file(tmp_path / "vasteras.yaml")[1]
                  if p.severity == "error"]
    assert (problem.line, problem.message) == (
        line, "unknown party 'vasteras'; did you mean 'vasteras_stad'?")
    (tmp_path / "vasteras.yaml").write_text(text.replace("count: 2", "count: 4"), "utf-8")
    (problem,) = [p for p in check_file(tmp_path / "vasteras.yaml")[1]
                  if p.severity == "error"]
    assert problem.message == ("at least 4 parties are asked for but only 3 are named in "
                               "min_parties.parties; nobody could be enrolled")


def test_the_dry_run_says_what_enrolment_asks_for() -> None:
    vasteras = simulate(load_programme(definitions_dir() / "vasteras.yaml"), date(2019, 1, 31))
    assert ("the participant is assumed an active case at 2 or more of Arbetsförmedlingen, "
            "Försäkringskassan, Västerås stad, named at enrolment (--active-at)"
            in vasteras.assumptions)
    youth = simulate(load_programme(Path(YOUTH)), ON)
    assert ("consent assumed given on or before the enrolment on 2024-03-04: the programme "
            "requires it, and enrolment stores its date on the case (--consent-on)"
            in youth.assumptions)
