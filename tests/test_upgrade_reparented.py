"""A database made by a build whose migration chain was later re-parented upgrades to head.

Before the chain was held, merges re-parented revisions (the table in
:mod:`engine.store.skipped_revisions`): a database stamped 0011 by the deflang branch
never ran 0008 and 0009, yet on main 0011 comes after them.  Each such build's
database is made here exactly as that build made it (its revisions in its own order,
its stamp), lived in (every table filled), and opened with today's code: it reaches
head with every table and column the models have, and every row it held.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from conftest import create_postgres_database, drop_postgres_database
from lived_database import dump, expected_at_head, fill, revisions
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

import engine.store.tables  # noqa: F401 - registers the tables
from engine.store.database import MIGRATIONS, open_database, upgrade

#: Builds from git history: (commit, revisions after 0007 in the order it ran them).
BUILDS = {
    "38c5807-web": ["0009"],
    "8692bd5-deflang": ["0011"],
    "baffd39-obligations": ["0012"],
    "978b7ee-reports": ["0008", "0012"],
    "00e4f3f-board": ["0008", "0012", "0013"],
    "b821b02-deflang-merged": ["0008", "0011", "0012"],
    "d508995-indexes": ["0008", "0009", "0011", "0012", "0013", "0015"],
}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'branch.db'}"
        return
    url = create_postgres_database("stegvis_reparented")
    if url is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (required in CI)")
    yield url
    drop_postgres_database(url)


def _as_built(engine: Engine, chain: list[str]) -> None:
    """0001–0007 as everywhere, then ``chain`` in that build's order, stamped as it was."""
    upgrade(engine, "0007")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    with engine.begin() as connection:
        context = MigrationContext.configure(connection)
        with Operations.context(context):
            for revision in chain:
                script.get_revision(revision).module.upgrade()  # type: ignore[union-attr]
                if revision == "0015":  # as first written: enrolled index in another order
                    connection.execute(text("DROP INDEX ix_cases_programme_enrolled"))
                    connection.execute(text(
                        "CREATE INDEX ix_cases_programme_enrolled ON cases (programme_id, "
                        "enrolled_on, exited_on, status, gender, birth_year, municipality, "
                        "outcome, sub_outcome, track, definition_version_id)"))
        connection.execute(text("UPDATE alembic_version SET version_num = :v"),
                           {"v": chain[-1]})


@pytest.mark.parametrize("build", list(BUILDS))
def test_a_database_of_a_reparented_build_reaches_head_with_every_table_and_row(
        build: str, empty_url: str, caplog: pytest.LogCaptureFixture) -> None:
    chain = BUILDS[build]
    old = open_database(empty_url, migrate=False)
    _as_built(old, chain)
    fill(old)
    with old.connect() as connection:
        before = dump(connection)
    old.dispose()

    new = open_database(empty_url)  # what every command does first
    with new.connect() as connection:
        stamp = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        differences = compare_metadata(MigrationContext.configure(connection),
                                       SQLModel.metadata)
        after = dump(connection)
    new.dispose()

    assert stamp == revisions()[-1]
    assert differences == [], f"{build}: head's schema differs from the models: {differences}"
    skipped = sorted(set(revisions()[:revisions().index(chain[-1]) + 1])
                     - {*revisions()[:7], *chain})
    said = " ".join(r.getMessage() for r in caplog.records)
    for revision in skipped:
        assert f"never ran revision {revision}" in said
    expected = expected_at_head(before, audit_texts_moved="0014" not in chain)
    for table, rows in expected.items():
        assert len(after[table]) >= len(rows), f"{build}: rows of {table} lost"
        for old_row, new_row in zip(rows, after[table], strict=False):
            for column, value in old_row.items():
                assert new_row.get(column, value) == value, (
                    f"{build}: {table}.{column} {value!r} -> {new_row[column]!r}")


def test_a_database_built_on_mains_chain_gets_nothing_applied_twice(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'main.db'}"
    open_database(url).dispose()
    open_database(url).dispose()
    assert "never ran" not in caplog.text
