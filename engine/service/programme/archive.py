"""The report archive: every version produced, with its content hash and its files.

A version is a row in ``report_archive`` (what it is of, which version, its period,
the SHA-256 of its figures, each file's name, SHA-256 and size, a summary for e-mails)
and its files are rows of ``report_files``, bytes and hash, in the same transaction:
every worker reads them, so a report produced by one ``stegvis serve`` is mailed or
downloaded through any other.  Rows are never changed or removed; a report issued
again gets a new version.

Files on disk are an export.  With ``STEGVIS_ARCHIVE`` set, each version's files are
also written there when it is produced (for a document store, or a web server serving
them under ``STEGVIS_ARCHIVE_URL``, which e-mails then link to):

    <archive>/<programme>/<subject>/<kind>-v<version>/<files>

written into a temporary sibling folder that is renamed into place once every file is
on disk, before the row is committed: a process killed meanwhile leaves at most an
orphan folder no row names, which the next attempt replaces.  ``stegvis archive
export`` writes the versions of a programme into any folder later.  Versions produced
before revision 0016 whose files were not found when it ran are read from the archive
folder (``STEGVIS_ARCHIVE``, else ``archive`` in the data folder) as before.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from engine.errors import StegvisError
from engine.paths import data_folder
from engine.store.programme_tables import ArchivedReportRow, ReportFileRow


class ArchiveError(StegvisError):
    """The archive folder cannot be written, or a file in it is missing or altered."""


def archive_root() -> Path:
    """The archive folder on disk: the export folder (``STEGVIS_ARCHIVE``), else
    ``archive`` in the data folder, where versions made before revision 0016 lay."""
    return export_root() or data_folder() / "archive"


def export_root() -> Path | None:
    """Where each new version's files are also written (``STEGVIS_ARCHIVE``), if set."""
    configured = os.environ.get("STEGVIS_ARCHIVE", "").strip()
    return Path(configured).expanduser() if configured else None


def archive_base_url() -> str | None:
    """Where the archive folder is served (``STEGVIS_ARCHIVE_URL``), without a final /."""
    url = os.environ.get("STEGVIS_ARCHIVE_URL", "").strip()
    return url.rstrip("/") or None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.") or "x"


def version_folder(programme_id: str, subject: str, kind: str, version: int) -> str:
    """The folder of a version, relative to the archive folder."""
    return f"{_slug(programme_id)}/{_slug(subject)}/{_slug(kind)}-v{version}"


def sha256(data: bytes) -> str:
    """The SHA-256 of ``data`` as hex."""
    return hashlib.sha256(data).hexdigest()


def file_entries(files: dict[str, bytes]) -> list[dict[str, Any]]:
    """Each file's name, SHA-256 and size, for the version's row."""
    return [{"name": name, "sha256": sha256(data), "bytes": len(data)}
            for name, data in files.items()]


def export_new(relative: str, files: dict[str, bytes]) -> list[dict[str, Any]]:
    """A new version's files into the export folder, when one is set; their entries."""
    root = export_root()
    return file_entries(files) if root is None else write_files(relative, files, root)


def store_files(session: Session, archive_id: int, files: dict[str, bytes]) -> None:
    """The files of version ``archive_id`` into the database, in the caller's transaction."""
    for name, data in files.items():
        session.add(ReportFileRow(archive_id=archive_id, name=name, sha256=sha256(data),
                                  content=data))


def write_files(relative: str, files: dict[str, bytes],
                root: Path | None = None) -> list[dict[str, Any]]:
    """Write ``files`` into ``relative`` under ``root`` (the archive folder), all or
    nothing.

    Returns each file's name, SHA-256 and size.  A folder left there by an attempt
    that died before its row was committed is replaced.
    """
    target = (root or archive_root()) / relative
    staging = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Half-written folders of attempts that died: one producer holds the claim.
        for stale in target.parent.glob(f".{target.name}.*.tmp"):
            shutil.rmtree(stale, ignore_errors=True)
        staging.mkdir()
        for name, data in files.items():
            with open(staging / name, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        if target.exists():  # an orphan: no committed row names it (see module doc)
            shutil.rmtree(target)
        staging.rename(target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ArchiveError(f"cannot write the report into the archive folder {target}: "
                           f"{exc.strerror or exc} (set STEGVIS_ARCHIVE to a folder Stegvis "
                           "may write, or leave it unset: the archive is in the database)"
                           ) from None
    return file_entries(files)


def next_version(session: Session, programme_id: str, subject: str, kind: str) -> int:
    """The number the next version of (programme, subject, kind) gets."""
    latest = session.exec(select(func.max(ArchivedReportRow.version)).where(
        ArchivedReportRow.programme_id == programme_id, ArchivedReportRow.subject == subject,
        ArchivedReportRow.kind == kind)).one()
    return int(latest or 0) + 1


def latest_version(session: Session, programme_id: str, subject: str,
                   kind: str) -> ArchivedReportRow | None:
    """The newest version of (programme, subject, kind), if any."""
    return session.exec(select(ArchivedReportRow).where(
        ArchivedReportRow.programme_id == programme_id, ArchivedReportRow.subject == subject,
        ArchivedReportRow.kind == kind).order_by(col(ArchivedReportRow.version).desc())
        .limit(1)).first()


def read_file(session: Session, row: ArchivedReportRow, name: str) -> bytes:
    """A file of an archived version, from the database, checked against its hash.

    A version made before revision 0016 whose file was not found when it ran is read
    from the archive folder instead (module docstring).
    """
    entry = next((f for f in row.files if f["name"] == name), None)
    if entry is None:
        raise ArchiveError(f"version {row.version} of {row.subject} has no file {name!r}")
    stored = session.exec(select(ReportFileRow).where(
        ReportFileRow.archive_id == row.id, ReportFileRow.name == name)).first()
    if stored is not None:
        data, where = bytes(stored.content), f"{name} of version {row.version} of {row.subject}"
    else:
        path = archive_root() / row.folder / name
        try:
            data, where = path.read_bytes(), f"the archived file {path}"
        except OSError as exc:
            raise ArchiveError(f"{name} of version {row.version} of {row.subject} is not in "
                               f"the database, and the archived file {path} cannot be read: "
                               f"{exc.strerror or exc}") from None
    if sha256(data) != entry["sha256"]:
        raise ArchiveError(f"{where} was altered: its SHA-256 is not the one stored when it "
                           "was produced")
    return data


def export_versions(session: Session, programme_id: str, root: Path) -> list[Path]:
    """Every version of a programme written under ``root`` (``<folder>/<files>``), each
    file checked against its hash; the folders written, oldest first.

    A version already exported whole is left as it is; none is ever half written.
    """
    written = []
    for row in session.exec(select(ArchivedReportRow).where(
            ArchivedReportRow.programme_id == programme_id)
            .order_by(col(ArchivedReportRow.id))).all():
        files = {str(f["name"]): read_file(session, row, str(f["name"])) for f in row.files}
        target = root / row.folder
        if target.is_dir() and all((target / name).is_file() and
                                   sha256((target / name).read_bytes()) == sha256(data)
                                   for name, data in files.items()):
            continue
        write_files(row.folder, files, root)
        written.append(target)
    return written


def file_url(row: ArchivedReportRow, name: str) -> str | None:
    """The address of an archived file when ``STEGVIS_ARCHIVE_URL`` is set."""
    base = archive_base_url()
    return f"{base}/{row.folder}/{name}" if base else None


@dataclass(frozen=True, slots=True)
class ArchivedVersion:
    """One archived version as people see it in ``stegvis archive list``."""

    id: int
    subject: str
    kind: str
    version: int
    name: str
    period_from: date
    period_to: date
    as_of: date
    content_hash: str
    #: Where the version goes in an export (relative to the export folder).
    folder: str
    files: tuple[str, ...]
    produced_at: str


def list_versions(session: Session, programme_id: str) -> list[ArchivedVersion]:
    """Every archived version of a programme, oldest first."""
    rows = session.exec(select(ArchivedReportRow).where(
        ArchivedReportRow.programme_id == programme_id)
        .order_by(col(ArchivedReportRow.produced_at), col(ArchivedReportRow.id))).all()
    return [ArchivedVersion(row.id or 0, row.subject, row.kind, row.version, row.name,
                            row.period_from, row.period_to, row.as_of, row.content_hash,
                            row.folder, tuple(f["name"] for f in row.files),
                            row.produced_at.isoformat()) for row in rows]
