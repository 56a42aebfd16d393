"""The case page tells the truth about time, and says it in words a coordinator uses.

Issue 23: a held follow-up stood under its due date ("mötet hölls", no date); after an
early exit, tasks not yet due were "Missad"; after an extension the timeline still
named the definition's limit; and a handful of wordings (a closed choice called
"stängt", "först i fasen A, B", "folkbokförd i annan", the login name where the person's
name belongs, a rejected extension's note shown nowhere, an empty heading on Örebro's
enrol form, the referring party typed as free text).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlalchemy import Engine
from sqlmodel import select
from web_helpers import Browser, account, web_app

from engine.service.cases.operations import (
    decide_extension,
    exit_case,
    record_follow_up,
    request_extension,
)
from engine.service.shared.context import Context
from engine.store.database import open_database
from engine.store.tables import ObligationRow

ENROLLED_ON = date(2024, 1, 10)


@pytest.fixture
def anna(ctx: Context, clock: MovableClock) -> Browser:
    clock.set_day(date(2024, 3, 8))
    account(ctx, "anna", display_name="Anna Åkesson")
    browser = Browser(web_app(ctx))
    browser.sign_in("anna")
    return browser


def _page(browser: Browser, url: str) -> str:
    return html.unescape(browser.get(url).text)


def _event(page: str, name: str) -> str:
    """The timeline row of the obligation called ``name``."""
    at = page.index(f"<strong>{name}</strong>")
    return page[page.rindex('<li class="event', 0, at):page.index("</li>", at)]


def test_a_follow_up_held_early_stands_under_the_day_it_was_held(
        ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    record_follow_up(ctx, case, date(2024, 2, 20), ["deltagare", "projektmedarbetare",
                                                     "anvisande_part"], "yes", "anna")
    row = _event(_page(anna, f"/cases/{case}"),
                 "Uppföljning (stegförflyttning mot uppsatta mål) 1")
    assert '<time datetime="2024-02-20">20 februari 2024</time>' in row
    assert "Mötet hölls 20 februari 2024. Det skulle hållas senast 8 mars 2024." in row


def test_what_an_early_exit_makes_moot_is_not_missed(ctx: Context, anna: Browser,
                                                     clock: MovableClock) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    exit_case(ctx, case, "avbrott", "anna", on=date(2024, 1, 15))
    with ctx.transaction() as session:
        status = {r.key: r.status for r in session.exec(
            select(ObligationRow).where(ObligationRow.case_id == case))}
    # Due 9 February and 24 January: after the exit on the 15th, so nobody missed them.
    assert status["task:handlingsplan"] == status["task:sus_registrering"] == "cancelled"
    page = _page(anna, f"/cases/{case}")
    row = _event(page, "Överenskommelse/handlingsplan med delmål och mål")
    assert "Behövs inte efter avslutet" in row
    assert "Skulle ha gjorts 9 februari 2024, efter avslutet." in row
    assert "Missad" not in page


def test_a_task_due_before_the_exit_and_not_done_is_missed(ctx: Context, anna: Browser
                                                           ) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    exit_case(ctx, case, "avbrott", "anna", on=date(2024, 3, 1))
    row = _event(_page(anna, f"/cases/{case}"), "Registrering i SUS")
    assert "Missad" in row


def test_after_an_extension_the_timeline_names_the_extended_limit(
        ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "vasteras", "V-1", ENROLLED_ON).case_id
    asked = request_extension(ctx, case, "2 months", "Praktiken fortsätter", "anna")
    decide_extension(ctx, asked, True, "anna", "verksamhetsledare")
    page = _page(anna, f"/cases/{case}")
    assert "Sista dag inom maxtiden" not in page
    row = _event(page, "Sista dag med den beviljade förlängningen: avsluta eller förläng igen")
    assert "9 mars 2025" in row  # a year from 10 January 2024, less a day, two months more
    assert "(8 mars 2024, registrerat av Anna Åkesson)" in page  # her name, not "anna"


def test_a_rejected_extensions_note_is_shown(ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "vasteras", "V-1", ENROLLED_ON).case_id
    asked = request_extension(ctx, case, "6 months", "Utbildning", "anna")
    decide_extension(ctx, asked, False, "anna", "styrgrupp",
                     note="Styrgruppen vill se en plan för avslutet först.")
    page = _page(anna, f"/cases/{case}")
    assert "Anteckning om beslutet: Styrgruppen vill se en plan för avslutet först." in page


def test_completion_from_two_phases_is_said_in_the_plural(ctx: Context, anna: Browser,
                                                          clock: MovableClock) -> None:
    clock.set_day(date(2022, 3, 1))
    case = enrol_person(ctx, "hofors", "H-1", date(2022, 1, 10), attested=(
        "behov_samordnad_rehabilitering", "psykisk_ohalsa", "vill_arbeta",
        "remitterad_via_trisam")).case_id
    page = _page(anna, f"/cases/{case}")
    assert ("Att deltagaren har fullföljt kan registreras i någon av faserna Steg 3: "
            "Jobbsökning och matchning och Steg 5: Stöd på och utanför arbetsplatsen; "
            "härifrån går bara ett avbrott.") in page
    assert "Sysselsättning (går inte från den här fasen)" in page
    assert "stängt" not in page


def test_the_enrol_forms_words(ctx: Context, anna: Browser) -> None:
    rebus = _page(anna, "/enrol/rebus")
    assert '<select id="referring_party" name="referring_party">' in rebus
    assert "<option >Hagfors kommun</option>" in rebus.replace("<option>", "<option >")
    orebro = _page(anna, "/enrol/orebro")
    assert "Villkor för att delta" not in orebro and "Pröva villkoren" not in orebro
    anna.get("/enrol/vasteras")
    checked = html.unescape(anna.post("/enrol/vasteras", {
        "participant_key": "V-9", "gender": "man", "birth_year": "1980",
        "municipality": "annan", "step": "check"}).text)
    assert "folkbokförd i en annan kommun" in checked and "folkbokförd i annan<" not in checked


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[Engine]:
    """SQLite only: these are words on a page (what is stored is tested on both)."""
    engine = open_database(f"sqlite:///{tmp_path / 'stegvis.db'}")
    yield engine
    engine.dispose()
