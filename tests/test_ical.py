"""The coordinator's calendar feed: valid RFC 5545 that calendar programs can follow."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from case_helpers import enrol_person
from conftest import MovableClock
from icalendar import Calendar
from test_cli_cases import REBUS, make_stegvis, ok

from engine.service.cases.operations import complete, record_follow_up
from engine.service.reminders.calendar_feed import coordinator_feed
from engine.service.shared.context import Context


def events(feed: bytes) -> dict[str, tuple[date, str]]:
    parsed = Calendar.from_ical(feed)
    return {str(e["uid"]): (e.decoded("dtstart"), str(e["summary"]))
            for e in parsed.walk("VEVENT")}


def test_feed_holds_open_obligations_and_meetings_with_stable_uids(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 1, 31))
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    feed = coordinator_feed(ctx, "anna", date(2024, 1, 31))
    assert feed.startswith(b"BEGIN:VCALENDAR\r\n") and feed.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in feed.split(b"\r\n"))
    first = events(feed)
    follow_up = f"case-{case}-follow_up-1@stegvis"
    assert first[follow_up] == (date(2024, 3, 28),
                                "Uppföljning (stegförflyttning mot uppsatta mål) 1 – P-1")
    assert first["rebus-meeting-styrgruppsmote-2024-02-13@stegvis"][0] == date(2024, 2, 13)
    alarm = next(e for e in Calendar.from_ical(feed).walk("VEVENT")
                 if str(e["uid"]) == follow_up).walk("VALARM")[0]
    assert alarm.decoded("trigger").days == -7  # the reminder, 5 working days before
    event = next(e for e in Calendar.from_ical(feed).walk("VEVENT")
                 if str(e["uid"]) == follow_up)
    # What the coordinator reads: the programme, the key and the case, never follow_up:1.
    assert str(event["description"]) == \
        f"Projekt REBUS, P-1 (ärende {case}). Markera som gjort i Stegvis."
    assert events(coordinator_feed(ctx, "anna", date(2024, 1, 31))).keys() == first.keys()

    clock.set_day(date(2024, 2, 20))
    complete(ctx, case, "task:handlingsplan", actor="anna")
    record_follow_up(ctx, case, date(2024, 2, 20), ["deltagare", "projektmedarbetare",
                                                    "anvisande_part"], "yes", actor="anna",
                     next_on=date(2024, 3, 15))
    later = events(coordinator_feed(ctx, "anna", date(2024, 2, 20)))
    assert f"case-{case}-task-handlingsplan@stegvis" not in later  # done: gone
    assert later[f"case-{case}-follow_up-2@stegvis"][0] == date(2024, 3, 15)
    assert coordinator_feed(ctx, "bo", date(2024, 2, 20)).count(b"BEGIN:VEVENT") == 0


def test_calendar_command_writes_a_feed(tmp_path: Path) -> None:
    stegvis = make_stegvis(f"sqlite:///{tmp_path / 'stegvis.db'}", tmp_path)
    ok(stegvis("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna", today="2024-01-31"))
    target = tmp_path / "anna.ics"
    out = ok(stegvis("calendar", "anna", "--output", str(target), today="2024-01-31"))
    assert f"written to {target}" in out
    assert len(events(target.read_bytes())) > 5
