"""Choosing one's own password: at once after signing in with a one-time password an
administrator gave (no other page opens before), or any time after.

The new password follows the command line's rules (:func:`accounts.choose_password`);
choosing it ends the person's other sessions, and this one goes on with the new
session epoch.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from engine.errors import StegvisError
from engine.http.web.auth import HOME, NotSignedIn, current_person, start_password_session
from engine.http.web.refusals import refusal, refusal_text
from engine.http.web.state import flash, language, render, web
from engine.service.people import accounts

router = APIRouter(include_in_schema=False)
Password = Annotated[str, Form(max_length=accounts.MAX_PASSWORD_LENGTH)]


def _password_person(request: Request) -> accounts.Account:
    person = current_person(request)
    if person is None or person.account_id is None or person.via != "password":
        raise NotSignedIn  # a link or the proxy's sign-in has no password here
    account = accounts.account_by_id(web(request).ctx, person.account_id)
    if account is None:
        raise NotSignedIn
    return account


@router.get("/password")
def password_page(request: Request) -> Response:
    """The form: the new password twice."""
    account = _password_person(request)
    return render(request, "password.html", {"one_time": account.password_one_time,
                                             "error": None,
                                             "shortest": accounts.MIN_PASSWORD_LENGTH})


@router.post("/password")
def choose(request: Request, password: Password = "", again: Password = "") -> Response:
    """Store the person's own password; refused in one line if the two differ or it is
    too short (nothing changes then)."""
    account = _password_person(request)
    shared = web(request)
    try:
        if password != again:
            raise refusal(request, "De två lösenorden är olika. Skriv samma lösenord två "
                                   "gånger.")
        chosen = accounts.choose_password(shared.ctx, account.id, password,
                                          shared.settings.hasher)
    except StegvisError as exc:
        return render(request, "password.html", {
            "one_time": account.password_one_time, "error": refusal_text(language(request), exc),
            "shortest": accounts.MIN_PASSWORD_LENGTH}, status=422)
    start_password_session(request, chosen)
    flash(request, "Ditt nya lösenord är sparat.")
    return RedirectResponse(HOME[chosen.role], status_code=303)

