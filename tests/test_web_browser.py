"""The web application in a real browser: Debian's chromium driven by Playwright.

Each test serves the application with uvicorn on a free port of 127.0.0.1, on its own
SQLite database and a fixed clock, and uses it as the person would: signing in, clicking
links, filling in forms.  Every page visited is checked with axe-core (no serious or
critical violation) and photographed; with ``STEGVIS_SCREENSHOTS=docs/screenshots`` the
photographs replace the committed ones (they go to the test's temporary folder
otherwise).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from case_helpers import enrol_person
from conftest import MovableClock, free_port
from sqlmodel import select
from web_helpers import PASSWORD, account, web_app

from engine.service.cases.operations import complete
from engine.service.cases.records import add_goal
from engine.service.reminders.delivery import build_digests, compose, set_contact
from engine.service.reminders.sweep import sweep
from engine.service.shared.context import Context
from engine.store.database import open_database
from engine.store.delivery_tables import DigestRow
from engine.store.tables import FollowUpRow

sync_api = pytest.importorskip("playwright.sync_api")
Page = Any

ENROLLED_ON = date(2024, 1, 10)
#: The first follow-up of a REBUS participant enrolled on 10 January is due 8 March.
FOLLOW_UP_DAY = date(2024, 3, 8)
FOLLOW_UP = "Uppföljning (stegförflyttning mot uppsatta mål) 1"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Live:
    """The application as served: its address, database and clock."""

    url: str
    ctx: Context
    clock: MovableClock
    shots: Path


# Playwright and its browser live for this module, not the whole session as
# pytest-playwright has them: while Playwright's sync API is started its event loop
# counts as running in this thread, so every later test in the same process that calls
# asyncio.run() (Prefect's synchronous calls: saving a block, running a flow) failed with
# "cannot be called from a running event loop".  Serially this module ran after those
# tests; with the suite spread over workers it may not.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    started = sync_api.sync_playwright().start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def browser_type(playwright: Any, browser_name: str) -> Any:
    return getattr(playwright, browser_name)


@pytest.fixture(scope="module")
def launch_browser(browser_type_launch_args: dict[str, Any], browser_type: Any) -> Any:
    def launch(**options: Any) -> Any:
        return browser_type.launch(**{**browser_type_launch_args, **options})
    return launch


@pytest.fixture(scope="module")
def browser(launch_browser: Any) -> Iterator[Any]:
    opened = launch_browser()
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def browser_context_args() -> dict[str, Any]:
    """A Swedish browser in Sweden, as the coordinators' are.  (Headless chromium still
    draws date fields as mm/dd/yyyy whatever the locale; a desktop one follows it.)
    pytest-playwright's own would ask for the session's Playwright (for --device)."""
    return {"locale": "sv-SE", "timezone_id": "Europe/Stockholm"}


@pytest.fixture
def live(tmp_path: Path, clock: MovableClock) -> Iterator[Live]:
    import uvicorn

    engine = open_database(f"sqlite:///{tmp_path / 'stegvis.db'}")
    ctx = Context(engine, clock)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(
        # Sign-in links are built from the configured address, as `stegvis web` sets it.
        web_app(ctx, base_url=f"http://127.0.0.1:{port}"), host="127.0.0.1", port=port,
        log_level="warning", ws="none",
        lifespan="off", proxy_headers=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    shots = Path(os.environ.get("STEGVIS_SCREENSHOTS") or tmp_path / "screenshots")
    if not shots.is_absolute():
        shots = ROOT / shots
    shots.mkdir(parents=True, exist_ok=True)
    yield Live(f"http://127.0.0.1:{port}", ctx, clock, shots)
    server.should_exit = True
    thread.join(timeout=20)
    engine.dispose()


@pytest.fixture(autouse=True)
def no_console_errors(page: Page) -> Iterator[None]:
    """No page logs an error: no script refused by the Content-Security-Policy, no
    missing file, no JavaScript failure."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield
    # Pages answered 4xx on purpose (403, 404, a refused form) are logged as failed loads.
    unexpected = [e for e in errors if "the server responded with a status of 4" not in e]
    assert unexpected == []


def accessible(page: Page, name: str, live: Live) -> None:
    """No serious or critical axe-core violation on the page; and a photograph of it."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{name}: {bad}"
    page.screenshot(path=str(live.shots / f"{name}.png"), full_page=True)


def sign_in(page: Page, live: Live, name: str, password: str = PASSWORD) -> None:
    page.goto(f"{live.url}/login")
    page.get_by_label("Användarnamn").fill(name)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()


def caseload(live: Live) -> dict[str, int]:
    """anna (with a phone number) and bertil; a REBUS case each; anna's start survey and
    action plan done, her SUS registration left overdue, two goals written."""
    ctx = live.ctx
    live.clock.set_day(ENROLLED_ON)
    account(ctx, "anna", display_name="Anna Åkesson", email="anna@hagfors.example",
            phone="0563-123 45")
    account(ctx, "bertil", display_name="Bertil Berg")
    anna = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON, municipality="Hagfors")
    bertil = enrol_person(ctx, "rebus", "P-2", ENROLLED_ON, municipality="Forshaga",
                          coordinator="bertil")
    complete(ctx, anna.case_id, "task:startenkat", "anna", on=ENROLLED_ON)
    goal = add_goal(ctx, anna.case_id, "Arbeta deltid inom handeln", "anna", on=ENROLLED_ON)
    add_goal(ctx, anna.case_id, "Praktik två dagar i veckan", "anna", parent_id=goal,
             on=ENROLLED_ON)
    live.clock.set_day(date(2024, 2, 5))
    complete(ctx, anna.case_id, "task:handlingsplan", "anna")
    set_contact(ctx, "coordinator", "anna", "anna@hagfors.example", "admin",
                display_name="Anna Åkesson")
    live.clock.set_day(FOLLOW_UP_DAY)
    return {"anna": anna.case_id, "bertil": bertil.case_id}


def test_a_coordinator_records_a_follow_up_and_it_leaves_her_inbox_and_tomorrows_digest(
        page: Page, live: Live) -> None:
    cases = caseload(live)
    sign_in(page, live, "anna")
    sync_api.expect(page).to_have_url(f"{live.url}/inbox")
    today = page.locator("#h-today + ul")
    sync_api.expect(today).to_contain_text(FOLLOW_UP)
    sync_api.expect(page.locator("#h-overdue + ul")).to_contain_text("Registrering i SUS")
    accessible(page, "coordinator-inbox", live)

    page.get_by_role("link", name=FOLLOW_UP, exact=True).click()
    sync_api.expect(page.get_by_role("heading", name="P-1")).to_be_visible()
    accessible(page, "coordinator-case", live)
    form = page.locator("#follow-up")
    sync_api.expect(form.get_by_label("Deltagare (ska vara med)")).to_be_checked()
    form.get_by_label("Ja", exact=True).check()
    form.get_by_label("Anteckning (bara för personalen)").fill("Bra samtal om praktiken.")
    form.get_by_role("button", name="Spara mötet").click()
    sync_api.expect(page.get_by_role("status").first).to_contain_text(
        "Uppföljningsmötet 8 mars 2024 är registrerat.")
    with live.ctx.transaction() as session:
        held = session.exec(select(FollowUpRow)).all()
    assert [(f.case_id, f.held_on, f.step_movement) for f in held] == [
        (cases["anna"], FOLLOW_UP_DAY, "yes")]

    page.get_by_role("navigation").get_by_role("link", name="Att göra").click()
    sync_api.expect(page.locator("main")).not_to_contain_text(FOLLOW_UP)
    sync_api.expect(page.locator("main")).to_contain_text("Registrering i SUS")

    # Tomorrow's (Monday's) digest reminds her of what is still open, not of the meeting.
    monday = FOLLOW_UP_DAY + timedelta(days=3)
    live.clock.set_day(monday, hour=6)
    sweep(live.ctx, monday)
    build_digests(live.ctx, monday)
    with live.ctx.transaction() as session:
        digest = session.exec(select(DigestRow).where(DigestRow.recipient == "anna")).one()
        body = compose(session, digest, "Stegvis <stegvis@example.org>").get_content()
    assert "Registrering i SUS" in body
    assert "Uppföljning (stegförflyttning" not in body


def test_a_second_coordinator_typing_the_first_ones_case_url_gets_404(
        page: Page, live: Live) -> None:
    cases = caseload(live)
    sign_in(page, live, "bertil")
    answer = page.goto(f"{live.url}/cases/{cases['anna']}")
    assert answer is not None and answer.status == 404
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte.")
    sync_api.expect(page.locator("body")).not_to_contain_text("P-1")
    accessible(page, "not-found", live)
    assert page.goto(f"{live.url}/cases/{cases['bertil']}").status == 200  # type: ignore[union-attr]


def test_a_citizen_sees_their_plan_and_nothing_of_anyone_else(
        page: Page, live: Live, browser: Any) -> None:
    cases = caseload(live)
    sign_in(page, live, "anna")
    page.goto(f"{live.url}/cases/{cases['anna']}")
    page.get_by_role("button", name="Skapa en ny länk").click()
    link = page.get_by_role("textbox", name="Länk").input_value()
    assert "/in/" in link

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, locale="sv-SE")
    citizen = phone.new_page()
    citizen.goto(link)
    accessible(citizen, "citizen-link", live)
    citizen.get_by_role("button", name="Öppna min plan").click()
    sync_api.expect(citizen).to_have_url(f"{live.url}/my-plan")
    main = citizen.locator("main")
    sync_api.expect(main).to_contain_text("Arbeta deltid inom handeln")
    sync_api.expect(main).to_contain_text("Praktik två dagar i veckan")
    sync_api.expect(main).to_contain_text("Anna Åkesson")
    sync_api.expect(main).to_contain_text("0563-123 45")
    # In the participant's words (klarspråk), not the definition's (issue 23).
    sync_api.expect(main).to_contain_text(
        "Ni träffas och pratar om hur det går och vad nästa steg är.")
    sync_api.expect(main).to_contain_text("Du svarar på några frågor om hur du mår.")  # done
    sync_api.expect(main).to_contain_text("Vem du träffar")
    text = main.inner_text()
    for internal in ("P-2", "Registrering i SUS", "task:", "follow_up:", "rebus",
                     "projektmedarbetare", "Projektmedarbetare", "stegförflyttning",
                     "Anvisande part"):
        assert internal not in text, internal
    accessible(citizen, "citizen-plan", live)
    # Nothing else is reachable from the link.
    assert citizen.goto(f"{live.url}/cases/{cases['anna']}").status == 404  # type: ignore[union-attr]
    assert citizen.goto(f"{live.url}/inbox").status == 403  # type: ignore[union-attr]

    # The coordinator revokes the link: the participant's next page asks them to sign in.
    page.reload()
    page.get_by_role("button", name="Ta bort länken").click()
    citizen.goto(f"{live.url}/my-plan")
    sync_api.expect(citizen).to_have_url(f"{live.url}/login?next=/my-plan")
    citizen.goto(link)
    citizen.get_by_role("button", name="Öppna min plan").click()
    sync_api.expect(citizen.get_by_role("heading", level=1)).to_have_text(
        "Länken fungerar inte")
    phone.close()


def test_a_form_sent_without_its_csrf_token_is_refused(page: Page, live: Live) -> None:
    cases = caseload(live)
    sign_in(page, live, "anna")
    page.goto(f"{live.url}/cases/{cases['anna']}")
    form = page.locator("#follow-up")
    form.get_by_label("Ja", exact=True).check()
    page.evaluate("document.querySelector('#follow-up input[name=\"csrf-token\"]').remove()")
    form.get_by_role("button", name="Spara mötet").click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text(
        "Formuläret har gått ut.")
    with live.ctx.transaction() as session:
        assert session.exec(select(FollowUpRow)).all() == []


def test_an_administrator_pastes_a_broken_definition_and_sees_line_and_column(
        page: Page, live: Live) -> None:
    from engine.definitions.loading import check_source
    from engine.http.web.validation import problem_text

    account(live.ctx, "forvaltare", "programme-admin")
    broken = (ROOT / "tests" / "broken" / "dead_end_phase.yaml").read_text(encoding="utf-8")
    _, problems = check_source(broken, "inklistrad.yaml")
    sign_in(page, live, "forvaltare")
    page.get_by_role("link", name="Kontrollera en definition").first.click()
    page.get_by_label("Definitionen (YAML)").fill(broken)
    page.get_by_role("button", name="Kontrollera").click()
    result = page.locator("#result")
    for problem in problems:  # in Swedish, at its line and column
        sync_api.expect(result).to_contain_text(
            f"Rad {problem.line}, kolumn {problem.column}: "
            + ("Varning: " if problem.severity == "warning" else "")
            + problem_text("sv", problem))
        sync_api.expect(result).not_to_contain_text(problem.message)
    accessible(page, "admin-validate", live)


def test_the_other_pages_work_with_the_keyboard_and_pass_axe(page: Page, live: Live) -> None:
    cases = caseload(live)
    account(live.ctx, "forvaltare", "programme-admin")
    account(live.ctx, "styrgrupp", "reader", programme="rebus")
    account(live.ctx, "admin", "system-admin")
    page.goto(f"{live.url}/login")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till innehållet"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # a visible focus
    accessible(page, "login", live)
    # Sign in with the keyboard alone.
    page.get_by_label("Användarnamn").focus()
    page.keyboard.type("anna")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    sync_api.expect(page).to_have_url(f"{live.url}/inbox")

    page.goto(f"{live.url}/cases")
    accessible(page, "coordinator-cases", live)
    page.goto(f"{live.url}/enrol/rebus")
    page.get_by_label("Deltagarens nyckel (pseudonym)").fill("P-3")
    page.get_by_label("Kön").select_option("man")
    page.get_by_label("Födelseår").fill("2009")
    page.get_by_label("Folkbokförd i kommun").select_option("annan")
    page.get_by_role("button", name="Pröva villkoren").click()
    sync_api.expect(page.locator("#eligibility")).to_contain_text("uppfyller inte")
    accessible(page, "coordinator-enrol", live)
    page.goto(f"{live.url}/cases/{cases['anna']}")
    page.locator("#exit").get_by_label("Hur slutade det?").select_option("avbrott")
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#exit").get_by_role("button", name="Avsluta").click()
    sync_api.expect(page.locator("#undo-exit")).to_be_visible()
    page.goto(f"{live.url}/language/en?next=/inbox")
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text("To do")
    accessible(page, "coordinator-inbox-english", live)
    page.goto(f"{live.url}/language/sv?next=/inbox")
    page.get_by_role("button", name="Logga ut").click()

    sign_in(page, live, "forvaltare")
    accessible(page, "admin-definitions", live)
    page.get_by_role("link", name="Projekt REBUS").click()
    sync_api.expect(page.locator(".diagram-drawing svg")).to_be_visible()  # Mermaid drew it
    page.get_by_role("button", name="Provkör").click()
    sync_api.expect(page.locator("table.dry-run")).to_contain_text("Registrering i SUS")
    accessible(page, "admin-definition", live)
    page.get_by_role("link", name="Flytta pågående ärenden till den här versionen").click()
    accessible(page, "admin-migration", live)
    page.get_by_role("button", name="Logga ut").click()

    sign_in(page, live, "styrgrupp")
    sync_api.expect(page.get_by_role("heading", level=1)).to_contain_text("Projekt REBUS")
    sync_api.expect(page.locator("main")).to_contain_text("Styrgruppsmöte")
    sync_api.expect(page.locator("main")).not_to_contain_text("P-1")
    accessible(page, "board", live)
    page.get_by_role("button", name="Logga ut").click()

    sign_in(page, live, "admin")
    sync_api.expect(page.locator("main")).to_contain_text("Ärendesidan")
    accessible(page, "system-access-log", live)
    page.get_by_role("link", name="Konton").click()
    accessible(page, "system-users", live)


def test_a_coordinator_records_a_decision_an_assessment_and_a_type_case(
        page: Page, live: Live) -> None:
    from engine.service.cases.operations import request_extension
    from engine.store.tables import AssessmentRow, ExtensionRequestRow

    live.clock.set_day(ENROLLED_ON)
    account(live.ctx, "anna", display_name="Anna Åkesson")
    vasteras = enrol_person(live.ctx, "vasteras", "V-1", ENROLLED_ON).case_id
    orebro = enrol_person(live.ctx, "orebro", "O-1", ENROLLED_ON).case_id
    live.clock.set_day(FOLLOW_UP_DAY)
    asked = request_extension(live.ctx, vasteras, "2 months", "Praktiken behöver mer tid",
                              "anna")
    sign_in(page, live, "anna")

    page.goto(f"{live.url}/cases/{vasteras}#extension")
    decide = page.locator("#extension form.decide")
    sync_api.expect(decide).to_contain_text("Beslut om 2 månader (Verksamhetsledare beslutar)")
    decide.get_by_label("Beviljas").check()
    decide.get_by_label("Anteckning om beslutet (valfritt)").fill("Beslutat på teammötet.")
    accessible(page, "coordinator-case-extension", live)
    decide.get_by_role("button", name="Registrera beslutet").click()
    sync_api.expect(page.get_by_role("status").first).to_contain_text(
        "Förlängningen med 2 månader är beviljad.")

    page.goto(f"{live.url}/cases/{orebro}#records")
    records = page.locator("#records")
    records.get_by_label("Aktivitetsförmåga", exact=True).select_option("2")
    records.get_by_label("Behovsnivå (valfritt)").select_option("niva_2")
    records.get_by_role("button", name="Spara bedömningen").click()
    sync_api.expect(page.get_by_role("status").first).to_contain_text(
        "Bedömningen är sparad: aktivitetsförmåga 2.")
    # The assessment with a need level is what the first two tasks ask for: both are done.
    sync_api.expect(page.locator("#timeline")).to_contain_text(
        "Klar Uppgift Kartläggning av medborgarens aktivitetsförmåga (utgångsvärde)")
    # A wrong identity number: refused in Swedish, the consent date kept, the number gone.
    records = page.locator("#records")
    records.get_by_label("Personnummer eller samordningsnummer").fill("19850101-0015")
    records.get_by_label("Deltagaren samtyckte").fill("2024-03-01")
    records.get_by_role("button", name="Spara personnumret").click()
    refused = page.locator("#error-identity")
    sync_api.expect(refused).to_contain_text("Personnumret är inte giltigt")
    sync_api.expect(page.get_by_label("Deltagaren samtyckte")).to_have_value("2024-03-01")
    sync_api.expect(page.get_by_label("Personnummer eller samordningsnummer")).to_have_value("")
    refused.scroll_into_view_if_needed()
    accessible(page, "coordinator-case-records", live)
    with live.ctx.transaction() as session:
        assert session.get(ExtensionRequestRow, asked).status == "approved"  # type: ignore[union-attr]
        assert [a.activity_capacity for a in session.exec(select(AssessmentRow))] == [2]


def test_the_steering_group_opens_the_report_archive_and_downloads_a_report(
        page: Page, live: Live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from web_helpers import PDF, archived

    monkeypatch.setenv("STEGVIS_ARCHIVE", str(tmp_path / "arkiv"))
    live.clock.set_day(date(2023, 1, 20))
    account(live.ctx, "styrgrupp", "reader", programme="rebus")
    archived(live.ctx, "rebus", "Årsrapport 6")
    archived(live.ctx, "rebus", "Årsrapport 6", version=2)
    archived(live.ctx, "rebus", "Utkast till årsrapport 6", kind="draft")
    sign_in(page, live, "styrgrupp")
    page.get_by_role("link", name="Alla rapporter i arkivet, att öppna och ladda ner").click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_contain_text("Rapportarkiv")
    table = page.locator("table.archive")
    sync_api.expect(table.locator("tbody tr")).to_have_count(3)
    sync_api.expect(table).to_contain_text("1 januari 2022 – 31 december 2022")
    accessible(page, "board-reports", live)
    with page.expect_download() as download:
        table.locator("tbody tr").nth(1).get_by_role("link", name="PDF").click()
    saved = tmp_path / "hämtad.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == PDF


def test_the_programme_administrator_records_a_budget_deviations_analysis(
        page: Page, live: Live) -> None:
    """The digest to Västerås's responsible manager says the analysis is recorded under
    Styrning: there the form asks for the causes and whether a plan is needed, and the
    action plan it calls for comes next."""
    from decimal import Decimal

    from engine.service.programme.budget import PeriodAmounts, record_amounts

    live.clock.set_day(date(2019, 7, 5))
    record_amounts(live.ctx, "vasteras", [PeriodAmounts(
        "2019-Q2", budget=Decimal(1_000_000), outcome=Decimal(1_150_000))], "eva")
    live.clock.set_day(date(2019, 7, 15))
    account(live.ctx, "dietmar", "programme-admin", programme="vasteras",
            display_name="Dietmar Schneider")
    sign_in(page, live, "dietmar")
    page.get_by_role("link", name="Styrning").click()
    tasks = page.locator("section[aria-labelledby=h-tasks]")
    sync_api.expect(tasks).to_contain_text("Analys av orsaker till budgetavvikelsen 2019-Q2")
    accessible(page, "board-tasks", live)
    tasks.get_by_label("Orsaker till avvikelsen").fill("Fler deltagare än planerat")
    tasks.get_by_label("Ja").check()
    tasks.get_by_role("button", name="Registrera analysen").click()
    sync_api.expect(page.get_by_role("status").first).to_contain_text("Registrerat: Analys")
    sync_api.expect(tasks).to_contain_text("Handlingsplan för budgetavvikelsen 2019-Q2")
    accessible(page, "board-tasks-plan", live)
    tasks.get_by_label("Handlingsplanen, eller var den finns").fill("Intagsstopp i augusti")
    tasks.get_by_role("button", name="Registrera handlingsplanen").click()
    sync_api.expect(tasks).to_contain_text("Inget är öppet just nu.")
