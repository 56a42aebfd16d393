"""``stegvis backup`` and the restores docs/operations.md describes, on both backends.

SQLite is backed up while another connection holds it open in the middle of a write;
the PostgreSQL archive is restored with pg_restore into a scratch database on
127.0.0.1:5432 (skipped without the server or the client programs, required in CI).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock, create_postgres_database, drop_postgres_database
from sqlalchemy import text
from test_cli_cases import make_stegvis, ok, refused, run_stegvis

from engine.service.shared.context import Context
from engine.store.database import open_database

KEYS = ["P-1", "P-2", "P-3"]


def _populate(url: str, clock: MovableClock) -> None:
    ctx = Context(open_database(url), clock)
    for key in KEYS:
        enrol_person(ctx, "rebus", key, date(2024, 1, 31))
    ctx.engine.dispose()


def _listed(url: str, home: Path) -> str:
    return ok(make_stegvis(url, home)("cases", "--json"))


def test_sqlite_is_backed_up_while_open_and_the_copy_restores_every_case(
        tmp_path: Path, clock: MovableClock) -> None:
    live = tmp_path / "stegvis.db"
    _populate(f"sqlite:///{live}", clock)
    before = _listed(f"sqlite:///{live}", tmp_path)
    # A writer in the middle of a transaction, as serve may be when the backup runs.
    writer = sqlite3.connect(live, timeout=30)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE cases SET coordinator = 'bo'")
    try:
        done = run_stegvis(["backup", str(tmp_path / "backup.db"), "--database",
                            f"sqlite:///{live}"], tmp_path)
    finally:
        writer.rollback()
        writer.close()
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"stegvis backup: sqlite:///{live} written to "
                                  f"{tmp_path / 'backup.db'} (3 case(s), ")
    assert not (tmp_path / "backup.db.partial").exists()

    restored = tmp_path / "restored" / "stegvis.db"  # the restore: copy the file back
    restored.parent.mkdir()
    shutil.copyfile(tmp_path / "backup.db", restored)
    after = _listed(f"sqlite:///{restored}", tmp_path)
    assert after == before and "bo" not in after  # the uncommitted change is not in it


def test_a_backup_never_overwrites_and_never_creates_a_database(tmp_path: Path) -> None:
    (tmp_path / "old.db").write_text("an earlier backup")
    assert refused(run_stegvis(["backup", str(tmp_path / "old.db")], tmp_path)) == \
        f"stegvis: {tmp_path / 'old.db'} exists; give a new file name (a backup is never " \
        "overwritten)\n"
    assert (tmp_path / "old.db").read_text() == "an earlier backup"
    missing = tmp_path / "none.db"
    assert refused(run_stegvis(["backup", str(tmp_path / "new.db"), "--database",
                                f"sqlite:///{missing}"], tmp_path)) == \
        f"stegvis: no SQLite database at {missing}; nothing to back up\n"
    assert not missing.exists() and not (tmp_path / "new.db").exists()
    assert "is not a folder" in refused(run_stegvis(
        ["backup", str(tmp_path / "no" / "such" / "b.db")], tmp_path))


def test_postgresql_is_dumped_and_pg_restore_brings_every_case_back(
        tmp_path: Path, clock: MovableClock) -> None:
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        if os.environ.get("CI") == "true":
            pytest.fail("pg_dump and pg_restore are required in CI (postgresql-client)")
        pytest.skip("no pg_dump/pg_restore on this machine")
    source = create_postgres_database("stegvis_backup")
    if source is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (required in CI)")
    scratch = create_postgres_database("stegvis_restore")
    assert scratch is not None
    try:
        _populate(source, clock)
        before = _listed(source, tmp_path)
        archive = tmp_path / "stegvis.pgdump"
        done = run_stegvis(["backup", str(archive), "--database", source], tmp_path)
        assert done.returncode == 0, done.stderr
        assert f"written to {archive} (3 case(s), " in done.stdout
        libpq = scratch.replace("postgresql+psycopg://", "postgresql://")
        restore = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname",
                                  libpq, str(archive)], capture_output=True, text=True,
                                 check=False)
        assert restore.returncode == 0, restore.stderr
        assert _listed(scratch, tmp_path) == before
        engine = open_database(scratch)
        with engine.connect() as connection:
            revision = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert revision.scalar_one()  # the schema's revision came along
        engine.dispose()
    finally:
        drop_postgres_database(source)
        drop_postgres_database(scratch)
