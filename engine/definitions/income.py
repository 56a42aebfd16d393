"""The participant's income support (försörjning) at enrolment and at exit.

The core effect of a FINSAM programme is a move from public support towards one's own
living: REBUS participants "skall ha sin försörjning hos någon av de anvisande parterna"
(seed 001), Västerås's target group has lived "beroende av offentlig försörjning" for
years and the team works "mot egen försörjning" (seed 003).  A coordinator records the
main income at enrolment and at exit (optional: unknown is "uppgift saknas", a None),
from this fixed list, so that every programme's reports compare alike.
"""

from __future__ import annotations

from engine.errors import InputError
from engine.language import pgettext

#: Each kind of income support and its Swedish name (English in the catalogue, context
#: ``income.<key>``), in the order forms and reports list them: public support first,
#: own living last.
INCOME_SUPPORT: dict[str, str] = {
    "forsorjningsstod": "Försörjningsstöd",
    "aktivitets_sjukersattning": "Aktivitetsersättning/sjukersättning",
    "sjukpenning": "Sjukpenning/rehabiliteringspenning",
    "akassa_aktivitetsstod": "A-kassa/aktivitetsstöd",
    "studiemedel": "Studiemedel",
    "egen_forsorjning": "Lön/egen försörjning",
    "annan": "Annan försörjning",
    "ingen": "Ingen försörjning",
}

#: The kinds in order.
INCOME_KINDS = tuple(INCOME_SUPPORT)


def income_name(key: str, lang: str = "sv") -> str:
    """The kind of income support as a reader says it in ``lang``."""
    return pgettext(lang, f"income.{key}", INCOME_SUPPORT[key])


def checked_income(value: str | None, what: str) -> str | None:
    """``value`` if it is a kind of income support (None or empty: not recorded).

    InputError names the kinds; ``what`` says which (at enrolment, at exit).
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value not in INCOME_SUPPORT:
        raise InputError(f"income support {what} {value!r} is not one of "
                         f"{', '.join(INCOME_KINDS)}", kind="income_unknown",
                         value=value)
    return value
