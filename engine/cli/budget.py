"""The budget commands of ``stegvis``: set, outcome, import, show, analysis, action-plan.

Declared here (cheap); run by :mod:`engine.cli.budget_run` through the case commands'
runner, so they take the common options (``--database``, ``--as``, ``--today``,
``--json``).  Amounts are kronor as written in Sweden: ``1 250 000``, ``98 765,50``.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from engine.cli.options import DATE_HELP, input_file, parse_date

#: The handler names of the budget commands (see engine/cli/cases_run.py).
BUDGET_HANDLERS = ("budget_set", "budget_outcome", "budget_import", "budget_show",
                   "budget_analysis", "budget_action_plan")
_PERIOD_HELP = "the period, as the programme budgets: 2019-03, 2019-Q1, 2019-H1 or 2019"


def amount(text: str) -> Decimal:
    """An amount in kronor (``1 250 000``, ``98 765,50``); anything else is refused."""
    from engine.rules.budget import parse_amount
    try:
        return parse_amount(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def yes_no(text: str) -> bool:
    """ja/nej or yes/no."""
    answer = text.strip().lower()
    if answer in ("ja", "yes", "j", "y"):
        return True
    if answer in ("nej", "no", "n"):
        return False
    raise argparse.ArgumentTypeError(f"{text!r}: answer ja or nej (yes or no)")


def add_budget_commands(sub: argparse._SubParsersAction[Any], command: Any) -> None:
    """Register ``stegvis budget …``; ``command`` builds a parser with the common options."""
    budget = sub.add_parser("budget", help="budget and outcome per period, deviations and "
                                           "their follow-up (docs/budget.md)",
                            description="Budget and outcome per period; a deviation beyond "
                                        "the definition's threshold opens an analysis of "
                                        "causes for the responsible role (docs/budget.md).")
    budget_sub = budget.add_subparsers(dest="budget_command", required=True, metavar="COMMAND")

    def programme(p: argparse.ArgumentParser) -> None:
        p.add_argument("programme", metavar="PROGRAMME", help="programme id, e.g. vasteras")

    def period(p: argparse.ArgumentParser) -> None:
        p.add_argument("--period", required=True, help=_PERIOD_HELP)

    p = command(budget_sub, "set", "budget_set", "set the budget of a period")
    programme(p)
    period(p)
    p.add_argument("--budget", required=True, type=amount, metavar="AMOUNT",
                   help="kronor, e.g. '1 250 000' or 1250000,50")

    p = command(budget_sub, "outcome", "budget_outcome", "record the outcome of a period "
                                                         "(opens an analysis if it deviates)")
    programme(p)
    period(p)
    p.add_argument("--amount", required=True, type=amount, metavar="AMOUNT",
                   help="kronor, e.g. '1 198 432,50'")

    p = command(budget_sub, "import", "budget_import", "import budgets and outcomes from a "
                                                       "CSV file: all rows or, with a bad "
                                                       "row, none")
    programme(p)
    p.add_argument("file", type=input_file, metavar="FILE.csv",
                   help="columns period;budget;utfall (docs/budget.md)")

    p = command(budget_sub, "show", "budget_show", "budget against outcome per period, "
                                                   "deviations and their follow-up")
    programme(p)

    p = command(budget_sub, "analysis", "budget_analysis", "record the analysis of causes "
                                                           "of a period's deviation")
    programme(p)
    period(p)
    p.add_argument("--causes", required=True, metavar="TEXT", help="what caused the deviation")
    p.add_argument("--action-plan-needed", required=True, type=yes_no, metavar="ja|nej",
                   help="whether an action plan is needed (opens one if so)")
    p.add_argument("--on", type=parse_date, metavar="DATE",
                   help=f"when the analysis was made ({DATE_HELP}; default: today)")

    p = command(budget_sub, "action-plan", "budget_action_plan", "record the action plan "
                                                                 "for a period's deviation")
    programme(p)
    period(p)
    p.add_argument("--plan", required=True, metavar="TEXT",
                   help="the plan, or where it is kept")
    p.add_argument("--on", type=parse_date, metavar="DATE",
                   help=f"when the plan was drawn up ({DATE_HELP}; default: today)")
