"""Budget in balance: periods, amounts, deviations and what a deviation makes due.

Västerås follows its budget "i förhållande till periodiserad budget": "Budget i balans.
Vid avvikelser ska analys av orsaker göras och vid behov ska handlingsplan upprättas"
(seed 003_6f62c1c9db5f3011.txt, målområde 3).  So a period's outcome is compared with
its budget; a deviation beyond the definition's threshold, over or under, calls for an
analysis of causes by the responsible role, and an analysis that finds one needed calls
for an action plan.  Pure: amounts are :class:`~decimal.Decimal` kronor, dates are
arguments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from dateutil.relativedelta import relativedelta

from engine.definitions.spec import BudgetPeriods, BudgetSpec, ProgrammeSpec
from engine.rules.obligations import Obligation, adjust_due, reminder_dates

#: How a period is written for each kind of budget period.
PERIOD_FORMS: dict[str, str] = {"month": "2019-03", "quarter": "2019-Q1",
                                "half_year": "2019-H1", "year": "2019"}
_PATTERNS = {"month": r"([0-9]{4})-(0[1-9]|1[0-2])", "quarter": r"([0-9]{4})-[Qq]([1-4])",
             "half_year": r"([0-9]{4})-[Hh]([12])", "year": r"([0-9]{4})"}
_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}


@dataclass(frozen=True, slots=True)
class BudgetPeriod:
    """One budget period: its key as written ("2019-Q1") and its days, both inclusive."""

    key: str
    starts_on: date
    ends_on: date


def budget_period(kind: BudgetPeriods, text: str) -> BudgetPeriod:
    """The period ``text`` names ("2019-Q1" for quarters); ValueError saying the form."""
    match = re.fullmatch(_PATTERNS[kind], text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a budget period: this programme budgets by "
                         f"{kind.replace('_', ' ')}, written like {PERIOD_FORMS[kind]}")
    year = int(match.group(1))
    number = int(match.group(2)) if kind != "year" else 1
    months = _MONTHS[kind]
    starts = date(year, 1 + (number - 1) * months, 1)
    ends = starts + relativedelta(months=months, days=-1)
    key = {"month": f"{year}-{number:02d}", "quarter": f"{year}-Q{number}",
           "half_year": f"{year}-H{number}", "year": f"{year}"}[kind]
    return BudgetPeriod(key, starts, ends)


#: At most 13 digits of kronor (under 10 000 billion), so the amount in öre fits the
#: database's 64-bit integer; ASCII digits only.
_AMOUNT = re.compile(r"^([+\-−]?)([0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3}){0,4}|[0-9]{1,13})"
                     r"(?:[.,]([0-9]{1,2}))?$")


_ORE = Decimal("0.01")


def parse_amount(text: str) -> Decimal:
    """Kronor as written in Sweden: ``1 234 567,50``, ``-12000``, ``99.5``, ``5 000 kr``.

    A comma or a point separates the öre (at most two decimals); spaces (also no-break
    and thin spaces) group the thousands.  Anything else — ``1.234.567`` or
    ``1,234,567``, which mean different amounts in different exports — is refused
    rather than guessed.
    """
    cleaned = re.sub(r"\s*(kr|sek|:-)\.?$", "", text.strip(), flags=re.IGNORECASE)
    match = _AMOUNT.match(cleaned)
    if match is None:
        raise ValueError(f"{text!r} is not an amount in kronor; write e.g. 1 234 567,50 "
                         "(a space between thousands, a comma before the öre)")
    sign, whole, ore = match.groups()
    try:
        value = Decimal(re.sub(r"\D", "", whole) + "." + (ore or "0")).quantize(_ORE)
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise ValueError(f"{text!r} is not an amount in kronor") from None
    return -value if sign in ("-", "−") else value


@dataclass(frozen=True, slots=True)
class BudgetEntry:
    """What is recorded for a period: its budget and outcome, either may be missing."""

    period: BudgetPeriod
    budget: Decimal | None
    outcome: Decimal | None


@dataclass(frozen=True, slots=True)
class BudgetRow:
    """Budget against outcome for one period, with the deviation (outcome − budget)."""

    period: str
    starts_on: date
    ends_on: date
    budget: Decimal | None
    outcome: Decimal | None
    deviation: Decimal | None          # kronor; positive = over budget
    deviation_share: float | None      # of the budget; None without budget or outcome
    beyond_threshold: bool


def deviation(budget: Decimal | None, outcome: Decimal | None,
              threshold: float) -> tuple[Decimal | None, float | None, bool]:
    """(outcome − budget, its share of the budget, whether it is beyond ``threshold``).

    Over and under both count ("budget i balans"): a quarter 15 % under its budget is
    as much a deviation to explain as one 15 % over.  An outcome against a budget of
    zero is beyond any threshold.
    """
    if budget is None or outcome is None:
        return None, None, False
    amount = outcome - budget
    if budget == 0:
        return amount, None, amount != 0
    share = float(amount / abs(budget))
    return amount, share, abs(share) > threshold


def budget_rows(entries: Iterable[BudgetEntry], threshold: float) -> tuple[BudgetRow, ...]:
    """Budget against outcome per period, in period order, each with its deviation."""
    rows = []
    for entry in sorted(entries, key=lambda e: e.period.starts_on):
        amount, share, beyond = deviation(entry.budget, entry.outcome, threshold)
        rows.append(BudgetRow(entry.period.key, entry.period.starts_on, entry.period.ends_on,
                              entry.budget, entry.outcome, amount, share, beyond))
    return tuple(rows)


#: Kronor as the budget commands hold them, or öre as the report's counts do.
_Amount = TypeVar("_Amount", int, Decimal)


def compared_sums(periods: Iterable[tuple[_Amount | None, _Amount | None]]
                  ) -> tuple[_Amount, _Amount] | None:
    """(budget, outcome) added up over the periods that have both, or None if none has.

    A period whose outcome is not recorded yet is left out of both sums: its budget,
    not spent yet, is no saving (the report's total once read −247 500 kr for +2 500).
    """
    both = [(b, o) for b, o in periods if b is not None and o is not None]
    if not both:
        return None
    budget, outcome = both[0]
    for b, o in both[1:]:
        budget, outcome = budget + b, outcome + o
    return budget, outcome


def budget_total(rows: Iterable[BudgetRow], threshold: float) -> BudgetRow | None:
    """The periods that have both a budget and an outcome, added up (year to date).

    Periods still without an outcome are left out of both sums, so a half-year's
    outcome is not compared with the whole year's budget.  None if no period has both.
    """
    counted = [r for r in rows if r.budget is not None and r.outcome is not None]
    sums = compared_sums((r.budget, r.outcome) for r in counted)
    if sums is None:
        return None
    budget, outcome = sums
    amount, share, beyond = deviation(budget, outcome, threshold)
    return BudgetRow("total", counted[0].starts_on, counted[-1].ends_on, budget, outcome,
                     amount, share, beyond)


def _share_text(share: float | None) -> str:
    return "" if share is None else f" ({share * 100:+.1f} %)".replace(".", ",")


def analysis_obligation(spec: ProgrammeSpec, budget: BudgetSpec, row: BudgetRow,
                        recorded_on: date) -> Obligation:
    """The analysis of causes a deviation calls for, due ``analysis_due`` after the outcome."""
    due = adjust_due(budget.analysis_due.after(recorded_on), spec.due_on_non_working_day)
    remind_on, escalate_on, escalate_to = reminder_dates(due, budget.reminder)
    return Obligation(
        key=f"budget:{row.period}:analysis", scope="programme", kind="budget_analysis",
        name=(f"Analys av orsaker till budgetavvikelsen {row.period}"
              f"{_share_text(row.deviation_share)}"),
        due_on=due, rule=f"{budget.rule}.deviation_threshold", source=budget.source,
        responsible=budget.responsible, remind_on=min(remind_on, due),
        escalate_on=escalate_on, escalate_to=escalate_to, period_from=row.starts_on,
        period_to=row.ends_on)


def action_plan_obligation(spec: ProgrammeSpec, budget: BudgetSpec, row: BudgetRow,
                           analysed_on: date) -> Obligation:
    """The action plan an analysis found needed, due ``action_plan_due`` after it."""
    due = adjust_due(budget.action_plan_due.after(analysed_on), spec.due_on_non_working_day)
    remind_on, escalate_on, escalate_to = reminder_dates(due, budget.reminder)
    return Obligation(
        key=f"budget:{row.period}:action_plan", scope="programme", kind="budget_action_plan",
        name=f"Handlingsplan för budgetavvikelsen {row.period}",
        due_on=due, rule=f"{budget.rule}.action_plan_due", source=budget.source,
        responsible=budget.responsible, remind_on=min(remind_on, due),
        escalate_on=escalate_on, escalate_to=escalate_to, period_from=row.starts_on,
        period_to=row.ends_on)
