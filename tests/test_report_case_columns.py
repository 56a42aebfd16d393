"""The report counts cases by the participant's gender and age from ``cases`` alone
(migration 0015): every way a case is made carries them, and old databases are filled."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from case_helpers import ELIGIBLE, enrol_person
from conftest import MovableClock
from sqlalchemy import text

from engine.definitions.loading import load_programme
from engine.reports.model import Period
from engine.service.cases.bulk import enrol_many
from engine.service.cases.enrolment import EnrolmentRequest
from engine.service.programme.report_data import programme_counts
from engine.service.shared.context import Context
from engine.store.database import open_database, upgrade


def _by_gender_and_age(ctx: Context) -> dict[tuple[str, int], int]:
    spec = load_programme("vasteras")
    period = Period("2024", "2024", date(2024, 1, 1), date(2024, 12, 31))
    with ctx.transaction() as session:
        counts = programme_counts(session.connection(), spec, period, date(2024, 3, 1),
                                  date(2024, 3, 1))
    out: dict[tuple[str, int], int] = {}
    for group in counts.cases:
        out[group.gender, group.age] = out.get((group.gender, group.age), 0) + group.count
    return out


def test_single_and_bulk_enrolled_cases_are_counted_by_their_gender_and_age(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 1))
    enrol_person(ctx, "vasteras", "one", date(2024, 1, 31), gender="man", birth_year=1990,
                 coordinator="bo", municipality="Västerås")
    enrol_many(ctx, [EnrolmentRequest(
        programme="vasteras", participant_key=f"bulk-{n}", gender="kvinna",
        birth_year=1980 + n % 2, coordinator="bo", on=date(2024, 2, 1),
        **ELIGIBLE["vasteras"]) for n in range(3)], actor="import")  # type: ignore[arg-type]
    assert _by_gender_and_age(ctx) == {("man", 34): 1, ("kvinna", 44): 2, ("kvinna", 43): 1}


def test_cases_stored_before_the_migration_get_their_participants_gender_and_age(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = open_database(url, migrate=False)
    upgrade(old, "0013")
    at = datetime(2024, 2, 1, 8, tzinfo=UTC)
    with old.begin() as connection:
        run = connection.execute
        run(text("INSERT INTO definition_versions (id, programme_id, version, content_hash, "
                 "source_text, stored_at) VALUES (1, 'vasteras', 1, 'h', 'id: x', :at)"),
            {"at": at})
        for n, (gender, born) in enumerate((("kvinna", 1980), ("annat", 1999)), start=1):
            run(text("INSERT INTO participants (id, key, gender, birth_year, municipality, "
                     "created_at) VALUES (:n, :key, :gender, :born, 'Västerås', :at)"),
                {"n": n, "key": f"P-{n}", "gender": gender, "born": born, "at": at})
            run(text("INSERT INTO cases (id, participant_id, programme_id, "
                     "definition_version_id, coordinator, municipality, status, phase, "
                     "enrolled_on, row_version, created_at, updated_at) VALUES (:n, :n, "
                     "'vasteras', 1, 'bo', 'Västerås', 'active', 'kartlaggning', :on, 1, "
                     ":at, :at)"), {"n": n, "at": at, "on": date(2024, 2, 1)})
    old.dispose()
    ctx = Context(open_database(url), lambda: datetime(2024, 3, 1, 9, tzinfo=UTC))
    assert _by_gender_and_age(ctx) == {("kvinna", 44): 1, ("annat", 25): 1}
    ctx.engine.dispose()
