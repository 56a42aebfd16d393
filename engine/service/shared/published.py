"""The definition a programme runs: its newest publication in the database.

Every worker, the web and every command read a programme's definition here, so that
all of them run the same version, and a version published by one process is the one
the next operation of every other process uses, without a restart or a message.  The
text is parsed once per process (:func:`~engine.service.shared.context.spec_from_text`
caches by text); each operation costs one indexed read of the newest publication.

The installation's definitions folder is where a programme comes from the first time:
a programme with no publication yet is imported from its file on first use (a new
installation after ``stegvis init``, or one upgraded from before publications), as
publication 1 by ``stegvis``.  After that, changing the file changes nothing until it
is published, by ``stegvis definitions import`` or in the browser
(:mod:`engine.service.programme.publishing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, func, select

from engine.definitions.loading import definition_files, resolve_programme
from engine.definitions.spec import ProgrammeSpec
from engine.errors import (
    DefinitionError,
    NotFoundError,
    RefusedError,
    did_you_mean,
)
from engine.service.shared.context import Context, definition_text, spec_from_text
from engine.service.shared.text_checks import check_values
from engine.store.definition_tables import DefinitionPublicationRow
from engine.store.tables import DefinitionVersionRow

_VERSIONS = DefinitionVersionRow.__table__  # type: ignore[attr-defined]
_PUBLICATIONS = DefinitionPublicationRow.__table__  # type: ignore[attr-defined]
#: Who publishes a programme imported from the folder on its first use.
FIRST_USE_ACTOR = "stegvis"


@dataclass(frozen=True, slots=True)
class Published:
    """A programme's running definition: the spec, its stored version, its publication."""

    spec: ProgrammeSpec
    version: DefinitionVersionRow
    publication: DefinitionPublicationRow


def published_name(programme_id: str) -> str:
    """The name a published definition's messages give as its file."""
    return f"{programme_id}.yaml"


def _newest(session: Session, programme_id: str) -> DefinitionPublicationRow | None:
    return session.exec(select(DefinitionPublicationRow).where(
        DefinitionPublicationRow.programme_id == programme_id).order_by(
            col(DefinitionPublicationRow.number).desc()).limit(1)).first()


def _published(session: Session, row: DefinitionPublicationRow) -> Published:
    version = session.get(DefinitionVersionRow, row.definition_version_id)
    if version is None:
        raise NotFoundError(f"{row.programme_id}: publication {row.number} names a "
                            "definition version that is missing")
    spec = spec_from_text(row.source_text, published_name(row.programme_id))
    return Published(spec, version, row)


def store_version(ctx: Context, session: Session, spec: ProgrammeSpec,
                  text: str) -> DefinitionVersionRow:
    """The version row of ``spec``'s content, stored now if it is new."""
    stored = select(DefinitionVersionRow).where(
        DefinitionVersionRow.programme_id == spec.id,
        DefinitionVersionRow.content_hash == spec.content_hash)
    row = session.exec(stored).first()
    if row is None:
        # Two first uses at once both find none: the second one's insert gives way.
        session.execute(_dialect(session).insert(_VERSIONS).values(
            programme_id=spec.id, version=spec.version, content_hash=spec.content_hash,
            source_text=text, stored_at=ctx.now()).on_conflict_do_nothing(
            index_elements=["programme_id", "content_hash"]))
        row = session.exec(stored).one()
    return row


def add_publication(ctx: Context, session: Session, spec: ProgrammeSpec, text: str,
                    actor: str, reason: str, *, number: int | None = None,
                    republished_from: int | None = None) -> Published:
    """Publish ``spec`` (whose source is ``text``) as the programme's next version.

    ``number``: the publication number to take (default: the next); when another
    process took it first, RefusedError, so that nobody publishes over a version they
    have not seen.
    """
    version = store_version(ctx, session, spec, text)
    if number is None:
        number = (session.exec(select(func.max(DefinitionPublicationRow.number)).where(
            DefinitionPublicationRow.programme_id == spec.id)).one() or 0) + 1
    values = {"programme_id": spec.id, "number": number,
              "definition_version_id": version.id, "source_text": text,
              "published_at": ctx.now(), "published_by": actor, "reason": reason,
              "republished_from": republished_from}
    check_values(_PUBLICATIONS, values)  # who and why: typed text, checked as all is
    taken = session.execute(_dialect(session).insert(_PUBLICATIONS).values(
        **values).on_conflict_do_nothing(index_elements=["programme_id", "number"])
        .returning(_PUBLICATIONS.c.id)).first()
    if taken is None:
        raise RefusedError(f"{spec.name}: someone else published version {number} "
                           "meanwhile; look at it first, then publish again")
    row = session.exec(select(DefinitionPublicationRow).where(
        DefinitionPublicationRow.programme_id == spec.id,
        DefinitionPublicationRow.number == number)).one()
    return Published(spec, version, row)


def _dialect(session: Session) -> Any:
    """The dialect module whose ``insert`` has ON CONFLICT (both have one)."""
    return postgresql if session.get_bind().dialect.name == "postgresql" else sqlite


def _first_use(ctx: Context, session: Session, path: Path) -> Published:
    """Publish the folder's file of a programme that has no publication yet."""
    text = definition_text(path)
    spec = spec_from_text(text, str(path))
    newest = _newest(session, spec.id)
    if newest is not None:
        return _published(session, newest)
    try:
        return add_publication(ctx, session, spec, text, FIRST_USE_ACTOR,
                               "första användningen: inläst från definitionsmappen "
                               f"({path.name})", number=1)
    except RefusedError:  # another process imported it at the same moment
        newest = _newest(session, spec.id)
        assert newest is not None
        return _published(session, newest)


def current_definition(ctx: Context, session: Session, programme: str) -> Published:
    """The definition ``programme`` runs now, inside the caller's transaction.

    ``programme`` is a programme id (or the stem of its file); a path to a definition
    file is accepted when it holds the published content (RefusedError otherwise: it
    has to be published first).  A programme never published is imported from the
    definitions folder (see the module docstring).
    """
    candidate = Path(programme)
    if candidate.suffix not in (".yaml", ".yml") and not candidate.exists():
        newest = _newest(session, programme)
        if newest is not None:
            return _published(session, newest)
    path = resolve_programme(programme, ctx.definitions)
    text = definition_text(path)
    spec = spec_from_text(text, str(path))
    newest = _newest(session, spec.id)
    if newest is None:
        return _first_use(ctx, session, path)
    found = _published(session, newest)
    if path.stem != programme and found.spec.content_hash != spec.content_hash:
        raise RefusedError(
            f"{path} is not the definition {spec.name} runs (that is version "
            f"{newest.number}, published {newest.published_at:%Y-%m-%d} by "
            f"{newest.published_by}); publish the file first: stegvis definitions import "
            f"{path} --reason \"…\"")
    return found


def pin_definition(ctx: Context, session: Session, programme: str) -> tuple[ProgrammeSpec,
                                                                             DefinitionVersionRow]:
    """The definition ``programme`` runs now and its stored version, to pin a case or a
    programme's own record to (see :func:`current_definition`)."""
    found = current_definition(ctx, session, programme)
    return found.spec, found.version


def running_spec(ctx: Context, programme: str) -> ProgrammeSpec:
    """The spec ``programme`` runs now (its own transaction; see
    :func:`current_definition`)."""
    return running(ctx, programme).spec


def running(ctx: Context, programme: str) -> Published:
    """The running definition of ``programme`` in a transaction of its own: a read when
    it is published, a write only for its first use."""
    with ctx.transaction(read_only=True) as session:
        newest = _newest(session, programme)
        if newest is not None:
            return _published(session, newest)
    with ctx.transaction() as session:
        return current_definition(ctx, session, programme)


def published_programmes(ctx: Context) -> list[Published]:
    """Every programme's running definition, by name: the published ones, and those of
    the definitions folder on their first use (a file that is not a valid definition is
    left out; ``stegvis validate`` names its problems)."""
    with ctx.transaction(read_only=True) as session:
        numbers = session.exec(select(DefinitionPublicationRow.programme_id,
                                      func.max(DefinitionPublicationRow.number))
                               .group_by(col(DefinitionPublicationRow.programme_id))).all()
        found = {programme: _published(session, session.exec(
            select(DefinitionPublicationRow).where(
                DefinitionPublicationRow.programme_id == programme,
                DefinitionPublicationRow.number == number)).one())
            for programme, number in numbers}
    for path in definition_files(ctx.definitions):
        if path.stem in found:
            continue
        try:
            text = definition_text(path)
            spec = spec_from_text(text, str(path))
        except DefinitionError:
            continue
        if spec.id not in found:
            with ctx.transaction() as session:
                found[spec.id] = _first_use(ctx, session, path)
    return sorted(found.values(), key=lambda p: p.spec.name)


def publication(ctx: Context, programme: str, number: int) -> Published:
    """Publication ``number`` of ``programme``; NotFoundError when there is none."""
    with ctx.transaction(read_only=True) as session:
        row = session.exec(select(DefinitionPublicationRow).where(
            DefinitionPublicationRow.programme_id == programme,
            DefinitionPublicationRow.number == number)).first()
        if row is None:
            known = [str(n) for n in session.exec(select(DefinitionPublicationRow.number)
                     .where(DefinitionPublicationRow.programme_id == programme)).all()]
            raise NotFoundError(f"{programme} has no version {number}"
                                f"{did_you_mean(str(number), known)}")
        return _published(session, row)


def publications(ctx: Context, programme: str) -> list[DefinitionPublicationRow]:
    """Every publication of ``programme``, the newest first."""
    with ctx.transaction(read_only=True) as session:
        return list(session.exec(select(DefinitionPublicationRow).where(
            DefinitionPublicationRow.programme_id == programme).order_by(
                col(DefinitionPublicationRow.number).desc())).all())
