"""Moving in: a förbund's participants from a spreadsheet into Stegvis, all or nothing.

Every row is checked against its programme's definition first (programme, key,
gender, birth year, dates, criteria, track, type case, phase), and every problem is
named by row and column before anything is stored.  Then the rows are stored in one
outer transaction: per programme, oldest enrolment first, through
:func:`engine.service.cases.bulk.enrol_many` (so eligibility, capacity and quotas
apply as to any enrolment, on each enrolment's own date), then what the row says is
already done (:func:`~engine.service.cases.operations.complete`) and the phase the
participant is in (:func:`~engine.service.cases.operations.move_phase`).  A row the
rules refuse is a problem like any other, and then nothing at all is kept.

The outer transaction: the service's own transactions run on one connection that
holds it, each inside a savepoint, so one refused row does not stop the others from
being tried and reported, and the whole is committed only when none was refused.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Engine
from sqlmodel import col, select

from engine.definitions.income import checked_income, income_name
from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError, StegvisError
from engine.inputs.numbers import shown_choice
from engine.rules.eligibility import party_ids, unknown_ids
from engine.service.cases.bulk import enrol_many
from engine.service.cases.enrolment import EnrolmentRequest
from engine.service.cases.import_file import (
    COLUMNS,
    ImportRefused,
    ImportTable,
    Problem,
    as_text,
)
from engine.service.cases.operations import complete, move_phase
from engine.service.shared.context import Context
from engine.service.shared.published import running_spec
from engine.store.database import for_writing
from engine.store.tables import GENDERS, CaseRow, ObligationRow, ParticipantRow

_GENDER_WORDS = {"kvinna": "kvinna", "k": "kvinna", "woman": "kvinna", "female": "kvinna",
                 "man": "man", "m": "man", "male": "man", "annat": "annat", "other": "annat",
                 "uppgift saknas": "uppgift_saknas", "uppgift_saknas": "uppgift_saknas",
                 "okänt": "uppgift_saknas", "unknown": "uppgift_saknas"}
_T = TypeVar("_T")
_YES = {"ja", "j", "yes", "y", "x", "1", "true", "sant"}
_NO = {"nej", "n", "no", "0", "false", "falskt"}


@dataclass(frozen=True, slots=True)
class _Planned:
    """A checked row: its enrolment, and what to record after."""

    row: int
    request: EnrolmentRequest
    done: tuple[tuple[str, date], ...]
    phase: str | None
    phase_on: date | None


@dataclass(slots=True)
class Imported:
    """What an import stored, per programme, and what the rules warned of."""

    enrolled: dict[str, int] = field(default_factory=dict)
    waiting: dict[str, int] = field(default_factory=dict)
    completed: int = 0
    moved: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Participants stored (enrolled or waiting-listed)."""
        return sum(self.enrolled.values()) + sum(self.waiting.values())


def import_participants(ctx: Context, table: ImportTable, actor: str, *,
                        store: bool = True) -> Imported:
    """Check every row, then (``store``) store them all; ImportRefused naming every
    problem by row and column when any row is wrong, and then nothing is stored."""
    heading = {name: table.headings.get(name, COLUMNS[name][0]) for name in COLUMNS}
    problems: list[Problem] = []
    planned = _checked(ctx, table, heading, problems)
    if problems:
        raise ImportRefused(problems)
    with for_writing(ctx.engine).connect() as connection, connection.begin() as outer:
        # The service's transactions join this one (module docstring).
        inner = Context(cast(Engine, connection), ctx.clock, ctx.definitions)
        done = _store(inner, _Attempts(connection), planned, actor, heading, problems)
        if problems or not store:
            outer.rollback()
        else:
            outer.commit()
    if problems:
        raise ImportRefused(sorted(problems, key=lambda p: (p.row, p.column)))
    return done


def _checked(ctx: Context, table: ImportTable, heading: dict[str, str],
             problems: list[Problem]) -> list[_Planned]:
    """Each row as an enrolment, or its problems (by column) in ``problems``."""
    specs: dict[str, ProgrammeSpec | None] = {}
    keys: dict[str, int] = {}
    with ctx.transaction(read_only=True) as session:
        registered = set(session.exec(select(ParticipantRow.key).where(col(ParticipantRow.key)
                         .in_([as_text(r.cells.get("key", "")) for r in table.rows]))).all())
    planned = []
    for row in table.rows:
        said: list[Problem] = []

        def wrong(name: str, sv: str, en: str, number: int = row.number,
                  said: list[Problem] = said) -> None:
            said.append(Problem(number, heading[name], sv, en))

        cells = row.cells
        spec = _spec(ctx, as_text(cells.get("programme", "")), specs, wrong)
        key = as_text(cells.get("key", ""))
        if not key:
            wrong("key", "deltagarens nyckel saknas", "the participant's key is missing")
        elif key in keys:
            wrong("key", f"{key!r} finns redan på rad {keys[key]}",
                  f"{key!r} is on row {keys[key]} already")
        elif key in registered:
            wrong("key", f"{key!r} är redan registrerad i Stegvis",
                  f"{key!r} is registered in Stegvis already")
        keys.setdefault(key, row.number)
        gender = _GENDER_WORDS.get(as_text(cells.get("gender", "")).lower())
        if gender is None:
            wrong("gender", f"{as_text(cells.get('gender', ''))!r} är inte ett kön; skriv "
                  f"{', '.join(GENDERS)}", f"{as_text(cells.get('gender', ''))!r} is not a "
                  f"gender; write {', '.join(GENDERS)}")
        enrolled_on = _date(cells, "enrolled_on", wrong)
        referred_on = _date(cells, "referred_on", wrong)
        consent_on = _date(cells, "consent_on", wrong)
        phase_on = _date(cells, "phase_on", wrong)
        birth_year = _number(cells, "birth_year", wrong, 1900, ctx.today().year)
        parties = _number(cells, "parties_active", wrong, 0, 10)
        income = _yes_no(cells, "income_support", wrong)
        if enrolled_on is not None and enrolled_on > ctx.today():
            wrong("enrolled_on", f"{enrolled_on} har inte kommit än (i dag är {ctx.today()})",
                  f"{enrolled_on} has not come yet (today is {ctx.today()})")
        for name in ("municipality", "coordinator"):
            if not as_text(cells.get(name, "")):
                wrong(name, "saknas", "is missing")
        attested = _words(cells.get("attested"))
        exclusions = _words(cells.get("exclusions"))
        phase = as_text(cells["phase"]) if "phase" in cells else None
        named, income_at_start = None, None
        if spec is not None:
            for message in unknown_ids(spec, attested, exclusions):
                wrong("attested" if "criterion" in message else "exclusions",
                      message.replace("unknown criterion", "okänt kriterium")
                      .replace("unknown exclusion", "okänd uteslutning"), message)
            phase = _phase(spec, phase, wrong)
            named = _parties(spec, cells, wrong)
            _choice(spec.tracks, cells, "track", "spår", wrong)
            _choice(spec.type_cases, cells, "type_case", "typfall", wrong)
            income_at_start = _income(spec, cells, wrong)
        done = _done(cells.get("done"), enrolled_on, wrong)
        if said or spec is None or enrolled_on is None or birth_year is None or not gender:
            problems.extend(said)
            continue
        planned.append(_Planned(row.number, EnrolmentRequest(
            programme=spec.id, participant_key=key, gender=gender, birth_year=birth_year,
            municipality=as_text(cells["municipality"]),
            coordinator=as_text(cells["coordinator"]), on=enrolled_on,
            referring_party=as_text(cells["referring_party"]) if "referring_party" in cells
            else None, parties_active=parties, active_parties=named, consent_on=consent_on,
            income_support_from_referring_party=income,
            attested=attested, exclusions=exclusions,
            track=as_text(cells["track"]) if "track" in cells else None,
            type_case=as_text(cells["type_case"]) if "type_case" in cells else None,
            referred_on=referred_on, income_at_start=income_at_start), done, phase,
            phase_on))
    return planned


def _income(spec: ProgrammeSpec, cells: dict[str, Any], wrong: Any) -> str | None:
    """The income support at enrolment, by key or name, if the programme records it
    then (the one door, :func:`~engine.definitions.income.checked_income`)."""
    said = as_text(cells["income_at_start"]) if "income_at_start" in cells else None
    try:
        return checked_income(said, spec.income_support, "start")
    except InputError as exc:
        names = ", ".join(income_name(k) for k in spec.income_support.offered("start"))
        wrong("income_at_start", f"{shown_choice(said or '')} är inte en försörjning som "
                                 f"{spec.name} "
                                 f"registrerar vid inskrivning; skriv en av {names}",
              str(exc))
        return None


class _Attempts:
    """Each service call in a savepoint of the outer transaction: a refused one is undone
    alone (the service's own transaction would otherwise roll back the outer one)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def __call__(self, call: Callable[..., _T], *args: Any) -> _T:
        savepoint = self.connection.begin_nested()
        try:
            value = call(*args)
        except StegvisError:
            if savepoint.is_active:
                savepoint.rollback()
            raise
        savepoint.commit()
        return value


def _store(ctx: Context, attempt: _Attempts, planned: list[_Planned], actor: str,
           heading: dict[str, str], problems: list[Problem]) -> Imported:
    """Enrol per programme, oldest first; then what is done, then the phase."""
    result = Imported()
    by_programme: dict[str, list[_Planned]] = defaultdict(list)
    for item in planned:
        by_programme[item.request.programme].append(item)
    rows = {item.request.participant_key: item for item in planned}
    for programme, items in by_programme.items():
        items.sort(key=lambda p: (p.request.on or date.min, p.row))
        try:
            bulk = attempt(enrol_many, ctx, [p.request for p in items], actor)
        except StegvisError as exc:  # the whole programme (its definition, say)
            problems.append(Problem(items[0].row, heading["programme"], str(exc), str(exc)))
            continue
        for key, reason in bulk.refused:
            problems.append(Problem(rows[key].row, "", f"vägrades: {reason}",
                                    f"refused: {reason}"))
        result.enrolled[programme] = bulk.enrolled
        result.waiting[programme] = bulk.waiting
        result.warnings += [f"{key}: {warning}" for key, warning in bulk.warnings]
    with ctx.transaction(read_only=True) as session:
        cases = dict(session.exec(select(ParticipantRow.key, CaseRow.id).join(
            CaseRow, col(CaseRow.participant_id) == ParticipantRow.id).where(
            col(ParticipantRow.key).in_(list(rows)))).all())
    for key, case_id in cases.items():
        item = rows[key]
        assert case_id is not None
        for what, on in item.done:
            try:
                attempt(complete, ctx, case_id, _obligation_key(ctx, case_id, what), actor, on)
                result.completed += 1
            except StegvisError as exc:
                problems.append(Problem(item.row, heading["done"], f"{what}: {exc}",
                                        f"{what}: {exc}"))
        if item.phase is not None:
            try:
                attempt(move_phase, ctx, case_id, item.phase, actor,
                        item.phase_on or item.request.on)
                result.moved += 1
            except StegvisError as exc:
                problems.append(Problem(item.row, heading["phase"], str(exc), str(exc)))
    return result


def _obligation_key(ctx: Context, case_id: int, what: str) -> str:
    """An obligation of the case named by its key (``task:handlingsplan``), the key's id
    alone (``handlingsplan``) or its name as the definition has it."""
    wanted = what.casefold()
    with ctx.transaction(read_only=True) as session:
        for key, name in session.exec(select(ObligationRow.key, ObligationRow.name).where(
                ObligationRow.case_id == case_id)).all():
            if wanted in (key.casefold(), key.split(":", 1)[-1].casefold(), name.casefold()):
                return str(key)
    return what  # complete() names what the case has instead


def _spec(ctx: Context, programme: str, specs: dict[str, ProgrammeSpec | None],
          wrong: Any) -> ProgrammeSpec | None:
    if not programme:
        wrong("programme", "programmet saknas", "the programme is missing")
        return None
    if programme not in specs:
        try:
            specs[programme] = running_spec(ctx, programme)
        except StegvisError:
            specs[programme] = None
    if specs[programme] is None:
        wrong("programme", f"okänt program {programme!r}",
              f"unknown programme {shown_choice(programme)}")
    return specs[programme]


def _date(cells: dict[str, Any], name: str, wrong: Any) -> date | None:
    value = cells.get(name)
    if value is None or isinstance(value, date):
        return value
    text = as_text(value)
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        wrong(name, f"{text!r} är inget datum; skriv ÅÅÅÅ-MM-DD",
              f"{text!r} is not a date; write YYYY-MM-DD")
        return None


def _number(cells: dict[str, Any], name: str, wrong: Any, low: int, high: int) -> int | None:
    value = cells.get(name)
    if value is None:
        return None
    text = as_text(value)
    if not re.fullmatch(r"\d{1,4}", text) or not low <= int(text) <= high:
        wrong(name, f"{text!r} är inte ett heltal från {low} till {high}",
              f"{text!r} is not a whole number from {low} to {high}")
        return None
    return int(text)


def _yes_no(cells: dict[str, Any], name: str, wrong: Any) -> bool | None:
    value = cells.get(name)
    if value is None:
        return None
    text = as_text(value).lower()
    if text in _YES or text in _NO:
        return text in _YES
    wrong(name, f"{text!r}: skriv ja eller nej", f"{text!r}: write ja (yes) or nej (no)")
    return None


def _parties(spec: ProgrammeSpec, cells: dict[str, Any],
             wrong: Any) -> tuple[str, ...] | None:
    """The parties a row names (ids or names, separated by commas or semicolons)."""
    if not as_text(cells.get("active_parties", "")):
        return None
    given = tuple(w.strip() for w in re.split(r"[,;]", as_text(cells["active_parties"]))
                  if w.strip())
    found, unknown = party_ids(spec, given)
    for message in unknown:
        wrong("active_parties", message.replace("unknown party", "okänd part")
              .replace("did you mean", "menade du").replace("; parties:", "; parter:"),
              message)
    return found


def _words(value: Any) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[,;\s]+", as_text(value)) if w) if value else ()


def _phase(spec: ProgrammeSpec, phase: str | None, wrong: Any) -> str | None:
    if phase is None:
        return None
    for candidate in spec.phases:
        if phase in (candidate.id, candidate.name) or phase.casefold() == \
                candidate.name.casefold():
            return None if candidate.id == spec.initial_phase else candidate.id
    names = ", ".join(p.name for p in spec.phases)
    wrong("phase", f"{spec.name} har ingen fas {phase!r}; faserna: {names}",
          f"{spec.name} has no phase {shown_choice(phase)}; its phases: {names}")
    return None


def _choice(choices: tuple[tuple[str, str], ...], cells: dict[str, Any], name: str,
            word: str, wrong: Any) -> None:
    if name in cells and as_text(cells[name]) not in [c for c, _ in choices]:
        known = ", ".join(c for c, _ in choices) or "–"
        wrong(name, f"okänt {word} {as_text(cells[name])!r}; finns: {known}",
              f"unknown {name.replace('_', ' ')} {as_text(cells[name])!r}; known: {known}")


def _done(value: Any, enrolled_on: date | None, wrong: Any) -> tuple[tuple[str, date], ...]:
    """``task:startenkat@2024-02-10; Handlingsplan``: what, and when (default: the
    enrolment date)."""
    done = []
    for part in (p.strip() for p in re.split(r"[;\n]+", as_text(value)) if p.strip()) \
            if value else ():
        what, _, when = part.partition("@")
        try:
            on = date.fromisoformat(when.strip()) if when.strip() else enrolled_on
        except ValueError:
            wrong("done", f"{when.strip()!r} är inget datum; skriv {what.strip()}@ÅÅÅÅ-MM-DD",
                  f"{when.strip()!r} is not a date; write {what.strip()}@YYYY-MM-DD")
            continue
        if on is not None:
            done.append((what.strip(), on))
    return tuple(done)
