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

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Date, bindparam, text
from sqlalchemy.engine import Connection

from engine.definitions.spec import ProgrammeSpec, TaskSpec
from engine.reports.counts import RecordCounts

#: Cases of the programme that were admitted (the reports' population).
_ADMITTED = "c.programme_id = :programme AND c.status IN ('active', 'exited')"


def record_counts(connection: Connection, spec: ProgrammeSpec, start: date,
                  end: date) -> RecordCounts:
    """The surveys, assessments and case attributes of ``spec`` in ``start``..``end``."""
    base = {"programme": spec.id, "start": start, "end": end}
    surveys: list[tuple[str, str, bool, tuple[str | None, ...], int]] = []
    assessments: list[tuple[str, str, bool, int | None, int]] = []
    for task in spec.tasks:
        if task.when not in ("enrolment", "exit"):
            continue
        if task.kind == "survey":
            surveys.extend((task.id, *row) for row in _survey(connection, task, base))
        elif "assessment" in task.records:
            assessments.extend((task.id, *row) for row in _assessment(connection, task, base))
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


def _answer(connection: Connection, index: int) -> str:
    """A survey row's answer to the question bound as ``:q<index>``, as text."""
    if connection.dialect.name == "postgresql":
        return f"(s.answers ->> :q{index})"
    # json_extract gives 1/0 for true/false and the number for a scale; as text both
    # read the same on PostgreSQL after _normalised.
    return f"CAST(json_extract(s.answers, '$.' || :q{index}) AS TEXT)"


def _survey(connection: Connection, task: TaskSpec, base: dict[str, Any]
            ) -> list[tuple[str, bool, tuple[str | None, ...], int]]:
    """(gender, answered, answers to the scale and yes/no questions, cases)."""
    where, params = _applies(task)
    counted = [q for q in task.questions if q.answer in ("scale", "yes_no")]
    answers = "".join(f", {_answer(connection, i)} AS q{i}" for i in range(len(counted)))
    keys = "".join(f", q{i}" for i in range(len(counted)))
    # The case's latest answer by the day the figures describe: one per case.
    statement = _statement(f"""
        SELECT gender, answered{keys}, count(*) FROM (
          SELECT c.gender AS gender, CASE WHEN s.id IS NULL THEN 0 ELSE 1 END AS answered
                 {answers}
          FROM cases c LEFT JOIN survey_answers s ON s.id = (
            SELECT max(s2.id) FROM survey_answers s2 WHERE s2.case_id = c.id
              AND s2.survey = :survey AND s2.answered_on <= :end)
          WHERE {_ADMITTED} AND {where}) answered
        GROUP BY gender, answered{keys}""", params)
    bound = {**base, **params, "survey": task.id,
             **{f"q{i}": q.id for i, q in enumerate(counted)}}
    out = []
    for row in connection.execute(statement, bound).all():
        values = tuple(_normalised(v, q.answer) for v, q in zip(row[2:-1], counted,
                                                                 strict=True))
        out.append((row[0], bool(row[1]), values, int(row[-1])))
    return out


def _normalised(value: Any, kind: str) -> str | None:
    """An answer as the figures read it: "1".."5" on a scale, "yes"/"no"."""
    if value is None:
        return None
    shown = str(value).strip().lower()
    if kind == "yes_no":
        return "yes" if shown in ("1", "true") else "no" if shown in ("0", "false") else None
    try:
        return str(int(float(shown)))
    except ValueError:
        return None


def _assessment(connection: Connection, task: TaskSpec, base: dict[str, Any]
                ) -> list[tuple[str, bool, int | None, int]]:
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
        SELECT gender, assessed, capacity, count(*) FROM (
          SELECT c.gender AS gender, CASE WHEN a.id IS NULL THEN 0 ELSE 1 END AS assessed,
                 a.activity_capacity AS capacity
          FROM cases c LEFT JOIN assessments a ON {chosen}
          WHERE {_ADMITTED} AND {where}) assessed
        GROUP BY gender, assessed, capacity""", params)
    return [(g, bool(done), None if value is None else int(value), int(n))
            for g, done, value, n in connection.execute(statement, {**base, **params}).all()]


def _attribute(connection: Connection, column: str, base: dict[str, Any]
               ) -> Sequence[tuple[str, str | None, int]]:
    """(gender, value of ``column``, cases active in the period)."""
    assert column in ("type_case", "placement_form")  # a column name, never input
    statement = _statement(f"""
        SELECT c.gender, c.{column}, count(*) FROM cases c
        WHERE {_ADMITTED} AND c.enrolled_on <= :end
          AND (c.exited_on IS NULL OR c.exited_on >= :start)
        GROUP BY c.gender, c.{column}""", {})
    return [(g, v, int(n)) for g, v, n in connection.execute(statement, base).all()]

