"""Moving cases to a new version of their programme's definition.

Cases stay pinned to the version they were enrolled under until an administrator
migrates them.  :func:`plan_migration` is the dry run: per case, which open obligations
would move, appear or disappear, and which cases cannot move (their phase or outcome no
longer exists).  :func:`apply_migration` changes nothing unless it is given the content
hash the dry run showed, so the definition cannot change between looking and doing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from engine.definitions.loading import resolve_programme
from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError, RefusedError
from engine.service.cases.materialize import (
    case_facts,
    desired_obligations,
    horizon,
    save_case_change,
)
from engine.service.shared.context import (
    Context,
    definition_text,
    pin_definition,
    snapshot,
    spec_from_text,
    spec_of_case,
)
from engine.store.tables import CaseRow, DefinitionVersionRow, ObligationRow


@dataclass(frozen=True, slots=True)
class CaseChange:
    """What migrating one case would do to its open obligations."""

    case_id: int
    from_version: int
    appear: tuple[tuple[str, date], ...] = ()
    disappear: tuple[tuple[str, date], ...] = ()
    move: tuple[tuple[str, date, date], ...] = ()
    blocked: str = ""


@dataclass(frozen=True, slots=True)
class MigrationPlan:
    """The dry run: the target version and every case's change."""

    programme: str
    to_version: int
    content_hash: str
    cases: tuple[CaseChange, ...] = field(default_factory=tuple)


def _target(ctx: Context, programme: str) -> ProgrammeSpec:
    path = resolve_programme(programme, ctx.definitions)
    return spec_from_text(definition_text(path), str(path))


def _change(session: Session, ctx: Context, case: CaseRow, old: ProgrammeSpec,
            new: ProgrammeSpec) -> CaseChange:
    assert case.id is not None
    phases = {p.id for p in new.phases}
    if case.phase not in phases:
        return CaseChange(case.id, old.version, blocked=f"phase {case.phase!r} does not exist "
                                                        f"in version {new.version}")
    if case.outcome is not None and case.outcome not in {o.id for o in new.outcomes}:
        return CaseChange(case.id, old.version, blocked=f"exit outcome {case.outcome!r} does "
                                                        f"not exist in version {new.version}")
    until = horizon(new, case, ctx.today())
    wanted = {o.key: o.due_on for o in desired_obligations(
        new, case_facts(session, case, new), until, case.status) if o.note != "held"}
    stored = {r.key: r.due_on for r in session.exec(select(ObligationRow).where(
        ObligationRow.case_id == case.id, ObligationRow.status == "open")).all()}
    done = set(session.exec(select(ObligationRow.key).where(
        ObligationRow.case_id == case.id, ObligationRow.status != "open")).all())
    return CaseChange(
        case.id, old.version,
        appear=tuple(sorted((k, d) for k, d in wanted.items()
                            if k not in stored and k not in done)),
        disappear=tuple(sorted((k, d) for k, d in stored.items() if k not in wanted)),
        move=tuple(sorted((k, stored[k], d) for k, d in wanted.items()
                          if k in stored and stored[k] != d)))


def plan_migration(ctx: Context, programme: str) -> MigrationPlan:
    """The dry run for every case not yet on the current definition (changes nothing)."""
    new = _target(ctx, programme)
    changes = []
    with ctx.transaction() as session:
        rows = session.exec(select(CaseRow).join(
            DefinitionVersionRow, col(DefinitionVersionRow.id) == CaseRow.definition_version_id)
            .where(CaseRow.programme_id == new.id,
                   DefinitionVersionRow.content_hash != new.content_hash)
            .order_by(col(CaseRow.id))).all()
        for case in rows:
            changes.append(_change(session, ctx, case, spec_of_case(session, case), new))
        session.rollback()
    return MigrationPlan(new.id, new.version, new.content_hash, tuple(changes))


def apply_migration(ctx: Context, programme: str, content_hash: str, actor: str) -> int:
    """Move every case that can move to the current definition; returns how many moved.

    ``content_hash`` must be the one the dry run showed.
    """
    new = _target(ctx, programme)
    if content_hash != new.content_hash:
        raise RefusedError(f"{new.name} has changed since the dry run (its content hash is "
                           f"now {new.content_hash[:12]}…, not {content_hash[:12]}…); run the "
                           "dry run again")
    if not actor.strip():
        raise InputError("say who does this (actor)")
    moved = 0
    with ctx.transaction() as session:
        spec, version = pin_definition(ctx, session, programme)
        rows = session.exec(select(CaseRow).where(
            CaseRow.programme_id == spec.id, CaseRow.definition_version_id != version.id)
            .order_by(col(CaseRow.id))).all()
        for case in rows:
            change = _change(session, ctx, case, spec_of_case(session, case), spec)
            if change.blocked:
                continue
            before = snapshot(case)
            assert version.id is not None
            case.definition_version_id = version.id
            save_case_change(ctx, session, case, spec, actor, "migrate_definition", before,
                             to_version=spec.version, content_hash=spec.content_hash)
            moved += 1
    return moved
