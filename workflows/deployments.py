"""From the plan (:mod:`workflows.schedules`) to Prefect deployments, served or checked.

Imports Prefect: only ``stegvis serve`` imports this module, after it has set
``PREFECT_API_URL``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from contextlib import suppress
from typing import Any
from uuid import UUID

from prefect import Flow
from prefect.client.orchestration import get_client
from prefect.deployments.runner import RunnerDeployment
from prefect.runner import Runner
from prefect.schedules import Schedule

from workflows.flows import deliver_flow, programme_event_flow, sweep_flow
from workflows.schedules import PlannedDeployment, PlannedSchedule

FLOWS: dict[str, Flow[Any, Any]] = {"sweep": sweep_flow, "deliver": deliver_flow,
                                    "programme_event": programme_event_flow}
TAGS = ["stegvis"]


def prefect_schedule(planned: PlannedSchedule) -> Schedule:
    """A Prefect schedule (cron or RRULE, Europe/Stockholm) with its parameters."""
    return Schedule(cron=planned.cron, rrule=planned.rrule, timezone=planned.timezone,
                    parameters=dict(planned.parameters), slug=planned.slug)


def to_deployments(planned: Sequence[PlannedDeployment]) -> list[RunnerDeployment]:
    """One :class:`RunnerDeployment` per planned deployment, schedules and all."""
    out = []
    for item in planned:
        deployment = FLOWS[item.flow].to_deployment(
            item.name, schedules=[prefect_schedule(s) for s in item.schedules],
            description=item.description, tags=TAGS)
        # to_deployment is dispatched sync/async; called from sync code it returns the value.
        assert isinstance(deployment, RunnerDeployment)
        out.append(deployment)
    return out


class _Runner(Runner):
    """Prefect's runner, stopped by SIGTERM as by Ctrl-C, without losing the signal.

    Prefect 3.8.8's own SIGTERM handler calls the async ``stop()`` without awaiting it
    ("coroutine 'Runner.astop' was never awaited") and then ``sys.exit(0)``.  Raising
    KeyboardInterrupt from the handler instead was lost now and then: a signal handler
    runs between any two bytecodes, and an exception raised in a weakref callback or a
    ``__del__`` is printed and dropped, so serve went on serving after SIGTERM.  Here
    the handler only sets :attr:`stop_requested`; :func:`serve_forever` watches it and
    cancels the runner, which then shuts down as after Ctrl-C.  (Re-sending SIGINT
    would not do: a service started in the background often has SIGINT ignored.)
    """

    def __init__(self, *args: Any, stop_requested: threading.Event | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Set by SIGTERM (serve gives its own, set by SIGTERM before serving too).
        self.stop_requested = stop_requested or threading.Event()

    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        """Ask :func:`serve_forever` to stop serving, as Ctrl-C does."""
        self.stop_requested.set()

    def held_flow_run_ids(self) -> set[str]:
        """The flow runs this runner has taken and not finished, for the heartbeat.

        From the moment its poller picks a run (before proposing Pending) until the
        run's process has ended.  Prefect has no public API for it: this reads Prefect
        3.8's runner (its own and its poller's ``_submitting_flow_run_ids``, its process
        maps); tests/test_serve_workers.py fails if those names go.  Called from the
        heartbeat thread: a set changing meanwhile is read again.
        """
        poller = getattr(self, "_scheduled_run_poller", None)
        manager = getattr(self, "_process_manager", None)
        sources: list[Any] = [getattr(self, "_submitting_flow_run_ids", ()),
                              getattr(poller, "_submitting_flow_run_ids", ()),
                              getattr(manager, "_process_map", {}),
                              getattr(self, "_flow_run_process_map", {})]
        found: set[str] = set()
        for source in sources:
            for _attempt in range(5):
                try:
                    found.update(str(run_id) for run_id in list(source))
                    break
                except RuntimeError:  # changed size during iteration
                    continue
        return found


def registered_runner(planned: Sequence[PlannedDeployment],
                      stop_requested: threading.Event | None = None) -> _Runner:
    """A runner with every deployment registered on the server (not yet serving), that
    stops serving once ``stop_requested`` is set (:func:`serve_forever`)."""
    runner = _Runner(pause_on_shutdown=False, stop_requested=stop_requested)
    for deployment in to_deployments(planned):
        runner.add_deployment(deployment)  # registers it with the API
    return runner


def serve_forever(runner: _Runner) -> None:
    """Serve the runner's deployments until Ctrl-C or SIGTERM; schedules stay active.

    With :func:`registered_runner`, what ``prefect.serve(*deployments,
    pause_on_shutdown=False)`` does, with the runner above: its ``stop_requested`` is
    looked at five times a second and, once set, the runner is cancelled.  Returns at
    once if it was set before.
    """
    async def serve() -> None:
        if runner.stop_requested.is_set():
            return
        serving = asyncio.ensure_future(runner.start())
        while not serving.done():
            if runner.stop_requested.is_set():
                serving.cancel()
                break
            await asyncio.wait({serving}, timeout=0.2)
        with suppress(asyncio.CancelledError):
            await serving

    with suppress(KeyboardInterrupt):  # Ctrl-C: asyncio.run cancels serve() itself
        asyncio.run(serve())


def remove_unplanned(planned: Sequence[PlannedDeployment]) -> list[str]:
    """Delete Stegvis's deployments on the server that the plan no longer has.

    A programme whose definition was removed, or whose calendar has nothing left in
    the span (a project that ended), would otherwise keep its deployment, and its
    scheduled runs, which no process serves any more, would pile up as Late.  Only
    deployments tagged ``stegvis`` of Stegvis's own flows are touched.  Returns one line
    per deployment removed.
    """
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterTags,
        FlowFilter,
        FlowFilterName,
    )

    wanted = {item.name for item in planned}
    flow_names = {flow.name for flow in FLOWS.values()}
    removed = []
    with get_client(sync_client=True) as client:
        flows = {f.id: f.name for f in client.read_flows(
            flow_filter=FlowFilter(name=FlowFilterName(any_=sorted(flow_names))))}
        ours = client.read_deployments(
            deployment_filter=DeploymentFilter(tags=DeploymentFilterTags(all_=TAGS)))
        for deployment in ours:
            if deployment.flow_id in flows and deployment.name not in wanted:
                client.delete_deployment(deployment.id)
                removed.append(f"removed deployment {deployment.name} "
                               f"({flows[deployment.flow_id]}): no longer planned")
    return removed


def register_and_verify(planned: Sequence[PlannedDeployment]) -> list[str]:
    """Register the deployments, read them back from the API, return one line each.

    Raises RuntimeError naming every deployment whose schedules the server does not
    hold as planned.
    """
    lines, problems = [], []
    with get_client(sync_client=True) as client:
        for item, deployment in zip(planned, to_deployments(planned), strict=True):
            deployment_id = deployment.apply()  # sync here, like to_deployment
            assert isinstance(deployment_id, UUID)
            stored = client.read_deployment(deployment_id)
            slugs = sorted(s.slug or "" for s in stored.schedules)
            wanted = sorted(s.slug for s in item.schedules)
            if slugs != wanted:
                problems.append(f"{item.name}: the server holds schedules {slugs}, "
                                f"planned were {wanted}")
            lines.append(f"{item.name} ({FLOWS[item.flow].name}): "
                         f"{len(stored.schedules)} schedule(s), "
                         f"{'paused' if stored.paused else 'active'}")
    if problems:
        raise RuntimeError("; ".join(problems))
    return lines
