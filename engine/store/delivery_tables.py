"""The outbox and its delivery: notices, contacts, e-mail digests, sweeps and the
programme-calendar runs (what the morning's flows write and read)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from engine.store.partial_index import UNSENT, partial

#: The predicate of the partial index over unsent digests, for queries (see
#: engine.store.tables.OPEN_OBLIGATIONS).
UNSENT_DIGESTS = text(f"digests.{UNSENT}")


class NoticeRow(SQLModel, table=True):
    """The outbox: one notice per stage, obligation and due date (its unique key).

    Written by the sweep; a digest (issue 4's delivery) groups a recipient's pending
    notices of a day into one message.  A notice is of a case's obligation, of a
    programme's (a budget analysis, say), or of something a report's draft found
    missing in a case: exactly one of ``obligation_id``, ``programme_obligation_id``
    and ``report_gap_id`` is set.
    """

    __tablename__ = "notices"
    __table_args__ = (
        Index("ix_notices_pending", "recipient", "day", **partial("status = 'pending'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=160)
    stage: str = Field(max_length=16)
    #: A case's obligation, or (both None) a programme's: see ``programme_obligation_id``.
    obligation_id: int | None = Field(default=None, foreign_key="obligations.id")
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    programme_obligation_id: int | None = Field(default=None,
                                                foreign_key="programme_obligations.id")
    report_gap_id: int | None = Field(default=None, foreign_key="report_gaps.id")
    programme_id: str = Field(max_length=64)
    recipient_kind: str = Field(max_length=16)
    recipient: str = Field(max_length=64)
    due_on: date
    day: date
    status: str = Field(default="pending", max_length=16)
    created_at: datetime
    digest_id: int | None = Field(default=None, foreign_key="digests.id", index=True)


class ContactRow(SQLModel, table=True):
    """Where to reach a coordinator, or a programme's role (for escalations)."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("kind", "programme_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    #: The programme for a role; empty for a coordinator (one address for all programmes).
    programme_id: str = Field(default="", max_length=64)
    name: str = Field(max_length=64)
    email: str = Field(max_length=254)
    display_name: str = Field(default="", max_length=128)
    #: The language the contact reads its digests in ("sv", "en"); none: Swedish.
    language: str | None = Field(default=None, max_length=8)
    #: A coordinator's calendar-feed secret, the only credential of its subscription URL
    #: (``stegvis calendar-url``); made when first asked for, replaced when rotated.
    feed_token: str | None = Field(default=None, unique=True, index=True, max_length=64)


class DigestRow(SQLModel, table=True):
    """One e-mail to one recipient: a day's notices, sent once, retried until it is."""

    __tablename__ = "digests"
    __table_args__ = (
        UniqueConstraint("recipient_kind", "recipient", "programme_id", "day", "seq"),
        # Pending, and claimed by a delivery run (``sending``) until sent or retried.
        Index("ix_digests_unsent", "next_attempt_at", **partial(UNSENT)),
    )

    id: int | None = Field(default=None, primary_key=True)
    recipient_kind: str = Field(max_length=16)
    recipient: str = Field(max_length=64)
    programme_id: str = Field(default="", max_length=64)
    day: date
    seq: int = 1
    email: str = Field(max_length=254)
    message_id: str = Field(unique=True, max_length=200)
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    next_attempt_at: datetime
    last_error: str = ""
    created_at: datetime
    sent_at: datetime | None = None
    #: A report (or draft, or evaluation) from the archive this e-mail carries, with its
    #: documents attached; None for a digest of notices.
    archive_id: int | None = Field(default=None, foreign_key="report_archive.id")
    #: Which text such an e-mail has (report, draft, evaluation, flag; "" for a digest).
    letter: str = Field(default="", max_length=16)


class SweepRow(SQLModel, table=True):
    """One run of the daily sweep: which day, when, and what it found."""

    __tablename__ = "sweeps"

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    started_at: datetime
    finished_at: datetime | None = None
    candidates: int = 0
    created: int = 0


class CalendarRunRow(SQLModel, table=True):
    """One programme-calendar event (report, meeting, evaluation stage) that has run.

    Written by the scheduled calendar flow (``workflows.flows.programme_event_flow``);
    unique per programme and event key, so a rerun of the same event adds nothing.
    """

    __tablename__ = "calendar_runs"
    __table_args__ = (UniqueConstraint("programme_id", "event_key"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: str = Field(max_length=64)
    event_key: str = Field(max_length=160)
    kind: str = Field(max_length=32)
    name: str = Field(max_length=300)
    due_on: date
    period_from: date | None = None
    period_to: date | None = None
    ran_at: datetime
    flagged: bool = False
    note: str = Field(default="", max_length=500)
