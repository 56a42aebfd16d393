"""Every change says what it did and can be taken back for a while; moves ask first; a
large caseload has a search, filters, a sort by the next date and pages; the inbox is
grouped (overdue, today, the rest of the week, later) with a filter.

Issue 23, items 7 and 9: "Markera som klar" said only "Markerad som klar." (not what),
the overdue count stayed until a reload, a phase move was one click with no way back,
and 400 cases were one table with no search, sort, filter or pages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlalchemy import Engine
from sqlmodel import select
from web_helpers import Browser, account, web_app

from engine.service.cases.operations import complete
from engine.service.cases.records import add_goal
from engine.service.shared.context import Context
from engine.store.database import open_database
from engine.store.tables import AuditRow, CaseRow, ObligationRow, PhaseEntryRow

ENROLLED_ON = date(2024, 1, 10)
TODAY = date(2024, 3, 8)  # a Friday


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[Engine]:
    """SQLite: the pages' behaviour (test_caseload_search.py runs the queries on both)."""
    engine = open_database(f"sqlite:///{tmp_path / 'stegvis.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def anna(ctx: Context, clock: MovableClock) -> Browser:
    clock.set_day(TODAY)
    account(ctx, "anna", display_name="Anna Åkesson")
    browser = Browser(web_app(ctx))
    browser.sign_in("anna")
    return browser


def _text(answer: object) -> str:
    return html.unescape(answer.text)  # type: ignore[attr-defined]


def _status(ctx: Context, case: int, key: str) -> str:
    with ctx.transaction() as session:
        return session.exec(select(ObligationRow.status).where(
            ObligationRow.case_id == case, ObligationRow.key == key)).one()


def test_marking_done_says_what_and_can_be_undone(ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    anna.get(f"/cases/{case}")
    page = _text(anna.post(f"/cases/{case}/complete", {"key": "task:sus_registrering"},
                           follow_redirects=True))
    assert "”Registrering i SUS” är markerad som klar." in page
    assert "Blev det fel? Du kan ångra det till 8 mars 2024 09:10." in page
    assert _status(ctx, case, "task:sus_registrering") == "done"
    undone = _text(anna.post(f"/cases/{case}/undo", follow_redirects=True))
    assert "Ångrat: ”Registrering i SUS” är markerad som klar." in undone
    assert "Blev det fel?" not in undone  # the offer is used
    assert _status(ctx, case, "task:sus_registrering") == "open"
    with ctx.transaction() as session:
        actions = [a.action for a in session.exec(select(AuditRow).order_by(AuditRow.id))]
    assert actions[-2:] == ["complete", "undo_complete"]  # the log keeps both


def test_the_undo_lasts_ten_minutes(ctx: Context, anna: Browser, clock: MovableClock) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    anna.get(f"/cases/{case}")
    anna.post(f"/cases/{case}/complete", {"key": "task:sus_registrering"})
    clock.at += timedelta(minutes=11)
    late = _text(anna.post(f"/cases/{case}/undo", follow_redirects=True))
    assert "Det ångrades inte: Tiden för att ångra med knappen har gått ut." in late
    assert _status(ctx, case, "task:sus_registrering") == "done"


def test_no_undo_after_someone_else_changed_the_case(ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    anna.get(f"/cases/{case}")
    anna.post(f"/cases/{case}/complete", {"key": "task:sus_registrering"})
    add_goal(ctx, case, "Praktik", "bertil")
    refused = _text(anna.post(f"/cases/{case}/undo", follow_redirects=True))
    assert "Ärendet har ändrats sedan dess, så det ångras inte med knappen." in refused
    assert _status(ctx, case, "task:sus_registrering") == "done"


def test_a_phase_move_asks_first_and_can_be_undone(ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    complete(ctx, case, "task:handlingsplan", "anna")
    page = _text(anna.get(f"/cases/{case}"))
    assert ('data-confirm="Byta fas från Kartläggning till Aktivitet? Uppgifter och möten i '
            'den nya fasen läggs in."') in page
    moved = _text(anna.post(f"/cases/{case}/move", {"to": "aktivitet"}, follow_redirects=True))
    assert "Ärendet har bytt fas till Aktivitet." in moved
    back = _text(anna.post(f"/cases/{case}/undo", follow_redirects=True))
    assert "Ångrat: Ärendet har bytt fas till Aktivitet." in back
    with ctx.transaction() as session:
        row = session.get(CaseRow, case)
        entries = session.exec(select(PhaseEntryRow.phase).where(
            PhaseEntryRow.case_id == case)).all()
    assert row is not None and row.phase == "kartlaggning" and entries == ["kartlaggning"]


def test_an_exit_says_what_and_can_be_undone(ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    anna.get(f"/cases/{case}")
    closed = _text(anna.post(f"/cases/{case}/exit", {"outcome": "avbrott"},
                             follow_redirects=True))
    assert "Ärendet är avslutat 8 mars 2024: Avbrutit insatsen." in closed
    anna.post(f"/cases/{case}/undo")
    with ctx.transaction() as session:
        assert session.get(CaseRow, case).status == "active"  # type: ignore[union-attr]


def test_marking_done_in_the_inbox_updates_its_counts(ctx: Context, anna: Browser) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    enrol_person(ctx, "rebus", "P-2", ENROLLED_ON)
    inbox = _text(anna.get("/inbox"))
    overdue = int(re.search(r'id="count-overdue">(\d+)<', inbox).group(1))  # type: ignore[union-attr]
    answer = anna.client.post(f"/cases/{case}/complete", data={
        "key": "task:sus_registrering", "back": "inbox"},
        headers={"X-CSRF-Token": anna.token, "HX-Request": "true"})
    text = html.unescape(answer.text)
    assert "”Registrering i SUS” är markerad som klar." in text
    assert f'<span id="count-overdue" hx-swap-oob="true">{overdue - 1}</span>' in text
    assert f'hx-post="/cases/{case}/undo"' in text
    undone = anna.client.post(f"/cases/{case}/undo", data={"back": "inbox"},
                              headers={"X-CSRF-Token": anna.token, "HX-Request": "true"})
    assert "Ångrat: uppgiften är öppen igen." in html.unescape(undone.text)
    assert _status(ctx, case, "task:sus_registrering") == "open"


def _many(ctx: Context) -> None:
    """55 REBUS cases enrolled on successive days and 5 Västerås cases."""
    for i in range(55):
        enrol_person(ctx, "rebus", f"R-{i:02d}", ENROLLED_ON + timedelta(days=i % 40))
    for i in range(5):
        enrol_person(ctx, "vasteras", f"V-{i:02d}", ENROLLED_ON)


def _keys(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/cases/\d+">([^<]+)</a></th>', page)


def test_the_caseload_is_searched_filtered_sorted_and_paged(ctx: Context, anna: Browser
                                                            ) -> None:
    _many(ctx)
    first = _text(anna.get("/cases"))
    assert "60 ärenden · sida 1 av 2" in first and len(_keys(first)) == 50
    dates = re.findall(r'<td><time datetime="([\d-]+)">', first)
    assert dates == sorted(dates)  # by the next due date
    second = _text(anna.get("/cases?page=2"))
    assert len(_keys(second)) == 10 and set(_keys(second)).isdisjoint(_keys(first))
    assert _keys(_text(anna.get("/cases?q=r-07"))) == ["R-07"]  # any case of letters
    vasteras = _text(anna.get("/cases?programme=vasteras"))
    assert sorted(_keys(vasteras)) == [f"V-{i:02d}" for i in range(5)]
    assert '<select id="cases-phase" name="phase">' in vasteras  # its phases to choose from
    assert _keys(_text(anna.get("/cases?programme=rebus&phase=aktivitet"))) == []
    by_key = _keys(_text(anna.get("/cases?sort=key")))
    assert by_key == sorted(by_key)
    overdue = _text(anna.get("/cases?overdue=1"))
    assert "ärenden" in overdue and all(k.startswith(("R-", "V-")) for k in _keys(overdue))
    none = _text(anna.get("/cases?q=zz"))
    assert "Inga ärenden stämmer med det du valde." in none


def test_the_inbox_is_grouped_and_filtered(ctx: Context, anna: Browser) -> None:
    _many(ctx)
    page = _text(anna.get("/inbox"))
    for heading in ("Försenat", "I dag", "Resten av veckan", "Senare"):
        assert f'">{heading} <span class="count">' in page or heading in page
    total = int(re.search(r'id="count-overdue">(\d+)<', page).group(1))  # type: ignore[union-attr]
    assert total > 15 and page.count("card-title") <= 4 * 15  # a section shows 15 at first
    assert f"Visa alla {total} under försenat" in page
    everything = _text(anna.get("/inbox?show=overdue"))
    assert everything.count('class="inbox-section inbox-overdue"') == 1
    only = _text(anna.get("/inbox?programme=vasteras"))
    assert "R-0" not in only and "V-0" in only
    one = _text(anna.get("/inbox?q=R-07"))
    keys = set(re.findall(r'<span class="key">([^<]+)</span>', one))
    assert keys == {"R-07"}
