"""Every release upgrades: a database that has lived at any revision reaches head with
every row it held.

For each revision of the migration chain a database is built at that revision, every
one of its tables is filled (:mod:`lived_database`), and opening it with today's code
upgrades it to head, on SQLite and PostgreSQL.  Every row and every column that still
exists must hold what it held, except for the moves a revision documents (0014 keeps
audit texts apart); tables and columns a revision drops are named here with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import create_postgres_database, drop_postgres_database
from lived_database import dump, expected_at_head, fill, parents, revisions
from sqlalchemy import text

from engine.rules.surveys import answer_score
from engine.store.database import open_database, upgrade

#: The chain as it stands on main.  A revision's id and parent never change once on main
#: (docs/case-engine.md): an installation stamped with one would otherwise miss tables.
CHAIN = {"0001": None, "0002": "0001", "0003": "0002", "0004": "0003", "0005": "0004",
         "0006": "0005", "0007": "0006", "0008": "0007", "0009": "0008", "0011": "0009",
         "0012": "0011", "0013": "0012", "0014": "0013", "0015": "0014", "0016": "0015",
         "0017": "0016", "0018": "0017", "0019": "0018", "0020": "0019", "0021": "0020",
         "0022": "0021", "0023": "0022", "0024": "0023", "0025": "0024"}


def test_the_migration_chain_is_history() -> None:
    """Revisions are only ever added at the head: none re-parented, renumbered or removed."""
    on_disk = parents()
    for revision, parent in CHAIN.items():
        assert on_disk.get(revision, "missing") == parent, (
            f"revision {revision} must keep parent {parent}; found "
            f"{on_disk.get(revision, 'no such revision')}")
    assert revisions()[:len(CHAIN)] == list(CHAIN), \
        f"new revisions go after {list(CHAIN)[-1]}, one line"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'lived.db'}"
        return
    url = create_postgres_database("stegvis_upgrade")
    if url is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (required in CI)")
    yield url
    drop_postgres_database(url)


@pytest.mark.parametrize("revision", revisions()[:-1])
def test_a_lived_database_at_each_revision_upgrades_keeping_every_row(
        revision: str, empty_url: str) -> None:
    old = open_database(empty_url, migrate=False)
    upgrade(old, revision)
    fill(old)
    with old.connect() as connection:
        before = dump(connection)
    old.dispose()

    new = open_database(empty_url)  # what every command does: upgrade in place
    with new.connect() as connection:
        after = dump(connection)
        head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    new.dispose()
    assert head == revisions()[-1]

    expected = _expected(revision, before)
    for table, rows in expected.items():
        assert table in after, f"upgrading from {revision} lost table {table}"
        kept = after[table]
        assert len(kept) >= len(rows), f"upgrading from {revision} lost rows of {table}"
        for old_row, new_row in zip(rows, kept, strict=False):
            for column, value in old_row.items():
                if column in new_row:
                    assert new_row[column] == value, (
                        f"upgrading from {revision} changed {table}.{column}: "
                        f"{value!r} -> {new_row[column]!r}")
    if revision < "0022":  # nothing is invented for cases enrolled before 0022
        assert {(c["consent_on"], c["active_parties"], c["parties_active"])
                for c in after["cases"]} == {(None, None, None)}
    # 0025: every survey answer gets the score the reports read, the sum its answers
    # give in Python (booleans and texts are no numbers).
    assert after["survey_answers"], "the lived database has survey answers"
    for answer in after["survey_answers"]:
        assert answer["score"] == answer_score(answer["answers"]), answer


def _expected(revision: str, before: dict[str, list[dict[str, Any]]]
              ) -> dict[str, list[dict[str, Any]]]:
    """``before`` as head should hold it: the documented moves applied."""
    return expected_at_head(before, audit_texts_moved=revision < "0014")
