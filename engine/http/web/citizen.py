"""The participant's own page: their plan in plain Swedish, large text, for a phone.

A citizen account sees the cases of its participant; a sign-in link only the one case
it was made for.  Nothing else is reachable from here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from engine.http.web.auth import Person, signed_in
from engine.http.web.state import render, web
from engine.service.people.access_log import record_access
from engine.service.people.citizen import cases_of_participant, citizen_plan

router = APIRouter(include_in_schema=False)
Citizen = Annotated[Person, Depends(signed_in("citizen"))]


@router.get("/my-plan")
def my_plan(request: Request, person: Citizen) -> Response:
    """Goals, what has been done, the next meetings, and the coordinator."""
    ctx = web(request).ctx
    if person.link_case_id is not None:
        case_ids = [person.link_case_id]
    else:
        case_ids = cases_of_participant(ctx, person.participant_key)
    plans = [citizen_plan(ctx, case_id, ctx.today()) for case_id in case_ids]
    record_access(ctx, person.name, person.role, "egen plan", case_ids)
    return render(request, "my_plan.html", {"plans": plans, "citizen": True})
