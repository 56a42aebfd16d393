"""secrets every worker shares: the web application's signing key

The key that signs session and CSRF cookies (when ``STEGVIS_WEB_SECRET`` is not set)
was made on first start in ``web-secret`` in the data folder: two web workers with
their own data folders signed with different keys, and a session made on one was
refused by the other.  It is kept here instead; an installation's existing
``web-secret`` file is taken over the first time the web application starts, so
sessions survive the upgrade.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'installation_secrets',
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('value', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    op.drop_table('installation_secrets')
