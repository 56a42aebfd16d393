"""Calendar feeds over HTTP, as a calendar program subscribes to them.

A real feed server on a free port, a real database (SQLite and PostgreSQL), urllib as
the client and icalendar to read what it got; `stegvis calendar-url` and `stegvis
feed-serve` as commands.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from email.message import Message
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock, free_port
from icalendar import Calendar
from sqlalchemy import text
from sqlmodel import select
from test_cli_cases import REBUS, ROOT, as_json, make_stegvis, ok, refused

from engine.http.feed import FeedServer, feed_url, serving_feeds
from engine.service.cases.operations import complete
from engine.service.reminders.delivery import set_contact
from engine.service.reminders.feeds import feed_token
from engine.service.shared.context import Context
from engine.store.tables import AuditRow

ENROLLED_ON = date(2024, 1, 31)


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes


def fetch(url: str, method: str = "GET", **headers: str) -> Answer:
    """What a calendar program gets: urllib, no cache, non-2xx answers as they come."""
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, error.headers, error.read())


def uids(feed: bytes) -> dict[str, date]:
    return {str(e["uid"]): e.decoded("dtstart") for e in Calendar.from_ical(feed).walk("VEVENT")}


@pytest.fixture
def served(ctx: Context, clock: MovableClock) -> Iterator[FeedServer]:
    """Anna's contact, a case of hers and the feed server, on each database."""
    clock.set_day(ENROLLED_ON)
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin")
    with serving_feeds(ctx, f"127.0.0.1:{free_port()}") as server:
        yield server


def test_a_subscribed_calendar_gets_the_coordinators_follow_ups(
        ctx: Context, served: FeedServer) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    url = feed_url(served.url, feed_token(ctx, "anna", actor="anna"))
    answer = fetch(url)
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-cache" in answer.headers["Cache-Control"]
    assert uids(answer.body)[f"case-{case}-follow_up-1@stegvis"] == date(2024, 3, 28)
    assert uids(answer.body)["rebus-meeting-styrgruppsmote-2024-02-13@stegvis"] == \
        date(2024, 2, 13)
    assert feed_token(ctx, "anna", actor="anna") in url  # asked again: the same URL


def test_anything_but_a_current_token_is_a_plain_404(ctx: Context, served: FeedServer) -> None:
    token = feed_token(ctx, "anna", actor="anna")
    set_contact(ctx, "coordinator", "bo", "bo@hagfors.example", actor="admin")  # no token yet
    for path in (f"/calendar/{'A' * len(token)}.ics", "/calendar/None.ics", "/calendar/.ics",
                 f"/calendar/{token}", f"/calendar/{token}.ics/x", f"/{token}.ics",
                 f"/calendar/{token.upper() if token != token.upper() else token.lower()}.ics",
                 "/", "/calendar/../etc/passwd"):
        answer = fetch(served.url + path)
        assert (answer.status, answer.body) == (404, b"not found\n"), path
        assert "ETag" not in answer.headers
    assert fetch(feed_url(served.url, token) + "?x=1").status == 200  # clients add queries


def test_a_rotated_token_closes_the_old_url_and_the_log_says_so_without_it(
        ctx: Context, served: FeedServer) -> None:
    enrol_person(ctx, "rebus", "P-1", ENROLLED_ON)
    old = feed_token(ctx, "anna", actor="anna")
    new = feed_token(ctx, "anna", actor="anna", rotate=True)
    assert new != old and len(new) >= 32
    assert fetch(feed_url(served.url, old)).status == 404
    assert fetch(feed_url(served.url, new)).status == 200
    assert feed_token(ctx, "anna", actor="anna") == new
    with ctx.transaction() as session:
        logged = session.exec(select(AuditRow).where(
            AuditRow.action == "calendar_feed_token").order_by(AuditRow.id)).all()
    assert [(row.actor, row.after) for row in logged] == [
        ("anna", {"coordinator": "anna", "token": "made"}),
        ("anna", {"coordinator": "anna", "token": "rotated"})]
    assert not any(t in json.dumps([r.after for r in logged]) for t in (old, new))


def test_an_unchanged_feed_is_304_even_as_time_passes_and_head_answers_like_get(
        ctx: Context, clock: MovableClock, served: FeedServer) -> None:
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON).case_id
    url = feed_url(served.url, feed_token(ctx, "anna", actor="anna"))
    first = fetch(url)
    tag = first.headers["ETag"]
    assert tag and fetch(url, **{"If-None-Match": tag}).status == 304

    clock.at += timedelta(minutes=20)  # a new DTSTAMP, the same events
    again = fetch(url, **{"If-None-Match": f'"other", {tag}'})
    assert (again.status, again.body, again.headers["ETag"]) == (304, b"", tag)
    assert fetch(url, **{"If-None-Match": '"other"'}).status == 200

    head = fetch(url, method="HEAD")
    assert (head.status, head.body) == (200, b"")
    assert head.headers["ETag"] == tag
    assert head.headers["Content-Length"] == str(len(first.body))
    assert head.headers["Content-Type"] == "text/calendar; charset=utf-8"

    complete(ctx, case, "task:handlingsplan", actor="anna")
    changed = fetch(url, **{"If-None-Match": tag})
    assert changed.status == 200 and changed.headers["ETag"] != tag
    assert f"case-{case}-task-handlingsplan@stegvis" not in uids(changed.body)


def test_a_failing_feed_is_a_500_with_a_log_line_and_the_server_goes_on(
        ctx: Context, served: FeedServer, caplog: pytest.LogCaptureFixture) -> None:
    enrol_person(ctx, "rebus", "P-1", ENROLLED_ON)
    token = feed_token(ctx, "anna", actor="anna")
    with ctx.engine.begin() as connection:  # a stored definition no longer parses
        connection.execute(text("UPDATE definition_versions SET source_text = 'id: [broken'"))
    with caplog.at_level(logging.INFO, logger="stegvis.feed"):
        answer = fetch(feed_url(served.url, token))
        assert (answer.status, answer.body) == (500, b"internal error\n")
        assert fetch(served.url + "/").status == 404  # still answering
    failures = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failures) == 1
    assert failures[0].startswith("GET /calendar/… failed: DefinitionError: ")
    assert not any(token in r.getMessage() for r in caplog.records)


def test_calendar_url_from_the_command_line(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'stegvis.db'}"
    stegvis = make_stegvis(database, tmp_path)
    assert "coordinator 'anna' has no contact recorded; run `stegvis contact set coordinator " \
           "anna EMAIL` first" in refused(stegvis("calendar-url", "anna"))
    ok(stegvis("contact", "set", "coordinator", "anna", "anna@hagfors.example"))
    base = "https://stegvis.hagfors.example/"
    first = ok(stegvis("calendar-url", "anna", "--base-url", base)).strip()
    assert first.startswith("https://stegvis.hagfors.example/calendar/") and \
        first.endswith(".ics")
    assert ok(stegvis("calendar-url", "anna", env={"STEGVIS_FEED_BASE_URL": base})).strip() \
        == first
    token = first.rsplit("/", 1)[1].removesuffix(".ics")
    assert ok(stegvis("calendar-url", "anna")).strip() == \
        f"http://127.0.0.1:8765/calendar/{token}.ics"
    assert "not an http(s) URL" in refused(stegvis("calendar-url", "anna", "--rotate",
                                                   "--base-url", "webcal:x"))
    rotated = as_json(stegvis("calendar-url", "anna", "--rotate", "--base-url", base,
                              "--json"))
    assert rotated["rotated"] and rotated["url"] != first
    assert "the previous URL no longer works" in ok(stegvis("calendar-url", "anna", "--rotate"))


def test_feed_serve_serves_the_url_calendar_url_printed_and_stops_on_sigterm(
        tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'stegvis.db'}"
    stegvis = make_stegvis(database, tmp_path)
    ok(stegvis("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna"))
    ok(stegvis("contact", "set", "coordinator", "anna", "anna@hagfors.example"))
    address = f"127.0.0.1:{free_port()}"
    url = ok(stegvis("calendar-url", "anna", env={"STEGVIS_FEED_ADDRESS": address})).strip()
    env = {**os.environ, "STEGVIS_HOME": str(tmp_path), "STEGVIS_FEED_ADDRESS": address}
    server = subprocess.Popen(
        [sys.executable, "-c", "from engine.cli import main; raise SystemExit(main())",
         "feed-serve", "--database", database], cwd=ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert server.stdout is not None
        assert server.stdout.readline().startswith(
            f"stegvis feed-serve: calendar feeds at http://{address}/calendar/<token>.ics")
        answer = fetch(url)  # built with the real clock: which events depends on the day
        assert answer.status == 200
        assert str(Calendar.from_ical(answer.body)["x-wr-calname"]) == "Stegvis – anna"
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0, err
    assert "stegvis feed-serve: stopped" in out
    assert "GET /calendar/… HTTP/1.1\" 200" in err and url.rsplit("/", 1)[1] not in err
