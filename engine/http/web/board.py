"""The steering group's and board's pages: the programme calendar and key figures.

Readers see figures and dates, never a case, and every count of persons under the
reports' own suppression (:mod:`engine.service.programme.board_figures`): the key
figures against the places, each target's progress this year (from the same report
the year's documents are made of), budget against outcome with the analyses and
action plans recorded.  The archive of produced reports has its own page
(:mod:`engine.http.web.board_archive`); this one shows its newest versions, the
programme's own open obligations, which a programme administrator records done here
(:mod:`engine.http.web.board_tasks`), and the reports a programme administrator can
produce now (:mod:`engine.http.web.board_produce`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlmodel import col, select

from engine.definitions.spec import ProgrammeSpec
from engine.errors import StegvisError
from engine.http.web.auth import Person, signed_in
from engine.http.web.definitions import valid_specs
from engine.http.web.state import render, web
from engine.http.web.words import kind_name
from engine.reports.model import TargetResult
from engine.rules.obligations import Obligation
from engine.rules.programme_calendar import programme_calendar
from engine.service.programme.board_figures import board_figures, report_title
from engine.service.programme.budget import BudgetView, budget_view
from engine.service.programme.key_figures import key_figures
from engine.service.programme.report_data import programme_report
from engine.service.shared.context import Context
from engine.store.programme_tables import ArchivedReportRow, ProgrammeObligationRow

router = APIRouter(include_in_schema=False)
Reader = Annotated[Person, Depends(signed_in("reader", "programme-admin"))]
#: How far ahead the calendar reaches.
CALENDAR_DAYS = 365
#: How many of the newest archived versions this page lists.
LATEST = 3
#: The programme's own obligations this page lists and records (engine.http.web.board_tasks).
TASK_KINDS = ("evaluation_step", "budget_analysis", "budget_action_plan")


def _specs(request: Request, person: Person) -> dict[str, ProgrammeSpec]:
    specs = valid_specs(web(request).ctx)
    return {k: s for k, s in specs.items()
            if not person.programme_id or k == person.programme_id}


def open_tasks(ctx: Context, programme_id: str) -> list[ProgrammeObligationRow]:
    """The programme's open obligations of :data:`TASK_KINDS`, the soonest due first."""
    with ctx.transaction(read_only=True) as session:
        return list(session.exec(select(ProgrammeObligationRow).where(
            ProgrammeObligationRow.programme_id == programme_id,
            ProgrammeObligationRow.status == "open",
            col(ProgrammeObligationRow.kind).in_(TASK_KINDS)).order_by(
                col(ProgrammeObligationRow.due_on), col(ProgrammeObligationRow.id))).all())


def reader_spec(request: Request, person: Person, programme_id: str) -> ProgrammeSpec:
    """The programme ``programme_id`` if this person follows it; 404 otherwise (a reader
    of one programme cannot tell another's pages from ones that do not exist)."""
    spec = _specs(request, person).get(programme_id)
    if spec is None:
        raise HTTPException(404)
    return spec


@router.get("/board")
def board(request: Request, person: Reader) -> Response:
    """The programmes this person follows (straight to the one, if only one)."""
    specs = _specs(request, person)
    if len(specs) == 1:
        return programme(request, next(iter(specs)), person)
    return render(request, "board_choose.html", {"specs": list(specs.values())})


@router.get("/board/{programme_id}")
def programme(request: Request, programme_id: str, person: Reader) -> Response:
    """One programme: its calendar for the coming year and this year's key figures."""
    spec = reader_spec(request, person, programme_id)
    ctx = web(request).ctx
    today = ctx.today()
    with ctx.transaction(read_only=True) as session:
        latest = session.exec(select(ArchivedReportRow).where(
            ArchivedReportRow.programme_id == spec.id).order_by(
                col(ArchivedReportRow.produced_at).desc(), col(ArchivedReportRow.id).desc())
            .limit(LATEST)).all()
    events = programme_calendar(spec, today, today + timedelta(days=CALENDAR_DAYS))
    figures = key_figures(ctx, spec.id, date(today.year, 1, 1), today, today)
    shown = board_figures(figures)
    outcome_names = {o.id: o.name for o in spec.outcomes}
    # Bars only for counts that may be shown; hidden ones are listed in the table.
    bars = [(outcome_names.get(k, k), s.value) for k, s in shown.outcomes if s.hidden is None]
    widest = max((n for _, n in bars), default=0)
    return render(request, "board.html", {
        "spec": spec, "events": events, "figures": figures, "shown": shown.figures,
        "outcomes": [(outcome_names.get(k, k), s) for k, s in shown.outcomes],
        "threshold": shown.threshold, "bars": bars, "widest": widest,
        "kind_name": kind_name, "tasks": open_tasks(ctx, spec.id),
        "report_title": report_title,
        "targets": _targets(ctx, spec, today), "budget": _budget(ctx, spec),
        "reports": [r.name for r in spec.reports],
        "produce": producible(spec, today) if person.role == "programme-admin" else [],
        "latest": [{"name": report_title(r.name, r.period_from, r.period_to),
                    "version": r.version, "kind": r.kind, "produced_at": r.produced_at}
                   for r in latest]})


def _targets(ctx: Context, spec: ProgrammeSpec, today: date) -> list[TargetResult] | None:
    """This year's targets against their outcome, as the year's report states them
    (suppressed as it is); None when there is no report to make yet."""
    if not spec.targets:
        return None
    try:
        report = programme_report(ctx, spec.id, from_on=max(date(today.year, 1, 1),
                                                            spec.valid_from),
                                  to_on=today, allow_empty=True)
    except StegvisError:
        return None
    return list(report.targets)


def _budget(ctx: Context, spec: ProgrammeSpec) -> BudgetView | None:
    return budget_view(ctx, spec.id) if spec.budget is not None else None


#: How far back a report may be produced from the board page.
PRODUCE_DAYS = 400


def producible(spec: ProgrammeSpec, today: date) -> list[Obligation]:
    """The reports whose period has begun and whose day is at most a year gone: what a
    programme administrator may produce now (a draft before its day)."""
    start = max(spec.valid_from, today - timedelta(days=PRODUCE_DAYS))
    return [e for e in programme_calendar(spec, start, today + timedelta(days=PRODUCE_DAYS))
            if e.kind == "report" and e.period_from is not None and e.period_from <= today]
