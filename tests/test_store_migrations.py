"""The database schema comes from Alembic migrations that match the models exactly."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
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
