"""Who may see and do what in the web application, through its real HTTP interface.

The application runs on a real database (SQLite and PostgreSQL) with a fixed clock;
the client is Starlette's TestClient, keeping cookies like a browser.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlalchemy import text
from sqlmodel import select
from web_helpers import ENROLLED_ON, PASSWORD, Browser, account, web_app

from engine.service.people.accounts import LOCK_MINUTES, MAX_FAILED_SIGN_INS, set_disabled
from engine.service.shared.context import Context
from engine.store.account_tables import AccessLogRow
from engine.store.tables import FollowUpRow


@pytest.fixture
def two_caseloads(ctx: Context, clock: MovableClock) -> dict[str, int]:
    """anna's case of P-1 and bertil's of P-2 in REBUS, enrolled 10 January 2024."""
    clock.set_day(ENROLLED_ON + timedelta(days=20))
    account(ctx, "anna", display_name="Anna Åkesson")
    account(ctx, "bertil")
    anna = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON, municipality="Hagfors")
    bertil = enrol_person(ctx, "rebus", "P-2", ENROLLED_ON, municipality="Forshaga",
                          coordinator="bertil")
    return {"anna": anna.case_id, "bertil": bertil.case_id}


def test_a_coordinator_signs_in_and_sees_her_inbox_in_plain_swedish(
        ctx: Context, two_caseloads: dict[str, int]) -> None:
    browser = Browser(web_app(ctx))
    assert browser.get("/inbox").url.path == "/login"  # not signed in: the sign-in page
    signed = browser.sign_in("anna")
    assert signed.status_code == 303 and signed.headers["location"] == "/inbox"
    page = browser.get("/inbox")
    assert page.status_code == 200
    assert '<html lang="sv">' in page.text
    assert "Registrering i SUS" in page.text            # the obligation's name
    assert "P-1" in page.text and "Projekt REBUS" in page.text
    assert f'href="/cases/{two_caseloads["anna"]}#o-task-sus-registrering"' in page.text
    assert "P-2" not in page.text                        # bertil's participant
    assert "task:" not in page.text.replace('value="task:', "")  # no raw ids as text


def test_another_coordinators_case_answers_404_exactly_like_a_missing_one(
        ctx: Context, two_caseloads: dict[str, int]) -> None:
    browser = Browser(web_app(ctx))
    browser.sign_in("anna")
    assert browser.get(f"/cases/{two_caseloads['anna']}").status_code == 200
    theirs = browser.get(f"/cases/{two_caseloads['bertil']}")
    missing = browser.get("/cases/999")
    assert theirs.status_code == missing.status_code == 404
    same = theirs.text.replace(f"/cases/{two_caseloads['bertil']}", "/cases/N")
    assert same == missing.text.replace("/cases/999", "/cases/N")
    assert "P-2" not in theirs.text
    # Nor can she change it: the action answers 404 and nothing is stored.
    changed = browser.post(f"/cases/{two_caseloads['bertil']}/follow-up",
                           {"held_on": "2024-01-30", "step_movement": "yes",
                            "attendees": ["deltagare"]})
    assert changed.status_code == 404
    with ctx.transaction() as session:
        assert session.exec(select(FollowUpRow)).all() == []


def test_readers_see_figures_and_never_a_case(ctx: Context,
                                              two_caseloads: dict[str, int]) -> None:
    account(ctx, "styrgrupp", "reader", programme="rebus")
    browser = Browser(web_app(ctx))
    assert browser.sign_in("styrgrupp").headers["location"] == "/board"
    board = browser.get("/board")
    assert board.status_code == 200 and "Pågår nu" in board.text
    assert "P-1" not in board.text and "P-2" not in board.text
    assert browser.get(f"/cases/{two_caseloads['anna']}").status_code == 404
    assert browser.get("/inbox").status_code == 403
    assert browser.get("/api/inbox").status_code == 403


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
        ctx: Context, two_caseloads: dict[str, int]) -> None:
    browser = Browser(web_app(ctx))
    browser.sign_in("anna")
    case = two_caseloads["anna"]
    browser.get(f"/cases/{case}")
    form = {"held_on": "2024-01-30", "step_movement": "yes", "attendees": ["deltagare"]}
    assert browser.post(f"/cases/{case}/follow-up", form, token=False).status_code == 403
    forged = browser.post(f"/cases/{case}/follow-up", {**form, "csrf-token": "forged"})
    assert forged.status_code == 403 and "Formuläret har gått ut" in forged.text
    bare = browser.client.post(f"/cases/{case}/complete")  # no body at all
    assert bare.status_code == 403
    with ctx.transaction() as session:
        assert session.exec(select(FollowUpRow)).all() == []
    # htmx sends the token in a header instead: accepted.
    by_header = browser.client.post(f"/cases/{case}/complete",
                                    data={"key": "task:startenkat", "back": "inbox"},
                                    headers={"X-CSRF-Token": browser.token, "HX-Request": "true"})
    assert by_header.status_code == 200 and "är markerad som klar" in by_header.text


def test_the_sign_in_form_itself_needs_the_token(ctx: Context,
                                                 two_caseloads: dict[str, int]) -> None:
    browser = Browser(web_app(ctx))
    refused = browser.post("/login", {"name": "anna", "password": PASSWORD}, token=False)
    assert refused.status_code == 403


def test_repeated_failed_sign_ins_lock_the_account_for_a_while(
        ctx: Context, clock: MovableClock, two_caseloads: dict[str, int]) -> None:
    browser = Browser(web_app(ctx))
    answers = [browser.sign_in("anna", "fel lösenord") for _ in range(MAX_FAILED_SIGN_INS)]
    assert {a.status_code for a in answers} == {401}
    locked = browser.sign_in("anna")  # the right password, now refused
    assert locked.status_code == 401
    assert locked.text.count("Inloggningen misslyckades") == 1
    # Same answer as for a name that does not exist: names cannot be probed.
    assert browser.sign_in("nobody").status_code == 401
    clock.at += timedelta(minutes=LOCK_MINUTES + 1)
    assert browser.sign_in("anna").status_code == 303


def test_a_session_ends_when_idle_too_long_or_the_account_is_disabled(
        ctx: Context, clock: MovableClock, two_caseloads: dict[str, int]) -> None:
    app = web_app(ctx, idle_minutes=30)
    browser = Browser(app)
    browser.sign_in("anna")
    clock.at += timedelta(minutes=29)
    assert browser.get("/inbox").url.path == "/inbox"
    clock.at += timedelta(minutes=31)
    ended = browser.get("/inbox")
    assert ended.url.path == "/login" and "Du har loggats ut" in ended.text
    browser.sign_in("anna")
    set_disabled(ctx, "anna", True, "admin")
    assert browser.get("/inbox").url.path == "/login"
    assert browser.sign_in("anna").status_code == 401


def test_signing_out_ends_the_session_even_for_a_copied_cookie(
        ctx: Context, two_caseloads: dict[str, int]) -> None:
    app = web_app(ctx)
    browser = Browser(app)
    browser.sign_in("anna")
    stolen = dict(browser.client.cookies)
    browser.get("/inbox")
    assert browser.post("/logout").headers["location"] == "/login"
    thief = Browser(app, cookies=stolen)
    assert thief.get("/inbox").url.path == "/login"


def test_pages_carry_a_strict_content_security_policy_and_safe_cookies(
        ctx: Context, two_caseloads: dict[str, int]) -> None:
    browser = Browser(web_app(ctx, secure_cookies=True), base_url="https://testserver")
    page = browser.get("/login")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"
    assert "<script>" not in page.text and " on" + "click=" not in page.text
    csrf_cookie = page.headers["set-cookie"].lower()
    assert "httponly" in csrf_cookie and "samesite=lax" in csrf_cookie and "secure" in csrf_cookie
    signed = browser.post("/login", {"name": "anna", "password": PASSWORD})
    session_cookie = signed.headers["set-cookie"].lower()
    assert session_cookie.startswith("stegvis_session=")
    for flag in ("httponly", "samesite=lax", "secure"):
        assert flag in session_cookie


def test_the_trusted_proxy_header_signs_in_only_from_the_proxy(
        ctx: Context, two_caseloads: dict[str, int]) -> None:
    app = web_app(ctx, trusted_header="X-Remote-User", trusted_proxies=frozenset({"10.0.0.2"}))
    proxy = Browser(app, client=("10.0.0.2", 40000))
    assert "Registrering i SUS" in proxy.get("/inbox", headers={"X-Remote-User": "anna"}).text
    unknown = proxy.get("/inbox", headers={"X-Remote-User": "mallory"})
    assert unknown.status_code == 403 and "finns inte i Stegvis" in unknown.text
    elsewhere = Browser(app, client=("192.0.2.7", 40000))  # someone faking the header
    assert elsewhere.get("/inbox", headers={"X-Remote-User": "anna"}).url.path == "/login"


def test_a_sign_in_link_page_gives_its_token_to_nobody(ctx: Context,
                                                       two_caseloads: dict[str, int]) -> None:
    from engine.service.people.sign_in_links import create_link
    token, _, _ = create_link(ctx, two_caseloads["anna"], "anna")
    page = Browser(web_app(ctx)).get(f"/in/{token}")
    assert page.status_code == 200 and page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"


def test_every_case_page_view_is_in_the_append_only_access_log(
        ctx: Context, two_caseloads: dict[str, int]) -> None:
    browser = Browser(web_app(ctx))
    browser.sign_in("anna")
    browser.get("/inbox")
    browser.get(f"/cases/{two_caseloads['anna']}")
    with ctx.transaction() as session:
        rows = session.exec(select(AccessLogRow).order_by(AccessLogRow.id)).all()  # type: ignore[arg-type]
    seen = [(r.user_name, r.case_id, r.what) for r in rows]
    assert ("anna", two_caseloads["anna"], "inkorg") in seen
    assert seen[-1] == ("anna", two_caseloads["anna"], "ärendesida")
    assert all(case != two_caseloads["bertil"] for _, case, _ in seen)
    with pytest.raises(Exception, match="append-only"), ctx.engine.begin() as connection:
        connection.execute(text("UPDATE access_log SET user_name = 'someone else'"))
    with pytest.raises(Exception, match="append-only"), ctx.engine.begin() as connection:
        connection.execute(text("DELETE FROM access_log"))


def test_english_is_a_choice_and_swedish_the_default(ctx: Context,
                                                     two_caseloads: dict[str, int]) -> None:
    browser = Browser(web_app(ctx))
    browser.sign_in("anna")
    swedish = browser.get("/inbox")
    assert "Att göra" in swedish.text and 'hreflang="en"' in swedish.text
    english = browser.get("/language/en?next=/inbox")
    assert english.url.path == "/inbox"
    assert '<html lang="en">' in english.text and "To do" in english.text
    assert "Registrering i SUS" in english.text  # programme content stays as written
    elsewhere = browser.get("/language/sv?next=https://evil.example/", follow_redirects=False)
    assert elsewhere.headers["location"] == "/"  # no redirect off the site
