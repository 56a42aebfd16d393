"""What a coordinator does on a case page: each form posts here and calls the service.

Success: the change is stored and the browser is sent back to the case page (303),
with a message.  Refused (a guard, a date, a role): nothing is stored and the case
page comes back with the rule that refused it beside the form, and what was typed
still in it.  Changed by someone else meanwhile (ConflictError): the page comes back
with the case as it is now, a notice saying so, and what was typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from engine.dates.bounds import parse_day
from engine.errors import ConflictError, InputError, RefusedError, StegvisError
from engine.http.web.case_routes import CaseId, OwnCoordinator, own_case, show_case
from engine.http.web.refusals import refusal_text
from engine.http.web.state import flash, language, render, text, web
from engine.inputs.numbers import is_whole_number, whole_number
from engine.rules.identity import contains_identity_number
from engine.service.cases import corrections, operations, records
from engine.service.people import sign_in_links
from engine.service.shared.context import Context

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=2000)]
Short = Annotated[str, Form(max_length=200)]


def form_day(value: str, what: str) -> date | None:
    """A date from a date field ('' when left empty); ``what`` names the field in the
    engine's words (the refusal catalogue words it in Swedish)."""
    if not value.strip():
        return None
    return parse_day(value, what=what)


def version_of(value: str) -> int | None:
    """The case version a form was shown at (None when it carries none)."""
    return int(value) if is_whole_number(value) else None


def act(request: Request, person: Any, case_id: int, form: str, typed: dict[str, Any],
        action: Callable[[Context], str], anchor: str = "") -> Response:
    """Run ``action`` for the case's own coordinator: 303 back to the case page with its
    message, or the page again with the refusal beside form ``form`` and ``typed`` kept."""
    own_case(request, person, case_id)
    ctx = web(request).ctx
    try:
        message = action(ctx)
    except ConflictError:
        return show_case(request, person, case_id, typed={"form": form, **typed},
                         conflict=True, status=409)
    except (RefusedError, InputError) as refused:
        status = 409 if isinstance(refused, RefusedError) else 422
        # An identity number typed into the wrong field is not put back into the page.
        typed = {k: "" if isinstance(v, str) and contains_identity_number(v) else v
                 for k, v in typed.items()}
        return show_case(request, person, case_id, typed={"form": form, **typed},
                         error=(form, refusal_text(language(request), refused)),
                         status=status)
    flash(request, message)
    return RedirectResponse(f"/cases/{case_id}{'#' + anchor if anchor else ''}",
                            status_code=303)


@router.post("/cases/{case_id}/follow-up")
def follow_up(request: Request, case_id: CaseId, person: OwnCoordinator,
              held_on: Short = "", step_movement: Short = "",
              attendees: Annotated[list[str], Form(max_length=40)] = [],  # noqa: B006
              notes: Text = "", next_on: Short = "", version: Short = "") -> Response:
    """Record a follow-up meeting: who attended, the step movement, the next date."""
    typed = {"held_on": held_on, "step_movement": step_movement, "attendees": attendees,
             "notes": notes, "next_on": next_on}

    def action(ctx: Context) -> str:
        held = form_day(held_on, "meeting date") or ctx.today()
        if not step_movement:
            raise InputError(text(request, "Välj om deltagaren har gjort en stegförflyttning."))
        _, warnings = operations.record_follow_up(
            ctx, case_id, held, list(attendees), step_movement, person.name, notes=notes,
            next_on=form_day(next_on, "next meeting"), expected_version=version_of(version))
        return ("Uppföljningen är registrerad." if not warnings else
                "Uppföljningen är registrerad. Alla som definitionen kräver var inte med.")
    return act(request, person, case_id, "follow_up", typed, action, "timeline")


@router.post("/cases/{case_id}/complete")
def complete(request: Request, case_id: CaseId, person: OwnCoordinator, key: Short = "",
             version: Short = "", back: Short = "") -> Response:
    """Mark a task, meeting or survey done (from the case page or, with htmx, the inbox)."""
    if back == "inbox":
        own_case(request, person, case_id)
        ctx = web(request).ctx
        try:
            operations.complete(ctx, case_id, key, person.name)
            done, problem = True, ""
        except StegvisError as exc:
            done, problem = False, refusal_text(language(request), exc)
        if request.headers.get("hx-request"):
            return render(request, "inbox_done.html", {"done": done, "problem": problem,
                                                       "case_id": case_id})
        if done:
            flash(request, "Markerad som klar.")
        else:
            flash(request, "Det gick inte att markera som klar: {problem}", "error",
                  problem=problem)
        return RedirectResponse("/inbox", status_code=303)

    def action(ctx: Context) -> str:
        operations.complete(ctx, case_id, key, person.name,
                            expected_version=version_of(version))
        return "Markerad som klar."
    return act(request, person, case_id, "complete", {"key": key}, action, "timeline")


@router.post("/cases/{case_id}/post-exit")
def post_exit(request: Request, case_id: CaseId, person: OwnCoordinator, key: Short = "",
              status: Short = "", on: Short = "") -> Response:
    """Record what a follow-up after the exit found (or that nobody was reached)."""
    def action(ctx: Context) -> str:
        records.record_post_exit_result(ctx, case_id, key.removeprefix("post_exit:"), status,
                                        person.name, on=form_day(on, "date"))
        return "Uppföljningen efter avslutet är registrerad."
    return act(request, person, case_id, "post_exit", {"key": key, "status": status, "on": on},
               action, "timeline")


@router.post("/cases/{case_id}/move")
def move(request: Request, case_id: CaseId, person: OwnCoordinator, to: Short = "",
         on: Short = "", approved: Short = "", version: Short = "") -> Response:
    """Move the case to another phase (the definition's guards decide)."""
    def action(ctx: Context) -> str:
        operations.move_phase(ctx, case_id, to, person.name, on=form_day(on, "date"),
                              approved_by=approved or None,
                              expected_version=version_of(version))
        return "Fasen är ändrad."
    return act(request, person, case_id, "move", {"to": to, "on": on}, action, "phases")


@router.post("/cases/{case_id}/extension")
def extension(request: Request, case_id: CaseId, person: OwnCoordinator,
              months: Short = "", reason: Text = "") -> Response:
    """Ask for an extension beyond the time limit (decided by the role the definition names)."""
    def action(ctx: Context) -> str:
        if not is_whole_number(months, low=1, high=60):
            raise InputError(text(request, "Ange förlängningen i hela månader (1–60)."))
        operations.request_extension(ctx, case_id, f"{int(months)} months", reason,
                                     person.name)
        return "Ansökan om förlängning är gjord."
    return act(request, person, case_id, "extension", {"months": months, "reason": reason},
               action, "extension")


@router.post("/cases/{case_id}/exit")
def exit_case(request: Request, case_id: CaseId, person: OwnCoordinator, outcome: Short = "",
              on: Short = "", version: Short = "") -> Response:
    """Close the case with an outcome (``outcome`` or ``outcome/sub-outcome``)."""
    chosen, _, sub = outcome.partition("/")

    def action(ctx: Context) -> str:
        if not chosen:
            raise InputError(text(request, "Välj hur insatsen avslutas."))
        operations.exit_case(ctx, case_id, chosen, person.name, on=form_day(on, "exit date"),
                             sub_outcome=sub or None, expected_version=version_of(version))
        return "Ärendet är avslutat."
    return act(request, person, case_id, "exit", {"outcome": outcome, "on": on}, action)


@router.post("/cases/{case_id}/undo-exit")
def undo_exit(request: Request, case_id: CaseId, person: OwnCoordinator, reason: Text = "",
              version: Short = "") -> Response:
    """Reopen a case whose exit was a mistake (both stay in the audit log)."""
    def action(ctx: Context) -> str:
        corrections.undo_exit(ctx, case_id, person.name, reason,
                             expected_version=version_of(version))
        return "Avslutet är ångrat; ärendet pågår igen."
    return act(request, person, case_id, "undo_exit", {"reason": reason}, action)


@router.post("/cases/{case_id}/admit")
def admit(request: Request, case_id: CaseId, person: OwnCoordinator) -> Response:
    """Take the case in from the waiting list, when a place is free."""
    def action(ctx: Context) -> str:
        records.admit(ctx, case_id, person.name)
        return "Deltagaren är antagen från väntelistan."
    return act(request, person, case_id, "admit", {}, action)


@router.post("/cases/{case_id}/goals")
def add_goal(request: Request, case_id: CaseId, person: OwnCoordinator, goal: Text = "",
             parent: Short = "") -> Response:
    """Add a goal to the action plan, or a sub-goal under one."""
    def action(ctx: Context) -> str:
        if parent.strip() and not is_whole_number(parent, low=1):
            raise InputError(text(request, "Välj målet i listan."))
        records.add_goal(ctx, case_id, goal, person.name,
                         parent_id=int(parent) if parent.strip() else None)
        return "Målet är sparat."
    return act(request, person, case_id, "goal", {"goal": goal, "parent": parent}, action,
               "goals")


@router.post("/cases/{case_id}/links")
def make_link(request: Request, case_id: CaseId, person: OwnCoordinator,
              days: Short = "") -> Response:
    """Make a personal sign-in link for the participant; its address is shown once, on
    the case page this redirects to (so that reloading it makes no second link)."""
    own_case(request, person, case_id)
    shared = web(request)
    try:
        lifetime = whole_number(days, what="days", low=1, high=366) if days.strip() \
            else sign_in_links.DEFAULT_DAYS
        token, _ = sign_in_links.create_link(shared.ctx, case_id, person.name, lifetime)
    except (ValueError, InputError) as exc:
        return show_case(request, person, case_id, typed={"form": "link", "days": days},
                         error=("link", str(exc)), status=422)
    request.session["new_link"] = f"{shared.settings.link_base()}/in/{token}"
    return RedirectResponse(f"/cases/{case_id}#new-link", status_code=303)


@router.post("/cases/{case_id}/links/{link_id}/revoke")
def revoke_link(request: Request, case_id: CaseId, link_id: CaseId,
                person: OwnCoordinator) -> Response:
    """Stop a sign-in link working, at once."""
    def action(ctx: Context) -> str:
        sign_in_links.revoke_link(ctx, case_id, link_id, person.name)
        return "Länken fungerar inte längre."
    return act(request, person, case_id, "link", {}, action, "links")
