"""Partial indexes, the same on SQLite and PostgreSQL: the predicates and the clause."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

#: The predicates of the partial indexes over open obligations and unsent digests.
OPEN = "status = 'open'"
UNSENT = "status IN ('pending', 'sending')"


def partial(predicate: str) -> dict[str, Any]:
    """An index's WHERE clause on both SQLite and PostgreSQL."""
    return {"sqlite_where": text(predicate), "postgresql_where": text(predicate)}
