"""The undo button: takes back the change just made while its offer lasts (see
:mod:`engine.http.web.undo_offer`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from engine.errors import ConflictError, StegvisError
from engine.http.web.case_routes import CaseId, OwnCoordinator, own_case
from engine.http.web.i18n import translate
from engine.http.web.refusals import refusal_text
from engine.http.web.state import flash, language, render, web
from engine.http.web.undo_offer import REASON, current_offer, forget
from engine.service.cases import corrections

router = APIRouter(include_in_schema=False)


def _take_back(request: Request, case_id: int, kept: dict[str, Any], actor: str) -> None:
    ctx, version = web(request).ctx, int(kept["version"])
    action = kept["action"]
    if action == "complete":
        corrections.undo_complete(ctx, case_id, str(kept["key"]), actor, REASON,
                                  expected_version=version)
    elif action == "follow_up":
        corrections.undo_follow_up(ctx, case_id, actor, REASON, expected_version=version)
    elif action == "move":
        corrections.undo_move(ctx, case_id, actor, REASON, expected_version=version)
    elif action == "exit":
        corrections.undo_exit(ctx, case_id, actor, REASON, expected_version=version)


@router.post("/cases/{case_id}/undo")
def undo(request: Request, case_id: CaseId, person: OwnCoordinator,
         back: Annotated[str, Form(max_length=20)] = "") -> Response:
    """Take back the change just made, if the offer still stands."""
    own_case(request, person, case_id)
    kept = current_offer(request, case_id)
    problem = ""
    if kept is None:
        problem = "Tiden för att ångra med knappen har gått ut."
    else:
        try:
            _take_back(request, case_id, kept, person.name)
        except ConflictError:
            problem = "Ärendet har ändrats sedan dess, så det ångras inte med knappen."
        except StegvisError as refused:
            problem = refusal_text(language(request), refused)
        forget(request)
    if request.headers.get("hx-request") and back == "inbox":
        return render(request, "inbox_undone.html", {"problem": problem, "case_id": case_id})
    if problem:
        flash(request, "Det ångrades inte: {problem}", "error", problem=problem)
    else:
        assert kept is not None
        flash(request, "Ångrat: {what}", what=_said(request, kept))
    return RedirectResponse("/inbox" if back == "inbox" else f"/cases/{case_id}",
                          status_code=303)


def _said(request: Request, kept: dict[str, Any]) -> str:
    values = kept.get("values")
    return translate(language(request), str(kept["message"]),
                     **(values if isinstance(values, dict) else {}))
