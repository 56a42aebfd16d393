"""Text that ends up in a spreadsheet cell: never a live formula.

OWASP's rule for CSV injection: a cell whose text starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is read by Excel and LibreOffice as a formula
(``=HYPERLINK(…)`` sends a click elsewhere, ``+1+cmd|' /C calc'!A0`` ran programs).  On
output such a text is prefixed with an apostrophe (:func:`spreadsheet_text`), in every
XLSX and CSV Stegvis writes; where the text is a name (a municipality, a referring
party), it is refused when typed (:func:`formula_problem`), so it never needs escaping.
A number is never escaped: ``-12`` stays minus twelve.
"""

from __future__ import annotations

#: What starts a formula in a spreadsheet program.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower() not in ("nan", "inf", "-inf", "+inf",
                                                         "infinity", "-infinity")


def spreadsheet_text(value: str) -> str:
    """``value`` safe to put in a spreadsheet cell as text: prefixed with ``'`` when it
    would start a formula (and is not a plain number)."""
    if value.startswith(FORMULA_PREFIXES) and not _is_number(value):
        return "'" + value
    return value


def formula_problem(name: str) -> str | None:
    """Why ``name`` may not be a name (it starts like a spreadsheet formula), or None."""
    if name.startswith(FORMULA_PREFIXES):
        return ("starts with = + - @ or a tab, which a spreadsheet reads as a formula; "
                "write the name without it")
    return None
