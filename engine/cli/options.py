"""Argument types the command modules share (dates, whole numbers, output files), kept
apart so that no command module imports the program that registers it."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from engine.dates.date_text import date_guess
from engine.errors import InputError

DATE_HELP = "a date, YYYY-MM-DD"
#: The dates Stegvis works with: every programme, birth and follow-up lies in between,
#: and date arithmetic (a horizon, a 24-month follow-up) stays far from year 9999.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
#: The largest id or number a command takes: ids are 32-bit in the database.
LARGEST = 2**31 - 1


def parse_date(text: str) -> date:
    """YYYY-MM-DD (or YYYYMMDD, as the seeds write them) from 1900 to 2199."""
    cleaned = text.strip()
    if len(cleaned) == 8 and cleaned.isdigit():
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    try:
        if len(cleaned) != 10:
            raise ValueError
        day = date.fromisoformat(cleaned)
    except ValueError:
        guess = date_guess(text)
        hint = f"; did you mean {guess}?" if guess else ", e.g. 2024-01-31"
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it YYYY-MM-DD{hint}") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(f"{text!r} is outside the dates Stegvis works with "
                                         f"({FIRST_DAY} to {LAST_DAY})")
    return day


def whole_number(text: str) -> int:
    """A whole number of at most 10 digits (a birth year, a capacity, a limit)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if abs(value) > LARGEST:
        shown = repr(text) if len(text) <= 20 else repr(text[:20]) + "…"
        raise argparse.ArgumentTypeError(f"{shown} is too large (at most {LARGEST:,})")
    return value


def write_file(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path``; InputError saying why not (a folder, missing, full)."""
    try:
        with open(path, "wb") as out:
            out.write(data)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(f"cannot write {str(path)!r}: {reason}") from None


def common_options(*, json: bool) -> argparse.ArgumentParser:
    """The options every database command takes (``--database``, ``--as``, ``--today``,
    and ``--json`` where the command can print JSON), as a parent parser."""
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("common options")
    group.add_argument("--database", metavar="URL",
                       help="database URL, e.g. sqlite:///stegvis.db or "
                            "postgresql://user@host/stegvis (default: $STEGVIS_DATABASE_URL, "
                            "else stegvis.db in the data folder)")
    group.add_argument("--as", dest="actor", metavar="NAME",
                       help="who does this, for the audit log (default: $STEGVIS_USER, else "
                            "your login name)")
    group.add_argument("--today", type=parse_date, metavar="DATE",
                       help="act as if today were DATE (09:00 Swedish time); for testing and "
                            "back-dating")
    if json:
        group.add_argument("--json", action="store_true", help="print the result as JSON")
    return common
