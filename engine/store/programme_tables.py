"""What a programme itself records: its own obligations (a budget deviation's analysis,
an evaluation step), its budget, refused enrolments, staff trained, report runs and
the archive of what they produced, gaps a draft found, and the board's decisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from engine.store.partial_index import OPEN, partial


class ProgrammeObligationRow(SQLModel, table=True):
    """An obligation of a programme's role, not of a case: a budget deviation's analysis
    of causes or action plan (seed 003).  The sweep reminds and escalates from its dates
    into the role's digest, as it does for a case's obligations.
    """

    __tablename__ = "programme_obligations"
    __table_args__ = (
        UniqueConstraint("programme_id", "key"),
        Index("ix_programme_obligations_open_due", "due_on", **partial(OPEN)),
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
    killed half-way is taken over once the lease has run out
    (engine/service/programme/report_runs.py).
    """

    __tablename__ = "report_runs"
    __table_args__ = (
        UniqueConstraint("programme_id", "event_key"),
        Index("ix_report_runs_unfinished", "lease_until", **partial("status = 'producing'")),
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

    Its files are rows of ``report_files``; ``folder`` is where they go in an export
    (relative to the export folder, ``STEGVIS_ARCHIVE``); ``content_hash``
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


class ReportFileRow(SQLModel, table=True):
    """One file of an archived version, its bytes in the database (revision 0016).

    In the database rather than in a folder of one machine, so that every worker reads
    it: a report produced by one ``stegvis serve`` is mailed by whichever takes the
    delivery.  Documents are small (a report's PDF is tens of kB); ``sha256`` is the
    hash also listed in the version's ``files`` and is checked on every read.
    """

    __tablename__ = "report_files"
    __table_args__ = (UniqueConstraint("archive_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    archive_id: int = Field(foreign_key="report_archive.id")
    name: str = Field(max_length=300)
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


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
