"""The case page, shown only to the case's own coordinator (anyone else gets 404)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import Response

from engine.definitions.income import INCOME_KINDS, income_name
from engine.http.web.auth import Person, coordinator_or_not_found
from engine.http.web.case_page import load_case_page
from engine.http.web.state import language, render, web
from engine.http.web.undo_offer import current_offer
from engine.http.web.words import (
    CASE_STATUS,
    EXTENSION_STATUS,
    GENDER,
    ONE_CLICK,
    STATE,
    STEP_MOVEMENT,
    kind_name,
)
from engine.service.cases.caseload import case_coordinator
from engine.service.people.access_log import record_access

router = APIRouter(include_in_schema=False)
OwnCoordinator = Annotated[Person, Depends(coordinator_or_not_found)]
#: A case number as a URL carries it (bounded: the databases' integers are).
CaseId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def own_case(request: Request, person: Person, case_id: int) -> None:
    """404 unless the case exists and ``person`` coordinates it: case numbers of other
    caseloads cannot be told apart from numbers that do not exist."""
    if case_coordinator(web(request).ctx, case_id) != person.name:
        raise HTTPException(404)


def show_case(request: Request, person: Person, case_id: int, *,
              typed: dict[str, Any] | None = None, error: tuple[str, str] | None = None,
              conflict: bool = False, status: int = 200) -> Response:
    """Render the case page (logged in the access log), with what was typed and why an
    action was refused when it was."""
    ctx = web(request).ctx
    page = load_case_page(ctx, case_id, ctx.today())
    # The programme, not the participant's key: the log is append-only and must hold
    # nothing that erasing the participant would have to remove (docs/privacy.md).
    record_access(ctx, person.name, person.role, "ärendesida", [case_id], page.spec.id)
    return render(request, "case.html", {
        "page": page, "typed": typed or {}, "error": error, "conflict": conflict,
        "new_link": request.session.pop("new_link", None), "status_names": CASE_STATUS,
        "state_names": STATE,
        "steps": STEP_MOVEMENT, "genders": GENDER, "kind_name": kind_name,
        "one_click": ONE_CLICK, "now": ctx.now(), "undo": current_offer(request, case_id),
        "extension_status": EXTENSION_STATUS,
        "incomes": {k: income_name(k, language(request)) for k in INCOME_KINDS},
        # The exit form offers what the case's definition records at exit (issue 22).
        "exit_incomes": {k: income_name(k, language(request))
                         for k in page.spec.income_support.offered("exit")}},
        status=status)


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: CaseId, person: OwnCoordinator) -> Response:
    """One case: phases, timeline, goals and what can be done now."""
    own_case(request, person, case_id)
    return show_case(request, person, case_id)
