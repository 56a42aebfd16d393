"""The figures of an annual report at scale (issue 9).

Run: .venv/bin/python bench/bench_reports.py [--participants 100000 1000000]
     [--database URL] [--fresh] [--drop] [--keep]
     .venv/bin/python bench/bench_reports.py --report URL   (a database kept before)

Enrols a seed of up to 10,000 Samordningsteam Västerås participants with bulk
enrolment (as bench_case_engine.py: admission dates spread over the year up to 23
November 2026, six obligations each), then copies them in SQL (INSERT ... SELECT, in
the database: no Python object per row) until there are N, so that the 2026 annual
report counts N case-years' worth of cases: every one of them is active in 2026.  (The
copies are of participants, cases and obligations, what the report reads; not of the
phase history and audit log.)  Then, in SQL, a third of those admitted
before September exit with outcomes in turn, everything due more than a week ago is
done (every fifth late), and a follow-up with a step movement and start and exit
surveys are recorded for a sample.  The figures of the report "2026" (as on 23 November)
are then built in a fresh process, three times: the time of the SQL counts, the time
to build the Report from them, the time of its PDF (the first pays WeasyPrint's and
matplotlib's imports, as ``stegvis report`` does), and the process's peak memory
after the figures and after the PDFs are printed.

Targets (issue 9, 2 cores): under 1 s at 100,000, under 5 s at 1,000,000, peak
memory under 300 MB at 1,000,000.  With a PostgreSQL URL, ``--fresh`` drops and
creates the database the URL names first and ``--drop`` drops it afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_case_engine import requests  # noqa: E402
from bench_sweep import _admin, _load  # noqa: E402
from sqlalchemy import Engine, inspect, text  # noqa: E402

from engine.clock import fixed_clock  # noqa: E402
from engine.service.cases.bulk import enrol_many  # noqa: E402
from engine.service.shared.context import Context  # noqa: E402
from engine.store.database import open_database  # noqa: E402

AT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def _plus(engine: Engine, column: str, days: str) -> str:
    if engine.dialect.name == "postgresql":
        return f"({column} + CAST({days} AS INTEGER))"
    return f"date({column}, '+' || ({days}) || ' days')"


SEED = 10_000


def _columns(engine: Engine, table: str) -> list[str]:
    with engine.connect() as conn:
        return [c["name"] for c in inspect(conn).get_columns(table)]


def _copy(engine: Engine, table: str, shifted: dict[str, str], copies: range,
          seed: int, where: str) -> None:
    """Copy ``table``'s seed rows once for each number in ``copies`` (ids shifted)."""
    columns = [c for c in _columns(engine, table) if c != "id" or "id" in shifted]
    values = ", ".join(shifted.get(c, f"t.{c}") for c in columns)
    if engine.dialect.name == "postgresql":
        numbers = f"SELECT generate_series({copies.start}, {copies.stop - 1}) AS n"
    else:
        numbers = (f"SELECT {copies.start} AS n UNION ALL SELECT n + 1 FROM copies "
                   f"WHERE n < {copies.stop - 1}")
    with engine.begin() as conn:
        conn.execute(text(f"""
            WITH RECURSIVE copies(n) AS ({numbers})
            INSERT INTO {table} ({", ".join(columns)})
            SELECT {values} FROM {table} t, copies WHERE {where}"""), {"seed": seed})


def populate(engine: Engine, n: int) -> None:
    """Enrol a seed, copy it to N participants, then exits, completions, follow-ups and
    surveys, all in SQL."""
    start = time.perf_counter()
    seed = min(n, SEED)
    if n % seed:
        raise SystemExit(f"{n:,} is not a multiple of the seed population ({seed:,})")
    result = enrol_many(Context(engine, fixed_clock(AT)), requests(seed), actor="bench")
    print(f"  seed enrolment: {time.perf_counter() - start:,.1f} s, {result.enrolled:,} "
          f"cases, {result.obligations:,} obligations")
    start = time.perf_counter()
    shift = "copies.n * :seed"
    for first in range(1, n // seed, 10):
        copies = range(first, min(first + 10, n // seed))
        _copy(engine, "participants", {"id": f"t.id + {shift}",
                                       "key": "t.key || '-' || copies.n"},
              copies, seed, "t.id <= :seed")
        _copy(engine, "cases", {"id": f"t.id + {shift}",
                                "participant_id": f"t.participant_id + {shift}"},
              copies, seed, "t.id <= :seed")
        _copy(engine, "obligations", {"case_id": f"t.case_id + {shift}"}, copies, seed,
              "t.case_id <= :seed")
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in ("participants", "cases"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
    with engine.connect() as conn:
        cases, obligations = (conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                              for t in ("cases", "obligations"))
    print(f"  copied to {cases:,} cases, {obligations:,} obligations: "
          f"{time.perf_counter() - start:,.0f} s")
    start = time.perf_counter()
    outcome = ("CASE id % 4 WHEN 0 THEN 'arbete' WHEN 1 THEN 'studier' WHEN 2 THEN "
               "'fortsatt_rehabilitering' ELSE 'avbrott' END")
    exit_on = _plus(engine, "enrolled_on", "60 + id % 120")
    with engine.begin() as conn:
        conn.execute(text(f"""
            UPDATE cases SET status = 'exited', exited_on = {exit_on}, outcome = {outcome},
                   completed = (id % 4 <> 3), phase = 'aktiviteter'
            WHERE id % 3 = 0 AND enrolled_on < '2026-09-01'"""))
        conn.execute(text(f"""
            UPDATE obligations SET status = 'done', completed_on = CASE WHEN id % 5 = 0
                   THEN {_plus(engine, 'due_on', '3')} ELSE due_on END
            WHERE due_on < '2026-11-16'"""))
        conn.execute(text("""
            INSERT INTO follow_ups (case_id, held_on, attendees, step_movement, notes,
                                    recorded_by)
            SELECT id, enrolled_on, '[]', CASE WHEN id % 2 = 0 THEN 'yes' ELSE 'no' END, '',
                   'bench' FROM cases WHERE id % 3 = 0"""))
        conn.execute(text("""
            INSERT INTO survey_answers (case_id, survey, answered_on, answers, score)
            SELECT id, 'startenkat', enrolled_on, '{"halsa": 2, "nns": 3}', 5 FROM cases
            WHERE id % 3 = 0"""))
        for parity, answers, score in ((0, '{"halsa": 4, "nns": 3}', 7),
                                       (1, '{"halsa": 1, "nns": 3}', 4)):
            # Two statements: a literal is taken as JSON by PostgreSQL, a CASE is text.
            conn.execute(text(f"""
                INSERT INTO survey_answers (case_id, survey, answered_on, answers, score)
                SELECT id, 'slutenkat', exited_on, '{answers}', {score} FROM cases
                WHERE status = 'exited' AND id % 2 = {parity}"""))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    print(f"  exits, completions, follow-ups, surveys: {time.perf_counter() - start:,.0f} s")


def measure(url: str, repeat: int) -> None:
    """(In a fresh process) build the 2026 report ``repeat`` times; print JSON figures."""
    from engine.reports.figures import build_report
    from engine.reports.periods import as_of, resolve_period
    from engine.reports.render_pdf import render_pdf
    from engine.service.programme.report_data import current_spec, programme_counts

    engine = open_database(url)
    ctx = Context(engine, fixed_clock(AT))
    spec = current_spec(ctx, "vasteras")
    period = resolve_period(spec, "2026", ctx.today())
    day = as_of(period, ctx.today())
    sql, sql_cpu, figures = [], [], []
    report = None
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        with ctx.transaction() as session:
            counts = programme_counts(session.connection(), spec, period, day, ctx.today())
        middle = time.perf_counter()
        sql_cpu.append(time.process_time() - cpu)
        report = build_report(spec, counts, period, day, ctx.now(), "sv", 5)
        sql.append(middle - start)
        figures.append(time.perf_counter() - middle)
    assert report is not None
    peak_figures = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pdf, pdf_cpu = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        render_pdf(report)
        pdf.append(time.perf_counter() - start)
        pdf_cpu.append(time.process_time() - cpu)
    flow = report.table("participants_flow")
    assert flow is not None
    during = next(r for r in flow.rows if r.key == "during").cells[-1].value
    print(json.dumps({"sql": sql, "sql_cpu": sql_cpu, "figures": figures, "pdf": pdf,
                      "pdf_cpu": pdf_cpu, "during": during,
                      "peak_figures_mib": peak_figures,
                      "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    engine.dispose()


def report(url: str) -> None:
    """Build the report of the database at ``url`` in a fresh process; print the times."""
    out = subprocess.run([sys.executable, __file__, "--measure", url], check=True,
                         capture_output=True, text=True, env={**os.environ}).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    sql = ", ".join(f"{s * 1000:,.0f}" for s in figures["sql"])
    build = ", ".join(f"{s * 1000:,.0f}" for s in figures["figures"])
    print(f"  annual report 2026, {figures['during']:,} cases active in the year:")
    sql_cpu = ", ".join(f"{s * 1000:,.0f}" for s in figures["sql_cpu"])
    pdf = ", ".join(f"{s:,.2f}" for s in figures["pdf"])
    pdf_cpu = ", ".join(f"{s:,.2f}" for s in figures["pdf_cpu"])
    print(f"    SQL counts: {sql} ms (CPU of this process: {sql_cpu} ms; on PostgreSQL "
          "the server's is not in it)")
    print(f"    Report from the counts: {build} ms; PDF: {pdf} s (CPU {pdf_cpu} s)")
    print(f"    peak memory of the process: {figures['peak_figures_mib']:,.0f} MiB after "
          f"the figures, {figures['peak_mib']:,.0f} MiB after the PDFs "
          f"(load average {_load()})")


def run(n: int, url: str | None, *, fresh: bool, drop: bool, keep: bool) -> None:
    folder = None if url else Path(tempfile.mkdtemp(prefix="stegvis-reports-"))
    url = url or f"sqlite:///{folder / 'bench.db'}"
    postgres = url.startswith("postgresql")
    if postgres and fresh:
        _admin(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
        _admin(url, "CREATE DATABASE {}")
    engine = open_database(url)
    print(f"{engine.dialect.name}, {n:,} participants (load average {_load()})")
    populate(engine, n)
    engine.dispose()
    report(url)
    if postgres and drop:
        _admin(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
    elif folder is not None and keep:
        print(f"  kept: {url}")
    elif folder is not None:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--database", help="a URL; default a fresh SQLite file per run")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--drop", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--report", metavar="URL",
                        help="only measure the report of a database built before (--keep)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.repeat)
        return
    if args.report:
        report(args.report)
        return
    for n in args.participants:
        run(n, args.database, fresh=args.fresh, drop=args.drop, keep=args.keep)


if __name__ == "__main__":
    main()
