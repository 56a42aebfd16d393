"""Finding a Swedish identity number in text, however it is written.

People write a personnummer (or samordningsnummer) with or without the century, with a
hyphen, a plus, a space or nothing before the last four digits, and also in ways a plain
pattern misses: ``901224_3573``, ``19901224.3573``, ``901224/3573``, with a Unicode hyphen
or minus (U+2010, U+2011, U+2212) or an em dash, with spaces inside (``901224-35 73``,
``1990 12 24 3573``, ``1 9 9 0 1 2 2 4 3 5 7 3``), as ``1990-12-24-3573``, in full-width or
other scripts' digits, or with an invisible character between the digits.  This module
is the one place that reads all of them:

1. the text is normalised character by character (NFKC; every script's digits to 0-9),
   remembering where each character came from, so a match can be masked in the original;
2. runs of digit groups joined by separators (spaces, dashes of every kind, ``_ . / +``,
   invisible format characters; up to three in a row) are found;
3. 10 or 12 consecutive digits of a run are a *candidate* when they are split only where
   a written number is split: between the parts of the birth date, before the last four
   digits and between their pairs, or between every digit.  ``070-123 45 67`` (a phone
   number) is split elsewhere and is no candidate;
4. the ``personnummer`` library decides whether a candidate is valid (a real date and
   the right check digit); :func:`shaped_like_identity_number` asks only for a birth
   date's shape, for keys, where even a wrong check digit is refused.

Messages about a number never repeat it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from personnummer import personnummer as _pnr

#: Characters that may stand between the digits of a written number.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"
_SEPARATOR_CHARACTERS = _DASHES + "_./+"
#: Where a 10- or 12-digit number may be split when written (offsets into its digits).
_SPLITS = {10: frozenset({2, 4, 6, 8}), 12: frozenset({2, 4, 6, 8, 10})}
_MAX_SEPARATORS = 3


@dataclass(frozen=True, slots=True)
class _Candidate:
    digits: str
    #: Written with a plus before the last four (a person 100 years or older).
    plus: bool
    #: Where it stands in the original text.
    start: int
    end: int


def _normalised(text: str) -> tuple[str, list[int]]:
    """``text`` with each character NFKC-normalised and every decimal digit made ASCII;
    and for each resulting character the index of the original it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, character in enumerate(text):
        for part in unicodedata.normalize("NFKC", character):
            if not part.isascii() and unicodedata.category(part) == "Nd":
                part = str(unicodedata.decimal(part))
            out.append(part)
            origin.append(index)
    return "".join(out), origin


#: Invisible characters someone may slip between digits (soft hyphen, zero-width space
#: and joiners, direction marks, word joiner, byte-order mark).
_INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
_SEPARATOR = rf"[\s{re.escape(_SEPARATOR_CHARACTERS)}{_INVISIBLE}]"
_RUN = re.compile(rf"[0-9]+(?:{_SEPARATOR}{{1,{_MAX_SEPARATORS}}}[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")


def _candidates(text: str) -> Iterator[_Candidate]:
    normal, origin = _normalised(text)
    for run in _RUN.finditer(normal):
        groups = list(_GROUP.finditer(normal, run.start(), run.end()))
        for i, first in enumerate(groups):
            digits, separators = "", {}
            for j in range(i, len(groups)):
                if j > i:
                    separators[len(digits)] = normal[groups[j - 1].end():groups[j].start()]
                digits += groups[j].group()
                if len(digits) > 12:
                    break
                if len(digits) in _SPLITS and _written_as_a_number(
                        len(digits), set(separators), j - i):
                    plus = len(digits) == 10 and "+" in separators.get(6, "")
                    yield _Candidate(digits, plus, origin[first.start()],
                                     origin[groups[j].end() - 1] + 1)


def _written_as_a_number(length: int, splits: set[int], gaps: int) -> bool:
    """Whether digits split at ``splits`` read as a written identity number."""
    if gaps == length - 1:
        return True  # every digit apart: 1 9 9 0 1 2 2 4 3 5 7 3
    birth_end = length - 4
    allowed = {s for s in _SPLITS[length] if s <= birth_end} | {birth_end, birth_end + 2}
    return splits <= allowed


def _valid(candidate: _Candidate) -> bool:
    born, last = candidate.digits[:-4], candidate.digits[-4:]
    try:
        return bool(_pnr.valid(f"{born}{'+' if candidate.plus else '-'}{last}"))
    except (_pnr.PersonnummerException, ValueError, TypeError, IndexError):
        return False


def _birth_date_shape(candidate: _Candidate) -> bool:
    born = candidate.digits[-10:-4]  # YYMMDD
    month, day = int(born[2:4]), int(born[4:6])
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def contains_identity_number(text: str) -> bool:
    """Whether ``text`` holds a valid personnummer or samordningsnummer in any written
    form (module docstring)."""
    return any(_valid(c) for c in _candidates(text))


def shaped_like_identity_number(text: str) -> bool:
    """Whether ``text`` holds something written like an identity number with a birth
    date's shape (month 01-12, day 01-31 or 61-91), whatever its check digit: refused
    where a pseudonym belongs (a participant key), since a mistyped number is still a
    person's number."""
    return any(_birth_date_shape(c) for c in _candidates(text))


def hide_identity_numbers(text: str, mask: str = "[personnummer]") -> str:
    """``text`` with every valid identity number in it, in any written form, replaced by
    ``mask`` (for log lines and messages that quote what a person wrote)."""
    spans = sorted({(c.start, c.end) for c in _candidates(text) if _valid(c)})
    if not spans:
        return text
    out, at = [], 0
    for start, end in spans:
        if start < at:
            continue  # overlapping candidates: the first masks them
        out.append(text[at:start])
        out.append(mask)
        at = end
    out.append(text[at:])
    return "".join(out)
