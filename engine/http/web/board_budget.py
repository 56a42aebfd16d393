"""A programme's budget in the browser: budget against outcome per period with the
deviations, the recorded analyses and action plans for everyone who follows the
programme, and, for its administrator, entering a period's amounts or importing them.

Entering and importing are the service calls of ``stegvis budget set|outcome|import``
(:mod:`engine.service.programme.budget`, :mod:`engine.service.programme.budget_import`):
amounts as Swedes write them ("1 250 000", "98 765,50", by the rules' own parser), and
a CSV file imported whole or, with one bad row, not at all, the bad row named.  An
outcome beyond the threshold opens the analysis on the board page, as from the command.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from engine.errors import InputError, StegvisError
from engine.http.web.auth import Person, signed_in
from engine.http.web.board import Reader, reader_spec
from engine.http.web.refusals import refusal_text
from engine.http.web.state import flash, language, render, web
from engine.rules.budget import parse_amount
from engine.service.programme.budget import PeriodAmounts, budget_view, record_amounts
from engine.service.programme.budget_import import import_budget

router = APIRouter(include_in_schema=False)
Keeper = Annotated[Person, Depends(signed_in("programme-admin"))]
Amount = Annotated[str, Form(max_length=40)]
#: The largest budget file accepted (a year of months is a few hundred bytes).
MAX_CSV = 200_000


@router.get("/board/{programme_id}/budget")
def budget(request: Request, programme_id: str, person: Reader) -> Response:
    """Budget against outcome per period, with what was recorded about deviations."""
    spec = reader_spec(request, person, programme_id)
    if spec.budget is None:
        raise HTTPException(404)
    return render(request, "board_budget.html", {
        "spec": spec, "budget": budget_view(web(request).ctx, spec.id)})


def _amount(text: str, what: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return parse_amount(text)
    except ValueError as exc:
        raise InputError(f"{what}: {exc}") from None


@router.post("/board/{programme_id}/budget")
def enter(request: Request, programme_id: str, person: Keeper,
          period: Annotated[str, Form(max_length=16)], budget_amount: Amount = "",
          outcome_amount: Amount = "") -> Response:
    """Record a period's budget, its outcome, or both."""
    spec = reader_spec(request, person, programme_id)
    try:
        amounts = PeriodAmounts(period.strip(), _amount(budget_amount, "budget"),
                                _amount(outcome_amount, "utfall"))
        if amounts.budget is None and amounts.outcome is None:
            raise InputError("skriv en budget, ett utfall eller båda")
        change = record_amounts(web(request).ctx, spec.id, [amounts], person.name)
    except StegvisError as exc:
        flash(request, "Inget sparades: {problem}", "error",
              problem=refusal_text(language(request), exc))
        return RedirectResponse(f"/board/{spec.id}/budget#enter", status_code=303)
    flash(request, "Sparat för {period}.", period=period.strip())
    if change.opened:
        flash(request, "Avvikelsen är större än gränsen: en analys av orsakerna väntar på "
                       "styrningssidan.", "warning")
    return RedirectResponse(f"/board/{spec.id}/budget", status_code=303)


@router.post("/board/{programme_id}/budget/import")
async def upload(request: Request, programme_id: str, person: Keeper,
                 file: Annotated[UploadFile, File()]) -> Response:
    """Import a CSV file of periods, budgets and outcomes: every row, or none."""
    spec = reader_spec(request, person, programme_id)
    raw = await file.read(MAX_CSV + 1)
    name = file.filename or "budget.csv"
    try:
        if len(raw) > MAX_CSV:
            raise InputError(f"{name} är större än {MAX_CSV // 1000} kB")
        result = import_budget(web(request).ctx, spec.id, raw, name, person.name)
    except StegvisError as exc:
        flash(request, "Inget importerades: {problem}", "error",
              problem=refusal_text(language(request), exc))
        return RedirectResponse(f"/board/{spec.id}/budget#import", status_code=303)
    flash(request, "{n} rader importerades från {file}.", n=result.rows, file=name)
    if result.change.opened:
        flash(request, "Avvikelsen är större än gränsen: en analys av orsakerna väntar på "
                       "styrningssidan.", "warning")
    return RedirectResponse(f"/board/{spec.id}/budget", status_code=303)
