"""Every web route, found by walking the application, answers hostile values without a 5xx.

The routes and their form and query fields are read from the FastAPI application
itself, so a page added tomorrow (an import, an editor, a survey form) is in this test
without anyone adding it.  Each field gets values people have typed where they did not
belong: ``²`` and Arabic-Indic digits, ids beyond SQLite's integer, dates past 9999,
``NaN``, a personnummer written every way, control characters, formula prefixes.  The
requests come from each role in turn, signed in through the form.

Beside it: a failure writes one line (no traceback), and a sign-in link is built from
the configured address, never from the request's Host header.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from fastapi.routing import APIRoute
from web_helpers import Browser, account, web_app

from engine.errors import InputError
from engine.http.web.settings import WebSettings
from engine.service.shared.context import Context

HOSTILE = ["²", "١٢", "99999999999999999999", "-1", "0", "1e999", "NaN", "9999-12-31",
           "2024-02-30", "０１", "901224-35 73", "1990 12 24 3573", "19901224\u22123573",
           "Anna\r\nx", "\x1b[2J", "\u202e", "=HYPERLINK(\"x\")", "+1+cmd|x", "x" * 300,
           "../../etc/passwd", "' OR 1=1 --", "<script>alert(1)</script>", ""]
ROLES = {"anna": "coordinator", "forvaltare": "programme-admin", "styrgrupp": "reader",
         "admin": "system-admin"}


def _routes(app: Any) -> list[APIRoute]:
    found: list[APIRoute] = []

    def walk(routes: Any) -> None:
        for route in routes:
            if hasattr(route, "original_router"):
                walk(route.original_router.routes)
            elif isinstance(route, APIRoute):
                found.append(route)
    walk(app.routes)
    return found


def _app_for_listing() -> Any:
    from engine.http.web import create_app
    return create_app(Context(None, lambda: None),  # type: ignore[arg-type]
                      WebSettings(secret_key="x" * 40))


ROUTES = [(method, route) for route in _routes(_app_for_listing())
          for method in sorted(route.methods) if method in ("GET", "POST")]


@pytest.fixture
def signed_in(ctx: Context, clock: MovableClock) -> tuple[dict[str, Browser], dict[str, str]]:
    """A browser signed in for each role, and real values for the path parameters."""
    clock.set_day(date(2024, 3, 8))
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 10), municipality="Hagfors")
    for name, role in ROLES.items():
        account(ctx, name, role)
    app = web_app(ctx)
    browsers = {}
    for name in ROLES:
        browser = Browser(app)
        browser.sign_in(name)
        browsers[name] = browser
    browsers["nobody"] = Browser(app)
    path = {"case_id": str(case.case_id), "programme": "rebus", "programme_id": "rebus",
            "link_id": "1", "request_id": "1", "task_id": "1", "archive_id": "1",
            "name": "anna", "change": "unlock", "code": "sv", "token": "x" * 43}
    return browsers, path


def _fields(route: APIRoute) -> list[str]:
    dependant = route.dependant
    return [p.alias for p in [*dependant.query_params, *dependant.body_params]]


def _role(path: str) -> str:
    """Who the route is for (the others are refused before any field is read)."""
    for prefix, name in (("/admin", "forvaltare"), ("/system", "admin"),
                         ("/board", "styrgrupp"), ("/login", "nobody"), ("/in/", "nobody")):
        if path.startswith(prefix):
            return name
    return "anna"


@pytest.mark.parametrize(("method", "route"), ROUTES,
                         ids=[f"{m} {r.path}" for m, r in ROUTES])
def test_every_route_answers_hostile_values_without_a_server_error(
        signed_in: tuple[dict[str, Browser], dict[str, str]], method: str,
        route: APIRoute) -> None:
    """Each field gets every hostile value once (in a rotation across the fields, so
    each request mixes them), as the role the route is for, and once as nobody."""
    browsers, path = signed_in
    fields = _fields(route)
    for turn in range(len(HOSTILE)):
        url = route.path
        for index, name in enumerate(route.param_convertors):
            odd = ["99999999999999999999", "²", "0", "-1"]
            value = odd[turn % 4] if turn % 5 == index % 5 else path.get(name, "x")
            url = url.replace("{" + name + "}", value)
        values = {field: HOSTILE[(turn + index) % len(HOSTILE)]
                  for index, field in enumerate(fields)}
        who = "nobody" if turn == len(HOSTILE) - 1 else _role(route.path)
        browser = browsers[who]
        if method == "GET":
            answer = browser.client.get(url, params=values)
        else:
            browser.get("/")  # a fresh CSRF token, as a page would carry
            answer = browser.post(url, values)
        assert answer.status_code < 500, (who, method, url, values, answer.text[:300])


def test_a_failure_writes_one_line_and_shows_the_error_page(
        ctx: Context, caplog: pytest.LogCaptureFixture) -> None:
    app = web_app(ctx)

    def boom() -> None:
        raise RuntimeError("the disk is gone\nsecond line")
    app.add_api_route("/boom", boom)
    browser = Browser(app)  # TestClient raises what the application lets escape
    with caplog.at_level(logging.INFO):
        answer = browser.client.get("/boom")
    assert answer.status_code == 500 and "Något gick fel i Stegvis." in answer.text
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in failures] == [
        "GET /boom failed: RuntimeError: the disk is gone"]
    assert not any(r.exc_info for r in caplog.records)  # no traceback beside the line


def test_a_sign_in_link_points_at_the_configured_address_whatever_the_host_header(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 8))
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 10), municipality="Hagfors")
    account(ctx, "anna")
    browser = Browser(web_app(ctx, base_url="https://stegvis.forbundet.example"))
    browser.sign_in("anna")
    browser.get(f"/cases/{case.case_id}")
    browser.client.headers["Host"] = "evil.example"
    browser.post(f"/cases/{case.case_id}/links", {"days": "30"})
    page = browser.client.get(f"/cases/{case.case_id}").text
    assert "https://stegvis.forbundet.example/in/" in page and "evil.example" not in page


def test_the_web_refuses_to_listen_beyond_this_machine_without_its_address(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.cli.web import _server
    monkeypatch.setenv("STEGVIS_HOME", str(tmp_path))
    monkeypatch.delenv("STEGVIS_WEB_BASE_URL", raising=False)
    with pytest.raises(InputError, match="set STEGVIS_WEB_BASE_URL"):
        _server("0.0.0.0:8765", f"sqlite:///{tmp_path / 'stegvis.db'}")
    monkeypatch.setenv("STEGVIS_WEB_BASE_URL", "javascript:alert(1)")
    with pytest.raises(InputError, match="is not the address people use"):
        _server("0.0.0.0:8765", f"sqlite:///{tmp_path / 'stegvis.db'}")
