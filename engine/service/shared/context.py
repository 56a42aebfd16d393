"""What every operation shares: a transaction, the clock, pinned definitions, the audit log.

Each operation is one transaction.  Two changes of one case at once queue: the case is
read under a lock (its row on PostgreSQL, the write lock taken at BEGIN on SQLite), so
the second sees what the first wrote.  On top of that every change bumps
``cases.row_version`` with ``UPDATE … WHERE row_version = <read value>``, and a caller
who names the version it last saw (``--expect-version``) gets a ConflictError when
someone else changed the case since, instead of silently overwriting their work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, update
from sqlmodel import Session, col, select

from engine.clock import Clock, system_clock, today_in_stockholm
from engine.definitions.loading import check_source, read_definition
from engine.definitions.spec import ProgrammeSpec
from engine.errors import ConflictError, DefinitionError, InputError, NotFoundError
from engine.service.shared.audit_texts import add_audit_entry
from engine.service.shared.text_checks import check_session
from engine.store.database import for_writing
from engine.store.tables import AuditRow, CaseRow, DefinitionVersionRow


@dataclass(frozen=True, slots=True)
class Context:
    """The database, the clock and where definitions are read from."""

    engine: Engine
    clock: Clock = system_clock
    definitions: Path | None = None

    def today(self) -> date:
        """Today in Sweden, by the injected clock."""
        return today_in_stockholm(self.clock)

    def now(self) -> datetime:
        """The current instant (UTC), by the injected clock."""
        return self.clock()

    @contextmanager
    def transaction(self, *, read_only: bool = False) -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all.

        ``read_only`` for one that only reads: on SQLite it then never waits for a
        writer (nor makes one wait).
        """
        bind = self.engine if read_only else for_writing(self.engine)
        with Session(bind, expire_on_commit=False) as session, session.begin():
            event.listen(session, "before_flush", check_session)
            yield session


@lru_cache(maxsize=64)
def spec_from_text(text: str, name: str) -> ProgrammeSpec:
    """Parse a stored definition (cached: the same text is the same spec)."""
    spec, problems = check_source(text, name)
    if spec is None:
        raise DefinitionError(problems)
    return spec


def definition_text(path: Path) -> str:
    """A definition file's text (its kind and size checked first); DefinitionError if it
    is no readable definition."""
    raw = read_definition(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DefinitionError(check_source(raw, str(path))[1]) from None


def spec_of_case(session: Session, case: CaseRow) -> ProgrammeSpec:
    """The definition version the case was enrolled under (or migrated to)."""
    row = session.get(DefinitionVersionRow, case.definition_version_id)
    if row is None:
        raise NotFoundError(f"case {case.id}: its definition version is missing",
                            kind="definition_missing")
    return spec_from_text(row.source_text, f"{row.programme_id} v{row.version}")


def load_case(session: Session, case_id: int, expected_version: int | None = None,
              *, for_update: bool = True) -> CaseRow:
    """The case, checked against the version the caller last saw."""
    statement = select(CaseRow).where(CaseRow.id == case_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update()
    case = session.exec(statement).first()
    if case is None:
        raise NotFoundError(f"no case with id {case_id}", kind="no_case")
    if expected_version is not None and case.row_version != expected_version:
        raise ConflictError(f"case {case_id} was changed by someone else (it is at version "
                            f"{case.row_version}, you had {expected_version}); reload it and "
                            "try again", kind="changed_meanwhile")
    return case


def bump_version(ctx: Context, session: Session, case: CaseRow) -> None:
    """Mark the case changed; ConflictError if another transaction changed it first."""
    old = case.row_version
    session.flush()
    result = session.execute(update(CaseRow).where(col(CaseRow.id) == case.id,
                                                   col(CaseRow.row_version) == old)
                             .values(row_version=old + 1, updated_at=ctx.now()))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(f"case {case.id} was changed by someone else meanwhile; reload "
                            "it and try again", kind="changed_meanwhile")
    case.row_version = old + 1


def snapshot(row: Any) -> dict[str, Any]:
    """A JSON-safe copy of a row's fields, for the audit log."""
    data = row.model_dump() if hasattr(row, "model_dump") else asdict(row)
    return {k: (v.isoformat() if isinstance(v, date | datetime) else v)
            for k, v in data.items()}


def audit(ctx: Context, session: Session, actor: str, action: str, case_id: int | None,
          before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    """Append one entry to the audit log (never updated, never deleted); its free text is
    kept apart, where erasure can reach it (``engine.service.shared.audit_texts``)."""
    if not actor or not actor.strip():
        raise InputError("say who does this (actor): every change is logged with its author",
                         kind="actor_missing")
    add_audit_entry(session, AuditRow(at=ctx.now(), actor=actor, action=action,
                                      case_id=case_id, before=before, after=after))


def require_date(day: date, ctx: Context, what: str, *, not_before: date | None = None,
                 not_before_what: str = "") -> date:
    """A date that is not in the future nor before ``not_before``; InputError otherwise."""
    if day > ctx.today():
        raise InputError(f"{what} {day} is in the future (today is {ctx.today()})",
                         kind="date_in_future", what=what, day=day, today=ctx.today())
    if not_before is not None and day < not_before:
        raise InputError(f"{what} {day} is before {not_before_what} {not_before}",
                         kind="date_before", what=what, day=day, before_what=not_before_what,
                         before=not_before)
    return day
