"""The report's charts as SVG (matplotlib), readable when printed in black and white.

Three charts, each a function of plain series so that any table can feed it:

- :func:`flows_chart` — enrolled and exited per month over the period;
- :func:`exits_chart` — exits by outcome, one bar per gender;
- :func:`targets_chart` — each share target's outcome against its target value;
- :func:`paired_chart` for the ``budget`` table: budget and outcome per period, and for
  the ``trend`` table (:data:`TREND_TABLE`): enrolled and exited per year.

:func:`charts_for` picks their series from a Report by stable keys, and leaves a chart
out when its table is absent:

- ``flows_by_month`` (:data:`FLOWS_TABLE`): one row per month (total rows skipped), the
  columns ``enrolled`` and ``exited`` (persons);
- ``exits_outcome`` (:data:`EXITS_TABLE`): one row per outcome (total rows skipped),
  the columns of :data:`~engine.reports.model.GENDER_COLUMNS`, ``totalt`` last: with a
  few dozen exits most bars by gender are hidden ("<5"), and the total per outcome is
  what is left to see;
- the report's targets whose outcome is a share: a target value 0..1 and a ``share``
  cell that is not ``"none"`` (count and qualitative targets are left to the table).

Series are :class:`~engine.reports.model.Cell` values, so a suppressed count is never
drawn as a bar: its place stays empty and carries the table's mark ("<5" or "–"), and
the chart's note says why.  Bars differ by grey and hatch, never by colour alone.

matplotlib is imported only when a chart is drawn (it takes ~0.4 s); its configuration
folder falls back to a temporary one when ``MPLCONFIGDIR`` is unset, so a read-only
home does not stop a report.
"""

from __future__ import annotations

import io
import os
import tempfile
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from engine.reports import formatting
from engine.reports.model import GENDER_COLUMNS, Cell, Report, Row
from engine.reports.wording import Wording, wording

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FLOWS_TABLE = "flows_by_month"
BUDGET_TABLE = "budget"
TREND_TABLE = "trend"
EXITS_TABLE = "exits_outcome"
TARGETS_SECTION = "targets"

#: The font the charts name; the documents' CSS names the same, with DejaVu Sans (always
#: on Debian) as the fallback, so text measured by matplotlib is drawn in that font.
FONT_FAMILY = ["Noto Sans", "DejaVu Sans"]

#: Fill, hatch per series: dark solid, light grey, white with diagonals — told apart on
#: a black-and-white print.  (A dotted hatch made each chart 250 KB of SVG circles and
#: the PDF a second slower.)
_STYLES = (("#3a3a3a", ""), ("#c4c4c4", ""), ("#ffffff", "////"), ("#7a7a7a", ""))

_WIDTH_IN = 6.6        # the A4 text width (174 mm) less a little air
_FONT_PT = 8.5
_LINE_PT = _FONT_PT * 1.25
_TICK_PT = 3.5 + 3.5 + 2          # tick length, label pad, air


@dataclass(frozen=True, slots=True)
class Chart:
    """One drawn chart: where it goes (the section and table it was drawn from; no
    table for the targets chart), a title, the SVG text, and a note to print under it
    ("" when none is needed)."""

    key: str
    section: str
    table_key: str | None
    title: str
    svg: str
    note: str


def _ensure_config_dir() -> None:
    # matplotlib writes a font cache into its config folder; without one it warns and
    # rebuilds the cache on every run.  A fixed temporary folder keeps the cache.
    if "MPLCONFIGDIR" not in os.environ:
        folder = os.path.join(tempfile.gettempdir(), f"stegvis-matplotlib-{os.getuid()}")
        os.makedirs(folder, exist_ok=True)
        os.environ["MPLCONFIGDIR"] = folder


def _rc() -> dict[Any, Any]:
    return {
        "svg.fonttype": "none",          # text stays text: searchable, in the PDF's font
        "svg.hashsalt": "stegvis",       # the same report gives the same SVG
        "font.family": FONT_FAMILY,
        "font.size": _FONT_PT,
        "axes.edgecolor": "#333333",
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "hatch.linewidth": 0.6,
        "hatch.color": "#000000",
        "legend.frameon": False,
        "xtick.color": "#333333",
        "ytick.color": "#333333",
    }


def _figure(height_in: float) -> Figure:
    from matplotlib.figure import Figure

    # A bare Figure (no pyplot): no global state, no GUI backend, safe in a server.
    # No layout engine: constrained layout drew each chart three times over (two thirds
    # of the charts' time); _fit places the axes from measured label widths instead.
    return Figure(figsize=(_WIDTH_IN, height_in))


def _text_width_pt(lines: Sequence[str]) -> float:
    """The widest of ``lines`` (each may hold newlines) in points, in the charts' font."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    font = FontProperties(family=FONT_FAMILY, size=_FONT_PT)
    return max((TextPath((0, 0), part, prop=font).get_extents().width
                for text in lines for part in text.split("\n") if part.strip()),
               default=0.0)


def _fit(figure: Figure, *, left_labels: Sequence[str], bottom_pt: float,
         legend_on_top: bool) -> None:
    """Place the axes so the labels left of it and below it, and a legend above it,
    fit inside the figure."""
    width_in, height_in = figure.get_size_inches()
    left = _text_width_pt(left_labels) + _TICK_PT + 4
    top = 2.2 * _LINE_PT if legend_on_top else _LINE_PT
    figure.subplots_adjust(left=left / 72 / width_in, right=1 - 10 / 72 / width_in,
                           bottom=(bottom_pt + _TICK_PT + 2) / 72 / height_in,
                           top=1 - top / 72 / height_in)


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _draw(height_in: float, draw: Any) -> str:
    _ensure_config_dir()
    import matplotlib

    with matplotlib.rc_context(_rc()):
        figure = _figure(height_in)
        draw(figure)
        return _svg(figure)


def _value(cell: Cell) -> float:
    return float(cell.value) if cell.value is not None else 0.0


def _mark_at(axes: Axes, x: float, y: float, mark: str, horizontal: bool,
             crowded: bool = False) -> None:
    # The table's mark where the bar would start, a little off the axis line; standing
    # on end where bars are too narrow for it to lie flat.
    offset = (3, 0) if horizontal else (0, 2)
    axes.annotate(mark, (x, y), xytext=offset, textcoords="offset points",
                  fontsize=5.5 if crowded else 6.5, rotation=90 if crowded else 0,
                  ha="left" if horizontal else "center",
                  va="center" if horizontal else "bottom")


def _number_axis(axis: Any, lang: str, as_share: bool = False) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    if as_share:
        axis.set_major_formatter(FuncFormatter(
            lambda x, _pos: formatting.share(x, lang, decimals=0)))
    else:
        axis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        axis.set_major_formatter(FuncFormatter(lambda x, _pos: formatting.number(x, lang)))


def _any_hidden(*series: Sequence[Cell]) -> bool:
    return any(c.value is None and c.suppressed not in (None, "none")
               for cells in series for c in cells)


def _absent_note(words: Wording, threshold: int, *series: Sequence[Cell]) -> str:
    return words.charts_absent.format(threshold=threshold) if _any_hidden(*series) else ""


def flows_chart(months: Sequence[str], enrolled: Sequence[Cell], exited: Sequence[Cell],
                words: Wording, lang: str, threshold: int) -> str:
    """Enrolled and exited per month as paired bars; ``months`` are the axis labels."""
    return paired_chart(months, enrolled, exited, (words.enrolled, words.exited), lang,
                        threshold)


def paired_chart(months: Sequence[str], enrolled: Sequence[Cell], exited: Sequence[Cell],
                 names: tuple[str, str], lang: str, threshold: int) -> str:
    """Two series per label as paired bars (flows per month; budget and outcome)."""

    def draw(figure: Figure) -> None:
        axes: Axes = figure.add_subplot()
        positions = range(len(months))
        width = 0.38
        top = max([_value(c) for c in (*enrolled, *exited)] + [1.0])
        for offset, cells, label, (fill, hatch) in (
                (-width / 2, enrolled, names[0], _STYLES[0]),
                (width / 2, exited, names[1], _STYLES[2])):
            xs = [p + offset for p in positions]
            axes.bar(xs, [_value(c) for c in cells], width, label=label, color=fill,
                     hatch=hatch, edgecolor="#000000", linewidth=0.6)
            for x, cell in zip(xs, cells, strict=True):
                if mark := formatting.suppression_mark(cell, threshold):
                    _mark_at(axes, x, 0, mark, horizontal=False, crowded=len(months) > 12)
        upright = len(months) <= 12
        axes.set_xticks(list(positions), list(months), rotation=0 if upright else 90)
        _number_axis(axes.yaxis, lang)
        axes.set_ylim(0, top * 1.05)
        lines = max(m.count("\n") + 1 for m in months) if months else 1
        _fit(figure, left_labels=[formatting.number(top * 1.05, lang)],
             bottom_pt=_LINE_PT * lines if upright else _text_width_pt(months),
             legend_on_top=True)
        axes.grid(axis="y", color="#cccccc", linewidth=0.5, linestyle="--")
        axes.set_axisbelow(True)
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=8)

    return _draw(2.6, draw)


def exits_chart(outcomes: Sequence[str], series: Sequence[tuple[str, Sequence[Cell]]],
                lang: str, threshold: int) -> str:
    """Exits by outcome as horizontal grouped bars, one bar per ``series`` (a label and
    one cell per outcome, e.g. one series per gender)."""

    def draw(figure: Figure) -> None:
        axes: Axes = figure.add_subplot()
        count = max(len(series), 1)
        height = 0.8 / count
        top = max([_value(c) for _, cells in series for c in cells] + [1.0])
        for index, (label, cells) in enumerate(series):
            fill, hatch = _STYLES[index % len(_STYLES)]
            ys = [o + (index - (count - 1) / 2) * height for o in range(len(outcomes))]
            axes.barh(ys, [_value(c) for c in cells], height, label=label, color=fill,
                      hatch=hatch, edgecolor="#000000", linewidth=0.6)
            for y, cell in zip(ys, cells, strict=True):
                if mark := formatting.suppression_mark(cell, threshold):
                    _mark_at(axes, 0, y, mark, horizontal=True)
        wrapped = [textwrap.fill(o, 30) for o in outcomes]
        axes.set_yticks(range(len(outcomes)), wrapped)
        _fit(figure, left_labels=wrapped, bottom_pt=_LINE_PT, legend_on_top=True)
        axes.invert_yaxis()               # the table's first row on top
        _number_axis(axes.xaxis, lang)
        axes.set_xlim(0, top * 1.1)
        axes.grid(axis="x", color="#cccccc", linewidth=0.5, linestyle="--")
        axes.set_axisbelow(True)
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(series),
                    fontsize=8)

    return _draw(0.9 + 0.42 * len(outcomes) * max(1.0, len(series) / 3), draw)


def targets_chart(labels: Sequence[str], outcomes: Sequence[Cell], targets: Sequence[float],
                  words: Wording, lang: str, threshold: int) -> str:
    """Each target's outcome share as a bar with its target value as a black tick."""

    def draw(figure: Figure) -> None:
        axes: Axes = figure.add_subplot()
        ys = list(range(len(labels)))
        axes.barh(ys, [_value(c) for c in outcomes], 0.45, color=_STYLES[1][0],
                  edgecolor="#000000", linewidth=0.6, label=words.outcome)
        # The target as a thick black line reaching past the bar, visible even where
        # the outcome ends exactly on it.
        axes.vlines(list(targets), [y - 0.36 for y in ys], [y + 0.36 for y in ys],
                    colors="#000000", linewidth=2.2, label=words.target_marker, zorder=3)
        for y, cell in zip(ys, outcomes, strict=True):
            if mark := formatting.suppression_mark(cell, threshold):
                _mark_at(axes, 0, y, mark, horizontal=True)
        wrapped = [textwrap.fill(label, 34) for label in labels]
        axes.set_yticks(ys, wrapped)
        _fit(figure, left_labels=wrapped, bottom_pt=_LINE_PT, legend_on_top=True)
        axes.invert_yaxis()
        right = max([1.0, *targets, *(_value(c) for c in outcomes)])
        axes.set_xlim(0, right * 1.02)
        _number_axis(axes.xaxis, lang, as_share=True)
        axes.grid(axis="x", color="#cccccc", linewidth=0.5, linestyle="--")
        axes.set_axisbelow(True)
        handles, names = axes.get_legend_handles_labels()
        order = sorted(range(len(names)), key=lambda i: names[i] != words.outcome)
        axes.legend([handles[i] for i in order], [names[i] for i in order],
                    loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=8)

    return _draw(0.9 + 0.5 * len(labels), draw)


def _drawable(*series: Sequence[Cell]) -> bool:
    """Whether a chart would have a bar: one of Hofors's 25 participants per month in a
    final report drew an empty frame full of "<5" (the table beside it says as much)."""
    return any(_value(cell) > 0 for cells in series for cell in cells)


def _month_labels(rows: Sequence[Row], lang: str) -> list[str]:
    """Axis labels of the months: up to twelve stand upright as "jan." with the year
    under the first month and each January ("jan. 2024" twelve times over ran into each
    other); more are the table's labels turned on end."""
    try:
        months = [date.fromisoformat(f"{r.key}-01") for r in rows]
    except ValueError:
        return [r.label for r in rows]
    if len(months) > 12:
        return [r.label for r in rows]
    return [formatting.month_on_axis(m, lang, with_year=i == 0 or m.month == 1)
            for i, m in enumerate(months)]


def charts_for(report: Report) -> list[Chart]:
    """The charts ``report`` has the tables for (see the module docstring for the keys);
    a chart whose table is absent or empty, or that has no bar to draw, is left out."""
    words = wording(report)
    threshold = report.suppression_threshold
    charts: list[Chart] = []

    flows = report.table(FLOWS_TABLE)
    if flows is not None:
        keys = [c.key for c in flows.columns]
        rows = [r for r in flows.rows if not r.is_total]
        if rows and "enrolled" in keys and "exited" in keys:
            enrolled = [r.cells[keys.index("enrolled")] for r in rows]
            exited = [r.cells[keys.index("exited")] for r in rows]
        else:
            enrolled = exited = []
        if _drawable(enrolled, exited):
            svg = flows_chart(_month_labels(rows, report.lang), enrolled, exited, words,
                              report.lang, threshold)
            charts.append(Chart("flows", flows.section, flows.key, words.flows_title, svg,
                                _absent_note(words, threshold, enrolled, exited)))

    exits = report.table(EXITS_TABLE)
    if exits is not None:
        rows = [r for r in exits.rows if not r.is_total]
        drawn = [(i, c) for i, c in enumerate(exits.columns) if c.key in GENDER_COLUMNS]
        series = [(column.label, [r.cells[i] for r in rows]) for i, column in drawn]
        if rows and drawn and _drawable(*(cells for _, cells in series)):
            svg = exits_chart([r.label for r in rows], series, report.lang, threshold)
            charts.append(Chart("exits", exits.section, exits.key, words.exits_chart_title, svg,
                                _absent_note(words, threshold, *(s for _, s in series))))

    budget = report.table(BUDGET_TABLE)
    if budget is not None:
        keys = [c.key for c in budget.columns]
        rows = [r for r in budget.rows if not r.is_total]
        if rows and "budget" in keys and "outcome" in keys:
            names = (budget.columns[keys.index("budget")].label,
                     budget.columns[keys.index("outcome")].label)
            svg = paired_chart([r.label for r in rows],
                               [r.cells[keys.index("budget")] for r in rows],
                               [r.cells[keys.index("outcome")] for r in rows], names,
                               report.lang, threshold)
            charts.append(Chart("budget", budget.section, budget.key, budget.title, svg, ""))

    # The trend over the programme's life (issue 22): enrolled and exited per year.
    trend = report.table(TREND_TABLE)
    if trend is not None:
        keys = [c.key for c in trend.columns]
        if len(trend.rows) > 1 and "enrolled" in keys and "exited" in keys:
            enrolled = [r.cells[keys.index("enrolled")] for r in trend.rows]
            exited = [r.cells[keys.index("exited")] for r in trend.rows]
            if _drawable(enrolled, exited):
                svg = paired_chart([r.label for r in trend.rows], enrolled, exited,
                                   (trend.columns[keys.index("enrolled")].label,
                                    trend.columns[keys.index("exited")].label),
                                   report.lang, threshold)
                charts.append(Chart("trend", trend.section, trend.key, trend.title, svg,
                                    _absent_note(words, threshold, enrolled, exited)))

    # A share target has a target value 0..1 and an outcome share (shown or hidden);
    # count targets (25 participants, 12 staff) and qualitative ones are in the table.
    shares = [t for t in report.targets if t.target is not None and t.target <= 1
              and t.share.suppressed != "none"]
    if shares:
        outcomes = [t.share for t in shares]
        svg = targets_chart([t.label for t in shares], outcomes,
                            [float(t.target) for t in shares if t.target is not None],
                            words, report.lang, threshold)
        charts.append(Chart("targets", TARGETS_SECTION, None, words.targets_chart_title, svg,
                            _absent_note(words, threshold, outcomes)))
    return charts
