"""The report documents as their readers get them: the PDF a board prints (read back
with poppler's pdftotext), the spreadsheet an official opens (openpyxl), the CSV files,
the HTML page.  Reports are built by hand (tests/report_samples.py) with sections,
gender columns, suppressed cells and one target of each status.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pdf_pages import pdf_pages_to_png, pdf_text
from report_samples import P, c, sample_report

from engine.errors import InputError
from engine.reports import formats, formatting
from engine.reports.charts import charts_for, flows_chart
from engine.reports.model import Cell, Column, Report, Row, Table, Unit
from engine.reports.render_csv import render_csv, render_csv_files
from engine.reports.render_html import html_text, render_html
from engine.reports.render_pdf import render_pdf
from engine.reports.render_xlsx import render_xlsx, sheet_names
from engine.reports.wording import WORDING

ROOT = Path(__file__).resolve().parent.parent


def _flat(text: str) -> str:
    # pdftotext writes the no-break spaces of "1 234" and "80,0 %" as plain spaces;
    # layout columns become runs of spaces.
    return re.sub(r"[ \u00a0]+", " ", text)


def _lines(text: str) -> list[str]:
    return [_flat(line).strip() for line in text.splitlines()]


@pytest.fixture(scope="module")
def swedish() -> Report:
    return sample_report("sv")


@pytest.fixture(scope="module")
def swedish_pdf(swedish: Report) -> bytes:
    return render_pdf(swedish)


@pytest.fixture(scope="module")
def swedish_text(swedish_pdf: bytes) -> str:
    return pdf_text(swedish_pdf)


# -- numbers and dates ----------------------------------------------------------------

def test_numbers_shares_and_dates_read_as_in_swedish_and_british_english() -> None:
    from datetime import UTC, date, datetime

    assert formatting.number(1234, "sv") == "1\u00a0234"       # no-break space
    assert formatting.number(1234, "en") == "1,234"
    assert formatting.share(0.8, "sv") == "80,0\u00a0%"
    assert formatting.share(0.8, "en") == "80.0%"
    assert formatting.share(0.2571, "sv") == "25,7\u00a0%"
    assert formatting.day(date(2026, 12, 1), "sv") == "1 december 2026"
    assert formatting.day(date(2026, 12, 1), "en") == "1 December 2026"
    # 13:05 UTC on 1 December is 14:05 in Stockholm (winter time).
    assert formatting.moment(datetime(2026, 12, 1, 13, 5, tzinfo=UTC), "sv") == \
        "1 december 2026 14:05"


def test_a_hidden_cell_shows_its_mark_never_a_number() -> None:
    assert formatting.cell_text(Cell(None, "primary"), "persons", "sv", 5) == "<5"
    assert formatting.cell_text(Cell(None, "primary"), "persons", "sv", 3) == "<3"
    assert formatting.cell_text(Cell(None, "secondary"), "persons", "sv", 5) == "–"
    assert formatting.cell_text(Cell(None, "denominator"), "share", "sv", 5) == "–"
    assert formatting.cell_text(Cell(None, "none"), "share", "sv", 5) == ""
    assert formatting.cell_text(Cell(0), "persons", "sv", 5) == "0"
    assert formatting.cell_text(Cell(98.5), "days", "sv", 5) == "98,5"


# -- the PDF ---------------------------------------------------------------------------

def test_the_pdf_has_every_section_table_and_target(swedish: Report,
                                                    swedish_text: str) -> None:
    text = _flat(swedish_text)
    for section in swedish.sections:
        assert section.title in text
    for table in swedish.tables:
        assert table.title in text
    assert "Om rapporten" in text
    for target in swedish.targets:
        # A long target wraps inside its cell; its first words share a line.
        assert " ".join(target.label.split()[:3]) in text
        assert target.target_text in text
    # The title page: programme, owner, period in words, the day it was produced.
    assert swedish.programme_name in text
    assert swedish.owner in text
    assert "1 januari 2026 – 31 december 2026" in text
    assert "Framställd 1 december 2026 14:05" in text


def test_the_pdf_rows_read_with_swedish_numbers_and_marks(swedish_text: str) -> None:
    lines = _lines(swedish_text)
    # Kvinnor, Män, Annat/uppgift saknas, Totalt: one "<5" and two cells hidden so the
    # "<5" cannot be worked out from the total.
    assert "Aktiva vid periodens början 14 – <5 –" in lines
    assert "Inskrivna under perioden 41 38 <5 –" in lines
    assert "Uppföljningar 1 234 85 17 1 336" in lines          # thousands, Swedish
    assert "Alla (40 platser) 90,0 %" in lines
    assert "Arbete 30,6 % 31,0 % – –" in lines                  # shares, hidden denominators
    assert "Första kvartil 121 98,5 – 112" in lines             # days with a decimal comma
    assert any(line.endswith("56 70 80,0 % minst 80 % Uppfyllt") for line in lines)
    assert any(line.endswith("<5 <5 – minst 50 % För lite underlag") for line in lines)
    assert "None" not in swedish_text
    # The footnotes that explain the marks are printed.
    assert "<5: färre än 5 personer; antalet visas inte för att skydda enskilda." in \
        _flat(swedish_text)


def test_every_page_says_which_page_of_how_many(swedish_pdf: bytes,
                                                swedish_text: str) -> None:
    pages = swedish_text.rstrip("\f").split("\f")
    total = len(pages)
    assert total >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {total}" in _flat(page)


def test_the_pdf_embeds_fonts_that_have_swedish_letters(swedish_pdf: bytes,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(swedish_pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    rows = fonts.splitlines()[2:]
    assert any(re.search(r"Noto-?Sans", row) for row in rows), fonts
    # Every font embedded (column "emb" says yes), so åäö print on any machine.
    assert all(" yes " in row for row in rows), fonts
    assert "Uppföljningar och åtaganden" in pdf_text(swedish_pdf)


def test_an_english_report_reads_in_english() -> None:
    report = sample_report("en")
    text = pdf_text(render_pdf(report))
    flat, lines = _flat(text), _lines(text)
    assert "Page 1 of" in flat
    assert "Sida" not in flat
    assert "Targets and outcomes" in flat
    assert "Follow-ups 1,234 85 17 1,336" in lines
    assert any(line.endswith("56 70 80.0% at least 80 % Met") for line in lines)
    assert "Produced 1 December 2026 14:05" in flat
    assert '<html lang="en">' in html_text(report, charts=[])


def test_pdf_pages_become_pictures(swedish_pdf: bytes, tmp_path: Path) -> None:
    pages = pdf_pages_to_png(swedish_pdf, tmp_path, "rebus", dpi=40)
    assert [p.name for p in pages[:2]] == ["rebus-1.png", "rebus-2.png"]
    assert len(pages) == _page_count(swedish_pdf)
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pages)


def _page_count(pdf: bytes) -> int:
    return len(pdf_text(pdf).rstrip("\f").split("\f"))


# -- HTML ------------------------------------------------------------------------------

def test_the_html_page_stands_alone_in_the_report_language(swedish: Report) -> None:
    page = render_html(swedish).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="sv">' in page
    assert "<title>REBUS – Rehabilitering i samverkan – rapport 2026</title>" in page
    # Nothing fetched from elsewhere: charts are data URIs, styles inline.
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert page.count('src="data:image/svg+xml;base64,') == 3
    assert '"Sida " counter(page) " av " counter(pages)' in page


def test_a_footer_name_cannot_break_out_of_the_style_element(swedish: Report) -> None:
    report = replace(swedish, programme_name='Test "</style><script>x</script>')
    page = html_text(report, charts=[])
    assert "<script>" not in page
    assert '"Test \\"\\3C /style>\\3C script>x\\3C /script> · 2026"' in page


def test_a_table_of_an_unlisted_section_is_printed_under_further_tables(
        swedish: Report) -> None:
    stray = Table(key="extra", title="En extra tabell", columns=swedish.tables[0].columns,
                  rows=swedish.tables[0].rows, unit="persons", section="unlisted")
    page = html_text(replace(swedish, tables=(*swedish.tables, stray)), charts=[])
    assert page.index("Övriga tabeller") < page.index("En extra tabell")


def test_a_report_without_targets_has_no_targets_section(swedish: Report) -> None:
    report = replace(swedish, targets=(),
                     sections=tuple(s for s in swedish.sections if s.key != "targets"))
    page = html_text(report, charts=[])
    assert "Mål och utfall" not in page
    assert "Målvärde" not in page


# -- charts ----------------------------------------------------------------------------

def test_a_chart_whose_table_is_absent_is_left_out() -> None:
    keys = [chart.key for chart in charts_for(sample_report("sv", with_flows=False))]
    assert keys == ["exits", "targets"]
    assert [c.key for c in charts_for(sample_report("sv"))] == ["flows", "exits", "targets"]


def test_a_hidden_count_is_drawn_as_its_mark_and_the_chart_says_why() -> None:
    words = WORDING["sv"]
    svg = flows_chart(["jan", "feb"], [P, c(7)], [c(6), P], words, "sv", 5)
    # Text stays text (svg.fonttype none), the marks are there, in the named font.
    assert svg.count("&lt;5") == 2
    assert "Noto Sans" in svg
    chart = next(ch for ch in charts_for(sample_report("sv")) if ch.key == "flows")
    assert chart.note.startswith("Stapel saknas")


def test_charts_render_without_a_writable_home_or_matplotlib_config(tmp_path: Path) -> None:
    # HOME is a file, so ~/.config/matplotlib cannot be made even by root: matplotlib
    # alone would complain on stderr and rebuild its font cache in a new temporary
    # folder on every run.
    home = tmp_path / "home"
    home.write_text("")
    script = ("import sys; sys.path.insert(0, 'tests');"
              "from report_samples import sample_report;"
              "from engine.reports.charts import charts_for;"
              "print(len(charts_for(sample_report('sv'))))")
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-W", "error", "-c", script], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3"
    assert result.stderr == ""


def test_the_renderers_import_nothing_heavy_until_used() -> None:
    # `stegvis --help` must stay fast: WeasyPrint, matplotlib and openpyxl load when a
    # document is made, not when the modules are imported.
    script = ("import sys;"
              "import engine.reports.render_pdf, engine.reports.render_xlsx,"
              " engine.reports.render_csv, engine.reports.render_html, engine.reports.charts;"
              "print(sorted(m for m in ('weasyprint', 'matplotlib', 'openpyxl', 'jinja2')"
              " if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "[]"


# -- spreadsheet and CSV ---------------------------------------------------------------

def _expected(cell: Cell, unit: Unit | None = None) -> object:
    if cell.value is None:
        return formatting.suppression_mark(cell, 5, unit) or None
    return cell.value


def test_the_spreadsheet_holds_the_reports_numbers_as_numbers(swedish: Report) -> None:
    workbook = load_workbook(io.BytesIO(render_xlsx(swedish)))
    first, *sheets = workbook.worksheets
    assert len(sheets) == len(swedish.tables)
    overview = [v for row in first.iter_rows(values_only=True) for v in row if v is not None]
    assert swedish.programme_name in overview
    assert swedish.owner in overview
    for target in swedish.targets:
        assert target.label in overview
    assert "Ej uppfyllt" in overview
    for sheet, table in zip(sheets, swedish.tables, strict=True):
        assert table.title.startswith(sheet.title.split(" (")[0].rstrip("…"))
        by_label = {row[0].value: row for row in sheet.iter_rows()}
        for row in table.rows:
            cells = by_label[row.label][1:1 + len(table.columns)]
            assert [x.value for x in cells] == [_expected(v, table.unit) for v in row.cells]
            for x, v in zip(cells, row.cells, strict=True):
                if v.value is not None:
                    assert isinstance(x.value, int | float)
                    assert x.number_format == {"persons": "#,##0", "count": "#,##0",
                                               "share": "0.0%", "days": "#,##0.0"}[table.unit]


def test_sheet_names_fit_excels_rules() -> None:
    names = sheet_names(["Rapport", "Åtaganden med förfallodag under perioden",
                         "Åtaganden med förfallodag under perioden", "Andel [%]: a/b?"])
    assert names == ["Rapport", "Åtaganden med förfallodag…",
                     "Åtaganden med förfallodag… (2)", "Andel -%-- a-b-"]
    assert all(len(n) <= 31 for n in names)


def test_every_file_name_is_portable(swedish: Report) -> None:
    """A table key with ":" (the post-exit follow-ups) made CSV names Windows refuses
    (issue 22, finding 9)."""
    import dataclasses

    first = dataclasses.replace(swedish.tables[0], key="post_exit:efter_6_manader")
    report = dataclasses.replace(swedish, tables=(first, *swedish.tables[1:]))
    names = [*render_csv_files(report), *render_csv_files(
        dataclasses.replace(report, period=dataclasses.replace(report.period,
                                                               key="rapport:3")))]
    assert "rebus-2026-post_exit-efter_6_manader.csv" in names
    assert "rebus-rapport-3-targets.csv" in names
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+", n) for n in names), names


def test_one_csv_per_table_with_the_reports_values(swedish: Report) -> None:
    files = render_csv_files(swedish)
    # A table key such as "post_exit:efter_6_manader" is no file name on Windows.
    name = {t.key: f"rebus-2026-{t.key.replace(':', '-')}.csv" for t in swedish.tables}
    assert sorted(files) == sorted([*name.values(), "rebus-2026-targets.csv"])
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+", f) for f in files)
    for table in swedish.tables:
        data = files[name[table.key]]
        assert data.startswith("\ufeff".encode())      # Excel then reads å, ä, ö
        header, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert header == ["nyckel", "rad", *(col.label for col in table.columns)]
        assert len(rows) == len(table.rows)
        for written, row in zip(rows, table.rows, strict=True):
            assert written[:2] == [row.key, row.label]
            for text, cell in zip(written[2:], row.cells, strict=True):
                if cell.value is None:
                    assert text == (formatting.suppression_mark(cell, 5))
                else:
                    assert float(text) == cell.value
    targets = list(csv.reader(io.StringIO(files["rebus-2026-targets.csv"].decode("utf-8-sig"))))
    assert [row[0] for row in targets[1:]] == [t.key for t in swedish.targets]
    assert targets[1][3:] == ["56", "70", "0.8", "0.8", "Uppfyllt"]
    with zipfile.ZipFile(io.BytesIO(render_csv(swedish))) as archive:
        assert sorted(archive.namelist()) == sorted(files)
        assert archive.read("rebus-2026-capacity.csv") == files["rebus-2026-capacity.csv"]


# -- files -----------------------------------------------------------------------------

def test_each_format_gives_its_files_by_name(swedish: Report) -> None:
    assert list(formats.render(swedish, "xlsx")) == ["rebus-2026.xlsx"]
    assert formats.render(swedish, "html")["rebus-2026.html"].startswith(b"<!DOCTYPE")
    assert len(formats.render(swedish, "csv")) == len(swedish.tables) + 1
    with pytest.raises(InputError, match="unknown report format 'docx'"):
        formats.render(swedish, "docx")


def test_file_names_hold_no_characters_a_shell_minds(swedish: Report) -> None:
    span = replace(swedish.period, key="2026-01-01..2026-03-31")
    assert formatting.file_stem(replace(swedish, period=span)) == \
        "rebus-2026-01-01_2026-03-31"
    hofors = replace(swedish, programme_id="hofors", period=replace(span, key="rapport:3"))
    assert formatting.file_stem(hofors) == "hofors-rapport-3"


# -- what a first look at a synthetic year showed (tests/test_report_examples.py) -------

def _chart(report: Report, key: str) -> str:
    return next(chart.svg for chart in charts_for(report) if chart.key == key)


def test_twelve_months_stand_short_under_the_flows_chart_with_the_year_below_january(
        ) -> None:
    # "jan. 2026" under each of twelve bars ran into each other.
    svg = _chart(sample_report("sv"), "flows")
    for month in ("jan.", "feb.", "dec."):
        assert f">{month}<" in svg
    assert "2026" in svg and "feb. 2026" not in svg and svg.count("2026") == 1


def test_the_exits_chart_draws_the_total_of_each_outcome() -> None:
    # Most bars by gender are "<5" in a programme of a few dozen exits.
    svg = _chart(sample_report("sv"), "exits")
    assert "Totalt" in svg


def test_a_chart_with_nothing_to_draw_is_left_out() -> None:
    report = sample_report("sv")
    hidden = tuple(replace(t, rows=tuple(replace(r, cells=tuple(P for _ in r.cells))
                                         for r in t.rows))
                   if t.key == "flows_by_month" else t for t in report.tables)
    keys = [chart.key for chart in charts_for(replace(report, tables=hidden))]
    assert "flows" not in keys and "exits" in keys


def test_a_hidden_median_says_why_and_not_that_it_is_a_share() -> None:
    report = sample_report("sv")
    days = next(t for t in report.tables if t.unit == "days")
    text = _flat(pdf_text(render_pdf(replace(report, tables=(days,), targets=()))))
    assert "–: visas inte eftersom den räknas över färre än 5 personer." in text
    assert "andel som inte visas" not in text


def test_a_six_column_table_keeps_its_headings_whole() -> None:
    report = sample_report("sv")
    wide = Table("obligations", "Åtaganden", tuple(
        Column(k, label) for k, label in (("due", "Förfallna"), ("on_time", "I tid"),
                                          ("late", "Försenat utfört"), ("missed", "Missat"),
                                          ("overdue", "Försenat, ej utfört"),
                                          ("due_today", "Förfaller i dag"))),
        (Row("task", "Uppgifter och registreringar", tuple(c(n) for n in range(6))),),
        "count", "obligations")
    text = pdf_text(render_pdf(replace(report, tables=(wide,))))
    assert "Förfallna" in text                       # not "Förfalln" / "a"
    assert not re.search(r"Försenat\s*\n\s*,", text)


def test_a_hidden_share_is_marked_as_hidden_not_as_a_small_number() -> None:
    """"<5" in a percentage column reads "under 5 %" (issue 22, finding 4): a share hidden
    with its small numerator is "–", the count itself stays "<5"."""
    from engine.reports.formatting import cell_text
    from engine.reports.model import Cell

    assert cell_text(Cell(None, "primary"), "share", "sv", 5) == "–"
    assert cell_text(Cell(None, "primary"), "persons", "sv", 5) == "<5"
    assert cell_text(Cell(None, "denominator"), "share", "en", 5) == "–"
