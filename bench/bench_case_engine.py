"""Bulk enrolment and the "due or overdue today" query at scale.

Run: .venv/bin/python bench/bench_case_engine.py [--participants 100000] [--database URL]

Enrols N Samordningsteam Västerås participants (no concurrent cap; about ten
obligations each) with enrolment dates spread over the past year, lets "coordinators"
complete everything due more than a week ago (a realistic open backlog), then times
the due query.  To show that the query's cost follows the rows it returns and not the
rows stored, it is also timed on a date window with a tenth of the rows.
Targets (issue 3, SQLite, 2 cores): enrolment ≥ 2,000 participants/s, due query under
100 ms at 100,000 active participants.  Issue 15 asks ≥ 10,000 participants/s and peak
memory under 500 MB enrolling 1,000,000 (``--participants 1000000 --enrol-only``).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sqlalchemy import text, update  # noqa: E402
from sqlmodel import col  # noqa: E402
from timing import median_ms  # noqa: E402

from engine.clock import fixed_clock  # noqa: E402
from engine.service.cases.bulk import enrol_many  # noqa: E402
from engine.service.cases.enrolment import EnrolmentRequest  # noqa: E402
from engine.service.cases.queries import TaskFilter, count_due, due_or_overdue, list_tasks  # noqa: E402
from engine.service.shared.context import Context  # noqa: E402
from engine.store.database import open_database  # noqa: E402
from engine.store.tables import ObligationRow  # noqa: E402

TODAY = date(2026, 11, 23)
CRITERIA = ("offentlig_forsorjning", "arbetslivsinriktade_insatser", "ej_ordinarie_insatser",
            "egen_vilja")


def requests(n: int):  # type: ignore[no-untyped-def]
    for i in range(n):
        yield EnrolmentRequest(
            programme="vasteras", participant_key=f"P{i:07d}",
            gender=("kvinna", "man")[i % 2], birth_year=1965 + i % 40,
            municipality="Västerås", coordinator=f"coordinator{i % 100:03d}",
            on=TODAY - timedelta(days=i % 365), active_parties=("af", "vasteras_stad"),
            attested=CRITERIA)


def run(n: int, url: str | None, enrol_only: bool = False) -> None:
    folder = Path(tempfile.mkdtemp(prefix="stegvis-bench-"))
    url = url or f"sqlite:///{folder / 'bench.db'}"
    engine = open_database(url)
    ctx = Context(engine, fixed_clock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC)))
    start = time.perf_counter()
    result = enrol_many(ctx, requests(n), actor="bench")
    seconds = time.perf_counter() - start
    assert result.enrolled == n, result.refused[:3]
    print(f"{engine.dialect.name}, {n:,} participants")
    print(f"  bulk enrolment: {seconds:6.1f} s = {n / seconds:8,.0f} participants/s, "
          f"{result.obligations:,} obligations ({result.obligations / seconds:,.0f}/s)")
    # Peak resident memory of this process so far (Linux reports KiB): the requests are
    # generated lazily and enrolled in batches, so it should not grow with n.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory (ru_maxrss): {peak:,.0f} MiB")
    if enrol_only:
        engine.dispose()
        return
    with engine.begin() as conn:
        conn.execute(update(ObligationRow).where(
            col(ObligationRow.due_on) < TODAY - timedelta(days=7)).values(status="done"))
        if engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))  # fresh planner statistics after the mass update
    if engine.dialect.name == "postgresql":
        # The mass update leaves dead entries in the partial index until VACUUM (MVCC);
        # in service autovacuum does this as work is completed day by day.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE obligations"))
    if url.startswith("sqlite:///"):
        size = Path(url[len("sqlite:///"):]).stat().st_size
        print(f"  database file: {size / 2**20:,.0f} MiB")
    due = due_or_overdue(ctx, TODAY)
    took = median_ms(lambda: due_or_overdue(ctx, TODAY))
    print(f"  due or overdue today: {len(due):,} rows in {took:6.1f} ms "
          f"= {took * 1000 / max(len(due), 1):4.1f} µs a row "
          f"(count only: {median_ms(lambda: count_due(ctx, TODAY)):5.1f} ms)")
    window = TaskFilter(due_from=TODAY, due_to=TODAY, limit=10**9)
    few = list_tasks(ctx, window)
    took = median_ms(lambda: list_tasks(ctx, window))
    print(f"  due today, full rows: {len(few):,} rows in {took:6.1f} ms")
    mine = TaskFilter(coordinator="coordinator007", due_to=TODAY, limit=10**9)
    print(f"  one coordinator's due list: {len(list_tasks(ctx, mine)):,} rows in "
          f"{median_ms(lambda: list_tasks(ctx, mine)):6.1f} ms")
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            plan = conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT case_id, key, due_on, coordinator FROM obligations "
                "WHERE status = 'open' AND due_on <= '2026-11-23'")).fetchall()
        print(f"  plan: {' / '.join(str(row[-1]) for row in plan)}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--database", help="a URL; default a fresh SQLite file per run")
    parser.add_argument("--enrol-only", action="store_true",
                        help="time bulk enrolment only (for runs of a million)")
    args = parser.parse_args()
    for n in args.participants:
        run(n, args.database, args.enrol_only)


if __name__ == "__main__":
    main()
