"""Migration 0014 takes the free text out of the append-only logs written before it.

A database at 0013 holds audit entries with goals, notes and reasons in their before
and after, and access-log entries of the case page with the participant's key in their
detail.  After the upgrade the texts live in ``audit_texts`` (the case still shows
them), the logs hold none of them, and both logs are append-only again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import create_postgres_database, drop_postgres_database
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from engine.service.shared.audit_texts import KEPT_APART
from engine.store.database import downgrade, open_database, upgrade

NOTES = "Pratade om hennes skulder"
REASON = "Behöver mer tid med sin son"
BOARD = "Projektet fortsätter 2025"


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    url = create_postgres_database("stegvis_0014")
    if url is None:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432 (required in CI)")
    yield url
    drop_postgres_database(url)


def _at_0013(url: str) -> None:
    old = open_database(url, migrate=False)
    upgrade(old, "0013")
    entries = [("follow_up", 7, {"agreed_interval": "1 month"},
                {"held_on": "2024-03-15", "follow_up": {"notes": NOTES, "held_on": "2024-03-15"}}),
               ("undo_exit", 7, None, {"status": "active", "reason": REASON}),
               ("exit", 7, {"status": "active"}, {"status": "exited"}),
               # Of no case: the board's text is the programme's and stays; a key goes.
               ("board_decision", None, None, {"text": BOARD}),
               ("user_add", None, None, {"name": "konto-1", "participant_key": "R01"})]
    with old.begin() as connection:
        for action, case_id, before, after in entries:
            connection.execute(text(
                "INSERT INTO audit_log (at, actor, action, case_id, before, after) VALUES "
                "('2024-03-15 08:00:00+00', 'anna', :action, :case_id, :before, :after)"),
                {"action": action, "case_id": case_id,
                 "before": json.dumps(before) if before else None, "after": json.dumps(after)})
        connection.execute(text(
            "INSERT INTO access_log (at, user_name, role, case_id, what, detail) VALUES "
            "('2024-03-15 08:00:00+00', 'lena', 'coordinator', 7, 'ärendesida', "
            "'R01, rebus')"))
    old.dispose()


def _logged(connection: Connection) -> str:
    """The audit log's before and after, decoded, as one text."""
    values = [json.loads(v) if isinstance(v, str) else v for row in connection.execute(
        text("SELECT before, after FROM audit_log ORDER BY id")).all() for v in row]
    return json.dumps(values, ensure_ascii=False)


def test_old_texts_move_apart_and_the_logs_stay_append_only(old_database: str) -> None:
    _at_0013(old_database)
    engine: Engine = open_database(old_database)
    try:
        with engine.connect() as connection:
            logged = _logged(connection)
            assert NOTES not in logged and REASON not in logged and KEPT_APART in logged
            assert "1 month" in logged and "exited" in logged  # the rest stays as written
            assert BOARD in logged and "R01" not in logged
            apart = connection.execute(text(
                "SELECT side, field, case_id FROM audit_texts ORDER BY id")).all()
            assert [tuple(r) for r in apart] == [("after", "follow_up.notes", 7),
                                                 ("after", "reason", 7),
                                                 ("after", "participant_key", None)]
            assert connection.execute(text("SELECT detail FROM access_log")).scalar_one() \
                == "rebus"
        for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM access_log"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
                connection.execute(text(statement))
        from sqlmodel import Session

        from engine.service.shared.audit_texts import audit_entries, entries_naming_participant
        with Session(engine) as session:
            entries = audit_entries(session, [7])
        assert entries[0]["after"]["follow_up"]["notes"] == NOTES
        assert entries[1]["after"]["reason"] == REASON
        assert entries[2]["after"] == {"status": "exited"}
        with Session(engine) as session:
            [made] = entries_naming_participant(session, "R01")
        assert made["after"] == {"name": "konto-1", "participant_key": "R01"}
    finally:
        engine.dispose()


def test_downgrading_puts_the_texts_back(old_database: str) -> None:
    _at_0013(old_database)
    engine = open_database(old_database)
    try:
        downgrade(engine, "0013")
        with engine.connect() as connection:
            logged = _logged(connection)
            assert NOTES in logged and REASON in logged and KEPT_APART not in logged
            assert "R01" in logged
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_log"))
    finally:
        engine.dispose()
