"""Money per participant (issue 22, "what a board member misses"): the outcome of the
budget periods inside the report's period divided by the participants active in it,
and by those who completed the programme in it.

Only for a programme with a budget (``budget:`` in its definition, Västerås målområde
3; ``stegvis budget``).  The amounts are not about persons; the participants are the
report's own variables, so a cost per participant is hidden whenever the number it is
divided by is.

Each party's share of the financing is shown only where the definition states it
(``budget.financing``: Västerås, whose förbund's members finance it by the shares lag
2003:1210 fixes); no share is invented for a programme whose definition names only a
funder.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal

from engine.reports import formatting
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
    financing(b)


def financing(b: Build) -> None:
    """Each party's share of the period's budget and outcome, in whole kronor.

    The period's budget and outcome are those of the budget table's total (the budget
    periods inside the report's period); a party's share is its percentage of each,
    rounded to the krona by itself, so the parties' kronor may differ from the total
    by a krona or two (the note says so).
    """
    spec = b.spec.budget
    if spec is None or not spec.financing or not b.counts.budget:
        return
    planned = _total(p for *_, p, _ in b.counts.budget)
    outcome = _total(o for *_, o in b.counts.budget)
    names = {p.id: p.name for p in b.spec.parties}
    rows: list[Row] = [
        (f"party:{party}", b.t("financing.party", party=names.get(party, party),
                               share=_percent(share, b.lang)),
         [_part(planned, share), _part(outcome, share)], False)
        for party, share in spec.financing]
    rows.append(("total", b.t("total"), [_part(planned, Decimal(1)),
                                         _part(outcome, Decimal(1))], True))
    b.grid.table("financing", b.t("table.financing", currency=spec.currency),
                 [Column(k, b.t(f"budget.{k}")) for k in ("budget", "outcome")], rows,
                 "count", "budget", b.t("note.financing"))


def _total(ore: Iterable[int | None]) -> int | None:
    known = [v for v in ore if v is not None]
    return sum(known) if known else None


def _part(ore: int | None, share: Decimal) -> Fixed:
    """``share`` of an amount in öre, in whole kronor, rounded as the budget table
    rounds (half a krona to the even krona), so that the total is the same there."""
    if ore is None:
        return Fixed(None)
    return Fixed(int((Decimal(ore) * share / 100).quantize(Decimal(1), ROUND_HALF_EVEN)))


def _percent(share: Decimal, lang: str) -> str:
    """50 % as the reader writes it ("50 %", "50%"; "12,5 %" with its decimal)."""
    decimals = 0 if (share * 100) == (share * 100).to_integral_value() else 1
    return formatting.share(float(share), lang, decimals)
