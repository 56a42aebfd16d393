"""programme obligations, budgets per period and their reviews

A budget deviation calls for an analysis of causes and, when needed, an action plan
(seed 003): obligations of a programme's role, not of a case.  They get their own
table, and a notice may now be of such an obligation (``programme_obligation_id``)
instead of a case's, so they reach the role's digest through the same outbox.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 18:12:40.948525
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

_PENDING = "status = 'pending'"


def upgrade() -> None:
    op.create_table('budget_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('budget_ore', sa.BigInteger(), nullable=True),
    sa.Column('outcome_ore', sa.BigInteger(), nullable=True),
    sa.Column('budget_set_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('outcome_set_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('programme_id', 'period')
    )
    op.create_table('budget_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('causes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('action_plan_needed', sa.Boolean(), nullable=False),
    sa.Column('analysed_on', sa.Date(), nullable=False),
    sa.Column('analysed_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('action_plan', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.Column('planned_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('programme_id', 'period')
    )
    op.create_table('programme_obligations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('definition_version_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('responsible', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('remind_on', sa.Date(), nullable=True),
    sa.Column('escalate_on', sa.Date(), nullable=True),
    sa.Column('escalate_to', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('completed_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
    sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['definition_version_id'], ['definition_versions.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('programme_id', 'key')
    )
    with op.batch_alter_table('programme_obligations', schema=None) as batch_op:
        batch_op.create_index('ix_programme_obligations_open_due', ['due_on'], unique=False, sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))

    # SQLite rebuilds the table for the changes below; the partial index of pending
    # notices is made again explicitly, with its predicate, rather than left to reflection.
    op.drop_index('ix_notices_pending', table_name='notices')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_obligation_id', sa.Integer(), nullable=True))
        batch_op.alter_column('obligation_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.alter_column('case_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_foreign_key('fk_notices_programme_obligation_id', 'programme_obligations', ['programme_obligation_id'], ['id'])
    op.create_index('ix_notices_pending', 'notices', ['recipient', 'day'], unique=False,
                    sqlite_where=sa.text(_PENDING), postgresql_where=sa.text(_PENDING))


def downgrade() -> None:
    # Notices of programme obligations have no case to belong to before this revision.
    op.execute("DELETE FROM notices WHERE programme_obligation_id IS NOT NULL")
    op.drop_index('ix_notices_pending', table_name='notices')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_constraint('fk_notices_programme_obligation_id', type_='foreignkey')
        batch_op.alter_column('case_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.alter_column('obligation_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('programme_obligation_id')
    op.create_index('ix_notices_pending', 'notices', ['recipient', 'day'], unique=False,
                    sqlite_where=sa.text(_PENDING), postgresql_where=sa.text(_PENDING))

    with op.batch_alter_table('programme_obligations', schema=None) as batch_op:
        batch_op.drop_index('ix_programme_obligations_open_due', sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))

    op.drop_table('programme_obligations')
    op.drop_table('budget_reviews')
    op.drop_table('budget_periods')
