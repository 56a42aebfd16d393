"""Income support at enrolment and at exit, who referred the participants, and the
coordinators' caseloads (issue 22, "what a board member misses").

Income support is the core effect of a FINSAM programme: from public support towards
one's own living (seeds 001 and 003; :mod:`engine.definitions.income`).  Every count of
persons is a variable of the report's grid, tied to the report's own totals (those
enrolled, exited, active), so the suppression protects it with the rest.  Caseloads
are counts of coordinators and of cases, never their names.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean, median

from engine.definitions.income import INCOME_KINDS, income_name
from engine.reports.build import Build, Row, gender_column
from engine.reports.figures_compare import supplement_row
from engine.reports.grid import Fixed, Var
from engine.reports.model import GENDER_COLUMNS, Column

#: The caseload bands (first and last number of active cases; None: open-ended).
CASELOAD_BANDS: tuple[tuple[int, int | None], ...] = (
    (1, 10), (11, 20), (21, 30), (31, 40), (41, None))

_UNKNOWN = ""


def _income_label(b: Build, kind: str) -> str:
    return income_name(kind, b.lang) if kind else b.t("income.unknown")


def _kinds(present: set[str]) -> list[str]:
    """The kinds of income support in the list's order, "uppgift saknas" last."""
    return [k for k in INCOME_KINDS if k in present] + ([_UNKNOWN] if _UNKNOWN in present
                                                        else [])


def income(b: Build) -> None:
    """Income support at enrolment (those active in the period), at exit (those who
    left in it), and from which to which (those who left), by gender.

    At enrolment over those active, not only those admitted in the period: tied to the
    admissions, whose third gender column is small, it hid the year's admissions and
    the women at its start in the participants table (REBUS, Västerås, Örebro).
    """
    people = b.counts.board.people
    if not any(n for *_, n in people):
        return
    start: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    leave: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    moved: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for gender, at_start, at_exit, _, exited, _, count in people:
        column = gender_column(gender)
        start[at_start or _UNKNOWN][column] += count
        if exited:
            leave[at_exit or _UNKNOWN][column] += count
            moved[(at_start or _UNKNOWN, at_exit or _UNKNOWN)][column] += count
    during = tuple(b.flow("during", g) for g in GENDER_COLUMNS)
    exited_total = tuple(b.flow("exited", g) for g in GENDER_COLUMNS)
    for key, counts, total in (("income_start", start, during),
                               ("income_exit", leave, exited_total)):
        if not any(k != _UNKNOWN for k in counts):
            continue  # nothing recorded: "uppgift saknas" for all says nothing
        kinds = _kinds(set(counts))
        rows = {k: supplement_row(b, (key, k), counts[k]) for k in kinds}
        b.grid.sum_rows(total, list(rows.values()))
        b.grid.table(key, b.t(f"table.{key}"), b.gender_columns(),
                     [(k or "unknown", _income_label(b, k), rows[k], False) for k in kinds]
                     + [("total", b.t("total"), total, True)],
                     "persons", "income", b.t(f"note.{key}"))
    if any(first in PUBLIC for first, _ in moved):
        _change(b, moved, exited_total)


#: Public income support (a party's benefit), and one's own living (the FINSAM effect:
#: "mot egen försörjning", seed 003; studies count as a step out, seed 001's outcomes).
PUBLIC = ("forsorjningsstod", "aktivitets_sjukersattning", "sjukpenning",
          "akassa_aktivitetsstod")
OWN_LIVING = ("egen_forsorjning", "studiemedel")


def _change(b: Build, moved: dict[tuple[str, str], dict[str, int]],
            exited: tuple[Var, ...]) -> None:
    """The FINSAM effect: of those who left, how many were on public support
    at enrolment, and of them how many had their own living or studies at exit.

    (A full matrix of every kind at enrolment against every kind at exit was tried: by
    gender it is hundreds of cells, most of them hidden, and even in all it made the
    suppression's exact check of a Västerås report several times slower.)
    """
    public: dict[str, int] = defaultdict(int)
    out_of_it: dict[str, int] = defaultdict(int)
    rest: dict[str, int] = defaultdict(int)
    for (first, last), by_gender in moved.items():
        for column, n in by_gender.items():
            if first in PUBLIC:
                public[column] += n
                if last in OWN_LIVING:
                    out_of_it[column] += n
            else:
                rest[column] += n
    # In all, not by gender: by gender, the few who left without public support at
    # enrolment could only be protected by hiding the report's own exits by gender
    # (Hofors 22 cells, Örebro 12, START 7); the kinds by gender are in the tables above.
    on_public = b.grid.count(("income_public",), sum(public.values()))
    to_own = b.grid.count(("income_public_to_own",), sum(out_of_it.values()))
    others = b.grid.count(("income_not_public",), sum(rest.values()))
    b.grid.count(("income_public_not_own",), sum(public.values()) - sum(out_of_it.values()))
    b.grid.relate(exited[-1], [on_public, others])
    b.grid.relate(on_public, [to_own, Var(("income_public_not_own",))])
    value = [Column("totalt", b.t("total"))]
    b.grid.table("income_change", b.t("table.income_change"), value, [
        ("public_at_start", b.t("income.public_at_start"), [on_public], False),
        ("own_living_at_exit", b.t("income.own_living_at_exit"), [to_own], False),
        ("other_at_start", b.t("income.other_at_start"), [others], False),
        ("total", b.t("total"), [exited[-1]], True)],
        "persons", "income", b.t("note.income_change"))


def referrers(b: Build) -> None:
    """Those active in the period by the party that referred them, by gender."""
    people = b.counts.board.people
    if not any(n for *_, n in people):
        return
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for gender, _, _, _, _, party, count in people:
        counts[party or _UNKNOWN][gender_column(gender)] += count
    named = sorted(p for p in counts if p)
    if not named:
        return  # no referrer recorded: "uppgift saknas" for all says nothing
    parties = named + ([_UNKNOWN] if _UNKNOWN in counts else [])
    rows = {p: supplement_row(b, ("referrer", p), counts[p]) for p in parties}
    during = tuple(b.flow("during", g) for g in GENDER_COLUMNS)
    b.grid.sum_rows(during, list(rows.values()))
    b.grid.table("referrers", b.t("table.referrers"), b.gender_columns(),
                 [(f"party:{p}" if p else "unknown", p or b.t("referrer.unknown"), rows[p],
                   False) for p in parties]
                 + [("total", b.t("total"), during, True)],
                 "persons", "income", b.t("note.referrers"))


def caseload(b: Build) -> None:
    """Active cases per coordinator on the day the figures describe: how many
    coordinators, the mean, median and largest caseload, and how many coordinators
    carry how many cases (counts; no coordinator is named)."""
    loads = b.counts.board.caseloads
    if not loads:
        return
    value = [Column("value", b.t("caseload.value"))]
    b.grid.table("caseload", b.t("table.caseload"), value, [
        ("coordinators", b.t("caseload.coordinators"), [Fixed(len(loads))], False),
        ("mean", b.t("caseload.mean"), [Fixed(round(mean(loads), 1))], False),
        ("median", b.t("caseload.median"), [Fixed(round(float(median(loads)), 1))], False),
        ("max", b.t("caseload.max"), [Fixed(max(loads))], False)],
        "count", "caseload", b.t("note.caseload"))
    rows: list[Row] = []
    for low, high in CASELOAD_BANDS:
        n = sum(1 for load in loads if load >= low and (high is None or load <= high))
        name = b.t("caseload.band", low=low, high=high) if high is not None \
            else b.t("caseload.band_open", low=low)
        rows.append((f"{low}-{high or ''}", name, [Fixed(n)], False))
    rows.append(("total", b.t("total"), [Fixed(len(loads))], True))
    b.grid.table("caseload_bands", b.t("table.caseload_bands"),
                 [Column("coordinators", b.t("caseload.count"))], rows, "count", "caseload",
                 b.t("note.caseload"))
