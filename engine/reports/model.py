"""A produced report as a value: what the figures computed and every document renders.

The figures (``engine.reports.figures``) build a :class:`Report` from counts the service
layer aggregated in SQL; small counts are already suppressed in it
(``engine.reports.suppression``), so a renderer can never publish a number that
identifies a person.  Renderers (HTML, PDF, XLSX, CSV, JSON) only format what is here:
labels are already in the report's language, numbers are numbers.

Stable keys (``Table.key``, ``Row.key``, ``Column.key``, ``TargetResult.key``) are part
of the documented JSON (docs/reports.md); labels are for people and may change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

#: The gender columns every table of persons is split by (förordning 2001:100 14 §;
#: REBUS and Hofors ask for it, seeds 001 and 004), in this order.
GENDER_COLUMNS = ("kvinna", "man", "annat_uppgift_saknas", "totalt")

#: How a value reads: a number of persons (suppressed when small), a share (0..1),
#: a number of days, a plain count of things that are not persons, or a mean of
#: answers on a scale (one decimal; hidden when its respondents are few).
Unit = Literal["persons", "share", "days", "count", "mean"]

#: Why a cell shows no number: ``primary`` — 1..threshold-1 persons ("<5");
#: ``secondary`` — hidden so that a primary cell cannot be worked out from totals;
#: ``denominator`` — a share whose denominator is suppressed; ``none`` — nothing to show.
Suppression = Literal["primary", "secondary", "denominator", "none"]

#: ``in_progress``: a target of the whole programme, not yet reached, in a report of a
#: period before the programme ends: its outcome is the progress so far ("hittills").
TargetStatus = Literal["met", "not_met", "not_enough_data", "qualitative", "in_progress"]


@dataclass(frozen=True, slots=True)
class Period:
    """The span a report covers, both ends inclusive."""

    #: "2024", "2024-H1", "2024-Q3", "rapport:3", "final" or "2024-01-01..2024-03-31"
    key: str
    label: str          # "2024", "Första halvåret 2024", "Rapport 3", …
    starts_on: date
    ends_on: date


@dataclass(frozen=True, slots=True)
class Cell:
    """One published value; ``value`` is None exactly when ``suppressed`` is set."""

    value: int | float | None
    suppressed: Suppression | None = None


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    label: str
    cells: tuple[Cell, ...]
    is_total: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table of one unit; ``columns`` and each row's ``cells`` have the same length."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    unit: Unit
    section: str               # key of the section it belongs to (see SECTIONS)
    note: str = ""             # a sentence under the table (definitions, caveats)


@dataclass(frozen=True, slots=True)
class TargetOutcome:
    """A share target's outcome over another span than the report's figures: the
    period's own exits beside the outcome to date, or the previous period's outcome."""

    starts_on: date
    ends_on: date
    numerator: Cell
    denominator: Cell
    share: Cell


@dataclass(frozen=True, slots=True)
class TargetResult:
    """A target of the definition against its outcome in the period.

    For a programme with an end, in a report of a period before it (Hofors, seed 004),
    the outcome is counted from ``counted_from`` (the programme's start) to the period's
    end, and ``status`` is judged on it; ``in_period`` is then the period's own exits
    (issue 22, finding 5).  ``previous``: the outcome the previous period's report
    judged (None when there is none, or for a count or qualitative target).
    """

    key: str
    label: str                 # the target as the definition states it
    measure: str               # what is counted, in words
    numerator: Cell
    denominator: Cell
    share: Cell                # numerator / denominator, 0..1
    target: float | None       # the target share (0..1) or count; None when qualitative
    target_text: str           # "minst 25 %", "12 personer", "kvalitativt mål"
    status: TargetStatus
    counted_from: date | None = None
    in_period: TargetOutcome | None = None
    previous: TargetOutcome | None = None


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str


@dataclass(frozen=True, slots=True)
class Report:
    """One programme's report for one period, ready to render."""

    programme_id: str
    programme_name: str
    owner: str
    definition_versions: tuple[int, ...]
    period: Period
    produced_at: datetime        # aware, UTC
    as_of: date                  # the day the figures describe (≤ period end)
    lang: Literal["sv", "en"]
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    targets: tuple[TargetResult, ...]
    suppression_threshold: int
    notes: tuple[str, ...] = field(default=())

    def table(self, key: str) -> Table | None:
        """The table with ``key``, if the report has one."""
        return next((t for t in self.tables if t.key == key), None)
