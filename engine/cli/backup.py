"""``stegvis backup PATH``: a consistent copy of the database, taken while Stegvis runs.

- **SQLite**: SQLite's online backup API (:meth:`sqlite3.Connection.backup`) copies the
  database page by page under SQLite's own locking, the write-ahead log included, so
  serve and the web application go on working and the copy is one committed state.
  The copy is written to ``PATH.partial``, checked (``PRAGMA integrity_check``) and only
  then renamed to PATH: a PATH that exists is always a whole backup.
- **PostgreSQL**: ``pg_dump --format=custom`` (one snapshot, online); restore it with
  ``pg_restore`` (docs/operations.md).

The database is opened without migrating it: a backup taken before an upgrade holds
the old schema, so it can be restored under the old version.  PATH is never
overwritten.  Restoring is described in docs/operations.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import make_url

from engine.cli.options import output_file
from engine.errors import StegvisError


class BackupError(StegvisError):
    """The backup could not be made; nothing was left at PATH."""


def add_backup_command(sub: argparse._SubParsersAction[Any]) -> None:
    """Register ``stegvis backup``."""
    p = sub.add_parser(
        "backup", help="copy the database to PATH while Stegvis runs (SQLite: online "
                       "backup; PostgreSQL: pg_dump)",
        description="Write a consistent backup of the database in force to PATH, which "
                    "must not exist: a SQLite file (SQLite's online backup API, checked "
                    "before it is put in place) or, for PostgreSQL, a pg_dump archive in "
                    "its custom format (restore with pg_restore). Restoring: "
                    "docs/operations.md.")
    p.add_argument("path", type=output_file, metavar="PATH", help="the backup file to write")
    p.add_argument("--database", metavar="URL",
                   help="database URL (default: $STEGVIS_DATABASE_URL, else stegvis.db in "
                        "the data folder)")


def run_backup(args: argparse.Namespace) -> int:
    """Back up the database in force to ``args.path``; 0 when the backup is in place."""
    from engine.store.database import database_url

    url = make_url(database_url(args.database))
    target: Path = args.path
    if target.exists() or target.is_symlink():
        raise BackupError(f"{target} exists; give a new file name (a backup is never "
                          "overwritten)")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a folder; create it first")
    if url.get_backend_name() == "sqlite":
        cases = _sqlite_backup(Path(str(url.database)), target)
    elif url.get_backend_name() == "postgresql":
        cases = _pg_dump(url.set(drivername="postgresql").render_as_string(
            hide_password=False), target)
    else:
        raise BackupError(f"cannot back up a {url.get_backend_name()} database; Stegvis "
                          "knows SQLite and PostgreSQL")
    size = f"{target.stat().st_size:,}".replace(",", " ")
    print(f"stegvis backup: {url.render_as_string(hide_password=True)} written to {target} "
          f"({cases} case(s), {size} bytes)")
    return 0


def _sqlite_backup(database: Path, target: Path) -> int:
    if not database.is_file():
        raise BackupError(f"no SQLite database at {database}; nothing to back up")
    partial = target.with_name(target.name + ".partial")
    try:
        # Read-only: a backup never creates, changes or migrates the database.
        with closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True,
                                     timeout=30)) as source, \
                closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
            checked = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if checked != "ok":
                raise BackupError(f"the copy of {database} failed its integrity check "
                                  f"({checked}); nothing written to {target}")
            cases = _count_cases(copy)
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupError(f"backing up {database} failed: {exc}; nothing written to "
                          f"{target}") from None
    finally:
        with suppress(FileNotFoundError):
            partial.unlink()
    return cases


def _count_cases(connection: sqlite3.Connection) -> int:
    try:
        return int(connection.execute("SELECT count(*) FROM cases").fetchone()[0])
    except sqlite3.OperationalError:  # a database no command has used yet
        return 0


def _pg_dump(libpq_url: str, target: Path) -> int:
    """``pg_dump`` into ``target.partial``, then renamed; the source's number of cases."""
    binary = shutil.which("pg_dump")
    if binary is None:
        raise BackupError("pg_dump is not installed (Debian: apt install postgresql-client, "
                          "of the server's major version or newer)")
    partial = target.with_name(target.name + ".partial")
    try:
        done = subprocess.run([binary, "--format=custom", "--no-owner", "--file",
                               str(partial), "--dbname", libpq_url], capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            why = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise BackupError(f"pg_dump failed: {why}; nothing written to {target}")
        os.replace(partial, target)
    finally:
        with suppress(FileNotFoundError):
            partial.unlink()
    import psycopg
    with psycopg.connect(libpq_url) as connection:
        row = connection.execute("SELECT count(*) FROM cases").fetchone()
    return int(row[0]) if row else 0
