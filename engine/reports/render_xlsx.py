"""The report as an Excel workbook (openpyxl) for officials who work further with it.

The first sheet holds what the report is (programme, owner, period, production, the
suppression rule, notes) and the targets against their outcomes; then one sheet per
table.  Numbers are numbers with number formats (persons and counts whole, shares as
per cent with one decimal, days with one decimal), so sums and charts work in Excel;
Excel shows them with the reader's own separators.  A hidden cell is the text "<5" or
"–", exactly as in the PDF, with the footnote under the table.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from engine.inputs.spreadsheet import spreadsheet_text
from engine.reports import formatting
from engine.reports.model import Cell, Report, Table, Unit
from engine.reports.wording import footnotes, suppressions_in, wording

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.worksheet import Worksheet

NUMBER_FORMATS: dict[Unit, str] = {
    "persons": "#,##0",
    "count": "#,##0",
    "share": "0.0%",
    "days": "#,##0.0",
    "mean": "0.0",
}

_SHEET_NAME_MAX = 31                 # Excel's limit
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_names(titles: list[str]) -> list[str]:
    """Valid, distinct Excel sheet names for ``titles``: at most 31 characters (a longer
    title is cut at a word and ends in "…"), none of ``[]:*?/\\``, a repeated name
    numbered " (2)", " (3)", …"""
    names: list[str] = []
    for title in titles:
        base = _FORBIDDEN.sub("-", title).strip("' ") or "Tabell"
        name, n = _cut(base, _SHEET_NAME_MAX), 1
        while name.casefold() in (existing.casefold() for existing in names):
            n += 1
            suffix = f" ({n})"
            name = _cut(base, _SHEET_NAME_MAX - len(suffix)) + suffix
        names.append(name)
    return names


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    # Cut at a word when that keeps most of the title, so no name ends in "mån".
    if " " in head and head.rfind(" ") >= limit // 2:
        head = head[:head.rfind(" ")]
    return head.rstrip(" -–,(") + "…"


def _put(sheet: Worksheet, row: int, column: int, cell: Cell, unit: Unit,
         threshold: int, *, signed: bool = False) -> None:
    target = sheet.cell(row=row, column=column)
    if cell.value is None:
        target.value = formatting.suppression_mark(cell, threshold, unit) or None
        target.alignment = _right()
    else:
        target.value = cell.value
        fmt = NUMBER_FORMATS[unit]
        # A change reads with its sign, "+3" and "−2" (formatting.is_change).
        target.number_format = f"+{fmt};\u2212{fmt};{fmt}" if signed else fmt


# openpyxl is imported when a workbook is made, not when the CLI starts.
def _align(horizontal: str) -> Alignment:
    from openpyxl.styles import Alignment

    return Alignment(horizontal=horizontal)


def _right() -> Alignment:
    return _align("right")


def _left() -> Alignment:
    return _align("left")


def _bold() -> Font:
    from openpyxl.styles import Font

    return Font(bold=True)


def _table_sheet(sheet: Worksheet, report: Report, table: Table) -> None:
    threshold = report.suppression_threshold
    sheet.cell(row=1, column=1, value=table.title).font = _bold()
    header = 3
    for index, column in enumerate(table.columns, start=2):
        cell = sheet.cell(row=header, column=index, value=column.label)
        cell.font, cell.alignment = _bold(), _right()
    for offset, row in enumerate(table.rows, start=1):
        label = sheet.cell(row=header + offset, column=1, value=row.label)
        if row.is_total:
            label.font = _bold()
        for index, (value, column) in enumerate(zip(row.cells, table.columns, strict=True),
                                                start=2):
            _put(sheet, header + offset, index, value, table.unit, threshold,
                 signed=formatting.is_change(column.key))
            if row.is_total:
                sheet.cell(row=header + offset, column=index).font = _bold()
    line = header + len(table.rows) + 2
    for text in [table.note, *footnotes(report, suppressions_in(table), table.unit)]:
        if text:
            sheet.cell(row=line, column=1, value=text)
            line += 1
    sheet.freeze_panes = f"B{header + 1}"           # labels and the header stay in view
    sheet.column_dimensions["A"].width = max([12, *(len(r.label) + 2 for r in table.rows)])
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(table.columns, start=2):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(column.label) + 2)


def _report_sheet(sheet: Worksheet, report: Report) -> None:
    words = wording(report)
    lang = report.lang
    threshold = report.suppression_threshold
    span = formatting.period_span(report.period.starts_on, report.period.ends_on, lang)
    sheet.cell(row=1, column=1, value=f"{report.programme_name} – {words.document.lower()} "
                                      f"{report.period.label}").font = _bold()
    facts: list[tuple[str, str | date | datetime]] = [
        (words.programme, report.programme_name),
        (words.owner, report.owner),
        (words.period, f"{report.period.label} ({span})"),
        (words.as_of, report.as_of),
        # Excel holds no time zone: the production time in Stockholm, as people read it.
        (words.produced, _local(report.produced_at)),
        (words.versions, ", ".join(str(v) for v in report.definition_versions)),
    ]
    line = 3
    for label, value in facts:
        sheet.cell(row=line, column=1, value=label).font = _bold()
        written = sheet.cell(row=line, column=2, value=value)
        if isinstance(value, datetime):
            written.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, date):
            written.number_format = "yyyy-mm-dd"
        written.alignment = _left()
        line += 1
    line += 1
    sheet.cell(row=line, column=1, value=words.suppression_rule.format(threshold=threshold))
    for note in report.notes:
        line += 1
        sheet.cell(row=line, column=1, value=note)
    if report.targets:
        line += 2
        sheet.cell(row=line, column=1, value=words.targets_title).font = _bold()
        line += 1
        for index, text in enumerate((words.target, words.measure, words.numerator,
                                      words.denominator, words.outcome,
                                      words.target_value, words.status), start=1):
            sheet.cell(row=line, column=index, value=text).font = _bold()
        for target in report.targets:
            line += 1
            sheet.cell(row=line, column=1, value=target.label)
            sheet.cell(row=line, column=2, value=target.measure)
            _put(sheet, line, 3, target.numerator, "persons", threshold)
            _put(sheet, line, 4, target.denominator, "persons", threshold)
            _put(sheet, line, 5, target.share, "share", threshold)
            sheet.cell(row=line, column=6, value=target.target_text)
            sheet.cell(row=line, column=7, value=words.statuses[target.status])
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 36
    for letter in "CDEFG":
        sheet.column_dimensions[letter].width = 14


def _local(moment: datetime) -> datetime:
    return moment.astimezone(formatting.STOCKHOLM).replace(tzinfo=None)


def _no_formulas(workbook: Workbook) -> None:
    """Every text cell as text: openpyxl stores a text starting with "=" as a formula,
    and Excel reads "+", "-", "@" too; a name such as "=HYPERLINK(…)" becomes
    "'=HYPERLINK(…)" (engine.inputs.spreadsheet, the same rule as the CSV files)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = spreadsheet_text(cell.value)
                    cell.data_type = "s"


def render_xlsx(report: Report) -> bytes:
    """The report as XLSX bytes: a first sheet with what the report is and its targets,
    then one sheet per table."""
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    assert first is not None            # a new workbook always has one sheet
    words = wording(report)
    names = sheet_names([words.metadata_sheet, *(t.title for t in report.tables)])
    first.title = names[0]
    _report_sheet(first, report)
    for name, table in zip(names[1:], report.tables, strict=True):
        _table_sheet(workbook.create_sheet(name), report, table)
    # The workbook's own dates: when the report was produced, not when it was saved.
    workbook.properties.creator = "Stegvis"
    workbook.properties.title = f"{report.programme_name} {report.period.label}"
    workbook.properties.created = _local(report.produced_at)
    workbook.properties.modified = _local(report.produced_at)
    _no_formulas(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
