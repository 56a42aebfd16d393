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
from engine.http.web.i18n import day_text
from engine.http.web.refusals import refusal, refusal_text
from engine.http.web.state import flash, language, render, web
from engine.http.web.undo_offer import Done, done, offer
from engine.inputs.identity_text import shaped_like_identity_number
from engine.inputs.numbers import is_whole_number
from engine.service.cases import corrections, operations, records
from engine.service.cases.caseload import case_spec, inbox_counts, obligation_name
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


#: Six or eight digits and four more: the shape of an identity number, whatever its check
#: digit (a mistyped number is still someone's number).
def _holds_number(value: object) -> bool:
    return isinstance(value, str) and shaped_like_identity_number(value)


def without_identity_numbers(typed: dict[str, Any]) -> dict[str, Any]:
    """What was typed, with every value shaped like an identity number emptied: a number
    typed into the wrong field is never written back into a page."""
    return {k: without_identity_numbers(v) if isinstance(v, dict)
            else "" if _holds_number(v)
            else [x for x in v if not _holds_number(x)] if isinstance(v, list) else v
            for k, v in typed.items()}


def version_of(value: str) -> int | None:
    """The case version a form was shown at (None when it carries none)."""
    return int(value) if is_whole_number(value) else None


def act(request: Request, person: Any, case_id: int, form: str, typed: dict[str, Any],
        action: Callable[[Context], Done], anchor: str = "") -> Response:
    """Run ``action`` for the case's own coordinator: 303 back to the case page saying
    what it did (with an undo offer where there is one), or the page again with the
    refusal beside form ``form`` and ``typed`` kept."""
    own_case(request, person, case_id)
    ctx = web(request).ctx
    try:
        change = action(ctx)
    except ConflictError:
        return show_case(request, person, case_id, typed={"form": form, **typed},
                         conflict=True, status=409)
    except (RefusedError, InputError) as refused:
        status = 409 if isinstance(refused, RefusedError) else 422
        typed = without_identity_numbers(typed)
        return show_case(request, person, case_id, typed={"form": form, **typed},
                         error=(form, refusal_text(language(request), refused)),
                         status=status)
    flash(request, change.message, **change.values)
    offer(request, case_id, change)
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

    def action(ctx: Context) -> Done:
        held = form_day(held_on, "meeting date") or ctx.today()
        if not step_movement:
            raise refusal(request, "Välj om deltagaren har gjort en stegförflyttning.")
        new, warnings = operations.record_follow_up(
            ctx, case_id, held, list(attendees), step_movement, person.name, notes=notes,
            next_on=form_day(next_on, "next meeting"), expected_version=version_of(version))
        when = day_text(held, language(request))
        if warnings:
            return done("Uppföljningsmötet {on} är registrerat. Alla som definitionen kräver "
                        "var inte med.", undo="follow_up", version=new, on=when)
        return done("Uppföljningsmötet {on} är registrerat.", undo="follow_up", version=new,
                    on=when)
    return act(request, person, case_id, "follow_up", typed, action, "timeline")


@router.post("/cases/{case_id}/complete")
def complete(request: Request, case_id: CaseId, person: OwnCoordinator, key: Short = "",
             version: Short = "", back: Short = "", q: Short = "", programme: Short = "",
             days: Short = "") -> Response:
    """Mark a task, meeting or survey done (from the case page or, with htmx, the inbox)."""
    if back == "inbox":
        own_case(request, person, case_id)
        ctx = web(request).ctx
        name = obligation_name(ctx, case_id, key)
        try:
            new = operations.complete(ctx, case_id, key, person.name)
            change, problem = _completed(name, key, new), ""
            offer(request, case_id, change)
        except StegvisError as exc:
            change, problem = None, refusal_text(language(request), exc)
        if request.headers.get("hx-request"):
            return render(request, "inbox_done.html", {
                "done": change is not None, "problem": problem, "case_id": case_id,
                "name": name, "counts": inbox_counts(
                    ctx, person.name, ctx.today(),
                    int(days) if days.isdigit() and 1 <= int(days) <= 90 else 14,
                    programme, q)})
        if change is not None:
            flash(request, change.message, **change.values)
        else:
            flash(request, "Det gick inte att markera som klar: {problem}", "error",
                  problem=problem)
        return RedirectResponse("/inbox", status_code=303)

    def action(ctx: Context) -> Done:
        name = obligation_name(ctx, case_id, key)
        new = operations.complete(ctx, case_id, key, person.name,
                                  expected_version=version_of(version))
        return _completed(name, key, new)
    return act(request, person, case_id, "complete", {"key": key}, action, "timeline")


def _completed(name: str, key: str, version: int) -> Done:
    return done("”{name}” är markerad som klar.", undo="complete", key=key, version=version,
                name=name)


@router.post("/cases/{case_id}/post-exit")
def post_exit(request: Request, case_id: CaseId, person: OwnCoordinator, key: Short = "",
              status: Short = "", on: Short = "") -> Response:
    """Record what a follow-up after the exit found (or that nobody was reached)."""
    def action(ctx: Context) -> Done:
        records.record_post_exit_result(ctx, case_id, key.removeprefix("post_exit:"), status,
                                        person.name, on=form_day(on, "date"))
        return done("”{name}” är registrerad.", name=obligation_name(ctx, case_id, key))
    return act(request, person, case_id, "post_exit", {"key": key, "status": status, "on": on},
               action, "timeline")


@router.post("/cases/{case_id}/move")
def move(request: Request, case_id: CaseId, person: OwnCoordinator, to: Short = "",
         on: Short = "", approved: Short = "", version: Short = "") -> Response:
    """Move the case to another phase (the definition's guards decide)."""
    def action(ctx: Context) -> Done:
        spec = case_spec(ctx, case_id)
        new = operations.move_phase(ctx, case_id, to, person.name, on=form_day(on, "date"),
                                    approved_by=approved or None,
                                    expected_version=version_of(version))
        return done("Ärendet har bytt fas till {phase}.", undo="move", version=new,
                    phase=spec.phase(to).name)
    return act(request, person, case_id, "move", {"to": to, "on": on}, action, "phases")


@router.post("/cases/{case_id}/extension")
def extension(request: Request, case_id: CaseId, person: OwnCoordinator,
              months: Short = "", reason: Text = "") -> Response:
    """Ask for an extension beyond the time limit (decided by the role the definition names)."""
    def action(ctx: Context) -> Done:
        if not is_whole_number(months, low=1, high=60):
            raise refusal(request, "Ange förlängningen i hela månader (1–60).")
        operations.request_extension(ctx, case_id, f"{int(months)} months", reason,
                                     person.name)
        return done("Ansökan om förlängning med {n} månader är gjord.", n=int(months))
    return act(request, person, case_id, "extension", {"months": months, "reason": reason},
               action, "extension")


@router.post("/cases/{case_id}/exit")
def exit_case(request: Request, case_id: CaseId, person: OwnCoordinator, outcome: Short = "",
              on: Short = "", version: Short = "", income_at_exit: Short = "") -> Response:
    """Close the case with an outcome (``outcome`` or ``outcome/sub-outcome``)."""
    chosen, _, sub = outcome.partition("/")

    def action(ctx: Context) -> Done:
        if not chosen:
            raise refusal(request, "Välj hur insatsen avslutas.")
        spec = case_spec(ctx, case_id)
        day = form_day(on, "exit date") or ctx.today()
        new = operations.exit_case(ctx, case_id, chosen, person.name, on=day,
                                   sub_outcome=sub or None,
                                   expected_version=version_of(version),
                                   income_at_exit=income_at_exit or None)
        return done("Ärendet är avslutat {on}: {outcome}.", undo="exit", version=new,
                    on=day_text(day, language(request)), outcome=spec.outcome(chosen).name)
    return act(request, person, case_id, "exit",
               {"outcome": outcome, "on": on, "income_at_exit": income_at_exit}, action)


@router.post("/cases/{case_id}/undo-exit")
def undo_exit(request: Request, case_id: CaseId, person: OwnCoordinator, reason: Text = "",
              version: Short = "") -> Response:
    """Reopen a case whose exit was a mistake (both stay in the audit log)."""
    def action(ctx: Context) -> Done:
        corrections.undo_exit(ctx, case_id, person.name, reason,
                             expected_version=version_of(version))
        return done("Avslutet är ångrat; ärendet pågår igen.")
    return act(request, person, case_id, "undo_exit", {"reason": reason}, action)


@router.post("/cases/{case_id}/admit")
def admit(request: Request, case_id: CaseId, person: OwnCoordinator) -> Response:
    """Take the case in from the waiting list, when a place is free."""
    def action(ctx: Context) -> Done:
        records.admit(ctx, case_id, person.name)
        return done("Deltagaren är antagen från väntelistan.")
    return act(request, person, case_id, "admit", {}, action)


@router.post("/cases/{case_id}/goals")
def add_goal(request: Request, case_id: CaseId, person: OwnCoordinator, goal: Text = "",
             parent: Short = "") -> Response:
    """Add a goal to the action plan, or a sub-goal under one."""
    def action(ctx: Context) -> Done:
        if parent.strip() and not is_whole_number(parent, low=1):
            raise refusal(request, "Välj målet i listan.")
        records.add_goal(ctx, case_id, goal, person.name,
                         parent_id=int(parent) if parent.strip() else None)
        return done("Målet ”{goal}” är sparat.", goal=goal.strip())
    return act(request, person, case_id, "goal", {"goal": goal, "parent": parent}, action,
               "goals")


@router.post("/cases/{case_id}/links/{link_id}/revoke")
def revoke_link(request: Request, case_id: CaseId, link_id: CaseId,
                person: OwnCoordinator) -> Response:
    """Stop a sign-in link working, at once."""
    def action(ctx: Context) -> Done:
        sign_in_links.revoke_link(ctx, case_id, link_id, person.name)
        return done("Länken fungerar inte längre.")
    return act(request, person, case_id, "link", {}, action, "links")
