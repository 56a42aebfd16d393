"""What the pages do with what people send: enrolment, refusals, conflicts, drafts.

Through the real HTTP interface (TestClient) on a real database; every refusal must
leave the database as it was and the page must say why, keeping what was typed.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlmodel import select
from web_helpers import ENROLLED_ON, Browser, account, web_app

from engine.definitions.loading import check_source
from engine.http.web.validation import problem_html
from engine.service.cases.operations import complete, record_follow_up
from engine.service.cases.queries import case_view
from engine.service.shared.context import Context
from engine.store.tables import CaseRow, FollowUpRow, ParticipantRow

BROKEN = Path(__file__).resolve().parent / "broken"


@pytest.fixture
def anna(ctx: Context, clock: MovableClock) -> Browser:
    """anna, signed in, on 8 March 2024."""
    clock.set_day(date(2024, 3, 8))
    account(ctx, "anna", display_name="Anna Åkesson")
    browser = Browser(web_app(ctx))
    browser.sign_in("anna")
    return browser


def test_enrolment_shows_every_failed_criterion_and_stores_nothing(
        ctx: Context, anna: Browser) -> None:
    form = {"participant_key": "P-9", "gender": "man", "birth_year": "2009",
            "municipality": "annan", "active_parties": ["af"], "step": "enrol"}
    page = anna.post("/enrol/rebus", form)
    assert page.status_code == 422
    text = html.unescape(page.text)
    assert "Personen uppfyller inte 6 av villkoren. Inget är sparat." in text
    for label in ("Ålder 18–64 år", "Folkbokförd i Hagfors, Forshaga, Munkfors",
                  "Aktuell hos minst 2 av Hagfors kommun, Forshaga kommun, Munkfors kommun, "
                  "Arbetsförmedlingen",
                  "Befinner sig utanför arbetsmarknaden"):
        assert label in text
    assert "aktuell bara hos Arbetsförmedlingen" in text  # the parties named (issue 25)
    assert "född 2009: 14 eller 15 år den 8 mars 2024" in text
    assert "inte intygat – Målgruppen är personer i förvärvsaktiv ålder" in text
    assert 'value="P-9"' in page.text  # what was typed is still there
    with ctx.transaction() as session:
        assert session.exec(select(CaseRow)).all() == []
        assert session.exec(select(ParticipantRow)).all() == []


def test_an_eligible_person_is_enrolled_and_lands_on_the_new_case(
        ctx: Context, anna: Browser) -> None:
    form = {"participant_key": "P-9", "gender": "kvinna", "birth_year": "1985",
            "municipality": "Hagfors", "active_parties": ["af", "hagfors"],
            "income_support": "yes",
            "attested": ["utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering"]}
    checked = anna.post("/enrol/rebus", {**form, "step": "check"})
    assert checked.status_code == 200 and "Alla villkor är uppfyllda." in checked.text
    with ctx.transaction() as session:
        assert session.exec(select(CaseRow)).all() == []  # checking stores nothing
    done = anna.post("/enrol/rebus", {**form, "step": "enrol"})
    assert done.status_code == 303
    case = anna.get(done.headers["location"])
    assert "P-9 är inskriven i Projekt REBUS." in case.text
    with ctx.transaction() as session:
        stored = session.exec(select(CaseRow)).one()
    assert (stored.coordinator, stored.phase, stored.enrolled_on) == (
        "anna", "kartlaggning", date(2024, 3, 8))


def test_a_closed_phase_move_says_why_and_a_forced_one_shows_the_rule(
        ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON, municipality="Hagfors").case_id
    page = html.unescape(anna.get(f"/cases/{case}").text)
    assert "Stängt: kräver att detta är klart först: Överenskommelse/handlingsplan med " \
           "delmål och mål" in page
    forced = anna.post(f"/cases/{case}/move", {"to": "aktivitet"})
    assert forced.status_code == 409
    text = html.unescape(forced.text)
    assert "Det sparades inte." in text and "Regeln som stoppade det:" in text
    assert "Bytet från Kartläggning till Aktivitet kräver att detta är klart först: " \
           "Överenskommelse/handlingsplan med delmål och mål." in text  # Swedish, no ids
    assert case_view(ctx, case)["case"]["phase"] == "kartlaggning"
    complete(ctx, case, "task:handlingsplan", "anna")
    moved = anna.post(f"/cases/{case}/move", {"to": "aktivitet"})
    assert moved.status_code == 303
    assert case_view(ctx, case)["case"]["phase"] == "aktivitet"


def test_a_case_changed_meanwhile_says_so_and_keeps_what_was_typed(
        ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON, municipality="Hagfors").case_id
    anna.get(f"/cases/{case}")
    seen = case_view(ctx, case)["case"]["row_version"]
    complete(ctx, case, "task:startenkat", "bertil")  # someone else, meanwhile
    typed = {"held_on": "2024-03-07", "step_movement": "partly",
             "attendees": ["deltagare", "projektmedarbetare"],
             "notes": "Pratade om praktik på ICA", "version": str(seen)}
    page = anna.post(f"/cases/{case}/follow-up", typed)
    assert page.status_code == 409
    text = html.unescape(page.text)
    assert "Någon annan har ändrat ärendet sedan du öppnade det." in text
    assert ">Pratade om praktik på ICA</textarea>" in text
    assert 'value="2024-03-07"' in text and 'id="step-partly" name="step_movement" ' \
        'value="partly" required checked' in text
    assert 'id="att-anvisande_part" name="attendees" value="anvisande_part" >' in text
    with ctx.transaction() as session:
        assert session.exec(select(FollowUpRow)).all() == []
    # Sent again from the page as it is now, it is stored.
    now = case_view(ctx, case)["case"]["row_version"]
    assert anna.post(f"/cases/{case}/follow-up", {**typed, "version": str(now)}
                     ).status_code == 303


def test_a_follow_up_refused_by_a_date_rule_keeps_the_form_and_names_the_rule(
        ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON, municipality="Hagfors").case_id
    page = anna.post(f"/cases/{case}/follow-up", {
        "held_on": "2024-03-07", "step_movement": "yes", "attendees": ["deltagare"],
        "next_on": "2024-12-24", "notes": "kvar"})
    assert page.status_code == 409
    text = html.unescape(page.text)
    assert "Nästa uppföljning ska komma efter den här (7 mars 2024) och senast 7 maj 2024 " \
           "(var 2 månader); 24 december 2024 går inte." in text
    assert ">kvar</textarea>" in text



def test_a_citizen_account_sees_only_its_own_plan(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 8))
    mine = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON, municipality="Hagfors").case_id
    enrol_person(ctx, "rebus", "P-2", ENROLLED_ON, municipality="Hagfors")
    record_follow_up(ctx, mine, date(2024, 3, 7), ["deltagare", "projektmedarbetare"],
                     "yes", "anna", notes="Hemlig anteckning för personalen")
    account(ctx, "p1", "citizen", participant_key="P-1")
    browser = Browser(web_app(ctx))
    assert browser.sign_in("p1").headers["location"] == "/my-plan"
    plan = html.unescape(browser.get("/my-plan").text)
    assert "Projekt REBUS" in plan and "7 mars 2024" in plan
    # Whom they meet in their words, not the definition's role names (issue 23).
    assert "<dt>Vem du träffar</dt><dd>personal från insatsen, din handläggare</dd>" in plan
    assert "Projektmedarbetare" not in plan
    for hidden in ("Hemlig anteckning", "P-2", "Registrering i SUS", "follow_up:"):
        assert hidden not in plan
    assert 'class="citizen"' in plan  # the large-text layout
    assert browser.get(f"/cases/{mine}").status_code == 404


def test_a_broken_draft_shows_every_problem_at_its_line_and_column_in_swedish(
        ctx: Context, clock: MovableClock) -> None:
    """The problems `stegvis validate` prints, each at its line and column, worded in
    Swedish from its kind (the command line's English is not on the page)."""
    account(ctx, "forvaltare", "programme-admin")
    browser = Browser(web_app(ctx))
    browser.sign_in("forvaltare")
    for name in ("dead_end_phase.yaml", "duplicate_key.yaml", "enum_typo_cadence.yaml"):
        source = (BROKEN / name).read_text(encoding="utf-8")
        _, problems = check_source(source, "inklistrad.yaml")
        page = browser.post("/admin/validate", {"source": source})
        assert page.status_code == 422
        assert problems, name
        for p in problems:
            assert f"Rad {p.line}, kolumn {p.column}:" in page.text, name
            assert str(problem_html("sv", p)) in page.text, name
            assert html.escape(p.message, quote=False) not in page.text, name
    # An upload is checked under its own file name.
    raw = (BROKEN / "duplicate_key.yaml").read_bytes()
    _, problems = check_source(raw, "mitt-program.yaml")
    uploaded = browser.client.post("/admin/validate", data={"csrf-token": browser.token},
                                   files={"upload": ("mitt-program.yaml", raw, "text/yaml")})
    assert "Resultat för mitt-program.yaml" in uploaded.text
    assert all(str(problem_html("sv", p)) in uploaded.text for p in problems)
    good = (Path(__file__).resolve().parent.parent / "process_defs" / "rebus.yaml").read_text()
    assert "Giltig: Projekt REBUS, version 1." in browser.post(
        "/admin/validate", {"source": good}).text


def test_the_dry_run_and_the_migration_preview_for_a_programme_administrator(
        ctx: Context, clock: MovableClock) -> None:
    account(ctx, "forvaltare", "programme-admin", programme="rebus")
    browser = Browser(web_app(ctx))
    browser.sign_in("forvaltare")
    page = browser.get("/admin/definitions/rebus?start=2024-01-31")
    assert page.status_code == 200
    assert "stateDiagram-v2" in page.text  # the diagram's source, drawn by Mermaid
    assert "'unsafe-inline'" in page.headers["content-security-policy"].split("style-src")[1] \
        .split(";")[0]
    # Sources by the document's title, never a rule id or a seed's file name.
    assert "Registrering i SUS" in page.text and "Projekt REBUS, projektbeskrivning" in page.text
    assert "participant.tasks" not in page.text and "001_ca7d5b990462bc8a" not in page.text
    assert browser.get("/admin/definitions/vasteras").status_code == 404  # not theirs
    assert "använder redan den här versionen" in html.unescape(
        browser.get("/admin/definitions/rebus/migration").text)
    bad = browser.get("/admin/definitions/rebus?start=31/01/2024")
    assert bad.status_code == 422 and "ÅÅÅÅ-MM-DD" in bad.text


def test_an_htmx_click_in_the_inbox_replaces_the_row_without_a_page_load(
        ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON, municipality="Hagfors").case_id
    inbox = anna.get("/inbox")
    assert 'hx-post="/cases/1/complete"' in inbox.text
    fragment = anna.client.post(f"/cases/{case}/complete",
                                data={"key": "task:sus_registrering", "back": "inbox"},
                                headers={"X-CSRF-Token": anna.token, "HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<li class="card card-done"')
    assert "<html" not in fragment.text
    again = anna.client.post(f"/cases/{case}/complete",
                             data={"key": "task:sus_registrering", "back": "inbox"},
                             headers={"X-CSRF-Token": anna.token, "HX-Request": "true"})
    assert "”Registrering i SUS” är redan klar." in again.text
    # Without JavaScript the same form answers with the inbox again.
    plain = anna.post(f"/cases/{case}/complete", {"key": "task:startenkat", "back": "inbox"})
    assert plain.status_code == 303 and plain.headers["location"] == "/inbox"
    assert "Registrering i SUS" not in anna.get("/inbox").text

