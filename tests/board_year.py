"""What the simulated year (tests/test_simulated_year.py) checks of the board's mail.

For a programme whose report and evaluation roles have addresses: each draft reaches
the report's author the set number of working days before the due date, with what is
missing; each report reaches its recipients on its due date; the evaluation's steps
reach their roles in September–October; the evaluation and the draft decision proposal
reach the official before the decision meeting, and the board hears of the late steps.
Each such e-mail arrives exactly once, with a valid PDF of the right period.
"""

from __future__ import annotations

import io
import subprocess
from collections import Counter
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

from conftest import Inbox
from digest_reading import is_digest
from sqlalchemy import text

from engine.clock import STOCKHOLM
from engine.definitions.spec import ProgrammeSpec
from engine.reports import formatting
from engine.rules.programme_calendar import programme_calendar
from engine.service.programme.evaluation import meeting_dates
from engine.service.reminders.delivery import set_contact
from engine.service.shared.context import Context

BOARD_PROGRAMMES = ("rebus", "vasteras")
_PRODUCING = ("report_draft", "report", "evaluation_start", "evaluation_deadline")


def board_roles(spec: ProgrammeSpec) -> set[str]:
    """The roles reports and evaluations go to: authors, recipients, steps, the body."""
    roles: set[str] = set()
    for report in spec.reports:
        roles |= {r for r in (report.author, *report.recipients) if r}
    for evaluation in spec.evaluations:
        roles |= {s.by for s in evaluation.steps}
        roles |= {m.body for m in spec.meetings if m.id == evaluation.decision_meeting}
    return roles


def board_contacts(ctx: Context, spec: ProgrammeSpec) -> None:
    """An address for each of the board's roles, ``role@programme.example``."""
    for role in sorted(board_roles(spec)):
        set_contact(ctx, "role", role, f"{role}@{spec.id}.example", actor="admin",
                    programme=spec.id)


def _local_day(value: object) -> date:
    """The day in Sweden of a stored instant (UTC; SQLite gives it as text)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(STOCKHOLM).date()


def _pdf_text(data: bytes, folder: Path) -> str:
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    path = folder / "attachment.pdf"
    path.write_bytes(data)
    shown = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    return " ".join(shown.split())  # words as read, wherever a line broke


def _files(message: EmailMessage) -> dict[str, bytes]:
    out = {}
    for part in message.iter_attachments():
        data = part.get_payload(decode=True)
        assert isinstance(data, bytes)
        out[str(part.get_filename())] = data
    return out


def _body(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def check_board_mail(ctx: Context, spec: ProgrammeSpec, inbox: Inbox, first: date,
                     last: date, folder: Path) -> None:
    """Every check of the module docstring for ``spec`` over [first, last]."""
    from docx import Document

    by_id = {str(m["Message-ID"]): m for m in inbox.messages}
    arrived = Counter(str(m["Message-ID"]) for m in inbox.messages)
    with ctx.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT a.subject, a.kind, a.period_from, a.period_to, d.recipient, d.letter, "
            "d.status, d.sent_at, d.message_id FROM digests d JOIN report_archive a "
            "ON a.id = d.archive_id WHERE a.programme_id = :p ORDER BY d.id"),
            {"p": spec.id}).all()
    sent: dict[tuple[str, str], list[tuple[str, date, EmailMessage]]] = {}
    for subject, kind, _, _, recipient, letter, status, sent_at, message_id in rows:
        assert status == "sent" and arrived[message_id] == 1, (subject, recipient)
        day = _local_day(sent_at)
        sent.setdefault((f"{subject}|{kind}", letter), []).append(
            (recipient, day, by_id[message_id]))
    events = [e for e in programme_calendar(spec, first, last) if e.kind in _PRODUCING]
    assert events, spec.id
    for event in events:
        parts = event.key.split(":")
        if event.kind in ("report_draft", "report"):
            report = next(r for r in spec.reports if r.id == parts[1])
            draft = event.kind == "report_draft"
            key = (f"report:{parts[1]}:{parts[2]}|{'draft' if draft else 'report'}",
                   "draft" if draft else "report")
            expected = {report.author} if draft else set(report.recipients)
            mails = sent[key]
            assert {r for r, _, _ in mails} == expected and len(mails) == len(expected)
            assert event.period_from and event.period_to
            span = formatting.period_span(event.period_from, event.period_to, "sv")
            for _, day, message in mails:
                assert day == event.due_on, (event.key, day)   # the day it is due
                (name, pdf), = _files(message).items()
                shown = _pdf_text(pdf, folder)
                assert span in shown, (event.key, span)
                if draft:
                    due = next(e.due_on for e in programme_calendar(
                        spec, event.due_on, last) if e.key == f"report:{parts[1]}:{parts[2]}")
                    assert report.draft_before.before(due) >= event.due_on  # working days
                    assert name.startswith("utkast-") and "Utkast – " in shown
                    assert "saknas för rapporten" in _body(message)
                else:
                    assert not name.startswith("utkast-")
        elif event.kind == "evaluation_start":
            evaluation = next(e for e in spec.evaluations if e.id == parts[1])
            mails = sent[(f"evaluation:{parts[1]}:{parts[2]}|evaluation_start",
                          "evaluation_start")]
            assert {r for r, _, _ in mails} == {s.by for s in evaluation.steps}
            assert all(day == event.due_on for _, day, _ in mails)
        else:
            evaluation = next(e for e in spec.evaluations if e.id == parts[1])
            board = next(d for d in meeting_dates(spec, evaluation.decision_meeting,
                                                  int(parts[2])) if d > event.due_on)
            (official,) = sent[(f"evaluation:{parts[1]}:{parts[2]}|evaluation", "evaluation")]
            recipient, day, message = official
            assert recipient == evaluation.steps[-1].by and day < board
            files = _files(message)
            stem = f"{spec.id}-{parts[2]}-utvardering"  # apart from the annual report
            assert sorted(files) == [f"{stem}-forslag.docx", f"{stem}-forslag.pdf",
                                     f"{stem}.pdf"]
            proposal = _pdf_text(files[f"{stem}-forslag.pdf"], folder)
            assert "Förslag till beslut" in proposal and "Bilagor" in proposal
            headings = [p.text for p in Document(io.BytesIO(
                files[f"{stem}-forslag.docx"])).paragraphs]
            assert "Förvaltningens synpunkter" in headings
            assert "Prognos för helåret" in _pdf_text(files[f"{stem}.pdf"], folder)
            # Nobody marks a step done in this year: the board is told before it meets.
            (flag,) = sent[(f"evaluation:{parts[1]}:{parts[2]}|evaluation", "flag")]
            assert flag[0] == next(m.body for m in spec.meetings
                                   if m.id == evaluation.decision_meeting) and flag[1] < board
            # The steps reached their roles as obligations in September–October.
            for step in evaluation.steps:
                if step.due[0] > 10:
                    continue
                seen = [m for m in inbox.messages if is_digest(m)
                        and f"{step.by}@{spec.id}.example" in str(m["To"])
                        and step.name in _body(m)]
                months = {date.fromisoformat(str(m["Subject"])[-10:]).month for m in seen}
                assert months and months <= {9, 10, 11}, (step.id, months)
                assert months & {9, 10}, step.id
