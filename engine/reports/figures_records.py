"""The report section "Registrerade uppgifter": what coordinators recorded, reported.

Issue 22, finding 6: a definition that lets a coordinator record something (a survey
at the start or the exit, an activity-capacity assessment, a sub-outcome of an exit, a
track, a type case, a placement form) gets it back in the report, with how many of
those who should have answered did.  The seeds name these as what the programmes
follow up: Västerås's health and NNS surveys at start and exit, the sub-outcomes
(a)–(c) of continued rehabilitation and its three tracks (003); Hofors's survey of
usefulness (004); Örebro's activity capacity and type cases (002).

A board reads the answers as a **mean** at start and at exit, with the number of
respondents it rests on.  The section used to print the distribution of the sums of
the answers (2 to 10, by gender): in every shipped programme's synthetic population
all of it was hidden (REBUS 2025: 60 of 60 cells; Västerås 2025: 80 of 80), and what
it said a mean says in one figure.  The sums are no longer shown; the mean is taken of
them, because a purge keeps the sum of a survey's scale answers and nothing else of
them (engine.service.people.retention), so a past period's mean stays the same.

A table whose women's or men's cells would be small is shown in Totalt only
(:mod:`engine.reports.records_cells`); a table with nothing left to show after the
suppression is replaced by one line saying why (:func:`leave_out_empty`).  Pure: the
counts come from :mod:`engine.service.programme.record_data`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from engine.definitions.spec import TaskSpec
from engine.reports.build import Build, Row, gender_column
from engine.reports.figures_records_categories import (
    CATEGORY_TABLES,
    attributes,
    sub_outcomes,
    tracks,
)
from engine.reports.grid import Ref, Share, Stat, Var
from engine.reports.model import Table
from engine.reports.records_cells import SECTION, by_gender, cells, columns, shared, splits, t


@dataclass(frozen=True, slots=True)
class _Answers:
    """What one survey or assessment task got in the period, by gender column."""

    task: TaskSpec
    done: dict[str, int]            # answered
    missing: dict[str, int]         # should have answered and did not
    scored: dict[str, int]          # answered with a value to take the mean of
    total: dict[str, float]         # the sum of those values
    scale: tuple[int, int] | None   # lowest and highest value; None: no mean


def records(b: Build) -> None:
    """Every table of the section, in definition order: the response rates, each survey
    and assessment with who answered, their means, then sub-outcomes, tracks, type
    cases and placement forms."""
    first = len(b.grid.layouts)
    answers = [_answers(b, task) for task in b.spec.tasks
               if task.when in ("enrolment", "exit")
               and (task.kind == "survey" or "assessment" in task.records)]
    split = [splits(b, [a.done, a.missing, a.scored]) for a in answers]
    rates: list[Row] = [_response(b, a, s) for a, s in zip(answers, split, strict=True)]
    if rates:
        together = all(split)
        if not together:
            rates = [_response_rate(b, a, False) for a in answers]
        b.grid.table("records_response", t(b, "records.response_title"),
                     columns(b, together), rates, "share", SECTION,
                     _note(b, t(b, "records.response_note"), together))
        b.grid.layouts.insert(first, b.grid.layouts.pop())  # the overview first
    _means(b, [a for a in answers if a.scale is not None])
    sub_outcomes(b)
    tracks(b)
    for attribute, declared in (("type_case", b.spec.type_cases),
                                ("placement_form", b.spec.placement_forms)):
        if declared:
            attributes(b, attribute, dict(declared))
    # The section's own cells give way before the women's and men's cells of the
    # participants, exits and Finsam tables they share totals with: those are what the
    # board and the national follow-up read (issue 22, finding 2).
    b.grid.giving_way.update(k for k in b.grid.values if isinstance(k, tuple) and len(k) == 2
                             and isinstance(k[0], tuple) and k[0][:1] == ("records",))


def should_answer(task: TaskSpec, admitted: bool, exited: bool, outcome: str | None) -> bool:
    """Whether a case admitted or exited in the period should have done ``task``: one at
    enrolment if admitted in it, one at the exit if it exited in it with an outcome the
    task applies to."""
    if task.when == "enrolment":
        return admitted
    return exited and outcome is not None and task.applies_to_outcome(outcome)


def _answers(b: Build, task: TaskSpec) -> _Answers:
    """Who answered ``task`` and the values to take the mean of.  Those who should have
    answered are the period's own case groups (the cells of the participants and exits
    tables); for a survey the value is the sum of its scale answers, for an assessment
    the activity capacity."""
    groups: list[tuple[str, bool, str | int | None, int]]
    if task.kind == "survey":
        groups = [(g, gave, given[0] if given else None, n)
                  for t_id, g, gave, given, n in b.counts.records.surveys if t_id == task.id]
    else:
        groups = [(g, gave, value, n)
                  for t_id, g, gave, value, n in b.counts.records.assessments
                  if t_id == task.id]
    done: dict[str, int] = defaultdict(int)
    scored: dict[str, int] = defaultdict(int)
    total: dict[str, float] = defaultdict(float)
    for gender, gave, value, n in groups:
        if gave:
            done[gender] += n
            if value is not None:
                scored[gender] += n
                total[gender] += float(value) * n
    should: dict[str, int] = defaultdict(int)
    for group in b.counts.cases:
        if should_answer(task, group.enrolled, group.exited, group.outcome):
            should[group.gender] += group.count
    missing = {g: n - done.get(g, 0) for g, n in should.items() if n > done.get(g, 0)}
    summed: dict[str, float] = defaultdict(float)
    for stored, sum_of in total.items():
        summed[gender_column(stored)] += sum_of
    return _Answers(task, by_gender(done), by_gender(missing), by_gender(scored),
                    dict(summed), _scale(b, task))


def _scale(b: Build, task: TaskSpec) -> tuple[int, int] | None:
    """The lowest and highest value the mean of ``task`` can take; None for a survey
    without questions on a scale (yes/no and free text: a purge keeps no answer of
    them to count, docs/privacy.md)."""
    if task.kind != "survey":
        scale = b.spec.activity_capacity_scale
        return (scale.min, scale.max) if scale else (1, 5)
    scales = [q for q in task.questions if q.answer == "scale"]
    if not scales:
        return None
    return (sum(1 if q.min is None else q.min for q in scales),
            sum(5 if q.max is None else q.max for q in scales))


def _response(b: Build, a: _Answers, split: bool) -> Row:
    """The persons table of who should answer and who did; the task's response row."""
    key = ("records", a.task.id)
    answered = cells(b, (*key, "answered"), a.done, split)
    not_answered = cells(b, (*key, "not_answered"), a.missing, split)
    expected = shared(_expected(b, a.task, {g: a.done.get(g, 0) + a.missing.get(g, 0)
                                            for g in {*a.done, *a.missing}}), split)
    b.grid.sum_rows(expected, [answered, not_answered])
    survey = a.task.kind == "survey"
    rows: list[Row] = [
        ("answered", t(b, "records.answered" if survey else "records.assessed"), answered,
         False),
        ("not_answered", t(b, "records.not_answered" if survey else "records.not_assessed"),
         not_answered, False)]
    if a.scale is not None and sum(a.scored.values()) != sum(a.done.values()):
        # Some answered no question on the scale: the mean rests on fewer, shown here.
        rows.insert(1, ("scored", t(b, "records.scored"), _scored(b, a, split), False))
    expected_word = "records.expected_start" if a.task.when == "enrolment" \
        else "records.expected_exit"
    rows.append(("expected", t(b, expected_word), expected, True))
    title = "records.survey_title" if survey else "records.assessment_title"
    b.grid.table(f"records_{a.task.id}", t(b, title, task=a.task.name), columns(b, split),
                 rows, "persons", SECTION, _note(b, "", split))
    return _response_rate(b, a, split)


def _response_rate(b: Build, a: _Answers, split: bool) -> Row:
    """The task's row of the response-rate table, from its persons table's cells."""
    key = ("records", a.task.id)
    answered = cells(b, (*key, "answered"), a.done, split)
    expected = shared(_expected(b, a.task, {g: a.done.get(g, 0) + a.missing.get(g, 0)
                                            for g in {*a.done, *a.missing}}), split)
    return (a.task.id, a.task.name,
            [Share(n, d) for n, d in zip(answered, expected, strict=True)], False)


def _scored(b: Build, a: _Answers, split: bool) -> tuple[Var, ...]:
    """Those who answered with a value for the mean, a part of those who answered."""
    key = ("records", a.task.id)
    scored = cells(b, (*key, "scored"), a.scored, split)
    rest = cells(b, (*key, "unscored"),
                 {g: a.done.get(g, 0) - a.scored.get(g, 0) for g in a.done}, split)
    b.grid.sum_rows(cells(b, (*key, "answered"), a.done, split), [scored, rest])
    return scored


def _expected(b: Build, task: TaskSpec, counts: dict[str, int]) -> tuple[Var, ...]:
    """Who should have answered, as the same cells as the participants and exits tables
    show them (admitted in the period; exited, or exited with the task's outcomes): one
    number is one cell, so that it is hidden alike wherever it appears (a total shown
    here and hidden there would give away what it protects)."""
    if task.when == "enrolment":
        return b.grid.gender_row(("flow", "enrolled"), counts)
    if task.outcomes is None and not task.except_outcomes:
        return b.grid.gender_row(("flow", "exited"), counts)
    expected = b.grid.gender_row(("records", task.id, "expected"), counts)
    applies = [o for o in b.outcomes() if task.applies_to_outcome(o)]
    b.grid.sum_rows(expected, [b.row(("exits", o),
                                     lambda g, o=o: g.exited and g.outcome == o)  # type: ignore[misc]
                               for o in applies])
    return expected


def _means(b: Build, answers: Sequence[_Answers]) -> None:
    """The mean of each survey's scale answers and each assessment, at start and exit.

    Shown by gender only where every group's respondents are none or at least the
    threshold: a mean of the total beside the women's and men's means would otherwise
    give away the sum of the answers of the few in the third column.  A mean rests on
    its respondents' cell (:class:`Stat`): hidden when they are fewer than the threshold.
    """
    if not answers:
        return
    split = all(n == 0 or n >= b.threshold for a in answers for n in a.scored.values())
    rows: list[Row] = []
    for a in answers:
        base = _scored(b, a, split) if sum(a.scored.values()) != sum(a.done.values()) \
            else cells(b, ("records", a.task.id, "answered"), a.done, split)
        means: list[Ref] = []
        groups = list(b.gender_columns()) if split else []
        for var, column in zip(base, [*(c.key for c in groups[:-1]), "totalt"], strict=True):
            n = a.scored.get(column, 0) if column != "totalt" else sum(a.scored.values())
            value = (a.total.get(column, 0.0) if column != "totalt"
                     else sum(a.total.values())) / n if n else None
            means.append(Stat(None if value is None else round(value, 1), var))
        low, high = a.scale or (0, 0)
        rows.append((a.task.id, t(b, "records.mean_survey", task=a.task.name, low=low,
                                  high=high), means, False))
    b.grid.table("records_means", t(b, "records.means_title"), columns(b, split), rows,
                 "mean", SECTION, _note(b, t(b, "records.means_note", threshold=b.threshold),
                                        split))


def _note(b: Build, note: str, split: bool) -> str:
    """A table's note, saying once that it is shown without the gender split."""
    if split:
        return note
    return f"{note} {t(b, 'records.no_split')}".strip()


def leave_out_empty(b: Build, tables: Sequence[Table]) -> tuple[Table, ...]:
    """The report's tables, each table of the section with nothing to show once the
    suppression has run (every cell of its own rows hidden; a total row repeats a
    figure of the participants or exits table) replaced by its title and one line
    saying why, not a grid of dashes.  That a table has Totalt only is said once, under
    the first such table the section shows."""
    sentence = t(b, "records.no_split")
    out = []
    said = False
    for table in tables:
        if table.section != SECTION:
            out.append(table)
            continue
        table = replace(table, note=table.note.replace(sentence, "").strip())
        own = [c for row in table.rows if not row.is_total for c in row.cells]
        if table.rows and all(c.value is None for c in own):
            reason = "records.too_few_persons" if table.key in CATEGORY_TABLES \
                else "records.too_few_answers"
            table = replace(table, columns=(), rows=(), note=t(b, reason))
        elif not said and [c.key for c in table.columns] == ["totalt"]:
            table = replace(table, note=f"{table.note} {sentence}".strip())
            said = True
        out.append(table)
    return tuple(out)
