"""What the service layer counted in SQL for one programme and one period.

Every field is an aggregate (a GROUP BY row with its count), never a case: the figures
(:mod:`engine.reports.figures`) turn these into tables without ever seeing a
participant.  Genders are as stored (``kvinna``, ``man``, ``annat``,
``uppgift_saknas``); the figures fold the last two into one column.

Which case counts where (docs/reports.md, "Which case counts in which period"): a case
is *active in the period* when it was admitted on or before the day the figures
describe (``as_of``) and had not exited before the period's first day; an exit counts
in the period of its date; one case is one row however many definition versions it
was moved through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class CaseGroup:
    """Cases active in the period that share every attribute below, and how many."""

    gender: str
    #: Age at enrolment in whole years, by birth year (enrolment year − birth year).
    age: int
    municipality: str
    #: Active on the period's first day (admitted before it, not exited before it).
    at_start: bool
    #: Admitted during the period (on or after its first day, up to ``as_of``).
    enrolled: bool
    #: Exited during the period.
    exited: bool
    #: Still active at the end (on ``as_of``).
    at_end: bool
    #: The exit outcome, for cases that exited during the period.
    outcome: str | None
    count: int
    #: (exits) at least one follow-up recorded a step movement ("yes").
    stepped: bool = False
    #: (exits) the exit survey scored higher than the start survey; None when either
    #: survey is missing or the programme has no survey target.
    improved: bool | None = None
    #: The exit's sub-outcome, for cases that exited during the period (targets may
    #: leave some out of their denominator: "all exits except those who moved away").
    sub_outcome: str | None = None
    #: The case's track (inriktning), if the programme has tracks.
    track: str | None = None


@dataclass(frozen=True, slots=True)
class RecordCounts:
    """What coordinators recorded (issue 22, finding 6), by task of the definition."""

    #: (survey task, gender, answered, answers to its scale and yes/no questions in
    #: definition order — "1".."5", "yes", "no" or None —, cases the task applies to)
    surveys: tuple[tuple[str, str, bool, tuple[str | None, ...], int], ...] = ()
    #: (assessment task, gender, assessed, activity capacity or None, cases)
    assessments: tuple[tuple[str, str, bool, int | None, int], ...] = ()
    #: ("type_case" or "placement_form", gender, value or None, cases active)
    attributes: tuple[tuple[str, str, str | None, int], ...] = ()


@dataclass(frozen=True, slots=True)
class PeriodCases:
    """The case groups of another period, counted as the report's own (the previous
    period beside this one, each year of the programme's life)."""

    key: str             # "2024", "previous"
    starts_on: date
    ends_on: date        # the last day counted
    cases: tuple[CaseGroup, ...] = ()


@dataclass(frozen=True, slots=True)
class BoardCounts:
    """What a board member misses in the report of a period (issue 22), aggregated in SQL.

    Genders as stored, as in :class:`CaseGroup`; no row per case and no staff names.
    """

    #: The previous period of the same kind, up to the same day of it (None: the
    #: programme had not begun).
    previous: PeriodCases | None = None
    #: Each calendar year from the programme's start to the report's, up to ``as_of``.
    years: tuple[PeriodCases, ...] = ()
    #: From the programme's start to ``as_of``, for a programme whose targets are for
    #: the whole programme, in a report of a later period (issue 22, finding 5); None
    #: otherwise (:func:`engine.reports.compare_periods.to_date_span`).
    to_date: PeriodCases | None = None
    #: (gender, income support at enrolment, at exit (exits in the period), admitted
    #: in the period, exited in the period, referring party, cases) of the cases active
    #: in the period; None where not recorded.
    people: tuple[tuple[str, str | None, str | None, bool, bool, str | None, int], ...] = ()
    #: Active cases of each coordinator on ``as_of``, largest first (counts only).
    caseloads: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgrammeCounts:
    """Everything one report is made from, aggregated in SQL."""

    cases: tuple[CaseGroup, ...] = ()
    #: (gender, cases on the waiting list on ``as_of`` that entered it by the period end)
    waiting: tuple[tuple[str, int], ...] = ()
    #: (gender, days from admission to exit, exits) for exits in the period
    days_to_exit: tuple[tuple[str, int, int], ...] = ()
    #: (municipality, day, admissions) and (municipality, day, exits) in the period:
    #: the occupancy on each day follows from these and the cases active at the start.
    admitted_on: tuple[tuple[str, date, int], ...] = ()
    exited_on: tuple[tuple[str, date, int], ...] = ()
    #: (gender, day, admissions) and (gender, day, exits) in the period: the monthly
    #: flows by gender (issue 22, finding 3).
    admitted_by_gender: tuple[tuple[str, date, int], ...] = ()
    exited_by_gender: tuple[tuple[str, date, int], ...] = ()
    #: Cases admitted before the period's first day (from the programme's start).
    admitted_before: int = 0
    #: (gender, approver role, extensions granted in the period)
    extensions: tuple[tuple[str, str, int], ...] = ()
    #: (kind, status class, obligations due in the period up to ``as_of``); classes:
    #: on_time, late, missed, overdue, due_today
    obligations: tuple[tuple[str, str, int], ...] = ()
    #: (gender, post-exit follow-up id, finding or None, follow-ups due in the period)
    post_exit: tuple[tuple[str, str, str | None, int], ...] = ()
    #: (gender, failed criteria, refusals in the period)
    refusals: tuple[tuple[str, tuple[str, ...], int], ...] = ()
    #: (course, role, staff trained in the period)
    training: tuple[tuple[str, str, int], ...] = ()
    #: Staff trained before the period's first day (from the programme's start): a
    #: whole-programme target is followed to date (issue 22, finding 5).
    trained_before: int = 0
    #: (period, first day, last day, budget in öre, outcome in öre) of the budget
    #: periods inside the report's period (programmes with a budget)
    budget: tuple[tuple[str, date, date, int | None, int | None], ...] = ()
    #: Definition versions of the cases counted (a migrated case: its current one).
    definition_versions: tuple[int, ...] = field(default_factory=tuple)
    #: Surveys, assessments and case attributes recorded (figures_records).
    records: RecordCounts = field(default_factory=RecordCounts)
    #: The previous period, the years, income support, referrers and caseloads.
    board: BoardCounts = field(default_factory=BoardCounts)

    def has_cases(self) -> bool:
        """Whether any case, waiting or active, was counted."""
        return bool(self.cases) or any(n for _, n in self.waiting)
