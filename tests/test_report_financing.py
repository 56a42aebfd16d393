"""Each party's share of the financing (issue 22, "what a board member misses"): where
the definition states it (Västerås: the förbund's members by lag 2003:1210, 5 §), the
report's money section shows each party's share of the period's budget and outcome in
kronor, in Swedish and English and in every format; a programme whose definition
states no shares shows none."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from test_cli_cases import REBUS, VASTERAS, make_stegvis, ok

from engine.clock import STOCKHOLM, fixed_clock
from engine.definitions.description import description_text
from engine.definitions.loading import load_programme
from engine.paths import definitions_dir
from engine.reports.formats import render
from engine.service.programme.report_data import programme_report
from engine.service.shared.context import Context
from engine.store.database import open_database


def test_each_partys_share_of_the_budget_and_outcome_in_every_format(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'stegvis.db'}"
    stegvis = make_stegvis(url, tmp_path)
    ok(stegvis("enrol", "vasteras", "V-1", *VASTERAS, "--coordinator", "anna",
               today="2024-02-01"))
    ok(stegvis("enrol", "rebus", "R-1", *REBUS, "--coordinator", "anna", today="2024-02-01"))
    ok(stegvis("budget", "set", "vasteras", "--period", "2024-Q1", "--budget", "1 250 000",
               today="2024-02-01"))
    ok(stegvis("budget", "set", "vasteras", "--period", "2024-Q2", "--budget", "1 250 000",
               today="2024-02-01"))
    ok(stegvis("budget", "outcome", "vasteras", "--period", "2024-Q1",
               "--amount", "1 198 432,50", today="2024-04-10"))
    ok(stegvis("report", "vasteras", "--period", "2024-H1", "--format", "json", "--output",
               str(tmp_path), today="2024-07-10"))
    (written,) = tmp_path.glob("*.json")
    tables = {t["key"]: t for t in json.loads(written.read_text(encoding="utf-8"))["tables"]}
    shares = {r["key"]: (r["label"], [c["value"] for c in r["cells"]])
              for r in tables["financing"]["rows"]}
    # FK half, the region and the municipality a quarter each, of 2 500 000 kr budget
    # and 1 198 432,50 kr outcome; each rounded to the krona by itself, a number with
    # a no-break space before its percent sign as Babel writes Swedish.
    assert shares == {
        "party:fk": ("Försäkringskassan (50\u00a0%)", [1250000, 599216]),
        "party:region_vastmanland": ("Region Västmanland (25\u00a0%)", [625000, 299608]),
        "party:vasteras_stad": ("Västerås stad (25\u00a0%)", [625000, 299608]),
        "total": ("Totalt", [2500000, 1198432]),   # as in the budget table
    }
    assert tables["financing"]["title"] == "Finansiering per part (SEK)"
    assert tables["financing"]["section"] == tables["budget"]["section"]

    engine = open_database(url)
    try:
        ctx = Context(engine, fixed_clock(datetime(2024, 7, 10, 9, tzinfo=STOCKHOLM)),
                      definitions_dir())
        english = programme_report(ctx, "vasteras", "2024-H1", "en")
        table = english.table("financing")
        assert table is not None
        assert table.title == "Financing by party (SEK)"
        assert [r.label for r in table.rows][:1] == ["Försäkringskassan (50%)"]
        for fmt in ("pdf", "html", "json", "xlsx", "csv"):
            files = render(english, fmt)
            assert files and all(files.values()), fmt
        csv_files = render(programme_report(ctx, "vasteras", "2024-H1"), "csv")
        financing = next(v for k, v in csv_files.items() if k.endswith("-financing.csv"))
        text = financing.decode("utf-8-sig")
        assert "party:region_vastmanland,Region Västmanland (25\u00a0%),625000,299608" in text
        # REBUS's definition states no shares: no table is invented for it.
        assert programme_report(ctx, "rebus", "2024-H1").table("financing") is None
    finally:
        engine.dispose()


def test_the_definition_page_says_the_shares() -> None:
    """The description an administrator reads (`stegvis show`, the web's definition
    page) names each party and its share."""
    lines = description_text(load_programme("vasteras")).splitlines()
    assert ("    Finansiering: Försäkringskassan 50 %, Region Västmanland 25 % och "
            "Västerås stad 25 %") in lines
    assert not any("Finansiering" in line
                   for line in description_text(load_programme("rebus")).splitlines())
