"""A text a person typed: one check for every field, form, option and import.

Three rules, the same wherever the text comes from (a command's option, a web form, a
CSV cell, an account's name):

- **no identity number** in any written form
  (:func:`engine.inputs.identity_text.contains_identity_number`): the number is stored
  only in its own consented field, never in free text, a name or the append-only audit
  log, where it could never be erased;
- **no control characters** (line breaks, escape sequences, invisible direction
  marks): a line break in a display name forges a row in ``user list`` and breaks every
  e-mail header it goes into, an escape sequence reaches a terminal raw; notes, reasons
  and goals may span lines (line breaks and tabs only);
- **not longer than it may be** (its column's length where it is stored).

A refusal names the field and the rule, never the text itself.
"""

from __future__ import annotations

import unicodedata

from engine.errors import InputError
from engine.inputs.identity_text import contains_identity_number

_LINE_CHARACTERS = {"\n", "\t"}
#: Unicode categories never allowed in a typed text: controls, format characters
#: (invisible direction marks), line and paragraph separators, surrogates, private use.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co"}


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` may not be stored as typed text, or None (the rules above)."""
    for character in text:
        if multiline and character in _LINE_CHARACTERS:
            continue
        if unicodedata.category(character) in _REFUSED_CATEGORIES:
            what = "a line break" if character in "\r\n\u2028\u2029\x85" else \
                "a control character"
            return (f"contains {what} (U+{ord(character):04X}); write it without control "
                    "characters" + ("" if multiline else ", on one line"))
    if contains_identity_number(text):
        return ("contains what looks like a personal identity number (personnummer or "
                "samordningsnummer); Stegvis keeps the number only in its own field, with "
                "consent (enrol --identity-number), never in other text")
    return None


def checked_text(text: str, *, what: str, max_length: int, multiline: bool = False,
                 required: bool = False) -> str:
    """``text`` when a person may type it into ``what``; InputError otherwise (kinds
    ``text_empty``, ``text_too_long``, ``text_control_character``,
    ``text_identity_number``, as the web pages word them)."""
    if required and not text.strip():
        raise InputError(f"{what} is empty", kind="text_empty", what=what)
    if len(text) > max_length:
        raise InputError(f"{what} is {len(text)} characters long; at most {max_length} fit",
                         kind="text_too_long", what=what, n=len(text), length=max_length)
    problem = text_problem(text, multiline=multiline)
    if problem is not None:
        raise InputError(f"{what} {problem}", what=what,
                         kind=("text_identity_number" if contains_identity_number(text)
                               else "text_control_character"))
    return text
