"""Income support at enrolment and at exit, who referred the participants, and the
coordinators' caseloads (issue 22, "what a board member misses").

Income support is the core effect of a FINSAM programme: from public support towards
one's own living (seeds 001 and 003; :mod:`engine.definitions.income`).  Every count of
persons is a variable of the report's grid, tied to the report's own totals (those
enrolled, exited, active), so the suppression protects it with the rest.  Caseloads
are counts of coordinators and of cases, never their names.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean, median

from engine.definitions.income import INCOME_KINDS, income_name
from engine.reports.build import Build, Row, gender_column
from engine.reports.figures_compare import supplement_row
from engine.reports.grid import Fixed, Var
from engine.reports.model import GENDER_COLUMNS, Column

#: The caseload bands (first and last number of active cases; None: open-ended).
CASELOAD_BANDS: tuple[tuple[int, int | None], ...] = (
    (1, 10), (11, 20), (21, 30), (31, 40), (41, None))

_UNKNOWN = ""


def _income_label(b: Build, kind: str) -> str:
    return income_name(kind, b.lang) if kind else b.t("income.unknown")


def _kinds(present: set[str]) -> list[str]:
    """The kinds of income support in the list's order, "uppgift saknas" last."""
    return [k for k in INCOME_KINDS if k in present] + ([_UNKNOWN] if _UNKNOWN in present
                                                        else [])


def income(b: Build) -> None:
    """Income support at enrolment (those active in the period), at exit (those who
    left in it), and from which to which (those who left), by gender.

    At enrolment over those active, not only those admitted in the period: tied to the
    admissions, whose third gender column is small, it hid the year's admissions and
    the women at its start in the participants table (REBUS, Västerås, Örebro).
    """
    people = b.counts.board.people
    if not any(n for *_, n in people):
        return
    start: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    leave: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    moved: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for gender, at_start, at_exit, _, exited, _, count in people:
        column = gender_column(gender)
        start[at_start or _UNKNOWN][column] += count
        if exited:
            leave[at_exit or _UNKNOWN][column] += count
            moved[(at_start or _UNKNOWN, at_exit or _UNKNOWN)][column] += count
    during = tuple(b.flow("during", g) for g in GENDER_COLUMNS)
    exited_total = tuple(b.flow("exited", g) for g in GENDER_COLUMNS)
    made: dict[str, dict[str, tuple[Var, ...]]] = {}
    for key, counts, total in (("income_start", start, during),
                               ("income_exit", leave, exited_total)):
        if not counts:
            continue
        kinds = _kinds(set(counts))
        rows = made[key] = {k: supplement_row(b, (key, k), counts[k]) for k in kinds}
        b.grid.sum_rows(total, list(rows.values()))
        b.grid.table(key, b.t(f"table.{key}"), b.gender_columns(),
                     [(k or "unknown", _income_label(b, k), rows[k], False) for k in kinds]
                     + [("total", b.t("total"), total, True)],
                     "persons", "income", b.t(f"note.{key}"))
    if not moved:
        return
    exit_rows = made["income_exit"]
    by_exit: dict[str, list[tuple[Var, ...]]] = defaultdict(list)
    layout: list[Row] = []
    subtotals = []
    for first in _kinds({s for s, _ in moved}):
        pairs = []
        for last in _kinds({x for s, x in moved if s == first}):
            cells = supplement_row(b, ("income_moved", first, last), moved[(first, last)])
            pairs.append(cells)
            by_exit[last].append(cells)
            layout.append((f"{first or 'unknown'}>{last or 'unknown'}",
                           f"{_income_label(b, first)} → {_income_label(b, last)}",
                           cells, False))
        from_first: dict[str, int] = defaultdict(int)
        for (s, _), by_gender in moved.items():
            if s == first:
                for column, n in by_gender.items():
                    from_first[column] += n
        subtotal = supplement_row(b, ("income_moved_from", first), from_first)
        b.grid.sum_rows(subtotal, pairs)
        subtotals.append(subtotal)
        layout.append((f"{first or 'unknown'}>total",
                       f"{_income_label(b, first)} → {b.t('total').lower()}", subtotal, True))
    b.grid.sum_rows(exited_total, subtotals)
    for last, parts in by_exit.items():
        b.grid.sum_rows(exit_rows[last], parts)
    layout.append(("total", b.t("total"), exited_total, True))
    b.grid.table("income_change", b.t("table.income_change"), b.gender_columns(), layout,
                 "persons", "income", b.t("note.income_change"))


def referrers(b: Build) -> None:
    """Those active in the period by the party that referred them, by gender."""
    people = b.counts.board.people
    if not any(n for *_, n in people):
        return
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for gender, _, _, _, _, party, count in people:
        counts[party or _UNKNOWN][gender_column(gender)] += count
    named = sorted(p for p in counts if p)
    parties = named + ([_UNKNOWN] if _UNKNOWN in counts else [])
    rows = {p: supplement_row(b, ("referrer", p), counts[p]) for p in parties}
    during = tuple(b.flow("during", g) for g in GENDER_COLUMNS)
    b.grid.sum_rows(during, list(rows.values()))
    b.grid.table("referrers", b.t("table.referrers"), b.gender_columns(),
                 [(f"party:{p}" if p else "unknown", p or b.t("referrer.unknown"), rows[p],
                   False) for p in parties]
                 + [("total", b.t("total"), during, True)],
                 "persons", "income", b.t("note.referrers"))


def caseload(b: Build) -> None:
    """Active cases per coordinator on the day the figures describe: how many
    coordinators, the mean, median and largest caseload, and how many coordinators
    carry how many cases (counts; no coordinator is named)."""
    loads = b.counts.board.caseloads
    if not loads:
        return
    value = [Column("value", b.t("caseload.value"))]
    b.grid.table("caseload", b.t("table.caseload"), value, [
        ("coordinators", b.t("caseload.coordinators"), [Fixed(len(loads))], False),
        ("mean", b.t("caseload.mean"), [Fixed(round(mean(loads), 1))], False),
        ("median", b.t("caseload.median"), [Fixed(round(float(median(loads)), 1))], False),
        ("max", b.t("caseload.max"), [Fixed(max(loads))], False)],
        "count", "caseload", b.t("note.caseload"))
    rows: list[Row] = []
    for low, high in CASELOAD_BANDS:
        n = sum(1 for load in loads if load >= low and (high is None or load <= high))
        name = b.t("caseload.band", low=low, high=high) if high is not None \
            else b.t("caseload.band_open", low=low)
        rows.append((f"{low}-{high or ''}", name, [Fixed(n)], False))
    rows.append(("total", b.t("total"), [Fixed(len(loads))], True))
    b.grid.table("caseload_bands", b.t("table.caseload_bands"),
                 [Column("coordinators", b.t("caseload.count"))], rows, "count", "caseload",
                 b.t("note.caseload"))
