"""The document formats a report can be written in: a name, a file suffix and a
function from :class:`~engine.reports.model.Report` to bytes.

``stegvis report --format json,pdf,…`` looks formats up here.  A renderer module
registers itself with :func:`register` when it is imported; :func:`formats` imports
the modules listed in :data:`RENDERERS`, so adding a format is one line there and one
``register`` call in its module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from engine.errors import InputError, did_you_mean
from engine.reports.model import Report

Render = Callable[[Report], bytes]


@dataclass(frozen=True, slots=True)
class Format:
    """A document format: ``render`` makes the file, ``suffix`` names it."""

    name: str
    suffix: str
    render: Render
    #: Written to standard output when no --output folder is given (JSON is).
    text: bool = False


_REGISTRY: dict[str, Format] = {}

#: Modules that register a format when imported (html, pdf, xlsx, csv go here too).
RENDERERS: tuple[str, ...] = ("engine.reports.render_json",)


def register(fmt: Format) -> None:
    """Make ``fmt`` available under its name (a later registration replaces it)."""
    _REGISTRY[fmt.name] = fmt


def formats() -> dict[str, Format]:
    """Every registered format by name."""
    for module in RENDERERS:
        importlib.import_module(module)
    return dict(_REGISTRY)


def chosen(text: str) -> list[Format]:
    """The formats of a comma list such as ``"json,pdf"``; InputError naming a bad one."""
    known = formats()
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    if not names:
        raise InputError("no format given; choose from " + ", ".join(sorted(known)))
    out = []
    for name in dict.fromkeys(names):
        if name not in known:
            raise InputError(f"unknown report format {name!r}{did_you_mean(name, known)}; "
                             f"available: {', '.join(sorted(known))}")
        out.append(known[name])
    return out
