"""report runs, the archive, missing data of drafts, board decisions

Scheduled report runs (issue 10): ``report_runs`` claims each calendar event's
production once (a lease while it renders), ``report_archive`` keeps every version
produced with its content hash and files, and a digest may now carry one of them as
an e-mail with its documents attached (``digests.archive_id``).  What a draft finds
missing in a case (``report_gaps``) reaches the case's coordinator as a notice
(``notices.report_gap_id``).  ``board_decisions``: a decision meeting's decision on a
programme (continue, change, stop).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 18:58:18.917235
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


_PENDING = "status = 'pending'"
_UNSENT = "status IN ('pending', 'sending')"


def _drop_partial_indexes() -> None:
    op.drop_index('ix_notices_pending', table_name='notices')
    op.drop_index('ix_digests_unsent', table_name='digests')


def _create_partial_indexes() -> None:
    op.create_index('ix_notices_pending', 'notices', ['recipient', 'day'], unique=False,
                    sqlite_where=sa.text(_PENDING), postgresql_where=sa.text(_PENDING))
    op.create_index('ix_digests_unsent', 'digests', ['next_attempt_at'], unique=False,
                    sqlite_where=sa.text(_UNSENT), postgresql_where=sa.text(_UNSENT))


def upgrade() -> None:
    op.create_table('board_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('meeting', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('meeting_on', sa.Date(), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('decision', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('evaluation_year', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('programme_id', 'meeting', 'meeting_on')
    )
    op.create_table('report_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('event_key', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('period_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('run_on', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('lease_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('programme_id', 'event_key')
    )
    with op.batch_alter_table('report_runs', schema=None) as batch_op:
        batch_op.create_index('ix_report_runs_unfinished', ['lease_until'], unique=False, sqlite_where=sa.text("status = 'producing'"), postgresql_where=sa.text("status = 'producing'"))

    op.create_table('report_archive',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('period_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('content_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('folder', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('files', sa.JSON(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('produced_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('produced_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['report_runs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('programme_id', 'subject', 'kind', 'version')
    )
    with op.batch_alter_table('report_archive', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_archive_run_id'), ['run_id'], unique=False)

    op.create_table('report_gaps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('archive_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('coordinator', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('what', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['archive_id'], ['report_archive.id'], ),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('archive_id', 'case_id', 'kind', 'what')
    )
    with op.batch_alter_table('report_gaps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_gaps_archive_id'), ['archive_id'], unique=False)

    # SQLite rebuilds both tables: their partial indexes are made again explicitly, with
    # their predicates, rather than left to reflection.
    _drop_partial_indexes()
    with op.batch_alter_table('digests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archive_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('letter', sqlmodel.sql.sqltypes.AutoString(length=16),
                                      nullable=False, server_default=''))
        batch_op.create_foreign_key('fk_digests_archive_id', 'report_archive', ['archive_id'],
                                    ['id'])

    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_gap_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_notices_report_gap_id', 'report_gaps',
                                    ['report_gap_id'], ['id'])
    _create_partial_indexes()



def downgrade() -> None:
    # Before this revision a notice is of an obligation and a digest of notices only.
    op.execute("DELETE FROM notices WHERE report_gap_id IS NOT NULL")
    op.execute("DELETE FROM digests WHERE archive_id IS NOT NULL")
    _drop_partial_indexes()
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_constraint('fk_notices_report_gap_id', type_='foreignkey')
        batch_op.drop_column('report_gap_id')

    with op.batch_alter_table('digests', schema=None) as batch_op:
        batch_op.drop_constraint('fk_digests_archive_id', type_='foreignkey')
        batch_op.drop_column('letter')
        batch_op.drop_column('archive_id')
    _create_partial_indexes()

    with op.batch_alter_table('report_gaps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_gaps_archive_id'))

    op.drop_table('report_gaps')
    with op.batch_alter_table('report_archive', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_archive_run_id'))

    op.drop_table('report_archive')
    with op.batch_alter_table('report_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_report_runs_unfinished', sqlite_where=sa.text("status = 'producing'"), postgresql_where=sa.text("status = 'producing'"))

    op.drop_table('report_runs')
    op.drop_table('board_decisions')
