"""A programme administrator changes a programme with no command line, in a real browser.

Signs in, opens REBUS, changes the follow-up interval from 2 to 3 months in the editor,
sees the error of a typo at its line while typing, sees the diagram and the dry run
change, publishes with a reason, previews the migration, applies it; the coordinator's
case page then shows the new dates.  A second worker process on the same database,
started before any of it and never told, enrols the next participant under the new
version.  Every page passes axe and is photographed (``STEGVIS_SCREENSHOTS``).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from case_helpers import enrol_person
from test_web_browser import (  # noqa: F401 - the browser fixtures of that module
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

from engine.definitions.loading import check_source
from engine.http.web.i18n import day_text
from engine.rules.simulation import simulate
from engine.service.cases.version_migration import plan_migration

Page = Any
ROOT = Path(__file__).resolve().parent.parent
ENROLLED_ON = date(2024, 1, 10)
TODAY = date(2024, 2, 5)
FIRST_FOLLOW_UP = "Uppföljning (stegförflyttning mot uppsatta mål) 1"

#: A worker of the same installation, started before anything is published: it reads
#: REBUS once, waits, and on "go" enrols a participant, printing the version and the
#: first follow-up's due date that enrolment stored.
WORKER = textwrap.dedent("""
    import sys
    from datetime import UTC, date, datetime
    sys.path.insert(0, sys.argv[2])
    from case_helpers import enrol_person
    from engine.clock import fixed_clock
    from engine.service.shared.context import Context
    from engine.service.shared.published import running_spec
    from engine.store.database import open_database
    from engine.store.tables import ObligationRow
    from sqlmodel import Session, select

    ctx = Context(open_database(sys.argv[1]), fixed_clock(datetime(2024, 2, 5, 9, tzinfo=UTC)))
    print("ready", running_spec(ctx, "rebus").version, flush=True)
    sys.stdin.readline()
    case = enrol_person(ctx, "rebus", "P-9", date(2024, 2, 5)).case_id
    with Session(ctx.engine) as session:
        due = session.exec(select(ObligationRow.due_on).where(
            ObligationRow.case_id == case, ObligationRow.key == "follow_up:1")).one()
    print("enrolled", running_spec(ctx, "rebus").version, due.isoformat(), flush=True)
""")


def editor_select(page: Page, text: str, *, after: str = "") -> int:
    """Select ``text`` in the editor (the first after ``after``), as a person does by
    dragging over it; returns its line number."""
    return int(page.evaluate("""([text, after]) => {
        const view = window.stegvisEditor;
        const doc = view.state.doc.toString();
        const from = doc.indexOf(text, after ? doc.indexOf(after) : 0);
        if (from < 0) throw new Error("not in the editor: " + text);
        view.focus();
        view.dispatch({ selection: { anchor: from, head: from + text.length },
                        scrollIntoView: true });
        return view.state.doc.lineAt(from).number;
    }""", [text, after]))


def test_an_administrator_changes_publishes_and_migrates_rebus_without_a_command_line(
        page: Page, live: Live) -> None:  # noqa: F811 - the imported fixture
    ctx = live.ctx
    live.clock.set_day(ENROLLED_ON)
    account(ctx, "anna", display_name="Anna Åkesson")
    account(ctx, "forvaltare", "programme-admin", display_name="Fia Förvaltare")
    case = enrol_person(ctx, "rebus", "P-1", ENROLLED_ON, municipality="Hagfors").case_id
    live.clock.set_day(TODAY)
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(ctx.engine.url), str(ROOT / "tests")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=ROOT)
    try:
        assert worker.stdout is not None and worker.stdin is not None
        assert worker.stdout.readline().split() == ["ready", "1"]

        sign_in(page, live, "forvaltare")
        page.get_by_role("link", name="Projekt REBUS").click()
        page.get_by_role("link", name="Redigera", exact=True).click()
        sync_api.expect(page.locator(".cm-editor")).to_be_visible()

        # A typo in the key: the validator's error appears at its line as one types.
        line = editor_select(page, "interval", after="follow_ups:")
        page.keyboard.type("intervall")
        problems = page.locator("#draft-problems")
        sync_api.expect(problems).to_contain_text(f"Rad {line}, kolumn")
        sync_api.expect(problems).to_contain_text("intervall")
        # … in Swedish, from the problem's kind, not the command line's English.
        sync_api.expect(problems).to_contain_text("Okänd nyckel intervall")
        sync_api.expect(problems).not_to_contain_text("unknown key")
        sync_api.expect(page.locator(".cm-lintRange-error").first).to_be_visible()
        accessible(page, "admin-edit-error", live)

        # Corrected, and the interval and the version changed.
        editor_select(page, "intervall", after="follow_ups:")
        page.keyboard.type("interval")
        editor_select(page, "2 months", after="follow_ups:")
        page.keyboard.type("3 months")
        editor_select(page, "version: 1")
        page.keyboard.type("version: 2")
        sync_api.expect(page.locator("#draft-status")).to_contain_text("Inga fel", timeout=15000)

        # The diagram and the dry run beside the editor follow the draft.
        draft = page.evaluate("window.stegvisEditor.state.doc.toString()")
        spec, _ = check_source(draft, "rebus.yaml")
        assert spec is not None and spec.follow_ups is not None
        assert spec.follow_ups.interval.swedish() == "3 månader"
        first = next(o for o in simulate(spec, TODAY).obligations if o.key == "follow_up:1")
        sync_api.expect(page.locator("#draft-dry-run")).to_contain_text(
            day_text(first.due_on, "sv"))
        sync_api.expect(page.locator("#draft-diagram-drawing svg")).to_contain_text(
            "var 3:e månad")
        accessible(page, "admin-edit", live)

        # Publishing shows the difference and asks why.
        page.get_by_role("button", name="Granska och publicera").click()
        sync_api.expect(page.locator("table.diff")).to_contain_text("interval: 3 months")
        accessible(page, "admin-publish", live)
        page.get_by_label("Varför publiceras den här versionen?").fill(
            "Styrgruppen beslutade om uppföljning var tredje månad.")
        page.get_by_role("button", name="Publicera").click()

        # The migration preview: the participant, the task by name, old and new date.
        plan = plan_migration(ctx, "rebus")
        [change] = plan.cases
        moved = dict((k, (old, new)) for k, old, new in change.move)
        old_on, new_on = moved["follow_up:1"]
        main = page.locator("main")
        sync_api.expect(main).to_contain_text("Version 2 av Projekt REBUS är publicerad")
        sync_api.expect(main).to_contain_text("Deltagare P-1")
        row = page.get_by_role("row", name=FIRST_FOLLOW_UP)
        sync_api.expect(row).to_contain_text(day_text(old_on, "sv"))
        sync_api.expect(row).to_contain_text(day_text(new_on, "sv"))
        assert "follow_up:" not in main.inner_text()
        accessible(page, "admin-migration", live)
        page.on("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Flytta 1 ärenden enligt förhandsvisningen").click()
        sync_api.expect(main).to_contain_text("1 ärenden flyttades till version 2.")

        # The history says who published what, when and why.
        page.goto(f"{live.url}/admin/definitions/rebus/versions")
        sync_api.expect(main).to_contain_text("Styrgruppen beslutade om uppföljning")
        sync_api.expect(main).to_contain_text("forvaltare")
        accessible(page, "admin-versions", live)
        page.get_by_role("button", name="Logga ut").click()

        # The coordinator's case page shows the new date.
        sign_in(page, live, "anna")
        page.goto(f"{live.url}/cases/{case}")
        sync_api.expect(page.locator("main")).to_contain_text(day_text(new_on, "sv"))

        # The worker started before all this runs the new version, untold.
        worker.stdin.write("go\n")
        worker.stdin.flush()
        answer = worker.stdout.readline().split()
        assert answer[:2] == ["enrolled", "2"], answer or worker.stderr.read()
        assert date.fromisoformat(answer[2]) == next(
            o.due_on for o in simulate(spec, TODAY).obligations if o.key == "follow_up:1")
    finally:
        worker.kill()
        worker.communicate(timeout=20)  # and closes its pipes


@pytest.mark.parametrize("programme", ["hofors"])
def test_a_wide_programme_diagram_is_drawn_at_a_legible_size(
        page: Page, live: Live, programme: str) -> None:  # noqa: F811 - the imported fixture
    account(live.ctx, "forvaltare", "programme-admin")
    sign_in(page, live, "forvaltare")
    page.goto(f"{live.url}/admin/definitions/{programme}")
    drawing = page.locator(".diagram-drawing svg")
    sync_api.expect(drawing).to_be_visible()
    # Text in the diagram is at least 14 px high at 1280 px: it scrolls instead of shrinking.
    heights = page.evaluate("""() => Array.from(
        document.querySelectorAll('.diagram-drawing svg text, .diagram-drawing svg span, '
                                  + '.diagram-drawing svg p')
    ).map(t => t.getBoundingClientRect().height).filter(h => h > 0)""")
    assert heights and min(heights) >= 14, heights
    accessible(page, "admin-definition", live)
