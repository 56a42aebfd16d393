"""The report archive for the steering group and board: every produced version, to open
and download.

The rows are :class:`~engine.store.programme_tables.ArchivedReportRow` (written by the scheduled
report runs, :mod:`engine.service.programme.report_runs`); the files lie in the archive folder.
A reader sees only the programme their account follows (a programme administrator
sees all).  A download names a version by its number in the database and a file by
its name, and is served only when that version belongs to the programme in the
address and lists a file of exactly that name: the path on disk is always the one
stored with the version, so nothing typed into the address can reach another file.
The file is checked against the SHA-256 stored when it was produced before it is
sent, and each download is written to the access log.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import Response
from sqlmodel import col, select

from engine.clock import STOCKHOLM
from engine.http.web.board import Reader, reader_spec
from engine.http.web.state import language, render, text, web
from engine.reports.texts import Lang, has_label, label, label_fields
from engine.service.people.access_log import record_access
from engine.service.programme import archive
from engine.service.programme.board_figures import report_title
from engine.store.programme_tables import ArchivedReportRow

router = APIRouter(include_in_schema=False)
_log = logging.getLogger("stegvis.web")
#: What each kind of archived version is called on the page.
KINDS = {"report": "Rapport", "draft": "Utkast", "evaluation": "Utvärdering"}
_MEDIA = {"pdf": "application/pdf", "json": "application/json",
          "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
#: The order files are offered in.
_ORDER = ("pdf", "xlsx", "csv", "json", "html")
ArchiveId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def _file(row: ArchivedReportRow, entry: dict[str, Any], lang: Lang) -> dict[str, Any]:
    name = str(entry["name"])
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    # A report's tables are CSV files named after the table (…-finsam_participants.csv):
    # the link says the table's title, as the report does.
    key = f"table.{name.rsplit('.', 1)[0].split('-')[-1]}"
    # A title filled in with more than the year (the comparison names its two periods)
    # is said by the report itself, not by its file's name.
    table = label(lang, key, year=row.period_to.year) \
        if kind == "csv" and has_label(key) and label_fields(key) <= {"year"} else ""
    return {"name": name, "format": kind.upper() or name, "table": table,
            "bytes": int(entry.get("bytes", 0)),
            "url": f"/board/{row.programme_id}/reports/{row.id}/{name}"}


def _version(row: ArchivedReportRow, lang: Lang) -> dict[str, Any]:
    files = sorted((_file(row, f, lang) for f in row.files),
                   key=lambda f: (_ORDER.index(f["format"].lower())
                                  if f["format"].lower() in _ORDER else len(_ORDER), f["name"]))
    produced = row.produced_at if row.produced_at.tzinfo else row.produced_at.replace(
        tzinfo=UTC)
    # One main document (the PDF, else the first), the other formats folded away.
    return {"id": row.id, "name": report_title(row.name, row.period_from, row.period_to),
            "kind": KINDS.get(row.kind, "Rapport"), "version": row.version,
            "period_from": row.period_from, "period_to": row.period_to,
            "produced_on": produced.astimezone(STOCKHOLM).date(),
            "hash": row.content_hash[:12], "full_hash": row.content_hash,
            "main": files[0] if files else None, "others": files[1:]}


@router.get("/board/{programme_id}/reports")
def reports(request: Request, programme_id: str, person: Reader) -> Response:
    """Every archived version of the programme, newest first, with its files."""
    spec = reader_spec(request, person, programme_id)
    with web(request).ctx.transaction(read_only=True) as session:
        rows = session.exec(select(ArchivedReportRow).where(
            ArchivedReportRow.programme_id == spec.id).order_by(
                col(ArchivedReportRow.produced_at).desc(),
                col(ArchivedReportRow.id).desc())).all()
        versions = [_version(row, "en" if language(request) == "en" else "sv")
                    for row in rows]
    return render(request, "board_reports.html", {"spec": spec, "versions": versions,
                                                  "reports": [r.name for r in spec.reports]})


@router.get("/board/{programme_id}/reports/{archive_id}/{name}")
def download(request: Request, programme_id: str, archive_id: ArchiveId, name: str,
             person: Reader) -> Response:
    """One file of one archived version (404 unless it belongs to the programme and the
    version lists a file of exactly that name)."""
    spec = reader_spec(request, person, programme_id)
    ctx = web(request).ctx
    with ctx.transaction(read_only=True) as session:
        row = session.get(ArchivedReportRow, archive_id)
        if row is None or row.programme_id != spec.id \
                or name not in {str(f["name"]) for f in row.files}:
            raise HTTPException(404)
        try:
            data: bytes | None = archive.read_file(session, row, name)
        except archive.ArchiveError as exc:  # altered since it was made, or missing
            _log.error("report archive: %s", exc)
            data = None
    if data is None:
        return render(request, "error.html", {
            "title": text(request, "Filen kan inte öppnas."),
            "message": text(request, "Den finns inte längre i arkivet, eller stämmer inte med "
                                     "kontrollsumman från när den framställdes. Kontakta "
                                     "systemadministratören.")}, status=500)
    record_access(ctx, person.name, person.role, "rapportarkiv", [None],
                  f"{spec.id}: {name} (version {row.version})")
    kind = name.rsplit(".", 1)[-1].lower()
    disposition = "inline" if kind == "pdf" else "attachment"
    return Response(data, media_type=_MEDIA.get(kind, "application/octet-stream"),
                    headers={"Content-Disposition": f"{disposition}; filename=\"{_ascii(name)}\"; "
                                                    f"filename*=UTF-8''{quote(name)}"})


def _ascii(name: str) -> str:
    """The file name with only characters every browser reads in a header."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)
