"""cases carry the participant's gender and birth year; the report indexes cover

The report's figures are GROUP BY queries over one programme's cases and obligations
(issue 9: under 1 s at 100,000 case-years, under 5 s at 1,000,000).  Two costs made
them slow: a join from every case to its participant for gender and birth year, and
table lookups behind indexes that did not hold every column the queries read.  So
``cases`` gets ``gender`` and ``birth_year`` (copied at enrolment; they never change,
and existing rows are filled here from ``participants``), the two case indexes of
migration 0008 hold every column the report reads, and the obligations index is
ordered by kind before due date so the counts per kind stream from it without a sort.

The columns are added in place (ALTER TABLE ... ADD COLUMN with a default, then filled),
not by a batch copy: copying ``cases`` would drop the table that obligations and
notices reference, which SQLite's foreign-key checks refuse.  PostgreSQL then drops
the default; SQLite cannot without that copy, and the default is never used (every
insert names both columns).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 21:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

_CASES_ENROLLED = ['programme_id', 'enrolled_on', 'municipality', 'status', 'exited_on',
                   'gender', 'birth_year', 'outcome', 'sub_outcome', 'track',
                   'definition_version_id']
_CASES_EXITED = ['programme_id', 'exited_on', 'status', 'enrolled_on', 'gender',
                 'municipality']
_OBLIGATIONS = ['programme_id', 'kind', 'due_on', 'status', 'completed_on', 'window_to',
                'case_id']


def upgrade() -> None:
    op.add_column('cases', sa.Column('gender', sqlmodel.sql.sqltypes.AutoString(length=16),
                                     nullable=False, server_default='uppgift_saknas'))
    op.add_column('cases', sa.Column('birth_year', sa.Integer(), nullable=False,
                                     server_default='0'))
    op.execute("UPDATE cases SET gender = (SELECT p.gender FROM participants p "
               "WHERE p.id = cases.participant_id), birth_year = (SELECT p.birth_year "
               "FROM participants p WHERE p.id = cases.participant_id)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE cases ALTER COLUMN gender DROP DEFAULT, "
                   "ALTER COLUMN birth_year DROP DEFAULT")
    op.drop_index('ix_cases_programme_enrolled', table_name='cases')
    op.drop_index('ix_cases_programme_exited', table_name='cases')
    op.drop_index('ix_obligations_programme_due', table_name='obligations')
    op.create_index('ix_cases_programme_enrolled', 'cases', _CASES_ENROLLED, unique=False)
    op.create_index('ix_cases_programme_exited', 'cases', _CASES_EXITED, unique=False)
    op.create_index('ix_obligations_programme_kind_due', 'obligations', _OBLIGATIONS,
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_obligations_programme_kind_due', table_name='obligations')
    op.drop_index('ix_cases_programme_exited', table_name='cases')
    op.drop_index('ix_cases_programme_enrolled', table_name='cases')
    op.create_index('ix_obligations_programme_due', 'obligations',
                    ['programme_id', 'due_on', 'kind', 'status', 'completed_on', 'window_to'],
                    unique=False)
    op.create_index('ix_cases_programme_exited', 'cases', ['programme_id', 'exited_on'],
                    unique=False)
    op.create_index('ix_cases_programme_enrolled', 'cases', ['programme_id', 'enrolled_on'],
                    unique=False)
    # A plain DROP COLUMN (SQLite 3.35+ and PostgreSQL), not a batch copy (see above).
    op.execute("ALTER TABLE cases DROP COLUMN birth_year")
    op.execute("ALTER TABLE cases DROP COLUMN gender")
