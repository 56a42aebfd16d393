"""Scheduled report runs without Prefect: produced once, archived, sent with the PDF.

A real database (SQLite and PostgreSQL), a real SMTP server (aiosmtpd), the PDF read
back with pdftotext.  The calendar flow calls the same use case
(:func:`engine.service.programme.calendar_runs.run_calendar_event`).
"""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import Inbox, MovableClock
from digest_reading import section_lines
from sqlalchemy import text

from engine.channels.mail import SmtpTransport
from engine.definitions.loading import load_programme
from engine.service.cases import operations
from engine.service.programme.calendar_runs import EarlyRun, resume_unfinished, run_calendar_event
from engine.service.programme.report_runs import archived_rows
from engine.service.reminders.delivery import build_digests, deliver, set_contact
from engine.service.reminders.sweep import sweep
from engine.service.shared.context import Context

REPORT = "report:arsrapport:6"          # REBUS: 2022, due Friday 30 December 2022
DUE = date(2022, 12, 30)


@pytest.fixture(autouse=True)
def archive_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "arkiv"
    monkeypatch.setenv("STEGVIS_ARCHIVE", str(folder))
    return folder


def _rebus(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2022, 4, 1))
    enrol_person(ctx, "rebus", "P-1", date(2022, 3, 1), coordinator="anna")
    enrol_person(ctx, "rebus", "P-2", date(2022, 4, 1), coordinator="bertil",
                 gender="uppgift_saknas")
    for role, name in (("styrelse", "Styrelsen"), ("styrgrupp", "Styrgruppen"),
                       ("projektmedarbetare", "Projektmedarbetarna"),
                       ("verkstallande_tjansteman", "Vera Tjänsteman")):
        set_contact(ctx, "role", role, f"{role}@rebus.example", actor="admin",
                    programme="rebus", display_name=name)
    for who in ("anna", "bertil"):
        set_contact(ctx, "coordinator", who, f"{who}@rebus.example", actor="admin")


def _run(ctx: Context, clock: MovableClock, key: str, day: date, **options: bool
         ) -> object:
    clock.set_day(day, hour=7)
    return run_calendar_event(ctx, load_programme("rebus"), key, day, day, **options)


def _count(ctx: Context, table: str) -> int:
    with ctx.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    assert data.startswith(b"%PDF-")
    path = tmp_path / "attachment.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _attachments(message: EmailMessage) -> dict[str, bytes]:
    out = {}
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        out[str(part.get_filename())] = payload
    return out


def test_the_annual_report_is_produced_archived_and_sent_once_on_its_due_date(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport],
        archive_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, transport = smtp
    monkeypatch.setenv("STEGVIS_ARCHIVE_URL", "https://intra.forbundet.example/arkiv/")
    _rebus(ctx, clock)
    first = _run(ctx, clock, REPORT, DUE)
    produced = first.produced  # type: ignore[attr-defined]
    assert produced.outcome == "produced" and produced.version == 1
    assert set(produced.mailed) == {"styrelse", "styrgrupp"}
    for again in (_run(ctx, clock, REPORT, DUE), _run(ctx, clock, REPORT, date(2023, 1, 9))):
        assert again.produced.outcome == "done_before"  # type: ignore[attr-defined]
    (row,) = archived_rows(ctx, "rebus")
    assert (row.kind, row.version, row.period_from, row.period_to) == (
        "report", 1, date(2022, 1, 1), date(2022, 12, 31))
    names = {f["name"] for f in row.files}
    assert {"rebus-arsrapport-6.pdf", "rebus-arsrapport-6.json", "rebus-arsrapport-6.html",
            "rebus-arsrapport-6.xlsx", "rebus-arsrapport-6-finsam_participants.csv"} <= names
    for entry in row.files:  # the files on disk are the ones hashed in the row
        data = (archive_folder / row.folder / entry["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert (_count(ctx, "report_runs"), _count(ctx, "calendar_runs")) == (1, 1)

    assert deliver(ctx, transport).sent == 2
    assert deliver(ctx, transport).sent == 0
    assert sorted(str(m["To"]) for m in inbox.messages) == [
        "Styrelsen <styrelse@rebus.example>", "Styrgruppen <styrgrupp@rebus.example>"]
    for message in inbox.messages:
        assert str(message["Subject"]) == \
            "Stegvis: Projekt REBUS: Årsrapport 2022 (2022-01-01 – 2022-12-31)"
        body = message.get_body(("plain",))
        assert body is not None and "Nyckeltal" in body.get_content()
        assert "https://intra.forbundet.example/arkiv/rebus/report-arsrapport-6/report-v1/" \
               "rebus-arsrapport-6.pdf" in body.get_content()
        (name, pdf), = _attachments(message).items()
        assert name == "rebus-arsrapport-6.pdf"
        assert hashlib.sha256(pdf).hexdigest() == next(
            f["sha256"] for f in row.files if f["name"] == name)
        shown = _pdf_text(pdf, tmp_path)
        assert "Årsrapport 2022" in shown and "1 januari 2022 – 31 december 2022" in shown


def test_a_run_before_its_day_is_refused_unless_it_is_explicitly_a_draft(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport],
        tmp_path: Path) -> None:
    inbox, transport = smtp
    _rebus(ctx, clock)
    with pytest.raises(EarlyRun, match=r"is due 2022-12-30; run on 2022-12-01 it would be "
                                       r"used up 29 day\(s\) early"):
        _run(ctx, clock, REPORT, date(2022, 12, 1))
    with pytest.raises(EarlyRun, match="that day has not come"):
        clock.set_day(date(2022, 12, 1))
        run_calendar_event(ctx, load_programme("rebus"), REPORT, DUE, date(2022, 12, 1))
    assert [_count(ctx, t) for t in ("report_runs", "report_archive", "calendar_runs")] == \
        [0, 0, 0]
    draft = _run(ctx, clock, REPORT, date(2022, 12, 1), draft=True)
    assert draft.produced.outcome == "produced"  # type: ignore[attr-defined]
    assert draft.produced.mailed == ("projektmedarbetare",)  # type: ignore[attr-defined]
    assert _count(ctx, "calendar_runs") == 0   # the event itself waits for its day
    assert deliver(ctx, transport).sent == 1
    (message,) = inbox.messages
    assert str(message["Subject"]).startswith("Stegvis: Utkast: Årsrapport 2022")
    (name, pdf), = _attachments(message).items()
    assert name == "utkast-rebus-arsrapport-6.pdf"
    assert "Utkast – Årsrapport 2022" in _pdf_text(pdf, tmp_path)
    assert _run(ctx, clock, REPORT, DUE).produced.outcome == "produced"  # type: ignore[attr-defined]


def test_the_draft_lists_what_is_missing_and_the_coordinators_see_their_cases(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport]) -> None:
    inbox, transport = smtp
    _rebus(ctx, clock)
    spec = load_programme("rebus")
    draft_day = next(e.due_on for e in __import__(
        "engine.rules.programme_calendar", fromlist=["programme_calendar"]).programme_calendar(
        spec, date(2022, 12, 1), DUE) if e.key == "report_draft:arsrapport:6")
    assert draft_day == date(2022, 12, 15)   # ten working days before Friday 30 December
    run = _run(ctx, clock, "report_draft:arsrapport:6", draft_day)
    produced = run.produced  # type: ignore[attr-defined]
    assert produced.mailed == ("projektmedarbetare",) and produced.gaps > 4
    assert deliver(ctx, transport).sent == 1
    body = inbox.messages[0].get_body(("plain",))
    assert body is not None
    letter = body.get_content()
    assert "Kön saknas: 1" in letter and "Registreringar och uppgifter som är försenade: 4" \
        in letter and "Per samordnare: anna" in letter

    clock.set_day(date(2022, 12, 16), hour=6)   # the next morning's sweep and digests
    sweep(ctx, date(2022, 12, 16))
    build_digests(ctx, date(2022, 12, 16))
    clock.set_day(date(2022, 12, 16), hour=7)
    deliver(ctx, transport)
    digests = {str(m["To"]).split("<")[-1].rstrip(">"): m for m in inbox.messages[1:]}
    anna = section_lines(digests["anna@rebus.example"], "Saknas till rapporter")
    bertil = section_lines(digests["bertil@rebus.example"], "Saknas till rapporter")
    assert "- P-1 · Projekt REBUS · Registrering i SUS (senast 2022-03-15) · behövs till " \
           "Årsrapport 2022 (2022-01-01 – 2022-12-31) (klar 2022-12-30)" in anna
    assert any("P-2 · Projekt REBUS · kön saknas" in line for line in bertil)
    assert not any("P-2" in line for line in anna)   # each sees only their own cases
    for line in anna + bertil:  # plain Swedish: no keys such as task:…
        assert "task:" not in line and "report:" not in line and "ärende" not in line


def test_a_corrected_report_issued_again_is_a_new_version_with_its_own_hash(
        ctx: Context, clock: MovableClock) -> None:
    _rebus(ctx, clock)
    _run(ctx, clock, REPORT, DUE)
    unchanged = _run(ctx, clock, REPORT, DUE, again=True)
    assert unchanged.produced.outcome == "unchanged"  # type: ignore[attr-defined]
    with ctx.engine.connect() as connection:
        case = connection.execute(text("SELECT min(id) FROM cases")).scalar_one()
    operations.exit_case(ctx, case, "avbrott", actor="anna", on=date(2022, 12, 20))
    corrected = _run(ctx, clock, REPORT, DUE, again=True)
    assert corrected.produced.version == 2  # type: ignore[attr-defined]
    first, second = archived_rows(ctx, "rebus")
    assert (first.version, second.version) == (1, 2)
    assert first.content_hash != second.content_hash and first.folder != second.folder


def test_a_run_that_died_while_rendering_is_taken_over_once_its_claim_runs_out(
        ctx: Context, clock: MovableClock, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.service.programme import report_documents

    _rebus(ctx, clock)
    real = report_documents.all_files

    def dies(report: object) -> dict[str, bytes]:
        raise MemoryError("killed while rendering")

    monkeypatch.setattr(report_documents, "all_files", dies)
    with pytest.raises(MemoryError):
        _run(ctx, clock, REPORT, DUE)
    monkeypatch.setattr(report_documents, "all_files", real)
    # A second worker while the claim holds: nothing.
    assert _run(ctx, clock, REPORT, DUE).produced.outcome == "in_progress"  # type: ignore[attr-defined]
    assert _count(ctx, "report_archive") == 0 and resume_unfinished(ctx, DUE) == []
    clock.set_day(DUE, hour=8)  # the claim (15 minutes) has run out
    (resumed,) = resume_unfinished(ctx, DUE)
    assert resumed.produced is not None and resumed.produced.outcome == "produced"
    assert resume_unfinished(ctx, DUE) == []
    assert (_count(ctx, "report_archive"), _count(ctx, "digests")) == (1, 2)
    with ctx.engine.connect() as connection:
        assert connection.execute(text("SELECT status, attempts FROM report_runs")).one() \
            == ("done", 2)


SWEDISH_ANNUAL_REPORT = """Hej Styrelsen,

Här är Årsrapport 2022 (2022-01-01 – 2022-12-31) för Projekt REBUS, 1 januari 2022 – \
31 december 2022 (läget 30 december 2022). Rapporten är bifogad som PDF.

Nyckeltal
- Aktiva vid periodens början: 0
- Inskrivna under perioden: <5
- Avslutade under perioden: 0
- Aktiva vid periodens slut: <5
- Aktiva någon gång under perioden: <5
- På väntelistan: 0

Mål
- 80 % har gjort en stegförflyttning mätt mot uppsatta delmål vid avslut: – (För lite underlag)
- 30 % har nått målet arbete eller studier vid avslut: – (För lite underlag)
- 80 % uppger upplevt ökat välbefinnande (enkätsvar): – (För lite underlag)
- Samverkansparter uppger upplevt positiv och ökad effekt av samverkan: – (Kvalitativt mål)

I arkivet:
- rebus-arsrapport-6.pdf: https://intra.forbundet.example/arkiv/rebus/report-arsrapport-6/\
report-v1/rebus-arsrapport-6.pdf

Arkiverad som version 1, kontrollsumma för siffrorna (SHA-256) {hash}…

Med vänlig hälsning
Stegvis
"""


def test_a_role_that_reads_english_gets_the_report_and_the_draft_in_english(
        ctx: Context, clock: MovableClock, smtp: tuple[Inbox, SmtpTransport],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 20: the role contact's language (``stegvis contact set role … --language en``)
    writes its report e-mail; a role without one still reads it in Swedish, as before."""
    inbox, transport = smtp
    monkeypatch.setenv("STEGVIS_ARCHIVE_URL", "https://intra.forbundet.example/arkiv/")
    _rebus(ctx, clock)
    for role, name in (("styrgrupp", "Styrgruppen"), ("projektmedarbetare", "Team")):
        set_contact(ctx, "role", role, f"{role}@rebus.example", actor="admin",
                    programme="rebus", display_name=name, language="en")
    _run(ctx, clock, "report_draft:arsrapport:6", date(2022, 12, 15))
    _run(ctx, clock, REPORT, DUE)
    assert deliver(ctx, transport).sent == 3
    mails = {str(m["To"]).split("<")[-1].rstrip(">"): m for m in inbox.messages}

    def body(to: str) -> str:
        part = mails[f"{to}@rebus.example"].get_body(("plain",))
        assert part is not None
        return str(part.get_content()).replace("\r\n", "\n")  # as SMTP carried it

    draft = body("projektmedarbetare")
    assert str(mails["projektmedarbetare@rebus.example"]["Subject"]) == \
        "Stegvis: Draft: Årsrapport 2022 (2022-01-01 – 2022-12-31) – Projekt REBUS " \
        "(due 2022-12-30)"
    assert draft.startswith(
        "Hello Team,\n\nHere is a draft of Årsrapport 2022 (2022-01-01 – 2022-12-31) for "
        "Projekt REBUS (1 January 2022 – 31 December 2022, figures as of 15 December 2022). "
        "The report is due on 2022-12-30; the draft is attached as a PDF.\n")
    assert "- Gender missing: 1\n" in draft and \
        "- Registrations and tasks that are overdue: 4\n" in draft
    assert "By coordinator: anna " in draft and "Key figures\n" in draft
    assert draft.endswith("Kind regards\nStegvis\n")

    report = body("styrgrupp")
    assert str(mails["styrgrupp@rebus.example"]["Subject"]) == \
        "Stegvis: Projekt REBUS: Årsrapport 2022 (2022-01-01 – 2022-12-31)"
    assert report.startswith(
        "Hello Styrgruppen,\n\nHere is Årsrapport 2022 (2022-01-01 – 2022-12-31) for Projekt "
        "REBUS, 1 January 2022 – 31 December 2022 (figures as of 30 December 2022). The "
        "report is attached as a PDF.\n")
    assert "\nTargets\n" in report and "\nIn the archive:\n" in report
    for english in (draft, report):  # the mail's own words: none left in Swedish
        for swedish in ("Hej", "läget", "Nyckeltal", "\nMål\n", "saknas", "Per samordnare",
                        "Arkiverad", "I arkivet", "vänlig"):
            assert swedish not in english

    (row,) = (r for r in archived_rows(ctx, "rebus") if r.kind == "report")
    assert body("styrelse") == SWEDISH_ANNUAL_REPORT.format(hash=row.content_hash[:16])
