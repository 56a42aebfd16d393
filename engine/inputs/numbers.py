"""Whole numbers a person typed, from any entry point, and finite numbers.

``str.isdigit()`` is true for ``²`` and ``int()`` reads Arabic-Indic digits, so a check
with either lets through what the next line cannot use (an HTTP 500, a traceback).
:func:`whole_number` accepts only ASCII digits with an optional sign and checks the range
before anything is stored: an id beyond SQLite's 64-bit integer never reaches a query.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping

from engine.errors import InputError

#: The largest id or count any entry point takes: ids are 32-bit in the database.
LARGEST = 2**31 - 1
#: ASCII digits only (``\d`` would match every script's digits), an optional sign.
_WHOLE = re.compile(r"[+-]?[0-9]+")
#: Longer texts are not shown whole in a message.
_SHOWN = 20
#: A choice typed wrong is shown whole up to the longest id.
_SHOWN_CHOICE = 64


def shown(text: str, limit: int = _SHOWN) -> str:
    """``text`` quoted for a message, cut after ``limit`` (20) characters."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "…"


def shown_choice(text: str) -> str:
    """A typed choice (an id, a name from a list) quoted for the one-line message that
    refuses it: whole up to the 64 characters an id may have, cut after them (a pasted
    page once came back whole in a message)."""
    return shown(text, _SHOWN_CHOICE)


def whole_number(text: str, *, what: str = "the number", low: int = 0,
                 high: int = LARGEST) -> int:
    """The whole number in ``text`` (spaces around it ignored) from ``low`` to ``high``.

    InputError (kind ``not_a_number`` or ``number_out_of_range``, with ``what``, ``low``
    and ``high``) for anything else: other digits than 0-9 (``²``, ``١``), a decimal
    point, a number out of range however many digits it has.
    """
    cleaned = text.strip()
    if not _WHOLE.fullmatch(cleaned):
        raise InputError(f"{what}: {shown(text)} is not a whole number (digits 0-9); give "
                         f"one from {low:,} to {high:,}", kind="not_a_number", what=what,
                         low=low, high=high)
    # A number far too long is refused before int() reads all of it.
    if len(cleaned.lstrip("+-").lstrip("0")) > len(str(max(abs(low), abs(high)))) or \
            not low <= int(cleaned) <= high:
        raise InputError(f"{what}: {shown(text)} is out of range; give a whole number from "
                         f"{low:,} to {high:,}", kind="number_out_of_range", what=what,
                         low=low, high=high)
    return int(cleaned)


def is_whole_number(text: str, *, low: int = 0, high: int = LARGEST) -> bool:
    """Whether :func:`whole_number` would read ``text`` (ASCII digits, in range): for
    callers with their own message."""
    try:
        whole_number(text, low=low, high=high)
    except InputError:
        return False
    return True


def optional_whole_number(text: str | None, *, what: str = "the number", low: int = 0,
                          high: int = LARGEST) -> int | None:
    """None for an empty field, else :func:`whole_number`."""
    if text is None or not text.strip():
        return None
    return whole_number(text, what=what, low=low, high=high)


def number_setting(name: str, default: int, *, low: int, high: int,
                   environ: Mapping[str, str] | None = None) -> int:
    """A whole number from the environment variable ``name`` (``default`` when unset or
    empty); InputError naming the variable when it is not one from ``low`` to ``high``."""
    text = (os.environ if environ is None else environ).get(name, "")
    if not text.strip():
        return default
    return whole_number(text, what=name, low=low, high=high)


def finite_number(value: float, *, what: str = "the number") -> float:
    """``value`` when it is a finite number; InputError for NaN and infinities, which
    JSON cannot carry and PostgreSQL refuses."""
    if not math.isfinite(value):
        raise InputError(f"{what}: {value!r} is not a finite number", kind="not_a_number",
                         what=what, low="", high="")
    return value
