"""The figures of a programme report, counted in SQL, and the report built from them.

Every query is a GROUP BY over the programme's rows in one period (indexes of
migration 0008), returning groups with their counts, never a row per case; the
figures (:mod:`engine.reports.figures`) lay them out and suppress small counts.
Which case counts in which period is written in docs/reports.md and
:mod:`engine.reports.counts`.

Entry point: :func:`programme_report` (what ``stegvis report`` calls).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Date, bindparam, text
from sqlalchemy.engine import Connection
from sqlmodel import col, select

from engine.definitions.spec import ProgrammeSpec
from engine.errors import InputError
from engine.reports.counts import CaseGroup, ProgrammeCounts
from engine.reports.figures import build_report
from engine.reports.model import Period, Report
from engine.reports.periods import as_of, resolve_period
from engine.reports.suppression import threshold_from_environment
from engine.reports.texts import Lang
from engine.service.programme.board_counts import board_counts
from engine.service.programme.packed_groups import Coded, Flag, Packing
from engine.service.programme.period_cases import ACTIVE_IN_PERIOD
from engine.service.programme.record_data import record_counts
from engine.service.shared.context import Context, spec_from_text
from engine.service.shared.published import running_spec
from engine.store.tables import GENDERS, CaseRow, DefinitionVersionRow

#: Obligation kinds the obligations table leaves out (see engine.reports.figures_work).
_NOT_OBLIGATIONS = ("duration_limit", "duration_warning", "post_exit_follow_up")


def current_spec(ctx: Context, programme: str) -> ProgrammeSpec:
    """The definition the programme runs now (engine.service.shared.published)."""
    return running_spec(ctx, programme)


def programme_report(ctx: Context, programme: str, period: str | None = None,
                     lang: Lang = "sv", *, from_on: date | None = None,
                     to_on: date | None = None, threshold: int | None = None,
                     prognosis: bool = False, allow_empty: bool = False) -> Report:
    """The report of ``programme`` for ``period`` (see :mod:`engine.reports.periods`).

    InputError for a period that does not exist or has not begun, and for a programme
    with no cases in this database (unless ``allow_empty``: a scheduled report is due
    all the same).  ``threshold``: the smallest count shown (default
    $STEGVIS_REPORT_THRESHOLD, else 5).  ``prognosis``: add the full-year forecast of a
    period under way (the evaluation before a decision meeting).
    """
    spec = current_spec(ctx, programme)
    chosen = resolve_period(spec, period, ctx.today(), lang, from_on, to_on)
    day = as_of(chosen, ctx.today())
    with ctx.transaction() as session:
        connection = session.connection()
        if not allow_empty and session.exec(select(CaseRow.id).where(
                CaseRow.programme_id == spec.id).limit(1)).first() is None:
            raise InputError(f"{spec.name} has no cases in this database; nothing to report")
        counts = programme_counts(connection, spec, chosen, day, ctx.today())
        older = _older_specs(session.connection(), spec, counts.definition_versions)
    return build_report(spec, counts, chosen, day, ctx.now(), lang,
                        threshold if threshold is not None else threshold_from_environment(),
                        older=older, prognosis=prognosis)


def _older_specs(connection: Connection, spec: ProgrammeSpec,
                 versions: tuple[int, ...]) -> list[ProgrammeSpec]:
    rows = connection.execute(
        select(DefinitionVersionRow.version, DefinitionVersionRow.source_text)
        .where(DefinitionVersionRow.programme_id == spec.id,
               col(DefinitionVersionRow.version).in_(versions),
               DefinitionVersionRow.content_hash != spec.content_hash)
        .order_by(col(DefinitionVersionRow.version).desc())).all()
    return [spec_from_text(source, f"{spec.id} v{version}") for version, source in rows]


def _dates(statement: str, *extra: Any) -> Any:
    """A text statement with its date parameters typed (SQLite stores dates as text)."""
    return text(statement).bindparams(*(bindparam(n, type_=Date) for n in
                                        ("start", "end", "today", "period_end")
                                        if f":{n}" in statement),
                                      *extra)


def _year(connection: Connection, column: str) -> str:
    if connection.dialect.name == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    # SQLite stores a date as its ISO text: its first four characters are the year
    # (cheaper than strftime, which parses the whole date, for every case counted).
    return f"CAST(substr({column}, 1, 4) AS INTEGER)"


def _json_text(connection: Connection, column: str, key: str) -> str:
    """A JSON column's value at ``key`` as text (the audit log's before/after)."""
    if connection.dialect.name == "postgresql":
        return f"({column} ->> '{key}')"
    return f"json_extract({column}, '$.{key}')"


def _days(connection: Connection, later: str, earlier: str) -> str:
    if connection.dialect.name == "postgresql":
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def _improved(spec: ProgrammeSpec) -> tuple[str, dict[str, Any]]:
    """SQL for "the exit survey scored higher than the start survey" of an exit."""
    target = next((t for t in spec.targets if t.measure == "survey_improvement"), None)
    starts = [t.id for t in spec.tasks if t.kind == "survey" and t.when == "enrolment"]
    if target is None or target.survey is None or not starts:
        return "NULL", {}
    # Answers given after the day the figures describe are not known on that day.
    latest = ("(SELECT s.score FROM survey_answers s WHERE s.case_id = c.id AND "
              "s.survey = :exit_survey AND s.answered_on <= :end "
              "ORDER BY s.answered_on DESC, s.id DESC LIMIT 1)")
    first = ("(SELECT s.score FROM survey_answers s WHERE s.case_id = c.id AND "
             "s.survey IN :start_surveys AND s.answered_on <= :end "
             "ORDER BY s.answered_on, s.id LIMIT 1)")
    # NULL when either survey is missing: a comparison with NULL is NULL.
    sql = f"CASE WHEN c.exited_on <= :end THEN ({latest} > {first}) END"
    return sql, {"exit_survey": target.survey, "start_surveys": starts}


def _case_groups(connection: Connection, spec: ProgrammeSpec, start: date, end: date,
                 places: tuple[str, ...] = ()) -> tuple[list[CaseGroup], tuple[int, ...]]:
    """The cases active in the period, grouped (from ``ix_cases_programme_enrolled``).

    The GROUP BY sorts every case, so it holds only what varies: "enrolled in the
    period" is "not active at its start" (every case has an admission date), "active at
    the end" is "not exited", and step movement and survey improvement are counted
    only when a target asks for them.  On SQLite the columns are packed into one
    integer (:mod:`packed_groups`), unless a case holds a value the definition does not
    name (the municipalities named: the definition's and ``places``, those of the
    period's admissions and exits).  The definition versions are read apart.
    """
    extra: list[Flag] = []
    if any(t.measure == "step_movement" for t in spec.targets):
        extra.append(Flag("stepped", (
            "c.exited_on <= :end AND EXISTS (SELECT 1 FROM follow_ups f "
            "WHERE f.case_id = c.id AND f.step_movement = 'yes' AND f.held_on <= :end)")))
    improved, params = _improved(spec)
    if params:
        extra.append(Flag("improved", improved, nullable=True))
    expanding: list[Any] = [bindparam("start_surveys", expanding=True)] if params else []
    bound = {"programme": spec.id, "start": start, "end": end, **params}
    rows = None
    if connection.dialect.name == "sqlite":
        rows = _packed_case_rows(connection, spec, extra, bound, expanding, places)
    if rows is None:
        rows = _plain_case_rows(connection, extra, bound, expanding)
    groups = [CaseGroup(
        gender=value["gender"], age=int(value["age"]), municipality=value["municipality"],
        at_start=bool(value["at_start"]), enrolled=not value["at_start"],
        exited=bool(value["exited"]), at_end=not value["exited"],
        outcome=value["outcome"], count=n,
        stepped=bool(value.get("stepped", 0)),
        improved=None if value.get("improved") is None else bool(value["improved"]),
        sub_outcome=value["sub_outcome"], track=value["track"]) for value, n in rows]
    # A programme has a few versions: one search each stops at its first case (a
    # DISTINCT over the cases put every case through a temporary index).
    versions = tuple(connection.execute(_dates(f"""
        SELECT v.version FROM definition_versions v WHERE v.programme_id = :programme
          AND EXISTS (SELECT 1 FROM cases c WHERE c.definition_version_id = v.id
                        AND {ACTIVE_IN_PERIOD})
        ORDER BY v.version"""), bound).scalars().all())
    return groups, versions


def programme_counts(connection: Connection, spec: ProgrammeSpec, period: Period,
                     as_of_day: date, today: date) -> ProgrammeCounts:
    """Everything the report of ``spec`` for ``period`` (up to ``as_of_day``) counts."""
    with _sorting_threads(connection):
        return _programme_counts(connection, spec, period, as_of_day, today)


@contextmanager
def _sorting_threads(connection: Connection) -> Iterator[None]:
    """On SQLite, let a GROUP BY's sort use a core more while the report is counted.

    SQLite sorts the rows of every GROUP BY; with a helper thread (``PRAGMA threads``)
    it sorts the runs of a large sort side by side: 1.16 s → 0.83 s of wall time for the
    board's pass at 1,000,000 case-years on two cores (bench/bench_reports.py).  The
    setting is the connection's: it is put back, the pool's connection is shared.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA threads").scalar()
    helpers = min(4, max(0, (os.cpu_count() or 1) - 1))
    connection.exec_driver_sql(f"PRAGMA threads = {helpers}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA threads = {int(before or 0)}")


def _programme_counts(connection: Connection, spec: ProgrammeSpec, period: Period,
                      as_of_day: date, today: date) -> ProgrammeCounts:
    start, end = period.starts_on, as_of_day
    base = {"programme": spec.id, "start": start, "end": end}
    if connection.dialect.name == "postgresql":
        # The planner prices the missed-at-exit subquery of the obligations count as if
        # it ran for every row, and then JIT-compiles the query for longer than it runs
        # (0.36 s of 0.63 s at 100,000 case-years).  For this transaction only.
        connection.execute(text("SET LOCAL jit = off"))

    def rows(statement: str, **params: Any) -> list[Any]:
        return list(connection.execute(_dates(statement), {**base, **params}).all())

    days = _days(connection, "c.exited_on", "c.enrolled_on")
    # Admissions and exits per day by municipality and gender, one scan each: the
    # occupancy reads them by municipality, the monthly flows by gender.
    admitted = _admitted_per_day(connection, base)
    exited = [(m, g, _date(d), int(n)) for m, g, d, n in rows("""
            SELECT municipality, gender, exited_on, count(*) FROM cases
            WHERE programme_id = :programme AND exited_on BETWEEN :start AND :end
              AND status = 'exited'
            GROUP BY municipality, gender, exited_on""")]
    # The municipalities seen in the period, for the case groups' packed key.
    places = tuple(sorted({m for m, _, _, _ in admitted} | {m for m, _, _, _ in exited}))
    groups, versions = _case_groups(connection, spec, start, end, places)
    return ProgrammeCounts(
        cases=tuple(groups),
        waiting=tuple((g, int(n)) for g, n in rows(f"""
            SELECT gender, count(*) FROM (
              SELECT c.gender FROM cases c WHERE c.programme_id = :programme
                AND c.status = 'waiting' AND c.enrolled_on <= :end
              UNION ALL
              -- admitted after the day: it was waiting then (two indexed ranges; an
              -- OR of the two read every case of the programme)
              SELECT c.gender FROM cases c WHERE c.programme_id = :programme
                AND c.status IN ('active', 'exited') AND c.enrolled_on > :end
                AND EXISTS (SELECT 1 FROM audit_log a WHERE a.case_id = c.id
                              AND a.action = 'admit'
                              AND {_json_text(connection, 'a.before', 'enrolled_on')}
                                  <= :end_text)) waiting
            GROUP BY gender""", end_text=end.isoformat())),
        days_to_exit=tuple((g, int(d), int(n)) for g, d, n in rows(f"""
            SELECT c.gender, {days} AS days, count(*) FROM cases c
            WHERE c.programme_id = :programme AND c.status = 'exited'
              AND c.exited_on BETWEEN :start AND :end
            GROUP BY c.gender, {days}""")),
        admitted_on=_per_day(admitted, by_gender=False),
        exited_on=_per_day(exited, by_gender=False),
        admitted_by_gender=_per_day(admitted, by_gender=True),
        exited_by_gender=_per_day(exited, by_gender=True),
        admitted_before=int(rows("""
            SELECT count(*) FROM cases WHERE programme_id = :programme
              AND enrolled_on < :start AND status IN ('active', 'exited')""")[0][0]),
        extensions=tuple((g, r, int(n)) for g, r, n in rows("""
            SELECT c.gender, e.approver_role, count(*) FROM extension_requests e
              JOIN cases c ON c.id = e.case_id
            WHERE c.programme_id = :programme AND e.status = 'approved'
              AND e.decided_on BETWEEN :start AND :end
            GROUP BY c.gender, e.approver_role""")),
        obligations=_obligations(connection, base, today),
        post_exit=tuple((g, key.removeprefix("post_exit:"), finding, int(n))
                        for g, key, finding, n in rows("""
            SELECT c.gender, o.key, r.status, count(*) FROM obligations o
              JOIN cases c ON c.id = o.case_id
              LEFT JOIN post_exit_results r ON r.case_id = o.case_id
                AND o.key = 'post_exit:' || r.follow_up AND r.found_on <= :end
            WHERE o.programme_id = :programme AND o.kind = 'post_exit_follow_up'
              AND o.due_on BETWEEN :start AND :end AND o.status IN ('open', 'done', 'missed')
            GROUP BY c.gender, o.key, r.status""")),
        refusals=tuple((g, tuple(c.split()), int(n)) for g, c, n in rows("""
            SELECT gender, criteria, count(*) FROM enrolment_refusals
            WHERE programme_id = :programme AND refused_on BETWEEN :start AND :end
            GROUP BY gender, criteria""")),
        trained_before=int(rows("""
            SELECT coalesce(sum(count), 0) FROM staff_training
            WHERE programme_id = :programme AND trained_on < :start""")[0][0]),
        training=tuple((c, r, int(n)) for c, r, n in rows("""
            SELECT course, role, sum(count) FROM staff_training
            WHERE programme_id = :programme AND trained_on BETWEEN :start AND :end
            GROUP BY course, role ORDER BY course, role""")),
        # Whole budget periods inside the report's period (its end, not as_of: a
        # budget is set ahead; an outcome not yet recorded shows as none).
        budget=tuple((p, _date(s), _date(e), b, o) for p, s, e, b, o in rows("""
            SELECT period, starts_on, ends_on, budget_ore, outcome_ore FROM budget_periods
            WHERE programme_id = :programme AND starts_on >= :start AND ends_on <= :period_end
            ORDER BY starts_on""", period_end=period.ends_on)) if spec.budget else (),
        definition_versions=versions,
        records=record_counts(connection, spec, start, end, groups),
        # The previous period, the years, income support, referrers, caseloads (issue 22).
        board=board_counts(connection, spec, period, as_of_day, tuple(groups),
                           lambda s, e: _case_groups(connection, spec, s, e, places)[0]))


def _admitted_per_day(connection: Connection, base: dict[str, Any]
                      ) -> list[tuple[str, str, date, int]]:
    """(municipality, gender, day, admitted) of the period.

    Grouped by day and municipality, the order of ``ix_cases_programme_enrolled``, with
    a count for each gender beside them: the GROUP BY then reads the index in order and
    sorts nothing (grouped by gender too, it sorted every case: 0.55 s of 4.1 at
    1,000,000 case-years).  A gender outside the four (stored before they were
    checked) is counted by the plain GROUP BY instead.
    """
    counts = ", ".join(f"count(*) FILTER (WHERE gender = :gender_{i})"
                       for i in range(len(GENDERS)))
    genders = {f"gender_{i}": g for i, g in enumerate(GENDERS)}
    out: list[tuple[str, str, date, int]] = []
    for row in connection.execute(_dates(f"""
            SELECT enrolled_on, municipality, count(*), {counts} FROM cases
            WHERE programme_id = :programme AND enrolled_on BETWEEN :start AND :end
              AND status IN ('active', 'exited')
            GROUP BY enrolled_on, municipality"""), {**base, **genders}).all():
        day, municipality, total, *each = row
        if sum(each) != total:
            return _plain_admitted(connection, base)
        out.extend((municipality, gender, _date(day), int(n))
                   for gender, n in zip(GENDERS, each, strict=True) if n)
    return out


def _plain_admitted(connection: Connection, base: dict[str, Any]
                    ) -> list[tuple[str, str, date, int]]:
    """(municipality, gender, day, admitted) of the period, grouped by all three."""
    return [(m, g, _date(d), int(n)) for m, g, d, n in connection.execute(_dates("""
        SELECT municipality, gender, enrolled_on, count(*) FROM cases
        WHERE programme_id = :programme AND enrolled_on BETWEEN :start AND :end
          AND status IN ('active', 'exited')
        GROUP BY municipality, gender, enrolled_on"""), base).all()]


#: The plain columns of the case groups (PostgreSQL, or a value the definition does not
#: name); the packed ones are the same (:func:`_packed_case_rows`).
_CASE_KEYS = ("gender", "age", "municipality", "at_start", "exited", "outcome",
              "sub_outcome", "track")


def _plain_case_rows(connection: Connection, extra: Sequence[Flag], bound: dict[str, Any],
                     expanding: list[Any]) -> list[tuple[dict[str, Any], int]]:
    """The case groups, one column each (a nullable flag as its value: 0, 1 or NULL)."""
    keys = [*_CASE_KEYS, *(flag.name for flag in extra)]
    columns = "".join(
        f",\n                 {flag.sql} AS {flag.name}" if flag.nullable else
        f",\n                 CASE WHEN {flag.sql} THEN 1 ELSE 0 END AS {flag.name}"
        for flag in extra)
    statement = _dates(f"""
        SELECT {", ".join(keys)}, count(*) AS n
        FROM (
          SELECT c.gender AS gender,
                 {_year(connection, 'c.enrolled_on')} - c.birth_year AS age,
                 c.municipality AS municipality,
                 CASE WHEN c.enrolled_on < :start THEN 1 ELSE 0 END AS at_start,
                 CASE WHEN c.exited_on <= :end THEN 1 ELSE 0 END AS exited,
                 CASE WHEN c.exited_on <= :end THEN c.outcome END AS outcome,
                 CASE WHEN c.exited_on <= :end THEN c.sub_outcome END AS sub_outcome,
                 c.track AS track{columns}
          FROM cases c WHERE {ACTIVE_IN_PERIOD}
        ) per_case
        GROUP BY {", ".join(keys)}""", *expanding)
    return [(dict(zip(keys, row, strict=False)), int(row[-1]))
            for row in connection.execute(statement, bound).all()]


def _packed_case_rows(connection: Connection, spec: ProgrammeSpec, extra: Sequence[Flag],
                      bound: dict[str, Any], expanding: list[Any],
                      places: tuple[str, ...]) -> list[tuple[dict[str, Any], int]] | None:
    """The case groups with their columns packed into one integer (SQLite); None when
    a case holds a value the definition does not name (then the plain columns count)."""
    exited = "c.exited_on <= :end"
    outcomes = tuple(o.id for o in spec.outcomes)
    subs = tuple(dict.fromkeys(s for o in spec.outcomes for s, _ in o.sub_outcomes))
    places = tuple(dict.fromkeys((*spec.eligibility.residence,
                                  *(m for m, _ in spec.capacity.quotas), *places)))
    packing = Packing(f"{_year(connection, 'c.enrolled_on')} - c.birth_year", "age", [
        Coded("gender", "c.gender", GENDERS),
        Coded("municipality", "c.municipality", places),
        Flag("at_start", "c.enrolled_on < :start"),
        Flag("exited", exited),
        Coded("outcome", "c.outcome", outcomes, when=exited),
        Coded("sub_outcome", "c.sub_outcome", subs, when=exited),
        Coded("track", "c.track", tuple(t for t, _ in spec.tracks)),
        *extra])
    if not packing.usable:
        return None
    statement = _dates(f"""
        SELECT {packing.sql()} AS packed, count(*) AS n FROM cases c WHERE {ACTIVE_IN_PERIOD}
        GROUP BY packed""", *expanding)
    out = []
    for key, n in connection.execute(statement, {**bound, **packing.params()}).all():
        value = packing.unpack(key)
        if value is None:
            return None
        out.append((value, int(n)))
    return out


def _obligations(connection: Connection, base: dict[str, Any],
                 today: date) -> tuple[tuple[str, str, int], ...]:
    """(kind, how it went, count) of the obligations due in the period up to ``end``.

    As on the day the figures describe: an obligation done after it, or missed at an
    exit after it, was still open then (docs/reports.md, "Reproducible").  Each
    obligation is in the first class that holds: on time, late, missed, overdue, due
    today.  One pass per kind, in kind order, over ``ix_obligations_programme_kind_due``
    (the kinds found by a skip scan of it), counting every class at once with
    ``count(*) FILTER``: grouping by a computed class made SQLite sort every row,
    reading ``case_id`` for the missed ones cost a table lookup per row, a
    ``sum(CASE ...)`` per class an aggregate call per row (1.6 s of CPU at 1,000,000
    case-years against 1.4 s), and one filtered query per class a pass each (2.0 s on
    SQLite, a sequential scan each on PostgreSQL).
    """
    kinds = [k for (k,) in connection.execute(_dates(f"""
        WITH RECURSIVE k(kind) AS (
          SELECT min(kind) FROM obligations WHERE programme_id = :programme
          UNION ALL
          SELECT (SELECT min(o.kind) FROM obligations o
                  WHERE o.programme_id = :programme AND o.kind > k.kind)
          FROM k WHERE k.kind IS NOT NULL)
        SELECT kind FROM k WHERE kind IS NOT NULL
          AND kind NOT IN ({", ".join(f"'{k}'" for k in _NOT_OBLIGATIONS)})"""),
                                                 base).all()]
    if not kinds:
        return ()
    done = "status = 'done' AND completed_on <= :end"
    missed = ("status = 'missed' AND EXISTS (SELECT 1 FROM cases c "
              "WHERE c.id = obligations.case_id AND c.exited_on <= :end)")
    # Only what is due today or later can be "due today": tested first, the rest of that
    # filter runs for at most a day's rows.
    statement = _dates(f"""
        SELECT kind, count(*),
               count(*) FILTER (WHERE {done}),
               count(*) FILTER (WHERE {done} AND completed_on <= COALESCE(window_to, due_on)),
               count(*) FILTER (WHERE {missed}),
               count(*) FILTER (WHERE due_on >= :today
                                  AND CASE WHEN {done} THEN 0 WHEN {missed} THEN 0 ELSE 1
                                      END = 1)
        FROM obligations
        WHERE programme_id = :programme AND kind IN :kinds
          AND due_on BETWEEN :start AND :end AND status IN ('open', 'done', 'missed')
        GROUP BY kind""", bindparam("kinds", expanding=True))
    out: list[tuple[str, str, int]] = []
    for kind, n, done_n, on_time, missed_n, due_today in connection.execute(
            statement, {**base, "today": today, "kinds": kinds}).all():
        classes = {"due_today": due_today, "late": done_n - on_time, "missed": missed_n,
                   "on_time": on_time, "overdue": n - done_n - missed_n - due_today}
        out.extend((kind, kept, int(c)) for kept, c in sorted(classes.items()) if c)
    return tuple(sorted(out))


def _per_day(rows: list[tuple[str, str, date, int]], *,
             by_gender: bool) -> tuple[tuple[str, date, int], ...]:
    """(gender or municipality, day, count) from rows of both, summed over the other."""
    summed: dict[tuple[str, date], int] = defaultdict(int)
    for municipality, gender, day, n in rows:
        summed[gender if by_gender else municipality, day] += n
    return tuple((key, day, n) for (key, day), n in summed.items())


def _date(value: Any) -> date:
    """A date from a raw row (SQLite gives text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
