"""The case page's record forms: what each stores, and what each refuses in Swedish.

Through the application (TestClient) on a real database.  A refused form stores
nothing, names the reason in Swedish and keeps what was typed (except an identity
number, which no page ever shows).
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest
from case_helpers import enrol_person, with_type_cases
from conftest import MovableClock
from sqlmodel import select
from web_helpers import ENROLLED_ON, Browser, account, web_app

from engine.service.cases.operations import exit_case, request_extension
from engine.service.shared.context import Context
from engine.store.tables import (
    AssessmentRow,
    AuditRow,
    CaseRow,
    ExtensionRequestRow,
    ObligationRow,
    ParticipantRow,
    SurveyAnswerRow,
)

#: A valid personnummer of someone born 1985 (the test persons' birth year).
NUMBER = "19850101-0014"
TODAY = date(2024, 3, 8)


@pytest.fixture
def anna(ctx: Context, clock: MovableClock) -> Browser:
    """anna, signed in, on 8 March 2024."""
    clock.set_day(TODAY)
    account(ctx, "anna", display_name="Anna Åkesson")
    browser = Browser(web_app(ctx))
    browser.sign_in("anna")
    return browser


def _case(ctx: Context, programme: str, **fields: object) -> int:
    return enrol_person(ctx, programme, "P-1", ENROLLED_ON, **fields).case_id


def _page(answer: object) -> str:
    return html.unescape(answer.text)  # type: ignore[attr-defined]


def test_an_extension_decision_is_recorded_in_the_role_the_definition_names(
        ctx: Context, anna: Browser) -> None:
    case = _case(ctx, "vasteras")
    asked = request_extension(ctx, case, "2 months", "Praktiken förlängs", "anna")
    page = _page(anna.get(f"/cases/{case}"))
    assert "Beslut om 2 månader (Verksamhetsledare beslutar)" in page
    refused = anna.post(f"/cases/{case}/extensions/{asked}/decide",
                        {"decision": "", "note": "Enligt mötet"})
    assert refused.status_code == 422
    assert "Välj om förlängningen beviljas eller avslås." in _page(refused)
    assert ">Enligt mötet</textarea>" in _page(refused)
    early = anna.post(f"/cases/{case}/extensions/{asked}/decide",
                      {"decision": "approve", "on": "2024-01-01", "note": "x"})
    assert early.status_code == 422
    assert "Beslutsdatum 1 januari 2024 är före ansökan 8 mars 2024." in _page(early)
    done = anna.post(f"/cases/{case}/extensions/{asked}/decide",
                     {"decision": "approve", "note": "Enligt mötet"})
    assert done.status_code == 303
    assert "Förlängningen med 2 månader är beviljad." in _page(anna.get(done.headers["location"]))
    with ctx.transaction() as session:
        stored = session.get(ExtensionRequestRow, asked)
        row = session.get(CaseRow, case)
    assert stored is not None and row is not None
    assert (stored.status, stored.decided_by, stored.decision_note) == (
        "approved", "anna", "Enligt mötet")
    assert row.extended_to is not None
    again = anna.post(f"/cases/{case}/extensions/{asked}/decide", {"decision": "reject"})
    assert again.status_code == 409
    assert "Ansökan om förlängning är redan beviljad." in _page(again)


def test_an_extension_of_another_case_cannot_be_decided_from_this_one(
        ctx: Context, anna: Browser) -> None:
    mine = _case(ctx, "vasteras")
    other = enrol_person(ctx, "vasteras", "P-2", ENROLLED_ON, coordinator="bertil").case_id
    theirs = request_extension(ctx, other, "2 months", "Skäl", "bertil")
    answer = anna.post(f"/cases/{mine}/extensions/{theirs}/decide", {"decision": "approve"})
    assert answer.status_code == 404
    with ctx.transaction() as session:
        assert session.get(ExtensionRequestRow, theirs).status == "pending"  # type: ignore


def test_a_survey_is_a_form_of_its_questions_and_its_answers_are_shown(
        ctx: Context, anna: Browser) -> None:
    """Issue 23: the answers were typed as "fråga = svar" lines and the page said only
    "3 svar".  Now each question of the definition is a field (a scale of 1–5 with its
    words here) and the answers are shown with their questions."""
    case = _case(ctx, "rebus")
    page = _page(anna.get(f"/cases/{case}"))
    assert "Enkät om välbefinnande vid start" in page
    assert "Enkät om välbefinnande vid avslut" not in page  # not open until the exit
    assert "<legend>Hur mår du just nu, i stort sett?</legend>" in page
    assert 'name="q-valbefinnande" value="5"' in page and "5 – Mycket bra" in page
    outside = anna.post(f"/cases/{case}/survey", {"survey": "startenkat",
                                                   "q-valbefinnande": "9",
                                                   "q-livskvalitet": "3"})
    assert outside.status_code == 422
    text = _page(outside)
    assert "”Hur mår du just nu, i stort sett?”: välj ett tal från 1 till 5." in text
    assert 'name="q-livskvalitet" value="3" checked' in text  # what was chosen is kept
    empty = anna.post(f"/cases/{case}/survey", {"survey": "startenkat"})
    assert "Ingen av frågorna är besvarad. Fyll i minst ett svar." in _page(empty)
    done = anna.post(f"/cases/{case}/survey", {"survey": "startenkat",
                                                "q-valbefinnande": "2",
                                                "q-livskvalitet": "3"})
    assert done.status_code == 303
    with ctx.transaction() as session:
        answers = session.exec(select(SurveyAnswerRow)).one()
        task = session.exec(select(ObligationRow).where(
            ObligationRow.key == "task:startenkat")).one()
    assert answers.answers == {"valbefinnande": 2, "livskvalitet": 3}  # numbers, for the report
    assert (task.status, task.completed_by) == ("done", "anna")
    later = _page(anna.get(f"/cases/{case}"))
    assert "Enkät om välbefinnande vid start, besvarad 8 mars 2024" in later
    assert "<dt>Hur mår du just nu, i stort sett?</dt>" in later
    assert "<dd>2 av 5</dd>" in later and "<dd>3 av 5 – Ganska nöjd</dd>" in later
    assert f'action="/cases/{case}/survey"' not in later


def test_a_yes_no_and_a_text_question(ctx: Context, anna: Browser, clock: MovableClock
                                      ) -> None:
    clock.set_day(date(2022, 3, 1))  # Hofors ran 2021-01-01 – 2023-03-01 (004)
    case = enrol_person(ctx, "hofors", "P-1", date(2022, 1, 10), attested=(
        "behov_samordnad_rehabilitering", "psykisk_ohalsa", "vill_arbeta",
        "remitterad_via_trisam")).case_id
    exit_case(ctx, case, "avbrott", "anna")
    page = _page(anna.get(f"/cases/{case}"))
    assert "Har stödet du fått varit till nytta för dig?" in page
    refused = anna.post(f"/cases/{case}/survey", {"survey": "nyttoenkat", "q-nytta": "kanske"})
    assert "”Har stödet du fått varit till nytta för dig?”: svara ja eller nej." in \
        _page(refused)
    assert anna.post(f"/cases/{case}/survey", {
        "survey": "nyttoenkat", "q-nytta": "yes",
        "q-mest_nytta": "Att någon följde med till arbetsplatsen"}).status_code == 303
    with ctx.transaction() as session:
        assert session.exec(select(SurveyAnswerRow)).one().answers == {
            "nytta": True, "mest_nytta": "Att någon följde med till arbetsplatsen"}
    shown = _page(anna.get(f"/cases/{case}"))
    assert "<dd>Ja</dd>" in shown and "<dd>Att någon följde med till arbetsplatsen</dd>" in shown


def test_a_survey_answer_dated_in_the_future_is_refused_in_swedish(
        ctx: Context, anna: Browser) -> None:
    case = _case(ctx, "rebus")
    refused = anna.post(f"/cases/{case}/survey", {"survey": "startenkat",
                                                   "q-valbefinnande": "4", "on": "2024-04-01"})
    assert refused.status_code == 422
    assert "Svarsdatum 1 april 2024 ligger i framtiden (i dag är det 8 mars 2024)." \
        in _page(refused)
    with ctx.transaction() as session:
        assert session.exec(select(SurveyAnswerRow)).all() == []


def _status(ctx: Context, case: int, key: str) -> str:
    with ctx.transaction() as session:
        return session.exec(select(ObligationRow.status).where(
            ObligationRow.case_id == case, ObligationRow.key == key)).one()


def test_recording_an_assessment_completes_the_tasks_that_ask_for_it(
        ctx: Context, anna: Browser) -> None:
    """Issue 23: Örebro's mapping of activity capacity stayed open after the assessment
    was recorded.  One rule: recording what a task asks for completes it."""
    case = _case(ctx, "orebro")
    page = _page(anna.get(f"/cases/{case}"))
    assert "Bedömning av aktivitetsförmåga" in page
    assert "Typfall" not in page and "platshållare" not in page  # no type case in seed 002
    assert "Placeringsform" not in page  # Örebro has none
    assert 'href="#h-assessment"' in page  # the task points at its form, not "Markera"
    outside = anna.post(f"/cases/{case}/assessment", {"capacity": "9", "on": ""})
    assert outside.status_code == 422
    assert "Aktivitetsförmågan 9 ligger utanför skalan 1–5." in _page(outside)
    assert anna.post(f"/cases/{case}/assessment", {"capacity": "2"}).status_code == 303
    assert _status(ctx, case, "task:kartlaggning_aktivitetsformaga") == "done"
    assert _status(ctx, case, "task:behovsbedomning") == "open"  # asks for a need level
    assert anna.post(f"/cases/{case}/assessment",
                     {"capacity": "2", "need_level": "niva_2"}).status_code == 303
    assert _status(ctx, case, "task:behovsbedomning") == "done"
    with ctx.transaction() as session:
        assessed = session.exec(select(AssessmentRow).order_by(AssessmentRow.id)).all()
    assert [(a.activity_capacity, a.need_level, a.assessed_by) for a in assessed] == [
        (2, None, "anna"), (2, "niva_2", "anna")]
    shown = _page(anna.get(f"/cases/{case}"))
    assert "8 mars 2024: 2 – Begränsad aktivitetsförmåga" in shown
    assert "Nivå 2 – måttligt behov" in shown and "exempelbelopp" not in shown


def test_recording_the_type_case_completes_the_task_that_asks_for_it(
        ctx: Context, anna: Browser, tmp_path: Path) -> None:
    written = Context(ctx.engine, ctx.clock, with_type_cases(tmp_path))
    anna = Browser(web_app(written))
    anna.sign_in("anna")
    case = enrol_person(written, "orebro", "P-1", ENROLLED_ON).case_id
    unknown = anna.post(f"/cases/{case}/type-case", {"type_case": "typfall_x"})
    assert unknown.status_code == 422
    assert "Typfallet finns inte i programmet." in _page(unknown)
    assert anna.post(f"/cases/{case}/assessment",
                     {"capacity": "2", "need_level": "niva_2"}).status_code == 303
    assert _status(written, case, "task:behovsbedomning") == "open"  # the type case is missing
    assert anna.post(f"/cases/{case}/type-case", {"type_case": "typfall_b"}
                     ).status_code == 303
    assert _status(written, case, "task:behovsbedomning") == "done"
    with ctx.transaction() as session:
        row = session.get(CaseRow, case)
    assert row is not None and row.type_case == "typfall_b"
    assert "Nu: Typfall B" in _page(anna.get(f"/cases/{case}"))


def test_a_placement_form_is_stored_and_a_missing_choice_refused(ctx: Context,
                                                                 anna: Browser) -> None:
    case = _case(ctx, "start", attested=("malgrupp", "bestalld_av_kund"))
    assert anna.post(f"/cases/{case}/placement", {"form": ""}).status_code == 422
    assert _status(ctx, case, "task:val_av_placeringsform") == "open"
    page = _page(anna.get(f"/cases/{case}"))
    assert "Placering hos en annan anordnare" in page and "placeholder" not in page
    assert anna.post(f"/cases/{case}/placement", {"form": "extern_placering"}
                     ).status_code == 303
    with ctx.transaction() as session:
        assert session.get(CaseRow, case).placement_form == "extern_placering"  # type: ignore
    # Issue 23: recording the placement form did not tick off the task asking for it.
    assert _status(ctx, case, "task:val_av_placeringsform") == "done"


def test_rebus_offers_no_assessment_placement_or_type_case(ctx: Context,
                                                           anna: Browser) -> None:
    case = _case(ctx, "rebus")
    page = _page(anna.get(f"/cases/{case}"))
    for heading in ("Bedömning av aktivitetsförmåga", "Placeringsform", "Typfall"):
        assert heading not in page
    refused = anna.post(f"/cases/{case}/assessment", {"capacity": "3"})
    assert refused.status_code == 409
    assert "Projekt REBUS bedömer inte aktivitetsförmåga." in _page(refused)


def test_the_identity_number_is_stored_with_consent_and_never_shown(
        ctx: Context, anna: Browser) -> None:
    case = _case(ctx, "rebus")
    no_consent = anna.post(f"/cases/{case}/identity-number", {"number": NUMBER})
    assert no_consent.status_code == 422
    assert "Ange datumet då deltagaren samtyckte" in _page(no_consent)
    bad = anna.post(f"/cases/{case}/identity-number",
                    {"number": "19850101-0015", "consent_on": "2024-03-01"})
    assert bad.status_code == 422
    text = _page(bad)
    assert "Personnumret är inte giltigt (formatet eller kontrollsiffran)" in text
    assert "19850101-0015" not in text and 'value="2024-03-01"' in text
    done = anna.post(f"/cases/{case}/identity-number",
                     {"number": NUMBER, "consent_on": "2024-03-01"})
    assert done.status_code == 303
    page = _page(anna.get(f"/cases/{case}"))
    assert "Sparat med deltagarens samtycke från 1 mars 2024." in page
    assert "0014" not in page and 'name="number"' not in page
    with ctx.transaction() as session:
        person = session.exec(select(ParticipantRow)).one()
        logged = [str(a.after) for a in session.exec(select(AuditRow)).all()]
    assert (person.personnummer, person.consent_on) == ("198501010014", date(2024, 3, 1))
    assert person.birth_on == date(1985, 1, 1)
    assert not any("0014" in entry for entry in logged)


def test_an_identity_number_of_another_birth_year_is_refused(ctx: Context,
                                                             anna: Browser) -> None:
    case = _case(ctx, "rebus", birth_year=1990)
    refused = anna.post(f"/cases/{case}/identity-number",
                        {"number": NUMBER, "consent_on": "2024-03-01"})
    assert refused.status_code == 422
    assert "Personnumret stämmer inte med deltagarens födelseår eller födelsedatum." \
        in _page(refused)
    with ctx.transaction() as session:
        assert session.exec(select(ParticipantRow)).one().personnummer is None
