"""Nothing is lost silently: settings that would drop what is written are refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from case_helpers import enrol_person
from conftest import Inbox, MovableClock
from sqlalchemy import text

from engine.channels.mail import SmtpTransport
from engine.cli.program import main
from engine.errors import InputError
from engine.service.cases.records import add_goal
from engine.service.reminders.calendar_feed import coordinator_feed
from engine.service.reminders.delivery import build_digests, deliver, set_contact
from engine.service.reminders.sweep import sweep
from engine.service.shared.context import Context


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite+pysqlite://",
                                 "sqlite:///file:x?mode=memory&uri=true"])
def test_a_database_in_memory_is_refused(url: str, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STEGVIS_DATABASE_URL", url)
    assert main(["cases", "--as", "anna"]) == 1
    err = capsys.readouterr().err
    assert "is a database in memory, which keeps nothing" in err
    assert main(["cases", "--as", "anna", "--database", url]) == 1
    assert "--database:" in capsys.readouterr().err


def test_an_empty_database_url_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: object,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STEGVIS_HOME", str(tmp_path))
    monkeypatch.setenv("STEGVIS_DATABASE_URL", "")
    assert main(["cases", "--as", "anna"]) == 1
    assert "STEGVIS_DATABASE_URL is empty" in capsys.readouterr().err
    monkeypatch.delenv("STEGVIS_DATABASE_URL")
    assert main(["cases", "--as", "anna", "--database", " "]) == 1
    assert "--database is empty" in capsys.readouterr().err


# Control characters and lengths: refused where people type, harmless where stored.

def _count(ctx: Context, table: str) -> int:
    with ctx.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


TYPED_WITH_CONTROLS: dict[str, tuple[Callable[[Context], Any], str]] = {
    "display name with CR/LF": (lambda ctx: set_contact(
        ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin",
        display_name="Anna\r\nBcc: alla@example.org"), "the display name contains a line break"),
    "e-mail address with a newline": (lambda ctx: set_contact(
        ctx, "coordinator", "anna", "anna@hagfors.example\n", actor="admin"),
        "the e-mail address contains a line break"),
    "participant key with a newline": (lambda ctx: enrol_person(
        ctx, "rebus", "P-1\nP-2", date(2024, 1, 31)), "the participant key contains a line"),
    "coordinator with an escape sequence": (lambda ctx: enrol_person(
        ctx, "rebus", "P-1", date(2024, 1, 31), coordinator="anna\x1b[2J"),
        "the coordinator's name contains a control character (U+001B)"),
}


@pytest.mark.parametrize("entry", list(TYPED_WITH_CONTROLS))
def test_control_characters_are_refused_where_people_type(ctx: Context, entry: str) -> None:
    write, message = TYPED_WITH_CONTROLS[entry]
    with pytest.raises(InputError, match=re.escape(message)):
        write(ctx)
    assert _count(ctx, "contacts") + _count(ctx, "participants") + _count(ctx, "audit_log") == 0


def test_an_invisible_direction_mark_in_who_acts_is_refused_and_a_note_may_span_lines(
        ctx: Context) -> None:
    case = enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31)).case_id
    with pytest.raises(InputError, match=re.escape("who acts (--as) contains a control "
                                                   "character (U+202E)")):
        add_goal(ctx, case, "Arbeta", actor="anna\u202egnp")
    with pytest.raises(InputError, match="the goal contains a control character"):
        add_goal(ctx, case, "Arbeta\x00", actor="anna")
    add_goal(ctx, case, "Arbeta 20 %\n- steg 1\n- steg 2", actor="anna")
    assert _count(ctx, "goals") == 1


def test_one_length_limit_before_the_database_on_both_backends(ctx: Context) -> None:
    with pytest.raises(InputError, match=r"^the coordinator's name is 10000 characters long; "
                                         r"at most 64 fit$"):
        enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31), coordinator="a" * 10_000)
    with pytest.raises(InputError, match=r"^the display name is 129 characters long; at most "
                                         r"128 fit$"):
        set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin",
                    display_name="Å" * 129)
    assert _count(ctx, "cases") + _count(ctx, "contacts") == 0


def test_a_name_stored_with_a_line_break_before_the_rule_breaks_neither_mail_nor_calendar(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport]) -> None:
    inbox, transport = smtp
    enrol_person(ctx, "rebus", "P-1", date(2024, 1, 31))
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin")
    with ctx.engine.begin() as connection:  # as an earlier version let them in
        connection.execute(text("UPDATE contacts SET display_name = 'Anna\r\nBcc: x@y.se'"))
        connection.execute(text("UPDATE participants SET key = 'P-1\nX'"))
    clock.set_day(date(2024, 2, 8))
    sweep(ctx, date(2024, 2, 8))
    build_digests(ctx, date(2024, 2, 8))
    assert deliver(ctx, transport).sent == 1
    (message,) = inbox.messages
    assert message["To"] == '"Anna  Bcc: x@y.se" <anna@hagfors.example>'
    assert "Bcc" not in message
    feed = coordinator_feed(ctx, "anna", ctx.today()).decode()
    assert "P-1 X" in feed.replace("\r\n ", "")
    named = coordinator_feed(ctx, "anna\nbo", ctx.today()).decode()  # a name as typed
    assert "X-WR-CALNAME:Stegvis – anna bo" in named
