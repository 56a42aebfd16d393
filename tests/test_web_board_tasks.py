"""The programme's own obligations on its board page: a budget deviation's analysis and
action plan and the evaluation steps, listed for those who follow the programme and
recorded done by its programme administrator (the role's digest points here).

Through the application (TestClient) on a real database, with the same service calls
the commands make.
"""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal

from case_helpers import enrol_person
from conftest import MovableClock
from web_helpers import Browser, account, web_app

from engine.definitions.loading import load_programme
from engine.service.programme.budget import PeriodAmounts, budget_view, record_amounts
from engine.service.programme.calendar_runs import run_calendar_event
from engine.service.shared.context import Context

ANALYSIS = "Analys av orsaker till budgetavvikelsen 2019-Q2 (+15,0 %)"
PLAN = "Handlingsplan för budgetavvikelsen 2019-Q2"


def _deviation(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2019, 7, 5))
    record_amounts(ctx, "vasteras", [PeriodAmounts(
        "2019-Q2", budget=Decimal(1_000_000), outcome=Decimal(1_150_000))], "eva")


def _signed_in(ctx: Context, name: str, role: str, programme: str) -> Browser:
    account(ctx, name, role, programme=programme)
    browser = Browser(web_app(ctx))
    browser.sign_in(name)
    return browser


def _task_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'action="/board/\w+/tasks/(\d+)"', page)]


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_programme_administrator_records_the_analysis_and_then_its_action_plan(
        ctx: Context, clock: MovableClock) -> None:
    _deviation(ctx, clock)
    clock.set_day(date(2019, 7, 15))
    admin = _signed_in(ctx, "dietmar", "programme-admin", "vasteras")
    page = admin.get("/board/vasteras").text
    assert ANALYSIS in html.unescape(page) and "Ansvarig chef" in page
    (task,) = _task_ids(page)

    # Sent without saying whether a plan is needed: refused in Swedish, nothing recorded.
    answer = admin.post(f"/board/vasteras/tasks/{task}", {"causes": "Fler deltagare"})
    assert answer.status_code == 303 and answer.headers["location"].endswith("#h-tasks")
    page = admin.get("/board/vasteras").text
    assert "Svara om en handlingsplan behövs." in page and _task_ids(page) == [task]

    admin.post(f"/board/vasteras/tasks/{task}", {"causes": "Fler deltagare än planerat",
                                                  "action_plan_needed": "ja"})
    page = admin.get("/board/vasteras").text
    assert f"Registrerat: {ANALYSIS}." in html.unescape(page)
    (plan,) = _task_ids(page)  # the analysis called for a plan: it is the one open now
    assert PLAN in html.unescape(page) and "senast 15 augusti 2019" in page
    admin.post(f"/board/vasteras/tasks/{plan}", {"plan": "Intagsstopp i augusti"})
    page = admin.get("/board/vasteras").text
    assert "Inget är öppet just nu." in page
    view = budget_view(ctx, "vasteras")
    assert [(r.causes, r.action_plan_needed, r.action_plan, r.analysed_by)
            for r in view.reviews] == [("Fler deltagare än planerat", True,
                                        "Intagsstopp i augusti", "dietmar")]
    assert {o.kind: (o.status, o.completed_by) for o in view.obligations} == {
        "budget_analysis": ("done", "dietmar"), "budget_action_plan": ("done", "dietmar")}


def test_the_board_sees_what_is_open_but_cannot_record_it(
        ctx: Context, clock: MovableClock) -> None:
    _deviation(ctx, clock)
    board = _signed_in(ctx, "styrgrupp", "reader", "vasteras")
    page = board.get("/board/vasteras").text
    assert ANALYSIS in html.unescape(page)
    assert "En programförvaltare registrerar det här när det är gjort." in page
    assert _task_ids(page) == [] and 'name="causes"' not in page
    (task,) = [o.id for o in budget_view(ctx, "vasteras").obligations]
    answer = board.post(f"/board/vasteras/tasks/{task}",
                        {"causes": "x", "action_plan_needed": "nej"})
    assert answer.status_code == 403
    assert budget_view(ctx, "vasteras").obligations[0].status == "open"


def test_another_programmes_task_is_not_found(ctx: Context, clock: MovableClock) -> None:
    _deviation(ctx, clock)
    (task,) = [o.id for o in budget_view(ctx, "vasteras").obligations]
    rebus_admin = _signed_in(ctx, "rut", "programme-admin", "rebus")
    for url in (f"/board/vasteras/tasks/{task}", f"/board/rebus/tasks/{task}",
                "/board/rebus/tasks/99999"):
        answer = rebus_admin.post(url, {"causes": "x", "action_plan_needed": "nej"})
        assert answer.status_code == 404, url
    assert budget_view(ctx, "vasteras").obligations[0].status == "open"


def test_an_evaluation_step_is_marked_done_and_leaves_the_list(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2022, 6, 1))
    enrol_person(ctx, "rebus", "P-1", date(2022, 2, 1))
    clock.set_day(date(2022, 9, 1), hour=7)
    run_calendar_event(ctx, load_programme("rebus"), "evaluation:arlig_utvardering:2022:start",
                       date(2022, 9, 1), date(2022, 9, 1))
    clock.set_day(date(2022, 10, 12))
    admin = _signed_in(ctx, "rut", "programme-admin", "rebus")
    page = admin.get("/board/rebus").text
    steps = _task_ids(page)
    assert len(steps) == 3
    assert "Projektmedarbetare presenterar prognos och rapporterar" in _text(page)
    admin.post(f"/board/rebus/tasks/{steps[0]}")
    page = admin.get("/board/rebus").text
    assert _task_ids(page) == steps[1:]
    assert "Registrerat: Projektmedarbetare presenterar prognos och rapporterar." in page
    # Sent again from a page still open in another tab: refused in Swedish, once done.
    again = admin.post(f"/board/rebus/tasks/{steps[0]}")
    assert again.status_code == 303
    assert ("Det gick inte att registrera ”Projektmedarbetare presenterar prognos och "
            "rapporterar”: det är redan registrerat (12 oktober 2022, rut).") \
        in html.unescape(admin.get("/board/rebus").text)
