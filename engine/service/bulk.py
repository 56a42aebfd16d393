"""Enrolling many participants at once (imports, migrations from spreadsheets, benchmarks).

The same rules as :func:`engine.service.enrolment.enrol` — eligibility, capacity and
quotas, a pinned definition version, stored obligations and an audit entry per case —
but in batches: one transaction per batch, Core ``executemany`` inserts, and the
timeline computed once per distinct enrolment date (it is a pure function of the
definition and the facts, and at enrolment the facts are only the date).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Any

from sqlalchemy import Table, func, insert
from sqlmodel import SQLModel, col, select

from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError, RefusedError, StegvisError
from engine.rules.capacity import Occupancy, place
from engine.rules.eligibility import eligibility_failures
from engine.rules.obligations import Obligation
from engine.rules.timeline import CaseFacts, limit_last_day, participant_timeline
from engine.service.context import Context, pin_definition
from engine.service.enrolment import (
    EnrolmentRequest,
    checked_person,
    lock_enrolment,
    person_facts,
    refuse_second_open_case,
)
from engine.service.materialize import COPIED_FIELDS, HORIZON_DAYS
from engine.service.text_checks import check_values
from engine.store.tables import (
    AuditRow,
    CaseRow,
    EnrolmentRefusalRow,
    ObligationRow,
    ParticipantRow,
    PhaseEntryRow,
)


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
    timelines: dict[tuple[date, date | None], list[Obligation]] = {}
    for batch in _batches(requests, batch_size):
        _enrol_batch(ctx, batch, actor, result, timelines)
    return result


def _enrol_batch(ctx: Context, batch: list[EnrolmentRequest], actor: str, result: BulkResult,
                 timelines: dict[tuple[date, date | None], list[Obligation]]) -> None:
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
        admitted = int(session.exec(select(func.count()).select_from(CaseRow).where(
            CaseRow.programme_id == spec.id,
            col(CaseRow.status).in_(("active", "exited")))).one())
        keys = [r.participant_key for r in batch]
        known = set(session.exec(select(ParticipantRow.key).where(
            col(ParticipantRow.key).in_(keys))).all())
        accepted: list[tuple[EnrolmentRequest, date, date | None, str | None, str]] = []
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
                birth_on, digits = checked_person(request, on, today)
                if digits is not None:
                    if digits in numbers:
                        raise RefusedError("this identity number is given twice in the "
                                           "batch; a person has one open case in a programme")
                    refuse_second_open_case(session, spec, digits)
                _eligible(spec, request, birth_on, on)
                placement = place(spec, request.municipality, Occupancy(
                    active=sum(active.values()),
                    active_in_municipality=active[request.municipality],
                    enrolled_in_all=admitted))
            except StegvisError as exc:
                result.refused.append((request.participant_key, str(exc)))
                if isinstance(exc, _NotEligible):  # kept for the reports, as one at a time
                    session.add(EnrolmentRefusalRow(
                        programme_id=spec.id, refused_on=exc.on, gender=request.gender,
                        criteria=" ".join(sorted(exc.criteria))))
                continue
            status: str = placement.status
            if status == "active":
                active[request.municipality] += 1
                admitted += 1
            result.warnings.extend((request.participant_key, w) for w in placement.warnings)
            seen.add(request.participant_key)
            if digits is not None:
                numbers.add(digits)
            accepted.append((request, on, birth_on, digits, status))
        if not accepted:
            return
        connection = session.connection()
        people = connection.execute(insert(_table(ParticipantRow)).returning(
            _table(ParticipantRow).c.id, sort_by_parameter_order=True), [
            dict(key=r.participant_key, personnummer=digits,
                 consent_on=r.consent_on if digits else None, gender=r.gender,
                 birth_year=r.birth_year, birth_on=birth_on, municipality=r.municipality,
                 created_at=now)
            for r, _, birth_on, digits, _ in accepted]).scalars().all()
        limit = spec.duration

        def planned(on: date) -> date | None:
            return limit_last_day(limit, on) if limit else spec.valid_to

        until = today + timedelta(days=HORIZON_DAYS)
        cases = connection.execute(insert(_table(CaseRow)).returning(
            _table(CaseRow).c.id, sort_by_parameter_order=True), [
            dict(participant_id=person, programme_id=spec.id,
                 definition_version_id=version.id, coordinator=r.coordinator,
                 gender=r.gender, birth_year=r.birth_year,
                 referring_party=r.referring_party, municipality=r.municipality,
                 status=status, phase=spec.initial_phase, track=r.track,
                 type_case=r.type_case, enrolled_on=on, referred_on=r.referred_on,
                 planned_end_on=planned(on),
                 materialized_until=until if status == "active" else None, row_version=1,
                 created_at=now, updated_at=now)
            for person, (r, on, _, _, status) in zip(people, accepted, strict=True)]
        ).scalars().all()
        entries: list[dict[str, Any]] = []
        obligations: list[dict[str, Any]] = []
        audits: list[dict[str, Any]] = []
        for case_id, (r, on, _, _, status) in zip(cases, accepted, strict=True):
            audits.append(dict(at=now, actor=actor, action="enrol", case_id=case_id,
                               before=None, after={"programme": spec.id, "status": status,
                                                   "enrolled_on": on.isoformat(),
                                                   "bulk": True}))
            if status != "active":
                result.waiting += 1
                continue
            result.enrolled += 1
            entries.append(dict(case_id=case_id, phase=spec.initial_phase, entered_on=on))
            # One timeline per enrolment and referral date: the rest is the same for all.
            facts = (on, r.referred_on)
            if facts not in timelines:
                timelines[facts] = participant_timeline(
                    spec, CaseFacts(on, referred_on=r.referred_on), until)
            obligations.extend(_row(case_id, r, spec, o, now) for o in timelines[facts])
        for table, rows in ((PhaseEntryRow, entries), (ObligationRow, obligations),
                            (AuditRow, audits)):
            if rows:
                connection.execute(insert(_table(table)), rows)
        result.obligations += len(obligations)


def _table(model: type[SQLModel]) -> Table:
    """The Core table of a model: Core inserts batch RETURNING; ORM bulk inserts don't."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def _eligible(spec: ProgrammeSpec, request: EnrolmentRequest, birth_on: date | None,
              on: date) -> None:
    if not spec.accepts_enrolment_on(on):
        raise InputError(f"{spec.name} does not take participants on {on}")
    failures = eligibility_failures(spec, person_facts(request, birth_on), on)
    if failures:
        raise _NotEligible(on, failures)


class _NotEligible(InputError):
    """A row that fails eligibility: the message, and what the refusal keeps."""

    def __init__(self, on: date, failures: list[tuple[str, str]]) -> None:
        self.on, self.criteria = on, tuple(c for c, _ in failures)
        super().__init__("not eligible: " + "; ".join(f"{c}: {why}" for c, why in failures))


def _row(case_id: int, request: EnrolmentRequest, spec: ProgrammeSpec,
         obligation: Obligation, now: datetime) -> dict[str, Any]:
    row = {name: getattr(obligation, name) for name in COPIED_FIELDS}
    row.update(case_id=case_id, programme_id=spec.id, coordinator=request.coordinator,
               municipality=request.municipality, key=obligation.key,
               attendees=list(obligation.attendees), status="open", completed_on=None,
               completed_by=None, changed_at=now)
    return row
