"""Moving cases to a new version of their programme's definition.

Cases stay pinned to the version they were enrolled under until an administrator
migrates them.  :func:`plan_migration` is the dry run: per open case, which open
obligations would move, appear or disappear, and which cases cannot move (their phase
or outcome no longer exists).  Exited cases stay on the version they ended under: what
is left of them (post-exit follow-ups) was promised under it.
:func:`apply_migration` changes nothing unless it is given the content hash the dry run
showed, so the definition cannot change between looking and doing; given the plan's
digest too (the web's button), it moves nothing unless every case would change exactly
as the preview showed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError, RefusedError
from engine.service.cases.materialize import (
    case_facts,
    desired_obligations,
    horizon,
    save_case_change,
)
from engine.service.shared.context import Context, snapshot, spec_of_case
from engine.service.shared.published import pin_definition, running_spec
from engine.store.tables import CaseRow, ObligationRow, ParticipantRow


@dataclass(frozen=True, slots=True)
class CaseChange:
    """What migrating one case would do to its open obligations."""

    case_id: int
    from_version: int
    appear: tuple[tuple[str, date], ...] = ()
    disappear: tuple[tuple[str, date], ...] = ()
    move: tuple[tuple[str, date, date], ...] = ()
    blocked: str = ""
    #: The participant's key (pseudonym), as coordinators know the case.
    participant: str = ""
    #: The name of each obligation key above, as the definitions call it.
    names: tuple[tuple[str, str], ...] = ()

    def name(self, key: str) -> str:
        """What the obligation ``key`` is called (the key itself if unknown)."""
        return dict(self.names).get(key, key)


@dataclass(frozen=True, slots=True)
class MigrationPlan:
    """The dry run: the target version and every case's change."""

    programme: str
    to_version: int
    content_hash: str
    cases: tuple[CaseChange, ...] = field(default_factory=tuple)

    @property
    def digest(self) -> str:
        """A hash of every change in the plan: applying with it moves the cases only
        when each would change exactly as this plan says."""
        return plan_digest(self.content_hash, self.cases)


def plan_digest(content_hash: str, cases: tuple[CaseChange, ...]) -> str:
    """SHA-256 of the target content and every case's change (see MigrationPlan.digest)."""
    text = json.dumps([content_hash, [[c.case_id, c.from_version, c.blocked,
                                       [[k, str(d)] for k, d in c.appear],
                                       [[k, str(d)] for k, d in c.disappear],
                                       [[k, str(a), str(b)] for k, a, b in c.move]]
                                      for c in cases]])
    return hashlib.sha256(text.encode()).hexdigest()


def _target(ctx: Context, programme: str) -> ProgrammeSpec:
    return running_spec(ctx, programme)


def _change(session: Session, ctx: Context, case: CaseRow, old: ProgrammeSpec,
            new: ProgrammeSpec) -> CaseChange:
    assert case.id is not None
    key = session.exec(select(ParticipantRow.key).where(
        ParticipantRow.id == case.participant_id)).one()
    phases = {p.id: p.name for p in new.phases}
    if case.phase not in phases:
        return CaseChange(case.id, old.version, participant=key,
                          blocked=f"phase {case.phase!r} does not exist in version "
                                  f"{new.version}")
    if case.outcome is not None and case.outcome not in {o.id for o in new.outcomes}:
        return CaseChange(case.id, old.version, participant=key,
                          blocked=f"exit outcome {case.outcome!r} does not exist in version "
                                  f"{new.version}")
    until = horizon(new, case, ctx.today())
    desired = [o for o in desired_obligations(new, case_facts(session, case, new), until,
                                              case.status) if o.note != "held"]
    wanted = {o.key: o.due_on for o in desired}
    rows = session.exec(select(ObligationRow).where(
        ObligationRow.case_id == case.id, ObligationRow.status == "open")).all()
    stored = {r.key: r.due_on for r in rows}
    done = set(session.exec(select(ObligationRow.key).where(
        ObligationRow.case_id == case.id, ObligationRow.status != "open")).all())
    names = {r.key: r.name for r in rows} | {o.key: o.name for o in desired}
    return CaseChange(
        case.id, old.version,
        appear=tuple(sorted((k, d) for k, d in wanted.items()
                            if k not in stored and k not in done)),
        disappear=tuple(sorted((k, d) for k, d in stored.items() if k not in wanted)),
        move=tuple(sorted((k, stored[k], d) for k, d in wanted.items()
                          if k in stored and stored[k] != d)),
        participant=key, names=tuple(sorted(names.items())))


def _cases_to_move(session: Session, programme_id: str, version_id: int) -> list[CaseRow]:
    """The programme's cases on another version, exited ones left out (see docstring)."""
    return list(session.exec(select(CaseRow).where(
        CaseRow.programme_id == programme_id, CaseRow.definition_version_id != version_id,
        CaseRow.status != "exited").order_by(col(CaseRow.id))).all())


def plan_migration(ctx: Context, programme: str) -> MigrationPlan:
    """The dry run for every case not yet on the current definition (changes nothing)."""
    changes = []
    with ctx.transaction() as session:
        new, version = pin_definition(ctx, session, programme)
        assert version.id is not None
        for case in _cases_to_move(session, new.id, version.id):
            changes.append(_change(session, ctx, case, spec_of_case(session, case), new))
    return MigrationPlan(new.id, new.version, new.content_hash, tuple(changes))


def apply_migration(ctx: Context, programme: str, content_hash: str, actor: str, *,
                    digest: str | None = None) -> int:
    """Move every case that can move to the current definition; returns how many moved.

    ``content_hash`` must be the one the dry run showed; ``digest``, when given, the
    plan's (:attr:`MigrationPlan.digest`): RefusedError when any case would change
    otherwise than the preview showed, and nothing moves.
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
        assert version.id is not None
        rows = _cases_to_move(session, spec.id, version.id)
        changes = [_change(session, ctx, case, spec_of_case(session, case), spec)
                   for case in rows]
        if digest is not None and plan_digest(spec.content_hash, tuple(changes)) != digest:
            raise RefusedError(f"the cases of {spec.name} changed since the preview (a case "
                               "was enrolled, moved or recorded meanwhile); nothing was "
                               "moved: look at the preview again", kind="migration_stale")
        for case, change in zip(rows, changes, strict=True):
            if change.blocked:
                continue
            before = snapshot(case)
            assert version.id is not None
            case.definition_version_id = version.id
            save_case_change(ctx, session, case, spec, actor, "migrate_definition", before,
                             to_version=spec.version, content_hash=spec.content_hash)
            moved += 1
    return moved
