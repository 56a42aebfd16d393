"""What a digest carries besides its lines, read back from a real SMTP server's bytes:
RFC 3834's Auto-Submitted, quoted-printable lines of at most 76 characters (RFC 2045),
the installation's domain in Message-IDs and calendar UIDs, a role greeted by its name,
and a second digest the same day saying that it adds to the first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from case_helpers import enrol_person
from conftest import Inbox, MovableClock, free_port

from engine.channels.mail import SmtpTransport
from engine.cli.program import main
from engine.errors import InputError
from engine.service.reminders.calendar_feed import coordinator_feed
from engine.service.reminders.delivery import build_digests, deliver, set_contact
from engine.service.reminders.sweep import sweep
from engine.service.shared.context import Context


@dataclass
class RawInbox(Inbox):
    """An inbox that also keeps each message's bytes as they came over the wire."""

    raw: list[bytes] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.raw.append(envelope.original_content)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def raw_smtp() -> Iterator[tuple[RawInbox, SmtpTransport]]:
    from aiosmtpd.controller import Controller

    inbox, port = RawInbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, SmtpTransport("127.0.0.1", port, security="none",
                               sender="Stegvis <stegvis@forbundet.example>")
    controller.stop()


def _morning(ctx: Context, clock: MovableClock, day: date, hour: int = 7) -> None:
    clock.set_day(day, hour=hour)
    sweep(ctx, day)
    build_digests(ctx, day)


def test_a_digest_is_auto_submitted_with_short_lines_and_the_installations_domain(
        ctx: Context, clock: MovableClock, raw_smtp: tuple[RawInbox, SmtpTransport],
        monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, transport = raw_smtp
    monkeypatch.setenv("STEGVIS_DOMAIN", "stegvis.klarsam.example")
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin",
                display_name="Anna Åkesson-Öberg")
    _morning(ctx, clock, date(2024, 2, 8))
    assert deliver(ctx, transport).sent == 1
    (message,), (raw,) = inbox.messages, inbox.raw
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Transfer-Encoding"] == "quoted-printable"
    assert max(len(line) for line in raw.split(b"\r\n")) <= 76
    assert str(message["Message-ID"]).endswith("@stegvis.klarsam.example>")
    feed = coordinator_feed(ctx, "anna", ctx.today()).decode()
    assert "UID:case-1-task-startenkat@stegvis.klarsam.example" in feed
    monkeypatch.setenv("STEGVIS_DOMAIN", "not a domain")
    with pytest.raises(InputError, match="STEGVIS_DOMAIN='not a domain' is not a domain"):
        coordinator_feed(ctx, "anna", ctx.today())


def test_a_role_without_a_display_name_is_greeted_by_the_roles_name(
        ctx: Context, clock: MovableClock, raw_smtp: tuple[RawInbox, SmtpTransport]) -> None:
    inbox, transport = raw_smtp
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    set_contact(ctx, "role", "projektsamordnare", "samordnare@klarsam.example", actor="admin",
                programme="rebus")
    _morning(ctx, clock, date(2024, 2, 22))
    deliver(ctx, transport)
    (message,) = inbox.messages  # anna has no address: only the escalation goes out
    assert message["To"] == "Projektsamordnare <samordnare@klarsam.example>"
    assert message.get_content().splitlines()[0] == "Hej Projektsamordnare,"


def test_a_role_named_with_a_parenthesis_and_a_swedish_letter_keeps_its_address(
        ctx: Context, clock: MovableClock, raw_smtp: tuple[RawInbox, SmtpTransport]) -> None:
    # REBUS's steering group is "Styrgrupp (förbundets beredningsgrupp)": formataddr wrote
    # its To header so that a mail program read the parenthesis as a comment and found
    # no address at all.
    inbox, transport = raw_smtp
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    name = "Styrgrupp (förbundets beredningsgrupp)"
    set_contact(ctx, "role", "projektsamordnare", "styrgrupp@klarsam.example", actor="admin",
                programme="rebus", display_name=name)
    _morning(ctx, clock, date(2024, 2, 22))
    deliver(ctx, transport)
    (message,) = inbox.messages
    (recipient,) = message["To"].addresses
    assert (recipient.display_name, recipient.addr_spec) == (name, "styrgrupp@klarsam.example")
    assert message.get_content().splitlines()[0] == f"Hej {name},"


def test_a_second_digest_the_same_day_says_it_adds_to_the_first(
        ctx: Context, clock: MovableClock, raw_smtp: tuple[RawInbox, SmtpTransport]) -> None:
    inbox, transport = raw_smtp
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin")
    _morning(ctx, clock, date(2024, 2, 8))
    deliver(ctx, transport)
    clock.set_day(date(2024, 2, 8), hour=10)
    enrol_person(ctx, "rebus", "P-2", date(2024, 1, 15))  # back-dated: due soon already
    _morning(ctx, clock, date(2024, 2, 8), hour=11)
    deliver(ctx, transport)
    first, second = inbox.messages
    assert first["Subject"] == "Stegvis: 2 att göra – 2024-02-08"
    assert str(second["Subject"]).endswith("– 2024-02-08 (tillägg till dagens första)")
    assert "Det här är ett tillägg till din sammanställning" in second.get_content()


def test_a_port_that_is_no_number_is_one_line(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STEGVIS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("STEGVIS_SMTP_PORT", "smtp")
    assert main(["deliver", "--database", f"sqlite:///{tmp_path / 'db.sqlite'}",
                 "--as", "anna"]) == 1
    assert capsys.readouterr().err == ("stegvis: STEGVIS_SMTP_PORT='smtp' is not a port "
                                       "number (1–65535)\n")
