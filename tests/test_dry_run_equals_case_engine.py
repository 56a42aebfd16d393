"""The dry run and the case engine agree (issue 25, rule 4): over the five shipped
programmes and seeded random paths (moves along the transitions, an exit with any
outcome), what ``stegvis simulate`` says of a participant is what the case engine stores
for one who lives that path on a temporary SQLite database: the same refusals, and the
same obligations with the same due dates."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from engine.definitions.loading import load_programme
from engine.definitions.spec import ProgrammeSpec
from engine.errors import StegvisError
from engine.population.people import draw_person, municipalities
from engine.rules.case_facts import CaseFacts
from engine.rules.case_rules import closed_by_exit, closed_by_leaving
from engine.rules.simulation import DryRunPath, simulate
from engine.service.cases.enrolment import enrol
from engine.service.cases.operations import complete, exit_case, move_phase
from engine.service.cases.queries import case_view
from engine.service.shared.context import Context
from engine.store.database import open_database

PROGRAMMES = ("rebus", "vasteras", "hofors", "start", "orebro")
PATHS = 12


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2000, 1, 1, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at

    def set_day(self, day: date) -> None:
        self.at = datetime.combine(day, time(9), tzinfo=UTC)


def _path(spec: ProgrammeSpec, rng: random.Random
          ) -> tuple[date, list[tuple[str, date]], date, str]:
    first = spec.enrolment_from
    last = min(spec.enrolment_to or spec.valid_to or first + timedelta(days=900),
               first + timedelta(days=900))
    start = first + timedelta(days=rng.randrange((last - first).days - 200 or 1))
    moves: list[tuple[str, date]] = []
    current, day = spec.initial_phase, start
    for _ in range(rng.randrange(4)):
        transitions = spec.phase(current).transitions
        if not transitions:
            break
        day += timedelta(days=rng.randrange(10, 80))
        current = rng.choice(transitions).to
        moves.append((current, day))
    exit_on = day + timedelta(days=rng.randrange(1, 60))
    # Half the exits are drop-outs, which every phase allows; the rest any outcome, so
    # that completions from the wrong phase are tried too.
    drop_outs = [o for o in spec.outcomes if not o.completed]
    return start, moves, exit_on, rng.choice(drop_outs if rng.random() < 0.5
                                             else spec.outcomes).id


def _dry_run(spec: ProgrammeSpec, start: date, moves: list[tuple[str, date]],
             exit_on: date, outcome: str) -> set[tuple[str, str]] | str:
    try:
        run = simulate(spec, start, exit_on=exit_on, outcome=outcome,
                       path=DryRunPath(moves=tuple(moves)))
    except StegvisError as refused:
        return refused.kind
    # What the exit or a later move makes moot the case engine keeps as cancelled (the
    # same rule, engine.rules.case_rules); the rest is what a coordinator meets.
    facts = CaseFacts(enrolled_on=start, phase_entries=tuple(moves))
    return {(o.key, o.due_on.isoformat()) for o in run.obligations if o.scope == "participant"
            and "cancelled" not in (closed_by_exit(exit_on, o.key, o.due_on),
                                    closed_by_leaving(facts, o.key))}


def _case_engine(ctx: Context, clock: Clock, spec: ProgrammeSpec, key: str, start: date,
                 moves: list[tuple[str, date]], exit_on: date, outcome: str,
                 rng: random.Random) -> set[tuple[str, str]] | str:
    clock.set_day(exit_on)
    request = draw_person(rng, spec, key, start, "anna", municipalities(spec))
    case = enrol(ctx, request, actor="anna").case_id
    try:
        current = spec.initial_phase
        for phase, on in moves:
            transition = next(t for t in spec.phase(current).transitions if t.to == phase)
            for task in transition.requires:  # the dry run assumes the guards met
                open_keys = [o["key"] for o in case_view(ctx, case)["obligations"]
                             if o["status"] == "open" and (o["key"] == f"task:{task}"
                                                           or o["key"].startswith(f"task:{task}:"))]
                for k in open_keys:
                    complete(ctx, case, k, actor="anna", on=on)
            move_phase(ctx, case, phase, actor="anna", on=on,
                       approved_by=transition.approved_by)
            current = phase
        exit_case(ctx, case, outcome, actor="anna", on=exit_on)
    except StegvisError as refused:
        return refused.kind
    return {(o["key"], o["due_on"]) for o in case_view(ctx, case)["obligations"]
            if o["status"] != "cancelled"}


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_dry_run_and_case_engine_agree_on_random_paths(programme: str, tmp_path: Path) -> None:
    spec = load_programme(programme)
    clock = Clock()
    ctx = Context(open_database(f"sqlite:///{tmp_path / 'agree.db'}"), clock)
    rng = random.Random(f"issue 25 {programme}")
    refusals = 0
    for n in range(PATHS):
        start, moves, exit_on, outcome = _path(spec, rng)
        said = _dry_run(spec, start, moves, exit_on, outcome)
        done = _case_engine(ctx, clock, spec, f"{programme}-{n}", start, moves, exit_on,
                            outcome, rng)
        where = f"{programme}: enrolled {start}, moves {moves}, exit {exit_on} as {outcome}"
        if isinstance(said, str) or isinstance(done, str):
            assert said == done, where
            refusals += 1
            continue
        assert sorted(said - done) == [] and sorted(done - said) == [], where
    assert 0 < refusals < PATHS  # both refusals and dates are compared
