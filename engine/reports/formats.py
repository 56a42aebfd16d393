"""The document formats a report can be written in, and the files each one makes.

``stegvis report --format json,pdf,…`` looks formats up here.  Each format turns a
:class:`~engine.reports.model.Report` into files, name -> bytes: one file for JSON,
HTML, PDF and XLSX, one CSV per table for CSV.  Renderers are imported only when a
format is used, so that listing formats (and ``stegvis --help``) loads no WeasyPrint,
matplotlib or openpyxl.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from engine.errors import InputError, did_you_mean
from engine.inputs.numbers import shown_choice
from engine.reports.formatting import file_stem
from engine.reports.model import Report


@dataclass(frozen=True, slots=True)
class Format:
    """A document format: its renderer (``module:function``) and the files it makes."""

    name: str
    renderer: str
    #: The renderer returns one document (``<stem>.<name>``), or a mapping of files.
    many_files: bool = False
    #: May go to standard output when no --output folder is given (JSON may).
    text: bool = False

    def files(self, report: Report) -> dict[str, bytes]:
        """The files of ``report`` in this format, by file name."""
        module, function = self.renderer.split(":")
        render: Callable[[Report], object] = getattr(importlib.import_module(module), function)
        made = render(report)
        if self.many_files:
            assert isinstance(made, dict)
            return made
        assert isinstance(made, bytes)
        return {f"{file_stem(report)}.{self.name}": made}


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("json", "engine.reports.render_json:render_json", text=True),
    Format("pdf", "engine.reports.render_pdf:render_pdf"),
    Format("html", "engine.reports.render_html:render_html"),
    Format("xlsx", "engine.reports.render_xlsx:render_xlsx"),
    Format("csv", "engine.reports.render_csv:render_csv_files", many_files=True),
)}


def chosen(text: str) -> list[Format]:
    """The formats of a comma list such as ``"json,pdf"``; InputError naming a bad one."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    if not names:
        raise InputError("no format given; choose from " + ", ".join(FORMATS))
    out = []
    for name in dict.fromkeys(names):
        if name not in FORMATS:
            raise InputError(f"unknown report format {shown_choice(name)}"
                             f"{did_you_mean(name, FORMATS)}; "
                             f"available: {', '.join(FORMATS)}")
        out.append(FORMATS[name])
    return out


def render(report: Report, fmt: str) -> dict[str, bytes]:
    """The files of ``report`` in format ``fmt``, by name (InputError for an unknown one)."""
    (chosen_format,) = chosen(fmt)
    return chosen_format.files(report)
