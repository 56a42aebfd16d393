"""A produced report as e-mail: queued in the digests' outbox, sent with its documents.

When a report run commits an archived version it queues one digest row per recipient
role (``digests.archive_id``) in the same transaction, so a report is queued exactly
once, and :func:`engine.service.reminders.delivery.deliver` claims, sends and commits it like any
digest: the same leases, retries, back-off and fixed Message-ID.  The message is
composed when it is sent, from the archived version: its summary (key figures, what
is missing, flags) as text, and the archived documents attached, each checked against
the hash stored with it, so what arrives is what the archive holds.

The mail is written in the language of the role's contact (``stegvis contact set role …
--language en``), Swedish when none is recorded: Swedish is the source (the texts here
are the catalogue's message ids in the context ``report_mail``, docs/translating.md), as
in the digest (:mod:`engine.service.reminders.digest_mail`).  The period and the day of
the figures are Babel's in that language, a due date and a meeting's day ÅÅÅÅ-MM-DD, and
counts Babel's numbers.  What the report holds stays as the archive holds it: the
report's and the programme's names as the definition writes them, the key figures,
targets and forecast in the report's own language, and the flags as they were found.
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
from engine.language import SOURCE_LANGUAGE, gettext, pgettext
from engine.reports import formatting
from engine.service.programme.archive import file_url, read_file
from engine.store.delivery_tables import ContactRow, DigestRow
from engine.store.programme_tables import ArchivedReportRow

_MIME = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _subject(language: str, letter: str) -> str:
    """The subject line of a kind of archived version (after "Stegvis: ")."""
    if letter == "draft":
        return pgettext(language, "report_mail",
                        "Utkast: {name} – {programme} (ska vara klar {due_on})")
    if letter == "evaluation":
        return pgettext(language, "report_mail",
                        "{programme}: {name} med utkast till tjänsteutlåtande")
    if letter == "evaluation_start":
        return pgettext(language, "report_mail", "{programme}: {name} – underlag")
    if letter == "flag":
        return pgettext(language, "report_mail",
                        "{programme}: utvärderingen är inte klar inför {meeting}")
    return "{programme}: {name}"


def _contact(session: Session, programme_id: str, role: str) -> ContactRow | None:
    return session.exec(select_rows(ContactRow).where(
        ContactRow.kind == "role", ContactRow.programme_id == programme_id,
        ContactRow.name == role)).first()


def queue_report_mails(session: Session, archive: ArchivedReportRow, roles: list[str],
                       day: date, now: datetime, role_names: dict[str, str],
                       letter: str = "", language: str = SOURCE_LANGUAGE
                       ) -> tuple[list[str], list[str]]:
    """One e-mail of ``archive`` per role with an address; (queued, unaddressed lines).

    ``letter`` picks the text (a key of the subjects; default the archive's kind).  A
    role without a contact is named in the second list (in ``language``, for whoever
    runs the report): the report stays in the archive, and ``stegvis contact set role …``
    gives it an address for next time.
    """
    queued, unaddressed = [], []
    domain = installation_domain()  # as the digests': each installation its own
    for role in dict.fromkeys(roles):
        contact = _contact(session, archive.programme_id, role)
        if contact is None:
            unaddressed.append(pgettext(
                language, "report_mail",
                "{role} ({key}) har ingen e-postadress: stegvis contact set role {key} "
                "ADRESS --programme {programme}").format(
                    role=role_names.get(role, role), key=role, programme=archive.programme_id))
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


def compose_report_mail(session: Session, digest: DigestRow, sender: str,
                        language: str | None = None) -> EmailMessage:
    """The e-mail of an archived version, its documents attached, in ``language`` (the
    role contact's when not given, Swedish when it records none; see module doc)."""
    archive = session.get(ArchivedReportRow, digest.archive_id)
    assert archive is not None
    summary: dict[str, Any] = archive.summary
    letter = digest.letter or archive.kind
    contact = _contact(session, digest.programme_id, digest.recipient)
    language = language or (contact.language if contact else None) or SOURCE_LANGUAGE
    name = contact.display_name if contact and contact.display_name else \
        summary.get("role_names", {}).get(digest.recipient, digest.recipient)
    lines = [pgettext(language, "report_mail", "Hej {name},").format(name=name), "",
             *_body(letter, summary, archive, language)]
    attached = summary.get("flag_attach", []) if letter == "flag" else summary.get("attach", [])
    links = [(n, url) for n in attached if (url := file_url(archive, n))]
    if links:
        lines += ["", pgettext(language, "report_mail", "I arkivet:"),
                  *(f"- {n}: {url}" for n, url in links)]
    lines += ["", pgettext(language, "report_mail",
                           "Arkiverad som version {version}, kontrollsumma för siffrorna "
                           "(SHA-256) {hash}…").format(
                               version=_count(archive.version, language),
                               hash=archive.content_hash[:16]),
              "", pgettext(language, "report_mail", "Med vänlig hälsning"), "Stegvis"]
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = sender
    message["To"] = mailbox(name, digest.email)
    message["Subject"] = "Stegvis: " + _subject(language, letter).format(
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


def _count(n: int, language: str) -> str:
    """A count as Babel writes it in ``language`` (as the reports do)."""
    return formatting.number(n, language)


def _days(summary: dict[str, Any], archive: ArchivedReportRow, language: str
          ) -> tuple[str, str]:
    """The period and the day of the figures in ``language``: as the archive wrote them
    in the report's language, by Babel from the archived dates in another."""
    if language == archive.lang:
        return summary.get("period_text", ""), summary.get("as_of_text", "")
    return (formatting.period_span(archive.period_from, archive.period_to, language),
            formatting.day(archive.as_of, language))


def _body(letter: str, summary: dict[str, Any], archive: ArchivedReportRow,
          language: str = SOURCE_LANGUAGE) -> list[str]:
    programme = summary.get("programme", archive.programme_id)
    span, as_of = _days(summary, archive, language)
    meeting = summary.get("meeting")
    if letter == "flag":
        return [pgettext(language, "report_mail",
                         "Utvärderingen av {programme} ska vara klar inför {meeting}, men är "
                         "det inte:").format(programme=programme, meeting=meeting), "",
                *(f"- {f}" for f in summary.get("flags", [])), "",
                pgettext(language, "report_mail",
                         "Beslutet om kommande verksamhetsår bör ta hänsyn till det.")]
    out: list[str] = []
    if letter == "draft":
        out += [pgettext(language, "report_mail",
                         "Här är ett utkast till {name} för {programme} ({span}, läget "
                         "{as_of}). Rapporten ska vara klar {due_on}; utkastet är bifogat "
                         "som PDF.").format(name=archive.name, programme=programme, span=span,
                                            as_of=as_of, due_on=summary.get("due_on")), ""]
        missing = summary.get("missing", {})
        if missing.get("total"):
            by_coordinator = ", ".join(f"{c} {_count(n, language)}"
                                       for c, n in missing.get("by_coordinator", []))
            out += [pgettext(language, "report_mail",
                             "Det här saknas för rapporten ({n}):").format(
                                 n=_count(missing["total"], language)),
                    *(f"- {gettext(language, what)}: {_count(n, language)}"
                      for what, n in missing.get("by_kind", [])), "",
                    pgettext(language, "report_mail", "Per samordnare: {counts}.").format(
                        counts=by_coordinator),
                    pgettext(language, "report_mail",
                             "Samordnarna ser sina ärenden i nästa sammanställning."), ""]
        else:
            out += [pgettext(language, "report_mail", "Inget saknas för rapporten just nu."),
                    ""]
    elif letter in ("evaluation", "evaluation_start"):
        out += [pgettext(language, "report_mail",
                         "Här är {name} för {programme}: verksamhetsårets siffror hittills "
                         "({span}, läget {as_of}) och en prognos för helåret mot "
                         "målen.").format(name=archive.name, programme=programme, span=span,
                                          as_of=as_of), ""]
        if letter == "evaluation":
            out += [pgettext(language, "report_mail",
                             "Bifogat finns också ett första utkast till tjänsteutlåtande "
                             "inför {meeting}, som PDF och Word.").format(meeting=meeting), ""]
        for flag in summary.get("flags", []):
            out.append(pgettext(language, "report_mail", "Observera: {flag}").format(flag=flag))
        if summary.get("flags"):
            out.append("")
    else:
        out += [pgettext(language, "report_mail",
                         "Här är {name} för {programme}, {span} (läget {as_of}). Rapporten "
                         "är bifogad som PDF.").format(name=archive.name, programme=programme,
                                                      span=span, as_of=as_of), ""]
    if summary.get("key_figures"):
        out += [pgettext(language, "report_mail", "Nyckeltal"),
                *(f"- {label}: {value}" for label, value in summary["key_figures"]), ""]
    if summary.get("prognosis"):
        out += [pgettext(language, "report_mail", "Prognos för helåret"),
                *("- " + pgettext(language, "report_mail",
                                  "{label}: {so_far} hittills, prognos {full}").format(
                                      label=label, so_far=so_far, full=full)
                  for label, so_far, full in summary["prognosis"]), ""]
    if summary.get("targets"):
        out += [pgettext(language, "report_mail", "Mål"),
                *(f"- {label}: {outcome} ({status})"
                  for label, outcome, status in summary["targets"])]
    return out
