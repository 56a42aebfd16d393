"""The sections about the work done: time in the programme and extensions, obligations
kept, follow-ups after exit, enrolments refused and staff trained."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from engine.reports.build import Build, Row, gender_column
from engine.reports.grid import Fixed, Ref, Stat, Var
from engine.reports.model import GENDER_COLUMNS, Column
from engine.reports.texts import has_label

#: Obligation kinds in the order shown; post-exit follow-ups have their own section and
#: the duration limit is a date, not work to be done.
KINDS = ("follow_up", "task", "survey", "critical_point", "handover", "exit_task")
NOT_SHOWN = ("post_exit_follow_up", "duration_limit", "duration_warning")
STATUSES = ("on_time", "late", "missed", "overdue", "due_today")
NOT_REACHABLE = "not_reachable"


def quantile(histogram: Sequence[tuple[int, int]], q: float) -> float | None:
    """The ``q`` quantile of values given as (value, how many), linear between ranks.

    The same as Excel's PERCENTILE.INC: position (n − 1)·q in the sorted values.
    """
    ordered = sorted((v, n) for v, n in histogram if n > 0)
    total = sum(n for _, n in ordered)
    if total == 0:
        return None
    position = (total - 1) * q
    low_rank, fraction = int(position), position - int(position)

    def at(rank: int) -> int:
        seen = 0
        for value, n in ordered:
            seen += n
            if rank < seen:
                return value
        return ordered[-1][0]

    low = at(low_rank)
    return float(low if fraction == 0 else low + (at(low_rank + 1) - low) * fraction)


def time_in_programme(b: Build) -> None:
    """Quartiles of days from admission to exit, of exits in the period, by gender."""
    per_column: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for gender, days, count in b.counts.days_to_exit:
        per_column[gender_column(gender)].append((days, count))
        per_column["totalt"].append((days, count))
    rows: list[Row] = []
    for key, q in (("q1", 0.25), ("median", 0.5), ("q3", 0.75)):
        rows.append((key, b.t(f"time.{key}"),
                     [Stat(quantile(per_column[g], q), b.flow("exited", g))
                      for g in GENDER_COLUMNS], False))
    b.grid.table("time_in_programme", b.t("table.time_in_programme"), b.gender_columns(), rows,
                 "days", "time")


def extensions(b: Build) -> None:
    """Extensions granted in the period, by the role that decided."""
    if b.spec.duration is None and not b.counts.extensions:
        return
    roles = [t.approved_by for t in b.spec.duration.extensions] if b.spec.duration else []
    roles += sorted({r for _, r, _ in b.counts.extensions if r not in roles})
    roles = list(dict.fromkeys(roles))
    rows = {}
    for role in roles:
        by_gender: dict[str, int] = defaultdict(int)
        for gender, decided_by, count in b.counts.extensions:
            if decided_by == role:
                by_gender[gender_column(gender)] += count
        rows[role] = b.grid.gender_row(("extensions", role), by_gender)
    total = b.grid.gender_row(("extensions", None), {
        g: sum(b.grid.values[r[i].key] for r in rows.values())
        for i, g in enumerate(GENDER_COLUMNS[:-1])})
    b.grid.sum_rows(total, list(rows.values()))
    b.grid.table("extensions", b.t("table.extensions"), b.gender_columns(),
                 [(r, b.spec.role_name(r), rows[r], False) for r in roles]
                 + [("total", b.t("total"), total, True)], "count", "time")


def obligations(b: Build) -> None:
    """Obligations due in the period by kind: on time, late, missed, overdue."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for kind, status, count in b.counts.obligations:
        if kind not in NOT_SHOWN:
            counts[kind, status] += count
    kinds = [k for k in KINDS if any(counts[k, s] for s in STATUSES)]
    kinds += sorted({k for k, _ in counts if k not in KINDS})
    if not kinds:
        return
    grid, rows = b.grid, {}
    for kind in kinds:
        cells = [grid.count(("obligations", kind, s), counts[kind, s]) for s in STATUSES]
        due = grid.count(("obligations", kind, "due"), sum(grid.values[c.key] for c in cells),
                         total=True)
        grid.relate(due, cells)
        rows[kind] = (due, *cells)
    total = tuple(grid.count(("obligations", None, s),
                             sum(grid.values[r[i].key] for r in rows.values()), total=True)
                  for i, s in enumerate(("due", *STATUSES)))
    grid.sum_rows(total, list(rows.values()))
    columns = [Column(s, b.t(f"obligation.{s}")) for s in ("due", *STATUSES)]
    b.grid.table("obligations", b.t("table.obligations"), columns,
                 [(k, b.t(f"kind.{k}") if has_label(f"kind.{k}") else k, rows[k], False)
                  for k in kinds] + [("total", b.t("total"), total, True)],
                 "count", "obligations", b.t("note.obligations"))


def post_exit(b: Build) -> None:
    """Each post-exit follow-up due in the period with what it found."""
    findings = [o.id for o in b.spec.outcomes] + [NOT_REACHABLE]
    for follow in b.spec.post_exit_follow_ups:
        found: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for gender, follow_up, finding, count in b.counts.post_exit:
            if follow_up == follow.id:
                found[finding][gender_column(gender)] += count
        keys: list[str | None] = [*findings, *sorted(k for k in found
                                                    if k is not None and k not in findings),
                                  None]
        rows = {k: b.grid.gender_row(("post_exit", follow.id, k), found.get(k, {}))
                for k in keys}
        total = b.grid.gender_row(("post_exit", follow.id, "total"), {
            g: sum(v.get(g, 0) for v in found.values()) for g in GENDER_COLUMNS[:-1]})
        b.grid.sum_rows(total, list(rows.values()))

        def name(key: str | None) -> str:
            if key is None:
                return b.t("finding.none")
            if key == NOT_REACHABLE:
                return b.t("finding.not_reachable")
            return b.outcome_name(key)

        b.grid.table(f"post_exit:{follow.id}", b.t("table.post_exit", name=follow.name),
                     b.gender_columns(),
                     [(k or "none", name(k), rows[k], False) for k in keys]
                     + [("total", b.t("total"), total, True)],
                     "persons", "post_exit", b.t("note.post_exit"))


def refusals(b: Build) -> None:
    """Enrolments refused in the period, by each criterion not met."""
    rules = b.spec.eligibility
    criteria: list[tuple[str, str]] = []
    if rules.age_min is not None:
        criteria.append(("age", b.t("criterion.age")))
    if rules.residence:
        criteria.append(("residence", b.t("criterion.residence")))
    if rules.min_parties is not None:
        criteria.append(("min_parties", b.t("criterion.min_parties")))
    if rules.income_support_from_referring_party:
        criteria.append(("income_support", b.t("criterion.income_support")))
    criteria += [(c.id, c.text) for c in (*rules.criteria, *rules.exclusions)]
    known = {c for c, _ in criteria}
    criteria += [(c, c) for c in sorted({c for _, failed, _ in b.counts.refusals
                                         for c in failed if c not in known})]
    if not criteria:
        return
    rows: list[Row] = []
    for criterion, text in criteria:
        by_gender: dict[str, int] = defaultdict(int)
        for gender, failed, count in b.counts.refusals:
            if criterion in failed:
                by_gender[gender_column(gender)] += count
        rows.append((criterion, text, b.grid.gender_row(("refusals", criterion), by_gender),
                     False))
    total: dict[str, int] = defaultdict(int)
    for gender, _, count in b.counts.refusals:
        total[gender_column(gender)] += count
    rows.append(("total", b.t("refusals.total"), b.grid.gender_row(("refusals", None), total),
                 True))
    b.grid.table("refusals", b.t("table.refusals"), b.gender_columns(), rows, "persons",
                 "refusals", b.t("note.refusals"))


def training(b: Build) -> Var | None:
    """Staff trained in the period, by course and role (public: these are not participants)."""
    if not b.counts.training and not any(t.measure == "staff_trained" for t in b.spec.targets):
        return None
    rows: list[tuple[str, str, Sequence[Ref], bool]] = [
        (f"{course}|{role}", b.t("training.course", course=course, role=role),
         [Fixed(count)], False) for course, role, count in b.counts.training]
    rows.append(("total", b.t("total"), [Fixed(training_total(b))], True))
    # Training records carry no gender (stegvis training add records course, role and
    # how many): the note says so rather than inventing a split (issue 22, finding 3).
    b.grid.table("training", b.t("table.training"), [Column("count", b.t("training.count"))],
                 rows, "count", "training", b.t("note.training_gender"))
    return None


def training_total(b: Build) -> int:
    """Staff trained in the period, in all."""
    return sum(count for _, _, count in b.counts.training)
