"""Every document of a report as files: one call per format, file name -> bytes.

``render(report, "csv")`` gives one CSV per table; every other format one file.  The
CLI writes what it gets into ``--output DIR`` and prints the paths.  Renderers load
their libraries (WeasyPrint, matplotlib, openpyxl, Jinja2) only when called, so
importing this module costs nothing at start-up.
"""

from __future__ import annotations

from collections.abc import Callable

from engine.errors import InputError
from engine.reports.formatting import file_stem
from engine.reports.model import Report
from engine.reports.render_csv import render_csv_files
from engine.reports.render_html import render_html
from engine.reports.render_pdf import render_pdf
from engine.reports.render_xlsx import render_xlsx


def _one(extension: str, renderer: Callable[[Report], bytes]) -> Callable[[Report],
                                                                          dict[str, bytes]]:
    def files(report: Report) -> dict[str, bytes]:
        return {f"{file_stem(report)}.{extension}": renderer(report)}

    return files


#: Format name -> the files it makes.  (JSON is the figures' own: see formats.py.)
RENDERERS: dict[str, Callable[[Report], dict[str, bytes]]] = {
    "pdf": _one("pdf", render_pdf),
    "html": _one("html", render_html),
    "xlsx": _one("xlsx", render_xlsx),
    "csv": render_csv_files,
}


def render(report: Report, fmt: str) -> dict[str, bytes]:
    """The files of ``report`` in format ``fmt`` (one of :data:`RENDERERS`), by name."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise InputError(f"unknown report format {fmt!r}; expected one of "
                         f"{', '.join(RENDERERS)}") from None
    return renderer(report)
