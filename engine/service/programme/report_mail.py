"""A produced report as e-mail: queued in the digests' outbox, sent with its documents.

When a report run commits an archived version it queues one digest row per recipient
role (``digests.archive_id``) in the same transaction, so a report is queued exactly
once, and :func:`engine.service.reminders.delivery.deliver` claims, sends and commits it like any
digest: the same leases, retries, back-off and fixed Message-ID.  The message is
composed when it is sent, from the archived version: its summary (key figures, what
is missing, flags) as text, and the archived documents attached, each checked against
the hash stored with it, so what arrives is what the archive holds.
"""

from __future__ import annotations

import mimetypes
import uuid
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session
from sqlmodel import select as select_rows

from engine.channels.domain import installation_domain
from engine.channels.mail import MAIL_POLICY, mailbox
from engine.service.programme.archive import file_url, read_file
from engine.store.delivery_tables import ContactRow, DigestRow
from engine.store.programme_tables import ArchivedReportRow

#: Subject lines by kind of archived version.
_SUBJECTS = {
    "report": "{programme}: {name}",
    "draft": "Utkast: {name} – {programme} (ska vara klar {due_on})",
    "evaluation": "{programme}: {name} med utkast till tjänsteutlåtande",
    "evaluation_start": "{programme}: {name} – underlag",
    "flag": "{programme}: utvärderingen är inte klar inför {meeting}",
}
_MIME = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _contact(session: Session, programme_id: str, role: str) -> ContactRow | None:
    return session.exec(select_rows(ContactRow).where(
        ContactRow.kind == "role", ContactRow.programme_id == programme_id,
        ContactRow.name == role)).first()


def queue_report_mails(session: Session, archive: ArchivedReportRow, roles: list[str],
                       day: date, now: datetime, role_names: dict[str, str],
                       letter: str = "") -> tuple[list[str], list[str]]:
    """One e-mail of ``archive`` per role with an address; (queued, unaddressed lines).

    ``letter`` picks the text (a key of the subjects; default the archive's kind).  A
    role without a contact is named in the second list: the report stays in the
    archive, and ``stegvis contact set role …`` gives it an address for next time.
    """
    queued, unaddressed = [], []
    domain = installation_domain()  # as the digests': each installation its own
    for role in dict.fromkeys(roles):
        contact = _contact(session, archive.programme_id, role)
        if contact is None:
            unaddressed.append(f"{role_names.get(role, role)} ({role}) har ingen e-postadress: "
                               f"stegvis contact set role {role} ADRESS --programme "
                               f"{archive.programme_id}")
            continue
        seq = 1 + int(session.exec(select_rows(func.count()).select_from(DigestRow).where(
            DigestRow.recipient_kind == "role", DigestRow.recipient == role,
            DigestRow.programme_id == archive.programme_id, DigestRow.day == day)).one())
        session.add(DigestRow(
            recipient_kind="role", recipient=role, programme_id=archive.programme_id, day=day,
            seq=seq, email=contact.email, archive_id=archive.id, letter=letter or archive.kind,
            message_id=f"<{uuid.uuid4().hex}.{day:%Y%m%d}@{domain}>",
            next_attempt_at=now, created_at=now))
        queued.append(role)
    return queued, unaddressed


def compose_report_mail(session: Session, digest: DigestRow, sender: str) -> EmailMessage:
    """The e-mail of an archived version, its documents attached (see module doc)."""
    archive = session.get(ArchivedReportRow, digest.archive_id)
    assert archive is not None
    summary: dict[str, Any] = archive.summary
    letter = digest.letter or archive.kind
    contact = _contact(session, digest.programme_id, digest.recipient)
    name = contact.display_name if contact and contact.display_name else \
        summary.get("role_names", {}).get(digest.recipient, digest.recipient)
    lines = [f"Hej {name},", "", *_body(letter, summary, archive)]
    attached = summary.get("flag_attach", []) if letter == "flag" else summary.get("attach", [])
    links = [(n, url) for n in attached if (url := file_url(archive, n))]
    if links:
        lines += ["", "I arkivet:", *(f"- {n}: {url}" for n, url in links)]
    lines += ["", f"Arkiverad som version {archive.version}, kontrollsumma för siffrorna "
                  f"(SHA-256) {archive.content_hash[:16]}…", "", "Med vänlig hälsning",
              "Stegvis"]
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = sender
    message["To"] = mailbox(name, digest.email)
    message["Subject"] = "Stegvis: " + _SUBJECTS.get(letter, _SUBJECTS["report"]).format(
        programme=summary.get("programme", archive.programme_id), name=archive.name,
        due_on=summary.get("due_on", ""), meeting=summary.get("meeting", ""))
    message["Message-ID"] = digest.message_id
    message["Date"] = format_datetime(digest.created_at)
    message.set_content("\n".join(lines), charset="utf-8")
    for file_name in attached:
        data = read_file(session, archive, file_name)
        suffix = file_name[file_name.rfind("."):]
        kind = _MIME.get(suffix) or mimetypes.guess_type(file_name)[0] or \
            "application/octet-stream"
        main, sub = kind.split("/", 1)
        message.add_attachment(data, maintype=main, subtype=sub, filename=file_name)
    return message


def _body(letter: str, summary: dict[str, Any], archive: ArchivedReportRow) -> list[str]:
    programme = summary.get("programme", archive.programme_id)
    span = summary.get("period_text", "")
    as_of = summary.get("as_of_text", "")
    if letter == "flag":
        return [f"Utvärderingen av {programme} ska vara klar inför {summary.get('meeting')}, "
                "men är det inte:", "", *(f"- {f}" for f in summary.get("flags", [])), "",
                "Beslutet om kommande verksamhetsår bör ta hänsyn till det."]
    out: list[str] = []
    if letter == "draft":
        out += [f"Här är ett utkast till {archive.name} för {programme} ({span}, läget "
                f"{as_of}). Rapporten ska vara klar {summary.get('due_on')}; utkastet är "
                "bifogat som PDF.", ""]
        missing = summary.get("missing", {})
        if missing.get("total"):
            out += [f"Det här saknas för rapporten ({missing['total']}):",
                    *(f"- {what}: {n}" for what, n in missing.get("by_kind", [])), "",
                    "Per samordnare: " + ", ".join(f"{c} {n}" for c, n in
                                                   missing.get("by_coordinator", [])) + ".",
                    "Samordnarna ser sina ärenden i nästa sammanställning.", ""]
        else:
            out += ["Inget saknas för rapporten just nu.", ""]
    elif letter in ("evaluation", "evaluation_start"):
        out += [f"Här är {archive.name} för {programme}: verksamhetsårets siffror hittills "
                f"({span}, läget {as_of}) och en prognos för helåret mot målen.", ""]
        if letter == "evaluation":
            out += ["Bifogat finns också ett första utkast till tjänsteutlåtande inför "
                    f"{summary.get('meeting')}, som PDF och Word.", ""]
        for flag in summary.get("flags", []):
            out.append(f"Observera: {flag}")
        if summary.get("flags"):
            out.append("")
    else:
        out += [f"Här är {archive.name} för {programme}, {span} (läget {as_of}). "
                "Rapporten är bifogad som PDF.", ""]
    if summary.get("key_figures"):
        out += ["Nyckeltal", *(f"- {label}: {value}" for label, value in
                               summary["key_figures"]), ""]
    if summary.get("prognosis"):
        out += ["Prognos för helåret", *(f"- {label}: {so_far} hittills, prognos {full}"
                                         for label, so_far, full in summary["prognosis"]), ""]
    if summary.get("targets"):
        out += ["Mål", *(f"- {label}: {outcome} ({status})"
                         for label, outcome, status in summary["targets"])]
    return out
