""""Ta fram nu": a programme administrator produces a report, or a draft of one, from
the board page.

It is the scheduled run itself (:func:`engine.service.programme.calendar_runs.run_calendar_event`),
started by a person instead of the calendar: the documents are archived with their
hash and mailed as on the report's day, and a report is produced exactly once however
often the button is pressed or the calendar also starts it.  Before the report's day
the button makes an extra draft for its author, leaving the report to its day.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from engine.errors import StegvisError
from engine.http.web.auth import Person, signed_in
from engine.http.web.board import producible, reader_spec
from engine.http.web.refusals import refusal_text
from engine.http.web.state import flash, language, web
from engine.service.programme.board_figures import report_title
from engine.service.programme.calendar_runs import run_calendar_event

router = APIRouter(include_in_schema=False)
Producer = Annotated[Person, Depends(signed_in("programme-admin"))]


@router.post("/board/{programme_id}/produce")
def produce(request: Request, programme_id: str, person: Producer,
            event: Annotated[str, Form(max_length=200)]) -> Response:
    """Produce the report ``event`` now (a draft before its day)."""
    spec = reader_spec(request, person, programme_id)
    ctx = web(request).ctx
    today = ctx.today()
    found = next((e for e in producible(spec, today) if e.key == event), None)
    if found is None or found.period_from is None or found.period_to is None:
        raise HTTPException(404)
    title = report_title(found.name, found.period_from, found.period_to)
    draft = today < found.due_on
    try:
        run = run_calendar_event(ctx, spec, found.key, today, today, draft=draft,
                                 actor=person.name)
    except StegvisError as exc:
        flash(request, "{title} kunde inte tas fram: {problem}", "error", title=title,
              problem=refusal_text(language(request), exc))
        return RedirectResponse(f"/board/{spec.id}#h-produce", status_code=303)
    produced = run.produced
    if produced is not None and produced.outcome == "produced":
        if draft:
            flash(request, "Ett utkast av {title} är framtaget (version {n}) och finns i "
                           "arkivet; rapporten själv tas fram på sin dag.", title=title,
                  n=produced.version)
        else:
            flash(request, "{title} är framtagen (version {n}) och finns i arkivet.",
                  title=title, n=produced.version)
    elif produced is not None and produced.outcome == "in_progress":
        flash(request, "{title} tas fram just nu av schemat; den syns i arkivet om en stund.",
              title=title)
    else:
        flash(request, "{title} är redan framtagen; den finns i arkivet.", title=title)
    return RedirectResponse(f"/board/{spec.id}/reports", status_code=303)
