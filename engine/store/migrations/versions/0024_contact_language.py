"""the language a contact reads its digests in

Issue 20: what a coordinator reads is Swedish by default and English on request.  The
web keeps a reader's choice in the browser, which a digest sent at night cannot see;
the contact (``stegvis contact set … --language en``) now records it.  Existing
contacts have none: they keep getting Swedish, as before.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('contacts', sa.Column('language', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contacts') as batch_op:
        batch_op.drop_column('language')
