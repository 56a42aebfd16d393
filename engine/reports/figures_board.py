"""The report tables the board decides from: the full-year forecast, budget against
outcome, and the counts the national follow-up (Uppföljning Finsam) asks for.

Pure, like :mod:`engine.reports.figures`: the numbers come from the counts, the
tables go through the report's grid, so every count of persons is suppressed with the
rest.  Amounts of money are not about persons (unit ``count``, never suppressed).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from engine.reports import formatting
from engine.reports.build import (
    Build,
    Row,
    completers_by_gender,
    completers_total,
    cumulative,
)
from engine.reports.figures_money import money
from engine.reports.grid import Fixed, Projected, Ref, Share, Var
from engine.reports.model import GENDER_COLUMNS, Column
from engine.rules.budget import compared_sums


def prognosis(b: Build) -> None:
    """A linear forecast of the year from the figures so far (the evaluation stage).

    Only for a period under way: each count so far × the period's days ÷ the days so
    far; those active at some time = those active at the start + the projected
    enrolments; a count target (participants since the start) likewise.  Shares are
    ratios of two counts projected alike, so they stay as they are (the note says so).
    """
    total = (b.period.ends_on - b.period.starts_on).days + 1
    elapsed = (b.as_of - b.period.starts_on).days + 1
    if elapsed >= total or elapsed < 1:
        return
    factor = total / elapsed

    def forecast(var: Var) -> Projected:
        return Projected(((var, factor),))

    counted = [t for t in b.spec.targets if t.measure == "participants" and t.count is not None]
    columns = [Column(k, b.t(f"prognosis.{k}")) for k in ("so_far", "full_year", "target")
               if k != "target" or counted]
    enrolled, exited, at_start = b.flow("enrolled"), b.flow("exited"), b.flow("at_start")
    done = completers_total(b)
    rows: list[Row] = [
        ("enrolled", b.t("prognosis.enrolled"), [enrolled, forecast(enrolled)], False),
        ("exited", b.t("prognosis.exited"), [exited, forecast(exited)], False),
        ("completers", b.t("prognosis.completers"), [done, forecast(done)], False),
        ("during", b.t("prognosis.during"),
         [b.flow("during"), Projected(((at_start, 1.0), (enrolled, factor)))], False),
    ]
    if counted:
        rows = [(k, label, [*cells, None], total) for k, label, cells, total in rows]
    for target in counted:
        if target.count is not None:
            # Admitted since the start: those before the year stay, the year's grow.
            since = cumulative(b)
            projected = Projected(((since, 1.0), (enrolled, factor - 1.0))) \
                if since != enrolled else forecast(enrolled)
            rows.append((f"target:{target.id}", b.t("prognosis.count_target", name=target.name),
                         [since, projected, Fixed(target.count)], False))
    b.grid.table("prognosis", b.t("table.prognosis", year=b.period.starts_on.year), columns,
                 rows, "persons", "prognosis", b.t("note.prognosis", days=elapsed, total=total))
    # The same forecast for women and men (REBUS and Hofors ask for every statistic by
    # gender, seeds 001 and 004; issue 22, finding 3): each column's count so far is in
    # the participants table, its projection here.
    done_by_gender = completers_by_gender(b)
    by_gender: list[Row] = [
        (key, b.t(f"prognosis.{key}"),
         [Projected(((b.flow(key, g), factor),)) for g in GENDER_COLUMNS], False)
        for key in ("enrolled", "exited")]
    by_gender.append(("completers", b.t("prognosis.completers"),
                      [Projected(((v, factor),)) for v in done_by_gender], False))
    by_gender.append(("during", b.t("prognosis.during"),
                      [Projected(((b.flow("at_start", g), 1.0), (b.flow("enrolled", g), factor)))
                       for g in GENDER_COLUMNS], False))
    b.grid.table("prognosis_gender",
                 b.t("table.prognosis_gender", year=b.period.starts_on.year),
                 b.gender_columns(), by_gender, "persons", "prognosis",
                 b.t("note.prognosis_gender"))


def _kronor(ore: int | None) -> Fixed:
    return Fixed(None if ore is None else round(ore / 100))


def budget_period_name(key: str, starts_on: date, lang: str) -> str:
    """A budget period as a reader says it: "Kvartal 1 2025", "Första halvåret 2025",
    "Mars 2025", "2025" (the key "2025-Q1" is for machines; issue 22, finding 11)."""
    year = starts_on.year
    if "-Q" in key:
        number = key.rsplit("Q", 1)[1]
        return f"Kvartal {number} {year}" if lang == "sv" else f"Quarter {number} {year}"
    if "-H" in key:
        first = key.endswith("1")
        if lang == "sv":
            return f"{'Första' if first else 'Andra'} halvåret {year}"
        return f"{'First' if first else 'Second'} half of {year}"
    if "-" in key:
        return formatting.month_in_full(starts_on, lang).capitalize()
    return key


def budget(b: Build) -> None:
    """Budget against outcome per budget period of the report's period, and in all."""
    spec = b.spec.budget
    if spec is None or not b.counts.budget:
        return
    columns = [Column(k, b.t(f"budget.{k}")) for k in ("budget", "outcome", "deviation")]
    rows: list[Row] = []
    shares: list[Row] = []
    for period, starts_on, _, planned, outcome in b.counts.budget:
        deviation = None if planned is None or outcome is None else outcome - planned
        name = budget_period_name(period, starts_on, b.lang)
        rows.append((period, name, [_kronor(planned), _kronor(outcome), _kronor(deviation)],
                     False))
        shares.append((period, name, [_share(deviation, planned)], False))
    planned_sum = _sum(p for *_, p, _ in b.counts.budget)
    outcome_sum = _sum(o for *_, o in b.counts.budget)
    deviation_sum, planned_compared = _deviation(b.counts.budget)
    rows.append(("total", b.t("total"), [_kronor(planned_sum), _kronor(outcome_sum),
                                         _kronor(deviation_sum)], True))
    shares.append(("total", b.t("total"), [_share(deviation_sum, planned_compared)], True))
    title = b.t("table.budget", currency=spec.currency)
    b.grid.table("budget", title, columns, rows, "count", "budget", b.t("note.budget"))
    b.grid.table("budget_share", b.t("budget.deviation_share"),
                 [Column("deviation_share", b.t("budget.deviation_share"))], shares, "share",
                 "budget")
    money(b)


def _sum(values: object) -> int | None:
    known = [v for v in values if isinstance(v, int)]  # type: ignore[attr-defined]
    return sum(known) if known else None


def _deviation(periods: Sequence[tuple[str, date, date, int | None, int | None]]
               ) -> tuple[int | None, int | None]:
    """(outcome − budget, budget) over the periods that have both, as the budget
    commands add them up (:func:`engine.rules.budget.compared_sums`)."""
    sums = compared_sums((p, o) for *_, p, o in periods)
    if sums is None:
        return None, None
    planned, outcome = sums
    return outcome - planned, planned


def _share(deviation: int | None, planned: int | None) -> Ref:
    if deviation is None or not planned:
        return None
    return Share(Fixed(deviation), Fixed(planned))


def is_operating_year(starts_on: date, ends_on: date, programme_start: date) -> bool:
    """Whether a period is one calendar year (from the programme's start in its first)."""
    first = date(ends_on.year, 1, 1)
    return (ends_on.month, ends_on.day) == (12, 31) and (
        starts_on == first or (starts_on == programme_start and starts_on.year == ends_on.year))


def finsam(b: Build) -> None:
    """"Underlag för Uppföljning Finsam" in a report of one calendar year.

    Participants of each insats active at some time in the year by gender (the
    programme in all, and its tracks when it has them), and the year's budget against
    its outcome: the figures the association types into the national follow-up.
    """
    if not is_operating_year(b.period.starts_on, b.period.ends_on, b.spec.valid_from):
        return
    year = b.period.ends_on.year
    during = tuple(b.flow("during", g) for g in GENDER_COLUMNS)
    rows: list[Row] = []
    if b.spec.tracks:
        names = dict(b.spec.tracks)
        tracks = [t for t, _ in b.spec.tracks]
        if any((g.at_start or g.enrolled) and g.track not in names for g in b.counts.cases):
            tracks.append("")
        parts = []
        for track in tracks:
            cells = b.row(("finsam", track), lambda g, t=track: (  # type: ignore[misc]
                (g.at_start or g.enrolled) and (g.track or "") == t))
            parts.append(cells)
            label = names.get(track) or b.t("finsam.no_track")
            rows.append((f"track:{track or 'none'}", f"{b.spec.name}: {label}", cells, False))
        b.grid.sum_rows(during, parts)
    rows.append(("programme", b.spec.name, during, True))
    b.grid.table("finsam_participants", b.t("table.finsam_participants", year=year),
                 b.gender_columns(), rows, "persons", "finsam", b.t("note.finsam_participants"))
    spec = b.spec.budget
    if spec is None or not b.counts.budget:
        return
    planned = _sum(p for *_, p, _ in b.counts.budget)
    outcome = _sum(o for *_, o in b.counts.budget)
    deviation, _ = _deviation(b.counts.budget)
    columns = [Column(k, b.t(f"budget.{k}")) for k in ("budget", "outcome", "deviation")]
    b.grid.table("finsam_budget", b.t("table.finsam_budget", year=year, currency=spec.currency),
                 columns, [("year", b.t("finsam.year", year=year),
                            [_kronor(planned), _kronor(outcome), _kronor(deviation)], True)],
                 "count", "finsam", b.t("note.budget"))

