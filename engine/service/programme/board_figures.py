"""What a board reader sees, under one policy: the reports' small-count suppression.

The board page's key figures are counts of persons, like a report's cells, so they go
through the same function (:func:`engine.reports.suppression.suppress`) with the same
threshold: a count of 1 to threshold−1 is shown as "<5", and a total that would give
a hidden count back by subtraction hides one more cell ("–").  Counts of meetings and
of overdue tasks are not counts of persons and are shown as they are.

Report names say their period ("Årsrapport 2026", not "Årsrapport 10"): the calendar
numbers reports, a reader knows them by the year or half-year they cover.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from engine.dates.recurrence_words import MONTHS
from engine.reports.suppression import suppress, threshold_from_environment
from engine.service.programme.key_figures import KeyFigures

#: The key figures that count persons (the others count meetings and tasks).
PERSONS = ("active", "waiting", "enrolled", "exited")


@dataclass(frozen=True, slots=True)
class Shown:
    """One figure as a board reader sees it: the value, or why it is hidden."""

    value: int
    hidden: str | None = None  # "primary" (a small count) or "secondary"

    def text(self, small: str = "<{n}", threshold: int = 5) -> str:
        """``12``, ``<5`` for a small count, ``–`` for a cell hidden to protect one."""
        if self.hidden == "primary":
            return small.format(n=threshold)
        if self.hidden == "secondary":
            return "–"
        return f"{self.value:,}".replace(",", "\u00a0")


@dataclass(frozen=True, slots=True)
class BoardFigures:
    """The key figures and the exits by outcome, suppressed."""

    figures: dict[str, Shown]
    outcomes: tuple[tuple[str, Shown], ...]
    threshold: int


def board_figures(figures: KeyFigures, threshold: int | None = None) -> BoardFigures:
    """``figures`` with the reports' suppression applied (see the module docstring)."""
    limit = threshold_from_environment() if threshold is None else threshold
    values: dict[Hashable, int] = {k: getattr(figures, k) for k in PERSONS}
    values.update({f"outcome:{k}": n for k, n in figures.outcomes})
    outcome_keys = [f"outcome:{k}" for k, _ in figures.outcomes]
    # The exits are the sum of the exits by outcome: one relation, as in the report.
    relations: list[Mapping[Hashable, int]] = (
        [{"exited": -1, **dict.fromkeys(outcome_keys, 1)}] if outcome_keys else [])
    hidden = suppress(values, relations, limit, totals=("exited",))
    shown = {str(k): Shown(v, hidden.get(k)) for k, v in values.items()}
    shown["follow_ups_held"] = Shown(figures.follow_ups_held)
    shown["overdue"] = Shown(figures.overdue)
    return BoardFigures(shown, tuple((k, shown[f"outcome:{k}"]) for k, _ in figures.outcomes),
                        limit)


_NUMBERED = re.compile(r"^(?P<base>.*?)(?:\s+\d+)?(?:\s*\([^()]*\))?$")


def report_title(name: str, period_from: date, period_to: date) -> str:
    """A report's name with the period it covers instead of its running number:
    "Årsrapport 2026", "Förenklad halvårsrapport första halvåret 2025",
    "Kvartalsrapport kvartal 3 2022"; an irregular period is named by its dates."""
    base = (_NUMBERED.match(name.strip()) or _NUMBERED.match(""))
    stem = base.group("base").strip() if base else name
    year = period_from.year
    whole_months = period_from.day == 1 and (period_to + timedelta(days=1)).day == 1
    months = (period_to.year - year) * 12 + period_to.month - period_from.month + 1
    if whole_months and period_to.year == year:
        if months == 12:
            return f"{stem} {year}"
        if months == 6 and period_from.month in (1, 7):
            half = "första" if period_from.month == 1 else "andra"
            return f"{stem} {half} halvåret {year}"
        if months == 3 and period_from.month in (1, 4, 7, 10):
            return f"{stem} kvartal {(period_from.month - 1) // 3 + 1} {year}"
        if months == 1:
            return f"{stem} {MONTHS[period_from.month - 1]} {year}"
    return f"{name.split(' (')[0]} ({_day(period_from)} – {_day(period_to)})"


def _day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
