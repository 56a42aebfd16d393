"""Migration 0012 keeps the outbox: notices written before it stay, pending and indexed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import text

from engine.store.database import downgrade, open_database, upgrade


def _notice_rows(connection: object) -> list[tuple[object, ...]]:
    return [tuple(r) for r in connection.execute(text(  # type: ignore[attr-defined]
        "SELECT key, obligation_id, case_id, programme_obligation_id, status FROM notices"))]


def test_notices_from_before_the_migration_are_kept_and_still_indexed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = open_database(url, migrate=False)
    upgrade(old, "0007")
    at = datetime(2024, 2, 1, 8, tzinfo=UTC)
    with old.begin() as connection:
        run = connection.execute
        run(text("INSERT INTO definition_versions (id, programme_id, version, content_hash, "
                 "source_text, stored_at) VALUES (1, 'rebus', 1, 'h', 'id: rebus', :at)"),
            {"at": at})
        run(text("INSERT INTO participants (id, key, gender, birth_year, municipality, "
                 "created_at) VALUES (1, 'P-1', 'kvinna', 1980, 'Hagfors', :at)"), {"at": at})
        run(text("INSERT INTO cases (id, participant_id, programme_id, definition_version_id, "
                 "coordinator, municipality, status, phase, enrolled_on, row_version, "
                 "created_at, updated_at) VALUES (1, 1, 'rebus', 1, 'anna', 'Hagfors', "
                 "'active', 'kartlaggning', :on, 1, :at, :at)"),
            {"at": at, "on": date(2024, 2, 1)})
        run(text("INSERT INTO obligations (id, case_id, programme_id, coordinator, "
                 "municipality, key, kind, name, due_on, attendees, rule, source, status, "
                 "note) VALUES (1, 1, 'rebus', 'anna', 'Hagfors', 'task:x', 'task', 'X', "
                 ":on, '[]', 'r', 's', 'open', '')"), {"on": date(2024, 2, 15)})
        run(text("INSERT INTO notices (key, stage, obligation_id, case_id, programme_id, "
                 "recipient_kind, recipient, due_on, day, status, created_at) VALUES "
                 "('soon:1:2024-02-15', 'soon', 1, 1, 'rebus', 'coordinator', 'anna', :due, "
                 ":day, 'pending', :at)"),
            {"due": date(2024, 2, 15), "day": date(2024, 2, 8), "at": at})
    old.dispose()

    new = open_database(url)   # upgrades in place to the newest revision
    with new.connect() as connection:
        assert _notice_rows(connection) == [("soon:1:2024-02-15", 1, 1, None, "pending")]
        index = connection.execute(text(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_notices_pending'")).scalar()
        assert index is not None and "WHERE status = 'pending'" in index
    new.dispose()

    back = open_database(url, migrate=False)
    downgrade(back, "0007")   # through 0019's, which copies obligations that notices refer to
    with back.connect() as connection:
        assert connection.execute(text("SELECT key FROM notices")).scalars().all() == [
            "soon:1:2024-02-15"]
        assert "programme_obligations" not in connection.execute(text(
            "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'")).scalar()
    back.dispose()
