"""What coordinators recorded beyond the case itself, counted in SQL for a report.

Issue 22, finding 6: anything the definition lets a coordinator record reaches the
report, with how many answered of those who should have.  For each survey task and
each activity-capacity assessment task of the definition, one GROUP BY over the cases
it applies to (enrolled in the period for a task at enrolment, exited in it for a task
at the exit), with each case's one answer beside it; type cases and placement forms of
the cases active in the period likewise.  Groups with their counts, never a row per
case (docs/reports.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Date, bindparam, text
from sqlalchemy.engine import Connection

from engine.definitions.spec import ProgrammeSpec, TaskSpec
from engine.reports.counts import CaseGroup, RecordCounts
from engine.reports.figures_records import should_answer
from engine.service.programme.period_cases import ACTIVE_IN_PERIOD, ADMITTED


def record_counts(connection: Connection, spec: ProgrammeSpec, start: date, end: date,
                  groups: Sequence[CaseGroup]) -> RecordCounts:
    """The surveys, assessments and case attributes of ``spec`` in ``start``..``end``.

    ``groups``: the period's cases as :func:`report_data._case_groups` counted them; who
    should have answered a survey follows from them, so SQL reads only the answers.
    """
    base = {"programme": spec.id, "start": start, "end": end}
    surveyed = [t for t in spec.tasks if t.kind == "survey" and t.when in ("enrolment", "exit")]
    surveys = _surveys(connection, surveyed, base, groups) if surveyed else []
    assessments: list[tuple[str, str, bool, int | None, int]] = []
    for task in spec.tasks:
        if task.when in ("enrolment", "exit") and task.kind != "survey" \
                and "assessment" in task.records:
            assessments.extend((task.id, *row)
                               for row in _assessment(connection, task, base, groups))
    attributes: list[tuple[str, str, str | None, int]] = []
    for column, declared in (("type_case", spec.type_cases),
                             ("placement_form", spec.placement_forms)):
        if declared:
            attributes.extend((column, *row) for row in _attribute(connection, column, base))
    return RecordCounts(surveys=tuple(surveys), assessments=tuple(assessments),
                        attributes=tuple(attributes))


def _applies(task: TaskSpec) -> tuple[str, dict[str, Any]]:
    """SQL for "the task applies to this case in the period" and its parameters."""
    if task.when == "enrolment":
        return "c.enrolled_on BETWEEN :start AND :end", {}
    where = "c.status = 'exited' AND c.exited_on BETWEEN :start AND :end"
    params: dict[str, Any] = {}
    if task.outcomes is not None:
        where += " AND c.outcome IN :outcomes"
        params["outcomes"] = list(task.outcomes)
    if task.except_outcomes:
        where += " AND c.outcome NOT IN :except_outcomes"
        params["except_outcomes"] = list(task.except_outcomes)
    return where, params


def _statement(sql: str, params: dict[str, Any]) -> Any:
    """A text statement with its dates typed (SQLite stores dates as text) and its
    lists of outcomes expanded."""
    return text(sql).bindparams(
        *(bindparam(n, type_=Date) for n in ("start", "end") if f":{n}" in sql),
        *(bindparam(n, expanding=True) for n in ("outcomes", "except_outcomes")
          if n in params))


def _surveys(connection: Connection, tasks: Sequence[TaskSpec], base: dict[str, Any],
             groups: Sequence[CaseGroup]) -> list[tuple[str, str, bool,
                                                       tuple[str | None, ...], int]]:
    """(survey task, gender, answered, (the sum of its scale answers,), cases).

    One pass over the answers to the surveys given by the day the figures describe
    (``ix_survey_answers_case_survey``, which holds the score, in case order), each
    answer's case looked up by its id, kept if it was admitted or exited in the period;
    the latest answer to each survey only: a case that answered twice counts once.
    Those who did not answer are those who should have (from ``groups``) less those who
    did.  The answers drive (SQLite's CROSS JOIN keeps that order): looked up in case
    order, the cases are read page after page.  Driven by the period's cases instead,
    each case sought its answers at a random place in the index: 3.3 s of CPU at
    1,000,000 case-years against 1.3 s (bench/bench_reports.py); a pass per survey cost
    as much as one.
    """
    statement = text(f"""
        SELECT gender, survey, admitted, exited, outcome, score, count(*) FROM (
          SELECT c.gender AS gender, s.survey AS survey,
                 CASE WHEN c.enrolled_on >= :start THEN 1 ELSE 0 END AS admitted,
                 CASE WHEN c.exited_on <= :end THEN 1 ELSE 0 END AS exited,
                 CASE WHEN c.exited_on <= :end THEN c.outcome END AS outcome,
                 s.score AS score
          FROM survey_answers s CROSS JOIN cases c
          WHERE c.id = s.case_id AND {ADMITTED} AND c.enrolled_on <= :end
            AND (c.enrolled_on >= :start OR c.exited_on >= :start)
            AND s.survey IN :surveys AND s.answered_on <= :end
            AND NOT EXISTS (SELECT 1 FROM survey_answers later
                            WHERE later.case_id = s.case_id AND later.survey = s.survey
                              AND later.answered_on <= :end AND later.id > s.id)) answered
        GROUP BY gender, survey, admitted, exited, outcome, score""").bindparams(
        bindparam("start", type_=Date), bindparam("end", type_=Date),
        bindparam("surveys", expanding=True))
    rows = connection.execute(statement, {**base, "surveys": [t.id for t in tasks]}).all()
    out: list[tuple[str, str, bool, tuple[str | None, ...], int]] = []
    for task in tasks:
        done: dict[str, int] = defaultdict(int)
        for gender, survey, admitted, exited, outcome, score, n in rows:
            if survey != task.id or not should_answer(task, bool(admitted), bool(exited), outcome):
                continue
            shown = None if score is None else str(round(float(score)))
            out.append((task.id, gender, True, (shown,), int(n)))
            done[gender] += int(n)
        should: dict[str, int] = defaultdict(int)
        for group in groups:
            if should_answer(task, group.enrolled, group.exited, group.outcome):
                should[group.gender] += group.count
        out += [(task.id, gender, False, (None,), n - done[gender])
                for gender, n in sorted(should.items()) if n > done[gender]]
    return out


def _assessment(connection: Connection, task: TaskSpec, base: dict[str, Any],
                groups: Sequence[CaseGroup]) -> list[tuple[str, bool, int | None, int]]:
    """(gender, assessed, activity capacity, cases): the first assessment of a case
    for a task at enrolment, for one at the exit its latest if it is not its first."""
    where, params = _applies(task)
    first = ("SELECT a2.id FROM assessments a2 WHERE a2.case_id = c.id "
             "AND a2.assessed_on <= :end ORDER BY a2.assessed_on, a2.id LIMIT 1")
    if task.when == "enrolment":
        chosen = f"a.id = ({first})"
    else:
        chosen = (f"a.id = (SELECT a2.id FROM assessments a2 WHERE a2.case_id = c.id "
                  f"AND a2.assessed_on <= :end ORDER BY a2.assessed_on DESC, a2.id DESC "
                  f"LIMIT 1) AND a.id <> ({first})")
    statement = _statement(f"""
        SELECT c.gender, a.activity_capacity, count(*)
        FROM cases c JOIN assessments a ON {chosen}
        WHERE {ADMITTED} AND {where}
        GROUP BY c.gender, a.activity_capacity""", params)
    out = [(g, True, None if value is None else int(value), int(n))
           for g, value, n in connection.execute(statement, {**base, **params}).all()]
    # Those not assessed: those who should have been (the period's case groups, as for
    # the surveys) less those who were.
    done: dict[str, int] = defaultdict(int)
    for gender, _, _, n in out:
        done[gender] += n
    should: dict[str, int] = defaultdict(int)
    for group in groups:
        if should_answer(task, group.enrolled, group.exited, group.outcome):
            should[group.gender] += group.count
    return out + [(gender, False, None, n - done[gender])
                  for gender, n in sorted(should.items()) if n > done[gender]]


def _attribute(connection: Connection, column: str, base: dict[str, Any]
               ) -> Sequence[tuple[str, str | None, int]]:
    """(gender, value of ``column``, cases active in the period)."""
    assert column in ("type_case", "placement_form")  # a column name, never input
    statement = _statement(f"""
        SELECT c.gender, c.{column}, count(*) FROM cases c
        WHERE {ACTIVE_IN_PERIOD}
        GROUP BY c.gender, c.{column}""", {})
    return [(g, v, int(n)) for g, v, n in connection.execute(statement, base).all()]

