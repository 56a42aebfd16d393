"""The daily sweep at scale (engine side; the Prefect overhead is measured with issue 4).

Run: .venv/bin/python bench/bench_sweep.py [--participants 100000] [--database URL]

Enrols N participants as bench_case_engine.py does, completes everything due more than
a week ago, runs a first sweep (the whole open backlog), then times the sweep of the
next working day (a normal day), the same day again (a rerun: must add nothing) and a
day on which nothing changes stage.  Targets (issue 4, 2 cores): 100,000 participants
swept in under 1 s, an empty day under 50 ms.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_case_engine import TODAY, requests  # noqa: E402
from sqlalchemy import text, update  # noqa: E402
from sqlmodel import col  # noqa: E402

from engine.clock import fixed_clock  # noqa: E402
from engine.service.bulk import enrol_many  # noqa: E402
from engine.service.context import Context  # noqa: E402
from engine.service.sweep import sweep  # noqa: E402
from engine.store.database import open_database  # noqa: E402
from engine.store.tables import ObligationRow  # noqa: E402


def timed(ctx_day: tuple[Context, date]) -> tuple[float, int, int]:
    ctx, day = ctx_day
    start = time.perf_counter()
    result = sweep(ctx, day)
    return (time.perf_counter() - start) * 1000, result.candidates, result.created


def run(n: int, url: str | None) -> None:
    url = url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='stegvis-sweep-')) / 'b.db'}"
    engine = open_database(url)
    at = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    # Enrolled the evening before the first sweep, as in service.
    enrol_many(Context(engine, fixed_clock(at - timedelta(hours=12))), requests(n),
               actor="bench")
    ctx = Context(engine, fixed_clock(at))
    with engine.begin() as conn:
        conn.execute(update(ObligationRow).where(
            col(ObligationRow.due_on) < TODAY - timedelta(days=7)).values(status="done"))
        if engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE obligations"))
    print(f"{engine.dialect.name}, {n:,} participants")
    first = timed((ctx, TODAY))
    print(f"  first sweep (the whole open backlog): {first[0]:7.1f} ms, {first[1]:,} "
          f"candidates, {first[2]:,} notices")
    next_day = TODAY + timedelta(days=1)
    later = Context(engine, fixed_clock(at + timedelta(days=1)))
    normal = timed((later, next_day))
    print(f"  next working day:                     {normal[0]:7.1f} ms, {normal[1]:,} "
          f"candidates, {normal[2]:,} notices")
    again = timed((later, next_day))
    print(f"  the same day again (a rerun):         {again[0]:7.1f} ms, {again[2]} notices")
    # Long after the last enrolment nothing changes stage any more: sweep one working day
    # there (it covers the whole gap), then time the next one, which has nothing to do.
    gap, quiet = date(2028, 6, 12), date(2028, 6, 13)  # a Monday and a Tuesday
    timed((Context(engine, fixed_clock(_morning(gap))), gap))
    empty = timed((Context(engine, fixed_clock(_morning(quiet))), quiet))
    print(f"  a day on which nothing changes stage: {empty[0]:7.1f} ms, {empty[1]} "
          f"candidates")
    engine.dispose()


def _morning(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, nargs="*", default=[100_000])
    parser.add_argument("--database")
    args = parser.parse_args()
    for n in args.participants:
        run(n, args.database)


if __name__ == "__main__":
    main()
