"""Flow runs that a stopped ``stegvis serve`` left "Running": marked Crashed on start.

A serve killed during a delivery (``kill -9``, a power cut, the OOM killer) cannot
report the end of its flow run, and with the private Prefect server nothing else
would: the run stays Running in Prefect's UI for ever.  Prefect's own remedy (flow
run heartbeats and an automation, docs/operations.md) needs heartbeat events and a
trigger window of minutes; with the private server a simpler rule is exact: serve
holds ``serve.lock`` (so it is the only process serving that Prefect database), and
on start no run of its deployments can still be running unless its process (the
runner's ``python -m prefect.engine`` child, which carries ``PREFECT__FLOW_RUN_ID``)
is still alive on this machine.  Every other Running, Pending or Cancelling run of a
Stegvis deployment is marked Crashed, with a message saying why.

Imports Prefect: only ``stegvis serve`` imports this module, after it has set
``PREFECT_API_URL``.
"""

from __future__ import annotations

from pathlib import Path

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

from workflows.deployments import TAGS

#: States a flow run is in while some process is (or was) working on it.
UNFINISHED = [StateType.RUNNING, StateType.PENDING, StateType.CANCELLING]
CRASH_MESSAGE = ("the stegvis serve running this flow run stopped without ending it "
                 "(killed or crashed); marked Crashed when serve started again")


def live_flow_run_ids(proc: Path = Path("/proc")) -> set[str]:
    """Ids of the flow runs whose process is alive on this machine (Linux ``/proc``)."""
    found = set()
    for environ in proc.glob("[0-9]*/environ"):
        try:
            data = environ.read_bytes()
        except OSError:  # gone meanwhile, or another user's
            continue
        for entry in data.split(b"\0"):
            if entry.startswith(b"PREFECT__FLOW_RUN_ID="):
                found.add(entry.split(b"=", 1)[1].decode("ascii", "replace"))
    return found


def crash_abandoned_runs() -> list[str]:
    """Mark the unfinished runs of Stegvis's deployments whose process is gone as Crashed.

    Only for the private server (see the module docstring); returns one line per run.
    """
    lines = []
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=UNFINISHED)),
                deployment_id=FlowRunFilterDeploymentId(is_null_=False)),
            deployment_filter=DeploymentFilter(tags=DeploymentFilterTags(all_=TAGS)))
        if not runs:
            return []
        alive = live_flow_run_ids()
        for run in runs:
            if str(run.id) in alive:
                continue
            was = run.state.name if run.state else "unfinished"
            client.set_flow_run_state(run.id, Crashed(message=CRASH_MESSAGE), force=True)
            lines.append(f"flow run {run.name} ({run.id}) was left {was} by a serve that "
                         "stopped; marked Crashed")
    return lines
