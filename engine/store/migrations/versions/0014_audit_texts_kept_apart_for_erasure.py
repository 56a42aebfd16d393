"""free text of audit entries kept apart, so that erasing a participant can reach it;
the erasures made by ``stegvis purge``

The audit log and the access log are append-only (triggers of 0002 and 0009), so they
may hold nothing that ``stegvis purge`` has to erase.  From now on what an audit
entry's before and after say in free text (goals, notes, reasons) and a participant's
key live in ``audit_texts``, one row per field, and the entry holds a marker in their
place.  This migration moves the texts of the entries written before it there, and
takes the participant's key out of the access log's page detail (the case id is on
the row already).  To do so it lifts the append-only triggers for the length of this
one transaction and puts them back before it commits.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 21:45:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

#: Frozen copy of engine.service.shared.audit_texts.PERSONAL_FIELDS, NAMING_FIELDS and
#: KEPT_APART at 0014.
_PERSONAL = frozenset({"text", "notes", "note", "reason", "decision_note", "answers",
                       "participant_key", "personnummer"})
_NAMING = frozenset({"participant_key", "personnummer"})
_KEPT_APART = "[audit_texts]"
_TRIGGERS = {"audit_log": "the audit log is append-only",
             "access_log": "the access log is append-only"}


def _split(value: Any, fields: frozenset[str],
           prefix: str = "") -> tuple[Any, list[tuple[str, Any]]]:
    if not isinstance(value, dict):
        return value, []
    clean: dict[str, Any] = {}
    texts: list[tuple[str, Any]] = []
    for key, item in value.items():
        path = f"{prefix}{key}"
        if key in fields and item not in (None, "", [], {}):
            clean[key], texts = _KEPT_APART, [*texts, (path, item)]
        elif isinstance(item, dict):
            clean[key], inner = _split(item, fields, f"{path}.")
            texts.extend(inner)
        else:
            clean[key] = item
    return clean, texts


def _lift_triggers(postgresql: bool) -> None:
    for table in _TRIGGERS:
        if postgresql:
            op.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        else:
            op.execute(f"DROP TRIGGER {table}_no_update")
            op.execute(f"DROP TRIGGER {table}_no_delete")


def _restore_triggers(postgresql: bool) -> None:
    for table, refusal in _TRIGGERS.items():
        if postgresql:
            op.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
        else:
            for event in ("UPDATE", "DELETE"):
                op.execute(f"""
                    CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table}
                    BEGIN SELECT RAISE(ABORT, '{refusal}'); END""")


def upgrade() -> None:
    op.create_table('audit_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('audit_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('side', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['audit_id'], ['audit_log.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_audit_texts_audit_id', 'audit_texts', ['audit_id'], unique=False)
    op.create_index('ix_audit_texts_case_id', 'audit_texts', ['case_id'], unique=False)
    op.create_table('erasures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('retention', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('erased_on', sa.Date(), nullable=False),
    sa.Column('erased_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id')
    )

    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    audit = sa.table("audit_log", sa.column("id"), sa.column("case_id"),
                     sa.column("before", sa.JSON()), sa.column("after", sa.JSON()))
    texts = sa.table("audit_texts", sa.column("audit_id"), sa.column("case_id"),
                     sa.column("side"), sa.column("field"), sa.column("value", sa.JSON()))
    access = sa.table("access_log", sa.column("id"), sa.column("what"), sa.column("detail"))
    _lift_triggers(postgresql)
    moved: list[dict[str, Any]] = []
    for row in bind.execute(sa.select(audit)).all():
        fields = _PERSONAL if row.case_id is not None else _NAMING
        before, before_texts = _split(row.before, fields)
        after, after_texts = _split(row.after, fields)
        if not before_texts and not after_texts:
            continue
        bind.execute(audit.update().where(audit.c.id == row.id)
                     .values(before=before, after=after))
        moved.extend({"audit_id": row.id, "case_id": row.case_id, "side": side,
                      "field": field, "value": value}
                     for side, found in (("before", before_texts), ("after", after_texts))
                     for field, value in found)
    if moved:
        bind.execute(texts.insert(), moved)
    # The case page logged "<participant key>, <programme>"; keep the programme.
    for row in bind.execute(sa.select(access).where(access.c.what == "ärendesida")).all():
        if ", " in (row.detail or ""):
            bind.execute(access.update().where(access.c.id == row.id)
                         .values(detail=row.detail.rsplit(", ", 1)[1]))
    _restore_triggers(postgresql)


def downgrade() -> None:
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    audit = sa.table("audit_log", sa.column("id"), sa.column("before", sa.JSON()),
                     sa.column("after", sa.JSON()))
    texts = sa.table("audit_texts", sa.column("audit_id"), sa.column("side"),
                     sa.column("field"), sa.column("value", sa.JSON()))
    entries: dict[int, dict[str, Any]] = {}
    for text in bind.execute(sa.select(texts)).all():
        if text.audit_id not in entries:
            row = bind.execute(sa.select(audit).where(audit.c.id == text.audit_id)).one()
            entries[text.audit_id] = {"before": row.before,
                                      "after": row.after}
        node = entries[text.audit_id][text.side]
        *parents, last = text.field.split(".")
        for key in parents:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node[last] = text.value
    _lift_triggers(postgresql)
    for audit_id, values in entries.items():
        bind.execute(audit.update().where(audit.c.id == audit_id).values(**values))
    _restore_triggers(postgresql)
    op.drop_table('erasures')
    op.drop_index('ix_audit_texts_case_id', table_name='audit_texts')
    op.drop_index('ix_audit_texts_audit_id', table_name='audit_texts')
    op.drop_table('audit_texts')
