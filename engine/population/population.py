"""A synthetic population of any programme, made by the real service operations.

:func:`populate` draws people from the definition (:mod:`engine.population.people`:
genders, birth years, municipalities by quota, the facts its eligibility asks for) with
``random.Random(seed)`` — the same seed gives the same population — and enrols them
with a steady intake over the span; a few are refused, each for one criterion.  Each
case is lived, oldest first, by :func:`engine.population.cases.live_case`
(obligations kept on time, late or missed, phase moves, extensions, exits, surveys,
post-exit follow-ups).  Over an 18-month span about six in ten leave; a programme that
ends within the span closes every case by its last day.  Staff are trained where a
target counts them (Hofors).

Nothing is written except through the operations coordinators use (``enrol``,
``complete``, ``record_follow_up``, ``move_phase``, ``request_extension``,
``decide_extension``, ``exit_case``, ``record_survey``, ``record_post_exit_result``,
``record_training``), under a clock at the end of the span with explicit past ``on=``
dates, so the population is what coordinators would have produced.  ``stegvis demo``
and the example reports (tests/test_report_examples.py) are made from it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from engine.clock import STOCKHOLM, fixed_clock
from engine.dates.durations import next_working_day, previous_working_day
from engine.errors import InputError, NotEligibleError
from engine.population.cases import NOT_WORK, Run, live_case
from engine.population.people import (
    coordinators,
    draw_person,
    ineligible,
    municipalities,
    refusable,
)
from engine.service.cases.enrolment import enrol
from engine.service.programme.report_data import current_spec
from engine.service.programme.staff_training import record_training
from engine.service.shared.context import Context
from engine.store.tables import (
    CaseRow,
    ExtensionRequestRow,
    FollowUpRow,
    ObligationRow,
    PostExitResultRow,
)

REFUSED = 0.06                   # refused enrolments per participant


@dataclass(frozen=True, slots=True)
class PopulationSummary:
    """What :func:`populate` stored, counted back from the database."""

    programme: str
    starts_on: date
    ends_on: date
    #: Every participant key used, refused people included (a report must show none).
    keys: tuple[str, ...]
    enrolled: int
    waiting: int
    refused: int
    exits: tuple[tuple[str, int], ...]       # (outcome id, cases) in definition order
    active_at_end: int
    obligations: tuple[tuple[str, int], ...]  # on_time, late, missed, open
    follow_ups_held: int
    extensions: tuple[tuple[str, int], ...]   # (status, requests)
    post_exit_results: int
    operations: int

    @property
    def exited(self) -> int:
        """Cases that left within the span."""
        return sum(n for _, n in self.exits)



def populate(ctx: Context, programme: str, starts_on: date, ends_on: date,
             participants: int, seed: int, *,
             living: Mapping[str, float] | None = None) -> PopulationSummary:
    """Enrol ``participants`` people in ``programme`` between ``starts_on`` and
    ``ends_on`` and live their cases up to ``ends_on`` (see the module docstring).

    ``ctx`` gives the database and the definitions; the operations run under a clock
    at 17:00 on ``ends_on``, which must not be after ``ctx.today()``.  ``living``:
    municipalities with weights, where the definition names none (START's parties are
    Stockholm's district administrations).  InputError when the programme does not
    take participants in the span.
    """
    spec = current_spec(ctx, programme)
    if participants < 1:
        raise InputError(f"{participants} is not a number of participants (1 or more)")
    if ends_on < starts_on or ends_on > ctx.today():
        raise InputError(f"a population from {starts_on} to {ends_on} must end by today "
                         f"({ctx.today()}) and not before it starts")
    first = max(starts_on, spec.enrolment_from)
    last = min(ends_on, spec.valid_to) if spec.valid_to else ends_on
    if first > last:
        raise InputError(f"{spec.name} takes no participants between {starts_on} and "
                         f"{ends_on}")
    evening = datetime.combine(ends_on, time(17), tzinfo=STOCKHOLM).astimezone(UTC)
    run = Run(Context(ctx.engine, fixed_clock(evening), ctx.definitions), spec,
               random.Random(seed))
    keys = _enrol_and_live(run, first, last, participants,
                           dict(living) if living else municipalities(spec))
    _train_staff(run, first, last)
    return _summary(run, starts_on, ends_on, keys)


def _enrol_and_live(run: Run, first: date, last: date, participants: int,
                    living: dict[str, float]) -> list[str]:
    spec, rng = run.spec, run.rng
    staff = coordinators(participants)
    refusals = round(participants * REFUSED) if refusable(spec) else 0
    closes = spec.valid_to is not None and spec.valid_to <= last
    days = _intake(rng, first, last, participants + refusals, closes)
    refused_at = set(rng.sample(range(len(days)), refusals))
    keys = []
    for number, day in enumerate(days):
        # Pseudonymous like real keys; the number keeps them unique.
        key = f"SYN-{spec.id[:3].upper()}-{number + 1:04d}-{rng.randrange(16 ** 3):03X}"
        keys.append(key)
        person = draw_person(rng, spec, key, day, rng.choice(staff), living)
        if number in refused_at:
            person = ineligible(rng, spec, person) or person
        try:
            result = enrol(run.ctx, person, person.coordinator)
        except NotEligibleError:
            continue
        finally:
            run.operations += 1
        if result.status == "active":
            live_case(run, result.case_id, person.coordinator, day, last)
    return keys


def _intake(rng: random.Random, first: date, last: date, people: int,
            closes: bool) -> list[date]:
    """Enrolment days, a steady intake: one day drawn in each of ``people`` equal slots
    of the span.  A programme that ends in the span stops taking people in its last
    months (a quarter of the span, at most four months), as a project winds down."""
    if closes:
        last = max(first, last - timedelta(days=min(120, (last - first).days // 4)))
    span = (last - first).days + 1
    days = []
    for slot in range(people):
        low, high = span * slot // people, max(span * (slot + 1) // people - 1, span * slot
                                                 // people)
        day = first + timedelta(days=rng.randint(low, high))
        days.append(_working_day_in(day, first, last))
    return sorted(days)


def _working_day_in(day: date, first: date, last: date) -> date:
    """A working day near ``day`` from ``first`` to ``last`` (``day`` if none is)."""
    for near in (previous_working_day(day), next_working_day(day)):
        if first <= near <= last:
            return near
    return day


def _train_staff(run: Run, first: date, last: date) -> None:
    """Record the courses a ``staff_trained`` target counts (Hofors: 2 + 10 people),
    each on a day of the span, with one or two fewer than planned now and then."""
    for target in run.spec.targets:
        if target.measure != "staff_trained":
            continue
        planned = list(target.breakdown) or [(target.name, target.count or 1)]
        for name, count in planned:
            # "Operativa medarbetare/coacher AMI – fördjupad utbildning 2x2 dagar"
            role, _, course = name.partition(" – ")
            course = course[:1].upper() + course[1:] if course else name
            on = first + run.days(0, (last - first).days)
            count = max(1, count - run.rng.choice((0, 0, 1)))
            record_training(run.ctx, run.spec.id, course, role, count, on, "samordnare")
            run.operations += 1


def _summary(run: Run, starts_on: date, ends_on: date, keys: list[str]) -> PopulationSummary:
    spec = run.spec
    with run.ctx.transaction() as session:
        def count(*where: Any, table: Any = CaseRow) -> int:
            return int(session.exec(select(func.count()).select_from(table).where(
                *where)).one())

        mine = CaseRow.programme_id == spec.id
        cases = select(CaseRow.id).where(mine)
        by_outcome = dict(session.exec(select(CaseRow.outcome, func.count()).where(
            mine, CaseRow.status == "exited").group_by(CaseRow.outcome)).all())
        obligations = session.exec(select(
            col(ObligationRow.status), col(ObligationRow.completed_on),
            col(ObligationRow.due_on), col(ObligationRow.window_to)).where(
            ObligationRow.programme_id == spec.id,
            col(ObligationRow.kind).not_in(NOT_WORK),
            col(ObligationRow.due_on) <= ends_on)).all()
        kept = {"on_time": 0, "late": 0, "missed": 0, "open": 0}
        for status, completed_on, due_on, window_to in obligations:
            if status == "done" and completed_on is not None:
                kept["on_time" if completed_on <= (window_to or due_on) else "late"] += 1
            elif status in kept:
                kept[status] += 1
        extensions = dict(session.exec(select(ExtensionRequestRow.status, func.count()).where(
            col(ExtensionRequestRow.case_id).in_(cases)).group_by(
            ExtensionRequestRow.status)).all())
        return PopulationSummary(
            programme=spec.id, starts_on=starts_on, ends_on=ends_on, keys=tuple(keys),
            enrolled=count(mine, col(CaseRow.status).in_(("active", "exited"))),
            waiting=count(mine, CaseRow.status == "waiting"),
            refused=len(keys) - count(mine),
            exits=tuple((o.id, int(by_outcome[o.id])) for o in spec.outcomes
                        if o.id in by_outcome),
            active_at_end=count(mine, CaseRow.status == "active"),
            obligations=tuple(kept.items()),
            follow_ups_held=count(col(FollowUpRow.case_id).in_(cases), table=FollowUpRow),
            extensions=tuple(sorted((s, int(n)) for s, n in extensions.items())),
            post_exit_results=count(col(PostExitResultRow.case_id).in_(cases),
                                    table=PostExitResultRow),
            operations=run.operations)
