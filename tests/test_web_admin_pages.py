"""The programme administrator's pages through the application (TestClient): the dry
run along a path, the definition described in Swedish, the version history."""

from __future__ import annotations

import html
import re

from conftest import MovableClock
from web_helpers import Browser, account, web_app

from engine.service.programme import publishing
from engine.service.shared.context import Context


def _plain(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _admin(ctx: Context) -> Browser:
    account(ctx, "fia", "programme-admin")
    browser = Browser(web_app(ctx))
    browser.sign_in("fia")
    return browser


def test_the_dry_run_walks_a_path_of_moves_and_an_exit(ctx: Context,
                                                       clock: MovableClock) -> None:
    admin = _admin(ctx)
    page = admin.get("/admin/definitions/rebus/dry-run?start=2024-01-31"
                     "&phase=aktivitet&on=2024-03-01&phase=avslut&on=2024-09-02"
                     "&exit_on=2024-09-30&outcome=arbete")
    assert page.status_code == 200
    text = _plain(page.text)
    assert "Till Aktivitet 1 mars 2024" in text and "Avslut 30 september 2024: Arbete" in text
    assert "Stegförflyttning mätt mot delmål vid avslut" in text  # an exit task
    assert "Projekt REBUS, projektbeskrivning" in text     # sources by title
    assert "participant.tasks" not in page.text and "001_ca7d5b990462bc8a" not in page.text
    assert '<td class="date"><time datetime="2024-09-30">' in page.text  # kept on one line
    refused = admin.get("/admin/definitions/rebus/dry-run?start=2024-01-31"
                        "&phase=avslut&on=2024-03-01")
    assert refused.status_code == 422 and "avslut" in refused.text


def test_the_dry_run_walks_an_extension_and_an_exit_with_its_sub_outcome(
        ctx: Context, clock: MovableClock) -> None:
    admin = _admin(ctx)
    # A move to a phase one completes from first: the case engine allows no completion
    # from the first phase, and neither does the dry run (issue 25).
    page = admin.get("/admin/definitions/vasteras/dry-run?start=2024-01-31&extension=3"
                     "&phase=aktiviteter&on=2024-03-01"
                     "&outcome=fortsatt_rehabilitering&sub_outcome=aterremitterad")
    assert page.status_code == 200
    text = _plain(page.text)
    # The extension with the role that decides one of its length (the tier up to 3
    # months), and the exit on the last day after it, with outcome and sub-outcome.
    assert "Förlängning med 3 månader, beslutas av Verksamhetsledare; sista dag 29 april " \
           "2025" in text
    assert "Avslut 29 april 2025: Fortsatt arbetslivsinriktad rehabilitering efter avslut " \
           "(Återgår till remitterande myndighet)" in text
    assert "Antagande: avslut den sista dagen inom den längsta tiden, 29 april 2025." in text
    # Dates in the path never break across lines (no-break spaces).
    assert "29\u00a0april\u00a02025" in html.unescape(page.text)
    longer = _plain(admin.get("/admin/definitions/vasteras/dry-run?start=2024-01-31"
                              "&extension=12").text)
    assert "Förlängning med 12 månader, beslutas av Styrgrupp" in longer
    # No raw ids, English assumptions or seed file names on the page.
    for raw in ("fortsatt_rehabilitering", "aterremitterad", "assumed", "guards", "--move",
                ".yaml", "003_"):
        assert raw not in text, raw


def test_a_path_the_definition_does_not_allow_is_refused_in_swedish_with_names(
        ctx: Context, clock: MovableClock) -> None:
    admin = _admin(ctx)
    refusals = {
        "phase=avslut&on=2024-03-01":
            # The case engine's own refusal (engine.rules.case_rules): one code path.
            "Från fasen Kartläggning går det inte att byta till Avslut.",
        "phase=aktivitet&on=2024-03-01&exit_on=2024-02-01":
            "Avslutet 1 februari 2024 är före bytet till Aktivitet 1 mars 2024.",
        "exit_on=2024-01-01": "Avslutet 1 januari 2024 är före inskrivningen 31 januari 2024.",
        "outcome=avbrott&sub_outcome=flyttat": "har inga delresultat.",
        "extension=abc": "Ange förlängningen i hela månader (1–60).",
        "extension=3": "Programmet har ingen längsta tid som kan förlängas.",
    }
    for query, message in refusals.items():
        page = admin.get(f"/admin/definitions/rebus/dry-run?start=2024-01-31&{query}")
        assert page.status_code == 422, query
        assert message in _plain(page.text), (query, _plain(page.text)[-400:])
        assert "Det gick inte att spara" not in page.text
    admin.get("/language/en?next=/")
    english = _plain(admin.get("/admin/definitions/rebus/dry-run?start=2024-01-31"
                               "&phase=avslut&on=2024-03-01").text)
    assert "The case cannot move from the phase Kartläggning to Avslut." in english


def test_the_definition_page_reads_as_swedish(ctx: Context, clock: MovableClock) -> None:
    admin = _admin(ctx)
    rebus = _plain(admin.get("/admin/definitions/rebus").text)
    assert "varannan månad, andra tisdagen" in rebus and "FREQ=" not in rebus
    assert "samma dag som avslutet" in rebus and not re.search(r"\b0 dagar", rebus)
    assert "riktvärden som kan överskridas" in rebus and "soft" not in rebus
    start = _plain(admin.get("/admin/definitions/start").text)
    assert "0,7 mnkr" in start and "0.7 mkr" not in start
    vasteras = _plain(admin.get("/admin/definitions/vasteras").text)
    assert "varje halvår" in vasteras and "half_year" not in vasteras


def test_the_history_compares_two_versions_and_publishes_an_earlier_one_again(
        ctx: Context, clock: MovableClock) -> None:
    admin = _admin(ctx)
    admin.get("/admin/definitions/rebus")
    source = publishing.draft_of(ctx, "rebus").text
    publishing.publish(ctx, "rebus", source.replace("version: 1\n", "version: 2\n", 1)
                       .replace("interval: 2 months ", "interval: 3 months ", 1), "fia",
                       "var tredje månad")
    page = admin.get("/admin/definitions/rebus/versions?a=1&b=2")
    text = _plain(page.text)
    assert "var tredje månad" in text and "körs nu" in text
    assert "− interval: 2 months" in text and "+ interval: 3 months" in text
    admin.post("/admin/definitions/rebus/versions/1/republish",
               {"reason": "tillbaka till varannan månad"})
    history = _plain(admin.get("/admin/definitions/rebus/versions").text)
    assert "tillbaka till varannan månad" in history and "samma text som publicering 1" in history
