"""A programme's version history: who published what, when and why; the difference
between any two versions; and publishing an earlier one again (a new publication of
its text, with its own reason: the history is never rewritten)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from engine.errors import StegvisError
from engine.http.web.admin import Admin, admin_programme
from engine.http.web.refusals import refusal_text
from engine.http.web.state import flash, language, render, web
from engine.service.programme import publishing
from engine.service.shared.published import publication, publications

router = APIRouter(include_in_schema=False)
Number = Annotated[int, Query(ge=1, le=1_000_000)]
PublicationNumber = Annotated[int, Path(ge=1, le=1_000_000)]


@router.get("/admin/definitions/{programme}/versions")
def versions(request: Request, programme: str, person: Admin, a: Number | None = None,
             b: Number | None = None) -> Response:
    """Every publication, newest first; with ``a`` and ``b``, the difference between
    those two."""
    ctx = web(request).ctx
    found = admin_programme(request, person, programme)
    rows = publications(ctx, found.spec.id)
    versions = {r.number: publication(ctx, found.spec.id, r.number).spec.version for r in rows}
    diff, chosen = None, None
    numbers = [r.number for r in rows]
    if a is not None and b is not None and a in numbers and b in numbers:
        old, new = (publication(ctx, found.spec.id, n) for n in (a, b))
        diff = publishing.difference(old.publication.source_text, new.publication.source_text)
        chosen = (a, b)
    elif len(numbers) > 1:
        chosen = (numbers[1], numbers[0])
    return render(request, "admin_versions.html", {
        "spec": found.spec, "rows": rows, "versions": versions,
        "running": found.publication.number, "diff": diff, "chosen": chosen})


@router.post("/admin/definitions/{programme}/versions/{number}/republish")
def republish(request: Request, programme: str, number: PublicationNumber, person: Admin,
              reason: Annotated[str, Form(max_length=publishing.MAX_REASON + 100)] = ""
              ) -> Response:
    """Publish publication ``number`` again, with a reason."""
    found = admin_programme(request, person, programme)
    try:
        done = publishing.republish(web(request).ctx, found.spec.id, number, person.name,
                                    reason)
    except StegvisError as exc:
        flash(request, "Det gick inte: {problem}", "error",
              problem=refusal_text(language(request), exc))
        return RedirectResponse(f"/admin/definitions/{found.spec.id}/versions", status_code=303)
    flash(request, "Version {version} av {name} är publicerad igen.",
          version=done.spec.version, name=done.spec.name)
    return RedirectResponse(f"/admin/definitions/{found.spec.id}/migration", status_code=303)
