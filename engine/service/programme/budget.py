"""Budget in balance: budget and outcome per period, and what a deviation sets going.

Each use case is one transaction.  Whenever a period has both a budget and an outcome,
the deviation is compared with the definition's threshold: beyond it, an analysis of
causes is opened for the responsible role (a programme obligation, swept into the
role's digest); back within it before the analysis was made, that analysis is
cancelled.  Recording the analysis closes it and, when it says an action plan is
needed, opens one (seed 003: "Vid avvikelser ska analys av orsaker göras och vid behov
ska handlingsplan upprättas").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session
from sqlmodel import select as select_rows

from engine.definitions.spec import BudgetSpec, ProgrammeSpec
from engine.errors import InputError
from engine.rules.budget import (
    BudgetEntry,
    BudgetPeriod,
    BudgetRow,
    action_plan_obligation,
    analysis_obligation,
    budget_period,
    budget_rows,
    budget_total,
)
from engine.service.programme.programme_obligations import (
    close_obligation,
    find_obligation,
    open_obligation,
    programme_obligations,
)
from engine.service.shared.context import Context, audit, require_date, snapshot
from engine.service.shared.published import pin_definition
from engine.store.programme_tables import BudgetPeriodRow, BudgetReviewRow, ProgrammeObligationRow
from engine.store.tables import DefinitionVersionRow


@dataclass(frozen=True, slots=True)
class PeriodAmounts:
    """What one row of input sets: a period's budget, its outcome, or both."""

    period: str
    budget: Decimal | None = None
    outcome: Decimal | None = None


@dataclass(slots=True)
class BudgetChange:
    """What recording amounts did: the periods touched and the obligations they opened."""

    periods: list[BudgetRow] = field(default_factory=list)
    opened: list[ProgrammeObligationRow] = field(default_factory=list)
    cancelled: list[ProgrammeObligationRow] = field(default_factory=list)
    #: The name of the role responsible for the budget, for people to read.
    responsible: str = ""


def budget_of(spec: ProgrammeSpec) -> BudgetSpec:
    """The programme's budget section; InputError when its definition has none."""
    if spec.budget is None:
        raise InputError(f"{spec.name} ({spec.file}) has no budget: add a 'budget:' section "
                         "to its definition (docs/budget.md)")
    return spec.budget


def check_period(spec: ProgrammeSpec, text: str, *, today: date | None = None) -> BudgetPeriod:
    """The period ``text`` names, inside the programme's validity; InputError otherwise.

    With ``today``, an outcome is being recorded: the period must have begun.
    """
    budget = budget_of(spec)
    try:
        period = budget_period(budget.periods, text)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if period.ends_on < spec.valid_from or (spec.valid_to is not None
                                           and period.starts_on > spec.valid_to):
        until = spec.valid_to.isoformat() if spec.valid_to else "further notice"
        raise InputError(f"{period.key} lies outside {spec.name}'s validity "
                         f"({spec.valid_from.isoformat()} – {until})")
    if today is not None and period.starts_on > today:
        raise InputError(f"an outcome for {period.key}, which has not begun (it starts "
                         f"{period.starts_on.isoformat()}; today is {today.isoformat()})")
    return period


def record_amounts(ctx: Context, programme: str, amounts: list[PeriodAmounts],
                   actor: str) -> BudgetChange:
    """Set budgets and outcomes (one transaction), then follow up each period's deviation.

    Every period is checked before anything is written: one bad period refuses all.
    """
    change = BudgetChange()
    with ctx.transaction() as session:
        spec, version = pin_definition(ctx, session, programme)
        budget = budget_of(spec)
        change.responsible = spec.role_name(budget.responsible)
        checked = [(check_period(spec, a.period, today=ctx.today() if a.outcome is not None
                                 else None), a) for a in amounts]
        for period, entry in checked:
            row = _period_row(session, spec.id, period, actor)
            before = snapshot(row)
            if entry.budget is not None:
                row.budget_ore, row.budget_set_at = to_ore(entry.budget), ctx.now()
            if entry.outcome is not None:
                row.outcome_ore, row.outcome_set_at = to_ore(entry.outcome), ctx.now()
            row.updated_by = actor
            session.flush()
            audit(ctx, session, actor, "budget", None, before, snapshot(row))
            figures = _figures(row, budget)
            change.periods.append(figures)
            _follow_up(ctx, session, spec, version, figures, actor, change)
    return change


def record_analysis(ctx: Context, programme: str, period_text: str, causes: str,
                    action_plan_needed: bool, actor: str,
                    on: date | None = None) -> ProgrammeObligationRow | None:
    """Record the analysis of a period's deviation; the action plan it opens, if any."""
    if not causes.strip():
        raise InputError("write the causes the analysis found (--causes TEXT)")
    with ctx.transaction() as session:
        spec, version = pin_definition(ctx, session, programme)
        budget = budget_of(spec)
        period = check_period(spec, period_text)
        analysis = find_obligation(session, spec.id, f"budget:{period.key}:analysis")
        if analysis is None or analysis.status == "cancelled":
            raise InputError(f"{spec.name} has no budget deviation to analyse for {period.key}"
                             f" (none beyond {_percent(budget.deviation_threshold)} of the "
                             "budget was recorded)")
        if analysis.status == "done":
            raise InputError(f"the deviation of {period.key} was analysed on "
                             f"{analysis.completed_on} by {analysis.completed_by}")
        day = require_date(on or ctx.today(), ctx, "the analysis date",
                           not_before=analysis.opened_on,
                           not_before_what="the deviation, recorded")
        session.add(BudgetReviewRow(programme_id=spec.id, period=period.key,
                                    causes=causes.strip(),
                                    action_plan_needed=action_plan_needed, analysed_on=day,
                                    analysed_by=actor))
        close_obligation(ctx, session, analysis, "done", actor, day,
                         "handlingsplan behövs" if action_plan_needed
                         else "ingen handlingsplan behövs")
        if not action_plan_needed:
            return None
        row = session.exec(select_rows(BudgetPeriodRow).where(
            BudgetPeriodRow.programme_id == spec.id, BudgetPeriodRow.period == period.key)).one()
        plan = action_plan_obligation(spec, budget, _figures(row, budget), day)
        return open_obligation(ctx, session, version, plan, period.key, actor)


def record_action_plan(ctx: Context, programme: str, period_text: str, plan: str,
                       actor: str, on: date | None = None) -> None:
    """Record the action plan the analysis of a period's deviation called for."""
    if not plan.strip():
        raise InputError("write the action plan, or where it is kept (--plan TEXT)")
    with ctx.transaction() as session:
        spec, _ = pin_definition(ctx, session, programme)
        period = check_period(spec, period_text)
        review = session.exec(select_rows(BudgetReviewRow).where(
            BudgetReviewRow.programme_id == spec.id, BudgetReviewRow.period == period.key)).first()
        obligation = find_obligation(session, spec.id, f"budget:{period.key}:action_plan")
        if review is None or not review.action_plan_needed or obligation is None:
            raise InputError(f"no action plan is called for in {period.key}: "
                             + ("its deviation has not been analysed" if review is None else
                                "its analysis found none needed"))
        if obligation.status == "done":
            raise InputError(f"the action plan of {period.key} was recorded on "
                             f"{obligation.completed_on} by {obligation.completed_by}")
        day = require_date(on or ctx.today(), ctx, "the action plan's date",
                           not_before=obligation.opened_on,
                           not_before_what="the analysis that called for it, on")
        before = snapshot(review)
        review.action_plan, review.planned_on, review.planned_by = plan.strip(), day, actor
        session.flush()
        audit(ctx, session, actor, "budget_action_plan", None, before, snapshot(review))
        close_obligation(ctx, session, obligation, "done", actor, day)


@dataclass(frozen=True, slots=True)
class BudgetView:
    """A programme's budget follow-up: every period, the total, obligations, reviews."""

    programme_id: str
    programme_name: str
    budget: BudgetSpec
    rows: tuple[BudgetRow, ...]
    total: BudgetRow | None
    obligations: tuple[ProgrammeObligationRow, ...]
    reviews: tuple[BudgetReviewRow, ...]


def budget_view(ctx: Context, programme: str) -> BudgetView:
    """Budget against outcome per period with deviations, and the follow-up so far."""
    with ctx.transaction() as session:
        spec, _ = pin_definition(ctx, session, programme)
        budget = budget_of(spec)
        stored = session.exec(select_rows(BudgetPeriodRow).where(
            BudgetPeriodRow.programme_id == spec.id)).all()
        rows = budget_rows((_entry(r) for r in stored), budget.deviation_threshold)
        reviews = session.exec(select_rows(BudgetReviewRow).where(
            BudgetReviewRow.programme_id == spec.id)).all()
        return BudgetView(spec.id, spec.name, budget, rows,
                          budget_total(rows, budget.deviation_threshold),
                          tuple(o for o in programme_obligations(session, spec.id)
                                if o.kind.startswith("budget_")),
                          tuple(sorted(reviews, key=lambda r: r.period)))


def to_ore(amount: Decimal) -> int:
    """Kronor → whole öre (amounts are stored exact)."""
    return int((amount * 100).to_integral_value())


def from_ore(ore: int | None) -> Decimal | None:
    """Öre → kronor with two decimals."""
    return None if ore is None else (Decimal(ore) / 100).quantize(Decimal("0.01"))


def _percent(share: float) -> str:
    return f"{share * 100:g} %".replace(".", ",")


def _entry(row: BudgetPeriodRow) -> BudgetEntry:
    return BudgetEntry(BudgetPeriod(row.period, row.starts_on, row.ends_on),
                       from_ore(row.budget_ore), from_ore(row.outcome_ore))


def _figures(row: BudgetPeriodRow, budget: BudgetSpec) -> BudgetRow:
    return budget_rows([_entry(row)], budget.deviation_threshold)[0]


def _period_row(session: Session, programme_id: str, period: BudgetPeriod,
                actor: str) -> BudgetPeriodRow:
    row = session.exec(select_rows(BudgetPeriodRow).where(
        BudgetPeriodRow.programme_id == programme_id,
        BudgetPeriodRow.period == period.key)).first()
    if row is None:
        row = BudgetPeriodRow(programme_id=programme_id, period=period.key,
                              starts_on=period.starts_on, ends_on=period.ends_on,
                              updated_by=actor)
        session.add(row)
    return row


def _follow_up(ctx: Context, session: Session, spec: ProgrammeSpec,
               version: DefinitionVersionRow, figures: BudgetRow, actor: str,
               change: BudgetChange) -> None:
    """Open the analysis a deviation calls for, or cancel one no longer called for."""
    budget = budget_of(spec)
    key = f"budget:{figures.period}:analysis"
    existing = find_obligation(session, spec.id, key)
    if figures.beyond_threshold:
        if existing is None or existing.status == "cancelled":
            obligation = analysis_obligation(spec, budget, figures, ctx.today())
            change.opened.append(open_obligation(ctx, session, version, obligation,
                                                 figures.period, actor))
    elif existing is not None and existing.status == "open":
        close_obligation(ctx, session, existing, "cancelled", actor, ctx.today(),
                         f"utfallet ligger nu inom {_percent(budget.deviation_threshold)} "
                         "av budgeten")
        change.cancelled.append(existing)
