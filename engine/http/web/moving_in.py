"""Moving in, in the browser: the administrator uploads the förbund's spreadsheet, sees
every problem by row and column in their language, and stores all rows or none.

The same check and storing as ``stegvis import``
(:func:`engine.service.cases.moving_in.import_participants`).  Stateless between
requests, as every worker is equal: "Kontrollera" checks the file (storing nothing),
"Spara" checks it again and stores it; each is one upload.  A programme administrator
limited to one programme may move in that programme's participants only.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from engine.errors import StegvisError
from engine.http.web.auth import Person, signed_in
from engine.http.web.state import language, render, text, web
from engine.service.cases.import_file import (
    MAX_BYTES,
    ImportRefused,
    ImportTable,
    Problem,
    as_text,
    read_import,
)
from engine.service.cases.moving_in import import_participants
from engine.service.shared.published import running_spec

router = APIRouter(include_in_schema=False)
Admin = Annotated[Person, Depends(signed_in("programme-admin", "system-admin"))]
PAGE = "admin_import.html"


@router.get("/admin/import")
def import_form(request: Request, person: Admin) -> Response:
    """The upload form and what the file should hold."""
    return render(request, PAGE, {"problems": None, "done": None, "name": ""})


@router.post("/admin/import")
async def import_file(request: Request, person: Admin,
                      upload: Annotated[UploadFile, File()],
                      action: Annotated[str, Form(max_length=10)] = "check") -> Response:
    """Check (``action=check``) or check and store (``action=store``) the uploaded file."""
    lang = language(request)
    name = PurePath(upload.filename or "").name or "fil"
    data = await upload.read(MAX_BYTES + 1)
    store = action == "store"
    try:
        table = read_import(data, name)
        others = _not_own_programme(person, table)
        try:
            done = import_participants(web(request).ctx, table, person.name,
                                       store=store and not others)
        except ImportRefused as exc:
            raise ImportRefused(sorted([*others, *exc.problems],
                                       key=lambda p: (p.row, p.column))) from None
        if others:
            raise ImportRefused(others)
    except ImportRefused as exc:
        problems = [p.text(lang) for p in exc.problems]
        return render(request, PAGE, {"problems": problems, "done": None, "name": name},
                      status=422)
    except StegvisError as exc:  # the database refused: nothing was stored
        return render(request, PAGE, {"problems": [str(exc)], "done": None, "name": name},
                      status=422)
    names = {programme: running_spec(web(request).ctx, programme).name
             for programme in done.enrolled}  # the programme's name, never its id
    summary = [text(request, "{programme}: {n} inskrivna, {w} på väntelista",
                    programme=names[programme], n=done.enrolled[programme],
                    w=done.waiting.get(programme, 0)) for programme in done.enrolled]
    return render(request, PAGE, {"problems": [], "done": done, "stored": store,
                                  "summary": summary, "name": name})


def _not_own_programme(person: Person, table: ImportTable) -> list[Problem]:
    """The rows of other programmes, for a programme administrator of one programme."""
    if not person.programme_id:
        return []
    heading = table.headings.get("programme", "program")
    return [Problem(row.number, heading, f"du förvaltar bara {person.programme_id}",
                    f"you administer {person.programme_id} only")
            for row in table.rows
            if as_text(row.cells.get("programme", "")) != person.programme_id]
