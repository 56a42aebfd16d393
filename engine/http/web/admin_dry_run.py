"""Walking a participant's path through a definition: the dry run with phase moves and
an exit, from the browser.

It is :func:`engine.rules.simulation.simulate`, the dry run ``stegvis simulate`` prints,
given a path: the phases entered and when (each along a transition the definition
allows), and the exit with its outcome.  What the dry run assumed is stated above the
table; a path the definition does not allow is refused in one line.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from engine.errors import StegvisError
from engine.http.web.admin import Admin, admin_programme, dry_run_values
from engine.http.web.refusals import refusal_text
from engine.http.web.state import language, render, text, web
from engine.rules.simulation import DryRunPath, simulate

router = APIRouter(include_in_schema=False)
#: How many phase moves the form offers.
MOVES = 4
Day = Annotated[str, Query(max_length=10)]
Word = Annotated[str, Query(max_length=64)]


def _day(given: str, what: str) -> date | None:
    if not given:
        return None
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise StegvisError(f"{what}: ”{given}” är inte ett datum (ÅÅÅÅ-MM-DD)") from None


@router.get("/admin/definitions/{programme}/dry-run")
def dry_run(request: Request, programme: str, person: Admin, start: Day = "",
            phase: Annotated[list[str] | None, Query(max_length=MOVES)] = None,
            on: Annotated[list[str] | None, Query(max_length=MOVES)] = None,
            exit_on: Day = "", outcome: Word = "") -> Response:
    """The dry run of one path: moves (``phase``/``on`` pairs), an exit and its outcome."""
    found = admin_programme(request, person, programme)
    spec = found.spec
    chosen = [(p, d) for p, d in zip(phase or [], on or [], strict=False) if p and d]
    run, problem = None, None
    if start:
        try:
            first = _day(start, text(request, "Inskriven"))
            assert first is not None
            moves = tuple((p, _day(d, p) or first) for p, d in chosen)
            run = simulate(spec, first, exit_on=_day(exit_on, text(request, "Avslut")),
                           outcome=outcome or None, path=DryRunPath(moves=moves))
        except StegvisError as exc:
            problem = refusal_text(language(request), exc)
    rows = [*chosen, *[("", "")] * (MOVES - len(chosen))][:MOVES]
    return render(request, "admin_dry_run.html", {
        **dry_run_values(request, spec, run), "problem": problem, "rows": rows,
        "start": start or web(request).ctx.today().isoformat(), "exit_on": exit_on,
        "outcome": outcome}, status=422 if problem else 200)
