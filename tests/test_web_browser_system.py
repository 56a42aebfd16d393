# ruff: noqa: F811  (the browser fixtures are imported from test_web_browser by name)
"""The system administrator in a real browser: adds a coordinator, who then signs in
with the one-time password shown and chooses her own; the access log read by person
and page with names people know.  Every page passes axe and is photographed
(docs/screenshots/system-*.png when STEGVIS_SCREENSHOTS is set)."""

from __future__ import annotations

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
from web_helpers import ENROLLED_ON, account

from engine.service.people.access_log import record_access
from engine.service.people.sign_in_links import create_link

Page = sync_api.Page
OWN = "Cecilias eget lösenord"


def test_a_system_administrator_adds_a_coordinator_who_then_signs_in(
        page: Page, live: Live) -> None:
    account(live.ctx, "admin", "system-admin", display_name="Sara Systemsson")
    account(live.ctx, "anna", display_name="Anna Åkesson")
    case = enrol_person(live.ctx, "rebus", "P-1", ENROLLED_ON).case_id
    _, _, link = create_link(live.ctx, case, "anna")
    record_access(live.ctx, "anna", "coordinator", "ärendesida", [case], "rebus")
    record_access(live.ctx, f"link:{link.id}", "citizen", "egen plan", [case])
    for _ in range(55):
        record_access(live.ctx, "anna", "coordinator", "inkorg", [case])

    sign_in(page, live, "admin")
    main = page.locator("main")
    sync_api.expect(main).to_contain_text("Anna Åkesson")
    page.get_by_label("Person").select_option(label="Anna Åkesson")
    page.get_by_label("Sida").select_option(label="Ärendesidan")
    page.get_by_role("button", name="Visa").click()
    sync_api.expect(page.locator("tbody tr")).to_have_count(1)
    sync_api.expect(main).to_contain_text("Projekt REBUS")
    page.get_by_label("Person").select_option(label="Alla")
    page.get_by_label("Sida").select_option(label="Alla")
    page.get_by_role("button", name="Visa").click()
    sync_api.expect(page.locator("tbody tr")).to_have_count(50)
    page.get_by_role("link", name="Äldre").click()
    sync_api.expect(page.locator("tbody tr")).to_have_count(7)
    sync_api.expect(main).to_contain_text("deltagarlänk")
    sync_api.expect(main).not_to_contain_text("link:")
    accessible(page, "system-access-log", live)

    # A coordinator added on Konton: a refusal first, with what was typed kept.
    page.get_by_role("link", name="Konton").click()
    page.get_by_label("Användarnamn").fill("cecilia ek")
    page.get_by_label("Namn som visas").fill("Cecilia Ek")
    page.get_by_label("Roll").select_option(label="Samordnare")
    page.get_by_label("E-post").fill("cecilia@hagfors.example")
    page.get_by_role("button", name="Lägg upp kontot").click()
    sync_api.expect(page.locator("#add-problem")).to_contain_text("inga mellanslag")
    sync_api.expect(page.get_by_label("Namn som visas")).to_have_value("Cecilia Ek")
    accessible(page, "system-users", live)
    page.get_by_label("Användarnamn").fill("cecilia")
    page.get_by_role("button", name="Lägg upp kontot").click()
    sync_api.expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kontot Cecilia Ek är upplagt")
    password = page.locator("#one-time-password").inner_text()
    assert len(password) == 19
    accessible(page, "system-password", live)
    page.get_by_role("link", name="Tillbaka till kontona").click()
    page.get_by_role("link", name="Cecilia Ek").click()
    sync_api.expect(main).to_contain_text("Väntar på eget lösenord")
    accessible(page, "system-user", live)
    page.get_by_role("button", name="Logga ut").click()

    # Cecilia signs in with it and chooses her own before anything else opens.
    sign_in(page, live, "cecilia", password)
    sync_api.expect(page).to_have_url(f"{live.url}/password")
    page.get_by_label("Nytt lösenord").fill(OWN)
    page.get_by_label("Samma lösenord igen").fill(OWN)
    accessible(page, "password-one-time", live)
    page.get_by_role("button", name="Spara lösenordet").click()
    sync_api.expect(page).to_have_url(f"{live.url}/inbox")
    sync_api.expect(main).to_contain_text("Ditt nya lösenord är sparat.")
    page.get_by_role("button", name="Logga ut").click()
    sign_in(page, live, "cecilia", password)  # the one-time password is spent
    sync_api.expect(page.locator("#login-error")).to_be_visible()
    sign_in(page, live, "cecilia", OWN)
    sync_api.expect(page).to_have_url(f"{live.url}/inbox")

    # The same pages in English.
    page.get_by_role("button", name="Logga ut").click()
    sign_in(page, live, "admin")
    page.goto(f"{live.url}/language/en?next=/system/users/cecilia")
    sync_api.expect(page.get_by_role("heading", name="Change role")).to_be_visible()
    sync_api.expect(main).not_to_contain_text("Byt roll")
    page.goto(f"{live.url}/system/access-log?user=link%3A")
    sync_api.expect(main).to_contain_text("participant link")
    accessible(page, "system-access-log-english", live)


def test_the_dry_run_walks_an_extension_and_an_exit_with_its_sub_outcome(
        page: Page, live: Live) -> None:
    account(live.ctx, "forvaltare", "programme-admin")
    sign_in(page, live, "forvaltare")
    page.goto(f"{live.url}/admin/definitions/vasteras/dry-run")
    page.get_by_label("Inskriven").fill("2024-01-31")
    page.get_by_label("Förlängning i månader").fill("3")
    # First a move to a phase one completes from (issue 25: no completion from the first).
    page.get_by_label("Fas 1", exact=True).select_option(label="Aktiviteter mot stegförflyttning")
    page.get_by_label("från").first.fill("2024-03-01")
    page.locator("#outcome").select_option(
        label="Fortsatt arbetslivsinriktad rehabilitering efter avslut")
    page.get_by_label("Delresultat").select_option(label="Återgår till remitterande myndighet")
    page.get_by_role("button", name="Provkör").click()
    path = page.locator("ol.path")
    sync_api.expect(path).to_contain_text("Förlängning med 3 månader, beslutas av "
                                          "Verksamhetsledare")
    sync_api.expect(path).to_contain_text("(Återgår till remitterande myndighet)")
    # No date in the path breaks across lines: each is one line high at a phone's width.
    page.set_viewport_size({"width": 360, "height": 800})
    heights = page.evaluate("""() => {
        const range = document.createRange(); const out = [];
        for (const li of document.querySelectorAll('ol.path li')) {
            const text = li.firstChild; const match = /\\d+\\u00a0\\S+\\u00a0\\d{4}/.exec(
                li.textContent);
            if (!match || text.nodeType !== 3) continue;
            const at = text.textContent.indexOf(match[0]);
            if (at < 0) continue;
            range.setStart(text, at); range.setEnd(text, at + match[0].length);
            out.push(range.getClientRects().length);
        }
        return out; }""")
    assert heights and all(h == 1 for h in heights), heights
    page.set_viewport_size({"width": 1280, "height": 900})
    accessible(page, "admin-dry-run", live)
