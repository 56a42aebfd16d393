"""an administrator's one-time password; the access log read by page, date and action

Issue 24 (item 8): a system administrator adds accounts and resets passwords in the
web.  The password they are shown is one-time (``users.password_one_time``): the
person chooses their own at the next sign-in.  Existing passwords were chosen by
their owners (the command asked for them), so the column is false for every row.

The access log page reads it newest first (``at``, then ``id``) a page at a time,
narrowed by person, by page ("action") and by a date range.  The log only grows (a
row per case on every page seen), so each way of reading it has an index that gives
the page's rows in order without a sort of the whole log: ``(at, id)`` for the whole
log and a date range, ``(what, at)`` for an action; ``(user_name, at)`` exists since
0009 and ``case_id`` since then too.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('password_one_time', sa.Boolean(), nullable=False,
                                     server_default=sa.false()))
    op.create_index('ix_access_log_at_id', 'access_log', ['at', 'id'])
    op.create_index('ix_access_log_what_at', 'access_log', ['what', 'at'])


def downgrade() -> None:
    op.drop_index('ix_access_log_what_at', table_name='access_log')
    op.drop_index('ix_access_log_at_id', table_name='access_log')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('password_one_time')
