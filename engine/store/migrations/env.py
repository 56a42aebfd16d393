"""Alembic environment: Stegvis passes its own connection (see engine.store.database)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import engine.store.tables  # noqa: F401 - registers the tables on SQLModel.metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through engine.store.database.open_database")
context.configure(connection=connection, target_metadata=SQLModel.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
