"""How long a synthetic population takes to make (engine.population.population.populate),
and the report and PDF made from it: what ``stegvis demo`` step 5 and the example
reports pay.

Run: .venv/bin/python bench/bench_synthetic.py — prints wall and CPU seconds per
programme on SQLite (a fresh temporary database each); figures go in
docs/benchmarks.md.  Every case is lived through the real service operations, one
transaction each, so the time follows the number of operations (printed).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.clock import fixed_clock  # noqa: E402
from engine.paths import definitions_dir  # noqa: E402
from engine.population.population import populate  # noqa: E402
from engine.reports.formats import render  # noqa: E402
from engine.service.programme.report_data import programme_report  # noqa: E402
from engine.service.shared.context import Context  # noqa: E402
from engine.store.database import open_database  # noqa: E402

#: (programme, first day, last day, participants, report period): as in the examples.
RUNS = (
    ("rebus", date(2024, 7, 1), date(2025, 12, 31), 60, "2025"),    # stegvis demo
    ("vasteras", date(2022, 7, 1), date(2024, 12, 31), 130, "2024"),
    ("hofors", date(2021, 1, 1), date(2023, 3, 1), 25, "final"),
    ("start", date(2006, 1, 1), date(2006, 8, 31), 40, "slutrapport_kompetensutveckling:1"),
    ("orebro", date(2023, 7, 1), date(2024, 12, 31), 60, "2024-H2"),
)


def main() -> None:
    """Print the figures."""
    print(f"{'programme':<10} {'people':>6} {'operations':>10} {'populate s':>11} "
          f"{'(cpu)':>6} {'report s':>9} {'pdf s':>6}")
    for programme, first, last, people, period in RUNS:
        with tempfile.TemporaryDirectory() as folder:
            engine = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
            ctx = Context(engine, fixed_clock(datetime(2026, 1, 15, 9, tzinfo=UTC)),
                          definitions_dir())
            wall, cpu = time.perf_counter(), time.process_time()
            made = populate(ctx, programme, first, last, people, 2017,
                            living={"Stockholm": 1.0} if programme == "start" else None)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            started = time.perf_counter()
            report = programme_report(ctx, programme, period)
            figures = time.perf_counter() - started
            started = time.perf_counter()
            render(report, "pdf")
            pdf = time.perf_counter() - started
            engine.dispose()
        print(f"{programme:<10} {people:>6} {made.operations:>10} {wall:>11.2f} {cpu:>6.2f} "
              f"{figures:>9.2f} {pdf:>6.2f}")


if __name__ == "__main__":
    main()
