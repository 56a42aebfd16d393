"""What a programme's own roles must do, on its board page, and recording it done.

The evaluation steps before the board's decision and a budget deviation's analysis and
action plan are obligations of the programme, not of a case
(:mod:`engine.service.programme.programme_obligations`).  The board page lists the open ones to
everyone who follows the programme; a programme administrator records each there with
the same service calls as ``stegvis evaluation done``, ``stegvis budget analysis`` and
``stegvis budget action-plan``.  The role's e-mail digest points to this page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response

from engine.errors import StegvisError
from engine.http.web.auth import Person, signed_in
from engine.http.web.board import TASK_KINDS, reader_spec
from engine.http.web.i18n import day_text
from engine.http.web.refusals import refusal_text
from engine.http.web.state import flash, language, text, web
from engine.service.programme.budget import record_action_plan, record_analysis
from engine.service.programme.evaluation import complete_step, parse_step_key
from engine.service.shared.context import Context
from engine.store.programme_tables import ProgrammeObligationRow

router = APIRouter(include_in_schema=False)
Recorder = Annotated[Person, Depends(signed_in("programme-admin"))]
TaskId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Text = Annotated[str, Form(max_length=4000)]
Short = Annotated[str, Form(max_length=20)]


@router.post("/board/{programme_id}/tasks/{task_id}")
def record(request: Request, programme_id: str, task_id: TaskId, person: Recorder,
           causes: Text = "", action_plan_needed: Short = "", plan: Text = "") -> Response:
    """Record one of the programme's open obligations done, then back to the page."""
    spec = reader_spec(request, person, programme_id)
    ctx = web(request).ctx
    with ctx.transaction(read_only=True) as session:
        row = session.get(ProgrammeObligationRow, task_id)
    if row is None or row.programme_id != spec.id or row.kind not in TASK_KINDS:
        raise HTTPException(404)
    problem = _not_recordable(request, row, causes, action_plan_needed, plan)
    if not problem:
        try:
            _record(ctx, spec.id, row, person.name, causes, action_plan_needed == "ja", plan)
        except StegvisError as exc:
            problem = refusal_text(language(request), exc)
    if problem:
        flash(request, "Det gick inte att registrera ”{name}”: {problem}", "error",
              name=row.name, problem=problem)
    else:
        flash(request, "Registrerat: {name}.", name=row.name)
    return RedirectResponse(f"/board/{spec.id}#h-tasks", status_code=303)


def _not_recordable(request: Request, row: ProgrammeObligationRow, causes: str,
                    action_plan_needed: str, plan: str) -> str:
    """Why the form cannot be recorded as sent, in the reader's language ("" if it can)."""
    if row.status != "open":  # recorded meanwhile (another tab, another person)
        return text(request, "det är redan registrerat ({day}, {who}).",
                    day=day_text(row.completed_on, language(request)),
                    who=row.completed_by or "–")
    if row.kind == "budget_analysis" and action_plan_needed not in ("ja", "nej"):
        return text(request, "Svara om en handlingsplan behövs.")
    if row.kind == "budget_analysis" and not causes.strip():
        return text(request, "Skriv vilka orsaker analysen fann.")
    if row.kind == "budget_action_plan" and not plan.strip():
        return text(request, "Skriv handlingsplanen, eller var den finns.")
    return ""


def _record(ctx: Context, programme: str, row: ProgrammeObligationRow, actor: str,
            causes: str, action_plan_needed: bool, plan: str) -> None:
    """The service call the command for ``row``'s kind makes."""
    if row.kind == "evaluation_step":
        evaluation_id, year, step = parse_step_key(row.key)
        complete_step(ctx, programme, evaluation_id, step, year, actor)
    elif row.kind == "budget_analysis":
        record_analysis(ctx, programme, row.subject, causes, action_plan_needed, actor)
    else:
        record_action_plan(ctx, programme, row.subject, plan, actor)
