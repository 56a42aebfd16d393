"""Published programme definitions: each publication, and the drafts being written.

A :class:`~engine.store.tables.DefinitionVersionRow` is a definition's content, once per
content hash, pinned by the cases enrolled under it.  A publication says which content
a programme runs from a moment on, by whom and why; the newest publication of a
programme is the one every worker and the web read (``engine.service.shared.published``).
Publications are never changed or deleted: bringing an older version back is a new
publication of the same content.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class DefinitionPublicationRow(SQLModel, table=True):
    """One publication of a programme's definition: what runs from ``published_at``."""

    __tablename__ = "definition_publications"
    __table_args__ = (UniqueConstraint("programme_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: str = Field(max_length=64)
    #: 1, 2, 3, … per programme, in the order published; the newest one runs.
    number: int
    definition_version_id: int = Field(foreign_key="definition_versions.id")
    #: The text as published, its comments and layout kept (the version row keeps the
    #: first text of its content hash, which may differ in comments only).
    source_text: str
    published_at: datetime
    published_by: str = Field(max_length=64)
    reason: str = Field(max_length=2000)
    #: The number of the earlier publication this one brings back, if it does.
    republished_from: int | None = None


class DefinitionDraftRow(SQLModel, table=True):
    """The draft of a programme's next version, saved as its administrator types."""

    __tablename__ = "definition_drafts"

    programme_id: str = Field(primary_key=True, max_length=64)
    source_text: str
    #: The publication the draft was started from: publishing warns when another
    #: version was published since.
    based_on: int
    saved_at: datetime
    saved_by: str = Field(max_length=64)
