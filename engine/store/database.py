"""Opening the database: SQLite by default, PostgreSQL through a URL, always migrated.

Where the data lives, first match wins:

1. the URL given to :func:`open_database` (``stegvis --database URL``);
2. ``STEGVIS_DATABASE_URL`` (e.g. ``postgresql+psycopg://user@host/stegvis``);
3. ``sqlite:///<data folder>/stegvis.db``, where the data folder is ``STEGVIS_HOME`` or
   ``$XDG_DATA_HOME/stegvis`` (``~/.local/share/stegvis``); created on first use.

Opening runs the Alembic migrations up to the newest revision, so an existing database
upgrades in place and a new one is created; nothing needs starting by hand.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text

from engine.errors import StegvisError
from engine.file_lock import file_lock
from engine.paths import data_folder as data_folder  # re-exported; engine.paths says where

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The PostgreSQL advisory-lock key under which one process at a time migrates.
MIGRATION_LOCK = 0x5374_6567_7669_73  # "Stegvis"


class DatabaseError(StegvisError):
    """The database cannot be opened or migrated; the message says which and why."""


def database_url(url: str | None = None) -> str:
    """The database URL in force (see module docstring)."""
    return url or os.environ.get("STEGVIS_DATABASE_URL") or \
        f"sqlite:///{data_folder() / 'stegvis.db'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


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
    if migrate:
        upgrade(engine)
    return engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` (the newest unless told otherwise)."""
    from alembic import command  # imported here: Alembic is slow to import, rarely needed
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with _migration_lock(engine), engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # held until this transaction ends
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except Exception as exc:
        raise DatabaseError(f"cannot open or upgrade the database at "
                            f"{_safe(str(engine.url))!r}: {exc}") from exc


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
