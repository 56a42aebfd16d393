"""Every target of the definition against its outcome in the period.

The numerator and denominator are variables of the report's grid, tied by relations to
the tables they come from (the numerator of "30 % in work or studies" is the sum of two
rows of the exits table), so suppression protects them with everything else.  Status:

* ``met`` / ``not_met`` by the target's comparison: at least, at most, or about
  (within :data:`ABOUT` of the target);
* ``not_enough_data`` when the denominator is below the suppression threshold (a share
  of three people says nothing and would identify them), or when Stegvis stores no
  data for the measure (payback time, measured by an external evaluator);
* ``qualitative`` for targets stated in words only;
* ``in_progress`` for a target of a programme with an end, not yet reached in a period
  before that end: its outcome counts from the programme's start (the share targets
  over their spans: :mod:`engine.reports.targets_spans`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from engine.definitions.spec import TargetSpec
from engine.reports import formatting
from engine.reports.build import (
    Build,
    Row,
    completers_by_gender,
    completers_total,
    cumulative,
)
from engine.reports.compare_periods import whole_programme_judged
from engine.reports.counts import CaseGroup
from engine.reports.figures_work import training_total
from engine.reports.grid import Fixed, Ref, Share, Var
from engine.reports.model import (
    GENDER_COLUMNS,
    Cell,
    TargetOutcome,
    TargetResult,
    TargetStatus,
)
from engine.reports.targets_spans import (
    Rule,
    SpanShare,
    adjacent_previous,
    judge,
    previous_count,
    previous_share,
    share_of,
    tables,
    to_date_share,
)
from engine.reports.texts import percent


@dataclass(frozen=True, slots=True)
class _Pending:
    """A result whose cells are read once every variable of the report exists."""

    result: TargetResult
    numerator: Ref = None
    denominator: Ref = None
    share: Ref = None
    #: The numerator and denominator of women, men and the third column (then the
    #: total), for the targets' table by gender; None when the data has no gender.
    numerator_by_gender: tuple[Var, ...] | None = None
    denominator_by_gender: tuple[Var, ...] | None = None
    #: Which exits a share target counts, to count it over other spans (to date, the
    #: previous period); None for the other targets.
    rule: Rule | None = None


def _split(b: Build, key: object, total: Var, keep: Callable[[CaseGroup], bool],
           values: dict[str, int] | None = None) -> tuple[Var, ...]:
    """``total`` split by gender: a variable per gender column, related to it."""
    by_gender = b.cases_by_gender(keep) if values is None else values
    parts = [b.grid.count((key, g), by_gender.get(g, 0)) for g in GENDER_COLUMNS[:-1]]
    b.grid.relate(total, parts)
    return (*parts, total)


def _gender_tables(b: Build, pending: Sequence[_Pending]) -> None:
    """Each target's outcome for women, men and in all (förordning 2001:100 14 §; REBUS
    and Hofors ask for every statistic by gender, seeds 001 and 004; issue 22, finding
    3): the numerators and denominators in persons, and the shares."""
    counted: list[Row] = []
    shares: list[Row] = []
    for p in pending:
        if p.numerator_by_gender is None:
            continue
        name = p.result.label
        if p.denominator_by_gender is None:
            counted.append((p.result.key, name, p.numerator_by_gender, False))
            continue
        counted.append((f"{p.result.key}:numerator",
                        b.t("targets_gender.numerator", name=name), p.numerator_by_gender,
                        False))
        counted.append((f"{p.result.key}:denominator",
                        b.t("targets_gender.denominator", name=name),
                        p.denominator_by_gender, False))
        shares.append((p.result.key, name,
                       [Share(n, d) for n, d in zip(p.numerator_by_gender,
                                                   p.denominator_by_gender, strict=True)],
                       False))
    if shares:
        b.grid.table("targets_gender_share", b.t("table.targets_gender_share"),
                     b.gender_columns(), shares, "share", "targets",
                     b.t("note.targets_gender"))
    if counted:
        b.grid.table("targets_gender", b.t("table.targets_gender"), b.gender_columns(),
                     counted, "persons", "targets")


def targets(b: Build) -> tuple[TargetResult, ...]:
    """One result per target of the definition, in its order.

    The variables of every target are made first and the cells read after, so that the
    suppression (run once, on first read) sees them all.
    """
    pending = [_target(b, t) for t in b.spec.targets]
    pending, spans = _over_time(b, pending)
    _gender_tables(b, pending)
    if b.counts.board.previous is None and b.period.key != "final" \
            and any(p.rule for p in pending):
        b.notes.append(b.t("note.targets_no_previous",
                           start=formatting.day(b.spec.valid_from, b.lang)))

    def outcome(span: tuple[date, date, Ref, Ref, Ref] | None) -> TargetOutcome | None:
        if span is None:
            return None
        starts_on, ends_on, numerator, denominator, share = span
        return TargetOutcome(starts_on, ends_on, b.grid.cell(numerator, b.threshold),
                             b.grid.cell(denominator, b.threshold),
                             b.grid.cell(share, b.threshold))

    return tuple(replace(p.result, numerator=b.grid.cell(p.numerator, b.threshold),
                         denominator=b.grid.cell(p.denominator, b.threshold),
                         share=b.grid.cell(p.share, b.threshold),
                         in_period=outcome(spans.get((p.result.key, "in_period"))),
                         previous=outcome(spans.get((p.result.key, "previous"))))
                 for p in pending)


def _over_time(b: Build, pending: list[_Pending]
               ) -> tuple[list[_Pending], dict[tuple[str, str], tuple[date, date, Ref, Ref,
                                                                      Ref]]]:
    """Each share target to date (its outcome then counts from the programme's start and
    is judged on that) and in the previous period, and the tables that show them."""
    out: list[_Pending] = []
    spans: dict[tuple[str, str], tuple[date, date, Ref, Ref, Ref]] = {}
    rows_to_date: list[tuple[str, str, Ref, Ref]] = []
    rows_previous: list[tuple[str, str, Ref, Ref]] = []
    rows_counted: list[tuple[str, str, Ref, Ref]] = []
    board = b.counts.board
    for p in pending:
        rule = p.rule
        measure = next(t.measure for t in b.spec.targets if t.id == p.result.key)
        if measure in ("participants", "staff_trained") and board.previous is not None \
                and isinstance(p.numerator, Var | Fixed):
            counted = previous_count(b, measure, p.numerator)
            rows_counted.append((p.result.key, p.result.label, p.numerator, counted))
            if counted is not None:
                spans[(p.result.key, "previous")] = (b.spec.valid_from,
                                                     board.previous.ends_on, counted, None,
                                                     None)
        if rule is None or not isinstance(p.numerator, Var) \
                or not isinstance(p.denominator, Var):
            out.append(p)
            continue
        key, own_share = p.result.key, Share(p.numerator, p.denominator)
        own = SpanShare(p.numerator, p.denominator, p.numerator_by_gender,
                        p.denominator_by_gender)
        spanned = to_date_share(b, key, rule, own)
        before: SpanShare | None = None
        if spanned is not None and board.to_date is not None:
            grown = spanned[0]
            spans[(key, "in_period")] = (b.period.starts_on, b.as_of, p.numerator,
                                         p.denominator, own_share)
            rows_to_date.append((key, p.result.label, own_share, share_of(grown)))
            if adjacent_previous(b):  # to date at the previous period's end
                before = spanned[1]
            b.grid.essential |= {grown.numerator.key, grown.denominator.key}
            comparison = next(t.comparison for t in b.spec.targets if t.id == key)
            status = judge(b, p.result.target or 0.0, comparison, grown.numerator,
                           grown.denominator)
            p = replace(p, numerator=grown.numerator, denominator=grown.denominator,
                        share=share_of(grown), numerator_by_gender=grown.numerator_by_gender,
                        denominator_by_gender=grown.denominator_by_gender,
                        result=replace(p.result, status=status,
                                       counted_from=board.to_date.starts_on,
                                       measure=b.t("measure.to_date", measure=p.result.measure,
                                                   start=formatting.day(
                                                       board.to_date.starts_on, b.lang))))
        elif spanned is None and board.to_date is None and not whole_programme_judged(
                b.spec, b.period):
            before = previous_share(b, key, rule)
        if board.previous is not None:
            if before is not None:
                spans[(key, "previous")] = (
                    board.to_date.starts_on if board.to_date else board.previous.starts_on,
                    board.previous.ends_on, before.numerator, before.denominator,
                    share_of(before))
            rows_previous.append((key, p.result.label, p.share, share_of(before)))
        out.append(p)
    tables(b, rows_to_date, rows_previous, rows_counted)
    return out, spans


def _denominator(b: Build, target: TargetSpec) -> tuple[Var, Callable[[CaseGroup], bool],
                                                        tuple[Var, ...]]:
    """The denominator's variable and which exits belong to it.

    Outcomes and sub-outcomes the target leaves out (``denominator: {of: …, except:
    […]}``) are taken from it; the left-out count is a variable of its own, so that the
    suppression protects it when it is small (it is the denominator's difference from a
    published total).
    """
    if target.denominator == "completers":
        base, member = completers_total(b), _completer(b)
        base_by_gender = completers_by_gender(b)
    else:
        # ``all_participants`` too: a share of exit outcomes ("40 % of the participants go
        # on to work, studies or occupation", Hofors, seed 004) is taken of those who
        # left; someone still enrolled has no outcome yet and cannot count against it
        # (issue 22: Hofors's 40 % was divided by everyone enrolled).
        base, member = b.flow("exited"), _exited
        base_by_gender = tuple(b.flow("exited", g) for g in GENDER_COLUMNS)
    if not target.denominator_except:
        return base, member, base_by_gender
    left_out = set(target.denominator_except)

    def excluded(g: CaseGroup) -> bool:
        return member(g) and (g.outcome in left_out or g.sub_outcome in left_out)

    gone = sum(g.count for g in b.counts.cases if excluded(g))
    kept = b.grid.count(("target_base", target.id), b.grid.values[base.key] - gone,
                        total=True)
    b.grid.relate(base, [kept, b.grid.count(("target_left_out", target.id), gone)])
    gone_by_gender = b.cases_by_gender(excluded)
    kept_by_gender = _split(b, ("target_base", target.id), kept,
                            lambda g: member(g) and not excluded(g))
    for column, g in enumerate(GENDER_COLUMNS[:-1]):
        b.grid.relate(base_by_gender[column], [kept_by_gender[column], b.grid.count(
            (("target_left_out", target.id), g), gone_by_gender.get(g, 0))])
    return kept, lambda g: member(g) and not excluded(g), kept_by_gender


def _denominator_words(b: Build, target: TargetSpec) -> str:
    """ "alla avslut", or "alla avslut utom Flyttat" when outcomes are left out."""
    words = b.t(f"denominator.{target.denominator or 'all_exits'}")
    if not target.denominator_except:
        return words
    names = {o.id: o.name for s in (b.spec, *b.older) for o in s.outcomes}
    names |= {sub: name for s in (b.spec, *b.older) for o in s.outcomes
              for sub, name in o.sub_outcomes}
    left_out = ", ".join(names.get(x, x) for x in target.denominator_except)
    return b.t("denominator.except", denominator=words, left_out=left_out)


def _exited(g: CaseGroup) -> bool:
    return g.exited


def _completer(b: Build) -> Callable[[CaseGroup], bool]:
    return lambda g: g.exited and g.outcome is not None and b.completed(g.outcome)


def _target(b: Build, target: TargetSpec) -> _Pending:
    measure = target.measure
    if measure in ("outcome_share", "step_movement", "survey_improvement"):
        return _share_target(b, target)
    if measure in ("participants", "staff_trained") and target.count is not None:
        if measure == "participants":
            counted = cumulative(b)
            b.grid.essential.add(counted.key)
            value = b.grid.values[counted.key]
            numerator: Var | Fixed = counted
        else:
            # From the programme's start to the period's end, as the participants are.
            value = training_total(b) + b.counts.trained_before
            numerator = Fixed(value)
        status: TargetStatus = "met" if value >= target.count else "not_met"
        ends_on = b.spec.valid_to
        if status == "not_met" and ends_on is not None and b.period.ends_on < ends_on:
            # A target for the whole programme cannot be missed in a period before its
            # end: the report shows the way so far (Hofors Rapport 3 judged 9 of 25
            # participants "Ej uppfyllt"; issue 22, finding 5).
            status = "in_progress"
        by_gender = None
        if measure == "participants" and isinstance(numerator, Var) \
                and numerator == b.flow("enrolled"):
            # Admitted in the period only (none before it): the enrolled row by gender.
            # Those admitted before the period are counted in all, not by gender.
            by_gender = tuple(b.flow("enrolled", g) for g in GENDER_COLUMNS)
        return _Pending(_result(
            target, b.t(f"measure.{measure}"), float(target.count),
            b.t("target.persons", count=target.count), status), numerator=numerator,
            numerator_by_gender=by_gender)
    if measure == "payback_time" and target.duration is not None:
        comparison = b.t(f"target.{target.comparison}", value="").strip()
        by = b.spec.role_name(target.measured_by) if target.measured_by else "–"
        return _Pending(_result(
            target, b.t("measure.payback_time"), None,
            b.t("target.duration", comparison=comparison,
                duration=target.duration.swedish() if b.lang == "sv" else str(target.duration),
                by=by), "not_enough_data"))
    return _Pending(_result(target, b.t("measure.qualitative"), None,
                            b.t("target.qualitative"), "qualitative"))


def _result(target: TargetSpec, measure: str, goal: float | None, text: str,
            status: TargetStatus) -> TargetResult:
    none = Cell(None, "none")
    return TargetResult(key=target.id, label=target.name, measure=measure, numerator=none,
                        denominator=none, share=none, target=goal, target_text=text,
                        status=status)


def _share_target(b: Build, target: TargetSpec) -> _Pending:
    denominator, member, denominator_by_gender = _denominator(b, target)
    grid = b.grid
    if target.measure == "outcome_share":
        chosen = [o for o in b.outcomes() if o in target.outcomes]
        if target.denominator == "completers":
            chosen = [o for o in chosen if b.completed(o)]
        parts = [Var((("exits", o), "totalt")) for o in chosen]
        in_chosen = sum(grid.values[p.key] for p in parts)
        value = sum(g.count for g in b.counts.cases if member(g) and g.outcome in chosen)
        numerator = grid.count(("target", target.id), value, total=True)
        if value == in_chosen:
            grid.relate(numerator, parts)
        else:  # some of the chosen outcomes' exits are left out of the denominator
            grid.relate(numerator, parts, [grid.count(("target_numerator_left_out",
                                                       target.id), in_chosen - value)])
        numerator_by_gender = _split(
            b, ("target", target.id), numerator,
            lambda g: member(g) and g.outcome in chosen)
        for column, gender in enumerate(GENDER_COLUMNS[:-1]):
            chosen_cells = [Var((("exits", o), gender)) for o in chosen]
            left = sum(grid.values[c.key] for c in chosen_cells) \
                - grid.values[numerator_by_gender[column].key]
            grid.relate(numerator_by_gender[column], chosen_cells, [grid.count(
                (("target_numerator_left_out", target.id), gender), left)] if left else [])
        opening, closing = ("”", "”") if b.lang == "sv" else ("“", "”")
        quoted = [f"{opening}{b.outcome_name(o)}{closing}" for o in target.outcomes]
        names = quoted[0] if len(quoted) == 1 else \
            f"{', '.join(quoted[:-1])} {b.t('measure.or')} {quoted[-1]}"
        measure = b.t("measure.outcome_share", outcomes=names,
                      denominator=_denominator_words(b, target))
        wanted = set(target.outcomes)
        rule = Rule(member, lambda g: member(g) and g.outcome in wanted)
    else:
        if target.measure == "step_movement":
            def counted(g: CaseGroup) -> bool:
                return g.stepped
        else:
            def counted(g: CaseGroup) -> bool:
                return g.improved is True
        rule = Rule(member, lambda g: member(g) and counted(g))
        value = sum(g.count for g in b.counts.cases if member(g) and counted(g))
        numerator = grid.count(("target", target.id), value)
        numerator_by_gender = _split(b, ("target", target.id), numerator,
                                     lambda g: member(g) and counted(g))
        if target.measure == "survey_improvement":
            # A change can only be seen in those who answered both surveys: 33 of 52
            # respondents is 63 %, not 45.8 % of all exits (REBUS; issue 22, finding 6).
            # Those who did not answer are a variable of their own, so the
            # suppression protects them when they are few.
            answered = sum(g.count for g in b.counts.cases
                           if member(g) and g.improved is not None)
            respondents = grid.count(("target_respondents", target.id), answered,
                                     total=True)
            grid.relate(denominator, [respondents, grid.count(
                ("target_no_answer", target.id), grid.values[denominator.key] - answered)])
            answered_by_gender = _split(b, ("target_respondents", target.id), respondents,
                                        lambda g: member(g) and g.improved is not None)
            for column, gender in enumerate(GENDER_COLUMNS[:-1]):
                part = denominator_by_gender[column]
                grid.relate(part, [answered_by_gender[column], grid.count(
                    (("target_no_answer", target.id), gender),
                    grid.values[part.key] - grid.values[answered_by_gender[column].key])])
            denominator, denominator_by_gender = respondents, answered_by_gender
            rule = Rule(lambda g: member(g) and g.improved is not None, rule.numerator)
        survey = next((t.name for t in b.spec.tasks if t.id == target.survey), target.survey)
        if b.lang == "sv" and survey and survey[1:2].islower():
            survey = survey[0].lower() + survey[1:]   # mid-sentence: "där enkät om …"
        measure = b.t(f"measure.{target.measure}", survey=survey,
                      denominator=_denominator_words(b, target))
    grid.essential |= {numerator.key, denominator.key}
    goal = target.share or 0.0
    status = judge(b, goal, target.comparison, numerator, denominator)
    text = b.t(f"target.{target.comparison or 'at_least'}", value=percent(b.lang, goal))
    return _Pending(_result(target, measure, goal, text, status), numerator, denominator,
                    Share(numerator, denominator), numerator_by_gender, denominator_by_gender,
                    rule)
