"""The system administrator's pages: the access log and the accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from engine.errors import StegvisError
from engine.http.web.auth import Person, signed_in
from engine.http.web.state import flash, render, web
from engine.http.web.words import ACCOUNT_CHANGES, ROLE
from engine.inputs.numbers import is_whole_number
from engine.service.people import accounts
from engine.service.people.access_log import AccessFilter, access_entries

router = APIRouter(include_in_schema=False)
SystemAdmin = Annotated[Person, Depends(signed_in("system-admin"))]


@router.get("/system/access-log")
def access_log(request: Request, person: SystemAdmin,
               case: Annotated[str, Query(max_length=12)] = "",
               user: Annotated[str, Query(max_length=64)] = "") -> Response:
    """Who saw which case, when, newest first; narrowed by case or person."""
    # A filter that is no case id (``²``, 20 digits) matches no case rather than all.
    case_id = None if not case.strip() else \
        int(case) if is_whole_number(case, low=1) else 0
    entries = access_entries(web(request).ctx, AccessFilter(case_id, user.strip() or None))
    return render(request, "system_access_log.html", {"entries": entries, "case": case,
                                                      "user": user, "roles": ROLE})


@router.get("/system/users")
def users(request: Request, person: SystemAdmin) -> Response:
    """Every account, with its role and whether it is disabled or locked."""
    return render(request, "system_users.html", {"users": accounts.list_users(web(request).ctx),
                                                  "changes": ACCOUNT_CHANGES, "roles": ROLE})


@router.post("/system/users/{name}/{change}")
def change_user(request: Request, name: str, change: str, person: SystemAdmin) -> Response:
    """Disable, enable or unlock an account."""
    ctx = web(request).ctx
    try:
        if change == "unlock":
            accounts.unlock(ctx, name, person.name)
        elif change in ("disable", "enable"):
            if name == person.name and change == "disable":
                raise StegvisError("you cannot disable your own account")
            accounts.set_disabled(ctx, name, change == "disable", person.name)
        else:
            raise StegvisError(f"unknown change {change!r}")
        flash(request, "Kontot {name} är ändrat.", name=name)
    except StegvisError as exc:
        flash(request, "Det gick inte: {problem}", "error", problem=str(exc))
    return RedirectResponse("/system/users", status_code=303)
