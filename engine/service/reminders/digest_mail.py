"""A day's digest as the e-mail its recipient reads, in the recipient's language.

Swedish is the source (the texts here are the message ids of the gettext catalogue,
docs/translating.md); another language is its catalogue's translation.  Dates are
Babel's in that language: the day of the digest in full, an obligation's date as
ÅÅÅÅ-MM-DD, which reads the same in every language and sorts.  Programme content (the
programme's and the obligations' names as the definition writes them) and the
participant's key stay as they are.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime

from babel.dates import format_date
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from engine.channels.mail import MAIL_POLICY, mailbox
from engine.channels.text import one_line
from engine.language import gettext, ngettext
from engine.reports.formatting import locale_of
from engine.service.programme.programme_obligations import digest_lines
from engine.service.programme.report_gaps import gap_lines
from engine.service.shared.context import spec_of_case
from engine.store.delivery_tables import ContactRow, DigestRow, NoticeRow
from engine.store.tables import CaseRow, ObligationRow, ParticipantRow

#: The language a digest is written in when nothing says the recipient reads another.
DEFAULT_LANGUAGE = "sv"


def _sections(language: str) -> tuple[tuple[str, str], ...]:
    """Each stage of a digest and its heading, in the order a digest lists them."""
    return (("overdue", gettext(language, "Försenat")),
            ("due", gettext(language, "Förfaller i dag")),
            ("soon", gettext(language, "Snart")),
            ("escalation", gettext(language, "Eskalerat till dig")),
            ("missing", gettext(language, "Saknas till rapporter")))


def due_words(language: str, stage: str) -> str:
    """What stands before an obligation's date: it was due then (overdue), or is due by
    then."""
    return gettext(language, "skulle vara klart") if stage == "overdue" \
        else gettext(language, "senast")


def case_line(participant: str, case_id: int | None, programme: str, name: str, when: str,
              due_on: date, language: str = DEFAULT_LANGUAGE) -> str:
    """One obligation of a case as a digest lists it: the participant's key and the case
    number (how a coordinator finds the case), the programme, the obligation's title as
    the definition writes it, and its date.  Never the engine's keys (``task:…``)."""
    case = gettext(language, "ärende {number}").format(number=case_id)
    return (f"- {one_line(participant)} ({case}) · {one_line(programme)} · "
            f"{one_line(name)} · {when} {due_on.isoformat()}")


def day_in_full(day: date, language: str = DEFAULT_LANGUAGE) -> str:
    """``måndag 23 november 2026`` (``Monday 23 November 2026``), by Babel."""
    return str(format_date(day, "EEEE d MMMM y", locale=locale_of(language)))


def recipient_language(session: Session, digest: DigestRow) -> str:
    """The language the digest's recipient reads: the one recorded with the contact
    (``stegvis contact set … --language en``), Swedish when none is."""
    language = session.exec(select_rows(ContactRow.language).where(
        ContactRow.kind == digest.recipient_kind, ContactRow.programme_id == digest.programme_id,
        ContactRow.name == digest.recipient)).first()
    return language or DEFAULT_LANGUAGE


def compose(session: Session, digest: DigestRow, sender: str,
            language: str | None = None) -> EmailMessage:
    """The digest as an e-mail in ``language`` (the recipient's when not given; UTF-8, so
    å, ä and ö arrive as written)."""
    language = language or recipient_language(session, digest)
    contact = session.exec(select_rows(ContactRow).where(
        ContactRow.kind == digest.recipient_kind, ContactRow.programme_id == digest.programme_id,
        ContactRow.name == digest.recipient)).first()
    rows = session.exec(select_rows(NoticeRow, ObligationRow, CaseRow, ParticipantRow)
                        .join(ObligationRow, col(ObligationRow.id) == NoticeRow.obligation_id)
                        .join(CaseRow, col(CaseRow.id) == NoticeRow.case_id)
                        .join(ParticipantRow, col(ParticipantRow.id) == CaseRow.participant_id)
                        .where(NoticeRow.digest_id == digest.id)
                        .order_by(col(ObligationRow.due_on), col(CaseRow.id))).all()
    by_stage: dict[str, list[str]] = defaultdict(list)
    for notice, obligation, case, person in rows:
        spec = spec_of_case(session, case)
        by_stage[notice.stage].append(case_line(
            person.key, case.id, spec.name, obligation.name,
            due_words(language, notice.stage), obligation.due_on, language))
    # A role's digest may also hold its programme's own obligations (budget analyses).
    programme_lines, programme_role = digest_lines(session, digest, language)
    for stage, line in programme_lines:
        by_stage[stage].append(line)
    # What a report's draft found missing in the coordinator's cases.
    missing = gap_lines(session, digest, language)
    by_stage["missing"].extend(missing)
    role_name = ""
    if digest.recipient_kind == "role":
        role_name = (spec_of_case(session, rows[0][2]).role_name(digest.recipient) if rows
                     else programme_role or "")
    # One line: a name stored before control characters were refused must not break
    # the To header of every digest to this contact.  A role is greeted by its name.
    name = one_line(contact.display_name if contact and contact.display_name
                    else role_name or digest.recipient)
    later = digest.seq > 1  # a second digest the same day: what came since the first
    day = day_in_full(digest.day, language)
    intro = gettext(language, "Det här är ett tillägg till din sammanställning från Stegvis "
                              "för {day}: det som har tillkommit sedan den.") if later else \
        gettext(language, "Det här är din sammanställning från Stegvis för {day}.")
    lines = [gettext(language, "Hej {name},").format(name=name), "",
             intro.format(day=day), ""]
    for stage, title in _sections(language):
        if by_stage[stage]:
            heading = gettext(language, "Eskalerat till dig som {role}").format(
                role=role_name) if stage == "escalation" and role_name else title
            lines += [f"{heading} ({len(by_stage[stage])})", *by_stage[stage], ""]
    lines += [gettext(language, "Markera det som är gjort på ärendets sida i Stegvis "
                                "(Mina ärenden)."), "",
              gettext(language, "Med vänlig hälsning"), "Stegvis"]
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = sender
    message["To"] = mailbox(name, digest.email)
    addition = "" if not later else \
        " " + gettext(language, "(tillägg till dagens första)") if digest.seq == 2 else \
        " " + gettext(language, "(tillägg {n} till dagens första)").format(n=digest.seq - 1)
    count = len(rows) + len(programme_lines) + len(missing)
    subject = ngettext(language, "Stegvis: {n} att göra – {day}", "Stegvis: {n} att göra – {day}",
                       count).format(n=count, day=digest.day.isoformat())
    message["Subject"] = subject + addition
    message["Message-ID"] = digest.message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    message["Date"] = format_datetime(digest.created_at)
    message.set_content("\n".join(lines), charset="utf-8")
    return message
