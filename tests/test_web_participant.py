"""The participant's plan in plain Swedish (klarspråk): what happens next, when, where,
with whom and whom to call; meetings booked with a time and place; a sign-in code to
print or send as a text message.

Issue 23, item 11: the plan read "Uppföljning (stegförflyttning mot uppsatta mål) 1",
"Med: du och Projektmedarbetare, Anvisande part (handläggare)", only the last day a
meeting could be held, and the sign-in was a 43-character link to copy.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlalchemy import Engine
from sqlmodel import select
from web_helpers import Browser, account, web_app

from engine.service.cases.records import add_goal
from engine.service.shared.context import Context
from engine.store.database import open_database
from engine.store.tables import AuditRow, ObligationRow

TODAY = date(2024, 3, 1)
JARGON = ("stegförflyttning", "Projektmedarbetare", "Anvisande part", "handläggare)",
          "follow_up", "task:")


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[Engine]:
    """SQLite for the pages; the booking's columns are in the migration tests (both)."""
    engine = open_database(f"sqlite:///{tmp_path / 'stegvis.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def anna(ctx: Context, clock: MovableClock) -> Browser:
    clock.set_day(TODAY)
    account(ctx, "anna", display_name="Anna Åkesson", phone="0563-123 45")
    browser = Browser(web_app(ctx, base_url="https://stegvis.klaralvdalen.se"))
    browser.sign_in("anna")
    return browser


def _text(answer: object) -> str:
    return html.unescape(answer.text)  # type: ignore[attr-defined]


def _sign_in_with_code(ctx: Context, anna: Browser, case: int) -> tuple[Browser, str]:
    page = _text(anna.post(f"/cases/{case}/links", {}, follow_redirects=True))
    code = re.search(r'id="link-code">([A-Z0-9-]+)<', page).group(1)  # type: ignore[union-attr]
    phone = Browser(web_app(ctx))
    phone.get("/in")
    typed = f" {code.lower().replace('-', ' ')} "  # as a person may type it
    assert phone.post("/in", {"code": typed}).status_code == 303
    return phone, page


def test_a_booked_meeting_in_the_plan_says_when_where_and_with_whom(
        ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 10)).case_id
    add_goal(ctx, case, "Arbeta deltid inom handeln", "anna")
    page = _text(anna.get(f"/cases/{case}"))
    assert "Boka tid och plats" in page
    past = anna.post(f"/cases/{case}/book", {"key": "follow_up:1", "on": "2024-02-28",
                                              "at": "10:00", "place": "Storgatan 3"})
    assert "Tiden har redan varit (28 februari 2024). Välj en tid framåt." in _text(past)
    booked = _text(anna.post(f"/cases/{case}/book", {
        "key": "follow_up:1", "on": "2024-03-05", "at": "10:30",
        "place": "Arbetsmarknadsenheten, Storgatan 3, Hagfors"}, follow_redirects=True))
    assert "är bokat 5 mars 2024 10:30, Arbetsmarknadsenheten, Storgatan 3, Hagfors." in booked
    with ctx.transaction() as session:
        row = session.exec(select(ObligationRow).where(ObligationRow.key == "follow_up:1")).one()
        logged = session.exec(select(AuditRow.action).order_by(AuditRow.id.desc())).first()  # type: ignore[union-attr]
    assert row.meeting_at is not None
    assert row.meeting_at.replace(tzinfo=UTC) == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert logged == "book_meeting"

    phone, _ = _sign_in_with_code(ctx, anna, case)
    plan = _text(phone.get("/my-plan"))
    assert "Det här händer härnäst" in plan
    assert "Ni träffas och pratar om hur det går och vad nästa steg är." in plan
    assert "<dt>När</dt><dd><strong>tisdag 5 mars 2024 kl. 10.30</strong></dd>" in plan
    assert "<dt>Var</dt><dd>Arbetsmarknadsenheten, Storgatan 3, Hagfors</dd>" in plan
    assert "<dt>Vem du träffar</dt><dd>personal från insatsen, din handläggare</dd>" in plan
    assert "Kontakta din samordnare Anna Åkesson." in plan and "0563-123 45" in plan
    assert "Ni gör en plan tillsammans, om vad du vill nå och stegen dit." in plan
    main = plan[plan.index("<main"):plan.index("</main>")]
    for word in JARGON:
        assert word not in main, word


def test_the_sign_in_code_can_be_printed_or_sent_as_a_text_message(
        ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 10)).case_id
    phone, page = _sign_in_with_code(ctx, anna, case)
    code = re.search(r'id="link-code">([A-Z0-9-]+)<', page).group(1)  # type: ignore[union-attr]
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    sms = re.search(r'<textarea id="link-sms"[^>]*>([^<]+)</textarea>', page).group(1)  # type: ignore[union-attr]
    assert sms == (f"Din plan i Projekt REBUS: gå till https://stegvis.klaralvdalen.se/in och "
                   f"skriv koden {code}. Koden gäller till 30 maj 2024.")
    assert len(sms) <= 160  # one text message
    assert 'href="sms:?&body=' in page
    assert "<button type=\"button\" class=\"button secondary\" data-print>" in page
    assert "Så ser du din plan" in page and "Gå till https://stegvis.klaralvdalen.se/in" in page
    assert phone.get("/my-plan").status_code == 200
    # Shown once: the code is on no later page.
    assert code not in _text(anna.get(f"/cases/{case}"))
    wrong = Browser(web_app(ctx))
    wrong.get("/in")
    refused = wrong.post("/in", {"code": "QRST-UVWX-YZ23"})
    assert refused.status_code == 404
    assert "Koden fungerar inte." in _text(refused) and "QRST-UVWX-YZ23" not in refused.text
