"""a survey answer's score stored beside it, and an index the reports read it from

Issue 22: the board report's recorded-data section (response rates and scale answers
at start and exit) and the survey-improvement target summed each answer's numeric
values in SQL (``json_each`` over every answer, twice a row): 246 ms of CPU for 58,826
answers at 100,000 case-years on SQLite, the largest single count of the report.  The
sum is fixed once the answers are given, so it is stored with them
(``engine.rules.surveys.answer_score``) and the reports read it with the case, survey
and date from one index.  Existing answers get theirs from the same sum in SQL
(booleans are no numbers there either; a purged answer keeps only its sum, which is
the same).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

_SUM = {
    "postgresql": ("(SELECT sum((j.value #>> '{}')::numeric) FROM json_each(answers::json) j "
                   "WHERE json_typeof(j.value) = 'number')"),
    "sqlite": ("(SELECT sum(CAST(j.value AS REAL)) FROM json_each(answers) j "
               "WHERE j.type IN ('integer', 'real'))"),
}


def upgrade() -> None:
    op.add_column('survey_answers', sa.Column('score', sa.Float(), nullable=True))
    op.execute(f"UPDATE survey_answers SET score = {_SUM[op.get_bind().dialect.name]}")
    op.create_index('ix_survey_answers_case_survey', 'survey_answers',
                    ['case_id', 'survey', 'answered_on', 'score'])


def downgrade() -> None:
    op.drop_index('ix_survey_answers_case_survey', table_name='survey_answers')
    with op.batch_alter_table('survey_answers') as batch_op:
        batch_op.drop_column('score')
