"""Walking a participant's path through a definition: the dry run with phase moves,
an extension and an exit, from the browser.

It is :func:`engine.rules.simulation.simulate`, the dry run ``stegvis simulate`` prints,
given a path: the phases entered and when (each along a transition the definition
allows), an extension of the maximum duration in months (with the role the definition
says decides one of that length), and the exit with its outcome and sub-outcome.  What
the dry run assumed is stated above the table in the reader's language, with the
definition's names; a path the definition does not allow is refused in one line.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from engine.dates.durations import Duration
from engine.errors import StegvisError
from engine.http.web.admin import Admin, admin_programme, dry_run_values
from engine.http.web.refusals import refusal, refusal_text
from engine.http.web.state import language, render, text, web
from engine.inputs.numbers import is_whole_number
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
            exit_on: Day = "", outcome: Word = "", sub_outcome: Word = "",
            extension: Annotated[str, Query(max_length=3)] = "") -> Response:
    """The dry run of one path: moves (``phase``/``on`` pairs), an extension in months,
    an exit and its outcome and sub-outcome."""
    found = admin_programme(request, person, programme)
    spec = found.spec
    chosen = [(p, d) for p, d in zip(phase or [], on or [], strict=False) if p and d]
    run, problem = None, None
    if start:
        try:
            first = _day(start, text(request, "Inskriven"))
            assert first is not None
            moves = tuple((p, _day(d, p) or first) for p, d in chosen)
            longer = None
            if extension.strip():
                if not is_whole_number(extension, low=1, high=60):
                    raise refusal(request, "Ange förlängningen i hela månader (1–60).")
                longer = Duration(int(extension), "months")
            run = simulate(spec, first, exit_on=_day(exit_on, text(request, "Avslut")),
                           outcome=outcome or None,
                           path=DryRunPath(moves=moves, sub_outcome=sub_outcome or None,
                                           extension=longer))
        except StegvisError as exc:
            problem = refusal_text(language(request), exc)
    rows = [*chosen, *[("", "")] * (MOVES - len(chosen))][:MOVES]
    return render(request, "admin_dry_run.html", {
        **dry_run_values(request, spec, run), "problem": problem, "rows": rows,
        "start": start or web(request).ctx.today().isoformat(), "exit_on": exit_on,
        "outcome": outcome, "sub_outcome": sub_outcome, "extension": extension},
        status=422 if problem else 200)
