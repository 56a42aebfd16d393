"""Revisions a database's stamp stands for but its schema lacks: applied before upgrading.

Before the chain was held (tests/test_upgrade_lived.py), revisions were re-parented
when branches were merged (``git log -p -- engine/store/migrations/versions``):

====================  =========================  ====================================
built from            its chain                  at head's parents, it lacks
====================  =========================  ====================================
38c5807 (web)         0007 → 0009                0008
8692bd5 (deflang)     0007 → 0011                0008, 0009
baffd39               0007 → 0012                0008, 0009, 0011
978b7ee, 00e4f3f      0008 → 0012 → 0013         0009, 0011
b821b02               0008 → 0011 → 0012         0009
d508995, 1611cf7      … 0013 → 0015              0014 (and 0015's first index order)
====================  =========================  ====================================

A database made by such a build is stamped with a revision whose ancestors on main
include revisions that build never ran.  Alembic reads only the stamp, so it would
skip them for ever and head would miss their tables (``users``, ``audit_texts``…).
So before upgrading, each revision that some build skipped is looked for by what it
made (a table or a column); one that is missing is applied now, oldest first, in the
upgrade's own transaction.  They only create tables, add columns and move audit texts,
so running one after its successors gives the same schema as running it in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect


@dataclass(frozen=True, slots=True)
class _Made:
    """What a revision made, to tell whether a database ever ran it."""

    table: str
    column: str | None = None

    def present(self, connection: Connection) -> bool:
        inspector = inspect(connection)
        if not inspector.has_table(self.table):
            return False
        return self.column is None or any(
            c["name"] == self.column for c in inspector.get_columns(self.table))


#: The revisions some re-parented build never ran (module docstring), by what they made.
SKIPPABLE: dict[str, _Made] = {
    "0008": _Made("enrolment_refusals"),
    "0009": _Made("users"),
    "0011": _Made("cases", "referred_on"),
    "0014": _Made("audit_texts"),
}

#: 0015 as first written (d508995) ordered its enrolment index differently.
_REORDERED_INDEX = ("0015", "cases", "ix_cases_programme_enrolled", "_CASES_ENROLLED")


def apply_skipped(connection: Connection, script: ScriptDirectory) -> list[str]:
    """Apply the revisions the database's stamp includes but it never ran; one line each.

    Runs inside the caller's transaction (the upgrade's), before Alembic's upgrade.
    A new database (no stamp) and one built on main's chain get nothing.
    """
    context = MigrationContext.configure(connection)
    stamp = context.get_current_revision()
    if stamp is None:
        return []
    try:
        ancestry = [s.revision for s in script.iterate_revisions(stamp, "base")]
    except Exception:  # a stamp this code does not know: Alembic's upgrade says so
        return []
    lines: list[str] = []
    with Operations.context(context):
        for revision in reversed(ancestry):
            made = SKIPPABLE.get(revision)
            if made is None or made.present(connection):
                continue
            module = script.get_revision(revision).module
            module.upgrade()
            lines.append(f"the database is stamped {stamp} but never ran revision "
                         f"{revision} (it was made by a build whose chain skipped it); "
                         f"{revision} applied now")
        lines += _reorder_index(connection, script, ancestry)
    return lines


def _reorder_index(connection: Connection, script: ScriptDirectory,
                   ancestry: list[str]) -> list[str]:
    """0015's enrolment index in the column order of 0015 on main."""
    revision, table, name, attribute = _REORDERED_INDEX
    if revision not in ancestry:
        return []
    wanted = list(getattr(script.get_revision(revision).module, attribute))
    found = next((ix for ix in inspect(connection).get_indexes(table) if ix["name"] == name),
                 None)
    if found is None or list(found["column_names"]) == wanted:
        return []
    from alembic import op

    op.drop_index(name, table_name=table)
    op.create_index(name, table, wanted, unique=False)
    return [f"index {name} rebuilt in the column order of revision {revision}"]
