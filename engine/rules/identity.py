"""Swedish personal identity numbers (personnummer and samordningsnummer).

Stored only where the participant consented, normalised to 12 digits, and never
printed: messages about a bad number never repeat it.  Parsing and the check digit come
from the ``personnummer`` library; the birth date is derived here from the parsed parts
so that no clock is read.

Everywhere else — participant keys, names, notes, reasons, answers — a number is
refused in any of the forms people write it (:func:`contains_identity_number`): with
or without the century, with a hyphen, a plus, a space or nothing between the birth
date and the last four digits, and inside other text ("P-199101011006").  A pattern
finds the candidates and the library's validation (date and check digit) decides, so
an ordinary ten-digit number is refused only when it could really be one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from personnummer import personnummer as _pnr

from engine.errors import InputError


@dataclass(frozen=True, slots=True)
class IdentityNumber:
    """A valid identity number; ``repr`` and ``str`` hide the digits."""

    digits: str
    birth_on: date
    coordination: bool

    def __repr__(self) -> str:
        return f"IdentityNumber(born {self.birth_on.isoformat()}, ****)"

    __str__ = __repr__


#: A birth date of 6 or 8 digits, at most one separator, 4 digits; not inside a longer
#: run of digits.
_CANDIDATE = re.compile(r"(?<!\d)(\d{8}|\d{6})([-+–\s]?)(\d{4})(?!\d)")


def _valid(text: str) -> bool:
    try:
        return bool(_pnr.valid(text))
    except (_pnr.PersonnummerException, ValueError, TypeError, IndexError):
        return False


def _is_identity_number(found: re.Match[str]) -> bool:
    born, separator, last = found.groups()
    # The library reads a hyphen or a plus (100 years or older); a space or a dash
    # written otherwise is a hyphen.
    return _valid(f"{born}{'+' if separator == '+' else '-'}{last}")


def contains_identity_number(text: str) -> bool:
    """Whether ``text`` holds a valid personnummer or samordningsnummer in any form."""
    return any(_is_identity_number(found) for found in _CANDIDATE.finditer(text))


def hide_identity_numbers(text: str, mask: str = "[personnummer]") -> str:
    """``text`` with every valid identity number in it, in any form, replaced by ``mask``
    (for log lines: a request path or a query can carry one)."""
    return _CANDIDATE.sub(lambda found: mask if _is_identity_number(found) else found.group(),
                          text)


def looks_like_identity_number(text: str) -> bool:
    """Whether ``text`` is or holds an identity number (typed where a pseudonym belongs)."""
    return contains_identity_number(text)


def parse_identity_number(text: str) -> IdentityNumber:
    """Validate (format and check digit) and normalise; InputError without the digits."""
    try:
        parsed = _pnr.parse(text.strip())
    except (_pnr.PersonnummerException, ValueError, TypeError):
        raise InputError("the identity number is not valid (format or check digit); "
                         "check it with the participant", kind="identity_invalid") from None
    digits = parsed.format(True)
    coordination = parsed.is_coordination_number()
    day = int(digits[6:8]) - (60 if coordination else 0)
    try:
        birth_on = date(int(digits[:4]), int(digits[4:6]), day)
    except ValueError:
        raise InputError("the identity number does not contain a real birth date",
                         kind="identity_invalid") from None
    return IdentityNumber(digits, birth_on, coordination)
