"""The system administrator's pages: accounts added, given roles, disabled and given
one-time passwords in the web, and the access log read by person, page and date, a
page at a time, with names people recognise.

Through the real HTTP interface on SQLite and PostgreSQL, with a fixed clock.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlalchemy import text
from web_helpers import ENROLLED_ON, PASSWORD, Browser, account, web_app

from engine.service.people.access_log import (
    AccessFilter,
    access_entries,
    access_query,
    record_access,
)
from engine.service.people.accounts import list_users
from engine.service.people.sign_in_links import create_link
from engine.service.shared.context import Context

ONE_TIME = re.compile(r'id="one-time-password">([a-z0-9-]+)<')
NEW_PASSWORD = "mitt eget långa lösenord"


@pytest.fixture
def admin(ctx: Context, clock: MovableClock) -> Browser:
    clock.set_day(ENROLLED_ON + timedelta(days=20))
    account(ctx, "admin", "system-admin", display_name="Sara Systemsson")
    browser = Browser(web_app(ctx))
    assert browser.sign_in("admin").status_code == 303
    return browser


def one_time_password(page: str) -> str:
    found = ONE_TIME.search(page)
    assert found, "the page shows no one-time password"
    return found.group(1)


def test_an_added_coordinator_signs_in_once_with_the_shown_password_and_chooses_her_own(
        ctx: Context, admin: Browser) -> None:
    form = admin.get("/system/users")
    assert "Lägg upp ett konto" in form.text
    added = admin.post("/system/users", {"name": "cecilia", "display_name": "Cecilia Ek",
                                         "role": "coordinator", "programme": "",
                                         "email": "cecilia@example.se", "phone": ""})
    assert added.status_code == 200 and added.headers["cache-control"] == "no-store"
    assert "Kontot Cecilia Ek är upplagt" in added.text
    password = one_time_password(added.text)
    assert len(password) == 19  # four groups of four
    # Shown once: not on the list, nor on the account's page.
    assert password not in admin.get("/system/users").text
    assert "Väntar på eget lösenord" in admin.get("/system/users/cecilia").text

    cecilia = Browser(web_app(ctx))
    assert cecilia.sign_in("cecilia", password).status_code == 303
    # No page opens before she has chosen her own password.
    assert cecilia.get("/inbox").url.path == "/password"
    assert "Du loggade in med ett engångslösenord" in cecilia.get("/password").text
    differ = cecilia.post("/password", {"password": NEW_PASSWORD, "again": "något annat"})
    assert differ.status_code == 422 and "De två lösenorden är olika" in differ.text
    short = cecilia.post("/password", {"password": "kort", "again": "kort"})
    assert short.status_code == 422 and "minst 10 tecken" in short.text
    chosen = cecilia.post("/password", {"password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert chosen.status_code == 303 and chosen.headers["location"] == "/inbox"
    inbox = cecilia.get("/inbox")
    assert inbox.url.path == "/inbox" and "Ditt nya lösenord är sparat." in inbox.text
    # The one-time password works no more; her own does.
    assert Browser(web_app(ctx)).sign_in("cecilia", password).status_code == 401
    assert Browser(web_app(ctx)).sign_in("cecilia", NEW_PASSWORD).status_code == 303
    assert [u["one_time"] for u in list_users(ctx) if u["name"] == "cecilia"] == [False]


def test_a_refused_account_says_why_in_one_line_and_keeps_what_was_typed(
        ctx: Context, admin: Browser) -> None:
    account(ctx, "anna")
    cases = (({"name": "anna b", "role": "coordinator"}, "inga mellanslag"),
             ({"name": "anna", "role": "coordinator"}, "Det finns redan ett konto som heter "
                                                       "anna."),
             ({"name": "bo", "role": "coordinator", "programme": "rebus"},
              "Bara en programförvaltare eller en styrgrupp kan begränsas"),
             ({"name": "bo", "role": "superuser"}, "Välj en av rollerna i listan."),
             ({"name": "bo", "role": "citizen"}, "Ett deltagarkonto hör till en deltagare"))
    for fields, message in cases:
        refused = admin.post("/system/users", {"display_name": "Bo Berg", **fields})
        assert refused.status_code == 422, fields
        problem = re.search(r'id="add-problem">([^<]*)<', refused.text)
        assert problem and message in html.unescape(problem.group(1)), refused.text
        assert 'value="Bo Berg"' in refused.text  # nothing typed is lost
        assert "one-time-password" not in refused.text
    assert sorted(u["name"] for u in list_users(ctx)) == ["admin", "anna"]


def test_a_form_without_its_csrf_token_changes_nothing(ctx: Context, admin: Browser) -> None:
    account(ctx, "anna")
    assert admin.post("/system/users", {"name": "bo", "role": "coordinator"},
                      token=False).status_code == 403
    assert admin.post("/system/users/anna/disable", token=False).status_code == 403
    assert admin.post("/system/users/anna/password", token=False).status_code == 403
    assert sorted(u["name"] for u in list_users(ctx)) == ["admin", "anna"]
    assert not [u for u in list_users(ctx) if u["disabled"]]


def test_a_new_role_ends_the_persons_sessions_and_opens_the_new_roles_pages(
        ctx: Context, admin: Browser) -> None:
    account(ctx, "anna", display_name="Anna Åkesson")
    anna = Browser(web_app(ctx))
    anna.sign_in("anna")
    assert anna.get("/inbox").url.path == "/inbox"
    page = admin.get("/system/users/anna")
    assert "Byt roll" in page.text and "Anna Åkesson" in page.text
    changed = admin.post("/system/users/anna/role", {"role": "reader", "programme": "rebus"})
    assert changed.status_code == 303
    after = admin.get(changed.headers["location"])
    assert "anna har nu rollen Styrgrupp/styrelse." in after.text
    assert "Styrgrupp/styrelse, Projekt REBUS" in after.text
    assert anna.get("/inbox").url.path == "/login"  # signed out
    anna.sign_in("anna")
    assert anna.get("/board").url.path.startswith("/board")
    # Nobody changes their own role (the last system administrator would lock all out).
    admin.post("/system/users/admin/role", {"role": "coordinator", "programme": ""})
    assert "Du kan inte byta roll på ditt eget konto" in admin.get("/system/users/admin").text
    assert [u["role"] for u in list_users(ctx) if u["name"] == "admin"] == ["system-admin"]


def test_a_reset_password_is_shown_once_and_the_old_one_stops_working(
        ctx: Context, admin: Browser) -> None:
    account(ctx, "anna")
    anna = Browser(web_app(ctx))
    anna.sign_in("anna")
    reset = admin.post("/system/users/anna/password")
    assert reset.status_code == 200 and "Nytt lösenord för anna" in reset.text
    password = one_time_password(reset.text)
    assert anna.get("/inbox").url.path == "/login"  # her sessions ended
    assert Browser(web_app(ctx)).sign_in("anna", PASSWORD).status_code == 401
    again = Browser(web_app(ctx))
    assert again.sign_in("anna", password).status_code == 303
    assert again.get("/cases").url.path == "/password"
    # Disabled, then enabled again.
    admin.post("/system/users/anna/disable")
    assert "Avstängt" in admin.get("/system/users/anna").text
    assert again.get("/password").url.path == "/login"
    admin.post("/system/users/anna/enable")
    assert "Väntar på eget lösenord" in admin.get("/system/users/anna").text


def test_the_access_log_names_people_and_participant_links_and_filters_and_pages(
        ctx: Context, clock: MovableClock, admin: Browser) -> None:
    account(ctx, "anna", display_name="Anna Åkesson")
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    _, _, link = create_link(ctx, case, "anna")
    day = ctx.today()
    record_access(ctx, "anna", "coordinator", "ärendesida", [case], "rebus")
    record_access(ctx, f"link:{link.id}", "citizen", "egen plan", [case])
    record_access(ctx, "styrgrupp", "reader", "rapportarkiv", [None],
                  "rebus: arsrapport-2023.pdf (version 1)")
    clock.set_day(day + timedelta(days=1))
    for number in range(60):
        record_access(ctx, "anna", "coordinator", "inkorg", [number + 100])
    admin.sign_in("admin")  # a day later: signed in again
    page = admin.get("/system/access-log")
    assert page.status_code == 200
    assert "Anna Åkesson" in page.text and "link:" not in page.text.replace(
        'value="link:"', "")
    assert page.text.count("<tr>") == 1 + 50  # a page of 50 under the heading row
    older = re.search(r'href="(/system/access-log\?older=\d+)"', page.text)
    assert older
    rest = admin.get(html.unescape(older.group(1)))
    assert rest.text.count("<tr>") == 1 + 13  # the other 10 of the inbox, and day one's 3
    assert "deltagarlänk" in rest.text and "Deltagarens plan" in rest.text
    assert "Projekt REBUS" in rest.text  # the case page's programme by its name
    assert "Projekt REBUS: arsrapport-2023.pdf (version 1)" in rest.text
    assert "rebus:" not in rest.text
    # By person: the participant links alone.
    links = admin.get("/system/access-log?user=link%3A")
    assert links.text.count("<tr>") == 2 and "deltagarlänk" in links.text
    # By page, and by a date range (Stockholm days).
    case_pages = admin.get("/system/access-log?what=%C3%A4rendesida")
    assert case_pages.text.count("<tr>") == 2 and "Ärendesidan" in case_pages.text
    first_day = admin.get(f"/system/access-log?since={day}&until={day}")
    assert first_day.text.count("<tr>") == 4
    assert admin.get(f"/system/access-log?since={day + timedelta(days=2)}").text.count(
        "<tr>") == 0
    reversed_range = admin.get(f"/system/access-log?since={day}&until={day - timedelta(1)}")
    assert reversed_range.status_code == 422 and "är efter till-dagen" in reversed_range.text
    assert admin.get("/system/access-log?since=igår").status_code == 422
    # The filter is kept on the next page's link.
    inbox = admin.get("/system/access-log?what=inkorg&user=anna")
    assert re.search(r'href="/system/access-log\?user=anna&amp;what=inkorg&amp;older=\d+"',
                     inbox.text)
    # English on request.
    admin.get("/language/en?next=/")
    english = html.unescape(admin.get("/system/access-log?user=link%3A").text)
    assert "participant link" in english and "The participant's plan" in english


def test_every_filter_of_the_access_log_reads_an_index_in_order_not_a_sort_of_the_log(
        ctx: Context) -> None:
    """A large log stays fast: each way the page reads the log is an index range in the
    page's order (SQLite's plan says so; without migration 0021's indexes the date range
    and the page filter sort the whole log)."""
    if ctx.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's EXPLAIN QUERY PLAN names the index and any sort")
    from sqlalchemy.dialects import sqlite
    day = ctx.today()
    for which in (AccessFilter(), AccessFilter(user="anna"), AccessFilter(user="link:"),
                  AccessFilter(what="inkorg"), AccessFilter(from_on=day, to_on=day),
                  AccessFilter(case_id=3), AccessFilter(user="anna", from_on=day),
                  AccessFilter(older_than=7)):
        older_at = ctx.now() if which.older_than else None
        statement = access_query(which, older_at).compile(
            dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
        with ctx.engine.connect() as connection:
            plan = " | ".join(str(row[-1]) for row in connection.execute(
                text(f"EXPLAIN QUERY PLAN {statement}")))
        assert "access_log USING" in plan and "INDEX" in plan, (which, plan)
        # One case's views, and the links' (a range of names), are sorted: only theirs.
        if which.case_id is None and which.user != "link:":
            assert "TEMP B-TREE" not in plan, (which, plan)
    assert access_entries(ctx, AccessFilter()) == []
