"""How long the report documents take to render (issue 9: the PDF under 3 s whatever
the population).

Run: .venv/bin/python bench/bench_report_documents.py — prints medians; figures go in
docs/benchmarks.md.

A document's size follows the programme's definition (its tables, outcomes, targets and
the months of the period), never the number of participants: the figures arrive as
counts.  So this times the hand-built REBUS-like annual report of the tests and a large
one (a three-year final report by month, every table three times over, as for
breakdowns by municipality and age band), each in a fresh process (imports, font
loading: what `stegvis report` pays) and warm in one process.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from report_samples import P, c, sample_report  # noqa: E402

from engine.reports.model import Report, Row  # noqa: E402
from engine.reports.render_csv import render_csv  # noqa: E402
from engine.reports.render_html import render_html  # noqa: E402
from engine.reports.render_pdf import render_pdf  # noqa: E402
from engine.reports.render_xlsx import render_xlsx  # noqa: E402


def large_report() -> Report:
    """Three years by month, every table three times (another breakdown each)."""
    report = sample_report("sv")
    tables = []
    for table in report.tables:
        if table.key == "flows_by_month":
            rows = tuple(Row(f"{2024 + m // 12}-{m % 12 + 1:02d}", f"{m % 12 + 1}/{24 + m // 12}",
                             (c(5 + m % 7) if m % 4 else P, c(6 + m % 5) if m % 3 else P))
                         for m in range(36))
            tables.append(replace(table, rows=rows))
            continue
        tables += [replace(table, key=f"{table.key}_{n}", title=f"{table.title} ({n})")
                   if n else table for n in range(3)]
    return replace(report, tables=tuple(tables))


def cold_ms(kind: str) -> tuple[float, float]:
    """Median wall and CPU time of a fresh process that renders one PDF."""
    code = ("import sys; sys.path[:0] = ['tests', 'bench'];"
            "from bench_report_documents import large_report;"
            "from report_samples import sample_report;"
            "from engine.reports.render_pdf import render_pdf;"
            f"render_pdf({'large_report()' if kind == 'large' else 'sample_report()'})")
    walls, cpus = [], []
    for _ in range(5):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        walls.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
                    * 1000)
    return statistics.median(walls), statistics.median(cpus)


def warm_ms(render: Callable[[Report], object], report: Report) -> tuple[float, float]:
    """Median wall and CPU time of ``render`` in this (warm) process."""
    walls, cpus = [], []
    for _ in range(5):
        start, cpu = time.perf_counter(), time.process_time()
        render(report)
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    # The machine is shared: CPU time says what the work costs, wall time what it
    # took beside everything else running.
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for kind, report in (("annual", sample_report("sv")), ("large", large_report())):
        pdf = render_pdf(report)                # warm the fonts and caches once
        print(f"{kind}: {len(report.tables)} tables, PDF {len(pdf) // 1024} KB")
        wall, cpu = cold_ms(kind)
        print(f"  {'PDF, fresh process':<22} wall {wall:6.0f} ms   cpu {cpu:6.0f} ms")
        for name, render in (("PDF", render_pdf), ("HTML", render_html),
                             ("XLSX", render_xlsx), ("CSV (zip)", render_csv)):
            wall, cpu = warm_ms(render, report)
            print(f"  {name + ', warm':<22} wall {wall:6.0f} ms   cpu {cpu:6.0f} ms")


if __name__ == "__main__":
    main()
