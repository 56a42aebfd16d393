"""Bulk enrolment stores exactly what one-at-a-time enrolment stores, on both backends."""

from __future__ import annotations

from datetime import date

from case_helpers import ELIGIBLE, enrol_person
from conftest import MovableClock
from sqlalchemy import text
from sqlmodel import Session, select

from engine.definitions.loading import load_programme
from engine.service.cases.bulk import enrol_many
from engine.service.cases.enrolment import EnrolmentRequest
from engine.service.cases.materialize import reconcile
from engine.service.shared.context import Context
from engine.store.tables import AuditRow, CaseRow, ObligationRow


def request(key: str, on: date, **overrides: object) -> EnrolmentRequest:
    fields: dict[str, object] = dict(programme="vasteras", participant_key=key,
                                     gender="man", birth_year=1990, coordinator="bo", on=on)
    fields.update(ELIGIBLE["vasteras"])
    fields.update(overrides)
    return EnrolmentRequest(**fields)  # type: ignore[arg-type]


def obligations(ctx: Context, case_id: int) -> list[tuple[object, ...]]:
    with Session(ctx.engine) as session:
        rows = session.exec(select(ObligationRow).where(ObligationRow.case_id == case_id)
                            .order_by(ObligationRow.key)).all()
        return [(r.key, r.kind, r.due_on, r.remind_on, r.escalate_on, r.status, r.rule,
                 tuple(r.attendees)) for r in rows]


def test_bulk_matches_single_enrolment_and_reports_refusals(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 1))
    single = enrol_person(ctx, "vasteras", "single", date(2024, 1, 31), gender="man",
                          birth_year=1990, coordinator="bo", municipality="Västerås").case_id
    result = enrol_many(ctx, [
        request("bulk-1", date(2024, 1, 31)),
        request("bulk-2", date(2024, 2, 29)),
        request("too-young", date(2024, 1, 31), birth_year=2015),
        request("bulk-1", date(2024, 1, 31)),
        request("future", date(2024, 3, 2)),
    ], actor="import", batch_size=2)
    assert (result.enrolled, result.waiting) == (2, 0)
    refused = dict(result.refused)
    assert set(refused) == {"too-young", "bulk-1", "future"}
    assert "8 or 9 years old" in refused["too-young"]
    assert "already registered" in refused["bulk-1"]
    with Session(ctx.engine) as session:
        cases = {c.participant_id: c.id for c in session.exec(select(CaseRow)).all()}
        assert len(session.exec(select(AuditRow)).all()) == 3
    bulk_first = sorted(cases.values())[1]
    assert obligations(ctx, bulk_first) == obligations(ctx, single)
    assert result.obligations == len(obligations(ctx, bulk_first)) * 2


def test_reconciling_a_bulk_enrolled_case_changes_nothing(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 1))
    enrol_many(ctx, [request("b", date(2024, 2, 1))], actor="import")
    spec = load_programme("vasteras")
    with ctx.transaction() as session:
        case = session.exec(select(CaseRow)).one()
        changed = reconcile(session, case, spec, ctx.today(), ctx.now())
    assert changed.added == changed.moved == changed.cancelled == ()


def test_bulk_enrolment_warns_of_a_full_soft_quota_as_single_enrolment_does(
        ctx: Context, clock: MovableClock) -> None:
    """REBUS's Munkfors quota is 6 and soft (seed 001): the 7th is enrolled with a warning,
    worded the same whether the 7th came alone or in a batch."""
    clock.set_day(date(2024, 3, 1))
    rebus = dict(ELIGIBLE["rebus"], municipality="Munkfors")
    for n in range(6):
        assert enrol_person(ctx, "rebus", f"single-{n}", date(2024, 2, 1), **rebus).warnings == ()
    alone = enrol_person(ctx, "rebus", "single-6", date(2024, 2, 1), **rebus).warnings
    assert alone == ("Munkfors already has 6 of its 6 places (a soft quota: enrolled by need, "
                     "note the reason)",)
    result = enrol_many(ctx, [
        EnrolmentRequest(programme="rebus", participant_key=f"bulk-{n}", gender="kvinna",
                         birth_year=1985, coordinator="anna", on=date(2024, 2, 1),
                         **rebus)  # type: ignore[arg-type]
        for n in range(2)], actor="import")
    assert result.enrolled == 2
    assert result.warnings == [
        ("bulk-0", "Munkfors already has 7 of its 6 places (a soft quota: enrolled by need, "
                   "note the reason)"),
        ("bulk-1", "Munkfors already has 8 of its 6 places (a soft quota: enrolled by need, "
                   "note the reason)")]


def _stored(ctx: Context, key: str) -> dict[str, list[tuple[object, ...]]]:
    """Every stored column of one participant's rows, as the database holds them, ids aside."""
    queries = {
        "participants": "SELECT consent_on, gender, birth_year, birth_on, municipality, "
                        "personnummer, created_at FROM participants WHERE key = :key",
        "cases": "SELECT c.* FROM cases c JOIN participants p ON p.id = c.participant_id "
                 "WHERE p.key = :key",
        "phase_entries": "SELECT e.* FROM phase_entries e JOIN cases c ON c.id = e.case_id "
                         "JOIN participants p ON p.id = c.participant_id WHERE p.key = :key",
        "obligations": "SELECT o.* FROM obligations o JOIN cases c ON c.id = o.case_id "
                       "JOIN participants p ON p.id = c.participant_id WHERE p.key = :key "
                       "ORDER BY o.key",
        "audit_log": "SELECT a.at, a.action, a.before FROM audit_log a JOIN cases c "
                     "ON c.id = a.case_id JOIN participants p ON p.id = c.participant_id "
                     "WHERE p.key = :key"}
    ids = {"id", "case_id", "participant_id"}
    with ctx.engine.connect() as conn:
        found = {}
        for table, sql in queries.items():
            result = conn.execute(text(sql), {"key": key})
            keep = [i for i, name in enumerate(result.keys()) if name not in ids]
            found[table] = [tuple(str(row[i]) for i in keep) for row in result]
        return found


def test_a_bulk_enrolled_person_is_stored_column_for_column_as_a_single_enrolment(
        ctx: Context, clock: MovableClock) -> None:
    """Both the raw driver path (SQLite executemany, PostgreSQL COPY) and one-at-a-time
    enrolment go through different code: what they store must not differ in any column."""
    clock.set_day(date(2024, 3, 1))
    common = dict(gender="man", birth_year=1990, coordinator="bo", municipality="Västerås",
                  referring_party="Försäkringskassan", referred_on=date(2024, 1, 20))
    enrol_person(ctx, "vasteras", "single", date(2024, 1, 31), **common)
    result = enrol_many(ctx, [request("bulk", date(2024, 1, 31), **common)], actor="anna")
    assert result.enrolled == 1
    single, bulk = _stored(ctx, "single"), _stored(ctx, "bulk")
    assert bulk["obligations"] and bulk["phase_entries"] and bulk["audit_log"]
    assert bulk == single


def test_the_larger_page_cache_of_an_import_is_given_back_to_the_pool(
        stegvis_db: Context, clock: MovableClock) -> None:
    """An import writes with a 128 MiB SQLite page cache; the pooled connections the
    web server and the flows use afterwards must be back at SQLite's default, or every
    one of them would keep 128 MiB once it had served an import.  (SQLite only: the
    page cache is SQLite's.)"""
    ctx = stegvis_db
    clock.set_day(date(2024, 3, 1))
    with ctx.engine.connect() as connection:
        default = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    result = enrol_many(ctx, [request(f"p{n}", date(2024, 2, 1)) for n in range(6)],
                        actor="import", batch_size=4)
    assert result.enrolled == 6
    for _ in range(3):  # whichever pooled connection the batches had
        with ctx.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar_one() == default
