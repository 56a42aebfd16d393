"""Enrolling many participants at once (imports, migrations from spreadsheets, benchmarks).

The same rules as :func:`engine.service.cases.enrolment.enrol` — eligibility, capacity and
quotas, a pinned definition version, stored obligations and an audit entry per case —
but in batches: one transaction per batch, the rows written through the driver's batch
path (engine.store.batch_insert: executemany on SQLite, COPY on PostgreSQL), and the
timeline computed and converted once per distinct enrolment date (it is a pure function
of the definition and the facts, and at enrolment the facts are only the date).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, func, or_
from sqlmodel import SQLModel, col, select

from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError, RefusedError, StegvisError
from engine.rules.capacity import Occupancy, Stays, place
from engine.rules.eligibility import eligibility_failures, party_ids
from engine.rules.obligations import Obligation
from engine.rules.timeline import CaseFacts, limit_last_day, participant_timeline
from engine.service.cases.enrolment import (
    EnrolmentRequest,
    checked_person,
    lock_enrolment,
    person_facts,
    recorded_at_enrolment,
    refuse_second_open_case,
)
from engine.service.cases.materialize import COPIED_FIELDS, HORIZON_DAYS
from engine.service.shared.change_stamp import change_stamp
from engine.service.shared.context import Context
from engine.service.shared.published import pin_definition
from engine.service.shared.text_checks import check_values
from engine.store.batch_insert import converter, insert_rows, reserve_ids
from engine.store.programme_tables import EnrolmentRefusalRow
from engine.store.tables import AuditRow, CaseRow, ObligationRow, ParticipantRow, PhaseEntryRow


@dataclass(slots=True)
class BulkResult:
    """How a bulk enrolment went: counts, and each refused row with its reason."""

    enrolled: int = 0
    waiting: int = 0
    obligations: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    #: (participant key, warning) for each enrolled row single enrolment would warn of
    warnings: list[tuple[str, str]] = field(default_factory=list)


def _batches(items: Iterable[EnrolmentRequest], size: int) -> Iterator[list[EnrolmentRequest]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def enrol_many(ctx: Context, requests: Iterable[EnrolmentRequest], actor: str,
               batch_size: int = 5000) -> BulkResult:
    """Enrol every eligible request of one programme; refused rows are reported, not raised."""
    if not actor.strip():
        raise InputError("say who does this (actor): every change is logged with its author")
    check_values(_table(AuditRow), {"actor": actor})
    result = BulkResult()
    timelines: dict[tuple[date, date | None], list[Row]] = {}
    for batch in _batches(requests, batch_size):
        _enrol_batch(ctx, batch, actor, result, timelines)
    return result


def _enrol_batch(ctx: Context, batch: list[EnrolmentRequest], actor: str, result: BulkResult,
                 timelines: dict[tuple[date, date | None], list[Row]]) -> None:
    today, now = ctx.today(), ctx.now()
    programmes = {r.programme for r in batch}
    if len(programmes) != 1:
        raise InputError("a bulk enrolment covers one programme at a time")
    with ctx.transaction() as session:
        spec, version = pin_definition(ctx, session, programmes.pop())
        lock_enrolment(session, spec.id)
        active = Counter(dict(session.exec(
            select(CaseRow.municipality, func.count()).where(
                CaseRow.programme_id == spec.id, CaseRow.status == "active")
            .group_by(col(CaseRow.municipality))).all()))
        held = Counter(dict(session.exec(
            select(CaseRow.coordinator, func.count()).where(
                CaseRow.programme_id == spec.id, CaseRow.status == "active")
            .group_by(col(CaseRow.coordinator))).all()))
        earliest = min((r.on or today) for r in batch)
        known_stays: defaultdict[str | None, list[tuple[date, date | None]]] = defaultdict(list)
        if earliest < today:  # back-dated: the cases active on each one's date count too
            for municipality, start, end in session.exec(
                    select(col(CaseRow.municipality), col(CaseRow.enrolled_on),
                           col(CaseRow.exited_on)).where(
                        CaseRow.programme_id == spec.id,
                        col(CaseRow.status).in_(("active", "exited")),
                        col(CaseRow.enrolled_on) <= today,
                        or_(col(CaseRow.exited_on).is_(None),
                            col(CaseRow.exited_on) > earliest))).all():
                for key in (None, municipality):
                    known_stays[key].append((start, end))
        stays: defaultdict[str | None, Stays] = defaultdict(Stays)
        stays.update((key, Stays.of(pairs)) for key, pairs in known_stays.items())
        admitted = int(session.exec(select(func.count()).select_from(CaseRow).where(
            CaseRow.programme_id == spec.id,
            col(CaseRow.status).in_(("active", "exited")))).one())
        keys = [r.participant_key for r in batch]
        known = set(session.exec(select(ParticipantRow.key).where(
            col(ParticipantRow.key).in_(keys))).all())
        accepted: list[_Accepted] = []
        seen: set[str] = set()
        numbers: set[str] = set()
        for request in batch:
            try:
                on = request.on or today
                if on > today:
                    raise InputError(f"enrolment date {on} is in the future")
                if request.participant_key in known or request.participant_key in seen:
                    raise InputError("the participant is already registered; enrol them "
                                     "one at a time")
                birth_on, digits = checked_person(request, on, today, spec)
                if digits is not None:
                    if digits in numbers:
                        raise RefusedError("this identity number is given twice in the "
                                           "batch; a person has one open case in a programme")
                    refuse_second_open_case(session, spec, digits)
                _eligible(spec, request, birth_on, on)
                then = (stays[None].active_on(on), stays[request.municipality].active_on(on)) \
                    if on < today else (0, 0)
                placement = place(spec, request.municipality, Occupancy(
                    active=max(sum(active.values()), then[0]),
                    active_in_municipality=max(active[request.municipality], then[1]),
                    enrolled_in_all=admitted,
                    active_of_coordinator=held[request.coordinator]), request.coordinator)
            except StegvisError as exc:
                result.refused.append((request.participant_key, str(exc)))
                if isinstance(exc, _NotEligible):  # kept for the reports, as one at a time
                    session.add(EnrolmentRefusalRow(
                        programme_id=spec.id, refused_on=exc.on, gender=request.gender,
                        criteria=" ".join(sorted(exc.criteria))))
                continue
            status: str = placement.status
            if status == "active":
                for key in (None, request.municipality):
                    stays[key].add(on)
                active[request.municipality] += 1
                held[request.coordinator] += 1
                admitted += 1
            result.warnings.extend((request.participant_key, w) for w in placement.warnings)
            seen.add(request.participant_key)
            if digits is not None:
                numbers.add(digits)
            accepted.append((request, on, birth_on, digits, status))
        if not accepted:
            return
        with _page_cache_for_bulk(session.connection()) as connection:
            _write_batch(connection, spec, version.id, accepted, actor, today, now,
                         result, timelines)


#: SQLite's page cache while a batch is written (KiB; its default is 2 MiB).  Each
#: obligation row goes into seven B-trees whose pages are scattered over the file; with
#: 2 MiB most of them are read again from the operating system for every row.  With
#: 128 MiB plain sqlite3 wrote those rows 1.3× faster here, and the whole enrolment of
#: 100,000 participants was 8–35 % faster (docs/benchmarks.md).  It is given back after
#: the batch.
BULK_PAGE_CACHE_KIB = 131_072


@contextmanager
def _page_cache_for_bulk(connection: Connection) -> Iterator[Connection]:
    if connection.dialect.name != "sqlite":
        yield connection
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{BULK_PAGE_CACHE_KIB}")
    try:
        yield connection
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


def _write_batch(connection: Connection, spec: ProgrammeSpec, version_id: int | None,
                 accepted: list[_Accepted], actor: str, today: date, now: datetime,
                 result: BulkResult, timelines: dict[tuple[date, date | None], list[Row]]) -> None:
    """Participants, cases, phase entries, obligations and audit rows of one batch.

    The same rows a Core insert per table stored, written through the driver's batch
    path (executemany on SQLite, COPY on PostgreSQL) with ids reserved beforehand.
    What is the same for many rows is converted once: the stored time of ``now``, each
    date, each timeline's obligations, each audit entry's JSON.
    """
    people_t, cases_t, entries_t = _table(ParticipantRow), _table(CaseRow), _table(PhaseEntryRow)
    obligations_t, audit_t = _table(ObligationRow), _table(AuditRow)
    to_date = converter(connection, cases_t, "enrolled_on")
    to_json = converter(connection, audit_t, "after")
    to_parties = converter(connection, cases_t, "active_parties")
    stamp = converter(connection, audit_t, "at")(now)
    changed = converter(connection, obligations_t, "changed_at")(change_stamp(connection, now))
    until = today + timedelta(days=HORIZON_DAYS)
    stored_until = to_date(until)
    dates: dict[date | None, Any] = {None: None}

    def stored(day: date | None) -> Any:
        if day not in dates:
            dates[day] = to_date(day)
        return dates[day]

    ends: dict[date, Any] = {}

    def planned(on: date) -> Any:
        if on not in ends:
            ends[on] = stored(limit_last_day(spec.duration, on) if spec.duration
                              else spec.valid_to)
        return ends[on]

    people = reserve_ids(connection, people_t, len(accepted))
    cases = reserve_ids(connection, cases_t, len(accepted))
    insert_rows(connection, people_t, _PARTICIPANT_COLUMNS, [
        (person, r.participant_key, digits, stored(r.consent_on if digits else None),
         r.gender, r.birth_year, stored(birth_on), r.municipality, stamp)
        for person, (r, _, birth_on, digits, _) in zip(people, accepted, strict=True)])
    insert_rows(connection, cases_t, _CASE_COLUMNS, [
        (case_id, person, spec.id, version_id, r.coordinator, r.gender, r.birth_year,
         r.referring_party, r.municipality, status, spec.initial_phase, r.track, r.type_case,
         stored(on), stored(r.referred_on), planned(on),
         stored_until if status == "active" else None, 1, stamp, stamp,
         stored(said["consent_on"]), to_parties(said["active_parties"]), said["parties_active"],
         said["income_at_start"])
        for case_id, person, (r, on, _, _, status), said
        in zip(cases, people, accepted, [recorded_at_enrolment(spec, a[0]) for a in accepted],
               strict=True)])
    entries: list[Row] = []
    obligations: list[Row] = []
    audits: list[Row] = []
    afters: dict[tuple[str, date], Any] = {}
    before = to_json(None)
    for case_id, (r, on, _, _, status) in zip(cases, accepted, strict=True):
        if (status, on) not in afters:
            afters[status, on] = to_json({"programme": spec.id, "status": status,
                                          "enrolled_on": on.isoformat(), "bulk": True})
        audits.append((stamp, actor, "enrol", case_id, before, afters[status, on]))
        if status != "active":
            result.waiting += 1
            continue
        result.enrolled += 1
        entries.append((case_id, spec.initial_phase, stored(on)))
        # One timeline per enrolment and referral date: the rest is the same for all.
        facts = (on, r.referred_on)
        if facts not in timelines:
            timelines[facts] = _obligation_rows(connection, participant_timeline(
                spec, CaseFacts(on, referred_on=r.referred_on), until))
        head = (case_id, spec.id, r.coordinator, r.municipality)
        tail = ("open", None, None, changed)
        obligations.extend(head + middle + tail for middle in timelines[facts])
    insert_rows(connection, entries_t, ("case_id", "phase", "entered_on"), entries)
    insert_rows(connection, obligations_t, _OBLIGATION_COLUMNS, obligations)
    insert_rows(connection, audit_t, ("at", "actor", "action", "case_id", "before", "after"),
                audits)
    result.obligations += len(obligations)


def _table(model: type[SQLModel]) -> Table:
    """The Core table of a model (its columns name the values the driver is handed)."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def _eligible(spec: ProgrammeSpec, request: EnrolmentRequest, birth_on: date | None,
              on: date) -> None:
    if not spec.accepts_enrolment_on(on):
        raise InputError(f"{spec.name} does not take participants on {on}")
    unknown = party_ids(spec, request.active_parties or ())[1]
    if unknown:
        raise InputError(f"{spec.id}: " + "; ".join(unknown), kind="unknown_choices",
                         programme=spec.name)
    failures = eligibility_failures(spec, person_facts(request, birth_on, spec), on)
    if failures:
        raise _NotEligible(on, failures)


class _NotEligible(InputError):
    """A row that fails eligibility: the message, and what the refusal keeps."""

    def __init__(self, on: date, failures: list[tuple[str, str]]) -> None:
        self.on, self.criteria = on, tuple(c for c, _ in failures)
        super().__init__("not eligible: " + "; ".join(f"{c}: {why}" for c, why in failures))


def _obligation_rows(connection: Connection, timeline: list[Obligation]) -> list[Row]:
    """The stored values of a timeline's obligations that are the same for every case."""
    table = _table(ObligationRow)
    fields = ("key", *COPIED_FIELDS)
    convert = [converter(connection, table, name) for name in fields]
    to_json = converter(connection, table, "attendees")
    return [(*(c(getattr(o, name)) for c, name in zip(convert, fields, strict=True)),
             to_json(list(o.attendees))) for o in timeline]


Row = tuple[Any, ...]
_Accepted = tuple[EnrolmentRequest, date, date | None, str | None, str]
_PARTICIPANT_COLUMNS = ("id", "key", "personnummer", "consent_on", "gender", "birth_year",
                        "birth_on", "municipality", "created_at")
_CASE_COLUMNS = ("id", "participant_id", "programme_id", "definition_version_id",
                 "coordinator", "gender", "birth_year", "referring_party", "municipality",
                 "status", "phase", "track", "type_case", "enrolled_on", "referred_on",
                 "planned_end_on", "materialized_until", "row_version", "created_at",
                 "updated_at", "consent_on", "active_parties", "parties_active",
                 "income_at_start")
_OBLIGATION_COLUMNS = ("case_id", "programme_id", "coordinator", "municipality", "key",
                       *COPIED_FIELDS, "attendees", "status", "completed_on", "completed_by",
                       "changed_at")
