"""the report archive's files in the database, where every worker reads them

Until now a version's files lay in the archive folder of the machine that produced it
(``STEGVIS_ARCHIVE``, else ``archive/`` in the data folder), so a report made by one
``stegvis serve`` could not be mailed by another ("the archived file … cannot be
read").  ``report_files`` holds each file's bytes and SHA-256.  This migration copies
the files of the versions made so far from the archive folder of the process that runs
it, each checked against the hash its version lists; a file not there (or altered) is
left out and still read from that folder when it is asked for (one warning line says
how many).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 12:00:00
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from engine.paths import data_folder

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def _archive_folder() -> Path:
    """Frozen copy of the archive folder as it was found before 0016."""
    configured = os.environ.get("STEGVIS_ARCHIVE")
    return Path(configured).expanduser() if configured else data_folder() / "archive"


def upgrade() -> None:
    op.create_table(
        'report_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('archive_id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['archive_id'], ['report_archive.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('archive_id', 'name'),
    )
    bind = op.get_bind()
    archive = sa.table("report_archive", sa.column("id"), sa.column("folder"),
                       sa.column("files", sa.JSON()))
    files = sa.table("report_files", sa.column("archive_id"), sa.column("name"),
                     sa.column("sha256"), sa.column("content", sa.LargeBinary()))
    root, missing = _archive_folder(), 0
    for row in bind.execute(sa.select(archive)).all():
        listed = row.files if isinstance(row.files, list) else []
        for entry in listed:
            if not isinstance(entry, dict) or not {"name", "sha256"} <= entry.keys():
                continue
            try:
                data = (root / str(row.folder) / str(entry["name"])).read_bytes()
            except OSError:
                missing += 1
                continue
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                missing += 1
                continue
            bind.execute(files.insert().values(archive_id=row.id, name=entry["name"],
                                               sha256=entry["sha256"], content=data))
    if missing:
        logging.getLogger("stegvis.store").warning(
            "revision 0016: %d archived file(s) were not in %s as their versions list them; "
            "they are read from there while they stay out of the database", missing, root)


def downgrade() -> None:
    op.drop_table('report_files')
