"""The tables of the system of record (SQLModel), the same on SQLite and PostgreSQL.

The tables of participants and their cases: definitions pinned, participants, cases,
phases, obligations, follow-ups and what else a case records, and the audit log.  The
outbox and its digests are in :mod:`engine.store.delivery_tables`, what a programme
itself records (its own obligations, budget, report runs and archive, decisions) in
:mod:`engine.store.programme_tables`, accounts in :mod:`engine.store.account_tables`.

Instants are stored in UTC (``*_at``), calendar dates as dates (``*_on``).  Obligation
rows carry the case's programme, coordinator and municipality so that "what is due"
queries read one indexed table; a partial index over open rows keeps the due query's
cost proportional to the rows that are open, not to every row ever written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from engine.store.partial_index import OPEN, partial

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


#: The columns of the reports' index over cases (engine.service.programme.report_data).
#: Municipality next to the admission date: admissions per municipality and day (the
#: occupancy) are then read in index order, without sorting every case.
CASE_REPORT_COLUMNS = ("programme_id", "enrolled_on", "municipality", "status", "exited_on",
                       "gender", "birth_year", "outcome", "sub_outcome", "track",
                       "definition_version_id")

#: The columns of the board's index over cases (migration 0023).
CASE_BOARD_COLUMNS = ("programme_id", "enrolled_on", "status", "exited_on", "gender",
                      "income_at_start", "income_at_exit", "referring_party", "coordinator")


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
        # The board's counts (engine.service.programme.board_counts): income support,
        # referrer and coordinator of the period's cases from the index alone (migration
        # 0023; a table lookup per case cost 0.22 s of CPU at 100,000 case-years).
        Index("ix_cases_programme_board", *CASE_BOARD_COLUMNS),
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
    #: The main income support at enrolment and at exit (engine.definitions.income),
    #: None when not recorded ("uppgift saknas"; migration 0023).
    income_at_start: str | None = Field(default=None, max_length=32)
    income_at_exit: str | None = Field(default=None, max_length=32)
    municipality: str = Field(max_length=64)
    status: str = Field(max_length=16)
    phase: str = Field(max_length=64)
    track: str | None = Field(default=None, max_length=64)
    enrolled_on: date
    #: When the participant was referred, if the coordinator recorded it.
    referred_on: date | None = None
    #: When the participant consented to taking part, if given at enrolment; a programme
    #: with ``eligibility: {consent: required}`` enrols no one without it (issue 25).
    consent_on: date | None = None
    #: The parties (ids of the definition's organisation.parties) the coordinator recorded
    #: the person as an active case at, at enrolment (issue 25); NULL when none were named.
    active_parties: list[str] | None = Field(default=None,
                                             sa_column=Column(JSON(none_as_null=True)))
    #: At how many parties the person was an active case at enrolment, when recorded.
    parties_active: int | None = None
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


#: The predicate of the partial indexes over open obligations, for queries: written out,
#: not bound, because SQLite uses a partial index only when the query states its
#: predicate, and a bound parameter would keep PostgreSQL's generic plans from proving
#: that the index applies.
OPEN_OBLIGATIONS = text(f"obligations.{OPEN}")


class ObligationRow(SQLModel, table=True):
    """A stored due date: what the timeline function said the case must do, and by when."""

    __tablename__ = "obligations"
    __table_args__ = (
        UniqueConstraint("case_id", "key"),
        Index("ix_obligations_open_due", "due_on", **partial(OPEN)),
        Index("ix_obligations_open_coordinator", "coordinator", "due_on", **partial(OPEN)),
        Index("ix_obligations_open_remind", "remind_on", **partial(OPEN)),
        Index("ix_obligations_open_escalate", "escalate_on", **partial(OPEN)),
        Index("ix_obligations_open_changed", "changed_at", **partial(OPEN)),
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
    #: The time a meeting is booked for (UTC) and where, told to the participant
    #: (migration 0019); None until the coordinator books it.
    meeting_at: datetime | None = None
    meeting_place: str | None = Field(default=None, max_length=200)


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
    # The reports read a case's latest answer to each survey, and its score, from this
    # index alone (engine.service.programme.record_data; revision 0025).
    __table_args__ = (
        Index("ix_survey_answers_case_survey", "case_id", "survey", "answered_on", "score"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    survey: str = Field(max_length=64)
    answered_on: date
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    #: The sum of the numeric answers (engine.rules.surveys.answer_score); None if none.
    score: float | None = None


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


# The other tables live in their own modules; importing them here registers them
# wherever the tables are (migrations, tests).
from engine.store import account_tables as _account_tables  # noqa: E402, F401
from engine.store import definition_tables as _definition_tables  # noqa: E402, F401
from engine.store import delivery_tables as _delivery_tables  # noqa: E402, F401
from engine.store import privacy_tables as _privacy_tables  # noqa: E402, F401
from engine.store import programme_tables as _programme_tables  # noqa: E402, F401
from engine.store import worker_tables as _worker_tables  # noqa: E402, F401
