"""A reader trying to get hidden cells of a report back by subtraction.

Written apart from the suppression code: it knows only what a reader knows — the
published cells, that genders add up to the total, that rows add up to the total row
where the rows are a partition, how the participants table adds up (at the end = at
the start + admitted − exited), and that the same number recurs in several tables.
It solves every equation with one unknown, again and again, until nothing changes.
"""

from __future__ import annotations

from engine.definitions.spec import ProgrammeSpec
from engine.reports.model import Report

Cell = tuple[str, str, str]
Equation = list[tuple[Cell, int]]  # Σ coefficient × value = 0

#: Tables whose non-total rows add up to the row "total".
PARTITIONS = ("participants_age", "participants_municipality", "exits_outcome",
              "exits_category", "extensions", "obligations")
GENDERS = ("kvinna", "man", "annat_uppgift_saknas")


def equations(report: Report, spec: ProgrammeSpec) -> list[Equation]:
    """Everything a reader can add up."""
    out: list[Equation] = []
    for table in report.tables:
        if table.unit not in ("persons", "count"):
            continue
        keys = [c.key for c in table.columns]
        rows = [r.key for r in table.rows]
        if keys and keys[-1] == "totalt":
            out += [[((table.key, r, g), 1) for g in GENDERS] + [((table.key, r, "totalt"), -1)]
                    for r in rows]
        if table.key == "obligations":
            out += [[((table.key, r, s), 1) for s in keys[1:]] + [((table.key, r, "due"), -1)]
                    for r in rows]
        if table.key in PARTITIONS or table.key.startswith("post_exit:"):
            parts = [r.key for r in table.rows if not r.is_total]
            out += [[((table.key, p, k), 1) for p in parts] + [((table.key, "total", k), -1)]
                    for k in keys]
    flow = "participants_flow"
    if report.table(flow) is not None:
        for g in (*GENDERS, "totalt"):
            out.append([((flow, "at_start", g), 1), ((flow, "enrolled", g), 1),
                        ((flow, "exited", g), -1), ((flow, "at_end", g), -1)])
            out.append([((flow, "at_start", g), 1), ((flow, "enrolled", g), 1),
                        ((flow, "during", g), -1)])
            for table in ("participants_age", "participants_municipality"):
                out.append([((table, "total", g), 1), ((flow, "during", g), -1)])
            for table in ("exits_outcome", "exits_category"):
                out.append([((table, "total", g), 1), ((flow, "exited", g), -1)])
            categories: dict[str, list[str]] = {}
            for outcome in spec.outcomes:
                categories.setdefault(outcome.category, []).append(outcome.id)
            for category, members in categories.items():
                out.append([(("exits_category", category, g), -1)]
                           + [(("exits_outcome", o, g), 1) for o in members])
    capacity = report.table("capacity")
    if capacity is not None:
        rows = [r.key for r in capacity.rows]
        if "concurrent" in rows:
            out.append([(("capacity", "concurrent", "used"), 1),
                        ((flow, "at_end", "totalt"), -1)])
        quotas = [r for r in rows if r.startswith("quota:")]
        if quotas:
            out.append([(("capacity", q, "used"), 1) for q in quotas]
                       + [((flow, "at_end", "totalt"), -1)])
    return out


def recovered(report: Report, spec: ProgrammeSpec) -> list[Cell]:
    """Hidden person counts a reader works out exactly."""
    known: dict[Cell, float] = {}
    hidden: set[Cell] = set()
    for table in report.tables:
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=True):
                key = (table.key, row.key, column.key)
                if cell.suppressed in ("primary", "secondary"):
                    hidden.add(key)
                elif cell.value is not None:
                    known[key] = cell.value
    found: list[Cell] = []
    system = equations(report, spec)
    changed = True
    while changed:
        changed = False
        for equation in system:
            unknown = [(k, c) for k, c in equation if k not in known]
            if len(unknown) == 1 and unknown[0][0] in hidden:
                key, coefficient = unknown[0]
                known[key] = -sum(c * known[k] for k, c in equation if k != key) / coefficient
                found.append(key)
                changed = True
    return found
