"""The tables a board member missed in the reports (issue 22), in the order they are
laid out: the previous period and the trend, income support and referrers, caseloads.
(Money per participant is laid out with the budget, :mod:`engine.reports.figures_board`.)"""

from __future__ import annotations

from engine.reports.build import Build
from engine.reports.figures_compare import compare, trend
from engine.reports.figures_people import caseload, income, referrers

#: The sections these tables belong to (engine.reports.figures.SECTIONS orders them).
MISSED_SECTIONS = ("compare", "income", "caseload")


def missed(b: Build) -> None:
    """Lay out every table of this module's sections (after the exits tables, whose
    variables they share)."""
    compare(b)
    trend(b)
    income(b)
    referrers(b)
    caseload(b)
