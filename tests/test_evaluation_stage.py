"""The yearly evaluation before the board (REBUS Fas 3) and the board's decision.

From 1 September the three steps are obligations of their roles, swept into their
digests with reminders and escalation; on the completion date the evaluation report
(the year so far and a forecast) and a first decision proposal go to the executive
official, and a late step is flagged to the board before its November meeting.
"""

from __future__ import annotations

import io
import json
import subprocess
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import Inbox, MovableClock
from sqlalchemy import text

from engine.channels.mail import SmtpTransport
from engine.definitions.loading import load_programme
from engine.errors import InputError, RefusedError
from engine.service.programme.calendar_runs import run_calendar_event
from engine.service.programme.evaluation import complete_step, record_decision
from engine.service.programme.report_runs import archived_rows
from engine.service.reminders.delivery import build_digests, deliver, set_contact
from engine.service.reminders.sweep import sweep
from engine.service.shared.context import Context

START, DEADLINE = "evaluation:arlig_utvardering:2022:start", \
    "evaluation:arlig_utvardering:2022:complete"


@pytest.fixture(autouse=True)
def archive_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STEGVIS_ARCHIVE", str(tmp_path / "arkiv"))
    return tmp_path / "arkiv"


def _setup(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2022, 6, 1))
    for key, day in (("P-1", date(2022, 2, 1)), ("P-2", date(2022, 3, 1)),
                     ("P-3", date(2022, 5, 2))):
        enrol_person(ctx, "rebus", key, day)
    for role in ("projektmedarbetare", "styrgrupp", "verkstallande_tjansteman", "styrelse",
                 "projektsamordnare"):
        set_contact(ctx, "role", role, f"{role}@rebus.example", actor="admin",
                    programme="rebus")


def _run(ctx: Context, clock: MovableClock, key: str, day: date) -> object:
    clock.set_day(day, hour=7)
    return run_calendar_event(ctx, load_programme("rebus"), key, day, day)


def _morning(ctx: Context, clock: MovableClock, transport: SmtpTransport, day: date) -> None:
    clock.set_day(day, hour=6)
    sweep(ctx, day)
    build_digests(ctx, day)
    clock.set_day(day, hour=8)
    deliver(ctx, transport)


def _to(inbox: Inbox, role: str) -> list[EmailMessage]:
    return [m for m in inbox.messages if f"{role}@rebus.example" in str(m["To"])]


def _text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def test_the_steps_are_obligations_of_their_roles_with_reminders_and_escalation(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport]) -> None:
    inbox, transport = smtp
    _setup(ctx, clock)
    start = _run(ctx, clock, START, date(2022, 9, 1))
    assert start.produced.obligations == 3  # type: ignore[attr-defined]
    assert _run(ctx, clock, START, date(2022, 9, 1)).produced.outcome == "done_before"  # type: ignore[attr-defined]
    with ctx.engine.connect() as connection:
        steps = connection.execute(text(
            "SELECT key, responsible, due_on, remind_on, escalate_to FROM programme_obligations "
            "ORDER BY due_on")).all()
    # "10-15" is Saturday 15 October 2022: due the Friday before, like any due date.
    assert [(k.rsplit(":", 1)[1], r, str(d)) for k, r, d, _, _ in steps] == [
        ("prognos", "projektmedarbetare", "2022-10-14"),
        ("styrgruppsanalys", "styrgrupp", "2022-10-31"),
        ("presentation_styrelse", "verkstallande_tjansteman", "2022-11-07")]
    assert {e for *_, e in steps} == {"projektsamordnare"}
    assert deliver(ctx, transport).sent >= 3   # the evaluation's figures to the step roles

    _morning(ctx, clock, transport, date(2022, 10, 7))     # five working days ahead
    (soon,) = [m for m in _to(inbox, "projektmedarbetare") if "att göra" in str(m["Subject"])]
    assert "- Projekt REBUS · Projektmedarbetare presenterar prognos och rapporterar · " \
           "senast 2022-10-14 (registreras i Stegvis under Styrning, Projekt REBUS)" \
        in _text(soon)
    assert "stegvis " not in _text(soon)  # no command line for the programme's officials
    _morning(ctx, clock, transport, date(2022, 10, 21))    # a week overdue: escalated
    escalated = [m for m in _to(inbox, "projektsamordnare") if "att göra" in str(m["Subject"])]
    assert escalated and "Eskalerat till dig" in _text(escalated[-1])
    clock.set_day(date(2022, 10, 24))
    assert complete_step(ctx, "rebus", None, "prognos", 2022, "pia") == date(2022, 10, 14)
    with pytest.raises(RefusedError, match="already done"):
        complete_step(ctx, "rebus", None, "prognos", 2022, "pia")
    with pytest.raises(InputError, match=r"no step 'prognoss'.*did you mean 'prognos'"):
        complete_step(ctx, "rebus", None, "prognoss", 2022, "pia")


def test_the_deadline_sends_the_forecast_and_a_draft_proposal_and_flags_a_late_step(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport],
        tmp_path: Path) -> None:
    from docx import Document

    inbox, transport = smtp
    _setup(ctx, clock)
    _run(ctx, clock, START, date(2022, 9, 1))
    clock.set_day(date(2022, 10, 14))
    complete_step(ctx, "rebus", None, "prognos", 2022, "pia")  # the steering group's is not
    assert deliver(ctx, transport).sent == 3   # September's figures to the step roles
    inbox.messages.clear()
    deadline = _run(ctx, clock, DEADLINE, date(2022, 10, 31))
    produced = deadline.produced  # type: ignore[attr-defined]
    assert set(produced.mailed) == {"verkstallande_tjansteman", "styrelse"}
    assert len(produced.flags) == 1 and "Analys och beslut om åtgärder i styrgrupp" in \
        produced.flags[0]
    assert deliver(ctx, transport).sent == 2
    (official,) = _to(inbox, "verkstallande_tjansteman")
    (board,) = _to(inbox, "styrelse")
    assert "Styrelsemöte – beslut om kommande verksamhetsår 2022-11-17" in _text(board)
    assert "Analys och beslut om åtgärder i styrgrupp (Styrgrupp" in _text(board)
    files = {str(p.get_filename()): p.get_payload(decode=True)
             for p in official.iter_attachments()}
    # Named apart from the annual report of 2022 ("rebus-2022.pdf"; issue 22, finding 9).
    assert sorted(files) == ["rebus-2022-utvardering-forslag.docx",
                             "rebus-2022-utvardering-forslag.pdf", "rebus-2022-utvardering.pdf"]
    proposal = tmp_path / "forslag.pdf"
    proposal.write_bytes(files["rebus-2022-utvardering-forslag.pdf"])  # type: ignore[arg-type]
    shown = subprocess.run(["pdftotext", str(proposal), "-"], capture_output=True, text=True,
                           check=True).stdout
    headings = ["Anmälan av rapport", "Förslag till beslut",
                "Sammanfattning", "Bakgrund och sammanfattning av rapporten",
                "Förvaltningens synpunkter", "Bilagor"]
    positions = [shown.find(h) for h in headings]
    assert -1 not in positions and positions == sorted(positions), positions
    assert "Prognos för helåret 2022" in shown and "[fortsätter / förändras / avslutas] under " \
        "2023" in shown.replace("\n", " ")
    word = Document(io.BytesIO(files["rebus-2022-utvardering-forslag.docx"]))  # type: ignore[arg-type]
    paragraphs = [p.text for p in word.paragraphs]
    assert all(any(h in p for p in paragraphs) for h in headings)
    report = tmp_path / "utvardering.pdf"
    report.write_bytes(files["rebus-2022-utvardering.pdf"])  # type: ignore[arg-type]
    figures = subprocess.run(["pdftotext", "-layout", str(report), "-"], capture_output=True,
                             text=True, check=True).stdout
    assert "Prognos för helåret 2022" in figures and "Linjär framskrivning" in figures
    kinds = [(r.kind, r.version) for r in archived_rows(ctx, "rebus")]
    assert kinds == [("evaluation_start", 1), ("evaluation", 1)]


def test_the_board_decision_is_recorded_once_with_its_date_body_and_audit_entry(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2022, 11, 18))
    done = record_decision(ctx, "rebus", "styrelsemote_november", "continue",
                           "Projektet fortsätter 2023 med samma mål.", "sekreterare",
                           on=date(2022, 11, 17))
    assert (done.body, done.decision, done.evaluation_year) == ("styrelse", "continue", 2022)
    with pytest.raises(RefusedError, match="already decided to fortsätta"):
        record_decision(ctx, "rebus", "styrelsemote_november", "stop", "Nej.", "sekreterare",
                        on=date(2022, 11, 17))
    with pytest.raises(InputError, match=r"not held on 2022-11-16.*2022-11-17"):
        record_decision(ctx, "rebus", "styrelsemote_november", "stop", "Nej.", "sekreterare",
                        on=date(2022, 11, 16))
    with pytest.raises(InputError, match="'pause' is not one of continue, change, stop"):
        record_decision(ctx, "rebus", "styrelsemote_november", "pause", "Nej.", "x",
                        on=date(2022, 11, 17))
    with ctx.engine.connect() as connection:
        (actor, after), = connection.execute(text(
            "SELECT actor, after FROM audit_log WHERE action = 'board_decision'")).all()
    entry = json.loads(after) if isinstance(after, str) else after
    assert actor == "sekreterare" and entry["decision"] == "continue"
    assert entry["text"] == "Projektet fortsätter 2023 med samma mål."


def test_a_deadline_whose_start_never_ran_opens_the_steps_and_flags_the_late_ones(
        ctx: Context, clock: MovableClock) -> None:
    _setup(ctx, clock)   # `stegvis serve` started only in October, say
    deadline = _run(ctx, clock, DEADLINE, date(2022, 10, 31))
    flags = deadline.produced.flags  # type: ignore[attr-defined]
    assert len(flags) == 2
    assert "presenterar prognos" in flags[0] and "skulle vara klart 2022-10-14" in flags[0]
    assert "ska vara klart i dag 2022-10-31" in flags[1]
    with ctx.engine.connect() as connection:
        assert connection.execute(text(
            "SELECT count(*) FROM programme_obligations WHERE status = 'open'")).scalar_one() == 3
