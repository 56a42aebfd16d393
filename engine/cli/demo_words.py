"""The demo's Swedish: how it names commands, kinds, criteria and dates, and how it cuts
a long title (at a word, with an ellipsis).

The demo is the first thing a newcomer runs, so it prints what a coordinator would read
(no codes such as ``task:sus_registrering`` or ``critical_point``) and commands that run
exactly as printed (issue 23: it printed ``stegvis web …`` where the README installs into
``.venv``, so the command was not found).
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date
from pathlib import Path

from babel.dates import format_date

from engine.definitions.spec import ProgrammeSpec
from engine.http.web.words import KIND
from engine.rules.eligibility import counted_party_names, party_names


def command() -> str:
    """How to run ``stegvis`` from here: its name when the shell finds this one, else its
    path (relative to the current folder when it lies below it)."""
    beside = Path(sys.executable).parent / "stegvis"
    found = shutil.which("stegvis")
    if found and beside.exists() and Path(found).resolve() == beside.resolve():
        return "stegvis"
    if not beside.exists():
        return f"{sys.executable} -c 'from engine.cli import main; main()'"
    try:
        relative = os.path.relpath(beside.absolute(), Path.cwd())
    except ValueError:  # another drive
        return str(beside)
    return relative if not relative.startswith("..") else str(beside.absolute())


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, cut at a word with an ellipsis."""
    if len(text) <= width:
        return text
    head = text[:width - 1]
    space = head.rfind(" ")
    return (head[:space] if space > width // 2 else head).rstrip(" ,.:;–-") + "…"


def day(on: date) -> str:
    """``23 november 2026``."""
    return str(format_date(on, "d MMMM y", locale="sv_SE"))


def kind(code: str) -> str:
    """The Swedish word for a kind of obligation (never the code)."""
    return KIND.get(code, "Annat")


def criterion(spec: ProgrammeSpec, ident: str, facts: dict[str, object]) -> str:
    """A failed eligibility criterion as a coordinator reads it, with what was given."""
    rules = spec.eligibility
    if ident == "age":
        return f"Ålder {rules.age_min}–{rules.age_max} år (född {facts.get('birth_year')})"
    if ident == "residence":
        return (f"Folkbokförd i {', '.join(rules.residence)} (folkbokförd i "
                f"{facts.get('municipality')})")
    if ident == "min_parties":
        named = facts.get("active_parties")
        at = (", ".join(party_names(spec, named)) or "ingen av dem"
              if isinstance(named, tuple) else facts.get("parties_active", "inga"))
        among = ", ".join(counted_party_names(spec))
        return (f"Aktuell hos minst {rules.min_parties} av {among or 'parterna'} "
                f"(aktuell {'bara ' if among and isinstance(named, tuple) else ''}hos {at})")
    if ident == "income_support":
        return "Försörjningen kommer från någon av de anvisande parterna (inte intygat)"
    for c in (*rules.criteria, *rules.exclusions):
        if c.id == ident:
            return c.text.rstrip(".")
    return ident
