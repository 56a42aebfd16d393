"""A share target over other spans than the report's own: to date, and the previous
period (issue 22, finding 5 and "the previous period beside this one").

*To date*: a programme with an end states its targets for the whole programme (Hofors,
2021-01-01 to 2023-03-01, seed 004: "minst 40 % av deltagarna går vidare …"); a report
of one month judged the 40 % on that month's three exits.  The outcome from the
programme's start to the period's end is what the target can be judged on; the period's
own exits are shown beside it.

*The previous period*: a board deciding on continuation asks whether a target moved.
The previous period's outcome is the one its own report judged: its own exits, or to
date at its end for a programme judged to date.

Every number is a variable of the report's grid, tied by relations to the published
numbers it is part of (the previous period's exit categories of the ``compare`` table;
the period's own target and the years of the ``trend`` table for the span to date), so
that the suppression protects it with them: a small count hidden in one table cannot
be worked out from another.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

from engine.reports import formatting
from engine.reports.build import Build, Row, groups_by_gender
from engine.reports.compare_periods import whole_programme_judged
from engine.reports.counts import CaseGroup, PeriodCases
from engine.reports.figures_compare import span_label, span_var
from engine.reports.grid import Fixed, Ref, Share, Var
from engine.reports.model import GENDER_COLUMNS, Column, TargetStatus

Keep = Callable[[CaseGroup], bool]

#: How far from the target a share may be and still be "about" it (55 % ± 5 points).
ABOUT = 0.05


@dataclass(frozen=True, slots=True)
class Rule:
    """Which exits a share target counts: in its denominator and in its numerator (a
    subset of the denominator).  The same rule is applied to every span."""

    denominator: Keep
    numerator: Keep


@dataclass(frozen=True, slots=True)
class SpanShare:
    """A share target's numerator and denominator over one span (totals), and by gender
    column (the last the total) where the span is split by gender."""

    numerator: Var
    denominator: Var
    numerator_by_gender: tuple[Var, ...] | None = None
    denominator_by_gender: tuple[Var, ...] | None = None


def _rest(b: Build, whole: Var, part: Var, key: Hashable) -> None:
    """whole = part + the rest (a variable of its own, protected when small: publishing
    both would publish it)."""
    values = b.grid.values
    if whole == part:
        return
    rest = values[whole.key] - values[part.key]
    b.grid.relate(whole, [part, *([b.grid.count(key, rest)] if rest else [])])


def _exits(b: Build, key: Hashable, groups: Sequence[CaseGroup], keep: Keep,
           categories: Mapping[str, Var]) -> Var:
    """The exits of ``groups`` that ``keep`` takes, tied to the span's published exit
    categories: a category wholly taken is that category's cell; a category taken in
    part is split into the part and the rest."""
    by_category: dict[str, int] = defaultdict(int)
    for group in groups:
        if group.exited and keep(group):
            by_category[b.outcome_category(group.outcome or "")] += group.count
    pieces: list[Var] = []
    for category, count in by_category.items():
        whole = categories.get(category)
        if whole is not None and b.grid.values[whole.key] == count:
            pieces.append(whole)
            continue
        piece = b.grid.count((key, category), count)
        if whole is not None:
            _rest(b, whole, piece, (key, category, "rest"))
        pieces.append(piece)
    if len(pieces) == 1 and pieces[0] in categories.values():
        return pieces[0]
    total = b.grid.count(key, sum(by_category.values()), total=True)
    b.grid.relate(total, pieces)
    return total


def previous_share(b: Build, target: str, rule: Rule) -> SpanShare | None:
    """The target over the previous period's own exits (None without one)."""
    previous = b.counts.board.previous
    if previous is None:
        return None
    categories = {}
    for group in previous.cases:
        if group.exited:
            category = b.outcome_category(group.outcome or "")
            found = span_var(b, previous, "category", category)
            if found is not None:
                categories[category] = found
    key = ("target_previous", target)
    denominator = _exits(b, (key, "denominator"), previous.cases, rule.denominator,
                         categories)
    numerator = _exits(b, (key, "numerator"), previous.cases, rule.numerator, categories)
    _rest(b, denominator, numerator, (key, "not_counted"))
    exited = span_var(b, previous, "exited")
    if exited is not None:
        _rest(b, exited, denominator, (key, "left_out"))
    return SpanShare(numerator, denominator)


def _grown(b: Build, key: Hashable, to_date: Sequence[CaseGroup], keep: Keep, own: Var,
           own_by_gender: Sequence[Var] | None, made: tuple[Var, Var] | None = None
           ) -> tuple[Var, tuple[Var, ...] | None, Var]:
    """A count to date: the period's own plus those before it, in all and by gender, and
    those before (``made``: the total and those before, already made and related)."""
    counted = groups_by_gender(to_date, lambda group: group.exited and keep(group))
    values = b.grid.values
    if made is None:
        total = b.grid.count(key, sum(counted.values()), total=True)
        before = b.grid.count((key, "before"), values[total.key] - values[own.key])
        b.grid.relate(total, [own, before])
    else:
        total, before = made
    if own_by_gender is None:
        return total, None, before
    parts = []
    for gender, part in zip(GENDER_COLUMNS[:-1], own_by_gender, strict=False):
        grown = b.grid.count((key, gender), counted.get(gender, 0))
        # Not keyed (…, gender): a number nobody reads is no women's or men's cell the
        # suppression must keep shown.
        b.grid.relate(grown, [part, b.grid.count(((key, gender), "before"),
                                                 values[grown.key] - values[part.key])])
        parts.append(grown)
    b.grid.relate(total, parts)
    return total, (*parts, total), before


def to_date_share(b: Build, target: str, rule: Rule, own: SpanShare
                  ) -> tuple[SpanShare, SpanShare] | None:
    """The target from the programme's start to the period's end, and before the period
    (None when the report does not judge to date, or its period began with the
    programme)."""
    span = b.counts.board.to_date
    if span is None:
        return None
    key = ("target_to_date", target)
    exits, exits_before = _exits_to_date(b, span)
    # Of all exits (Hofors's 40 %): the exits to date are the denominator, one variable.
    every_exit = own.denominator == b.flow("exited")
    denominator, denominator_by_gender, denominator_before = _grown(
        b, (key, "denominator"), span.cases, rule.denominator, own.denominator,
        own.denominator_by_gender, (exits, exits_before) if every_exit else None)
    numerator, numerator_by_gender, numerator_before = _grown(
        b, (key, "numerator"), span.cases, rule.numerator, own.numerator,
        own.numerator_by_gender)
    _rest(b, denominator, numerator, (key, "not_counted"))
    _rest(b, exits, denominator, (key, "left_out"))
    return (SpanShare(numerator, denominator, numerator_by_gender, denominator_by_gender),
            SpanShare(numerator_before, denominator_before))


def _exits_to_date(b: Build, span: PeriodCases) -> tuple[Var, Var]:
    """Exits from the programme's start to the period's end (the period's exits and those
    before, and the sum of the ``trend`` table's years where it has them), and those
    before the period."""
    values = b.grid.values
    exited = sum(g.count for g in span.cases if g.exited)
    own = b.flow("exited")
    key, before = ("exits_to_date", "totalt"), ("exits_to_date", "before")
    if key in values:
        return Var(key), Var(before)
    total = b.grid.count(key, exited, total=True)
    b.grid.relate(total, [own, b.grid.count(before, exited - values[own.key])])
    years = [span_var(b, year, "exited", trend=True) for year in b.counts.board.years]
    shown = [y for y in years if y is not None]
    if shown and sum(values[y.key] for y in shown) == exited:
        b.grid.relate(total, shown)
    return total, Var(before)


def adjacent_previous(b: Build) -> bool:
    """Whether the previous period ends the day before this one begins (not a period
    under way set beside the same days of the previous one)."""
    previous = b.counts.board.previous
    return previous is not None and (b.period.starts_on - previous.ends_on).days == 1


def this_label(b: Build) -> str:
    """The report's period as a column names it: "2025", or its first and last day (a
    report's own title, "Kvartalsrapport 5 (1 januari – 31 mars 2022)", is too long for
    a column)."""
    return span_label(b, PeriodCases("this", b.period.starts_on, b.as_of))


def previous_count(b: Build, measure: str, counted: Var | Fixed) -> Var | Fixed | None:
    """A count target's outcome the previous period's report judged: from the programme's
    start to that period's end (None unless it ends the day before this one begins).

    Participants: those admitted before this period, tied to this period's count
    (admitted since the start = before + enrolled in the period); staff trained: those
    trained before it (no person's figure: the training records hold counts only)."""
    if not adjacent_previous(b):
        return None
    if measure == "staff_trained":
        return Fixed(b.counts.trained_before)
    before = b.grid.count(("cumulative", "before"), b.counts.admitted_before)
    if isinstance(counted, Var) and counted != b.flow("enrolled"):
        b.grid.relate(counted, [b.flow("enrolled"), before])
    return before


def tables(b: Build, rows_to_date: list[tuple[str, str, Ref, Ref]],
           rows_previous: list[tuple[str, str, Ref, Ref]],
           rows_counted: list[tuple[str, str, Ref, Ref]]) -> None:
    """The targets to date beside the period's own, and this period's beside the
    previous period's (shares, then counts): right after the targets table (section
    ``targets``)."""
    start = formatting.day(b.spec.valid_from, b.lang)
    if rows_to_date:
        b.grid.table(
            "targets_to_date", b.t("table.targets_to_date"),
            [Column("period", b.t("targets_time.period", period=this_label(b))),
             Column("to_date", b.t("targets_time.to_date", start=start))],
            [(k, name, [own, grown], False) for k, name, own, grown in rows_to_date],
            "share", "targets",
            b.t("note.targets_to_date", start=start,
                end=formatting.day(b.spec.valid_to or b.period.ends_on, b.lang)))
    previous = b.counts.board.previous
    if rows_previous and previous is not None:
        judged = b.counts.board.to_date is not None
        rows: list[Row] = [(k, name, [this, before], False)
                           for k, name, this, before in rows_previous]
        b.grid.table(
            "targets_previous", b.t("table.targets_previous"),
            [Column("this", this_label(b)), Column("previous", span_label(b, previous))],
            rows, "share", "targets",
            b.t("note.targets_previous_to_date" if judged else "note.targets_previous"))
    if rows_counted and previous is not None:
        b.grid.table(
            "targets_previous_count", b.t("table.targets_previous_count"),
            [Column("this", this_label(b)), Column("previous", span_label(b, previous))],
            [(k, name, [this, before], False) for k, name, this, before in rows_counted],
            "count", "targets", b.t("note.targets_previous_count"))


def share_of(span: SpanShare | None) -> Share | None:
    """The share a span's numerator and denominator make (None without the span)."""
    return None if span is None else Share(span.numerator, span.denominator)


def judge(b: Build, goal: float, comparison: str, numerator: Var,
          denominator: Var) -> TargetStatus:
    """Met or not by the comparison; not enough data under the threshold; in progress
    where not yet met in a period before the end of a programme whose targets are for
    the whole programme (issue 22, finding 5)."""
    base = b.grid.values[denominator.key]
    share = b.grid.values[numerator.key] / base if base else None
    status: TargetStatus
    if share is None or base < b.threshold:
        return "not_enough_data"
    if comparison == "at_most":
        status = "met" if share <= goal else "not_met"
    elif comparison == "about":
        status = "met" if abs(share - goal) <= ABOUT else "not_met"
    else:
        status = "met" if share >= goal else "not_met"
    if status == "not_met" and whole_programme_judged(b.spec, b.period):
        return "in_progress"
    return status
