"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 10:45:44.833964
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_case_id'), ['case_id'], unique=False)

    op.create_table('definition_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('source_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('stored_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('programme_id', 'content_hash')
    )
    with op.batch_alter_table('definition_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_definition_versions_programme_id'), ['programme_id'], unique=False)

    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('personnummer', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
    sa.Column('consent_on', sa.Date(), nullable=True),
    sa.Column('gender', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=False),
    sa.Column('birth_on', sa.Date(), nullable=True),
    sa.Column('municipality', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('definition_version_id', sa.Integer(), nullable=False),
    sa.Column('coordinator', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('referring_party', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('municipality', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('phase', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('track', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('enrolled_on', sa.Date(), nullable=False),
    sa.Column('planned_end_on', sa.Date(), nullable=True),
    sa.Column('extended_to', sa.Date(), nullable=True),
    sa.Column('agreed_interval', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('placement_form', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('type_case', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('exited_on', sa.Date(), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('sub_outcome', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('completed', sa.Boolean(), nullable=True),
    sa.Column('materialized_until', sa.Date(), nullable=True),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['definition_version_id'], ['definition_versions.id'], ),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_coordinator'), ['coordinator'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('ix_cases_programme_status', ['programme_id', 'status'], unique=False)

    op.create_table('assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('activity_capacity', sa.Integer(), nullable=False),
    sa.Column('need_level', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('assessed_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessments_case_id'), ['case_id'], unique=False)

    op.create_table('extension_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('length', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('requested_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('approver_role', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision_note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extension_requests_case_id'), ['case_id'], unique=False)

    op.create_table('follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('attendees', sa.JSON(), nullable=False),
    sa.Column('step_movement', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_ups_case_id'), ['case_id'], unique=False)

    op.create_table('goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('set_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.ForeignKeyConstraint(['parent_id'], ['goals.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goals_case_id'), ['case_id'], unique=False)

    op.create_table('obligations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('coordinator', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('municipality', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=False),
    sa.Column('phase', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('window_from', sa.Date(), nullable=True),
    sa.Column('window_to', sa.Date(), nullable=True),
    sa.Column('remind_on', sa.Date(), nullable=True),
    sa.Column('escalate_on', sa.Date(), nullable=True),
    sa.Column('escalate_to', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('attendees', sa.JSON(), nullable=False),
    sa.Column('responsible', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('completed_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'key')
    )
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.create_index('ix_obligations_open_coordinator', ['coordinator', 'due_on'], unique=False, sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))
        batch_op.create_index('ix_obligations_open_due', ['due_on'], unique=False, sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))

    op.create_table('phase_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('phase', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('entered_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('phase_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phase_entries_case_id'), ['case_id'], unique=False)

    op.create_table('post_exit_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('follow_up', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('found_on', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'follow_up')
    )
    with op.batch_alter_table('post_exit_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_exit_results_case_id'), ['case_id'], unique=False)

    op.create_table('survey_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('survey', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_answers_case_id'), ['case_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_answers_case_id'))

    op.drop_table('survey_answers')
    with op.batch_alter_table('post_exit_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_exit_results_case_id'))

    op.drop_table('post_exit_results')
    with op.batch_alter_table('phase_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phase_entries_case_id'))

    op.drop_table('phase_entries')
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.drop_index('ix_obligations_open_due', sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))
        batch_op.drop_index('ix_obligations_open_coordinator', sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))

    op.drop_table('obligations')
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goals_case_id'))

    op.drop_table('goals')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_ups_case_id'))

    op.drop_table('follow_ups')
    with op.batch_alter_table('extension_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extension_requests_case_id'))

    op.drop_table('extension_requests')
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessments_case_id'))

    op.drop_table('assessments')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_programme_status')
        batch_op.drop_index(batch_op.f('ix_cases_participant_id'))
        batch_op.drop_index(batch_op.f('ix_cases_coordinator'))

    op.drop_table('cases')
    op.drop_table('participants')
    with op.batch_alter_table('definition_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_definition_versions_programme_id'))

    op.drop_table('definition_versions')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_case_id'))

    op.drop_table('audit_log')
