"""Enrolling a participant: eligibility, capacity, quotas, then the stored obligations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import Session, col, select

from engine.definitions.income import checked_income
from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError, NotEligibleError, RefusedError, did_you_mean
from engine.inputs.numbers import shown_choice
from engine.rules.capacity import Occupancy, place
from engine.rules.eligibility import PersonFacts, eligibility_failures, party_ids, unknown_ids
from engine.rules.identity import looks_like_identity_number, parse_identity_number
from engine.rules.timeline import limit_last_day
from engine.service.cases.materialize import reconcile
from engine.service.cases.recorded_tasks import complete_recorded
from engine.service.shared.change_stamp import change_stamp
from engine.service.shared.context import Context, audit, snapshot
from engine.service.shared.published import pin_definition
from engine.service.shared.text_checks import check_values
from engine.store.programme_tables import EnrolmentRefusalRow
from engine.store.tables import GENDERS, CaseRow, ParticipantRow, PhaseEntryRow

#: The first key of PostgreSQL's two-key advisory locks that serialise enrolments; the
#: second is the programme's.
ENROLMENT_LOCK = 0x53_74_65_67  # "Steg"
_PARTICIPANTS = ParticipantRow.__table__  # type: ignore[attr-defined]
_CASES = CaseRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class EnrolmentRequest:
    """Everything a coordinator gives to enrol a person."""

    programme: str
    participant_key: str
    gender: str
    birth_year: int
    municipality: str
    coordinator: str
    on: date | None = None
    birth_on: date | None = None
    identity_number: str | None = None
    consent_on: date | None = None
    referring_party: str | None = None
    parties_active: int | None = None
    #: The parties (ids or names from the definition) the person is an active case at;
    #: ``None`` when the coordinator named none (issue 25).
    active_parties: tuple[str, ...] | None = None
    income_support_from_referring_party: bool | None = None
    attested: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    track: str | None = None
    type_case: str | None = None
    #: When the participant was referred, if known (on or before the enrolment).
    referred_on: date | None = None
    #: The main income support at enrolment (engine.definitions.income), if recorded.
    income_at_start: str | None = None


@dataclass(frozen=True, slots=True)
class EnrolmentResult:
    """The new case and anything the coordinator should know about it."""

    case_id: int
    status: str
    row_version: int
    obligations: int
    warnings: tuple[str, ...] = field(default_factory=tuple)
    #: The programme's name, as its definition gives it (never a file name, issue 25).
    programme_name: str = ""


def checked_person(request: EnrolmentRequest, on: date, today: date,
                   spec: ProgrammeSpec) -> tuple[date | None, str | None]:
    """Validate the person's facts; returns (birth date, normalised identity number).

    InputError names what is wrong; an identity number is never repeated in it.  The
    income support at enrolment must be a kind ``spec`` records then.
    """
    if not request.participant_key.strip() or len(request.participant_key) > 64:
        raise InputError("the participant key must be 1–64 characters", kind="key_length",
                         length=64)
    if looks_like_identity_number(request.participant_key):
        raise InputError("the participant key looks like an identity number; use a "
                         "pseudonymous key (the number goes in identity_number, with consent)",
                         kind="key_identity_number")
    check_values(_PARTICIPANTS, {"key": request.participant_key,
                                 "municipality": request.municipality})
    check_values(_CASES, {"coordinator": request.coordinator,
                          "referring_party": request.referring_party})
    if request.gender not in GENDERS:
        raise InputError(f"gender {shown_choice(request.gender)} is not one of {', '.join(GENDERS)}"
                         f"{did_you_mean(request.gender, GENDERS)}", kind="unknown_choice",
                         what="gender", programme="")
    if not 1900 <= request.birth_year <= on.year:
        raise InputError(f"birth year {request.birth_year} is impossible for an enrolment on "
                         f"{on}", kind="birth_year_impossible", year=request.birth_year,
                         first=1900, day=on)
    if not request.municipality.strip():
        raise InputError("the municipality is missing", kind="text_empty",
                         what="the municipality")
    if not request.coordinator.strip():
        raise InputError("the coordinator is missing", kind="text_empty",
                         what="the coordinator's name")
    birth_on, digits = request.birth_on, None
    if request.consent_on is not None and request.consent_on > today:
        raise InputError(f"the consent date {request.consent_on} is in the future "
                         f"(today is {today}); give the day the participant consented",
                         kind="date_in_future", what="consent date",
                         day=request.consent_on, today=today)
    if request.identity_number is not None:
        if request.consent_on is None:
            raise InputError("an identity number is stored only with the participant's "
                             "consent: give the date of consent", kind="consent_missing")
        number = parse_identity_number(request.identity_number)
        if birth_on is not None and birth_on != number.birth_on:
            raise InputError("the birth date does not match the identity number",
                             kind="identity_other_birth")
        birth_on, digits = number.birth_on, number.digits
    if birth_on is not None and birth_on.year != request.birth_year:
        raise InputError(f"birth year {request.birth_year} does not match the birth date "
                         f"{birth_on}", kind="birth_year_other", year=request.birth_year,
                         born=birth_on)
    if birth_on is not None and birth_on > on:
        raise InputError(f"birth date {birth_on} is after the enrolment date {on}",
                         kind="date_before", what="the enrolment on", day=on,
                         before_what="birth date", before=birth_on)
    checked_income(request.income_at_start, spec.income_support, "start")
    if request.referred_on is not None and request.referred_on > on:
        raise InputError(f"referral date {request.referred_on} is after the enrolment date "
                         f"{on}; a participant is referred first, then enrolled",
                         kind="date_before", what="the enrolment on", day=on,
                         before_what="referral date", before=request.referred_on)
    if request.referred_on is not None and birth_on is not None \
            and request.referred_on < birth_on:
        raise InputError(f"referral date {request.referred_on} is before the birth date",
                         kind="date_before", what="referral date", day=request.referred_on,
                         before_what="birth date", before=birth_on)
    return birth_on, digits


def person_facts(request: EnrolmentRequest, birth_on: date | None,
                 spec: ProgrammeSpec) -> PersonFacts:
    """What the eligibility rules are evaluated on, from an enrolment request (parties
    named by id or name; one the programme does not have is refused by the enrolment)."""
    active = (None if request.active_parties is None
              else frozenset(party_ids(spec, request.active_parties)[0]))
    return PersonFacts(
        birth_year=request.birth_year, birth_on=birth_on, municipality=request.municipality,
        parties_active=request.parties_active, active_parties=active,
        consent_on=request.consent_on,
        income_support_from_referring_party=request.income_support_from_referring_party,
        attested=frozenset(request.attested), exclusions=frozenset(request.exclusions))


def recorded_at_enrolment(spec: ProgrammeSpec, request: EnrolmentRequest) -> dict[str, Any]:
    """The case's columns for what the coordinator recorded about consent and parties
    (issue 25): the consent date whatever the identity number, the parties named (ids,
    in the definition's order) and how many parties that is; and the income support at
    enrolment by its key (issue 22; :func:`checked_person` checked it)."""
    named = None if request.active_parties is None \
        else list(party_ids(spec, request.active_parties)[0])
    count = request.parties_active if named is None else len(named)
    return {"consent_on": request.consent_on, "active_parties": named,
            "parties_active": count,
            "income_at_start": checked_income(request.income_at_start, spec.income_support,
                                              "start")}


def _check_choices(spec: ProgrammeSpec, request: EnrolmentRequest) -> None:
    problems = unknown_ids(spec, request.attested, request.exclusions)
    problems.extend(party_ids(spec, request.active_parties or ())[1])
    tracks = [t for t, _ in spec.tracks]
    if request.track is not None and request.track not in tracks:
        problems.append(f"unknown track {shown_choice(request.track)}"
                        f"{did_you_mean(request.track, tracks)}")
    cases = [t for t, _ in spec.type_cases]
    if request.type_case is not None and request.type_case not in cases:
        problems.append(f"unknown type case {shown_choice(request.type_case)}"
                        f"{did_you_mean(request.type_case, cases)}")
    if problems:
        raise InputError(f"{spec.id}: " + "; ".join(problems), kind="unknown_choices",
                         programme=spec.name)


def _occupancy(session: Session, spec: ProgrammeSpec, municipality: str,
               coordinator: str, on: date, today: date) -> Occupancy:
    """What the programme holds for a participant enrolled on ``on``.

    A back-dated enrolment takes a place from ``on`` to today, so the places and quotas
    are checked against the cases active on its date as well as those active now, the
    larger of the two (issue 22: a synthetic REBUS population enrolled after the fact
    reached 48 of its 40 places).  A coordinator's caseload is today's.
    """
    def count(*where: ColumnElement[bool]) -> int:
        statement = select(func.count()).select_from(CaseRow).where(
            CaseRow.programme_id == spec.id, *where)
        return int(session.exec(statement).one())

    active = col(CaseRow.status) == "active"
    in_municipality = col(CaseRow.municipality) == municipality
    held, held_here = count(active), count(active, in_municipality)
    if on < today:
        then = (col(CaseRow.status).in_(("active", "exited")), col(CaseRow.enrolled_on) <= on,
                or_(col(CaseRow.exited_on).is_(None), col(CaseRow.exited_on) > on))
        held, held_here = max(held, count(*then)), max(held_here, count(*then, in_municipality))
    return Occupancy(active=held, active_in_municipality=held_here,
                     enrolled_in_all=count(col(CaseRow.status).in_(("active", "exited"))),
                     active_of_coordinator=count(active,
                                                 col(CaseRow.coordinator) == coordinator))


def _participant(session: Session, ctx: Context, request: EnrolmentRequest,
                 birth_on: date | None, digits: str | None, on: date) -> ParticipantRow:
    person = session.exec(select(ParticipantRow).where(
        ParticipantRow.key == request.participant_key)).first()
    if person is None:
        person = ParticipantRow(key=request.participant_key, personnummer=digits,
                                consent_on=request.consent_on if digits else None,
                                gender=request.gender, birth_year=request.birth_year,
                                birth_on=birth_on, municipality=request.municipality,
                                created_at=ctx.now())
        session.add(person)
        session.flush()
        return person
    if (person.gender, person.birth_year) != (request.gender, request.birth_year):
        raise InputError(f"participant {request.participant_key!r} is registered with another "
                         "gender or birth year; check the key", kind="key_other_person",
                         key=request.participant_key)
    person.municipality = request.municipality
    if digits is not None:
        person.personnummer, person.consent_on, person.birth_on = digits, request.consent_on, \
            birth_on
    return person


def lock_enrolment(session: Session, programme_id: str) -> None:
    """One enrolment in a programme at a time, until the transaction ends.

    So two enrolments of one person at once (under one key or two, with one identity
    number) cannot both find no open case, and two enrolments cannot both take the
    last place.  SQLite needs nothing here: a writing transaction holds its lock from
    BEGIN.  PostgreSQL: an advisory lock on the programme (enrolments are a few a
    day, so they never wait long).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(ENROLMENT_LOCK,
                                                          func.hashtext(programme_id))))


def refuse_second_open_case(session: Session, spec: ProgrammeSpec, digits: str) -> None:
    """RefusedError if the identity number already has an open case in the programme.

    Names neither the number nor the case: the reader may not see that case (a
    refusal naming it would tell a coordinator who else is enrolled).
    """
    open_case = session.exec(select(CaseRow.id, ParticipantRow.key)
                             .join(ParticipantRow,
                                   col(ParticipantRow.id) == CaseRow.participant_id)
                             .where(ParticipantRow.personnummer == digits,
                                    CaseRow.programme_id == spec.id,
                                    col(CaseRow.status).in_(("active", "waiting")))).first()
    if open_case is not None:
        raise RefusedError(f"this identity number already has an open case in {spec.name}; "
                           "a person has one open case in a programme",
                           kind="identity_open_case", programme=spec.name)


def enrol(ctx: Context, request: EnrolmentRequest, actor: str) -> EnrolmentResult:
    """Enrol a person (one transaction): refused with every reason, or a stored case.

    A refusal for eligibility is kept for the reports (which criteria, the gender and
    the date; nothing that identifies the person), in a transaction of its own.
    """
    refused: list[tuple[str, date, tuple[str, ...]]] = []
    try:
        return _enrol(ctx, request, actor, refused)
    except NotEligibleError:
        for programme_id, on, criteria in refused:
            record_refusal(ctx, programme_id, on, request.gender, criteria)
        raise


def record_refusal(ctx: Context, programme_id: str, on: date, gender: str,
                   criteria: tuple[str, ...]) -> None:
    """Keep that an enrolment was refused on ``on`` for ``criteria`` (ids)."""
    with ctx.transaction() as session:
        session.add(EnrolmentRefusalRow(programme_id=programme_id, refused_on=on,
                                        gender=gender, criteria=" ".join(sorted(criteria))))


def _enrol(ctx: Context, request: EnrolmentRequest, actor: str,
           refused: list[tuple[str, date, tuple[str, ...]]]) -> EnrolmentResult:
    on = request.on or ctx.today()
    if on > ctx.today():
        raise InputError(f"enrolment date {on} is in the future (today is {ctx.today()})",
                         kind="date_in_future", what="enrolment date", day=on,
                         today=ctx.today())
    with ctx.transaction() as session:
        spec, version = pin_definition(ctx, session, request.programme)
        birth_on, digits = checked_person(request, on, ctx.today(), spec)
        lock_enrolment(session, spec.id)
        if not spec.accepts_enrolment_on(on):
            end = spec.valid_to.isoformat() if spec.valid_to else "open-ended"
            raise InputError(f"{spec.name} takes participants from {spec.enrolment_from} "
                             f"to {end}; not on {on}", kind="not_enrolling",
                             programme=spec.name, day=on)
        _check_choices(spec, request)
        failures = eligibility_failures(spec, person_facts(request, birth_on, spec), on)
        if failures:
            refused.append((spec.id, on, tuple(c for c, _ in failures)))
            raise NotEligibleError(spec.name, failures)
        if digits is not None:
            refuse_second_open_case(session, spec, digits)
        person = _participant(session, ctx, request, birth_on, digits, on)
        open_case = session.exec(select(CaseRow.id).where(
            CaseRow.participant_id == person.id, CaseRow.programme_id == spec.id,
            col(CaseRow.status).in_(("active", "waiting")))).first()
        if open_case is not None:
            raise RefusedError(f"participant {request.participant_key!r} already has an open "
                               f"case in {spec.name} (case {open_case})", kind="key_open_case",
                               key=request.participant_key, programme=spec.name)
        placement = place(spec, request.municipality,
                          _occupancy(session, spec, request.municipality, request.coordinator,
                                     on, ctx.today()),
                          request.coordinator)
        status, warnings = placement.status, list(placement.warnings)
        planned_end = (limit_last_day(spec.duration, on) if spec.duration
                       else spec.valid_to)
        assert person.id is not None and version.id is not None
        case = CaseRow(participant_id=person.id, programme_id=spec.id,
                       definition_version_id=version.id, coordinator=request.coordinator,
                       gender=person.gender, birth_year=person.birth_year,
                       referring_party=request.referring_party,
                       municipality=request.municipality, status=status,
                       phase=spec.initial_phase, track=request.track,
                       type_case=request.type_case, enrolled_on=on,
                       referred_on=request.referred_on, planned_end_on=planned_end,
                       **recorded_at_enrolment(spec, request),
                       created_at=ctx.now(), updated_at=ctx.now())
        session.add(case)
        session.flush()
        assert case.id is not None
        if status == "active":
            session.add(PhaseEntryRow(case_id=case.id, phase=spec.initial_phase, entered_on=on))
            session.flush()
        changed = reconcile(session, case, spec, ctx.today(), change_stamp(session, ctx.now()))
        if status == "active":  # a type case given at enrolment is recorded then
            complete_recorded(session, case, spec, on, actor)
        audit(ctx, session, actor, "enrol", case.id, None,
              {**snapshot(case), "warnings": warnings})
        return EnrolmentResult(case.id, status, case.row_version, len(changed.added),
                               tuple(warnings), spec.name)
