"""Signing in with the short code of a sign-in link, typed at ``/in``: for a participant
who got the code on paper or in a text message (the link itself is too long to type)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from engine.http.web.auth import start_link_session
from engine.http.web.state import render, web
from engine.service.people import sign_in_links

router = APIRouter(include_in_schema=False)


@router.get("/in")
def code_page(request: Request) -> Response:
    """Where the participant types their code."""
    return render(request, "code.html", {"wrong": False})


@router.post("/in")
def code_sign_in(request: Request,
                 code: Annotated[str, Form(max_length=40)] = "") -> Response:
    """Open the plan the code belongs to, if it still works; the typed code is never
    written back into the page."""
    link = sign_in_links.use_code(web(request).ctx, code)
    if link is None:
        return render(request, "code.html", {"wrong": True}, status=404)
    start_link_session(request, link.id)
    return RedirectResponse("/my-plan", status_code=303)
