"""digests being sent in the unsent index (delivery claims a digest before sending)

Delivery now claims a digest (status ``sending``, a lease) before sending it, and a
later run takes over a claim whose lease ran out.  Its query for due digests covers
``pending`` and ``sending``; the partial index does too, so the query stays an index
range however many digests were sent over the years.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 13:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_UNSENT = "status IN ('pending', 'sending')"


def upgrade() -> None:
    op.drop_index('ix_digests_unsent', table_name='digests')
    op.create_index('ix_digests_unsent', 'digests', ['next_attempt_at'], unique=False,
                    sqlite_where=sa.text(_UNSENT), postgresql_where=sa.text(_UNSENT))


def downgrade() -> None:
    op.drop_index('ix_digests_unsent', table_name='digests')
    op.execute("UPDATE digests SET status = 'pending' WHERE status = 'sending'")
    op.create_index('ix_digests_unsent', 'digests', ['next_attempt_at'], unique=False,
                    sqlite_where=sa.text("status = 'pending'"),
                    postgresql_where=sa.text("status = 'pending'"))
