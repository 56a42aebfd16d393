"""The coordinator's inbox (overdue, today, this week, later across the caseload) and the
caseload as a searchable, sortable list of pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from engine.http.web.auth import Person, signed_in
from engine.http.web.case_page import record_form
from engine.http.web.state import render, web
from engine.http.web.words import CASE_STATUS, ONE_CLICK, anchor_of, to_do
from engine.language import N_
from engine.service.cases.caseload import STAGES, inbox, inbox_counts, programme_specs
from engine.service.cases.caseload_search import SORTS, CaseSearch, search_caseload
from engine.service.people.access_log import record_access

router = APIRouter(include_in_schema=False)
Coordinator = Annotated[Person, Depends(signed_in("coordinator"))]
SECTIONS = (("overdue", N_("Försenat")), ("today", N_("I dag")),
            ("week", N_("Resten av veckan")), ("later", N_("Senare")))
#: Cards shown in a section before "Visa alla" (a long inbox stays a page one can read).
SHOWN = 15
#: How the caseload can be sorted, and the words for each.
SORT_NAMES = {"next_due": "Nästa datum", "key": "Deltagare", "enrolled": "Senast inskrivna"}
Text = Annotated[str, Query(max_length=64)]


@router.get("/inbox")
def inbox_page(request: Request, person: Coordinator,
               days: Annotated[int, Query(ge=1, le=90)] = 14, programme: Text = "",
               q: Text = "", show: Annotated[str, Query(pattern="^(|overdue|today|week|"
                                                              "later)$")] = "") -> Response:
    """What is overdue, due today, this week and within ``days`` across the caseload."""
    ctx = web(request).ctx
    today = ctx.today()
    items = inbox(ctx, person.name, today, soon_days=days, programme=programme, key=q,
                  limit=2000)
    counts = inbox_counts(ctx, person.name, today, days, programme, q)
    specs = programme_specs(ctx)
    sections: dict[str, list[dict[str, Any]]] = {stage: [] for stage in STAGES}
    for item in items:
        if len(sections[item.stage]) >= SHOWN and show != item.stage:
            continue
        spec = specs.get(item.programme_id)
        form = record_form(spec, item.key) if spec else None
        sections[item.stage].append({
            "item": item, "programme": spec.name if spec else item.programme_id,
            "to_do": to_do("record" if form and item.kind != "survey" else item.kind),
            "one_click": item.kind in ONE_CLICK and not form,
            "anchor": form or anchor_of(item.key)})
    record_access(ctx, person.name, person.role, "inkorg",
                  sorted({e["item"].case_id for entries in sections.values() for e in entries}))
    return render(request, "inbox.html", {
        "sections": SECTIONS, "items": sections, "counts": counts, "days": days,
        "count": sum(counts.values()), "programme": programme, "q": q, "show": show,
        "programmes": {k: s.name for k, s in specs.items()}})


@router.get("/cases")
def caseload_page(request: Request, person: Coordinator,
                  status: Annotated[str, Query(pattern="^(waiting|active|exited|)$")] = "",
                  programme: Text = "", phase: Text = "", q: Text = "",
                  overdue: Annotated[str, Query(pattern="^(|1)$")] = "",
                  sort: Annotated[str, Query(pattern="^(next_due|key|enrolled)$")] = "next_due",
                  page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    """The coordinator's cases: searched by key, filtered by programme, phase and state,
    sorted by the next due date (or key, or enrolment), in pages."""
    ctx = web(request).ctx
    specs = programme_specs(ctx)
    chosen = next(s for s in SORTS if s == sort)
    found = search_caseload(ctx, CaseSearch(person.name, key=q, programme=programme,
                                            phase=phase if programme else "", status=status,
                                            overdue_only=overdue == "1", sort=chosen,
                                            page=page), ctx.today())
    record_access(ctx, person.name, person.role, "mina ärenden", [c.id for c in found.lines])
    spec = specs.get(programme)
    return render(request, "cases.html", {
        "found": found, "names": {k: s.name for k, s in specs.items()},
        "phase_names": {k: {p.id: p.name for p in s.phases} for k, s in specs.items()},
        "phases": [(p.id, p.name) for p in spec.phases] if spec else [],
        "status": status, "programme": programme, "phase": phase if spec else "", "q": q,
        "overdue": overdue, "sort": chosen, "sorts": SORT_NAMES, "statuses": CASE_STATUS,
        "filtered": bool(q or programme or status or overdue)})
