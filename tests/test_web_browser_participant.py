# ruff: noqa: F811  (the browser fixtures are imported from test_web_browser by name)
"""A coordinator's large caseload, a booked meeting and a sign-in code, and what the
participant then sees on a phone: in a real browser, every page checked with axe and
photographed (``STEGVIS_SCREENSHOTS=docs/screenshots`` keeps the photographs)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from case_helpers import enrol_person
from test_web_browser import (  # noqa: F401  (fixtures)
    Live,
    accessible,
    browser,
    browser_context_args,
    browser_type,
    launch_browser,
    live,
    no_console_errors,
    playwright,
    sign_in,
    sync_api,
)
from web_helpers import account

from engine.service.cases.operations import complete
from engine.service.cases.records import add_goal

Page = Any
TODAY = date(2024, 3, 8)  # a Friday


def test_a_caseload_of_sixty_a_booked_meeting_and_the_plan_on_a_phone(
        page: Page, live: Live, browser: Any) -> None:
    account(live.ctx, "anna", display_name="Anna Åkesson", phone="0563-123 45",
            email="anna@hagfors.example")
    live.clock.set_day(date(2024, 2, 20))
    first = enrol_person(live.ctx, "rebus", "R-00", date(2024, 1, 10)).case_id
    for i in range(1, 55):
        enrol_person(live.ctx, "rebus", f"R-{i:02d}", date(2024, 1, 10) + timedelta(days=i % 40))
    for i in range(5):
        enrol_person(live.ctx, "vasteras", f"V-{i:02d}", date(2024, 1, 10))
    goal = add_goal(live.ctx, first, "Arbeta deltid inom handeln", "anna")
    add_goal(live.ctx, first, "Praktik två dagar i veckan", "anna", parent_id=goal)
    complete(live.ctx, first, "task:handlingsplan", "anna")
    live.clock.set_day(TODAY)
    sign_in(page, live, "anna")

    # The inbox: grouped, counted, a filter; and the caseload: searched, sorted, paged.
    sync_api.expect(page.locator("#h-overdue")).to_contain_text("Försenat")
    accessible(page, "coordinator-inbox", live)
    page.get_by_role("link", name="Mina ärenden").click()
    sync_api.expect(page.get_by_role("status").first).to_contain_text("60 ärenden · sida 1 av 2")
    accessible(page, "coordinator-cases", live)
    page.get_by_label("Deltagarens nyckel").fill("R-00")
    page.get_by_role("button", name="Visa").click()
    sync_api.expect(page.locator("tbody tr")).to_have_count(1)
    page.get_by_role("link", name="R-00").click()

    # A phase move asks first and can be undone.
    page.once("dialog", lambda dialog: (dialog.message.startswith(
        "Byta fas från Kartläggning till Aktivitet?") and dialog.accept()) or dialog.dismiss())
    page.get_by_role("button", name="Till Aktivitet").click()
    sync_api.expect(page.get_by_role("status").first).to_contain_text(
        "Ärendet har bytt fas till Aktivitet.")
    sync_api.expect(page.locator("#undo")).to_contain_text("Blev det fel?")
    accessible(page, "coordinator-case-undo", live)
    page.locator("#undo").get_by_role("button", name="Ångra").click()
    sync_api.expect(page.get_by_role("status").first).to_contain_text(
        "Ångrat: Ärendet har bytt fas till Aktivitet.")

    # The next meeting booked; a sign-in code made.
    book = page.locator("#book")
    book.get_by_label("Dag").fill("2024-03-12")
    book.get_by_label("Klockan").fill("10:30")
    book.get_by_label("Plats").fill("Arbetsmarknadsenheten, Storgatan 3, Hagfors")
    book.get_by_role("button", name="Boka").click()
    sync_api.expect(page.get_by_role("status").first).to_contain_text("är bokat 12 mars 2024")
    page.get_by_role("button", name="Skapa en ny länk").click()
    code = page.locator("#link-code").inner_text()
    sync_api.expect(page.locator("#letter")).to_contain_text("Så ser du din plan")
    page.locator("#new-link").scroll_into_view_if_needed()
    accessible(page, "coordinator-case-link", live)

    # The participant types the code on a phone and reads the plan.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, locale="sv-SE")
    citizen = phone.new_page()
    citizen.goto(f"{live.url}/in")
    accessible(citizen, "citizen-code", live)
    citizen.get_by_label("Koden").fill(code.lower())
    citizen.get_by_role("button", name="Öppna min plan").click()
    sync_api.expect(citizen).to_have_url(f"{live.url}/my-plan")
    main = citizen.locator("main")
    sync_api.expect(main).to_contain_text("Det här händer härnäst")
    sync_api.expect(main).to_contain_text("tisdag 12 mars 2024 kl. 10.30")
    sync_api.expect(main).to_contain_text("Arbetsmarknadsenheten, Storgatan 3, Hagfors")
    sync_api.expect(main).to_contain_text("personal från insatsen, din handläggare")
    sync_api.expect(main).to_contain_text("Kontakta din samordnare Anna Åkesson.")
    for jargon in ("stegförflyttning", "Projektmedarbetare", "Anvisande part"):
        assert jargon not in main.inner_text(), jargon
    accessible(citizen, "citizen-plan", live)
    phone.close()
