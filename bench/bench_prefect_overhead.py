"""Prefect's overhead per sweep, beside the naive one-flow-per-participant way.

Run: .venv/bin/python bench/bench_prefect_overhead.py [--participants 10000] [--sample 20]

Starts Prefect's test server, enrols N participants, and times the morning sweep three
ways on the same data: the engine call alone; the sweep flow (one flow and three task
runs, whatever N); and a naive flow run per participant, timed on a sample and
extrapolated to N.  The difference between the first two is Prefect's constant
overhead.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_case_engine import TODAY, requests  # noqa: E402
from sqlalchemy import text  # noqa: E402

from engine.clock import fixed_clock  # noqa: E402
from engine.service.cases.bulk import enrol_many  # noqa: E402
from engine.service.cases.horizon import extend_horizons  # noqa: E402
from engine.service.reminders.delivery import build_digests  # noqa: E402
from engine.service.reminders.sweep import sweep  # noqa: E402
from engine.service.shared.context import Context  # noqa: E402
from engine.store.database import open_database  # noqa: E402

DAY = TODAY + timedelta(days=1)


def reset(engine: object) -> None:
    with engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f"DELETE FROM notices WHERE day >= '{DAY.isoformat()}'"))
        conn.execute(text(f"DELETE FROM sweeps WHERE day >= '{DAY.isoformat()}'"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=20)
    args = parser.parse_args()
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='stegvis-prefect-')) / 'b.db'}"
    os.environ["STEGVIS_DATABASE_URL"] = url
    engine = open_database(url)
    at = datetime(2026, 11, 23, 7, tzinfo=UTC)
    enrol_many(Context(engine, fixed_clock(at - timedelta(hours=12))),
               requests(args.participants), actor="bench")
    sweep(Context(engine, fixed_clock(at)), TODAY)  # the backlog, once

    from prefect import flow
    from prefect.settings import temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    from workflows.flows import sweep_flow

    @flow(name="naive-participant-sweep")
    def naive_participant_sweep(case_id: int, day: str) -> int:
        """What a flow per participant would do: that case's obligations only."""
        with engine.connect() as conn:
            return len(conn.execute(text(
                "SELECT id FROM obligations WHERE case_id = :c AND status = 'open' AND "
                "(remind_on <= :d OR due_on <= :d)"), {"c": case_id, "d": day}).all())

    with temporary_settings(updates={"server.analytics_enabled": False}), \
            prefect_test_harness(server_startup_timeout=120):
        reset(engine)
        start = time.perf_counter()
        ctx = Context(engine, fixed_clock(at + timedelta(days=1)))
        extend_horizons(ctx, DAY)
        direct = sweep(ctx, DAY)
        build_digests(ctx, DAY)
        direct_s = time.perf_counter() - start
        reset(engine)
        sweep_flow(day=DAY.isoformat())  # warm-up: the first flow run in a process is slower
        reset(engine)
        start = time.perf_counter()
        result = sweep_flow(day=DAY.isoformat())
        flow_s = time.perf_counter() - start
        start = time.perf_counter()
        for case_id in range(1, args.sample + 1):
            naive_participant_sweep(case_id, DAY.isoformat())
        per_run = (time.perf_counter() - start) / args.sample
    n = args.participants
    print(f"{n:,} participants, {DAY}: {direct.created:,} notices "
          f"(the flow wrote {result['notices']:,})")
    print(f"  the same three steps without Prefect: {direct_s * 1000:6.0f} ms")
    print(f"  sweep flow (1 flow, 3 tasks):       {flow_s * 1000:8.0f} ms "
          f"(Prefect's overhead {max(flow_s - direct_s, 0) * 1000:.0f} ms, the same for any N)")
    print(f"  naive, one flow run per participant: {per_run * 1000:7.0f} ms a run "
          f"(sample of {args.sample}) → {per_run * n / 3600:.1f} h for {n:,}, "
          f"{per_run * 1_000_000 / 3600 / 24:.1f} days for 1,000,000")


if __name__ == "__main__":
    main()
