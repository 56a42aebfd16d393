"""After a purge, nothing erased is readable in the database's own files (both backends).

Erasing in SQL is not erasing on disk: SQLite left the old rows in freed space and in its
write-ahead log, PostgreSQL kept them as dead tuples (plain VACUUM leaves their bytes in
the page).  The files themselves are read here, byte by byte, for every text the purge
erased.  (What backups taken before the purge hold is said in docs/privacy.md.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from test_privacy import PERSONAL, population_ctx  # noqa: F401  (the fixture)

from engine.service.people.retention import ERASED_TABLES, purge
from engine.service.shared.context import Context

#: The texts written about P01 (its key and phone are short and may recur by chance).
ERASED = [p.encode("utf-8") for p in PERSONAL[2:6]] + [b"199101011006", b"p01.deltagare"]


def _sqlite_files(engine: Engine) -> list[Path]:
    database = Path(str(engine.url.database))
    return [p for p in (database, Path(f"{database}-wal"), Path(f"{database}-journal"))
            if p.exists()]


def _postgres_files(engine: Engine) -> list[Path]:
    with engine.connect() as connection:
        folder = connection.execute(text("SHOW data_directory")).scalar_one()
        paths = connection.execute(text(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
            "AND c.relkind IN ('r', 'i', 't')")).scalars().all()
        toast = connection.execute(text(
            "SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c "
            "WHERE c.relname = ANY(:tables) AND c.reltoastrelid <> 0"),
            {"tables": ERASED_TABLES}).scalars().all()
        connection.execute(text("CHECKPOINT"))  # dirty pages into the files
    files = [Path(folder) / p for p in [*paths, *toast] if p]
    if not files or not os.access(files[0], os.R_OK):
        pytest.skip("PostgreSQL's files cannot be read here")
    found = []
    for path in files:  # a relation larger than 1 GB continues in path.1, path.2, …
        found += [path, *sorted(path.parent.glob(f"{path.name}.[0-9]*"))]
    return [p for p in found if p.exists()]


def _readable_anywhere(engine: Engine) -> list[str]:
    files = _sqlite_files(engine) if engine.dialect.name == "sqlite" \
        else _postgres_files(engine)
    contents = b"".join(p.read_bytes() for p in files)
    return [e.decode() for e in ERASED if e in contents]


def test_purge_leaves_nothing_readable_in_the_database_files(
        population_ctx: Context) -> None:  # noqa: F811
    ctx = population_ctx
    assert _readable_anywhere(ctx.engine)  # written, so the reading below means something
    done = purge(ctx, "gdpr")
    assert done.cases == 11
    assert _readable_anywhere(ctx.engine) == []
