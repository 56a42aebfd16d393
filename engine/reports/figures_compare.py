"""The previous period beside this one, and the trend over the programme's life
(issue 22, "what a board member misses").

Each other period's case groups were counted by the report's own SQL
(:mod:`engine.service.programme.board_counts`); here they become variables of the
report's grid, keyed by their first and last day, so that a span counted twice (the
report's own year in the trend, the previous year) is one set of numbers, and the
suppression protects them with every other table.  A span that is the report's own
uses the report's own variables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from engine.reports import formatting
from engine.reports.build import Build, Row, groups_by_gender
from engine.reports.counts import CaseGroup, PeriodCases
from engine.reports.grid import Var
from engine.reports.model import GENDER_COLUMNS, Column
from engine.reports.texts import has_label

#: The figures of a span, in the order the tables show them.
#: (Not those who completed: the report publishes that total only where a target or the
#: money per participant needs it; beside every exit category it would cost cells.)
FIGURES = ("enrolled", "during", "exited", "at_end")

#: Each figure's gender row (the trend's totals: None for the genders).
Figures = dict[str, tuple[Var | None, ...]]


def supplement_row(b: Build, key: object, by_gender: dict[str, int]) -> tuple[Var, ...]:
    """A gender row of a table that supplements the report's own (the previous period,
    income support, referrers): like :meth:`Grid.gender_row`, but its women's and men's
    cells are not among those the suppression keeps shown at almost any cost.  Where a
    small cell needs a companion hidden, the supplement gives way, not the report's own
    participants and exits (measured on the shipped programmes: without this, income
    support by gender hid the women at the start of REBUS's year)."""
    parts = [b.grid.count((key, g, "supplement"), by_gender.get(g, 0))
             for g in GENDER_COLUMNS[:-1]]
    total = b.grid.count((key, GENDER_COLUMNS[-1], "supplement"),
                         sum(b.grid.values[p.key] for p in parts), total=True)
    b.grid.relate(total, parts)
    return (*parts, total)


def span_figures(b: Build, starts_on: date, ends_on: date,
                 groups: Sequence[CaseGroup], *, detail: bool = True) -> Figures:
    """One gender row of variables per figure (and per outcome category) of a span.

    Without ``detail`` (the trend) another span has its totals only, but for those
    active by gender, and no categories: every cell made is one more the suppression
    must protect, and small cells nobody reads would hide cells of the report's own.
    """
    own = (starts_on, ends_on) == (b.period.starts_on, b.as_of)
    key = ("span", starts_on, ends_on)
    categories = _categories(b, groups) if detail or own else []
    if not own and not detail:
        return _span_totals(b, key, groups)
    out: Figures = {}
    if own:
        for row in ("at_start", "enrolled", "exited", "at_end", "during"):
            out[row] = tuple(b.flow(row, g) for g in GENDER_COLUMNS)
        for category in categories:
            out[f"category:{category}"] = tuple(Var((("category", category), g))
                                                for g in GENDER_COLUMNS)
    else:
        flows: dict[str, Callable[[CaseGroup], bool]] = {
            "at_start": lambda g: g.at_start, "enrolled": lambda g: g.enrolled,
            "exited": lambda g: g.exited, "at_end": lambda g: g.at_end,
            "during": lambda g: g.at_start or g.enrolled}
        rows = {row: supplement_row(b, (*key, row), groups_by_gender(groups, keep))
                for row, keep in flows.items()}
        for category in categories:
            rows[f"category:{category}"] = supplement_row(
                b, (*key, "category", category),
                groups_by_gender(groups, _in_category(b, category)))
        for column in range(len(GENDER_COLUMNS)):
            b.grid.relate(rows["at_end"][column],
                          [rows["at_start"][column], rows["enrolled"][column]],
                          [rows["exited"][column]])
            b.grid.relate(rows["during"][column],
                          [rows["at_start"][column], rows["enrolled"][column]])
            b.grid.relate(rows["exited"][column],
                          [rows[f"category:{c}"][column] for c in categories])
        out.update(rows)
    return out


def _in_category(b: Build, category: str) -> Callable[[CaseGroup], bool]:
    return lambda g: g.exited and b.outcome_category(g.outcome or "") == category


def _span_totals(b: Build, key: tuple[object, ...], groups: Sequence[CaseGroup]) -> Figures:
    """A span's totals, and those active by gender (see :func:`span_figures`)."""
    def total(name: str, keep: Callable[[CaseGroup], bool]) -> Var:
        return b.grid.count((*key, name, "totalt"), sum(groups_by_gender(groups, keep).values()),
                            total=True)

    during = supplement_row(b, (*key, "during"), groups_by_gender(
        groups, lambda g: g.at_start or g.enrolled))
    at_start, enrolled = total("at_start", lambda g: g.at_start), \
        total("enrolled", lambda g: g.enrolled)
    exited, at_end = total("exited", lambda g: g.exited), total("at_end", lambda g: g.at_end)
    b.grid.relate(during[-1], [at_start, enrolled])
    b.grid.relate(at_end, [at_start, enrolled], [exited])
    blank: tuple[None, ...] = (None,) * (len(GENDER_COLUMNS) - 1)
    return {"during": during, "enrolled": (*blank, enrolled), "exited": (*blank, exited),
            "at_end": (*blank, at_end)}


def _categories(b: Build, groups: Sequence[CaseGroup]) -> list[str]:
    """The report's outcome categories, then any others the span's exits have."""
    known: list[str] = []
    for outcome in b.outcomes():
        category = b.outcome_category(outcome)
        if category not in known:
            known.append(category)
    for group in groups:
        if group.exited:
            category = b.outcome_category(group.outcome or "")
            if category not in known:
                known.append(category)
    return known


def _category_name(b: Build, category: str) -> str:
    """A category as the exits table names it: "other" by its outcomes (finding 7)."""
    if category == "other":
        members = [o for o in b.outcomes() if b.outcome_category(o) == "other"]
        if members:
            return ", ".join(b.outcome_name(o) for o in members)
    return b.t(f"category.{category}") if has_label(f"category.{category}") else category


def span_var(b: Build, span: PeriodCases, *row: str, trend: bool = False) -> Var | None:
    """The total of ``row`` ("exited", or "category", CATEGORY) of a span that
    :func:`span_figures` laid out (``trend``: without detail), if it did; the report's own
    variable for its own span.  Another table's number that is the same number is the
    same variable, so the suppression sees them as one."""
    if (span.starts_on, span.ends_on) == (b.period.starts_on, b.as_of):
        var = b.flow(row[0]) if len(row) == 1 else Var(((*row,), GENDER_COLUMNS[-1]))
    elif trend:
        var = Var(("span", span.starts_on, span.ends_on, *row, GENDER_COLUMNS[-1]))
    else:
        var = Var((("span", span.starts_on, span.ends_on, *row), GENDER_COLUMNS[-1],
                   "supplement"))
    return var if var.key in b.grid.values else None


def span_label(b: Build, span: PeriodCases) -> str:
    """A span as a column or row names it: "2024", or its first and last day."""
    return _span_label(b, span)


def _span_label(b: Build, span: PeriodCases) -> str:
    if span.starts_on.year == span.ends_on.year and (span.starts_on.month, span.starts_on.day,
                                                     span.ends_on.month, span.ends_on.day) \
            == (1, 1, 12, 31):
        return str(span.starts_on.year)
    return formatting.short_span(span.starts_on, span.ends_on, b.lang)


def compare(b: Build) -> None:
    """Key figures of this period and the previous one, by gender."""
    previous = b.counts.board.previous
    if previous is None:
        return
    this_label = b.period.label if b.as_of == b.period.ends_on else \
        formatting.short_span(b.period.starts_on, b.as_of, b.lang)
    previous_label = _span_label(b, previous)
    this = span_figures(b, b.period.starts_on, b.as_of, b.counts.cases)
    before = span_figures(b, previous.starts_on, previous.ends_on, previous.cases)
    names = {"enrolled": b.t("flow.enrolled"), "during": b.t("flow.during"),
             "exited": b.t("flow.exited"),
             "at_end": b.t("flow.at_end")}
    categories = [k for k in this if k.startswith("category:")]
    categories += [k for k in before if k.startswith("category:") and k not in categories]
    for key in categories:
        names[key] = _category_name(b, key.partition(":")[2])
    rows: list[Row] = []
    for figure in (*FIGURES, *categories):
        for period_key, label, figures in (("this", this_label, this),
                                           ("previous", previous_label, before)):
            cells = figures.get(figure)
            rows.append((f"{figure}:{period_key}",
                         b.t("compare.row", figure=names[figure], period=label),
                         list(cells) if cells else [None] * len(GENDER_COLUMNS), False))
    b.grid.table("compare", b.t("table.compare", this=this_label, previous=previous_label),
                 b.gender_columns(), rows, "persons", "compare", b.t("note.compare"))


def trend(b: Build) -> None:
    """Each year since the programme's start: the key figures in all, and those active
    by gender (a year is counted as its annual report counts it)."""
    years = b.counts.board.years
    # From the first year anyone took part (START's definition runs from 2005).
    first = next((i for i, y in enumerate(years) if any(g.count for g in y.cases)), len(years))
    years = years[first:]
    if len(years) < 2:
        return
    rows: list[Row] = []
    gender_rows: list[Row] = []
    for span in years:
        figures = span_figures(b, span.starts_on, span.ends_on, span.cases, detail=False)
        label = _span_label(b, span)
        if span.ends_on < date(span.starts_on.year, 12, 31) and span.ends_on == b.as_of:
            label = b.t("trend.year_so_far", year=span.starts_on.year,
                        day=formatting.short_day(span.ends_on, b.lang))
        rows.append((span.key, label, [figures[f][-1] for f in FIGURES], False))
        gender_rows.append((span.key, label, list(figures["during"]), False))
    b.grid.table("trend", b.t("table.trend"),
                 [Column(f, b.t(f"trend.{f}")) for f in FIGURES], rows, "persons", "compare",
                 b.t("note.trend"))
    b.grid.table("trend_gender", b.t("table.trend_gender"), b.gender_columns(), gender_rows,
                 "persons", "compare", b.t("note.trend"))
