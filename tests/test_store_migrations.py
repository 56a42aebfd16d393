"""The database schema comes from Alembic migrations that match the models exactly."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import create_postgres_database, drop_postgres_database
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

import engine.store.tables  # noqa: F401 - registers the tables
from engine.store.database import open_database


def test_migrations_create_exactly_the_models(backend: Engine) -> None:
    with backend.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == [], ("the models changed without a migration; generate one "
                               f"(see docs/case-engine.md): {differences}")


def test_opening_an_existing_database_again_keeps_its_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'stegvis.db'}"
    first = open_database(url)
    with first.begin() as connection:
        connection.execute(text("INSERT INTO definition_versions (programme_id, version, "
                                "content_hash, source_text, stored_at) VALUES "
                                "('x', 1, 'h', 't', '2024-01-01 00:00:00')"))
        head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    first.dispose()
    again = open_database(url)
    with again.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM definition_versions")).scalar() == 1
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() \
            == head
    assert "obligations" in inspect(again).get_table_names()
    again.dispose()


def test_a_database_at_the_first_revision_upgrades_in_place_keeping_its_data(
        tmp_path: Path) -> None:
    from engine.store.database import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = open_database(url, migrate=False)
    upgrade(old, "0001")  # a database as the first release left it
    with old.begin() as connection:
        assert "next_on" not in {c["name"] for c in inspect(connection).get_columns("follow_ups")}
        connection.execute(text(
            "INSERT INTO definition_versions (programme_id, version, content_hash, source_text, "
            "stored_at) VALUES ('rebus', 1, 'h', 'id: rebus', '2024-01-31 08:00:00')"))
        connection.execute(text(
            "INSERT INTO audit_log (at, actor, action) VALUES ('2024-01-31 08:00:00', 'anna', "
            "'note')"))
    old.dispose()

    new = open_database(url)  # opening upgrades it in place
    with new.connect() as connection:
        assert "next_on" in {c["name"] for c in inspect(connection).get_columns("follow_ups")}
        assert connection.execute(text("SELECT programme_id FROM definition_versions")
                                  ).scalars().all() == ["rebus"]
        assert connection.execute(text("SELECT actor FROM audit_log")).scalars().all() == [
            "anna"]
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() \
            == _head()
    new.dispose()


def _head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from engine.store.database import MIGRATIONS
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def test_the_audit_log_refuses_updates_and_deletes(backend: Engine) -> None:
    import pytest
    from sqlalchemy.exc import DBAPIError

    with backend.begin() as connection:
        connection.execute(text("INSERT INTO audit_log (at, actor, action) VALUES "
                                "('2024-01-31 08:00:00+00', 'anna', 'note')"))
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), backend.begin() as connection:
            connection.execute(text(statement))
    with backend.connect() as connection:
        assert connection.execute(text("SELECT actor FROM audit_log")).scalars().all() == [
            "anna"]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_processes_opening_a_new_database_at_once_all_succeed(kind: str,
                                                              tmp_path: Path) -> None:
    """Workers starting together on a new (or not yet upgraded) database: one migrates."""
    if kind == "sqlite":
        url: str | None = f"sqlite:///{tmp_path / 'new.db'}"
    else:
        url = create_postgres_database("stegvis_race")
        if url is None:
            pytest.skip("no PostgreSQL at 127.0.0.1:5432 (required in CI)")
    go = tmp_path / "go"
    script = ("import sys, time, pathlib\n"
              "from engine.store.database import open_database\n"
              "while not pathlib.Path(sys.argv[2]).exists(): time.sleep(0.005)\n"
              "open_database(sys.argv[1]).dispose()\n")
    try:
        processes = [subprocess.Popen([sys.executable, "-c", script, str(url), str(go)],
                                      stderr=subprocess.PIPE, text=True) for _ in range(4)]
        time.sleep(2.5)  # all four imported and waiting
        go.touch()
        errors = [p.communicate(timeout=120)[1] for p in processes]
        assert [p.returncode for p in processes] == [0] * 4, errors
        opened = open_database(url)
        with opened.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        opened.dispose()
        assert len(versions) == 1
    finally:
        if kind == "postgresql" and url:
            drop_postgres_database(url)
