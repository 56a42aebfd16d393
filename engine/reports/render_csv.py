"""The report's tables as CSV, one file per table, for officials who work further with
the figures in other tools.

Each file: a header row (the row key, the row label, then each column's label) and one
row per table row.  Numbers are plain numbers with a decimal point (shares as 0..1,
exactly as in the JSON), so any tool reads them; a hidden cell holds the same mark the
PDF prints: "<5" for a small count, "–" for a secondary-suppressed cell or a share whose
denominator is hidden, and nothing when there is nothing to show.  UTF-8 with a byte-order
mark, so a spreadsheet program opening the file shows å, ä and ö.  Besides the tables,
``targets.csv`` holds the targets against their outcomes.
"""

from __future__ import annotations

import csv
import io
import zipfile

from engine.inputs.spreadsheet import spreadsheet_text
from engine.reports.formatting import file_part, file_stem, suppression_mark
from engine.reports.model import Cell, Report, Unit
from engine.reports.wording import wording


def _value(cell: Cell, threshold: int, unit: Unit | None = None) -> str:
    if cell.value is None:
        return suppression_mark(cell, threshold, unit)
    # repr gives the shortest text that reads back as the same number.
    return str(cell.value) if isinstance(cell.value, int) else repr(float(cell.value))


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")   # RFC 4180 line ends
    # A name such as "=HYPERLINK(…)" is text, never a live formula (OWASP).
    writer.writerows([[spreadsheet_text(cell) for cell in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_csv_files(report: Report) -> dict[str, bytes]:
    """One CSV per table (``<stem>-<table key>.csv``) and ``<stem>-targets.csv``."""
    words = wording(report)
    threshold = report.suppression_threshold
    stem = file_stem(report)
    files: dict[str, bytes] = {}
    for table in report.tables:
        rows = [[words.row_key, words.row_label, *(c.label for c in table.columns)]]
        rows += [[row.key, row.label, *(_value(c, threshold, table.unit) for c in row.cells)]
                 for row in table.rows]
        files[f"{stem}-{file_part(table.key)}.csv"] = _csv(rows)
    if report.targets:
        rows = [[words.row_key, words.target, words.measure, words.numerator,
                 words.denominator, words.outcome, words.target_value, words.status]]
        rows += [[t.key, t.label, t.measure, _value(t.numerator, threshold),
                  _value(t.denominator, threshold), _value(t.share, threshold, "share"),
                  "" if t.target is None else f"{t.target:g}", words.statuses[t.status]]
                 for t in report.targets]
        files[f"{stem}-targets.csv"] = _csv(rows)
    return files


def render_csv(report: Report) -> bytes:
    """The CSV files of :func:`render_csv_files` in one ZIP archive, for a format
    registry whose renderers return one document."""
    buffer = io.BytesIO()
    # A fixed timestamp: the same report gives the same archive.
    stamp = report.produced_at.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in render_csv_files(report).items():
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
