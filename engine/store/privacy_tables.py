"""The personal texts of audit entries, kept apart from the append-only audit log.

The audit log (``audit_log``) can never be changed, so it must hold nothing that the
erasure of a participant (``stegvis purge``) would have to remove.  What an entry's
before and after say in free text (a goal, a follow-up's notes, a reason, a note) and
a participant's key are stored here instead, one row per field, and the entry holds a
marker in their place (``engine.service.shared.audit_texts``).  Purge deletes these rows; the
entry itself, with its dates, phases and outcomes, stays as it was written.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class AuditTextRow(SQLModel, table=True):
    """One free-text field of one audit entry (``side`` before/after, ``field`` its path)."""

    __tablename__ = "audit_texts"

    id: int | None = Field(default=None, primary_key=True)
    audit_id: int = Field(foreign_key="audit_log.id", index=True)
    #: The entry's case (None for an entry of no case); purge deletes by it.
    case_id: int | None = Field(default=None, index=True)
    side: str = Field(max_length=8)
    #: Where in ``before``/``after`` the value sits, keys joined by dots: ``follow_up.notes``.
    field: str = Field(max_length=200)
    value: Any = Field(default=None, sa_column=Column(JSON))


class ErasureRow(SQLModel, table=True):
    """A case whose personal data ``stegvis purge`` erased, and when (never twice)."""

    __tablename__ = "erasures"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", unique=True)
    programme_id: str = Field(max_length=64)
    #: The retention period in force, as written in the definition (e.g. "5 years").
    retention: str = Field(max_length=32)
    erased_on: date
    erased_at: datetime
