"""the participant's consent date and the parties they are active at, on the case

Issue 25: a definition can make consent an eligibility condition (``eligibility:
{consent: required}``) and name the parties that count towards "known to at least N
parties" (``min_parties: {count, parties}``).  Enrolment records, on the case, the day
the participant consented (``consent_on``, whatever the identity number: until now the
date was kept on the participant only beside a stored personnummer), which parties the
coordinator named (``active_parties``, a JSON list of party ids) and how many parties
that was (``parties_active``).  Cases enrolled before have none of them recorded: the
columns are NULL for every existing row, and nothing is invented for them.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('cases', sa.Column('consent_on', sa.Date(), nullable=True))
    op.add_column('cases', sa.Column('active_parties', sa.JSON(), nullable=True))
    op.add_column('cases', sa.Column('parties_active', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch_op:
        batch_op.drop_column('parties_active')
        batch_op.drop_column('active_parties')
        batch_op.drop_column('consent_on')
