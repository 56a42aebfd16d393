"""The board page with context, one suppression policy for everything a board reader
sees, the budget in the browser and "Ta fram nu" (issue 24, items 9–11; issue 22,
finding 12).  Through the application (TestClient) on a real database."""

from __future__ import annotations

import html
import re
from datetime import date

from case_helpers import enrol_person
from conftest import MovableClock
from web_helpers import Browser, account, web_app

from engine.service.cases.operations import exit_case
from engine.service.programme.board_figures import report_title
from engine.service.programme.report_runs import archived_rows
from engine.service.shared.context import Context


def _signed_in(ctx: Context, name: str, role: str, programme: str = "") -> Browser:
    account(ctx, name, role, programme=programme)
    browser = Browser(web_app(ctx))
    browser.sign_in(name)
    return browser


def _plain(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_a_small_count_on_the_board_page_is_suppressed_as_in_the_reports(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 1, 10))
    cases = [enrol_person(ctx, "rebus", f"P-{n}", date(2024, 1, 10)).case_id
             for n in range(12)]
    clock.set_day(date(2024, 3, 1))
    for case in cases[:2]:
        exit_case(ctx, case, "avbrott", "anna")
    board = _signed_in(ctx, "styrgrupp", "reader", "rebus")
    text = _plain(board.get("/board/rebus").text)
    # Two persons who dropped out are not shown as "2" (they were, before issue 24).
    assert "Avbrutit insatsen <5" in text and "Avbrutit insatsen 2" not in text
    assert "Avslutade i år <5" in text
    assert "Inskrivna i år 12" in text
    assert "Pågår nu 10 av 40 platser" in text  # the key figures against the places
    assert "Målen hittills i år" in text and "minst 30 %" in text


def test_report_names_say_their_period() -> None:
    assert report_title("Årsrapport 10", date(2026, 1, 1), date(2026, 12, 31)) \
        == "Årsrapport 2026"
    assert report_title("Förenklad halvårsrapport 2", date(2025, 7, 1),
                        date(2025, 12, 31)) == "Förenklad halvårsrapport andra halvåret 2025"
    assert report_title("Kvartalsrapport 1", date(2021, 1, 1), date(2021, 4, 30)) \
        == "Kvartalsrapport 1 (1 januari 2021 – 30 april 2021)"


def test_ta_fram_nu_produces_a_report_exactly_once_and_a_draft_before_its_day(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 1))
    enrol_person(ctx, "rebus", "P-1", date(2024, 3, 1))
    clock.set_day(date(2025, 1, 15))
    admin = _signed_in(ctx, "fia", "programme-admin")
    page = admin.get("/board/rebus").text
    events = dict(re.findall(r'name="event" value="([^"]+)">\s*<span>([^<,]+)', page))
    [report_2024] = [k for k, name in events.items() if name == "Årsrapport 2024"]
    first = admin.post("/board/rebus/produce", {"event": report_2024})
    assert first.status_code == 303
    archive = _plain(admin.get("/board/rebus/reports").text)
    assert "Årsrapport 2024 är framtagen (version 1)" in archive
    again = admin.post("/board/rebus/produce", {"event": report_2024})
    assert again.status_code == 303
    assert "är redan framtagen" in _plain(admin.get("/board/rebus/reports").text)
    assert [r.kind for r in archived_rows(ctx, "rebus")] == ["report"]  # exactly once
    [report_2025] = [k for k, name in events.items() if name == "Årsrapport 2025"]
    admin.post("/board/rebus/produce", {"event": report_2025})
    assert "Ett utkast av Årsrapport 2025" in _plain(admin.get("/board/rebus/reports").text)
    assert sorted(r.kind for r in archived_rows(ctx, "rebus")) == ["draft", "report"]
    reader = _signed_in(ctx, "styrgrupp", "reader", "rebus")
    assert "Ta fram" not in reader.get("/board/rebus").text
    assert reader.post("/board/rebus/produce", {"event": report_2024}).status_code == 403


def test_a_budget_is_entered_and_imported_in_the_browser_and_the_board_sees_the_analysis(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2019, 7, 5))
    admin = _signed_in(ctx, "eva", "programme-admin", "vasteras")
    admin.get("/board/vasteras/budget")
    bad = b"period;budget;utfall\n2019-Q1;1 000 000;998 000\n2019-13;5;5\n"
    admin.client.post("/board/vasteras/budget/import", data={"csrf-token": admin.token},
                      files={"file": ("budget.csv", bad, "text/csv")})
    page = _plain(admin.get("/board/vasteras/budget").text)
    assert "Inget importerades" in page and "Ingen budget är inlagd än." in page  # none
    good = b"period;budget;utfall\n2019-Q1;1 000 000;998 000\n2019-Q2;1 000 000;\n"
    admin.client.post("/board/vasteras/budget/import", data={"csrf-token": admin.token},
                      files={"file": ("budget.csv", good, "text/csv")})
    assert "2 rader importerades från budget.csv." in _plain(
        admin.get("/board/vasteras/budget").text)
    admin.post("/board/vasteras/budget", {"period": "2019-Q2", "outcome_amount": "1 150 000"})
    page = _plain(admin.get("/board/vasteras").text)
    assert "utanför gränsen" in page
    task = re.search(r'action="/board/vasteras/tasks/(\d+)"', admin.get("/board/vasteras").text)
    assert task is not None
    admin.post(f"/board/vasteras/tasks/{task.group(1)}",
               {"causes": "Fler deltagare än planerat under våren.",
                "action_plan_needed": "nej"})
    reader = _signed_in(ctx, "styrgrupp", "reader", "vasteras")
    seen = _plain(reader.get("/board/vasteras/budget").text)
    assert "Orsaker: Fler deltagare än planerat under våren." in seen
    assert "Lägg in en period" not in seen  # readers read
