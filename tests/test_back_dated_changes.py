"""A change back-dated with ``--today`` after a sweep has run is seen by the next sweep.

The coordinator records on Friday an enrolment that happened the week before, acting
as on that day (``--today``, ``--on``).  Its first tasks were due before this week's
sweeps ran.  The next sweep must tell her they are overdue, exactly once; before, the
change was stamped at the back-dated time, behind the sweeps that had run, and no
sweep ever looked at it.  Through the commands, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import create_postgres_database, drop_postgres_database
from test_cli_cases import REBUS, as_json, make_stegvis, ok


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'stegvis.db'}"
        return
    url = create_postgres_database("stegvis_back_dated")
    if url is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (required in CI)")
    yield url
    drop_postgres_database(url)


def test_a_back_dated_enrolment_is_swept_by_the_next_sweep(database: str,
                                                            tmp_path: Path) -> None:
    stegvis = make_stegvis(database, tmp_path)
    ok(stegvis("contact", "set", "coordinator", "anna", "anna@hagfors.example",
               today="2024-02-05"))
    for day in ("2024-02-08", "2024-02-09", "2024-02-12"):
        assert "0 new notice(s)" in ok(stegvis("sweep", today=day))

    # Recorded on Tuesday the 13th, acting as on the day it happened.
    ok(stegvis("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna", "--on", "2024-02-01",
               today="2024-02-01"))
    reminded = [t["key"] for t in as_json(stegvis("tasks", "--json", today="2024-02-13"))
                if t["remind_on"] <= "2024-02-12"]
    assert reminded == ["task:startenkat", "task:sus_registrering"]  # reminders passed

    assert "2 new notice(s), 1 digest(s)" in ok(stegvis("sweep", today="2024-02-13"))
    assert "0 new notice(s)" in ok(stegvis("sweep", today="2024-02-13"))
