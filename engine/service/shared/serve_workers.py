"""Which ``stegvis serve`` workers are alive, and which flow runs a dead one left.

Every worker writes a heartbeat into the shared database (:func:`beat`) with the
Prefect flow runs it is running.  When a worker starts, it ends the unfinished runs
that no live worker is running (:func:`runs_to_end`):

- a worker on this machine is alive while its process is (pid and start time: exact,
  whatever its last heartbeat says); a worker elsewhere while its heartbeat is fresher
  than ``stale`` (several heartbeats: one late beat under load is not death);
- a run listed by a live worker is left alone, whatever state it is in;
- a run listed by a dead worker is ended;
- a run no worker lists (killed between Pending and the next heartbeat) is ended when
  its state is older than ``stale``, so a live worker has had time to list it; with the
  private server, which serve alone uses, at once.

The decision is pure (times, pids and hosts are given); reading Prefect and marking
runs Crashed is :mod:`workflows.recovery`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import select

from engine.service.shared.context import Context
from engine.store.worker_tables import ServeWorkerRow

#: How often serve writes its heartbeat (seconds), unless STEGVIS_HEARTBEAT_SECONDS says.
HEARTBEAT_SECONDS = 15
#: Heartbeats missed before a worker on another machine counts as dead.
MISSED_BEATS = 4


@dataclass(frozen=True, slots=True)
class Worker:
    """A worker as its last heartbeat recorded it."""

    id: str
    host: str
    pid: int
    process_started: int | None
    heartbeat_at: datetime
    flow_runs: frozenset[str]


@dataclass(frozen=True, slots=True)
class UnfinishedRun:
    """A flow run of Stegvis's deployments that is Pending, Running or Cancelling."""

    id: str
    name: str
    state: str
    since: datetime


@dataclass(frozen=True, slots=True)
class RunToEnd:
    """A run to mark Crashed, and which serve left it (empty: the private server's)."""

    run: UnfinishedRun
    reason: str


def beat(ctx: Context, worker_id: str, *, host: str, pid: int, process_started: int | None,
         flow_runs: Iterable[str]) -> None:
    """Record that the worker is alive now, running ``flow_runs`` (its row made once)."""
    now = ctx.now()
    runs = sorted(set(flow_runs))
    with ctx.transaction() as session:
        row = session.get(ServeWorkerRow, worker_id)
        if row is None:
            session.add(ServeWorkerRow(id=worker_id, host=host, pid=pid,
                                       process_started=process_started, started_at=now,
                                       heartbeat_at=now, flow_runs=runs))
        else:
            row.heartbeat_at, row.flow_runs = now, runs
            session.add(row)


def forget(ctx: Context, worker_ids: Iterable[str]) -> None:
    """Delete workers' rows: one that stopped cleanly, or dead ones whose runs were ended."""
    ids = list(worker_ids)
    if not ids:
        return
    with ctx.transaction() as session:
        session.execute(delete(ServeWorkerRow).where(
            ServeWorkerRow.id.in_(ids)))  # type: ignore[attr-defined]


def workers(ctx: Context) -> list[Worker]:
    """Every worker with a row, as of its last heartbeat."""
    with ctx.transaction(read_only=True) as session:
        rows = session.exec(select(ServeWorkerRow)).all()
    return [Worker(id=r.id, host=r.host, pid=r.pid, process_started=r.process_started,
                   heartbeat_at=r.heartbeat_at, flow_runs=frozenset(r.flow_runs or ()))
            for r in rows]


def is_alive(worker: Worker, *, now: datetime, stale: timedelta, here: str,
             started: Callable[[int], int | None]) -> bool:
    """Whether ``worker`` is alive: its process, on this host; its heartbeat, elsewhere."""
    if worker.host == here:
        return worker.process_started is not None and started(worker.pid) == \
            worker.process_started
    return worker.heartbeat_at > now - stale


def runs_to_end(runs: Sequence[UnfinishedRun], known: Sequence[Worker], *, now: datetime,
                stale: timedelta, here: str, started: Callable[[int], int | None],
                exclusive: bool) -> tuple[list[RunToEnd], list[Worker]]:
    """The runs no live worker runs (see the module docstring), and the dead workers.

    ``exclusive``: this worker is the only one serving its Prefect server (the private
    server, under ``serve.lock``), so a run no live worker lists is ended at once.
    """
    alive = [w for w in known if is_alive(w, now=now, stale=stale, here=here,
                                          started=started)]
    dead = [w for w in known if w not in alive]
    held = {run for w in alive for run in w.flow_runs}
    left_by = {run: w for w in dead for run in w.flow_runs}
    out = []
    for run in runs:
        if run.id in held:
            continue
        worker = left_by.get(run.id)
        if worker is not None:
            last = worker.heartbeat_at.strftime("%Y-%m-%d %H:%M:%S UTC")
            out.append(RunToEnd(run, f"on {worker.host}, pid {worker.pid}, last heartbeat "
                                     f"{last}"))
        elif exclusive:
            out.append(RunToEnd(run, ""))
        elif run.since <= now - stale:
            out.append(RunToEnd(run, f"no live serve has held it since {run.since:%H:%M:%S} UTC"))
    return out, dead
