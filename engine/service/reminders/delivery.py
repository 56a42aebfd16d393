"""From the outbox to people: contacts, daily digests, delivery with retries.

:func:`build_digests` groups each recipient's pending notices into one digest (one
e-mail, worded by :mod:`engine.service.reminders.digest_mail` in the recipient's
language) per day; a produced report is queued as a digest of its own that carries its
documents (:mod:`engine.service.programme.report_mail`); :func:`deliver` sends the
digests that are due through a :class:`~engine.channels.mail.Transport`.  A digest is
marked sent only after the mail server accepted it; a failure is recorded on the digest
(attempts, last error, next attempt with back-off) and retried later, and after
``MAX_ATTEMPTS`` it stays visible as ``failed``.  Its Message-ID is fixed when the
digest is made, so a resend after a crash between the server's acceptance and our
commit carries the same Message-ID.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import Select, and_, func, literal, select, update
from sqlalchemy import case as sql_case
from sqlmodel import col
from sqlmodel import select as select_rows

from engine.channels.domain import installation_domain
from engine.channels.mail import MailError, MailServerUnreachable, Transport
from engine.errors import InputError, did_you_mean
from engine.inputs.numbers import number_setting, shown_choice
from engine.language import languages
from engine.service.programme.report_mail import compose_report_mail
from engine.service.reminders.digest_mail import compose
from engine.service.shared.context import Context, audit
from engine.service.shared.published import running_spec
from engine.store.delivery_tables import UNSENT_DIGESTS, ContactRow, DigestRow, NoticeRow

#: Seconds a claim on a digest being sent holds (see :func:`lease_seconds`).
DEFAULT_LEASE_SECONDS = 600
#: Minutes to wait after the n-th failed attempt.
BACKOFF_MINUTES = (1, 5, 15, 60, 240, 720, 1440)
MAX_ATTEMPTS = 8
#: The PostgreSQL advisory-lock key under which one process at a time builds digests.
DIGEST_LOCK = 0x5374_6567_0000_4467  # "Steg" … "Dg"
_NOTICES = NoticeRow.__table__  # type: ignore[attr-defined]
_DIGESTS = DigestRow.__table__  # type: ignore[attr-defined]
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def set_contact(ctx: Context, kind: str, name: str, email: str, actor: str,
                programme: str = "", display_name: str = "",
                language: str | None = None) -> None:
    """Record where to reach a coordinator, or a programme's role (replacing any before),
    and, when given, the language its digests and report e-mails are written in (kept
    when not given)."""
    if kind not in ("coordinator", "role"):
        raise InputError(f"kind {shown_choice(kind)} is not coordinator or role")
    if language is not None and language not in languages():
        raise InputError(f"{shown_choice(language)} is not a language Stegvis writes; choose "
                         f"one of {', '.join(languages())}", kind="unknown_choice",
                         what="language")
    if not _EMAIL.match(email):
        raise InputError(f"{shown_choice(email)} is not an e-mail address")
    if kind == "role":
        spec = running_spec(ctx, programme)
        roles = [r.id for r in spec.roles]
        if name not in roles:
            raise InputError(f"{spec.name} has no role {shown_choice(name)}"
                             f"{did_you_mean(name, roles)}")
        programme = spec.id
    elif programme:
        raise InputError("a coordinator has one address for all programmes; leave out the "
                         "programme")
    with ctx.transaction() as session:
        row = session.exec(select_rows(ContactRow).where(
            ContactRow.kind == kind, ContactRow.programme_id == programme,
            ContactRow.name == name)).first()
        before = None if row is None else {"email": row.email}
        if row is None:
            row = ContactRow(kind=kind, programme_id=programme, name=name, email=email)
            session.add(row)
        row.email, row.display_name = email, display_name or row.display_name
        row.language = language or row.language
        audit(ctx, session, actor, "contact", None, before,
              {"kind": kind, "programme": programme, "name": name, "email": email,
               "language": row.language or "sv"})


@dataclass(slots=True)
class DigestsBuilt:
    """Digests made, and recipients with pending notices but no address."""

    created: int = 0
    unaddressed: list[str] = field(default_factory=list)


def build_digests(ctx: Context, day: date) -> DigestsBuilt:
    """Group every recipient's pending, undigested notices up to ``day`` into digests.

    Set-based: one GROUP BY finds the recipients and their counts, and one UPDATE per
    recipient with an address attaches their notices, so notices waiting for an address
    cost a count each day, not a load.  One builder at a time (two sweeps of a day at
    once): the second finds the notices taken and makes no digest, where it would
    otherwise have made an empty second one or collided on its number.
    """
    result = DigestsBuilt()
    n = _NOTICES.c
    programme = sql_case((n.recipient_kind == "role", n.programme_id), else_=literal(""))
    waiting = and_(n.status == "pending", n.digest_id.is_(None), n.day <= day)
    domain = installation_domain()
    with ctx.transaction() as session:
        if session.get_bind().dialect.name == "postgresql":  # SQLite: locked at BEGIN
            session.execute(select(func.pg_advisory_xact_lock(DIGEST_LOCK)))
        groups = session.execute(select(n.recipient_kind, n.recipient, programme,
                                        func.count()).where(waiting)
                                 .group_by(n.recipient_kind, n.recipient, programme)
                                 .order_by(n.recipient_kind, n.recipient, programme)).all()
        for kind, recipient, where_programme, count in groups:
            contact = session.exec(select_rows(ContactRow).where(
                ContactRow.kind == kind, ContactRow.programme_id == where_programme,
                ContactRow.name == recipient)).first()
            if contact is None:
                where = f" in {where_programme}" if where_programme else ""
                result.unaddressed.append(f"{kind} {recipient}{where}: {count} "
                                          "notice(s) wait for an e-mail address")
                continue
            seq = 1 + int(session.exec(select_rows(func.count()).select_from(DigestRow).where(
                DigestRow.recipient_kind == kind, DigestRow.recipient == recipient,
                DigestRow.programme_id == where_programme, DigestRow.day == day)).one())
            digest = DigestRow(recipient_kind=kind, recipient=recipient,
                               programme_id=where_programme, day=day, seq=seq,
                               email=contact.email,
                               message_id=f"<{uuid.uuid4().hex}.{day:%Y%m%d}@{domain}>",
                               next_attempt_at=ctx.now(), created_at=ctx.now())
            session.add(digest)
            session.flush()
            attached = session.execute(update(_NOTICES).where(  # type: ignore[attr-defined]
                waiting, n.recipient_kind == kind, n.recipient == recipient,
                programme == where_programme).values(digest_id=digest.id)).rowcount
            if not attached:  # never a digest with nothing in it
                session.delete(digest)
                continue
            result.created += 1
    return result


@dataclass(slots=True)
class Delivered:
    """What one delivery run did."""

    sent: int = 0
    failed: int = 0
    gave_up: int = 0
    #: Digests whose earlier attempt was cut off (the process stopped while sending).
    resent: int = 0
    #: Digests another delivery run was sending at the same time: left to it.
    skipped: int = 0
    #: Digests that held no notice (left by an older version): taken out unsent.
    empty: int = 0
    errors: list[str] = field(default_factory=list)


def lease_seconds() -> float:
    """How long a claim on a digest being sent holds (``STEGVIS_DELIVERY_LEASE_SECONDS``).

    Longer than any one SMTP exchange can take (the transport's time-out is 30 s), so a
    live sender is never overtaken; a claim left by a process that died runs out and
    the digest is sent again by a later run.
    """
    # Whole seconds, up to a week: a float would take "nan" or "inf", which never run out.
    return float(number_setting("STEGVIS_DELIVERY_LEASE_SECONDS", DEFAULT_LEASE_SECONDS, low=0,
                                high=7 * 24 * 3600))


def deliver(ctx: Context, transport: Transport, limit: int = 500) -> Delivered:
    """Send every digest whose next attempt is due; never mark one sent that was not.

    Each digest is first *claimed* in its own transaction (status ``sending``, a lease,
    the attempt counted), then sent, then marked ``sent`` the moment the server has
    accepted it.  So two delivery runs never send the same digest, a failure is
    recorded with back-off, and a digest whose sender died mid-way is sent again once
    its lease runs out — with the same Message-ID.  That last case is the only one in
    which a message can arrive twice: when the process died after the server accepted
    the message and before the commit a few milliseconds later.  Mail programs show
    two messages with one Message-ID once; the resend is counted and written on the
    digest, so it stays visible.
    """
    result = Delivered()
    lease = timedelta(seconds=lease_seconds())
    with ctx.transaction(read_only=True) as session:
        due = [int(i) for i in session.execute(due_digests(ctx.now(), limit)).scalars()]
    with transport.connect() as connection:
        for position, digest_id in enumerate(due):
            interrupted = _claim(ctx, digest_id, lease)
            if interrupted is None:  # another run has it, or it was sent meanwhile
                result.skipped += 1
                continue
            try:
                message = _compose(ctx, digest_id, transport.sender)
            except Exception as exc:  # a broken stored definition, say: this digest only
                _failed(ctx, digest_id, f"cannot compose the e-mail: {exc}", result)
                continue
            if message is None:  # nothing in it: never "Stegvis: 0 att göra"
                _emptied(ctx, digest_id)
                result.empty += 1
                continue
            try:
                connection.send(message)
            except MailServerUnreachable as exc:
                _failed(ctx, digest_id, str(exc), result)
                if left := len(due) - position - 1:
                    result.errors.append(f"the mail server cannot be reached: {left} more "
                                         "digest(s) left for the next delivery run")
                break  # not one time-out per digest: the next run tries again
            except MailError as exc:
                _failed(ctx, digest_id, str(exc), result)
                continue
            _sent(ctx, digest_id, interrupted)
            result.sent += 1
            result.resent += interrupted
    return result


def due_digests(now: datetime, limit: int) -> Select[tuple[int]]:
    """The ids of digests to (re)send at ``now``, oldest due first: an index range.

    Pending digests, and claims whose lease ran out, from the partial index of unsent
    digests: years of sent ones cost nothing.
    """
    return (select(_DIGESTS.c.id).where(UNSENT_DIGESTS, _DIGESTS.c.next_attempt_at <= now)
            .order_by(_DIGESTS.c.next_attempt_at, _DIGESTS.c.id).limit(limit))


def _claim(ctx: Context, digest_id: int, lease: timedelta) -> bool | None:
    """Take the digest for sending: whether an earlier attempt was cut off; None if not won.

    None if another run holds it or it is done.  Each UPDATE is a compare-and-set on
    status and lease, so of two runs racing for a digest exactly one wins.
    """
    now = ctx.now()
    with ctx.transaction() as session:
        for status, interrupted in (("sending", True), ("pending", False)):
            won = session.connection().execute(update(DigestRow).where(
                col(DigestRow.id) == digest_id, col(DigestRow.status) == status,
                col(DigestRow.next_attempt_at) <= now).values(
                    status="sending", attempts=DigestRow.attempts + 1,
                    next_attempt_at=now + lease)).rowcount
            if won:
                return interrupted
    return None


def _compose(ctx: Context, digest_id: int, sender: str) -> EmailMessage | None:
    """The digest's e-mail; None when the digest holds no notice."""
    with ctx.transaction(read_only=True) as session:
        digest = session.get(DigestRow, digest_id)
        assert digest is not None
        if digest.archive_id is not None:  # a report from the archive, documents attached
            return compose_report_mail(session, digest, sender)
        held = session.execute(select(func.count()).select_from(_NOTICES)
                               .where(_NOTICES.c.digest_id == digest_id)).scalar_one()
        return compose(session, digest, sender) if held else None


def _emptied(ctx: Context, digest_id: int) -> None:
    """Take a digest that holds nothing out of the outbox, unsent (status ``empty``)."""
    with ctx.transaction() as session:
        digest = session.get(DigestRow, digest_id)
        assert digest is not None
        digest.status = "empty"
        digest.last_error = "held no notice: not sent"


def _sent(ctx: Context, digest_id: int, interrupted: bool) -> None:
    with ctx.transaction() as session:
        digest = session.get(DigestRow, digest_id)
        assert digest is not None
        digest.status, digest.sent_at = "sent", ctx.now()
        if interrupted:
            digest.last_error = ("an earlier attempt was cut off while sending; sent again "
                                 "with the same Message-ID")
        session.execute(update(_NOTICES).where(_NOTICES.c.digest_id == digest_id)
                        .values(status="sent"))


def _failed(ctx: Context, digest_id: int, error: str, result: Delivered) -> None:
    with ctx.transaction() as session:
        digest = session.get(DigestRow, digest_id)
        assert digest is not None  # its attempt was counted by the claim
        digest.last_error = error[:500]
        if digest.attempts >= MAX_ATTEMPTS:
            digest.status = "failed"
            result.gave_up += 1
        else:
            wait = BACKOFF_MINUTES[min(digest.attempts, len(BACKOFF_MINUTES)) - 1]
            digest.status = "pending"
            digest.next_attempt_at = ctx.now() + timedelta(minutes=wait)
            result.failed += 1
        result.errors.append(f"digest {digest_id} to {digest.email}: {error}")


def outbox(ctx: Context) -> list[dict[str, object]]:
    """Digests not yet sent (pending or failed), for people to see what is stuck and why."""
    with ctx.transaction(read_only=True) as session:
        rows = session.exec(select_rows(DigestRow).where(col(DigestRow.status).in_(
            ("pending", "sending", "failed"))).order_by(col(DigestRow.id))).all()
        return [{"id": d.id, "recipient": d.recipient, "email": d.email,
                 "day": d.day.isoformat(), "status": d.status, "attempts": d.attempts,
                 "next_attempt_at": d.next_attempt_at.isoformat(), "last_error": d.last_error}
                for d in rows]
