"""The report as one self-contained HTML page (templates/report.html), which is also
what the PDF prints (render_pdf.py): the same template, with print CSS for A4.

The page: a title page (programme, owner, period, date of production, contents), one
section per ``report.sections`` with its tables, each followed by the chart drawn from
it; the targets table (and chart) in the section keyed ``targets``, or in a section of
its own after the others when the report has none; tables whose section is not listed
in a section at the end; then "Om rapporten" with the report's notes and how small
counts are hidden.  Charts are SVG images in data URIs, so the HTML file stands alone.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from engine.clock import STOCKHOLM
from engine.reports import formatting
from engine.reports.charts import TARGETS_SECTION, Chart, charts_for
from engine.reports.model import Cell, Report, Suppression, Table, TargetResult, Unit
from engine.reports.wording import Wording, footnotes, suppressions_in, wording

if TYPE_CHECKING:
    from jinja2 import Environment


#: The A4 text width (210 mm less 18 mm margins, less a little air), the row labels'
#: column and the widest value column, in millimetres.
_TEXT_MM = 172.0
_LABEL_MM = 70.0
_VALUE_MM = 25.0
#: The narrowest value column: a one-word heading ("Förfallna") fits at 8.5 pt bold.
_MIN_VALUE_MM = 20.0


@dataclass(frozen=True, slots=True)
class TableView:
    """A table as the template prints it: every cell already text."""

    kind: str
    anchor: str
    title: str
    unit: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...], bool], ...]   # label, cells, is_total
    note: str
    footnotes: tuple[str, ...]
    label_mm: float       # column widths: tables of few columns stay narrow, numbers
    value_mm: float       # line up from table to table


@dataclass(frozen=True, slots=True)
class TargetView:
    label: str
    measure: str
    numerator: str
    denominator: str
    share: str
    target_text: str
    status: str
    status_key: str


@dataclass(frozen=True, slots=True)
class TargetsView:
    kind: str
    title: str
    rows: tuple[TargetView, ...]
    footnotes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChartView:
    kind: str
    title: str
    src: str          # data URI of the SVG
    note: str


@dataclass(slots=True)
class SectionView:
    anchor: str
    title: str
    blocks: list[TableView | TargetsView | ChartView] = field(default_factory=list)


def _table_view(report: Report, table: Table) -> TableView:
    threshold = report.suppression_threshold
    rows = tuple(
        (row.label,
         tuple(formatting.cell_text(c, table.unit, report.lang, threshold,
                                    signed=formatting.is_change(column.key))
               for c, column in zip(row.cells, table.columns, strict=True)),
         row.is_total)
        for row in table.rows)
    columns = max(len(table.columns), 1)
    # Many columns take width from the row labels (which wrap) rather than cut their
    # headings mid-word ("Förfalln-a" in the six-column obligations table).
    label_mm = min(_LABEL_MM, _TEXT_MM - columns * _MIN_VALUE_MM)
    value_mm = round(min(_VALUE_MM, (_TEXT_MM - label_mm) / columns), 1)
    return TableView(kind="table", anchor=f"table-{table.key}", title=table.title,
                     unit=table.unit, headers=tuple(c.label for c in table.columns),
                     rows=rows, note=table.note,
                     footnotes=tuple(footnotes(report, suppressions_in(table), table.unit)),
                     label_mm=label_mm, value_mm=value_mm)


def _target_view(report: Report, words: Wording, target: TargetResult) -> TargetView:
    threshold = report.suppression_threshold

    def text(cell: Cell, unit: Unit) -> str:
        return formatting.cell_text(cell, unit, report.lang, threshold)

    return TargetView(label=target.label, measure=target.measure,
                      numerator=text(target.numerator, "persons"),
                      denominator=text(target.denominator, "persons"),
                      share=text(target.share, "share"), target_text=target.target_text,
                      status=words.statuses[target.status], status_key=target.status)


def _targets_view(report: Report, words: Wording) -> TargetsView:
    present = {c.suppressed for t in report.targets
               for c in (t.numerator, t.denominator, t.share)}
    # An empty numerator of a qualitative target needs no footnote: its status says it.
    kinds: list[Suppression] = [k for k in ("primary", "secondary", "denominator")
                                if k in present]
    return TargetsView(kind="targets", title=words.targets_title,
                       rows=tuple(_target_view(report, words, t) for t in report.targets),
                       footnotes=tuple(footnotes(report, kinds)))


def _chart_view(chart: Chart) -> ChartView:
    encoded = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    return ChartView(kind="chart", title=chart.title,
                     src=f"data:image/svg+xml;base64,{encoded}", note=chart.note)


def sections_of(report: Report, charts: list[Chart]) -> list[SectionView]:
    """The report's sections with their blocks in print order (see the module
    docstring); sections left empty are dropped."""
    words = wording(report)
    by_table = {c.table_key: c for c in charts if c.table_key}
    sections = {s.key: SectionView(f"section-{s.key}", s.title) for s in report.sections}
    other = SectionView("section-other", words.other_section)
    for table in report.tables:
        target = sections.get(table.section, other)
        target.blocks.append(_table_view(report, table))
        if (chart := by_table.get(table.key)) is not None:
            target.blocks.append(_chart_view(chart))

    if report.targets:
        home = sections.get(TARGETS_SECTION)
        if home is None:
            home = SectionView(f"section-{TARGETS_SECTION}", words.targets_title)
            sections[TARGETS_SECTION] = home
        # The targets first, then their chart, then the section's tables (the targets
        # by gender, issue 22).
        tables_of_home = list(home.blocks)
        home.blocks[:] = [_targets_view(report, words),
                          *(_chart_view(c) for c in charts if c.table_key is None),
                          *tables_of_home]
    ordered = [*sections.values(), other]
    return [s for s in ordered if s.blocks]


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(loader=PackageLoader("engine.reports", "templates"),
                              autoescape=select_autoescape(["html"]),
                              undefined=StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True)
    environment.filters["css_string"] = _css_string
    return environment


def _css_string(text: str) -> Markup:
    # A CSS string literal for the page footer inside <style>, where HTML escapes do not
    # apply: quotes and backslashes escaped the CSS way, "<" as \3C so that no name can
    # close the style element.
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
               .replace("<", "\\3C "))
    return Markup(f'"{escaped}"')


def html_text(report: Report, charts: list[Chart] | None = None) -> str:
    """The report as an HTML document (text); ``charts`` defaults to
    :func:`~engine.reports.charts.charts_for` the report."""
    words = wording(report)
    if charts is None:
        charts = charts_for(report)
    lang = report.lang
    versions = ", ".join(str(v) for v in report.definition_versions)
    return _environment().get_template("report.html").render(
        report=report, words=words, sections=sections_of(report, charts),
        period_span=formatting.period_span(report.period.starts_on,
                                           report.period.ends_on, lang),
        produced=formatting.moment(report.produced_at, lang),
        as_of=formatting.day(report.as_of, lang),
        versions=versions,
        suppression_rule=words.suppression_rule.format(
            threshold=report.suppression_threshold),
        # Where the figures come from, in words a board member accepts; the version of
        # the rules only here, at the end (issue 22, finding 11: not on the title page).
        source_line=words.source_line.format(
            programme=report.programme_name, produced=formatting.day(
                report.produced_at.astimezone(STOCKHOLM).date(), lang), versions=versions),
    )


def render_html(report: Report) -> bytes:
    """The report as a self-contained HTML file (UTF-8 bytes)."""
    return html_text(report).encode("utf-8")
