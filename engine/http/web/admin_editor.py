"""Writing and publishing a programme's next version in the browser.

The editor page holds the draft in a plain form (it works without JavaScript: save,
check, publish); the editor bundle (``web-bundle/src/editor.js``, CodeMirror 6) turns
its textarea into a YAML editor with completion and hover help from the published JSON
Schema, and posts the draft to :func:`check` as one types: the draft is saved, checked
by the same validator as ``stegvis validate``, and the answer carries its problems at
their line and column, its diagram and its dry run, which replace the ones beside the
editor.  Publishing shows the difference against the running version and asks for a
reason; it refuses a draft with errors (:mod:`engine.service.programme.publishing`).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from engine.dates.bounds import parse_day
from engine.definitions.description import describe
from engine.definitions.diagram import mermaid
from engine.errors import DefinitionError, InputError, StegvisError
from engine.http.web.admin import (
    Admin,
    admin_programme,
    diagram_response,
    dry_run_values,
    shown_problems,
)
from engine.http.web.refusals import refusal_text
from engine.http.web.state import flash, language, render, text, web
from engine.rules.simulation import simulate
from engine.service.programme import publishing
from engine.service.shared.published import Published

router = APIRouter(include_in_schema=False)
MAX_SOURCE = publishing.MAX_SOURCE


def _start(request: Request, given: str) -> date:
    """The dry run's enrolment date: the one given when it is a date Stegvis works with
    (the date door), else today."""
    try:
        return parse_day(given, what="the start")
    except InputError:
        return web(request).ctx.today()


def _checked(request: Request, found: Published, source: str, start: date) -> dict[str, Any]:
    """The draft's problems, summary, diagram and dry run, as the editor page shows them."""
    checked = publishing.check_draft(source, found.spec.id)
    spec = checked.spec
    run, problem = None, None
    if spec is not None:
        try:
            run = simulate(spec, start)
        except StegvisError as exc:
            problem = refusal_text(language(request), exc)
    return {"checked": checked,
            "problems": shown_problems(checked.problems, source, language(request)),
            "draft_spec": spec, "run": run, "run_problem": problem,
            "diagram": mermaid(spec) if spec is not None else "",
            "sections": describe(spec) if spec is not None else []}


def _page(request: Request, found: Published, draft: publishing.Draft, start: date,
          status: int = 200) -> Response:
    values = _checked(request, found, draft.text, start)
    spec = values["draft_spec"] or found.spec
    return diagram_response(render(request, "admin_edit.html", {
        **dry_run_values(request, spec, values["run"]), **values, "published": found,
        "draft": draft, "start": start.isoformat(),
        "stale": draft.based_on != found.publication.number}, status=status))


@router.get("/admin/definitions/{programme}/edit")
def edit(request: Request, programme: str, person: Admin, start: str = "") -> Response:
    """The draft of the next version (the running text if none is saved) in the editor."""
    found = admin_programme(request, person, programme)
    draft = publishing.draft_of(web(request).ctx, found.spec.id)
    return _page(request, found, draft, _start(request, start))


@router.post("/admin/definitions/{programme}/draft")
def save(request: Request, programme: str, person: Admin,
         source: Annotated[str, Form(max_length=MAX_SOURCE)] = "",
         action: Annotated[str, Form(max_length=16)] = "save",
         start: Annotated[str, Form(max_length=10)] = "") -> Response:
    """Save the draft (the form without JavaScript), throw it away, or go on to publish."""
    ctx = web(request).ctx
    found = admin_programme(request, person, programme)
    if action == "discard":
        publishing.discard_draft(ctx, found.spec.id)
        flash(request, "Utkastet är borttaget. Du ser nu versionen som körs.")
        return RedirectResponse(f"/admin/definitions/{found.spec.id}/edit", status_code=303)
    draft = publishing.draft_of(ctx, found.spec.id)
    try:
        publishing.save_draft(ctx, found.spec.id, source, person.name, draft.based_on)
    except StegvisError as exc:
        flash(request, "Utkastet kunde inte sparas: {problem}", "error",
              problem=refusal_text(language(request), exc))
        return RedirectResponse(f"/admin/definitions/{found.spec.id}/edit", status_code=303)
    if action == "publish":
        return RedirectResponse(f"/admin/definitions/{found.spec.id}/publish", status_code=303)
    flash(request, "Utkastet är sparat.")
    query = f"?start={start}" if start else ""
    return RedirectResponse(f"/admin/definitions/{found.spec.id}/edit{query}#problems",
                            status_code=303)


@router.post("/admin/definitions/{programme}/draft/check")
async def check(request: Request, programme: str, person: Admin) -> Response:
    """Save and check the draft the editor sends (JSON ``{source, start}``); the answer
    is its problems at line and column and the page's parts drawn from it."""
    found = admin_programme(request, person, programme)
    if not request.headers.get("content-type", "").startswith("application/json"):
        # The editor sends JSON; a form post's body was read by the CSRF check already.
        return JSONResponse({"error": text(request, "Formuläret kunde inte läsas.")},
                            status_code=415)
    body = await request.body()
    if len(body) > 2 * MAX_SOURCE:
        return JSONResponse({"error": text(request, "Utkastet är för stort (högst 1 MB).")},
                            status_code=413)
    try:
        sent = json.loads(body)
        source, start = str(sent.get("source", "")), str(sent.get("start", ""))
    except (ValueError, AttributeError):
        return JSONResponse({"error": text(request, "Formuläret kunde inte läsas.")},
                            status_code=422)
    ctx = web(request).ctx
    draft = publishing.draft_of(ctx, found.spec.id)
    try:
        saved = publishing.save_draft(ctx, found.spec.id, source, person.name, draft.based_on)
    except StegvisError as exc:
        return JSONResponse({"error": refusal_text(language(request), exc)}, status_code=422)
    values = _checked(request, found, source, _start(request, start))
    spec = values["draft_spec"] or found.spec
    parts = {**dry_run_values(request, spec, values["run"]), **values, "published": found}
    errors = len(values["checked"].errors)
    status = text(request, "Utkastet sparat {time}.", time=_clock(saved.saved_at)) + " " + (
        text(request, "{n} fel.", n=errors) if errors else text(request, "Inga fel."))
    return JSONResponse({
        "valid": values["draft_spec"] is not None, "status": status,
        "problems": [{"line": p["line"], "column": p["column"], "severity": p["severity"],
                      "message": p["plain"]} for p in values["problems"]],
        "problems_html": _fragment(request, "_draft_problems.html", parts),
        "dry_run_html": _fragment(request, "_draft_dry_run.html", parts),
        "summary_html": _fragment(request, "_description.html", parts),
        "diagram": values["diagram"]})


def _clock(at: Any) -> str:
    from engine.clock import STOCKHOLM
    return str(at.astimezone(STOCKHOLM).strftime("%H:%M"))


def _fragment(request: Request, template: str, values: dict[str, Any]) -> str:
    """A part of a page, drawn by its template with the page's shared values."""
    return bytes(render(request, template, values).body).decode("utf-8")


def _publish_page(request: Request, found: Published, draft: publishing.Draft,
                  problem: str = "", reason: str = "", status: int = 200) -> Response:
    ctx = web(request).ctx
    checked = publishing.check_draft(draft.text, found.spec.id)
    refusal = publishing.publication_refusal(ctx, found.spec.id, draft.text, draft.based_on)
    return render(request, "admin_publish.html", {
        "published": found, "spec": found.spec, "draft": draft, "checked": checked,
        "problems": shown_problems(checked.problems, draft.text, language(request)),
        "refusal": refusal_text(language(request), refusal) if refusal else "",
        "diff": publishing.difference(found.publication.source_text, draft.text),
        "problem": problem, "reason": reason}, status=status)


@router.get("/admin/definitions/{programme}/publish")
def review(request: Request, programme: str, person: Admin) -> Response:
    """The draft against the running version, and the reason to publish it with."""
    found = admin_programme(request, person, programme)
    return _publish_page(request, found, publishing.draft_of(web(request).ctx, found.spec.id))


@router.post("/admin/definitions/{programme}/publish")
def publish(request: Request, programme: str, person: Admin,
            reason: Annotated[str, Form(max_length=publishing.MAX_REASON + 100)] = "",
            based_on: Annotated[int, Form(ge=0, le=2_147_483_647)] = 0) -> Response:
    """Publish the saved draft; every worker and page runs it from now on."""
    ctx = web(request).ctx
    found = admin_programme(request, person, programme)
    draft = publishing.draft_of(ctx, found.spec.id)
    try:
        done = publishing.publish(ctx, found.spec.id, draft.text, person.name, reason,
                                  based_on=based_on or draft.based_on)
    except DefinitionError:
        return _publish_page(request, found, draft, text(
            request, "Utkastet har fel och kan inte publiceras. Rätta dem i redigeraren."),
            reason, status=422)
    except StegvisError as exc:
        return _publish_page(request, found, draft, refusal_text(language(request), exc),
                             reason, status=422)
    flash(request, "Version {version} av {name} är publicerad. Alla delar av Stegvis kör den "
                   "nu; pågående ärenden flyttas när du väljer det här.",
          version=done.spec.version, name=done.spec.name)
    return RedirectResponse(f"/admin/definitions/{done.spec.id}/migration", status_code=303)


@router.get("/admin/programme.schema.json")
def schema(request: Request, person: Admin) -> Response:
    """The JSON Schema the editor completes and explains keys from (the one ``stegvis
    schema`` names)."""
    from engine.paths import schema_path
    return Response(schema_path().read_bytes(), media_type="application/schema+json")
