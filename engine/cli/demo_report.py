"""Step 5 of ``stegvis demo``: a synthetic year of REBUS and the board's annual report.

A population drawn with a fixed seed (:func:`engine.population.population.populate`) is
enrolled and lived through the case engine on a database of its own in the demo's
folder; the annual report of the last full year is produced from it as PDF and XLSX,
and a few of its figures are printed in Swedish — as the report publishes them, small
counts already hidden.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

from engine.cli.demo_words import command, day
from engine.clock import STOCKHOLM, fixed_clock
from engine.reports.model import Cell, Report, Table, Unit

#: The same seed gives the same people, every run.
SEED = 2017
PARTICIPANTS = 60


def synthetic_year(today: date, definitions: Path, folder: Path) -> None:
    """Make the population, write the report's PDF and XLSX into ``folder``, print."""
    from engine.population.population import populate
    from engine.reports.formats import render
    from engine.service.programme.report_data import programme_report
    from engine.service.shared.context import Context
    from engine.store.database import open_database

    year = today.year - 1
    # Half a year before the report's year, so that some are there when it begins.
    starts_on, ends_on = date(year - 1, 7, 1), date(year, 12, 31)
    url = f"sqlite:///{folder / 'rebus-synthetic.db'}"
    clock = fixed_clock(datetime.combine(today, time(9), tzinfo=STOCKHOLM).astimezone(UTC))
    ctx = Context(open_database(url), clock, definitions)
    try:
        made = populate(ctx, "rebus", starts_on, ends_on, PARTICIPANTS, SEED)
        print(f"\n5. Styrelsens årsrapport: ett påhittat år i REBUS\n"
              f"   {made.enrolled} deltagare (slumpfrö {SEED}) inskrivna från "
              f"{day(starts_on)} och följda till {day(ends_on)} genom ärendemotorn "
              f"({made.operations} åtgärder); {made.refused} fick nej, {made.exited} "
              "avslutade")
        report = programme_report(ctx, "rebus", str(year))
    finally:
        ctx.engine.dispose()
    paths = []
    for fmt in ("pdf", "xlsx"):
        for name, data in render(report, fmt).items():
            (folder / name).write_bytes(data)
            paths.append(folder / name)
    threshold = report.suppression_threshold
    print(f"   {report.programme_name}, årsrapport {report.period.label} (antal under "
          f"{threshold} visas som <{threshold}, celler som skyddar dem som –):\n")
    for line in key_figures(report):
        print(f"     {line}")
    print()
    for path in paths:
        print(f"   {path.suffix[1:].upper():<5}{path}")
    print(f"   Gör den igen: {command()} report rebus --period {year} --format pdf,xlsx,csv "
          f"--output MAPP --database {url}")


def key_figures(report: Report) -> list[str]:
    """A few lines a board member reads first, in the report's words and marks."""
    from engine.reports import formatting
    from engine.reports.wording import wording

    lines: list[str] = []
    flow = report.table("participants_flow")
    if flow is not None:
        labels = {row.key: row.label for row in flow.rows}
        for key in ("during", "enrolled", "exited", "at_end"):
            if key in labels:
                lines.append(f"{labels[key]}: {_by_gender(report, flow, key)}")
    work = report.table("obligations")
    if work is not None:
        keys = [c.key for c in work.columns]
        for row in work.rows:
            if row.key == "follow_up":
                due, on_time = (row.cells[keys.index(k)] for k in ("due", "on_time"))
                share = (f" ({formatting.share(on_time.value / due.value, report.lang)})"
                         if on_time.value is not None and due.value else "")
                lines.append(f"{row.label} hållna i tid: {_text(report, on_time)} av "
                             f"{_text(report, due)}{share}")
    statuses = wording(report).statuses
    for target in report.targets:
        if target.status == "qualitative":
            continue
        lines.append(f"Mål – {target.label}: {_text(report, target.share, 'share')} "
                     f"({target.target_text}), "
                     f"{statuses[target.status].lower()}")
    return lines


def _text(report: Report, cell: Cell, unit: Unit = "count") -> str:
    from engine.reports import formatting

    return formatting.cell_text(cell, unit, report.lang, report.suppression_threshold)


def _by_gender(report: Report, table: Table, key: str) -> str:
    row = next(r for r in table.rows if r.key == key)
    cells = [_text(report, c, table.unit) for c in row.cells]
    labels = [c.label.lower().replace("\n", " ") for c in table.columns]
    *parts, total = zip(labels, cells, strict=True)
    return f"{total[1]} ({', '.join(f'{name} {value}' for name, value in parts)})"
