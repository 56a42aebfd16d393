"""Moving a programme's open cases to the version it runs, from the browser.

The preview is :func:`engine.service.cases.version_migration.plan_migration`, the same
dry run as ``stegvis migrate``: per case (by the participant's key), each open task or
meeting that moves, appears or goes away, by its name and in date order; exited cases
stay where they are.  The one button applies exactly that plan: it carries the content
hash ``stegvis migrate --apply`` checks and the plan's digest, so nothing moves if the
definition or any case changed since the page was drawn.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from engine.errors import StegvisError
from engine.http.web.admin import Admin, admin_programme
from engine.http.web.refusals import refusal_text
from engine.http.web.state import flash, language, render, web
from engine.service.cases.version_migration import CaseChange, apply_migration, plan_migration

router = APIRouter(include_in_schema=False)
_HASH = Annotated[str, Form(min_length=64, max_length=64, pattern="^[0-9a-f]{64}$")]


def _rows(change: CaseChange) -> list[dict[str, Any]]:
    """What happens to one case, one row per task, in date order."""
    rows: list[dict[str, Any]] = [
        {"what": "move", "name": change.name(k), "old": old, "new": new}
        for k, old, new in change.move]
    rows += [{"what": "appear", "name": change.name(k), "old": None, "new": due}
             for k, due in change.appear]
    rows += [{"what": "disappear", "name": change.name(k), "old": due, "new": None}
             for k, due in change.disappear]
    return sorted(rows, key=lambda r: (r["old"] or r["new"] or date.min, r["name"]))


@router.get("/admin/definitions/{programme}/migration")
def migration(request: Request, programme: str, person: Admin) -> Response:
    """What moving the programme's open cases to the running version would change."""
    found = admin_programme(request, person, programme)
    plan = plan_migration(web(request).ctx, found.spec.id)
    cases = [{"change": c, "rows": _rows(c)}
             for c in sorted(plan.cases, key=lambda c: c.participant)]
    movable = sum(1 for c in plan.cases if not c.blocked)
    return render(request, "admin_migration.html", {"spec": found.spec, "plan": plan,
                                                    "cases": cases, "movable": movable})


@router.post("/admin/definitions/{programme}/migration")
def apply(request: Request, programme: str, person: Admin, content_hash: _HASH,
          digest: _HASH) -> Response:
    """Apply exactly the previewed plan; the result says how many cases moved."""
    found = admin_programme(request, person, programme)
    try:
        moved = apply_migration(web(request).ctx, found.spec.id, content_hash, person.name,
                                digest=digest)
    except StegvisError as exc:
        flash(request, "Inget flyttades: {problem}", "error",
              problem=refusal_text(language(request), exc))
        return RedirectResponse(f"/admin/definitions/{found.spec.id}/migration", status_code=303)
    flash(request, "{n} ärenden flyttades till version {version}.", n=moved,
          version=found.spec.version)
    return RedirectResponse(f"/admin/definitions/{found.spec.id}/migration", status_code=303)
