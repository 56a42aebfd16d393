"""Swedish by default, English on request: the words of the pages and how dates read.

Templates and routes write their text in Swedish, ``_("Att göra")``; the gettext
catalogue of each other language (:mod:`engine.language`, ``engine/locale``) translates
it, and tests/test_catalogue.py checks that every text has a translation.  Dates and
numbers are formatted by Babel in the reader's language, times in Europe/Stockholm.
Programme content (phase and task names, criteria) stays as the definition writes it.
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from engine.clock import STOCKHOLM
from engine.dates.durations import Duration
from engine.language import gettext, ngettext

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def checked_language(code: str | None) -> str:
    """``code`` if it is a language the pages are written in, else Swedish."""
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def translate(language: str, text: str, **values: object) -> str:
    """The page text ``text`` (Swedish) in ``language``, with ``{name}`` filled in."""
    chosen = gettext(language, text)
    return chosen.format(**values) if values else chosen


def translate_plural(language: str, singular: str, plural: str, n: int,
                     **values: object) -> str:
    """The form of ``singular``/``plural`` (Swedish) that ``n`` takes in ``language``, with
    ``{n}`` and the other ``{name}`` filled in (``{n} fel`` is ``1 error``, ``2 errors``)."""
    return ngettext(language, singular, plural, n).format(**{"n": n, **values})


def day_text(day: date | None, language: str, form: str = "long") -> str:
    """``31 januari 2024`` (long), ``onsdag 31 januari`` (weekday) or ``2024-01-31``."""
    if day is None:
        return "–"
    pattern = {"long": "d MMMM y", "weekday": "EEEE d MMMM y", "short": "yyyy-MM-dd"}[form]
    return str(format_date(day, pattern, locale=_LOCALES[language]))


def relative_day(day: date, today: date, language: str) -> str:
    """``i dag``, ``i morgon``, ``om 3 dagar``, ``för 2 dagar sedan`` (and in English)."""
    days = (day - today).days
    if days == 0:
        return translate(language, "i dag")
    if days == 1:
        return translate(language, "i morgon")
    if days == -1:
        return translate(language, "i går")
    if days > 0:
        return translate(language, "om {n} dagar", n=days)
    return translate(language, "för {n} dagar sedan", n=-days)


def instant_text(at: datetime | str | None, language: str) -> str:
    """A stored instant as Swedish local time, ``31 jan. 2024 09:15``."""
    if at is None:
        return "–"
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if at.tzinfo is None:
        from datetime import UTC
        at = at.replace(tzinfo=UTC)
    return str(format_datetime(at, "d MMM y HH:mm", tzinfo=STOCKHOLM,
                               locale=_LOCALES[language]))


def meeting_text(at: datetime, language: str) -> str:
    """A booked meeting as a participant reads it: ``tisdag 12 mars 2024 kl. 10.30``."""
    if at.tzinfo is None:
        from datetime import UTC
        at = at.replace(tzinfo=UTC)
    pattern = ("EEEE d MMMM y 'kl.' HH.mm" if language == "sv" else "EEEE d MMMM y 'at' HH:mm")
    return str(format_datetime(at, pattern, tzinfo=STOCKHOLM, locale=_LOCALES[language]))


def number_text(value: float, language: str) -> str:
    """``12 345,5`` in Swedish, ``12,345.5`` in English."""
    return str(format_decimal(value, locale=_LOCALES[language]))


#: Parameters that hold a calendar year or a line of a file: a name, not an amount, so
#: written as it is ("1985", never "1 985").
PLAIN_NUMBERS = frozenset({"year", "first", "last", "birth_year", "line", "first_line",
                           "levels"})


def value_text(language: str, name: str, value: object) -> str | None:
    """The value of the parameter ``name`` of a sentence (a refusal's, a validator
    finding's) in the reader's words when it is a date (Babel), a length of time or a
    whole number (Babel, but a year as it is); None for any other value, which the
    sentence's own table words."""
    if isinstance(value, date):
        return day_text(value, language)
    if isinstance(value, Duration):
        return value.swedish() if language == "sv" else str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if name in PLAIN_NUMBERS else number_text(value, language)
    return None
