"""The coordinator's inbox (overdue, due today, due soon across the caseload) and caseload."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from engine.http.web.auth import Person, signed_in
from engine.http.web.case_page import record_form
from engine.http.web.state import render, web
from engine.http.web.words import CASE_STATUS, ONE_CLICK, anchor_of, to_do
from engine.service.cases.caseload import inbox, programme_names, programme_specs
from engine.service.cases.queries import CaseFilter, list_cases
from engine.service.people.access_log import record_access

router = APIRouter(include_in_schema=False)
Coordinator = Annotated[Person, Depends(signed_in("coordinator"))]
SECTIONS = (("overdue", "Försenat"), ("today", "I dag"), ("soon", "Snart"))


@router.get("/inbox")
def inbox_page(request: Request, person: Coordinator,
               days: Annotated[int, Query(ge=1, le=90)] = 14) -> Response:
    """What is overdue, due today and due within ``days`` across the caseload."""
    ctx = web(request).ctx
    today = ctx.today()
    items = inbox(ctx, person.name, today, soon_days=days)
    specs = programme_specs(ctx)
    sections: dict[str, list[dict[str, Any]]] = {stage: [] for stage, _ in SECTIONS}
    for item in items:
        spec = specs.get(item.programme_id)
        form = record_form(spec, item.key) if spec else None
        sections[item.stage].append({
            "item": item, "programme": spec.name if spec else item.programme_id,
            "to_do": to_do("record" if form and item.kind != "survey" else item.kind),
            "one_click": item.kind in ONE_CLICK and not form,
            "anchor": form or anchor_of(item.key)})
    record_access(ctx, person.name, person.role, "inkorg", [i.case_id for i in items])
    return render(request, "inbox.html", {"sections": SECTIONS, "items": sections,
                                          "days": days, "count": len(items)})


@router.get("/cases")
def caseload_page(request: Request, person: Coordinator,
                  status: Annotated[str, Query(pattern="^(waiting|active|exited|)$")] = ""
                  ) -> Response:
    """The coordinator's cases, with their open and overdue obligations."""
    ctx = web(request).ctx
    rows = list_cases(ctx, CaseFilter(coordinator=person.name, status=status or None),
                      ctx.today())
    names = programme_names(ctx)
    record_access(ctx, person.name, person.role, "mina ärenden", [r["id"] for r in rows])
    return render(request, "cases.html", {"rows": rows, "names": names, "status": status,
                                          "statuses": CASE_STATUS})
