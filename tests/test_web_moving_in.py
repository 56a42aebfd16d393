"""The moving-in page: an administrator uploads the spreadsheet, sees every problem by
row and column in Swedish or English, and stores all rows or none.

Through the application (TestClient) on SQLite and PostgreSQL, with the example files
of docs/moving-in.md.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest
from conftest import MovableClock
from sqlalchemy import text
from web_helpers import Browser, account, web_app

from engine.service.shared.context import Context


def _cases(ctx: Context) -> int:
    with ctx.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM cases")).scalar_one())


EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"


def _admin(ctx: Context, clock: MovableClock, **fields: str) -> Browser:
    clock.set_day(date(2024, 4, 2))
    account(ctx, "maria", role="programme-admin", **fields)
    browser = Browser(web_app(ctx))
    assert browser.sign_in("maria").status_code == 303
    return browser


def _upload(browser: Browser, name: str, data: bytes, action: str) -> object:
    page = browser.get("/admin/import")
    assert page.status_code == 200 and "<h1>" in page.text
    return browser.client.post("/admin/import", data={"csrf-token": browser.token,
                                                      "action": action},
                               files={"upload": (name, data)})


@pytest.mark.parametrize("example", ["inflyttning.xlsx", "inflyttning.csv"])
def test_the_spreadsheet_is_checked_then_stored(ctx: Context, clock: MovableClock,
                                                example: str) -> None:
    browser = _admin(ctx, clock)
    data = (EXAMPLES / example).read_bytes()
    checked = _upload(browser, example, data, "check")
    assert checked.status_code == 200  # type: ignore[attr-defined]
    assert "Alla 5 rader går att spara. Inget är sparat än." in html.unescape(
        checked.text)  # type: ignore[attr-defined]
    assert _cases(ctx) == 0
    stored = _upload(browser, example, data, "store")
    shown = html.unescape(stored.text)  # type: ignore[attr-defined]
    assert "5 deltagare sparades." in shown
    assert "Projekt REBUS: 3 inskrivna, 0 på väntelista" in shown
    assert _cases(ctx) == 5


def test_problems_are_shown_by_row_and_column_in_the_readers_language(
        ctx: Context, clock: MovableClock) -> None:
    browser = _admin(ctx, clock, programme="rebus")
    text = (EXAMPLES / "inflyttning.csv").read_text(encoding="utf-8-sig")
    data = text.replace(";Man;1979;", ";Mann;1979;").encode("utf-8")
    said = _upload(browser, "lista.csv", data, "store")
    shown = html.unescape(said.text)  # type: ignore[attr-defined]
    assert said.status_code == 422  # type: ignore[attr-defined]
    assert "Inget sparades." in shown and "Rad 3, Kön: 'Mann' är inte ett kön" in shown
    assert "Rad 5, Program: du förvaltar bara rebus" in shown  # a Västerås row
    browser.client.cookies.set("stegvis_lang", "en")
    said = _upload(browser, "lista.csv", data, "store")
    shown = html.unescape(said.text)  # type: ignore[attr-defined]
    assert "Nothing was stored." in shown and "Row 3, Kön: 'Mann' is not a gender" in shown
    assert _cases(ctx) == 0


def test_a_coordinator_cannot_move_participants_in(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 4, 2))
    account(ctx, "anna")
    browser = Browser(web_app(ctx))
    browser.sign_in("anna")
    assert browser.get("/admin/import").status_code in (403, 404)
