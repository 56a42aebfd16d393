"""Workers that share a database: heartbeats, who is dead, whose runs are ended, and
flow-run processes that die with their serve.

The whole thing with real serve processes is tests/test_serve_operations.py (a private
server) and tests/test_serve.py (two workers on a Prefect server on PostgreSQL).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import MovableClock

from engine.processes import SERVE_PID_VARIABLE, process_started, this_host
from engine.service.shared.context import Context
from engine.service.shared.serve_workers import UnfinishedRun, beat, forget, runs_to_end, workers

STALE = timedelta(seconds=60)


def _run(run_id: str, state: str, since_seconds_ago: int, clock: MovableClock) -> UnfinishedRun:
    return UnfinishedRun(id=run_id, name=f"run-{run_id}", state=state,
                         since=clock() - timedelta(seconds=since_seconds_ago))


def test_only_the_runs_of_dead_workers_and_long_unclaimed_runs_are_ended(
        ctx: Context, clock: MovableClock) -> None:
    beat(ctx, "dead", host="worker-a.example", pid=4001, process_started=11,
         flow_runs=["r-dead"])
    clock.at += timedelta(seconds=70)  # worker a has missed four heartbeats
    beat(ctx, "live", host="worker-b.example", pid=4002, process_started=12,
         flow_runs=["r-live", "r-live-pending"])
    runs = [_run("r-dead", "Running", 80, clock), _run("r-live", "Running", 80, clock),
            _run("r-live-pending", "Pending", 1, clock),
            _run("r-just-taken", "Pending", 5, clock),  # no heartbeat has listed it yet
            _run("r-abandoned", "Pending", 65, clock)]  # taken, then its worker died
    ending, dead = runs_to_end(runs, workers(ctx), now=ctx.now(), stale=STALE,
                               here="this-machine", started=lambda pid: None,
                               exclusive=False)
    assert [(e.run.id, e.reason) for e in ending] == [
        ("r-dead", "on worker-a.example, pid 4001, last heartbeat "
                   f"{(clock() - timedelta(seconds=70)):%Y-%m-%d %H:%M:%S} UTC"),
        ("r-abandoned", f"no live serve has held it since "
                        f"{clock() - timedelta(seconds=65):%H:%M:%S} UTC")]
    assert [w.id for w in dead] == ["dead"]

    # With the private server nothing else can be running a run no live worker lists.
    ending, _ = runs_to_end(runs, workers(ctx), now=ctx.now(), stale=STALE,
                            here="this-machine", started=lambda pid: None, exclusive=True)
    assert [e.run.id for e in ending] == ["r-dead", "r-just-taken", "r-abandoned"]

    forget(ctx, [w.id for w in dead])
    assert [w.id for w in workers(ctx)] == ["live"]


def test_a_worker_on_this_machine_is_alive_exactly_while_its_process_is(
        ctx: Context, clock: MovableClock) -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    gone = int(ended.stdout)
    me = os.getpid()
    here = this_host()
    # Our own process, whose heartbeat is old (a long pause): alive, its run left alone.
    beat(ctx, "me", host=here, pid=me, process_started=process_started(me),
         flow_runs=["r-mine"])
    # A pid reused by another process than the worker that recorded it: dead.
    beat(ctx, "reused", host=here, pid=me, process_started=(process_started(me) or 0) - 1,
         flow_runs=["r-reused"])
    clock.at += timedelta(minutes=10)
    # Killed a second ago, its heartbeat fresh: dead all the same (restarted at once).
    beat(ctx, "killed", host=here, pid=gone, process_started=1, flow_runs=["r-killed"])
    runs = [_run(r, "Running", 600, clock) for r in ("r-mine", "r-reused", "r-killed")]
    ending, dead = runs_to_end(runs, workers(ctx), now=ctx.now(), stale=STALE, here=here,
                               started=process_started, exclusive=False)
    assert [e.run.id for e in ending] == ["r-reused", "r-killed"]
    assert sorted(w.id for w in dead) == ["killed", "reused"]


def test_a_heartbeat_records_the_runs_held_now(ctx: Context, clock: MovableClock) -> None:
    beat(ctx, "w", host="h", pid=1, process_started=2, flow_runs=["b", "a", "a"])
    started_at = ctx.now()
    clock.at += timedelta(seconds=15)
    beat(ctx, "w", host="h", pid=1, process_started=2, flow_runs=[])
    (worker,) = workers(ctx)
    assert worker.flow_runs == frozenset() and worker.heartbeat_at == ctx.now()
    assert worker.heartbeat_at - started_at == timedelta(seconds=15)


def test_the_runner_still_has_what_the_heartbeat_reads() -> None:
    """Prefect has no public list of a runner's runs: the names read are checked here."""
    import inspect

    from prefect.runner._scheduled_run_poller import ScheduledRunPoller

    from workflows.deployments import _Runner

    runner = _Runner(pause_on_shutdown=False)
    assert isinstance(runner._submitting_flow_run_ids, set)
    assert isinstance(runner._process_manager._process_map, dict)
    assert "self._submitting_flow_run_ids" in inspect.getsource(ScheduledRunPoller)
    assert runner.held_flow_run_ids() == set()
    runner._submitting_flow_run_ids.add("11111111-1111-1111-1111-111111111111")  # type: ignore[arg-type]
    assert runner.held_flow_run_ids() == {"11111111-1111-1111-1111-111111111111"}


_CHILD = ("from engine.processes import die_with_serve; die_with_serve(); "
          "print('armed', flush=True); import time; time.sleep(120)")
_SERVE = ("import os, subprocess, sys, time; "
          f"env = {{**os.environ, {SERVE_PID_VARIABLE!r}: str(os.getpid())}} "
          "if sys.argv[1] == 'serve' else None; "
          f"child = subprocess.Popen([sys.executable, '-c', {_CHILD!r}], env=env); "
          "print(child.pid, flush=True); time.sleep(120)")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("started_by", ["serve", "someone else"])
def test_a_process_serve_started_dies_when_serve_is_killed(started_by: str) -> None:
    parent = subprocess.Popen([sys.executable, "-c", _SERVE, started_by.split()[0]],
                              stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    try:
        assert parent.stdout.readline() == "armed\n"  # it asked to die with its parent
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while process_started(child) is not None and time.monotonic() < deadline:
            time.sleep(0.1)
        survived = process_started(child) is not None
        assert survived == (started_by != "serve")
    finally:
        if process_started(child) is not None:
            os.kill(child, signal.SIGKILL)
        parent.stdout.close()


@pytest.mark.parametrize("given", ["0", "fifteen", "15.5", "99999"])
def test_a_heartbeat_interval_that_is_no_number_of_seconds_is_refused_in_one_line(
        tmp_path: Path, given: str) -> None:
    from test_serve import STEGVIS, _env

    done = subprocess.run([*STEGVIS, "serve", "--check"],
                          env=_env(tmp_path, STEGVIS_HEARTBEAT_SECONDS=given),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert line.startswith("stegvis: STEGVIS_HEARTBEAT_SECONDS: "), line
    assert "from 1 to 3,600" in line or "whole number" in line, line
    assert not (tmp_path / "home" / "prefect" / "server.pid").exists()  # nothing started
