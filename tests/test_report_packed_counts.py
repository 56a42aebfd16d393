"""The report's counts on SQLite over packed integer keys (engine.service.programme.
packed_groups) are the counts of the plain GROUP BY, on the populations a user makes and
with values the definition does not name (an older version's outcome, a municipality
outside the residence list, a gender stored before genders were checked).

SQLite sorts every row of a GROUP BY; the packed keys and the day-ordered admissions
are what bring the 2026 report at 1,000,000 case-years under 5 s (bench/bench_reports.py,
docs/benchmarks.md).  A wrong packing would move people between groups silently, so
each path is compared with the plain one.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from engine.clock import STOCKHOLM, fixed_clock
from engine.paths import definitions_dir
from engine.population.population import populate
from engine.reports.counts import ProgrammeCounts
from engine.reports.periods import as_of, resolve_period
from engine.service.programme import board_counts, report_data
from engine.service.programme.packed_groups import Coded, Flag, Packing
from engine.service.programme.report_data import current_spec, programme_counts
from engine.service.shared.context import Context
from engine.store.database import open_database

TODAY = date(2026, 1, 15)
#: (programme, first day, last day, participants, report period) as the demo makes them.
POPULATIONS = [("rebus", date(2024, 7, 1), date(2025, 12, 31), 60, "2025"),
               ("vasteras", date(2024, 1, 1), date(2025, 12, 31), 80, "2025"),
               ("hofors", date(2021, 1, 1), date(2023, 3, 1), 25, "2022"),
               ("start", date(2023, 1, 1), date(2025, 12, 31), 40, "2025"),
               ("orebro", date(2024, 1, 1), date(2025, 12, 31), 50, "2025")]


def _context(folder: Path) -> Context:
    clock = fixed_clock(datetime.combine(TODAY, time(9), tzinfo=STOCKHOLM).astimezone(UTC))
    return Context(open_database(f"sqlite:///{folder / 'stegvis.db'}"), clock,
                   definitions_dir())


def _counts(ctx: Context, programme: str, period_name: str) -> ProgrammeCounts:
    spec = current_spec(ctx, programme)
    period = resolve_period(spec, period_name, ctx.today())
    with ctx.transaction() as session:
        return programme_counts(session.connection(), spec, period,
                                as_of(period, ctx.today()), ctx.today())


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count with the plain columns only, as on PostgreSQL."""
    monkeypatch.setattr(report_data, "_packed_case_rows", lambda *_: None)
    monkeypatch.setattr(board_counts, "_packed_people", lambda *_: None)
    monkeypatch.setattr(report_data, "_admitted_per_day", report_data._plain_admitted)


def _watch_packing(monkeypatch: pytest.MonkeyPatch) -> dict[str, set[bool]]:
    """Which packed counts gave groups (True) or fell back to the plain ones (False)."""
    taken: dict[str, set[bool]] = {}

    def watch(real: Any, key: str) -> Any:
        def watched(*args: Any) -> Any:
            out = real(*args)
            taken.setdefault(key, set()).add(out is not None)
            return out
        return watched

    monkeypatch.setattr(report_data, "_packed_case_rows",
                        watch(report_data._packed_case_rows, "cases"))
    monkeypatch.setattr(board_counts, "_packed_people",
                        watch(board_counts._packed_people, "people"))
    return taken


def _normal(value: Any) -> Any:
    """``value`` with every collection of records in a fixed order: the order of a
    GROUP BY's groups means nothing, the places within a record do."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                tuple((f.name, _normal(getattr(value, f.name)))
                      for f in dataclasses.fields(value)))
    if isinstance(value, tuple | list):
        items = [_normal(v) for v in value]
        if items and all(isinstance(v, tuple) for v in items):
            return tuple(sorted(items, key=repr))
        return tuple(items)
    return value


def _same(packed: ProgrammeCounts, plain: ProgrammeCounts) -> None:
    assert _normal(packed) == _normal(plain)


@pytest.mark.parametrize(("programme", "first", "last", "n", "period"), POPULATIONS,
                         ids=[p[0] for p in POPULATIONS])
def test_packed_counts_are_the_plain_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            programme: str, first: date, last: date, n: int,
                                            period: str) -> None:
    ctx = _context(tmp_path)
    populate(ctx, programme, first, last, n, 2017)
    taken = _watch_packing(monkeypatch)
    packed = _counts(ctx, programme, period)
    assert sum(g.count for g in packed.cases) > 0
    # The packed keys were used (not the plain columns compared with themselves).
    assert taken == {"cases": {True}, "people": {True}}, taken
    monkeypatch.undo()
    with monkeypatch.context() as plain_only:
        _plain(plain_only)
        plain = _counts(ctx, programme, period)
    _same(packed, plain)


def test_values_the_definition_does_not_name_are_counted_as_stored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An outcome of an older version, a municipality outside Västerås's residence list,
    an income kind and a referrer not listed, a gender stored before genders were
    checked: each case keeps its group."""
    ctx = _context(tmp_path)
    populate(ctx, "vasteras", date(2024, 1, 1), date(2025, 12, 31), 80, 2017)
    with ctx.engine.begin() as db:
        ids = db.execute(text("SELECT id FROM cases WHERE programme_id = 'vasteras' AND "
                              "status = 'exited' AND exited_on >= '2025-01-01' AND "
                              "enrolled_on >= '2025-01-01' ORDER BY id")).scalars().all()
        assert len(ids) >= 5
        for column, value, case in (("outcome", "gammalt_utfall", ids[0]),
                                    ("municipality", "Gnosjö", ids[1]),
                                    ("income_at_start", "okand_forsorjning", ids[2]),
                                    ("referring_party", "okand_part", ids[3]),
                                    ("gender", "okänt", ids[4])):
            db.execute(text(f"UPDATE cases SET {column} = :value WHERE id = :id"),
                       {"value": value, "id": case})
    taken = _watch_packing(monkeypatch)
    packed = _counts(ctx, "vasteras", "2025")
    # the period's count fell back to the plain columns (a year without them did not)
    assert False in taken["cases"] and taken["people"] == {False}, taken
    monkeypatch.undo()
    with monkeypatch.context() as plain_only:
        _plain(plain_only)
        plain = _counts(ctx, "vasteras", "2025")
    _same(packed, plain)
    assert "gammalt_utfall" in {g.outcome for g in packed.cases}
    assert "Gnosjö" in {g.municipality for g in packed.cases}
    assert "okänt" in {g.gender for g in packed.cases}
    assert "okänt" in {g for g, _, _ in packed.admitted_by_gender}
    assert any(row[1] == "okand_forsorjning" for row in packed.board.people)
    assert any(row[5] == "okand_part" for row in packed.board.people)


_VALUES = st.sampled_from([None, "a", "b", "c", "Västerås", "x'y", "okänd"])


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(-150, 150), _VALUES, _VALUES,
                               st.sampled_from([None, 0, 1]), st.booleans()),
                     min_size=1, max_size=30),
       known=st.lists(st.sampled_from(["a", "b", "c", "Västerås", "x'y"]), unique=True,
                      max_size=4))
def test_a_packed_key_unpacks_to_the_row_it_was_made_from(
        rows: list[tuple[int, str | None, str | None, int | None, bool]],
        known: list[str]) -> None:
    """Whatever the values: the integer SQLite computes unpacks to the row, or to None
    when a text value is not in its list."""
    packing = Packing("lead", "lead", [
        Coded("first", "first", tuple(known)),
        Coded("second", "second", tuple(known), when="flag"),
        Flag("maybe", "maybe = 1", nullable=True),
        Flag("flag", "flag")])
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE TABLE t (lead INTEGER, first TEXT, second TEXT, maybe INTEGER, "
                   "flag INTEGER)")
        db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
        keys = [k for (k,) in db.execute(f"SELECT {packing.sql()} FROM t",
                                         packing.params())]
    for (lead, first, second, maybe, flag), key in zip(rows, keys, strict=True):
        unpacked = packing.unpack(key)
        shown_second = second if flag else None
        if any(v is not None and v not in known for v in (first, shown_second)):
            assert unpacked is None
            continue
        expected: dict[str, Any] = {"lead": lead, "first": first, "second": shown_second,
                                    "maybe": None if maybe is None else maybe == 1,
                                    "flag": flag}
        assert unpacked == expected
