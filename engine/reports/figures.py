"""From the counts of one programme and period to a :class:`~engine.reports.model.Report`.

Pure: the service layer aggregates in SQL (:mod:`engine.service.programme.report_data`) and
hands over :class:`~engine.reports.counts.ProgrammeCounts`; this module lays the
numbers out as tables split by gender, computes the targets, and suppresses small
counts over all tables at once (:mod:`engine.reports.grid`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from engine.definitions.spec import ProgrammeSpec
from engine.reports import figures_board as board
from engine.reports import formatting
from engine.reports.build import Build, Row, cumulative, gender_column
from engine.reports.counts import CaseGroup, ProgrammeCounts
from engine.reports.figures_missed import missed
from engine.reports.figures_records import leave_out_empty, records
from engine.reports.figures_work import (
    extensions,
    obligations,
    post_exit,
    refusals,
    time_in_programme,
    training,
)
from engine.reports.grid import Fixed, Ref, Share, Var
from engine.reports.model import (
    GENDER_COLUMNS,
    Column,
    Period,
    Report,
    Section,
    TargetResult,
)
from engine.reports.targets import targets
from engine.reports.texts import Lang, has_label

#: Report sections in the order they are printed.
SECTIONS = ("participants", "compare", "capacity", "exits", "income", "targets", "prognosis",
            "time", "obligations", "post_exit", "records", "refusals", "training", "caseload",
            "budget", "finsam")

#: Age bands (first and last age of each; None: open-ended), by age at enrolment.
AGE_BANDS: tuple[tuple[int | None, int | None], ...] = (
    (None, 15), (16, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, None))

def _band_key(low: int | None, high: int | None) -> str:
    return f"{'' if low is None else low}-{'' if high is None else high}"


def _band_label(key: str) -> str:
    low, _, high = key.partition("-")
    return f"{low}–{high}" if low and high else (f"–{high}" if high else f"{low}–")


def age_band(age: int) -> str:
    """The key of the band ``age`` falls in, e.g. "25-34", "65-" or "-15"."""
    for low, high in AGE_BANDS:
        if (low is None or age >= low) and (high is None or age <= high):
            return _band_key(low, high)
    raise AssertionError(age)


def build_report(spec: ProgrammeSpec, counts: ProgrammeCounts, period: Period, as_of: date,
                 produced_at: datetime, lang: Lang, threshold: int, *,
                 older: Iterable[ProgrammeSpec] = (), prognosis: bool = False) -> Report:
    """The report of ``spec`` for ``period`` from ``counts``, small counts suppressed.

    ``older``: earlier definition versions that cases in the period still follow (their
    outcome names are used for outcomes the current definition no longer has).
    ``prognosis``: add the full-year forecast (:func:`engine.reports.figures_board.prognosis`).
    """
    build, results = lay_out(spec, counts, period, as_of, lang, threshold, older=older,
                             prognosis=prognosis)
    tables = leave_out_empty(build, build.grid.tables(threshold))
    used = {t.section for t in tables} | ({"targets"} if results else set())
    versions = counts.definition_versions or (spec.version,)
    # The suppression rule is said once, by each document's "Om rapporten" (wording's
    # suppression_rule): a note saying it again read twice (issue 22, finding 11).
    notes: list[str] = []
    if as_of < period.ends_on:
        notes.insert(0, build.t("note.as_of", day=formatting.day(as_of, lang)))
    if build.grid.folded(threshold):
        notes.append(build.t("note.small_category_folded", threshold=threshold))
    if len(versions) > 1:
        notes.append(build.t("note.versions", versions=", ".join(map(str, versions))))
    notes += build.notes
    return Report(
        programme_id=spec.id, programme_name=spec.name,
        owner=dict(spec.organisation).get("owner", ""), definition_versions=tuple(versions),
        period=period, produced_at=produced_at, as_of=as_of, lang=lang,
        sections=tuple(Section(s, build.t(f"section.{s}")) for s in SECTIONS if s in used),
        tables=tables, targets=results, suppression_threshold=threshold, notes=tuple(notes))


def lay_out(spec: ProgrammeSpec, counts: ProgrammeCounts, period: Period, as_of: date,
            lang: Lang, threshold: int, *, older: Iterable[ProgrammeSpec] = (),
            prognosis: bool = False) -> tuple[Build, tuple[TargetResult, ...]]:
    """Every table's variables and relations, and the targets (the suppression has run:
    the targets read their cells).  :func:`build_report` turns it into a report; tests
    read the grid to check what was hidden and why."""
    build = Build(spec, counts, period, as_of, lang, threshold, tuple(older))
    participants(build)
    flows_by_month(build)
    capacity(build)
    exits(build)
    time_in_programme(build)
    extensions(build)
    obligations(build)
    post_exit(build)
    records(build)
    refusals(build)
    training(build)
    missed(build)  # issue 22: previous period, trend, income support, caseloads (i22b)
    if prognosis:
        board.prognosis(build)
    board.budget(build)
    board.finsam(build)
    return build, targets(build)


def participants(b: Build) -> None:
    """Flow through the period by gender; by age band and by municipality."""
    at_start = b.row(("flow", "at_start"), lambda g: g.at_start)
    enrolled = b.row(("flow", "enrolled"), lambda g: g.enrolled)
    exited = b.row(("flow", "exited"), lambda g: g.exited)
    at_end = b.row(("flow", "at_end"), lambda g: g.at_end)
    during = b.row(("flow", "during"), lambda g: g.at_start or g.enrolled)
    waiting = b.grid.gender_row(("flow", "waiting"), _folded(b.counts.waiting))
    for column in range(len(GENDER_COLUMNS)):
        b.grid.relate(at_end[column], [at_start[column], enrolled[column]], [exited[column]])
        b.grid.relate(during[column], [at_start[column], enrolled[column]])
    # The flow of women and men is what a board and the national follow-up read first:
    # hidden last, after the cells of the tables that break it down (issue 22).
    b.grid.essential |= {v.key for row in (at_start, enrolled, exited, at_end, during)
                         for v in row[:2] if b.grid.values[v.key] >= b.threshold}
    rows: list[Row] = [(k, b.t(f"flow.{k}"), v, False) for k, v in (
        ("at_start", at_start), ("enrolled", enrolled), ("exited", exited),
        ("at_end", at_end))]
    rows += [("during", b.t("flow.during"), during, True),
             ("waiting", b.t("flow.waiting"), waiting, False)]
    b.grid.table("participants_flow", b.t("table.participants_flow"), b.gender_columns(), rows,
                 "persons", "participants", b.t("note.participants_flow"))

    def active(g: CaseGroup) -> bool:
        return g.at_start or g.enrolled

    def in_band(band: str) -> Callable[[CaseGroup], bool]:
        return lambda g: active(g) and age_band(g.age) == band

    # The open-ended bands only when someone is in them (the programmes take 16–64); a
    # band not shown is no variable, so it can never stand in as a hidden cell.
    shown = [k for k in (_band_key(low, high) for low, high in AGE_BANDS)
             if k not in ("-15", "65-") or any(b.cases_by_gender(in_band(k)).values())]
    band_rows = {band: b.row(("age", band), in_band(band)) for band in shown}
    b.grid.sum_rows(during, list(band_rows.values()))
    b.grid.table("participants_age", b.t("table.participants_age"), b.gender_columns(),
                 [(k, _band_label(k), band_rows[k], False) for k in shown]
                 + [("total", b.t("total"), during, True)],
                 "persons", "participants", b.t("note.participants_age"))
    names = sorted({g.municipality for g in b.counts.cases if active(g)})
    municipal = {m: b.row(("municipality", m), lambda g, m=m: active(g)  # type: ignore[misc]
                          and g.municipality == m) for m in names}
    b.grid.sum_rows(during, list(municipal.values()))
    b.grid.table("participants_municipality", b.t("table.participants_municipality"),
                 b.gender_columns(),
                 [(m, m, municipal[m], False) for m in names]
                 + [("total", b.t("total"), during, True)],
                 "persons", "participants", b.t("note.participants_municipality"))


def flows_by_month(b: Build) -> None:
    """Admissions and exits in each month of the period (the chart of flows in and out).

    Each month's numbers add up to the period's enrolled and exited totals, and the
    suppression is told so: a small month cannot be worked out from the others.
    """
    last = min(b.period.ends_on, b.as_of)
    months: list[date] = []
    month = b.period.starts_on.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    if len(months) < 2:
        return
    admitted: dict[date, int] = defaultdict(int)
    exited: dict[date, int] = defaultdict(int)
    for _, day, n in b.counts.admitted_on:
        admitted[day.replace(day=1)] += n
    for _, day, n in b.counts.exited_on:
        exited[day.replace(day=1)] += n
    rows: list[Row] = []
    columns: dict[str, list[Var]] = {"enrolled": [], "exited": []}
    for month in months:
        cells = [b.grid.count(("month", month, "enrolled"), admitted[month]),
                 b.grid.count(("month", month, "exited"), exited[month])]
        columns["enrolled"].append(cells[0])
        columns["exited"].append(cells[1])
        rows.append((month.isoformat()[:7], formatting.month(month, b.lang), cells, False))
    for key in columns:
        b.grid.relate(b.flow(key), columns[key])
    rows.append(("total", b.t("total"), [b.flow("enrolled"), b.flow("exited")], True))
    b.grid.table("flows_by_month", b.t("table.flows_by_month"),
                 [Column(k, b.t(f"month.{k}")) for k in columns], rows, "persons",
                 "participants", b.t("note.flows_by_month"))
    for key, days in (("enrolled", b.counts.admitted_by_gender),
                      ("exited", b.counts.exited_by_gender)):
        if sum(n for *_, n in days) == sum(b.grid.values[c.key] for c in columns[key]):
            _month_by_gender(b, key, months, days)  # counts made without genders: none


def _month_by_gender(b: Build, key: str, months: list[date],
                     days: Iterable[tuple[str, date, int]]) -> None:
    """Admissions or exits in each month by gender (REBUS and Hofors ask for every
    statistic by gender, seeds 001 and 004; issue 22, finding 3).  Each month's genders
    add up to the month in the table above, each gender's months to its total in the
    participants table."""
    counted: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for gender, day, n in days:
        counted[day.replace(day=1)][gender_column(gender)] += n
    rows: list[Row] = []
    cells = []
    for month in months:
        parts = [b.grid.count((("month_gender", key, month), g), counted[month][g])
                 for g in GENDER_COLUMNS[:-1]]
        total = Var(("month", month, key))
        b.grid.relate(total, parts)
        cells.append(parts)
        rows.append((month.isoformat()[:7], formatting.month(month, b.lang), (*parts, total),
                     False))
    for column, gender in enumerate(GENDER_COLUMNS[:-1]):
        b.grid.relate(b.flow(key, gender), [c[column] for c in cells])
    rows.append(("total", b.t("total"), tuple(b.flow(key, g) for g in GENDER_COLUMNS), True))
    b.grid.table(f"flows_by_month_{key}", b.t(f"table.flows_by_month_{key}"),
                 b.gender_columns(), rows, "persons", "participants")


def _folded(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for gender, count in pairs:
        out[gender_column(gender)] += count
    return out


def occupancy(b: Build) -> dict[str | None, list[int]]:
    """Active cases on each day of the period, per municipality and in all (key None)."""
    days = (b.as_of - b.period.starts_on).days + 1
    start: dict[str | None, int] = defaultdict(int)
    for group in b.counts.cases:
        if group.at_start:
            start[group.municipality] += group.count
            start[None] += group.count
    change: dict[str | None, list[int]] = defaultdict(lambda: [0] * (days + 1))
    for municipality, day, count in b.counts.admitted_on:
        for key in (municipality, None):
            change[key][(day - b.period.starts_on).days] += count
    for municipality, day, count in b.counts.exited_on:  # active on the day of exit
        for key in (municipality, None):
            change[key][(day - b.period.starts_on).days + 1] -= count
    out: dict[str | None, list[int]] = {}
    for key in set(start) | set(change):
        level, series = start.get(key, 0), []
        steps = change.get(key, [0] * (days + 1))
        for index in range(days):
            level += steps[index]
            series.append(level)
        out[key] = series
    return out


def capacity(b: Build) -> None:
    """Places of the definition against their use in the period."""
    cap = b.spec.capacity
    series = occupancy(b)
    days = (b.as_of - b.period.starts_on).days + 1

    def average(key: str | None) -> float:
        return round(sum(series.get(key, [0])) / days, 1)

    def peak(key: str | None) -> Var:
        return b.grid.count(("capacity", "peak", key or ""), max(series.get(key, [0]), default=0))

    rows: list[tuple[str, str, Ref, Ref, Ref, Ref]] = []
    if cap.concurrent is not None:
        rows.append(("concurrent", b.t("capacity.concurrent"), Fixed(cap.concurrent),
                     b.flow("at_end"), peak(None), Fixed(average(None))))
    if cap.quotas:
        at_end: dict[str, int] = defaultdict(int)
        for group in b.counts.cases:
            if group.at_end:
                at_end[group.municipality] += group.count
        named = [m for m, _ in cap.quotas]
        parts = []
        for municipality, places in cap.quotas:
            used = b.grid.count(("capacity", "at_end", municipality), at_end.get(municipality, 0))
            parts.append(used)
            rows.append((f"quota:{municipality}", b.t("capacity.quota", name=municipality),
                         Fixed(places), used, peak(municipality), Fixed(average(municipality))))
        others = sum(n for m, n in at_end.items() if m not in named)
        if others:
            used = b.grid.count(("capacity", "at_end", None), others)
            parts.append(used)
            rows.append(("quota:other", b.t("capacity.other_municipalities"), Fixed(None), used,
                         None, None))
        b.grid.relate(b.flow("at_end"), parts)
    if cap.annual_places is not None:
        rows.append(("annual_places", b.t("capacity.annual_places"), Fixed(cap.annual_places),
                     Fixed(average(None)), peak(None), Fixed(average(None))))
    if cap.total_participants is not None:
        rows.append(("total_participants", b.t("capacity.total_participants"),
                     Fixed(cap.total_participants), cumulative(b), None, None))
    if not rows:
        return
    columns = [Column(k, b.t(f"capacity.{k}")) for k in ("places", "used", "peak", "average")]
    b.grid.table("capacity", b.t("table.capacity"), columns,
                 [(k, name, cells, False) for k, name, *cells in rows], "count", "capacity",
                 # Annual places explained only where the definition has them (REBUS
                 # counts concurrent places; the sentence was noise there).
                 " ".join([b.t("note.annual_places")] * (cap.annual_places is not None)
                          + [b.t("note.capacity")]))
    shares = [(k, name, [_share(used, places), _share(avg, places)], False)
              for k, name, places, used, _, avg in rows]
    b.grid.table("capacity_share", b.t("table.capacity_share"),
                 [Column("used_share", b.t("capacity.used_share")),
                  Column("average_share", b.t("capacity.average_share"))],
                 shares, "share", "capacity")


def _share(numerator: Ref, denominator: Ref) -> Ref:
    if not isinstance(numerator, Var | Fixed) or not isinstance(denominator, Var | Fixed):
        return None
    if isinstance(denominator, Fixed) and not denominator.value:
        return None
    return Share(numerator, denominator)


def _category_label(b: Build, category: str, outcomes: list[str]) -> str:
    """The category's name; "other" is named by its outcomes, since a reader cannot tell
    what "Annat" holds (REBUS's "Nått eller närmat sig egen försörjning", Örebro's
    "Målen uppnådda" were both printed "Annat"; issue 22, finding 7)."""
    if category == "other" and outcomes:
        return ", ".join(b.outcome_name(o) for o in outcomes)
    return b.t(f"category.{category}") if has_label(f"category.{category}") else category


def exits(b: Build) -> None:
    """Exits by outcome and by category, in numbers and as shares of all exits."""
    outcomes = b.outcomes()
    exited = tuple(b.flow("exited", g) for g in GENDER_COLUMNS)
    rows = {o: b.row(("exits", o), lambda g, o=o: g.exited and g.outcome == o)  # type: ignore[misc]
            for o in outcomes}
    b.grid.sum_rows(exited, list(rows.values()))
    categories: dict[str, list[str]] = {}
    for outcome in outcomes:
        categories.setdefault(b.outcome_category(outcome), []).append(outcome)
    by_category = {}
    for category, members in categories.items():
        total = b.row(("category", category),
                      lambda g, m=members: g.exited and g.outcome in m)  # type: ignore[misc]
        for column, var in enumerate(total):
            b.grid.relate(var, [rows[o][column] for o in members])
        by_category[category] = total
    title = b.t("total")
    outcome_rows: list[Row] = [(o, b.outcome_name(o), rows[o], False) for o in outcomes]
    category_rows: list[Row] = [(c, _category_label(b, c, categories[c]), v, False)
                                for c, v in by_category.items()]
    for key, table_rows in (("exits_outcome", outcome_rows), ("exits_category", category_rows)):
        b.grid.table(key, b.t(f"table.{key}"), b.gender_columns(),
                     [*table_rows, ("total", title, exited, True)], "persons", "exits")
        b.grid.table(f"{key}_share", b.t(f"table.{key}_share"), b.gender_columns(),
                     [(k, name, [Share(v, exited[i]) for i, v in enumerate(cells)
                                  if isinstance(v, Var)], False)
                      for k, name, cells, _ in table_rows],
                     "share", "exits")


