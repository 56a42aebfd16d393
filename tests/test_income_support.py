"""Income support at enrolment and at exit (issue 22): recorded by the coordinator on the
command line and in the browser, refused in one line when not in the list, and counted
in the report that the next command makes from the same database."""

from __future__ import annotations

import html
import json
from datetime import date
from pathlib import Path

from conftest import MovableClock
from sqlmodel import select
from test_cli_cases import REBUS, make_stegvis, ok, refused
from web_helpers import Browser, account, web_app

from engine.service.shared.context import Context
from engine.store.tables import CaseRow


def test_the_command_line_records_income_support_and_the_report_counts_it(
        tmp_path: Path) -> None:
    stegvis = make_stegvis(f"sqlite:///{tmp_path / 'stegvis.db'}", tmp_path)
    ok(stegvis("enrol", "rebus", "P-1", *REBUS, "--coordinator", "anna",
               "--referring-party", "Hagfors kommun", "--income-at-start", "forsorjningsstod",
               today="2024-01-31"))
    ok(stegvis("enrol", "rebus", "P-2", *REBUS, "--coordinator", "anna",
               today="2024-01-31"))
    wrong = refused(stegvis("exit", "1", "avbrott", "--income-at-exit", "lon",
                            today="2024-03-01"))
    assert wrong.strip() == (
        "stegvis: income support at exit 'lon' is not a kind of income support; write one "
        "of forsorjningsstod, aktivitets_sjukersattning, sjukpenning, akassa_aktivitetsstod, "
        "studiemedel, egen_forsorjning, annan, ingen")
    out = ok(stegvis("exit", "1", "avbrott", "--income-at-exit", "egen_forsorjning",
                     today="2024-03-01"))
    assert "exited on 2024-03-01" in out
    ok(stegvis("report", "rebus", "--period", "2024", "--format", "json", "--output",
               str(tmp_path), today="2024-04-01", env={"STEGVIS_REPORT_THRESHOLD": "1"}))
    (written,) = tmp_path.glob("*.json")
    report = json.loads(written.read_text(encoding="utf-8"))
    tables = {t["key"]: t for t in report["tables"]}

    def totals(key: str) -> dict[str, int]:
        return {r["key"]: r["cells"][-1]["value"] for r in tables[key]["rows"]}

    assert totals("income_start") == {"forsorjningsstod": 1, "unknown": 1, "total": 2}
    assert totals("income_exit") == {"egen_forsorjning": 1, "total": 1}
    assert totals("income_change") == {"public_at_start": 1, "own_living_at_exit": 1,
                                       "other_at_start": 0, "total": 1}
    assert totals("referrers") == {"party:Hagfors kommun": 1, "unknown": 1, "total": 2}
    # Undoing the exit forgets the income support recorded with it.
    ok(stegvis("undo-exit", "1", "--reason", "fel ärende", today="2024-03-02"))
    listed = json.loads(ok(stegvis("case", "show", "1", "--json", today="2024-03-02")))
    assert listed["case"]["status"] == "active"


def test_the_browser_records_income_support_at_enrolment_and_at_exit(
        ctx: Context, clock: MovableClock) -> None:
    clock.set_day(date(2024, 3, 8))
    account(ctx, "anna", display_name="Anna Åkesson")
    anna = Browser(web_app(ctx))
    anna.sign_in("anna")
    form = anna.get("/enrol/rebus").text
    assert "Huvudsaklig försörjning vid inskrivning (valfritt)" in html.unescape(form)
    assert '<option value="sjukpenning"' in form
    done = anna.post("/enrol/rebus", {
        "participant_key": "P-9", "gender": "kvinna", "birth_year": "1985",
        "municipality": "Hagfors", "active_parties": ["hagfors", "af"], "income_support": "yes",
        "attested": ["utanfor_arbetsmarknaden", "behov_samordnad_rehabilitering"],
        "income_at_start": "sjukpenning", "step": "enrol"})
    assert done.status_code == 303
    page = html.unescape(anna.get(done.headers["location"]).text)
    assert "Försörjning vid inskrivning" in page and "Sjukpenning/rehabiliteringspenning" in page
    with ctx.transaction() as session:
        case = session.exec(select(CaseRow)).one()
    assert case.income_at_start == "sjukpenning"
    # A value not in the list: refused in Swedish, nothing stored.
    bad = anna.post(f"/cases/{case.id}/exit", {"outcome": "avbrott",
                                               "income_at_exit": "lotto"})
    assert "Försörjningen lotto finns inte i listan." in html.unescape(bad.text)
    with ctx.transaction() as session:
        assert session.get(CaseRow, case.id).status == "active"  # type: ignore[union-attr]
    anna.post(f"/cases/{case.id}/exit", {"outcome": "avbrott",
                                         "income_at_exit": "akassa_aktivitetsstod"})
    with ctx.transaction() as session:
        stored = session.get(CaseRow, case.id)
    assert stored is not None and stored.status == "exited"
    assert stored.income_at_exit == "akassa_aktivitetsstod"
