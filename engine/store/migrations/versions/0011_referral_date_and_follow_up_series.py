"""referral date of a case, series of a held follow-up

A case records when the participant was referred (distinct from the enrolment date,
so that "first meeting within 10 working days of referral" can be stated), and a held
follow-up records which series it belongs to when a programme has several.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-01 18:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('referred_on', sa.Date(), nullable=True))
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+ and PostgreSQL), not a batch copy: copying
    # `cases` would drop the table that obligations and notices reference, which SQLite's
    # foreign-key checks refuse.
    op.execute("ALTER TABLE follow_ups DROP COLUMN series")
    op.execute("ALTER TABLE cases DROP COLUMN referred_on")
