"""Opening the database: SQLite by default, PostgreSQL through a URL, always migrated.

Where the data lives, first match wins:

1. the URL given to :func:`open_database` (``stegvis --database URL``);
2. ``STEGVIS_DATABASE_URL`` (e.g. ``postgresql+psycopg://user@host/stegvis``);
3. ``sqlite:///<data folder>/stegvis.db``, where the data folder is ``STEGVIS_HOME`` or
   ``$XDG_DATA_HOME/stegvis`` (``~/.local/share/stegvis``); created on first use.

Opening runs the Alembic migrations up to the newest revision, so an existing database
upgrades in place and a new one is created; nothing needs starting by hand.

An in-memory SQLite database (``sqlite://``) and an empty URL are refused: the first
would keep nothing once the command ends, the second is a setting gone wrong.

On SQLite, a transaction that writes takes the write lock when it begins (``BEGIN
IMMEDIATE``, see :func:`for_writing`), so two processes changing the same rows queue
instead of both reading the old state and one failing when it writes; while another
process holds the lock, SQLite waits, and past its busy time-out the BEGIN is tried
again (up to ``BUSY_RETRY_SECONDS``).  PostgreSQL locks rows instead.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import ArgumentError

from engine.errors import StegvisError
from engine.file_lock import file_lock
from engine.inputs.files import path_problem
from engine.paths import data_folder as data_folder  # re-exported; engine.paths says where

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The PostgreSQL advisory-lock key under which one process at a time migrates.
MIGRATION_LOCK = 0x5374_6567_7669_73  # "Stegvis"
#: How long SQLite itself waits for another process's write lock, each attempt.
BUSY_TIMEOUT_MS = 10_000
#: How long a transaction keeps trying to begin while the database is busy.
BUSY_RETRY_SECONDS = 120.0
#: The execution option that marks an engine's transactions as writing.
_WRITE = "stegvis_write"
_log = logging.getLogger("stegvis.store")


class DatabaseError(StegvisError):
    """The database cannot be opened or migrated; the message says which and why."""


def database_url(url: str | None = None) -> str:
    """The database URL in force (see module docstring); DatabaseError for one that
    would lose what is written (in memory) or is empty."""
    if url is not None:
        where = "--database"
    elif "STEGVIS_DATABASE_URL" in os.environ:
        url, where = os.environ["STEGVIS_DATABASE_URL"], "STEGVIS_DATABASE_URL"
    else:
        return f"sqlite:///{data_folder() / 'stegvis.db'}"
    if not url.strip():
        raise DatabaseError(f"{where} is empty; give a database URL, e.g. "
                            "sqlite:///stegvis.db, or leave the setting out for the default "
                            "file in the data folder")
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise DatabaseError(f"{where}: {_safe(url)!r} is not a database URL, e.g. "
                            "sqlite:///stegvis.db or postgresql://user@host/stegvis") from None
    if parsed.get_backend_name() == "sqlite" and (
            parsed.database in (None, "", ":memory:")
            or parsed.query.get("mode") == "memory"):
        raise DatabaseError(f"{where}: {_safe(url)!r} is a database in memory, which keeps "
                            "nothing once the command ends; give a file, e.g. "
                            "sqlite:///stegvis.db")
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        _check_database_file(where, url, parsed.database)
    return url.strip()


def _check_database_file(where: str, url: str, database: str) -> None:
    """A SQLite database is a regular file (or none yet): a device such as /dev/null
    would take the journal and lock files SQLite and Stegvis make beside it (inside
    /dev, when run as root), and a pipe would hang."""
    if database.startswith("file:"):
        database = database[5:].split("?", 1)[0]
    problem = path_problem(database)
    if problem is None:
        try:
            found = os.stat(database)
        except OSError:
            return  # a new database: SQLite creates the file (or says why not)
        if stat.S_ISDIR(found.st_mode):
            problem = "it is a folder"
        elif not stat.S_ISREG(found.st_mode):
            problem = "it is not a regular file (a device or a named pipe?)"
    if problem is not None:
        raise DatabaseError(f"{where}: {_safe(url)[:200]!r} cannot be a database: {problem}; "
                            "give a file, e.g. sqlite:///stegvis.db")


def for_writing(engine: Engine) -> Engine:
    """The engine for a transaction that writes: on SQLite it begins with the write lock.

    Reads that only read use ``engine`` itself and never wait for a writer.
    """
    return engine.execution_options(**{_WRITE: True})


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The transactions are begun by _sqlite_begin, not by the sqlite3 module.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # What is deleted or overwritten is zeroed on disk, not left in freed space: a purge
    # must leave nothing readable in the file (see erase_freed_space).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """BEGIN, or BEGIN IMMEDIATE for a writing transaction, retried while SQLite is busy.

    Only a BEGIN can meet a busy database (a writing transaction holds the lock from
    its start), so retrying it never repeats any of the transaction's work.
    """
    writing = bool(connection.get_execution_options().get(_WRITE))
    statement = "BEGIN IMMEDIATE" if writing else "BEGIN"
    dbapi = connection.connection.dbapi_connection
    assert dbapi is not None
    deadline = time.monotonic() + BUSY_RETRY_SECONDS
    while True:
        try:
            dbapi.execute(statement)
            return
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy:
                raise
            if time.monotonic() >= deadline:
                raise DatabaseError(f"the database is busy: another process has been "
                                    f"writing to it for over {BUSY_RETRY_SECONDS:g} s; nothing "
                                    "was changed, try again") from None
            time.sleep(0.05)


def open_database(url: str | None = None, *, migrate: bool = True) -> Engine:
    """An engine for the database at ``url``, upgraded to the newest schema."""
    resolved = database_url(url)
    if resolved.startswith("postgresql://"):
        resolved = "postgresql+psycopg://" + resolved[len("postgresql://"):]
    try:
        engine = create_engine(resolved, future=True)
    except Exception as exc:
        raise DatabaseError(f"cannot use database URL {_safe(resolved)!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    if migrate:
        upgrade(engine)
    return engine


def erase_freed_space(engine: Engine, tables: list[str]) -> None:
    """After personal data was erased from ``tables``: leave none of it readable in the
    database's files.

    SQLite zeroes what is deleted or overwritten (``secure_delete``, set on every
    connection); the write-ahead log, which still holds the old pages, is checkpointed
    into the database and truncated, and pages freed before ``secure_delete`` was on are
    rewritten by VACUUM.  PostgreSQL keeps replaced rows as dead tuples until they are
    vacuumed, and plain VACUUM leaves their bytes in the page: ``VACUUM FULL`` writes
    each table anew (it locks the table while it runs; a purge is rare).  Backups and
    PostgreSQL's own WAL segments keep what they hold until they are rotated
    (docs/privacy.md).
    """
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            dbapi = connection.connection.dbapi_connection
            assert dbapi is not None
            dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            freed = dbapi.execute("PRAGMA freelist_count").fetchone()
            if freed and freed[0]:
                dbapi.execute("VACUUM")
                dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in tables:
                connection.execute(text(f'VACUUM (FULL, ANALYZE) "{table}"'))


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` (the newest unless told otherwise)."""
    _migrate(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Undo the migrations after ``revision``, with the same lock and checks as upgrading.

    A downgrade copies SQLite tables just as an upgrade does (``obligations``, which
    ``notices`` refers to, in 0019's), so it too runs with enforcement off and the
    references checked before commit.
    """
    _migrate(engine, "downgrade", revision)


def _migrate(engine: Engine, direction: str, revision: str) -> None:
    from alembic import command  # imported here: Alembic is slow to import, rarely needed
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from engine.store.skipped_revisions import apply_skipped

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with _migration_lock(engine), engine.connect() as connection, \
                _foreign_keys_checked_at_commit(connection), connection.begin():
            if connection.dialect.name == "postgresql":  # held until this transaction ends
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": MIGRATION_LOCK})
            config.attributes["connection"] = connection
            if direction == "upgrade":
                for line in apply_skipped(connection, ScriptDirectory.from_config(config)):
                    _log.warning("%s", line)
                command.upgrade(config, revision)
            else:
                command.downgrade(config, revision)
            _check_foreign_keys(connection)
    except Exception as exc:
        verb = "open or upgrade" if direction == "upgrade" else "downgrade"
        raise DatabaseError(f"cannot {verb} the database at "
                            f"{_safe(str(engine.url))!r}: {exc}") from exc


@contextmanager
def _foreign_keys_checked_at_commit(connection: Connection) -> Iterator[None]:
    """SQLite: enforcement of foreign keys off while migrations run, on again after.

    Alembic's batch mode changes a SQLite table by copying it and dropping the old one;
    with enforcement on, dropping a table that another table refers to fails (0013's
    ``digests``, referred to by ``notices``, in every installation that had sent a
    digest).  The pragma is a no-op inside a transaction, so it is set before BEGIN;
    :func:`_check_foreign_keys` then refuses to commit a migration that broke a
    reference.  PostgreSQL changes tables in place and keeps enforcing.
    """
    dbapi = connection.connection.dbapi_connection
    if connection.dialect.name != "sqlite" or dbapi is None:
        yield
        return
    dbapi.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        dbapi.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    """Refuse (roll back) a SQLite migration that left a row referring to nothing."""
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise DatabaseError(f"the migration would leave {len(broken)} row(s) referring to "
                            f"nothing (first: {table} row {rowid} -> {parent}); nothing "
                            "was changed")


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """One migrating process at a time for a SQLite file (PostgreSQL: an advisory lock).

    Several processes opening a new database at once (workers of ``stegvis serve``,
    two commands) would otherwise both create its tables, and one would fail.  The
    lock is a ``flock`` on ``<database>.migrate-lock``, never on the database file
    itself: closing another descriptor of that file would drop SQLite's own locks.
    """
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with file_lock(f"{database}.migrate-lock"):
        yield


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"
    return url
