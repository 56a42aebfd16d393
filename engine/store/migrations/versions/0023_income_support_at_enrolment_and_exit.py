"""income support at enrolment and at exit

Issue 22 ("what a board member misses"): the core FINSAM effect, the move from public
support towards one's own living, was not recorded.  A case records the participant's
main income support at enrolment and at exit (optional, one of
``engine.definitions.income.INCOME_SUPPORT``); the reports compare the two.  Existing
cases have neither: "uppgift saknas".

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('income_at_start',
                                      sqlmodel.sql.sqltypes.AutoString(length=32),
                                      nullable=True))
        batch_op.add_column(sa.Column('income_at_exit',
                                      sqlmodel.sql.sqltypes.AutoString(length=32),
                                      nullable=True))
    # The board's counts read income support, referrer and coordinator of a period's
    # cases from this index alone (engine.service.programme.board_counts).
    op.create_index('ix_cases_programme_board', 'cases',
                    ['programme_id', 'enrolled_on', 'status', 'exited_on', 'gender',
                     'income_at_start', 'income_at_exit', 'referring_party', 'coordinator'])


def downgrade() -> None:
    op.drop_index('ix_cases_programme_board', table_name='cases')
    # A plain DROP COLUMN, not a batch copy (see 0011: copying `cases` would drop the
    # table other tables reference).
    op.execute("ALTER TABLE cases DROP COLUMN income_at_exit")
    op.execute("ALTER TABLE cases DROP COLUMN income_at_start")
