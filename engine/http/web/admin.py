"""The programme administrator's pages: definitions, checking a draft, the diagram, the
dry run and the impact of moving cases to a new version.

Checking a pasted or uploaded definition uses :func:`engine.definitions.loading.check_source`,
the same function as ``stegvis validate``, and shows each problem exactly as the
command prints it (``file:line:col: message``), with the line it points at.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response

from engine.dates.bounds import parse_day
from engine.definitions.diagram import mermaid, summary
from engine.definitions.loading import check_source
from engine.errors import InputError, StegvisError
from engine.http.web.auth import Person, signed_in
from engine.http.web.definitions import checked_definitions
from engine.http.web.refusals import refusal_text
from engine.http.web.security import DIAGRAM_CSP
from engine.http.web.state import language, render, text, web
from engine.http.web.words import kind_name
from engine.rules.simulation import simulate
from engine.service.cases.version_migration import plan_migration

router = APIRouter(include_in_schema=False)
Admin = Annotated[Person, Depends(signed_in("programme-admin"))]
#: The largest definition a page accepts (the shipped ones are 10–30 kB).
MAX_SOURCE = 1_000_000
PASTED = "inklistrad.yaml"


def _visible(request: Request, person: Person) -> list[Any]:
    return [c for c in checked_definitions(web(request).ctx.definitions)
            if not person.programme_id or (c.spec and c.spec.id == person.programme_id)
            or (c.spec is None and c.path.stem == person.programme_id)]


@router.get("/admin/definitions")
def definitions(request: Request, person: Admin) -> Response:
    """Every definition with its validation status."""
    return render(request, "admin_definitions.html", {"checked": _visible(request, person)})


def _checked(request: Request, person: Person, programme: str) -> Any:
    found = next((c for c in _visible(request, person) if c.spec and c.spec.id == programme), None)
    if found is None:
        raise HTTPException(404)
    return found


@router.get("/admin/definitions/{programme}")
def definition(request: Request, programme: str, person: Admin,
               start: Annotated[str, Query(max_length=10)] = "") -> Response:
    """A definition: summary, process diagram, and the dry run from ``start``."""
    spec = _checked(request, person, programme).spec
    run, problem = None, None
    if start:
        try:
            run = simulate(spec, parse_day(start, what="the start date"))
        except InputError as exc:
            problem = (text(request, "Skriv startdatumet ÅÅÅÅ-MM-DD.") if exc.kind == "not_a_date"
                       else refusal_text(language(request), exc))
        except StegvisError as exc:
            problem = refusal_text(language(request), exc)
    lines = [line.strip() for line in summary(spec).splitlines()[1:]]
    response = render(request, "admin_definition.html", {
        "spec": spec, "summary": lines, "diagram": mermaid(spec), "run": run,
        "problem": problem, "start": start or web(request).ctx.today().isoformat(),
        "kind_name": kind_name}, status=422 if problem else 200)
    # Mermaid draws the diagram as SVG with its own <style>: allowed on this page only.
    response.headers["Content-Security-Policy"] = DIAGRAM_CSP
    return response


@router.get("/admin/definitions/{programme}/migration")
def migration(request: Request, programme: str, person: Admin) -> Response:
    """What moving the programme's cases to the current definition would change."""
    spec = _checked(request, person, programme).spec
    plan = plan_migration(web(request).ctx, spec.id)
    return render(request, "admin_migration.html", {"spec": spec, "plan": plan})


@router.get("/admin/validate")
def validate_form(request: Request, person: Admin) -> Response:
    """Paste or upload a draft definition to check it."""
    return render(request, "admin_validate.html", {"source": "", "problems": None,
                                                   "name": PASTED, "valid": None})


@router.post("/admin/validate")
async def validate(request: Request, person: Admin,
                   source: Annotated[str, Form(max_length=MAX_SOURCE)] = "",
                   upload: Annotated[UploadFile | None, File()] = None) -> Response:
    """Every problem of the draft at file:line:col, as `stegvis validate` prints it."""
    name, raw = PASTED, source
    if upload is not None and upload.filename:
        data = await upload.read(MAX_SOURCE + 1)
        if len(data) > MAX_SOURCE:
            return render(request, "admin_validate.html", {
                "source": "", "problems": None, "name": upload.filename, "valid": None,
                "too_big": True}, status=413)
        name = PurePath(upload.filename).name or PASTED
        raw = data.decode("utf-8", errors="replace")
        spec, problems = check_source(data, name)
    else:
        spec, problems = check_source(source, name)
    lines = raw.splitlines()
    shown = [{"text": str(p), "severity": p.severity, "line": p.line, "column": p.column,
              "excerpt": lines[p.line - 1] if 0 < p.line <= len(lines) else ""}
             for p in problems]
    return render(request, "admin_validate.html", {
        "source": raw if upload is None or not upload.filename else "", "problems": shown,
        "name": name, "valid": spec is not None, "spec": spec},
        status=200 if spec is not None else 422)
