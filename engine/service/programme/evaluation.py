"""The yearly evaluation before a decision meeting (REBUS Fas 3) and the decision itself.

From the collection date each step of the evaluation (REBUS: the staff's prognosis,
the steering group's analysis, the executive official's presentation to the board)
is an obligation of its role in ``programme_obligations``, due on the step's date
(moved off days off), reminded and escalated by the daily sweep like any other;
``stegvis evaluation done`` records a step done.  On the completion date the steps due
by then that are still open make the evaluation *late*, and the decision meeting's
body is told so before it meets (:mod:`engine.service.programme.report_runs`).  The meeting's
decision — continue, change or stop, with its reasons — is recorded with its date, the
deciding body and an audit entry (``stegvis decision record``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col
from sqlmodel import select as select_rows

from engine.dates.recurrence import expand_schedule
from engine.definitions.spec import EvaluationSpec, ProgrammeSpec
from engine.errors import InputError, RefusedError, did_you_mean
from engine.inputs.numbers import shown_choice
from engine.reports.model import Report
from engine.reports.proposal_text import ProposalText, SignatoryText
from engine.rules.programme_calendar import programme_calendar
from engine.service.programme.programme_obligations import (
    close_obligation,
    find_obligation,
    open_obligation,
)
from engine.service.shared.context import Context, audit, require_date, snapshot
from engine.service.shared.published import pin_definition
from engine.store.programme_tables import BoardDecisionRow, ProgrammeObligationRow
from engine.store.tables import DefinitionVersionRow

DECISIONS = ("continue", "change", "stop")
_DECISION_WORDS = {"continue": "fortsätta", "change": "förändra", "stop": "avsluta"}


def evaluation_of(spec: ProgrammeSpec, evaluation_id: str) -> EvaluationSpec:
    """The evaluation ``evaluation_id`` of ``spec``; InputError naming the known ones."""
    ids = [e.id for e in spec.evaluations]
    found = next((e for e in spec.evaluations if e.id == evaluation_id), None)
    if found is None:
        hint = did_you_mean(evaluation_id, ids) or f"; its evaluations: {', '.join(ids) or 'none'}"
        raise InputError(f"{spec.name} has no evaluation {shown_choice(evaluation_id)}{hint}")
    return found


def step_key(evaluation: EvaluationSpec, year: int, step: str) -> str:
    """The calendar (and obligation) key of a step of ``year``'s evaluation."""
    return f"evaluation:{evaluation.id}:{year}:{step}"


def parse_step_key(key: str) -> tuple[str, int, str]:
    """The evaluation id, year and step of a :func:`step_key`."""
    _, evaluation_id, year, step = key.split(":")
    return evaluation_id, int(year), step


def open_steps(ctx: Context, session: Session, spec: ProgrammeSpec,
               version: DefinitionVersionRow, evaluation: EvaluationSpec, year: int,
               actor: str) -> list[ProgrammeObligationRow]:
    """Open each step of ``year``'s evaluation as an obligation of its role (once)."""
    prefix = f"evaluation:{evaluation.id}:{year}:"
    steps = {s.id for s in evaluation.steps}
    out = []
    for event in programme_calendar(spec, date(year, 1, 1), date(year, 12, 31)):
        if event.kind == "evaluation_step" and event.key.startswith(prefix) \
                and event.key.removeprefix(prefix) in steps:
            out.append(open_obligation(ctx, session, version, event, str(year), actor))
    return out


def late_steps(session: Session, spec: ProgrammeSpec, evaluation: EvaluationSpec, year: int,
               day: date) -> list[str]:
    """The steps of ``year`` due by ``day`` still not done, each said in Swedish."""
    out = []
    for step in evaluation.steps:
        row = find_obligation(session, spec.id, step_key(evaluation, year, step.id))
        if row is None or row.status != "open" or row.due_on > day:
            continue
        when = "ska vara klart i dag" if row.due_on == day else "skulle vara klart"
        out.append(f"{row.name} ({spec.role_name(row.responsible)}) {when} "
                   f"{row.due_on.isoformat()} men är inte markerat som gjort")
    return out


def complete_step(ctx: Context, programme: str, evaluation_id: str | None, step: str,
                  year: int, actor: str, on: date | None = None, note: str = "") -> date:
    """Record a step of ``year``'s evaluation done on ``on`` (default today); its due date."""
    on = require_date(on or ctx.today(), ctx, "the day the step was done")
    with ctx.transaction() as session:
        spec, _ = pin_definition(ctx, session, programme)
        if not spec.evaluations:
            raise InputError(f"{spec.name} has no evaluation stage (calendar.evaluations)")
        evaluation = evaluation_of(spec, evaluation_id) if evaluation_id else spec.evaluations[0]
        ids = [s.id for s in evaluation.steps]
        if step not in ids:
            raise InputError(f"{evaluation.name} has no step {shown_choice(step)}"
                             f"{did_you_mean(step, ids) or '; its steps: ' + ', '.join(ids)}")
        row = find_obligation(session, spec.id, step_key(evaluation, year, step))
        if row is None:
            raise RefusedError(f"{evaluation.name} {year} has not started: its steps open on "
                               "the collection date")
        if row.status != "open":
            raise RefusedError(f"{row.name} ({year}) is already {row.status}"
                               + (f" ({row.completed_on})" if row.completed_on else ""))
        close_obligation(ctx, session, row, "done", actor, on, note)
        return row.due_on


def meeting_dates(spec: ProgrammeSpec, meeting_id: str, year: int) -> list[date]:
    """The days the meeting ``meeting_id`` is scheduled in ``year``."""
    meeting = next(m for m in spec.meetings if m.id == meeting_id)
    return expand_schedule(meeting.schedule.rrule, meeting.schedule.starts or spec.valid_from,
                           meeting.schedule.dates, date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True, slots=True)
class Decision:
    """A recorded decision, as the command prints it."""

    programme: str
    meeting: str
    meeting_on: date
    body: str
    decision: str
    text: str
    evaluation_year: int | None


def record_decision(ctx: Context, programme: str, meeting_id: str, decision: str, text: str,
                    actor: str, on: date | None = None) -> Decision:
    """Record the decision of meeting ``meeting_id`` held on ``on`` (default today).

    The deciding role is the meeting's body; a meeting that decides on an evaluation
    ties the decision to that year's evaluation.  One decision per meeting: a second is
    refused (the audit log keeps the first).
    """
    if decision not in DECISIONS:
        raise InputError(f"decision {shown_choice(decision)} is not one of {', '.join(DECISIONS)}"
                         f"{did_you_mean(decision, DECISIONS)}")
    if not text.strip():
        raise InputError("write what was decided and why (--text)")
    on = require_date(on or ctx.today(), ctx, "the meeting date")
    with ctx.transaction() as session:
        spec, _ = pin_definition(ctx, session, programme)
        ids = [m.id for m in spec.meetings]
        meeting = next((m for m in spec.meetings if m.id == meeting_id), None)
        if meeting is None:
            hint = did_you_mean(meeting_id, ids) or "; its meetings: " + ", ".join(ids)
            raise InputError(f"{spec.name} has no meeting {shown_choice(meeting_id)}{hint}")
        scheduled = meeting_dates(spec, meeting.id, on.year)
        if scheduled and on not in scheduled:
            raise InputError(f"{meeting.name} is not held on {on} (in {on.year}: "
                             f"{', '.join(d.isoformat() for d in scheduled)}); give its date "
                             "with --on")
        before = session.exec(select_rows(BoardDecisionRow).where(
            BoardDecisionRow.programme_id == spec.id, BoardDecisionRow.meeting == meeting.id,
            BoardDecisionRow.meeting_on == on)).first()
        if before is not None:
            raise RefusedError(f"{meeting.name} {on} already decided to "
                               f"{_DECISION_WORDS[before.decision]} ({before.text[:60]})")
        decides = any(e.decision_meeting == meeting.id for e in spec.evaluations)
        row = BoardDecisionRow(programme_id=spec.id, meeting=meeting.id, meeting_on=on,
                               body=meeting.body, decision=decision, text=text.strip(),
                               evaluation_year=on.year if decides else None,
                               recorded_by=actor, recorded_at=ctx.now())
        session.add(row)
        session.flush()
        audit(ctx, session, actor, "board_decision", None, None, snapshot(row))
        return Decision(spec.id, meeting.id, on, meeting.body, decision, row.text,
                        row.evaluation_year)


def decisions(ctx: Context, programme: str) -> list[BoardDecisionRow]:
    """Every decision recorded for ``programme``, oldest first."""
    with ctx.transaction() as session:
        spec, _ = pin_definition(ctx, session, programme)
        return list(session.exec(select_rows(BoardDecisionRow).where(
            BoardDecisionRow.programme_id == spec.id)
            .order_by(col(BoardDecisionRow.meeting_on), col(BoardDecisionRow.id))).all())


def default_proposal_text(spec: ProgrammeSpec, evaluation: EvaluationSpec, year: int,
                          report: Report) -> ProposalText:
    """A first text of the decision proposal, for the official to finish in Word.

    Addressed to the decision meeting's body and signed by the role presenting the
    evaluation (its last step's, else the meeting's responsible role); the proposals
    and views are placeholders saying what to write, the summary states the facts.
    """
    meeting = next(m for m in spec.meetings if m.id == evaluation.decision_meeting)
    presenter = evaluation.steps[-1].by if evaluation.steps else meeting.responsible
    body = spec.role_name(meeting.body)
    counted = [t for t in report.targets if t.status != "qualitative"]
    met = sum(t.status == "met" for t in counted)
    summary = (f"{evaluation.name} {year}: verksamhetsårets siffror till och med "
               f"{report.as_of.isoformat()} och en prognos för helåret, mot programmets mål. "
               + (f"Av {len(counted)} mätbara mål uppnås {met} hittills." if counted else ""))
    return ProposalText(
        file=f"{spec.id}-{year}-forslag (utkast från Stegvis)", addressee=meeting.body,
        report_title=f"{evaluation.name} {year}",
        proposals=(f"{body} beslutar att {spec.name} [fortsätter / förändras / avslutas] "
                   f"under {year + 1}.",),
        signatories=(SignatoryText("", "", presenter, ("signatories", 0)),),
        summary=summary,
        views="[Förvaltningens synpunkter: skriv här analysen och åtgärderna från "
              "styrgruppen och bedömningen inför beslutet.]",
        key_figures=tuple(k for k in ("participants_flow", "prognosis")
                          if report.table(k) is not None))
