"""A report laid out but not yet read: its grid of cells, relations and values, for
tests that check the suppression on a population a user makes."""

from __future__ import annotations

from engine.reports.build import Build
from engine.reports.figures import lay_out
from engine.reports.periods import as_of, resolve_period
from engine.service.programme.report_data import current_spec, programme_counts
from engine.service.shared.context import Context


def laid_out(ctx: Context, programme: str, period: str, threshold: int = 5) -> Build:
    """The Swedish report of ``programme`` for ``period`` as of today, before any cell
    is read (``build.grid.hide(threshold)`` then runs the suppression)."""
    spec = current_spec(ctx, programme)
    chosen = resolve_period(spec, period, ctx.today())
    day = as_of(chosen, ctx.today())
    with ctx.transaction() as session:
        counts = programme_counts(session.connection(), spec, chosen, day, ctx.today())
    build, _ = lay_out(spec, counts, chosen, day, "sv", threshold)
    return build
