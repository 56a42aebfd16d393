"""What a coordinator gives the participant: a sign-in link with a short code (to print
or send as a text message) and the time and place of a meeting.

The link's address and code are shown once, on the case page the creation redirects to
(so reloading it makes no second link), with a letter to print and a text message to
send; neither is stored anywhere but as a hash.  A participant without the link types
the code at ``/in`` (:mod:`engine.http.web.sign_in_code`).
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from engine.clock import STOCKHOLM
from engine.errors import InputError
from engine.http.web.case_actions import Short, act, form_day
from engine.http.web.case_routes import CaseId, OwnCoordinator, own_case, show_case
from engine.http.web.i18n import day_text, instant_text
from engine.http.web.refusals import refusal, refusal_text
from engine.http.web.state import language, web
from engine.http.web.undo_offer import Done, done
from engine.inputs.numbers import is_whole_number
from engine.service.cases.caseload import obligation_name
from engine.service.cases.meetings import book_meeting
from engine.service.people import sign_in_links
from engine.service.shared.context import Context

router = APIRouter(include_in_schema=False)
Place = Annotated[str, Form(max_length=400)]


@router.post("/cases/{case_id}/links")
def make_link(request: Request, case_id: CaseId, person: OwnCoordinator,
              days: Short = "") -> Response:
    """Make a personal sign-in link and code for the participant; shown once."""
    own_case(request, person, case_id)
    shared = web(request)
    try:
        if days.strip() and not is_whole_number(days, low=1, high=366):
            raise refusal(request, "Skriv hur många dagar länken ska fungera, som ett heltal "
                                   "(1–366).")
        lifetime = int(days) if days.strip() else sign_in_links.DEFAULT_DAYS
        token, code, link = sign_in_links.create_link(shared.ctx, case_id, person.name,
                                                      lifetime)
    except InputError as exc:
        return show_case(request, person, case_id, typed={"form": "link", "days": days},
                         error=("link", refusal_text(language(request), exc)), status=422)
    base = shared.settings.link_base()  # never the request's Host: it can be forged
    request.session["new_link"] = {
        "url": f"{base}/in/{token}", "short": f"{base}/in", "code": code,
        "until": day_text(link.expires_at.astimezone(STOCKHOLM).date(), language(request))}
    return RedirectResponse(f"/cases/{case_id}#new-link", status_code=303)


@router.post("/cases/{case_id}/book")
def book(request: Request, case_id: CaseId, person: OwnCoordinator, key: Short = "",
         on: Short = "", at: Short = "", place: Place = "") -> Response:
    """Book the time and place of a meeting the participant attends."""
    typed = {"key": key, "on": on, "at": at, "place": place}

    def action(ctx: Context) -> Done:
        day = form_day(on, "meeting date")
        if day is None:
            raise refusal(request, "Välj vilken dag mötet är.")
        try:
            hour, minute = (int(part) for part in at.strip().split(":"))
            moment = datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)
        except ValueError:
            raise refusal(request, "Skriv klockslaget som TT:MM, till exempel 09:30.") from None
        book_meeting(ctx, case_id, key, moment, place, person.name)
        return done("”{name}” är bokat {when}, {place}.", name=obligation_name(ctx, case_id, key),
                    when=instant_text(moment, language(request)), place=place.strip())
    return act(request, person, case_id, "book", typed, action, "book")
