"""The tables of the system of record (SQLModel), the same on SQLite and PostgreSQL.

Instants are stored in UTC (``*_at``), calendar dates as dates (``*_on``).  Obligation
rows carry the case's programme, coordinator and municipality so that "what is due"
queries read one indexed table; a partial index over open rows keeps the due query's
cost proportional to the rows that are open, not to every row ever written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

GENDERS = ("kvinna", "man", "annat", "uppgift_saknas")
CASE_STATUSES = ("waiting", "active", "exited")
OBLIGATION_STATUSES = ("open", "done", "missed", "cancelled")


class DefinitionVersionRow(SQLModel, table=True):
    """A programme definition as it was when cases were enrolled under it."""

    __tablename__ = "definition_versions"
    __table_args__ = (UniqueConstraint("programme_id", "content_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: str = Field(index=True, max_length=64)
    version: int
    content_hash: str = Field(max_length=64)
    source_text: str
    stored_at: datetime


class ParticipantRow(SQLModel, table=True):
    """A person, known by a pseudonymous key; the identity number only with consent."""

    __tablename__ = "participants"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=64)
    personnummer: str | None = Field(default=None, max_length=12)
    consent_on: date | None = None
    gender: str = Field(max_length=16)
    birth_year: int
    birth_on: date | None = None
    municipality: str = Field(max_length=64)
    created_at: datetime


#: The columns of the reports' index over cases (engine.service.report_data).
#: Municipality next to the admission date: admissions per municipality and day (the
#: occupancy) are then read in index order, without sorting every case.
CASE_REPORT_COLUMNS = ("programme_id", "enrolled_on", "municipality", "status", "exited_on",
                       "gender", "birth_year", "outcome", "sub_outcome", "track",
                       "definition_version_id")


class CaseRow(SQLModel, table=True):
    """One participant in one programme, pinned to the definition version of enrolment."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_programme_status", "programme_id", "status"),
        # Reports: the cases of a programme admitted, or exited, in a period, with
        # everything the report's GROUP BY reads, so that the index alone answers
        # (migration 0015; a table lookup per case cost more than the counting).
        Index("ix_cases_programme_enrolled", *CASE_REPORT_COLUMNS),
        Index("ix_cases_programme_exited", "programme_id", "exited_on", "status",
              "enrolled_on", "gender", "municipality"),
    )

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participants.id", index=True)
    programme_id: str = Field(max_length=64)
    definition_version_id: int = Field(foreign_key="definition_versions.id")
    coordinator: str = Field(index=True, max_length=64)
    #: The participant's gender and birth year, copied at enrolment (they never change:
    #: enrolment refuses a known key with others) so that the reports count cases by
    #: gender and age from this table alone, without a join per case.
    gender: str = Field(max_length=16)
    birth_year: int
    referring_party: str | None = Field(default=None, max_length=128)
    municipality: str = Field(max_length=64)
    status: str = Field(max_length=16)
    phase: str = Field(max_length=64)
    track: str | None = Field(default=None, max_length=64)
    enrolled_on: date
    #: When the participant was referred, if the coordinator recorded it.
    referred_on: date | None = None
    planned_end_on: date | None = None
    extended_to: date | None = None
    agreed_interval: str | None = Field(default=None, max_length=32)
    placement_form: str | None = Field(default=None, max_length=64)
    type_case: str | None = Field(default=None, max_length=64)
    exited_on: date | None = None
    outcome: str | None = Field(default=None, max_length=64)
    sub_outcome: str | None = Field(default=None, max_length=64)
    completed: bool | None = None
    materialized_until: date | None = None
    row_version: int = Field(default=1)
    created_at: datetime
    updated_at: datetime


class PhaseEntryRow(SQLModel, table=True):
    """The phase history of a case: every phase entered and when."""

    __tablename__ = "phase_entries"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    phase: str = Field(max_length=64)
    entered_on: date


#: The predicates of the partial indexes over open obligations and unsent digests.
_OPEN = "status = 'open'"
_UNSENT = "status IN ('pending', 'sending')"
#: The same predicates for queries, written out, not bound: SQLite uses a partial index
#: only when the query states its predicate, and a bound parameter would keep
#: PostgreSQL's generic plans from proving that the index applies.
OPEN_OBLIGATIONS = text(f"obligations.{_OPEN}")
UNSENT_DIGESTS = text(f"digests.{_UNSENT}")


def _partial(predicate: str) -> dict[str, Any]:
    """An index's WHERE clause on both SQLite and PostgreSQL."""
    return {"sqlite_where": text(predicate), "postgresql_where": text(predicate)}


class ObligationRow(SQLModel, table=True):
    """A stored due date: what the timeline function said the case must do, and by when."""

    __tablename__ = "obligations"
    __table_args__ = (
        UniqueConstraint("case_id", "key"),
        Index("ix_obligations_open_due", "due_on", **_partial(_OPEN)),
        Index("ix_obligations_open_coordinator", "coordinator", "due_on", **_partial(_OPEN)),
        Index("ix_obligations_open_remind", "remind_on", **_partial(_OPEN)),
        Index("ix_obligations_open_escalate", "escalate_on", **_partial(_OPEN)),
        Index("ix_obligations_open_changed", "changed_at", **_partial(_OPEN)),
        # Reports: what was due in a period and how it went, read from the index alone,
        # kind by kind in order (so the counts stream without a sort; migration 0015).
        Index("ix_obligations_programme_kind_due", "programme_id", "kind", "due_on",
              "status", "completed_on", "window_to", "case_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    programme_id: str = Field(max_length=64)
    coordinator: str = Field(max_length=64)
    municipality: str = Field(max_length=64)
    key: str = Field(max_length=128)
    kind: str = Field(max_length=32)
    name: str = Field(max_length=256)
    phase: str | None = Field(default=None, max_length=64)
    due_on: date
    window_from: date | None = None
    window_to: date | None = None
    remind_on: date | None = None
    escalate_on: date | None = None
    escalate_to: str | None = Field(default=None, max_length=64)
    attendees: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    responsible: str | None = Field(default=None, max_length=64)
    rule: str = Field(max_length=128)
    source: str = Field(max_length=128)
    status: str = Field(default="open", max_length=16)
    completed_on: date | None = None
    completed_by: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=512)
    #: When the row was stored or its dates last moved; the sweep looks at rows changed
    #: since its last run as well as at dates that fell since then.
    changed_at: datetime | None = None


class FollowUpRow(SQLModel, table=True):
    """A follow-up meeting that was held."""

    __tablename__ = "follow_ups"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    held_on: date
    attendees: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    step_movement: str = Field(max_length=16)
    notes: str = ""
    #: The date agreed at this meeting for the next one, if any.
    next_on: date | None = None
    recorded_by: str = Field(max_length=64)
    #: The follow-up series it belongs to when the programme has several (else None).
    series: str | None = Field(default=None, max_length=64)


class GoalRow(SQLModel, table=True):
    """A goal of the action plan; sub-goals point at their goal."""

    __tablename__ = "goals"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="goals.id")
    text: str
    status: str = Field(default="open", max_length=16)
    set_on: date


class SurveyAnswerRow(SQLModel, table=True):
    """Answers to a survey at start or exit (e.g. well-being, NNS)."""

    __tablename__ = "survey_answers"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    survey: str = Field(max_length=64)
    answered_on: date
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ExtensionRequestRow(SQLModel, table=True):
    """A request to extend enrolment beyond the limit, and its decision."""

    __tablename__ = "extension_requests"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    length: str = Field(max_length=32)
    reason: str
    requested_by: str = Field(max_length=64)
    requested_on: date
    status: str = Field(default="pending", max_length=16)
    approver_role: str = Field(max_length=64)
    decided_by: str | None = Field(default=None, max_length=64)
    decided_on: date | None = None
    decision_note: str = ""


class AssessmentRow(SQLModel, table=True):
    """An activity-capacity assessment (aktivitetsförmåga) at a date."""

    __tablename__ = "assessments"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    assessed_on: date
    activity_capacity: int
    need_level: str | None = Field(default=None, max_length=64)
    assessed_by: str = Field(max_length=64)


class PostExitResultRow(SQLModel, table=True):
    """Status found at a post-exit follow-up (6 or 24 months), or that nobody was reached."""

    __tablename__ = "post_exit_results"
    __table_args__ = (UniqueConstraint("case_id", "follow_up"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    follow_up: str = Field(max_length=64)
    found_on: date
    status: str = Field(max_length=64)
    recorded_by: str = Field(max_length=64)


class AuditRow(SQLModel, table=True):
    """Append-only audit log: who changed what, when, before and after.

    Database triggers (migration 0002) refuse any UPDATE or DELETE of its rows.
    """

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64)
    case_id: int | None = Field(default=None, index=True)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


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
        Index("ix_notices_pending", "recipient", "day", **_partial("status = 'pending'")),
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
    #: A coordinator's calendar-feed secret, the only credential of its subscription URL
    #: (``stegvis calendar-url``); made when first asked for, replaced when rotated.
    feed_token: str | None = Field(default=None, unique=True, index=True, max_length=64)


class DigestRow(SQLModel, table=True):
    """One e-mail to one recipient: a day's notices, sent once, retried until it is."""

    __tablename__ = "digests"
    __table_args__ = (
        UniqueConstraint("recipient_kind", "recipient", "programme_id", "day", "seq"),
        # Pending, and claimed by a delivery run (``sending``) until sent or retried.
        Index("ix_digests_unsent", "next_attempt_at", **_partial(_UNSENT)),
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


class ProgrammeObligationRow(SQLModel, table=True):
    """An obligation of a programme's role, not of a case: a budget deviation's analysis
    of causes or action plan (seed 003).  The sweep reminds and escalates from its dates
    into the role's digest, as it does for a case's obligations.
    """

    __tablename__ = "programme_obligations"
    __table_args__ = (
        UniqueConstraint("programme_id", "key"),
        Index("ix_programme_obligations_open_due", "due_on", **_partial(_OPEN)),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: str = Field(max_length=64)
    #: The definition the obligation was opened under (its role names, its rule).
    definition_version_id: int = Field(foreign_key="definition_versions.id")
    key: str = Field(max_length=128)
    kind: str = Field(max_length=32)
    name: str = Field(max_length=256)
    #: What it concerns, e.g. the budget period "2019-Q1".
    subject: str = Field(default="", max_length=64)
    responsible: str = Field(max_length=64)
    due_on: date
    remind_on: date | None = None
    escalate_on: date | None = None
    escalate_to: str | None = Field(default=None, max_length=64)
    rule: str = Field(max_length=128)
    source: str = Field(max_length=128)
    status: str = Field(default="open", max_length=16)
    opened_on: date
    completed_on: date | None = None
    completed_by: str | None = Field(default=None, max_length=64)
    note: str = Field(default="", max_length=512)
    changed_at: datetime


class BudgetPeriodRow(SQLModel, table=True):
    """A programme's budget for one period and the outcome, in öre (exact)."""

    __tablename__ = "budget_periods"
    __table_args__ = (UniqueConstraint("programme_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: str = Field(max_length=64)
    period: str = Field(max_length=16)
    starts_on: date
    ends_on: date
    budget_ore: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    outcome_ore: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    budget_set_at: datetime | None = None
    outcome_set_at: datetime | None = None
    updated_by: str = Field(max_length=64)


class BudgetReviewRow(SQLModel, table=True):
    """The analysis of a period's deviation and, when it called for one, the action plan."""

    __tablename__ = "budget_reviews"
    __table_args__ = (UniqueConstraint("programme_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: str = Field(max_length=64)
    period: str = Field(max_length=16)
    causes: str
    action_plan_needed: bool
    analysed_on: date
    analysed_by: str = Field(max_length=64)
    action_plan: str | None = None
    planned_on: date | None = None
    planned_by: str | None = Field(default=None, max_length=64)


class EnrolmentRefusalRow(SQLModel, table=True):
    """An enrolment refused for eligibility: when, the gender, which criteria failed.

    Nothing else about the person is kept (no key, no birth year, no municipality):
    reports count refusals by criterion and gender, and a refused person is not a case.
    """

    __tablename__ = "enrolment_refusals"
    __table_args__ = (Index("ix_enrolment_refusals_programme", "programme_id", "refused_on"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: str = Field(max_length=64)
    refused_on: date
    gender: str = Field(max_length=16)
    #: The failed criteria's ids, space-separated and sorted (e.g. "age residence").
    criteria: str = Field(max_length=1000)


class StaffTrainingRow(SQLModel, table=True):
    """Staff of a programme trained in a course (counted against staff_trained targets)."""

    __tablename__ = "staff_training"
    __table_args__ = (Index("ix_staff_training_programme", "programme_id", "trained_on"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: str = Field(max_length=64)
    course: str = Field(max_length=200)
    role: str = Field(max_length=200)
    count: int
    trained_on: date
    recorded_by: str = Field(max_length=64)
    recorded_at: datetime


class ReportRunRow(SQLModel, table=True):
    """One scheduled production: a report's draft, the report, or an evaluation's documents.

    Unique per programme and calendar event, so a rerun, a second worker or a restart
    adds nothing; claimed with a lease (``lease_until``) while it renders, so a run
    killed half-way is taken over once the lease has run out (engine/service/report_runs.py).
    """

    __tablename__ = "report_runs"
    __table_args__ = (
        UniqueConstraint("programme_id", "event_key"),
        Index("ix_report_runs_unfinished", "lease_until", **_partial("status = 'producing'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: str = Field(max_length=64)
    event_key: str = Field(max_length=160)
    #: draft, report or evaluation
    purpose: str = Field(max_length=16)
    period_key: str = Field(max_length=64)
    period_from: date
    period_to: date
    #: The day the run is for (its calendar date, or a replayed day).
    run_on: date
    status: str = Field(default="producing", max_length=16)
    attempts: int = 0
    lease_until: datetime
    started_at: datetime
    finished_at: datetime | None = None
    last_error: str = Field(default="", max_length=500)


class ArchivedReportRow(SQLModel, table=True):
    """A produced version of a report (or draft, or evaluation) kept in the archive.

    Its files lie in the archive folder (``folder``, relative to it); ``content_hash``
    is the SHA-256 of its figures (the same figures give the same hash whenever they
    are produced), ``files`` each file's name, SHA-256 and size.  Versions count from 1
    per programme, subject and kind; none is ever changed or removed.
    """

    __tablename__ = "report_archive"
    __table_args__ = (UniqueConstraint("programme_id", "subject", "kind", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: str = Field(max_length=64)
    #: What it is of: the report's calendar key (``report:arsrapport:6``), or
    #: ``evaluation:<id>:<year>``.
    subject: str = Field(max_length=160)
    kind: str = Field(max_length=16)
    version: int
    run_id: int | None = Field(default=None, foreign_key="report_runs.id", index=True)
    name: str = Field(max_length=300)
    period_key: str = Field(max_length=64)
    period_from: date
    period_to: date
    as_of: date
    lang: str = Field(max_length=8)
    content_hash: str = Field(max_length=64)
    folder: str = Field(max_length=500)
    files: list[dict[str, Any]] = Field(default_factory=list,
                                        sa_column=Column(JSON, nullable=False))
    #: Key figures, what is missing, flags: what the e-mails and the artifact show.
    summary: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    produced_at: datetime
    produced_by: str = Field(max_length=64)


class ReportGapRow(SQLModel, table=True):
    """Something a report's draft found missing in one case, for the case's coordinator."""

    __tablename__ = "report_gaps"
    __table_args__ = (UniqueConstraint("archive_id", "case_id", "kind", "what"),)

    id: int | None = Field(default=None, primary_key=True)
    archive_id: int = Field(foreign_key="report_archive.id", index=True)
    programme_id: str = Field(max_length=64)
    case_id: int = Field(foreign_key="cases.id")
    coordinator: str = Field(max_length=64)
    #: no_exit, no_gender, no_step_movement, survey, registration, post_exit
    kind: str = Field(max_length=32)
    #: What is missing, in words (an obligation's name), for the digest line.
    what: str = Field(max_length=256)
    due_on: date | None = None


class BoardDecisionRow(SQLModel, table=True):
    """A decision meeting's decision on a programme: continue, change or stop, with why."""

    __tablename__ = "board_decisions"
    __table_args__ = (UniqueConstraint("programme_id", "meeting", "meeting_on"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: str = Field(max_length=64)
    meeting: str = Field(max_length=64)
    meeting_on: date
    #: The role (a body) that decided: the meeting's body.
    body: str = Field(max_length=64)
    decision: str = Field(max_length=16)
    text: str
    #: The operating year whose evaluation the decision rests on, if any.
    evaluation_year: int | None = None
    recorded_by: str = Field(max_length=64)
    recorded_at: datetime


# Accounts, the access log and sign-in links live in their own module; importing it here
# registers them wherever the tables are (migrations, tests).
from engine.store import account_tables as _account_tables  # noqa: E402, F401
from engine.store import privacy_tables as _privacy_tables  # noqa: E402, F401
