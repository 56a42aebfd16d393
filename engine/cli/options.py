"""Argument types the command modules share (dates), kept apart so that no command
module imports the program that registers it."""

from __future__ import annotations

import argparse
from datetime import date

from engine.dates.date_text import date_guess

DATE_HELP = "a date, YYYY-MM-DD"


def parse_date(text: str) -> date:
    """YYYY-MM-DD (or YYYYMMDD, as the seeds write them); anything else is refused."""
    cleaned = text.strip()
    if len(cleaned) == 8 and cleaned.isdigit():
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    try:
        if len(cleaned) != 10:
            raise ValueError
        return date.fromisoformat(cleaned)
    except ValueError:
        guess = date_guess(text)
        hint = f"; did you mean {guess}?" if guess else ", e.g. 2024-01-31"
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it YYYY-MM-DD{hint}") from None
