"""One rule for every task that asks for a record: recording it completes the task.

A definition says what a task asks for (``records: [assessment]``, ``[placement_form]``,
``[type_case, need_level]``; a survey asks for its answers).  After every record a
coordinator makes, each open task of the case whose records are all there now is done,
on the day of the record, by whoever recorded it.  Only tasks open at that moment: an
exit task asking for an assessment is not completed by one made before the exit.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from engine.definitions.spec import ProgrammeSpec, TaskSpec
from engine.store.tables import AssessmentRow, CaseRow, ObligationRow


def recorded(session: Session, case: CaseRow) -> set[str]:
    """What has been recorded for the case, in the words of ``records:``."""
    found: set[str] = set()
    levels = session.exec(select(AssessmentRow.need_level).where(
        AssessmentRow.case_id == case.id)).all()
    if levels:
        found.add("assessment")
    if any(level is not None for level in levels):
        found.add("need_level")
    if case.placement_form is not None:
        found.add("placement_form")
    if case.type_case is not None:
        found.add("type_case")
    return found


def _task_of(spec: ProgrammeSpec, key: str) -> TaskSpec | None:
    """The task an obligation key belongs to (``task:x``, ``task:x:<date>``, ``exit:x``)."""
    prefix, _, rest = key.partition(":")
    if prefix not in ("task", "exit"):
        return None
    ident = rest.split(":", 1)[0]
    return next((t for t in spec.tasks if t.id == ident), None)


def complete_recorded(session: Session, case: CaseRow, spec: ProgrammeSpec, on: date,
                      actor: str, survey: str | None = None) -> list[str]:
    """Mark done every open task of the case whose records are all there now (and, with
    ``survey``, that survey's own task); returns the obligation keys completed."""
    have = recorded(session, case)
    rows = session.exec(select(ObligationRow).where(
        ObligationRow.case_id == case.id, ObligationRow.status == "open",
        col(ObligationRow.kind).in_(("task", "exit_task", "survey", "meeting",
                                     "critical_point", "handover")))).all()
    done = []
    for row in rows:
        task = _task_of(spec, row.key)
        if task is None:
            continue
        answered = survey is not None and task.kind == "survey" and task.id == survey
        if answered or (task.records and set(task.records) <= have):
            row.status, row.completed_on, row.completed_by = "done", on, actor
            done.append(row.key)
    return done
