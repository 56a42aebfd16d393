"""The daily sweep at scale (engine side; the Prefect overhead is measured with issue 4).

Run: .venv/bin/python bench/bench_sweep.py [--participants 100000 ...] [--database URL]
     [--fresh] [--drop] [--repeat 3]

Enrols N participants as bench_case_engine.py does, completes everything due more than
a week ago, runs a first sweep (the whole open backlog), then times the sweep of the
next working day (a normal day), the same day again (a rerun: must add nothing) and a
day on which nothing changes stage.  Targets (issue 4, 2 cores): 100,000 participants
swept in under 1 s, 1,000,000 in under 10 s, an empty day under 50 ms.

Without ``--database`` each N gets a fresh SQLite file.  With a PostgreSQL URL,
``--fresh`` drops and creates the database the URL names before each N (otherwise the
participants of every run pile up in it) and ``--drop`` drops it afterwards.
``--repeat K`` undoes the normal day (its notices and sweep row) and sweeps it again K
times: the first figure is the sweep right after enrolment, the median of the repeats
the same work with warm caches.  The load average is printed: the figures mean little
if other work had the cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_case_engine import TODAY, requests  # noqa: E402
from sqlalchemy import Engine, create_engine, delete, make_url, text, update  # noqa: E402
from sqlmodel import col  # noqa: E402

from engine.clock import fixed_clock  # noqa: E402
from engine.service.cases.bulk import enrol_many  # noqa: E402
from engine.service.reminders.sweep import sweep  # noqa: E402
from engine.service.shared.context import Context  # noqa: E402
from engine.store.database import open_database  # noqa: E402
from engine.store.delivery_tables import NoticeRow, SweepRow  # noqa: E402
from engine.store.tables import ObligationRow  # noqa: E402


def timed(ctx_day: tuple[Context, date]) -> tuple[float, int, int]:
    ctx, day = ctx_day
    start = time.perf_counter()
    result = sweep(ctx, day)
    return (time.perf_counter() - start) * 1000, result.candidates, result.created


def run(n: int, url: str | None, *, fresh: bool, drop: bool, repeat: int) -> None:
    url = url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='stegvis-sweep-')) / 'b.db'}"
    postgres = url.startswith("postgresql")
    if postgres and fresh:
        _admin(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
        _admin(url, "CREATE DATABASE {}")
    engine = open_database(url)
    print(f"{engine.dialect.name}, {n:,} participants ({_server(engine)}; load average "
          f"{_load()})")
    at = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    # Enrolled the evening before the first sweep, as in service.
    start = time.perf_counter()
    enrolled = enrol_many(Context(engine, fixed_clock(at - timedelta(hours=12))),
                          requests(n), actor="bench")
    seconds = time.perf_counter() - start
    # Those enrolled "today" are refused the evening before (a date in the future): the
    # population the published figures were taken with.
    print(f"  enrolment: {seconds:,.1f} s = {n / seconds:,.0f} participants/s "
          f"({enrolled.enrolled:,} enrolled), {enrolled.obligations:,} obligations "
          f"({enrolled.obligations / seconds:,.0f}/s)")
    ctx = Context(engine, fixed_clock(at))
    with engine.begin() as conn:
        conn.execute(update(ObligationRow).where(
            col(ObligationRow.due_on) < TODAY - timedelta(days=7)).values(status="done"))
        if engine.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
    if postgres:
        # The mass update leaves dead entries in the partial indexes until VACUUM (MVCC);
        # in service autovacuum does this as work is completed day by day.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE obligations"))
    print(f"  database size after enrolment: {_size(engine, url) / 2**20:,.0f} MiB")
    first = timed((ctx, TODAY))
    print(f"  first sweep (the whole open backlog): {first[0]:8.1f} ms, {first[1]:,} "
          f"candidates, {first[2]:,} notices")
    next_day = TODAY + timedelta(days=1)
    later = Context(engine, fixed_clock(at + timedelta(days=1)))
    normal = timed((later, next_day))
    print(f"  next working day:                     {normal[0]:8.1f} ms, {normal[1]:,} "
          f"candidates, {normal[2]:,} notices")
    if repeat:
        times = []
        for _ in range(repeat):
            _undo(engine, next_day)
            again = timed((later, next_day))
            assert again[2] == normal[2], (again, normal)
            times.append(again[0])
        print(f"  the same, undone and swept again:     {statistics.median(times):8.1f} ms "
              f"(median of {repeat}: {', '.join(f'{t:,.0f}' for t in times)})")
    again = timed((later, next_day))
    print(f"  the same day again (a rerun):         {again[0]:8.1f} ms, {again[2]} notices")
    # Long after the last enrolment nothing changes stage any more: sweep one working day
    # there (it covers the whole gap), then time the next one, which has nothing to do.
    gap, quiet = date(2028, 6, 12), date(2028, 6, 13)  # a Monday and a Tuesday
    timed((Context(engine, fixed_clock(_morning(gap))), gap))
    empty = timed((Context(engine, fixed_clock(_morning(quiet))), quiet))
    print(f"  a day on which nothing changes stage: {empty[0]:8.1f} ms, {empty[1]} "
          f"candidates")
    print(f"  database size at the end (the gap swept too): "
          f"{_size(engine, url) / 2**20:,.0f} MiB; load average {_load()}")
    engine.dispose()
    if postgres and drop:
        _admin(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def _undo(engine: Engine, day: date) -> None:
    """Forget that ``day`` was swept: its notices and its sweep row."""
    with engine.begin() as conn:
        conn.execute(delete(NoticeRow).where(col(NoticeRow.day) == day))
        conn.execute(delete(SweepRow).where(col(SweepRow.day) == day))


def _admin(url: str, statement: str) -> None:
    """Run ``statement`` with the URL's database name in it, on the server's ``postgres``."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        quoted = conn.dialect.identifier_preparer.quote(target.database or "")
        conn.execute(text(statement.format(quoted)))
    admin.dispose()


def _server(engine: Engine) -> str:
    if engine.dialect.name != "postgresql":
        import sqlite3
        return f"SQLite {sqlite3.sqlite_version}"
    with engine.connect() as conn:
        version = conn.execute(text("SHOW server_version")).scalar()
        settings = ", ".join(
            f"{name} {conn.execute(text(f'SHOW {name}')).scalar()}"
            for name in ("shared_buffers", "work_mem", "effective_cache_size"))
    return f"PostgreSQL {version}, {settings}"


def _size(engine: Engine, url: str) -> int:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT pg_database_size(current_database())"))
                       .scalar_one())
    with engine.connect() as conn:  # everything into the database file
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return Path(url[len("sqlite:///"):]).stat().st_size


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _morning(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, nargs="*", default=[100_000])
    parser.add_argument("--database", help="a URL; default a fresh SQLite file per run")
    parser.add_argument("--fresh", action="store_true",
                        help="PostgreSQL: drop and create the URL's database before each run")
    parser.add_argument("--drop", action="store_true",
                        help="PostgreSQL: drop the URL's database after each run")
    parser.add_argument("--repeat", type=int, default=0, metavar="K",
                        help="undo the normal day and sweep it again K times (warm caches)")
    args = parser.parse_args()
    if args.database and args.database.startswith("postgresql://"):
        args.database = "postgresql+psycopg://" + args.database[len("postgresql://"):]
    for n in args.participants:
        run(n, args.database, fresh=args.fresh, drop=args.drop, repeat=args.repeat)


if __name__ == "__main__":
    main()
