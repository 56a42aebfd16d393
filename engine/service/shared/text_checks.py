"""What people type is checked in one place, before anything is stored.

Every row a transaction is about to write passes :func:`check_session` (a
``before_flush`` hook on each :meth:`~engine.service.shared.context.Context.transaction`);
Core inserts of the same rows (bulk enrolment) pass :func:`check_values`.  For each
text a person typed — keys, names, notes, reasons, answers, who acts — three rules:

- **no identity number** in any form (:func:`engine.rules.identity.contains_identity_number`):
  the number is stored only in its own consented field, never in free text, a name
  or the append-only audit log, where it could never be erased;
- **no control characters** (line breaks, escape sequences, invisible direction
  marks): a line break in a display name would break every e-mail header it goes
  into, an escape sequence would reach a terminal raw; notes, reasons and goals may
  span lines (line breaks and tabs only);
- **no longer than its column** (``max_length`` in :mod:`engine.store.tables`), the
  same limit on SQLite as on PostgreSQL — for every text column, typed or not.

A refusal is an :class:`~engine.errors.InputError` naming the field and the rule, never
the text itself, and the transaction stores nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import Table
from sqlalchemy import inspect as inspect_row
from sqlalchemy.orm import Session

from engine.errors import InputError
from engine.rules.identity import contains_identity_number

#: The columns people type, by table, with the name a message gives them.
TYPED: dict[str, dict[str, str]] = {
    "participants": {"key": "the participant key", "municipality": "the municipality"},
    "cases": {"coordinator": "the coordinator's name", "municipality": "the municipality",
              "referring_party": "the referring party"},
    "follow_ups": {"notes": "the notes", "recorded_by": "who records it (--as)"},
    "goals": {"text": "the goal"},
    "survey_answers": {"answers": "the survey answers"},
    "extension_requests": {"reason": "the reason", "requested_by": "who asks (--as)",
                           "decided_by": "who decides (--as)",
                           "decision_note": "the note"},
    "assessments": {"assessed_by": "who assesses (--as)"},
    "post_exit_results": {"recorded_by": "who records it (--as)"},
    "obligations": {"completed_by": "who completes it (--as)", "meeting_place": "the place"},
    "contacts": {"name": "the contact's name", "email": "the e-mail address",
                 "display_name": "the display name"},
    "audit_log": {"actor": "who acts (--as)", "before": "the audit entry",
                  "after": "the audit entry"},
    "audit_texts": {"value": "the audit entry's text"},
}
#: Texts that may span lines (line breaks and tabs; no other control character).
MULTILINE = {("follow_ups", "notes"), ("goals", "text"), ("extension_requests", "reason"),
             ("extension_requests", "decision_note"), ("audit_log", "before"),
             ("audit_log", "after"), ("audit_texts", "value")}
_LINE_CHARACTERS = {"\n", "\t"}
#: Typed texts that may not be blank (the others are checked by their operation).
NOT_BLANK = {("participants", "key"), ("cases", "coordinator"), ("contacts", "name"),
             ("contacts", "email"), ("audit_log", "actor")}
#: Unicode categories never allowed in a typed text: controls, format characters
#: (invisible direction marks), line and paragraph separators, surrogates, private use.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co"}


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` may not be stored as typed text, or None (pure: no table needed)."""
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


def _texts(value: Any) -> Iterator[tuple[str, str]]:
    """(key, text) of every text in a JSON value, keys included."""
    if isinstance(value, str):
        yield "", value
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        yield "", str(value)  # an answer typed as a number is still a number
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key), str(key)
            yield from ((inner or str(key), text) for inner, text in _texts(item))
    elif isinstance(value, Iterable):
        for item in value:
            yield from _texts(item)


def check_value(table: Table, column: str, value: Any) -> None:
    """InputError if ``value`` may not go into ``table.column`` (see module doc)."""
    if value is None:
        return
    label = TYPED.get(table.name, {}).get(column)
    length = getattr(table.c[column].type, "length", None)  # String, or SQLModel's AutoString
    if isinstance(value, str) and length is not None and len(value) > length:
        what = label or f"{column.replace('_', ' ')} of {table.name.replace('_', ' ')}"
        raise InputError(f"{what} is {len(value)} characters long; at most {length} fit",
                         kind="text_too_long", what=what, n=len(value), length=length)
    if label is None:
        return
    if isinstance(value, str) and not value.strip() and (table.name, column) in NOT_BLANK:
        raise InputError(f"{label} is empty", kind="text_empty", what=label)
    multiline = (table.name, column) in MULTILINE
    for key, text in _texts(value):
        problem = text_problem(text, multiline=multiline)
        if problem is not None:
            # An audit entry's keys are the code's (reason, note); a survey's are typed.
            named = f"the {key.replace('_', ' ')}" if key and table.name == "audit_log" \
                else label
            raise InputError(f"{named} {problem}", what=named,
                             kind=("text_identity_number" if contains_identity_number(text)
                                   else "text_control_character"))


def check_values(table: Table, values: Mapping[str, Any]) -> None:
    """Check a row about to be inserted with Core (see :func:`check_value`)."""
    for column, value in values.items():
        if column in table.c:
            check_value(table, column, value)


def check_session(session: Session, _context: Any = None, _instances: Any = None) -> None:
    """``before_flush``: check every new row, and every changed text of a changed row.

    Rows already stored are not judged again: a text stored before these rules is only
    refused when someone writes it anew.  Audit entries come last, so a refusal names
    the field that was typed rather than the audit entry that copies it.
    """
    rows = [*session.dirty, *session.new]
    rows.sort(key=lambda row: getattr(row, "__tablename__", "") == "audit_log")
    for row in rows:
        table = getattr(type(row), "__table__", None)
        if not isinstance(table, Table):
            continue
        state = inspect_row(row)
        for column in table.c:
            if column.key not in state.attrs:
                continue
            if state.pending or state.transient:
                check_value(table, column.key, getattr(row, column.key))
                continue
            for value in state.attrs[column.key].history.added:
                check_value(table, column.key, value)
