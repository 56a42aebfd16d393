"""E-mail digests through a real SMTP server (aiosmtpd on 127.0.0.1), read back."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import Inbox, MovableClock, free_port
from sqlalchemy import text
from sqlmodel import select as select_rows

from engine.channels.mail import SmtpTransport
from engine.errors import InputError
from engine.service.programme.report_gaps import what_in
from engine.service.reminders.delivery import (
    MAX_ATTEMPTS,
    build_digests,
    deliver,
    outbox,
    set_contact,
)
from engine.service.reminders.digest_mail import compose
from engine.service.reminders.sweep import sweep
from engine.service.shared.context import Context
from engine.store.delivery_tables import DigestRow


def morning(ctx: Context, clock: MovableClock, day: date) -> None:
    clock.set_day(day, hour=7)
    sweep(ctx, day)
    build_digests(ctx, day)


def test_one_swedish_digest_per_coordinator_and_nothing_twice(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport]) -> None:
    inbox, transport = smtp
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-2", date(2024, 2, 1), municipality="Forshaga")
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin",
                display_name="Anna Åkesson")
    morning(ctx, clock, date(2024, 2, 8))
    assert deliver(ctx, transport).sent == 1
    (message,) = inbox.messages
    assert message["To"] == "Anna Åkesson <anna@hagfors.example>"
    assert message["Subject"] == "Stegvis: 4 att göra – 2024-02-08"
    body = message.get_content()
    assert "Hej Anna Åkesson," in body and "torsdag 8 februari 2024" in body
    assert "Snart (4)" in body
    assert "- P-1 (ärende 1) · Projekt REBUS · Enkät om välbefinnande vid start · senast " \
           "2024-02-15" in body
    # The obligation by its title, never by the engine's key (task:startenkat).
    assert "task:" not in body and "startenkat" not in body and "NYCKEL" not in body
    # The same morning again, and another delivery run: nothing new is sent.
    morning(ctx, clock, date(2024, 2, 8))
    assert deliver(ctx, transport).sent == 0 and len(inbox.messages) == 1
    morning(ctx, clock, date(2024, 2, 15))
    deliver(ctx, transport)
    assert "Förfaller i dag (4)" in inbox.messages[1].get_content()
    assert inbox.messages[1]["Message-ID"] != message["Message-ID"]


def test_escalations_go_to_the_role_of_the_programme(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport]) -> None:
    inbox, transport = smtp
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin")
    set_contact(ctx, "role", "projektsamordnare", "samordnare@klarsam.example", actor="admin",
                programme="rebus")
    morning(ctx, clock, date(2024, 2, 22))  # first sweep: overdue and escalated at once
    deliver(ctx, transport)
    by_recipient = {m["To"]: m.get_content() for m in inbox.messages}
    assert "Försenat (2)" in by_recipient["anna <anna@hagfors.example>"]
    escalated = by_recipient["Projektsamordnare <samordnare@klarsam.example>"]  # by its name
    assert "Eskalerat till dig som Projektsamordnare (2)" in escalated


def test_a_refused_send_is_retried_with_back_off_and_never_marked_sent(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport]) -> None:
    inbox, transport = smtp
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin")
    morning(ctx, clock, date(2024, 2, 8))
    inbox.refuse = True
    first = deliver(ctx, transport)
    assert (first.sent, first.failed) == (0, 1) and "451" in first.errors[0]
    (stuck,) = outbox(ctx)
    assert stuck["status"] == "pending" and stuck["attempts"] == 1
    assert deliver(ctx, transport).sent == 0  # not due again for a minute
    inbox.refuse = False
    clock.at += timedelta(minutes=2)
    assert deliver(ctx, transport).sent == 1 and len(inbox.messages) == 1
    assert outbox(ctx) == []


def test_an_unreachable_server_gives_up_visibly_after_the_last_attempt(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-2", date(2024, 2, 1), coordinator="bo")
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin")
    set_contact(ctx, "coordinator", "bo", "bo@hagfors.example", actor="admin")
    morning(ctx, clock, date(2024, 2, 8))
    nowhere = SmtpTransport("127.0.0.1", free_port(), security="none", timeout=2)
    # One failed connection ends the run: not one time-out per digest.
    first = deliver(ctx, nowhere)
    assert (first.sent, first.failed) == (0, 1)
    assert first.errors[-1] == ("the mail server cannot be reached: 1 more digest(s) left "
                                "for the next delivery run")
    assert sorted(d["attempts"] for d in outbox(ctx)) == [0, 1]
    for _ in range(2 * MAX_ATTEMPTS):
        clock.at += timedelta(days=1)
        deliver(ctx, nowhere)
    stuck = outbox(ctx)
    assert [d["status"] for d in stuck] == ["failed", "failed"]
    assert [d["attempts"] for d in stuck] == [MAX_ATTEMPTS, MAX_ATTEMPTS]
    assert all("ConnectionRefusedError" in str(d["last_error"]) for d in stuck)


def test_a_digest_that_cannot_be_composed_fails_alone(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport]) -> None:
    inbox, transport = smtp
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    enrol_person(ctx, "vasteras", "V-1", date(2024, 2, 1), coordinator="bo")
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin")
    set_contact(ctx, "coordinator", "bo", "bo@vasteras.example", actor="admin")
    morning(ctx, clock, date(2024, 2, 8))
    with ctx.engine.begin() as connection:  # REBUS's stored definition is damaged
        connection.execute(text("UPDATE definition_versions SET source_text = 'id: [broken' "
                                "WHERE programme_id = 'rebus'"))
    done = deliver(ctx, transport)
    assert (done.sent, done.failed) == (1, 1)
    assert [m["To"] for m in inbox.messages] == ["bo <bo@vasteras.example>"]
    (stuck,) = outbox(ctx)
    assert stuck["recipient"] == "anna" and stuck["status"] == "pending"
    assert str(stuck["last_error"]).startswith("cannot compose the e-mail:")


def test_notices_without_an_address_wait_and_contacts_are_checked(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    clock.set_day(date(2024, 2, 8))
    sweep(ctx, date(2024, 2, 8))
    built = build_digests(ctx, date(2024, 2, 8))
    assert built.created == 0
    assert built.unaddressed == ["coordinator anna: 2 notice(s) wait for an e-mail address"]
    with pytest.raises(InputError, match="not an e-mail address"):
        set_contact(ctx, "coordinator", "anna", "anna.hagfors", actor="admin")
    with pytest.raises(InputError, match="did you mean 'projektsamordnare'"):
        set_contact(ctx, "role", "projektsamordnar", "x@y.example", actor="admin",
                    programme="rebus")
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin")
    assert build_digests(ctx, date(2024, 2, 8)).created == 1


def test_finding_due_digests_reads_the_partial_index_not_every_digest_ever_sent(
        tmp_path: Path) -> None:
    """Years of sent digests must not slow the quarter-hourly delivery runs down."""
    from datetime import UTC, datetime

    from engine.service.reminders.delivery import due_digests
    from engine.store.database import open_database

    engine = open_database(f"sqlite:///{tmp_path / 'plan.db'}")
    query = due_digests(datetime.now(UTC), 500)
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as connection:
        plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {sql}"))
    engine.dispose()
    assert "USING INDEX ix_digests_unsent" in plan, plan


def test_a_coordinator_who_reads_english_gets_the_same_digest_in_english(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport]) -> None:
    """The digest's words come from the catalogue: in English every fixed word is
    English and the day is Babel's; the programme's own names stay as the definition
    writes them; and the Swedish digest is what it was (what a delivery sends)."""
    inbox, transport = smtp
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin",
                display_name="Anna Åkesson")
    morning(ctx, clock, date(2024, 2, 8))
    with ctx.transaction(read_only=True) as session:
        digest = session.exec(select_rows(DigestRow)).one()
        english = compose(session, digest, transport.sender, "en")
    assert english["Subject"] == "Stegvis: 2 to do – 2024-02-08"
    body = english.get_content()
    assert body.startswith("Hello Anna Åkesson,\n\nThis is your summary from Stegvis for "
                           "Thursday 8 February 2024.\n\nSoon (2)\n")
    assert "- P-1 (case 1) · Projekt REBUS · Enkät om välbefinnande vid start · by " \
           "2024-02-15" in body
    assert body.endswith("(My cases).\n\nKind regards\nStegvis\n")
    assert not re.search(r"\b(Hej|Snart|ärende|senast|sammanställning|hälsning)\b", body)
    assert deliver(ctx, transport).sent == 1
    (swedish,) = inbox.messages
    assert swedish["Subject"] == "Stegvis: 2 att göra – 2024-02-08"
    assert swedish.get_content().replace("\r\n", "\n").startswith(
        "Hej Anna Åkesson,\n\nDet här är din sammanställning från Stegvis för torsdag 8 "
        "februari 2024.\n\nSnart (2)\n- P-1 (ärende 1) · Projekt REBUS · ")


def test_a_contact_recorded_as_reading_english_is_sent_its_digest_in_english(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport]) -> None:
    """``stegvis contact set … --language en`` (issue 20: English on request): the
    delivery sends that coordinator's digest in English and the others' in Swedish; a
    later change of address keeps the language; a language without a catalogue is
    refused and changes nothing."""
    inbox, transport = smtp
    clock.set_day(date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 2, 1))
    enrol_person(ctx, "rebus", "P-2", date(2024, 2, 1), coordinator="bertil")
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", actor="admin",
                display_name="Anna Åkesson", language="en")
    set_contact(ctx, "coordinator", "anna", "anna.a@hagfors.example", actor="admin")
    set_contact(ctx, "coordinator", "bertil", "bertil@hagfors.example", actor="admin")
    with pytest.raises(InputError, match="'fi' is not a language Stegvis writes"):
        set_contact(ctx, "coordinator", "bertil", "b@hagfors.example", actor="admin",
                    language="fi")
    morning(ctx, clock, date(2024, 2, 8))
    assert deliver(ctx, transport).sent == 2
    by_address = {m["To"]: m for m in inbox.messages}
    assert set(by_address) == {"Anna Åkesson <anna.a@hagfors.example>",
                               "bertil <bertil@hagfors.example>"}
    english = by_address["Anna Åkesson <anna.a@hagfors.example>"]
    assert english["Subject"] == "Stegvis: 2 to do – 2024-02-08"
    assert english.get_content().startswith("Hello Anna Åkesson,")
    assert by_address["bertil <bertil@hagfors.example>"]["Subject"] == \
        "Stegvis: 2 att göra – 2024-02-08"


def test_what_a_report_s_draft_found_missing_is_said_again_in_english() -> None:
    assert what_in("en", "avslut saknas: sista dagen var 2024-03-01") == \
        "no exit: the last day was 2024-03-01"
    assert what_in("en", "Enkät vid start (senast 2024-02-15)") == \
        "Enkät vid start (due by 2024-02-15)"
    assert what_in("sv", "kön saknas (uppgift saknas)") == "kön saknas (uppgift saknas)"
    assert what_in("en", "något en äldre version skrev") == "något en äldre version skrev"
