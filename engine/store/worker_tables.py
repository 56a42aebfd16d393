"""The ``stegvis serve`` workers that share one database, and their heartbeats.

Several workers may serve one Prefect server.  When one dies (``kill -9``, a power cut)
its unfinished flow runs must be ended, and only its: the runs of a live worker are
its own business.  Each worker writes a heartbeat here, with the flow runs it is
running; the next worker to start ends the runs of workers whose heartbeat has gone
stale (:mod:`workflows.recovery`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column
from sqlmodel import Field, SQLModel


class ServeWorkerRow(SQLModel, table=True):
    """One running ``stegvis serve`` (revision 0020); deleted when it stops cleanly."""

    __tablename__ = "serve_workers"

    id: str = Field(primary_key=True, max_length=36)
    host: str = Field(max_length=255)
    pid: int
    #: The process's start in clock ticks since boot: a reused pid is another process.
    process_started: int | None = Field(default=None, sa_column=Column(BigInteger))
    started_at: datetime
    heartbeat_at: datetime = Field(index=True)
    #: The ids of the Prefect flow runs it is running, as of its last heartbeat.
    flow_runs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
