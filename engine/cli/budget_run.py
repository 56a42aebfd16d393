"""Running the budget commands: call the service, say what happened, print the table.

Each handler returns (text for people, data for ``--json``).  Amounts in the JSON are
decimal strings in kronor (``"1198432.50"``), so that no öre is lost to floating point.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from engine.inputs.files import read_user_file
from engine.rules.budget import BudgetRow
from engine.service.programme.budget import (
    BudgetChange,
    BudgetView,
    PeriodAmounts,
    budget_view,
    record_action_plan,
    record_amounts,
    record_analysis,
)
from engine.service.programme.budget_import import MAX_BUDGET_BYTES, import_budget
from engine.service.shared.context import Context
from engine.store.programme_tables import ProgrammeObligationRow

_LOCALE = "sv_SE"


def run_budget(ctx: Context, args: argparse.Namespace, actor: str) -> tuple[str, Any]:
    """Run the budget command named by ``args.case_handler``."""
    handler = args.case_handler
    if handler == "budget_set":
        change = record_amounts(ctx, args.programme,
                                [PeriodAmounts(args.period, budget=args.budget)], actor)
        return _changed(change, "budget set")
    if handler == "budget_outcome":
        change = record_amounts(ctx, args.programme,
                                [PeriodAmounts(args.period, outcome=args.amount)], actor)
        return _changed(change, "outcome recorded")
    if handler == "budget_import":
        path = Path(args.file)
        raw = read_user_file(path, what="the budget file", limit=MAX_BUDGET_BYTES)
        result = import_budget(ctx, args.programme, raw, str(path), actor)
        text, data = _changed(result.change, f"imported from {path.name}")
        return f"{result.rows} row(s) imported from {path}\n{text}", data
    if handler == "budget_show":
        view = budget_view(ctx, args.programme)
        return show_text(view), show_data(view)
    if handler == "budget_analysis":
        plan = record_analysis(ctx, args.programme, args.period, args.causes,
                               args.action_plan_needed, actor, args.on)
        text = f"{args.period}: analysis of causes recorded"
        if plan is not None:
            text += f"; action plan due {plan.due_on.isoformat()} ({plan.name})"
        return text, {"period": args.period, "action_plan": _obligation(plan) if plan else None}
    record_action_plan(ctx, args.programme, args.period, args.plan, actor, args.on)
    return f"{args.period}: action plan recorded", {"period": args.period}


def kronor(amount: Decimal | None) -> str:
    """``1 198 432,50`` (Babel, sv_SE); empty when there is no amount."""
    return "" if amount is None else str(format_decimal(amount, "#,##0.00", locale=_LOCALE))


def percent(share: float | None) -> str:
    """``+12,4 %``; empty without a share."""
    if share is None:
        return ""
    return str(format_decimal(share * 100, "+#,##0.0;-#,##0.0", locale=_LOCALE)) + "\u00a0%"


def _changed(change: BudgetChange, what: str) -> tuple[str, Any]:
    lines = []
    for row in change.periods:
        line = f"{row.period}: {what}: budget {kronor(row.budget) or '–'}, outcome " \
               f"{kronor(row.outcome) or '–'}"
        if row.deviation is not None:
            line += f", deviation {kronor(row.deviation)} {percent(row.deviation_share)}".rstrip()
            if row.beyond_threshold:
                line += " — beyond the threshold"
        lines.append(line)
    lines += [f"opened: {o.name}, due {o.due_on.isoformat()} for {change.responsible}"
              for o in change.opened]
    lines += [f"cancelled: {o.name} ({o.note})" for o in change.cancelled]
    return "\n".join(lines), {"periods": [_row(r) for r in change.periods],
                              "opened": [_obligation(o) for o in change.opened],
                              "cancelled": [_obligation(o) for o in change.cancelled]}


def show_text(view: BudgetView) -> str:
    """The follow-up as a table people read (Swedish)."""
    threshold = f"{view.budget.deviation_threshold * 100:g}\u00a0%".replace(".", ",")
    out = [f"{view.programme_name}: budget mot utfall per period (avvikelse över "
           f"{threshold} ska analyseras)", ""]
    head = f"  {'period':<8}  {'budget':>16}  {'utfall':>16}  {'avvikelse':>16}  {'':>9}"
    out.append(head)
    rows = [*view.rows, *([view.total] if view.total else [])]
    for row in rows:
        mark = "  utanför gränsen" if row.beyond_threshold else ""
        label = "summa" if row.period == "total" else row.period
        out.append(f"  {label:<8}  {kronor(row.budget):>16}  {kronor(row.outcome):>16}  "
                   f"{kronor(row.deviation):>16}  {percent(row.deviation_share):>9}{mark}")
    if not view.rows:
        out.append("  (ingen budget registrerad)")
    if view.total:
        out.append("  (summan räknar bara perioder med både budget och utfall)")
    if view.obligations:
        out += ["", "Uppföljning:"]
        for o in view.obligations:
            state = {"open": f"öppen, senast {o.due_on.isoformat()}",
                     "done": f"klar {o.completed_on} ({o.completed_by})",
                     "cancelled": f"avbruten: {o.note}"}.get(o.status, o.status)
            out.append(f"  {o.name} — {state}")
    return "\n".join(out)


def show_data(view: BudgetView) -> dict[str, Any]:
    """The follow-up as JSON-ready data."""
    return {"programme": view.programme_id, "periods": view.budget.periods,
            "deviation_threshold": view.budget.deviation_threshold,
            "responsible": view.budget.responsible,
            "rows": [_row(r) for r in view.rows],
            "total": _row(view.total) if view.total else None,
            "obligations": [_obligation(o) for o in view.obligations],
            "reviews": [{"period": r.period, "causes": r.causes,
                         "action_plan_needed": r.action_plan_needed,
                         "analysed_on": r.analysed_on.isoformat(), "analysed_by": r.analysed_by,
                         "action_plan": r.action_plan,
                         "planned_on": r.planned_on.isoformat() if r.planned_on else None}
                        for r in view.reviews]}


def _decimal(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def _row(row: BudgetRow) -> dict[str, Any]:
    return {"period": row.period, "starts_on": row.starts_on.isoformat(),
            "ends_on": row.ends_on.isoformat(), "budget": _decimal(row.budget),
            "outcome": _decimal(row.outcome), "deviation": _decimal(row.deviation),
            "deviation_share": row.deviation_share, "beyond_threshold": row.beyond_threshold}


def _obligation(o: ProgrammeObligationRow) -> dict[str, Any]:
    return {"kind": o.kind, "name": o.name, "period": o.subject, "status": o.status,
            "responsible": o.responsible, "due_on": o.due_on.isoformat(),
            "remind_on": o.remind_on.isoformat() if o.remind_on else None,
            "escalate_on": o.escalate_on.isoformat() if o.escalate_on else None,
            "escalate_to": o.escalate_to,
            "completed_on": o.completed_on.isoformat() if o.completed_on else None}
