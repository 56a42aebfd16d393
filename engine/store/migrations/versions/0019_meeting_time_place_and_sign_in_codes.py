"""a meeting carries the time and place booked for it; a sign-in link a short code

Issue 23: the participant's plan said only the last day a meeting must be held ("Din
samordnare bokar tiden med dig").  An obligation can now carry the time it is booked
for (``meeting_at``, UTC like every stored instant) and where (``meeting_place``).  A
sign-in link gets a short code a person can read from paper or a text message and type
at /in (``code_hash``: only its SHA-256 is kept, as for the link's token).

The columns are nullable and added in place: nothing that exists has a booking or a
code.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-09 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('obligations', sa.Column('meeting_at', sqlmodel.sql.sqltypes.UTCDateTime(),
                                           nullable=True))
    op.add_column('obligations', sa.Column(
        'meeting_place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
    op.add_column('sign_in_links', sa.Column(
        'code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    op.create_index('ix_sign_in_links_code_hash', 'sign_in_links', ['code_hash'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_sign_in_links_code_hash', table_name='sign_in_links')
    with op.batch_alter_table('sign_in_links') as batch_op:
        batch_op.drop_column('code_hash')
    with op.batch_alter_table('obligations') as batch_op:
        batch_op.drop_column('meeting_place')
        batch_op.drop_column('meeting_at')
