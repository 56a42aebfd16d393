"""Argument types the command modules share (dates, whole numbers, output files), kept
apart so that no command module imports the program that registers it."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from engine.dates import bounds
from engine.dates.date_text import date_guess
from engine.errors import InputError
from engine.inputs import numbers
from engine.inputs.files import write_user_file

DATE_HELP = "a date, YYYY-MM-DD"
#: The dates Stegvis works with (engine.dates.bounds, the door every date goes through).
FIRST_DAY, LAST_DAY = bounds.FIRST_DAY, bounds.LAST_DAY
#: The largest id or number a command takes: ids are 32-bit in the database.
LARGEST = numbers.LARGEST


def parse_date(text: str) -> date:
    """YYYY-MM-DD (or YYYYMMDD, as the seeds write them) from 1900 to 2199: the door
    :func:`engine.dates.bounds.parse_day`, its refusal as a usage error with a guess."""
    try:
        return bounds.parse_day(text)
    except InputError as exc:
        if exc.kind == "date_out_of_range":
            raise argparse.ArgumentTypeError(f"{text!r} is outside the dates Stegvis works "
                                             f"with ({FIRST_DAY} to {LAST_DAY})") from None
        guess = date_guess(text)
        hint = f"; did you mean {guess}?" if guess else ", e.g. 2024-01-31"
        raise argparse.ArgumentTypeError(
            f"{numbers.shown(text)} is not a date; write it YYYY-MM-DD{hint}") from None


def whole_number(text: str) -> int:
    """A whole number (a birth year, a capacity, a limit): the door
    :func:`engine.inputs.numbers.whole_number`, ASCII digits, at most ±2,147,483,647."""
    return argument_number(text, low=-LARGEST, high=LARGEST)


def argument_number(text: str, *, low: int, high: int, what: str = "") -> int:
    """:func:`engine.inputs.numbers.whole_number` as an argparse type's answer: its
    refusal becomes a usage error (exit 2).  Without ``what`` the message says only
    what is wrong with the value (argparse names the option)."""
    try:
        return numbers.whole_number(text, what=what or "the number", low=low, high=high)
    except InputError as exc:
        message = str(exc)
        if not what:
            message = message.removeprefix("the number: ")
        if exc.kind == "number_out_of_range" and abs(low) == high == LARGEST:
            message = f"{numbers.shown(text)} is too large (at most {LARGEST:,})"
        raise argparse.ArgumentTypeError(message) from None


def number_type(low: int, high: int) -> Callable[[str], int]:
    """An argparse type for a whole number from ``low`` to ``high`` (through the door)."""
    def parse(text: str) -> int:
        return argument_number(text, low=low, high=high)
    parse.__name__ = "whole_number"
    return parse


def seconds(text: str) -> float:
    """A number of seconds: a whole or decimal number from 0, finite (never NaN)."""
    cleaned = text.strip()
    if not re.fullmatch(r"[0-9]{1,7}(\.[0-9]{1,3})?", cleaned):
        raise argparse.ArgumentTypeError(f"{numbers.shown(text)} is not a number of seconds "
                                         "(0 to 9999999, e.g. 120 or 2.5)")
    return float(cleaned)


def write_file(path: str | Path, data: bytes) -> None:
    """Write ``data`` to the user's file ``path`` through the door
    (:func:`engine.inputs.files.write_user_file`: whole or not at all, never onto a
    device or a pipe); InputError saying why not."""
    write_user_file(path, data)


def input_file(text: str) -> Path:
    """A user's file a command reads: the argument type that marks it, so the tests
    find every such option (the read itself goes through
    :func:`engine.inputs.files.read_user_file`)."""
    return Path(text)


def output_file(text: str) -> Path:
    """A user's file a command writes (through
    :func:`engine.inputs.files.write_user_file`)."""
    return Path(text)


def output_folder(text: str) -> Path:
    """A folder a command writes its files into (each through the same door)."""
    return Path(text)


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
