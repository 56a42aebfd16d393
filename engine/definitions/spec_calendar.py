"""Parsed programme-calendar definitions: meetings, reports, evaluations, programme tasks.

Immutable values like the rest of :mod:`engine.definitions.spec` (which re-exports
them).  A calendar item's due date is a :class:`CalendarDue`: a duration after its
period, a fixed day of a following month, named calendar days per period, or a span
before a meeting of one of the programme's bodies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from engine.dates.durations import Duration
from engine.definitions.spec_common import NonWorkingDayPolicy, ReminderSpec

MonthDay = tuple[int, int]


@dataclass(frozen=True, slots=True)
class CalendarDue:
    """When a report (after its period) or a programme task (before a meeting) is due.

    Exactly one form is set:

    - ``after``: this long after the period's last day (``due: 1 month``);
    - ``day`` of the month ``months_after`` months after the month the period ends in
      (``due: {day: 10, months_after: 1}``, "the 10th of the next month"); a day past a
      month's end is its last day, so ``day: 31`` is always the month end;
    - ``on_days``: (MM-DD a period ends, MM-DD it is due) pairs, due on the first such day
      on or after the period's end ("31 August for January–June, 28 February for
      July–December"); ``02-29`` is 28 February in other years;
    - ``meeting`` and ``before``: ``before`` ahead of a meeting of ``meeting`` (for a report,
      the first such meeting whose deadline falls after the period);
    - ``on``: a fixed calendar day (``due: 2028-02-28``), for a report of one period (a
      final report).
    """

    after: Duration | None = None
    day: int | None = None
    months_after: int = 1
    on_days: tuple[tuple[MonthDay, MonthDay], ...] = ()
    meeting: str | None = None
    before: Duration | None = None
    on: date | None = None

    def swedish(self) -> str:
        """The rule in Swedish, for a summary: ``"1 månad efter periodens slut"``."""
        if self.meeting is not None and self.before is not None:
            return f"{self.before.swedish()} före mötet {self.meeting}"
        if self.day is not None:
            month = "nästa månad" if self.months_after == 1 else \
                f"{self.months_after} månader efter periodens slutmånad"
            return f"den {self.day}:e {month}" if self.day < 31 else f"sista dagen {month}"
        if self.on is not None:
            return f"den {self.on.day}/{self.on.month} {self.on.year}"
        if self.on_days:
            return ", ".join(f"{d:02d}/{m:02d} för perioder som slutar {ed:02d}/{em:02d}"
                             for (em, ed), (m, d) in self.on_days)
        assert self.after is not None
        return f"{self.after.swedish()} efter periodens slut"


@dataclass(frozen=True, slots=True)
class ScheduleSpec:
    """An RFC 5545 recurrence rule from ``starts``, or explicit dates."""

    rrule: str | None
    starts: date | None
    dates: tuple[date, ...]


@dataclass(frozen=True, slots=True)
class MeetingSpec:
    """A recurring meeting of a body; reminded to ``responsible`` (the body's secretary
    when it names one), escalated as ``reminder`` says (the body's chair by default)."""

    id: str
    name: str
    body: str
    responsible: str
    attendees: tuple[str, ...]
    per_year_min: int | None
    per_year_max: int | None
    schedule: ScheduleSpec
    reminder: ReminderSpec
    rule: str
    source: str


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    number: int
    from_on: date
    to_on: date


ReportCadence = Literal["quarterly", "half_year", "annual", "final", "explicit", "months"]


#: When a report's draft goes to its author if the definition does not say (seed silent:
#: two working weeks to record what the draft shows missing).
DEFAULT_DRAFT_BEFORE = Duration(10, "working_days")


@dataclass(frozen=True, slots=True)
class ReportSpec:
    """A report; ``cadence: months`` is every ``months`` calendar months."""

    id: str
    name: str
    cadence: ReportCadence
    periods: tuple[ReportPeriod, ...]
    periods_of_year: tuple[int, ...] | None
    intended_gaps: tuple[tuple[date, date, str], ...]
    due: CalendarDue
    author: str | None
    recipients: tuple[str, ...]
    language: str
    reminder: ReminderSpec
    rule: str
    source: str
    months: int | None = None
    #: How long before the due date the author gets a draft and a list of what is
    #: missing for it (``0 days``: no draft); default 10 working days.
    draft_before: Duration = DEFAULT_DRAFT_BEFORE
    #: This report's rule for a due date on a day off; None: the programme's
    #: ``due_on_non_working_day`` (issue 25).
    on_day_off: NonWorkingDayPolicy | None = None


@dataclass(frozen=True, slots=True)
class EvaluationStepSpec:
    """A step of a yearly evaluation, due on a day of the year or before a meeting."""

    id: str
    name: str
    by: str
    due: MonthDay | None  # (month, day), recurring every year
    source: str
    before: CalendarDue | None = None


@dataclass(frozen=True, slots=True)
class EvaluationSpec:
    """A yearly evaluation stage that must be complete before a decision meeting."""

    id: str
    name: str
    collect_from: MonthDay
    complete_by: MonthDay | None
    steps: tuple[EvaluationStepSpec, ...]
    decision_meeting: str
    reminder: ReminderSpec
    rule: str
    source: str
    complete_before: CalendarDue | None = None


@dataclass(frozen=True, slots=True)
class ProgrammeTaskSpec:
    """A programme task due before every meeting of a body ("underlag 10 arbetsdagar
    före varje styrelsemöte")."""

    id: str
    name: str
    due: CalendarDue
    responsible: str | None
    attendees: tuple[str, ...]
    reminder: ReminderSpec
    rule: str
    source: str
    #: This deadline's rule for a due date on a day off; None: the programme's.
    on_day_off: NonWorkingDayPolicy | None = None
