"""The programme administrator's pages: the programmes, one programme's definition in
Swedish with its diagram and dry run, and checking a pasted or uploaded draft.

Every programme shown is the version it runs, published in the database
(:mod:`engine.service.shared.published`).  Editing, publishing and the version history
are :mod:`engine.http.web.admin_editor` and :mod:`engine.http.web.admin_versions`;
moving cases to a new version is :mod:`engine.http.web.admin_migration`; walking a
participant's path, :mod:`engine.http.web.admin_dry_run`.

Checking a draft uses :func:`engine.definitions.loading.check_source`, the same
function as ``stegvis validate``, and shows each problem exactly as the command
prints it (``file:line:col: message``), with the line it points at.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response

from engine.dates.bounds import parse_day
from engine.definitions.description import describe
from engine.definitions.diagram import mermaid
from engine.definitions.loading import check_source
from engine.definitions.sources import source_title
from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError, Notice, StegvisError
from engine.http.web.auth import Person, signed_in
from engine.http.web.definitions import broken_files, running_programmes
from engine.http.web.i18n import day_text
from engine.http.web.refusals import refusal_text
from engine.http.web.security import DIAGRAM_CSP
from engine.http.web.state import language, render, text, web
from engine.http.web.validation import problem_html, problem_text
from engine.http.web.words import kind_name
from engine.rules.simulation import DryRun, simulate
from engine.service.programme.board_figures import report_title
from engine.service.programme.publishing import draft_of
from engine.service.shared.published import Published

router = APIRouter(include_in_schema=False)
Admin = Annotated[Person, Depends(signed_in("programme-admin"))]
#: The largest definition a page accepts (the shipped ones are 10–30 kB).
MAX_SOURCE = 1_000_000
PASTED = "inklistrad.yaml"


def visible(request: Request, person: Person) -> list[Published]:
    """The programmes this administrator looks after (all, unless their account names
    one)."""
    return [p for p in running_programmes(web(request).ctx)
            if not person.programme_id or p.spec.id == person.programme_id]


def admin_programme(request: Request, person: Person, programme: str) -> Published:
    """The running definition of ``programme``, if this administrator looks after it;
    404 otherwise."""
    found = next((p for p in visible(request, person) if p.spec.id == programme), None)
    if found is None:
        raise HTTPException(404)
    return found


def dry_run_values(request: Request, spec: ProgrammeSpec, run: DryRun | None) -> dict[str, Any]:
    """What the dry-run table (``_dry_run.html``) shows of ``run``: its assumptions
    worded in the reader's language with the definition's names (each is a Notice)."""
    reader = language(request)
    assumed = [refusal_text(reader, a) if isinstance(a, Notice) else a
               for a in (run.assumptions if run else ())]
    return {"spec": spec, "run": run, "kind_name": kind_name, "source_title": source_title,
            "report_title": report_title, "assumed": assumed,
            # A date inside a sentence, with no-break spaces: it never breaks across lines.
            "on": lambda d: day_text(d, reader).replace(" ", "\u00a0")}


def diagram_response(response: Response) -> Response:
    """Mermaid draws its SVG with its own <style>, CodeMirror styles its editor the same
    way: allowed on these pages only."""
    response.headers["Content-Security-Policy"] = DIAGRAM_CSP
    return response


@router.get("/admin/definitions")
def definitions(request: Request, person: Admin) -> Response:
    """Every programme with the version it runs, and the folder's unreadable files."""
    ctx = web(request).ctx
    running = visible(request, person)
    drafts = {p.spec.id: draft_of(ctx, p.spec.id).saved is not None for p in running}
    broken = [] if person.programme_id else broken_files(ctx, running)
    return render(request, "admin_definitions.html", {"running": running, "drafts": drafts,
                                                      "broken": broken})


@router.get("/admin/definitions/{programme}")
def definition(request: Request, programme: str, person: Admin,
               start: Annotated[str, Query(max_length=10)] = "") -> Response:
    """A definition in Swedish, its process diagram, and the dry run from ``start``."""
    found = admin_programme(request, person, programme)
    spec = found.spec
    run, problem = None, None
    if start:
        try:
            run = simulate(spec, parse_day(start, what="the start date"))
        except InputError as exc:
            problem = (text(request, "Skriv startdatumet ÅÅÅÅ-MM-DD.") if exc.kind == "not_a_date"
                       else refusal_text(language(request), exc))
        except StegvisError as exc:
            problem = refusal_text(language(request), exc)
    response = render(request, "admin_definition.html", {
        **dry_run_values(request, spec, run), "published": found,
        "sections": describe(spec), "diagram": mermaid(spec), "problem": problem,
        "start": start or web(request).ctx.today().isoformat()},
        status=422 if problem else 200)
    return diagram_response(response)


@router.get("/admin/validate")
def validate_form(request: Request, person: Admin) -> Response:
    """Paste or upload a draft definition to check it."""
    return render(request, "admin_validate.html", {"source": "", "problems": None,
                                                   "name": PASTED, "valid": None})


def shown_problems(problems: Any, raw: str, lang: str) -> list[dict[str, Any]]:
    """Each problem as the pages list it: the sentence in the reader's language (as
    HTML, and as plain text for the editor), where it is and the line it points at."""
    lines = raw.splitlines()
    return [{"message": problem_html(lang, p), "plain": problem_text(lang, p),
             "severity": p.severity, "line": p.line, "column": p.column, "path": p.path,
             "excerpt": lines[p.line - 1] if 0 < p.line <= len(lines) else ""}
            for p in problems]


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
    return render(request, "admin_validate.html", {
        "source": raw if upload is None or not upload.filename else "",
        "problems": shown_problems(problems, raw, language(request)), "name": name,
        "valid": spec is not None,
        "spec": spec}, status=200 if spec is not None else 422)
