"""Money per participant (issue 22, "what a board member misses"): the outcome of the
budget periods inside the report's period divided by the participants active in it,
and by those who completed the programme in it.

Only for a programme with a budget (``budget:`` in its definition, Västerås målområde
3; ``stegvis budget``).  The amounts are not about persons; the participants are the
report's own variables, so a cost per participant is hidden whenever the number it is
divided by is.  Each party's share of the financing is shown only where a definition
states it; none of the shipped ones does (their ``organisation`` names a funder, not
shares), so no share is invented here.
"""

from __future__ import annotations

from engine.reports.build import Build, Row, completers_total
from engine.reports.grid import Fixed, Share
from engine.reports.model import Column


def money(b: Build) -> None:
    """Cost per participant and per completed participant in the period."""
    spec = b.spec.budget
    outcomes = [o for *_, o in b.counts.budget if o is not None]
    if spec is None or not outcomes:
        return
    kronor = Fixed(round(sum(outcomes) / 100))
    during, done = b.flow("during"), completers_total(b)
    rows: list[Row] = [
        ("outcome", b.t("money.outcome"), [kronor], False),
        ("participants", b.t("money.participants"), [during], False),
        ("per_participant", b.t("money.per_participant"), [Share(kronor, during)], True),
        ("completers", b.t("money.completers"), [done], False),
        ("per_completer", b.t("money.per_completer"), [Share(kronor, done)], True),
    ]
    b.grid.table("money", b.t("table.money", currency=spec.currency),
                 [Column("value", b.t("money.value"))], rows, "count", "budget",
                 b.t("note.money"))
