"""calendar feed tokens of coordinators (the secret in a subscription URL)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 12:43:00.510398
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feed_token', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
        batch_op.create_index(batch_op.f('ix_contacts_feed_token'), ['feed_token'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_feed_token'))
        batch_op.drop_column('feed_token')
