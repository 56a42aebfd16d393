"""Swedish personal identity numbers (personnummer and samordningsnummer).

Stored only where the participant consented, normalised to 12 digits, and never
printed: messages about a bad number never repeat it.  Parsing and the check digit come
from the ``personnummer`` library; the birth date is derived here from the parsed parts
so that no clock is read.

Everywhere else — participant keys, names, notes, reasons, answers — a number is
refused in any of the forms people write it (:func:`contains_identity_number`, from
:mod:`engine.inputs.identity_text`, the one place that reads every written form), and a
participant key even when only its shape is that of a number
(:func:`looks_like_identity_number`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from personnummer import personnummer as _pnr

from engine.errors import InputError
from engine.inputs.identity_text import (
    contains_identity_number,
    hide_identity_numbers,
    shaped_like_identity_number,
)

__all__ = ["IdentityNumber", "contains_identity_number", "hide_identity_numbers",
           "looks_like_identity_number", "parse_identity_number"]


@dataclass(frozen=True, slots=True)
class IdentityNumber:
    """A valid identity number; ``repr`` and ``str`` hide the digits."""

    digits: str
    birth_on: date
    coordination: bool

    def __repr__(self) -> str:
        return f"IdentityNumber(born {self.birth_on.isoformat()}, ****)"

    __str__ = __repr__


def looks_like_identity_number(text: str) -> bool:
    """Whether ``text`` is or holds something written like an identity number, valid
    check digit or not (typed where a pseudonym belongs: a mistyped number is still a
    person's number)."""
    return shaped_like_identity_number(text)


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
