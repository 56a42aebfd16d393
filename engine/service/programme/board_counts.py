"""What a board member misses in a report (issue 22), counted in SQL: the previous period
and each year of the programme's life (by the report's own case count), income support
at enrolment and at exit with the referring party, and the coordinators' caseloads.

Every query is a GROUP BY; no row per case and no staff name leaves this module.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from sqlalchemy import Date, bindparam, text
from sqlalchemy.engine import Connection

from engine.definitions.income import INCOME_KINDS
from engine.definitions.spec import ProgrammeSpec
from engine.reports.compare_periods import previous_span, to_date_span, year_spans
from engine.reports.counts import BoardCounts, CaseGroup, PeriodCases
from engine.reports.model import Period
from engine.service.programme.packed_groups import Coded, Flag, Packing
from engine.service.programme.period_cases import ACTIVE_IN_PERIOD
from engine.store.tables import GENDERS

#: Counts the case groups of one span (first day, last day) as the report counts its own.
CountCases = Callable[[date, date], list[CaseGroup]]


def board_counts(connection: Connection, spec: ProgrammeSpec, period: Period, as_of: date,
                 own: tuple[CaseGroup, ...], count_cases: CountCases) -> BoardCounts:
    """The board's counts for the report of ``period`` up to ``as_of``.

    ``own``: the report's own case groups (reused for its span, not counted again);
    ``count_cases``: the report's case count (report_data's), so that every period is
    counted alike.
    """
    def cases(starts_on: date, ends_on: date) -> tuple[CaseGroup, ...]:
        if (starts_on, ends_on) == (period.starts_on, as_of):
            return own
        return tuple(count_cases(starts_on, ends_on))

    previous = previous_span(spec, period, as_of)
    people, caseloads = _people_and_caseloads(connection, spec, period.starts_on, as_of)
    years = tuple(PeriodCases(s.key, s.starts_on, s.ends_on, cases(s.starts_on, s.ends_on))
                  for s in year_spans(spec, as_of))
    to_date = to_date_span(spec, period, as_of)
    return BoardCounts(
        previous=None if previous is None else PeriodCases(
            "previous", previous.starts_on, previous.ends_on,
            cases(previous.starts_on, previous.ends_on)),
        years=years, people=people, caseloads=caseloads,
        # Only for a programme with an end (Hofors): one more count of its few cases.
        to_date=None if to_date is None else PeriodCases(
            "to_date", to_date.starts_on, to_date.ends_on,
            cases(to_date.starts_on, to_date.ends_on)))


def _statement(sql: str) -> object:
    return text(sql).bindparams(*(bindparam(n, type_=Date) for n in ("start", "end")
                                  if f":{n}" in sql))


People = tuple[tuple[str, str | None, str | None, bool, bool, str | None, int], ...]


def _people_and_caseloads(connection: Connection, spec: ProgrammeSpec, start: date, end: date
                          ) -> tuple[People, tuple[int, ...]]:
    """Income support at enrolment and exit and the referrer of the period's cases, and
    the active cases of each coordinator on ``end``.

    PostgreSQL: one pass over the period's cases (two passes cost 0.37 s of CPU at
    100,000 case-years; bench/bench_reports.py).  SQLite sorts every row of a GROUP BY,
    and a key of seven columns with a coordinator's name in it was most of that pass's
    second at 1,000,000 case-years: there the people are counted over one packed
    integer (:mod:`packed_groups`) and the caseloads by coordinator alone.  The
    coordinators' names go no further than this function.
    """
    bound = {"programme": spec.id, "start": start, "end": end}
    if connection.dialect.name == "sqlite":
        packed = _packed_people(connection, spec, bound)
        if packed is not None:
            per_coordinator = connection.execute(_statement(f"""
                SELECT c.coordinator, count(*) FROM cases c WHERE {ACTIVE_IN_PERIOD}
                  AND (c.exited_on IS NULL OR c.exited_on > :end)
                GROUP BY +c.coordinator"""), bound).all()  # type: ignore[call-overload]
            return packed, tuple(sorted((int(n) for _, n in per_coordinator), reverse=True))
    rows = connection.execute(_statement(f"""
        SELECT gender, income_at_start, income_at_exit, enrolled, exited, referring_party,
               coordinator, count(*)
        FROM (
          SELECT c.gender AS gender, c.income_at_start AS income_at_start,
                 CASE WHEN c.exited_on <= :end THEN c.income_at_exit END AS income_at_exit,
                 CASE WHEN c.enrolled_on >= :start THEN 1 ELSE 0 END AS enrolled,
                 CASE WHEN c.exited_on <= :end THEN 1 ELSE 0 END AS exited,
                 c.referring_party AS referring_party, c.coordinator AS coordinator
          FROM cases c WHERE {ACTIVE_IN_PERIOD}
        ) per_case
        GROUP BY gender, income_at_start, income_at_exit, enrolled, exited, referring_party,
                 coordinator
        """), bound).all()  # type: ignore[call-overload]
    people: dict[tuple[str, str | None, str | None, bool, bool, str | None], int] = \
        defaultdict(int)
    loads: dict[str, int] = defaultdict(int)
    for gender, at_start, at_exit, enrolled, exited, party, coordinator, n in rows:
        people[(gender, at_start, at_exit, bool(enrolled), bool(exited), party)] += int(n)
        if not exited:  # active on ``end`` (an exit on ``end`` is not: report_data's at_end)
            loads[coordinator] += int(n)
    return (tuple((*key, n) for key, n in sorted(people.items(), key=repr)),
            tuple(sorted(loads.values(), reverse=True)))


def _packed_people(connection: Connection, spec: ProgrammeSpec, bound: dict[str, object]
                   ) -> People | None:
    """The people's groups over one packed integer (SQLite); None when a case holds an
    income kind or a referring party the definition does not name."""
    exited = "c.exited_on <= :end"
    packing = Packing("0", "lead", [
        Coded("gender", "c.gender", GENDERS),
        Coded("income_at_start", "c.income_at_start", INCOME_KINDS),
        Coded("income_at_exit", "c.income_at_exit", INCOME_KINDS, when=exited),
        Flag("enrolled", "c.enrolled_on >= :start"),
        Flag("exited", exited),
        # Stored as the party's name (enrolment's choices), or its id.
        Coded("referring_party", "c.referring_party",
              tuple(dict.fromkeys((*(p.name for p in spec.parties),
                                   *(p.id for p in spec.parties)))))])
    if not packing.usable:
        return None
    rows = connection.execute(_statement(f"""
        SELECT {packing.sql()} AS packed, count(*) FROM cases c WHERE {ACTIVE_IN_PERIOD}
        GROUP BY packed"""), {**bound, **packing.params()}).all()  # type: ignore[call-overload]
    people = []
    for key, n in rows:
        value = packing.unpack(key)
        if value is None:
            return None
        people.append((value["gender"], value["income_at_start"], value["income_at_exit"],
                       value["enrolled"], value["exited"], value["referring_party"], int(n)))
    return tuple(sorted(people, key=lambda row: repr((row[:-1], row[-1]))))
