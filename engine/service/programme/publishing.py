"""Publishing a programme's definition: drafts, checks, publication, history, import.

A programme runs its newest publication (:mod:`engine.service.shared.published`).  An
administrator writes the next version as a draft (saved as they type, in the
database, so any worker's web page shows it), publishes it with a reason once it has
no error, and may publish an earlier version again; ``stegvis definitions import``
publishes files from a folder, ``export`` writes the running versions back to one.

Publishing refuses, with one line that says why:

- a draft with errors (every error is shown where it was typed, before that);
- a draft of another programme (its ``id:`` differs);
- a draft that changes nothing;
- a version number that is not higher than every one published before (cases,
  reports and the migration name versions by it; only publishing an earlier
  publication again may go back);
- a draft written on top of a version that is no longer the running one (someone
  published meanwhile: the diff the administrator approved is not the real one);
- an empty reason.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, func, select

from engine.definitions.loading import check_source, definition_files
from engine.definitions.spec import ProgrammeSpec
from engine.errors import DefinitionError, InputError, Problem, RefusedError
from engine.service.shared.context import Context, audit, definition_text
from engine.service.shared.published import (
    Published,
    add_publication,
    current_definition,
    published_name,
    published_programmes,
)
from engine.service.shared.text_checks import text_problem
from engine.store.definition_tables import DefinitionDraftRow, DefinitionPublicationRow
from engine.store.tables import DefinitionVersionRow

#: The longest definition text accepted (the shipped ones are 10–30 kB).
MAX_SOURCE = 1_000_000
MAX_REASON = 2000


@dataclass(frozen=True, slots=True)
class DraftCheck:
    """What checking a draft found: the spec when it has no error, and every problem."""

    spec: ProgrammeSpec | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that are errors (warnings do not stop a publication)."""
        return tuple(p for p in self.problems if p.severity == "error")


def _line_of(text: str, pattern: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), start=1):
        found = re.match(pattern, line)
        if found:
            return number, found.start(1) + 1
    return 1, 1


def check_draft(text: str, programme_id: str) -> DraftCheck:
    """Check ``text`` as the next version of ``programme_id``: the validator's problems
    (as ``stegvis validate`` gives them), and an error when it is another programme."""
    name = published_name(programme_id)
    if len(text) > MAX_SOURCE:
        return DraftCheck(None, (Problem(name, 1, 1, f"the draft is {len(text):,} characters; "
                                 f"a definition may be at most {MAX_SOURCE:,}",
                                         kind="draft_too_long",
                                         params=(("count", len(text)), ("most", MAX_SOURCE))),))
    spec, problems = check_source(text, name)
    if spec is not None and spec.id != programme_id:
        line, column = _line_of(text, r"^id:\s*(\S)")
        problems = [*problems, Problem(name, line, column,
                                       f"this draft is of {programme_id!r}; its id is "
                                       f"{spec.id!r} (a new programme comes in by "
                                       "stegvis definitions import)",
                                       kind="draft_other_programme",
                                       params=(("programme", programme_id), ("id", spec.id)))]
        spec = None
    return DraftCheck(spec, tuple(problems))


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InputError("say why this version is published (the reason is kept with it)",
                         kind="publish_no_reason")
    if len(reason) > MAX_REASON:
        raise InputError(f"the reason is {len(reason)} characters; at most {MAX_REASON}",
                         kind="text_too_long", what="the reason", n=len(reason),
                         length=MAX_REASON)
    problem = text_problem(reason, multiline=True)
    if problem is not None:
        raise InputError(f"the reason {problem}", kind="text_control_character",
                         what="the reason")
    return reason


def _highest_version(session: Session, programme_id: str) -> int:
    highest = session.exec(select(func.max(DefinitionVersionRow.version)).join(
        DefinitionPublicationRow, col(DefinitionPublicationRow.definition_version_id)
        == DefinitionVersionRow.id).where(
        DefinitionPublicationRow.programme_id == programme_id)).one()
    return int(highest or 0)


def _earlier(session: Session, programme_id: str,
             content_hash: str) -> DefinitionPublicationRow | None:
    return session.exec(select(DefinitionPublicationRow).join(
        DefinitionVersionRow, col(DefinitionVersionRow.id)
        == DefinitionPublicationRow.definition_version_id).where(
        DefinitionPublicationRow.programme_id == programme_id,
        DefinitionVersionRow.content_hash == content_hash).order_by(
        col(DefinitionPublicationRow.number).desc())).first()


def _refusal(session: Session, running: Published, spec: ProgrammeSpec,
             based_on: int | None) -> RefusedError | None:
    """Why ``spec`` may not be published over ``running`` (None: it may)."""
    number = running.publication.number
    if based_on is not None and based_on != number:
        return RefusedError(f"{spec.name}: version {running.spec.version} was published "
                            f"since this draft was started; look at the difference again "
                            "before publishing", kind="publish_stale",
                            version=running.spec.version)
    if spec.content_hash == running.spec.content_hash:
        return RefusedError(f"{spec.name}: the draft is the running version "
                            f"{running.spec.version} (only comments or layout differ); "
                            "nothing to publish", kind="publish_unchanged")
    highest = _highest_version(session, spec.id)
    if _earlier(session, spec.id, spec.content_hash) is None and spec.version <= highest:
        return RefusedError(f"{spec.name}: give the new version a higher number: it says "
                            f"version: {spec.version}, and version {highest} is published "
                            "already", kind="publish_version", version=spec.version,
                            highest=highest)
    return None


def publication_refusal(ctx: Context, programme_id: str, text: str,
                        based_on: int | None) -> RefusedError | None:
    """Why the draft ``text`` could not be published now (None when it could, or when it
    has errors: those are the draft check's); nothing is written."""
    checked = check_draft(text, programme_id)
    if checked.spec is None:
        return None
    with ctx.transaction(read_only=True) as session:
        running = current_definition(ctx, session, programme_id)
        return _refusal(session, running, checked.spec, based_on)


def publish(ctx: Context, programme_id: str, text: str, actor: str, reason: str, *,
            based_on: int | None = None) -> Published:
    """Publish ``text`` as the next version of ``programme_id`` (see module docstring).

    ``based_on``: the publication number the draft was written on; RefusedError when
    another one runs now.  DefinitionError with every error of a draft that has one.
    """
    why = _reason(reason)
    checked = check_draft(text, programme_id)
    if checked.spec is None:
        raise DefinitionError(checked.problems)
    spec = checked.spec
    with ctx.transaction() as session:
        running = current_definition(ctx, session, programme_id)
        number = running.publication.number
        refusal = _refusal(session, running, spec, based_on)
        if refusal is not None:
            raise refusal
        earlier = _earlier(session, spec.id, spec.content_hash)
        done = add_publication(ctx, session, spec, text, actor, why, number=number + 1,
                               republished_from=earlier.number if earlier else None)
        audit(ctx, session, actor, "publish_definition", None,
              {"programme": spec.id, "version": running.spec.version,
               "publication": number},
              {"programme": spec.id, "version": spec.version,
               "publication": done.publication.number, "reason": why})
        session.execute(DefinitionDraftRow.__table__.delete().where(  # type: ignore[attr-defined]
            col(DefinitionDraftRow.programme_id) == spec.id))
        return done


def republish(ctx: Context, programme_id: str, number: int, actor: str,
              reason: str) -> Published:
    """Publish an earlier publication's text again, as the newest version."""
    why = _reason(reason)
    with ctx.transaction() as session:
        running = current_definition(ctx, session, programme_id)
        row = session.exec(select(DefinitionPublicationRow).where(
            DefinitionPublicationRow.programme_id == running.spec.id,
            DefinitionPublicationRow.number == number)).first()
        if row is None:
            raise InputError(f"{running.spec.name} has no version published as number "
                             f"{number}", kind="publish_no_such", number=number)
        if row.number == running.publication.number:
            raise RefusedError(f"{running.spec.name}: publication {number} is the one "
                               "running", kind="publish_running", number=number)
    return publish(ctx, programme_id, row.source_text, actor, why,
                   based_on=running.publication.number)


# --- drafts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Draft:
    """The draft of a programme's next version (or, when none is saved, the running
    text to start from)."""

    programme_id: str
    text: str
    based_on: int
    saved: DefinitionDraftRow | None


def draft_of(ctx: Context, programme_id: str) -> Draft:
    """The saved draft of ``programme_id``, else the running version's text."""
    with ctx.transaction() as session:
        running = current_definition(ctx, session, programme_id)
        row = session.get(DefinitionDraftRow, running.spec.id)
        if row is not None:
            return Draft(running.spec.id, row.source_text, row.based_on, row)
        return Draft(running.spec.id, running.publication.source_text,
                     running.publication.number, None)


def save_draft(ctx: Context, programme_id: str, text: str, actor: str,
               based_on: int) -> DefinitionDraftRow:
    """Keep ``text`` as the draft of ``programme_id`` (replacing the one before)."""
    if len(text) > MAX_SOURCE:
        raise InputError(f"the draft is {len(text):,} characters; a definition may be at "
                         f"most {MAX_SOURCE:,}", kind="draft_too_long")
    with ctx.transaction() as session:
        running = current_definition(ctx, session, programme_id)
        row = session.get(DefinitionDraftRow, running.spec.id)
        if row is None:
            row = DefinitionDraftRow(programme_id=running.spec.id, source_text=text,
                                     based_on=based_on, saved_at=ctx.now(), saved_by=actor)
            session.add(row)
        else:
            row.source_text, row.based_on = text, based_on
            row.saved_at, row.saved_by = ctx.now(), actor
        return row


def discard_draft(ctx: Context, programme_id: str) -> None:
    """Throw the draft away (the running version stays as it is)."""
    with ctx.transaction() as session:
        row = session.get(DefinitionDraftRow, programme_id)
        if row is not None:
            session.delete(row)


# --- differences ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One line of a difference: ``kind`` is "same", "added", "removed" or "gap"."""

    kind: str
    old: int | None
    new: int | None
    text: str


def difference(old: str, new: str, context: int = 3) -> list[DiffLine]:
    """The lines that differ between two texts, with ``context`` lines around each."""
    a, b = old.splitlines(), new.splitlines()
    out: list[DiffLine] = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(
            context):
        if out:
            out.append(DiffLine("gap", None, None, "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(DiffLine("same", i + 1, j1 + i - i1 + 1, a[i]) for i in range(i1, i2))
                continue
            out.extend(DiffLine("removed", i + 1, None, a[i]) for i in range(i1, i2))
            out.extend(DiffLine("added", None, j + 1, b[j]) for j in range(j1, j2))
    return out


# --- the folder: import and export ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Imported:
    """What importing one file did: ``published`` (its new number) or why not."""

    file: Path
    programme_id: str
    published: int | None
    note: str


def import_files(ctx: Context, files: list[Path], actor: str, reason: str) -> list[Imported]:
    """Publish each file whose content differs from its programme's running version;
    DefinitionError for a file with errors (nothing of any file is published then)."""
    texts = []
    for path in files:
        text = definition_text(path)
        spec, problems = check_source(text, str(path))
        if spec is None:
            raise DefinitionError(problems)
        texts.append((path, text, spec))
    out = []
    for path, text, spec in texts:
        with ctx.transaction() as session:
            newest = session.exec(select(DefinitionPublicationRow).where(
                DefinitionPublicationRow.programme_id == spec.id).order_by(
                    col(DefinitionPublicationRow.number).desc())).first()
        if newest is None:
            with ctx.transaction() as session:
                done = add_publication(ctx, session, spec, text, actor, _reason(reason),
                                       number=1)
            out.append(Imported(path, spec.id, done.publication.number, "first publication"))
            continue
        try:
            done = publish(ctx, spec.id, text, actor, reason, based_on=newest.number)
        except RefusedError as exc:
            if exc.kind != "publish_unchanged":
                raise
            out.append(Imported(path, spec.id, None, f"unchanged (version {spec.version})"))
            continue
        out.append(Imported(path, spec.id, done.publication.number,
                            f"version {spec.version}"))
    return out


def import_folder(ctx: Context, folder: Path | None, actor: str,
                  reason: str) -> list[Imported]:
    """:func:`import_files` of every definition file of ``folder`` (the configured one)."""
    return import_files(ctx, definition_files(folder or ctx.definitions), actor, reason)


def export_texts(ctx: Context) -> dict[str, str]:
    """Programme id → the text of its running version, for writing to a folder."""
    return {p.spec.id: p.publication.source_text for p in published_programmes(ctx)}
