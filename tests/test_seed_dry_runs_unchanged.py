"""The five shipped definitions keep their meaning: their dry runs match a fixture.

``tests/fixtures/seed_dry_runs_before.json`` holds the ``stegvis simulate --json``
output of each shipped definition over fixed spans, captured before the definition
language grew monthly cadences, meeting-relative deadlines, phase limits and the rest
(issue 12).  Each run is repeated here and must give the same obligations, field for
field, except where a definition was deliberately improved; every such change is listed
in ``CHANGED`` with the reason, so a date that moves by accident fails the test.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from engine.definitions.loading import load_programme
from engine.rules.simulation import simulate

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "seed_dry_runs_before.json"
RUNS: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))

#: (programme, obligation key, field) → (value before, value now, why it changed).
CHANGED: dict[tuple[str, str, str], tuple[Any, Any, str]] = {}


def _option(args: list[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _now(programme: str, args: list[str]) -> list[dict[str, Any]]:
    spec = load_programme(programme)
    start = _day(_option(args, "--start"))
    assert start is not None
    run = simulate(spec, start, _day(_option(args, "--until")), _day(_option(args, "--exit")),
                   _option(args, "--outcome"))
    return [o.to_json() for o in run.obligations]


def test_fixture_covers_the_five_programmes() -> None:
    assert {r["programme"] for r in RUNS} == {"rebus", "vasteras", "hofors", "start", "orebro"}


@pytest.mark.parametrize("run", RUNS, ids=lambda r: f"{r['programme']} {' '.join(r['args'])}")
def test_dry_run_is_as_before(run: dict[str, Any]) -> None:
    programme = run["programme"]
    before = {o["key"]: o for o in run["obligations"]}
    now = {o["key"]: o for o in _now(programme, run["args"])}
    assert sorted(now) == sorted(before), (
        f"added {sorted(set(now) - set(before))}, removed {sorted(set(before) - set(now))}")
    differences = []
    for key, old in before.items():
        new = now[key]
        for field in sorted(set(old) | set(new)):
            was, is_ = old.get(field), new.get(field)
            if was == is_:
                continue
            change = CHANGED.get((programme, key, field))
            if change is not None and (change[0], change[1]) == (was, is_):
                continue
            differences.append(f"{key}.{field}: {was!r} → {is_!r}")
    assert not differences, "\n".join(differences)
