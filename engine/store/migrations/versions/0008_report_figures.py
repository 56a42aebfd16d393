"""report figures: refusals by criterion, staff trained, indexes for the period queries

Enrolments refused for eligibility are kept (date, gender and the failed criteria's
ids; nothing that identifies the person) and staff training is recorded, both counted
in programme reports.  Three indexes let the report queries read one programme's
period: cases by admission and by exit date, and obligations by due date with
everything the report groups by (so the index alone answers).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'enrolment_refusals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('refused_on', sa.Date(), nullable=False),
        sa.Column('gender', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('criteria', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_enrolment_refusals_programme', 'enrolment_refusals',
                    ['programme_id', 'refused_on'], unique=False)
    op.create_table(
        'staff_training',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('course', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('trained_on', sa.Date(), nullable=False),
        sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_staff_training_programme', 'staff_training',
                    ['programme_id', 'trained_on'], unique=False)
    op.create_index('ix_cases_programme_enrolled', 'cases', ['programme_id', 'enrolled_on'],
                    unique=False)
    op.create_index('ix_cases_programme_exited', 'cases', ['programme_id', 'exited_on'],
                    unique=False)
    op.create_index('ix_obligations_programme_due', 'obligations',
                    ['programme_id', 'due_on', 'kind', 'status', 'completed_on', 'window_to'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_obligations_programme_due', table_name='obligations')
    op.drop_index('ix_cases_programme_exited', table_name='cases')
    op.drop_index('ix_cases_programme_enrolled', table_name='cases')
    op.drop_index('ix_staff_training_programme', table_name='staff_training')
    op.drop_table('staff_training')
    op.drop_index('ix_enrolment_refusals_programme', table_name='enrolment_refusals')
    op.drop_table('enrolment_refusals')
