"""the serve workers sharing the database, with their heartbeats and running flow runs

Issue 21: a ``stegvis serve`` killed on a shared Prefect server (several workers) left
its flow runs Pending or Running for ever, and the next worker could not tell them
from a live worker's runs.  Each worker now records a heartbeat and the flow runs it
is running; runs of a worker whose heartbeat went stale are ended on the next start of
any worker.  A new table: nothing that exists is changed.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'serve_workers',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column('host', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column('pid', sa.Integer(), nullable=False),
        sa.Column('process_started', sa.BigInteger(), nullable=True),
        sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('heartbeat_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('flow_runs', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_serve_workers_heartbeat_at'), 'serve_workers', ['heartbeat_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_serve_workers_heartbeat_at'), table_name='serve_workers')
    op.drop_table('serve_workers')
