"""Flow runs that a dead ``stegvis serve`` left Pending or Running: marked Crashed.

A serve killed during a run (``kill -9``, a power cut, the OOM killer) cannot report
the end of its flow run, and nothing in Prefect would: the run stays Running, or
Pending if it was killed between taking the run and starting it, for ever.  (Prefect's
own remedy, flow-run heartbeats and an automation, watches only Running runs, needs
heartbeat events and a window of minutes.)  So every serve, when it starts, ends the
runs of Stegvis's deployments that no live serve is running, and only those: with a
shared Prefect server the other workers' runs are left alone.  Which worker runs what
and who is alive is recorded in Stegvis's database (:mod:`engine.service.shared.
serve_workers`: each worker's heartbeat and the runs it holds).

Imports Prefect: only ``stegvis serve`` imports this module, after it has set
``PREFECT_API_URL``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterTags,
    FlowRunFilter,
    FlowRunFilterDeploymentId,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import StateType
from prefect.states import Crashed

from engine.processes import process_started, this_host
from engine.service.shared.context import Context
from engine.service.shared.serve_workers import UnfinishedRun, forget, runs_to_end, workers
from workflows.deployments import TAGS

#: States a flow run is in while some process is (or was) working on it.
UNFINISHED = [StateType.RUNNING, StateType.PENDING, StateType.CANCELLING]
CRASH_MESSAGE = ("the stegvis serve running this flow run stopped without ending it "
                 "(killed or crashed); marked Crashed when a serve started again")
LOGGER = logging.getLogger("stegvis.serve")


def unfinished_runs() -> list[UnfinishedRun]:
    """The Pending, Running and Cancelling runs of Stegvis's deployments on the server."""
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=UNFINISHED)),
                deployment_id=FlowRunFilterDeploymentId(is_null_=False)),
            deployment_filter=DeploymentFilter(tags=DeploymentFilterTags(all_=TAGS)))
    out = []
    for run in runs:
        since = run.state.timestamp if run.state and run.state.timestamp else None
        out.append(UnfinishedRun(
            id=str(run.id), name=run.name,
            state=(run.state.name if run.state else None) or "unfinished",
            since=datetime.fromtimestamp(since.timestamp(), UTC) if since else
            datetime.min.replace(tzinfo=UTC)))
    return out


def crash_abandoned_runs(ctx: Context, *, stale: timedelta, exclusive: bool) -> list[str]:
    """Mark the unfinished runs that no live serve runs as Crashed; one line each, logged.

    ``exclusive`` with the private server (no other worker can be running its runs).
    The rows of the dead workers are deleted once their runs are ended.
    """
    runs = unfinished_runs()
    ending, dead = runs_to_end(runs, workers(ctx), now=ctx.now(), stale=stale,
                               here=this_host(), started=process_started,
                               exclusive=exclusive)
    lines = []
    if ending:
        with get_client(sync_client=True) as client:
            for item in ending:
                client.set_flow_run_state(item.run.id, Crashed(message=CRASH_MESSAGE),
                                          force=True)
                detail = f" ({item.reason})" if item.reason else ""
                line = (f"flow run {item.run.name} ({item.run.id}) was left {item.run.state} "
                        f"by a serve that stopped{detail}; marked Crashed")
                LOGGER.warning("%s", line)
                lines.append(line)
    forget(ctx, [w.id for w in dead])
    return lines
