"""published definitions in the database, and the drafts of the next versions

Until now each worker read the programme definitions from its own folder, so two
workers could run two versions of a programme, and only someone with a shell could
change one.  From here a programme runs the newest row of ``definition_publications``
(who published which content, when and why); the folder is imported on a programme's
first use and by ``stegvis definitions import``.  Publications are append-only, held
by triggers as the audit and access logs are (0002, 0009): bringing an older version
back is a new publication.  ``definition_drafts`` keeps the draft an administrator is
writing in the browser.

Nothing existing changes: a database upgraded to this revision has no publication
yet, and the first use of each programme imports its file from the definitions folder,
reusing the version row its cases are pinned to when the content is the same.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

_REFUSAL = "published definitions are append-only"


def upgrade() -> None:
    op.create_table(
        'definition_publications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('definition_version_id', sa.Integer(), nullable=False),
        sa.Column('source_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('published_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('published_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column('republished_from', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['definition_version_id'], ['definition_versions.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('programme_id', 'number'),
    )
    op.create_table(
        'definition_drafts',
        sa.Column('programme_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('source_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('based_on', sa.Integer(), nullable=False),
        sa.Column('saved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('saved_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint('programme_id'),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION stegvis_publications_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{_REFUSAL}'; END; $$ LANGUAGE plpgsql""")
        op.execute("""
            CREATE TRIGGER definition_publications_append_only BEFORE UPDATE OR DELETE
            ON definition_publications
            FOR EACH ROW EXECUTE FUNCTION stegvis_publications_append_only()""")
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER definition_publications_no_{event.lower()} BEFORE {event}
                ON definition_publications BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER definition_publications_append_only ON "
                   "definition_publications")
        op.execute("DROP FUNCTION stegvis_publications_append_only()")
    else:
        op.execute("DROP TRIGGER definition_publications_no_update")
        op.execute("DROP TRIGGER definition_publications_no_delete")
    op.drop_table('definition_drafts')
    op.drop_table('definition_publications')
