"""The participant's income support (försörjning) at enrolment and at exit.

The core effect of a FINSAM programme is a move from public support towards one's own
living: REBUS participants "skall ha sin försörjning hos någon av de anvisande parterna"
(seed 001), Västerås's target group has lived "beroende av offentlig försörjning" for
years and the team works "mot egen försörjning" (seed 003).  A coordinator records the
main income at enrolment and at exit (optional: unknown is "uppgift saknas", a None),
from this fixed list, so that every programme's reports compare alike.

A definition may narrow the list (``participant.income_support``): a programme whose
target group comes only from some kinds of support offers and accepts only those at
enrolment, and, if it says so, at exit.  :func:`checked_income` is the one door every
entry point (command line, browser, spreadsheet import, bulk enrolment) goes through.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from engine.errors import InputError, did_you_mean
from engine.inputs.numbers import shown_choice
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

#: When income support is recorded: at enrolment ("start") or at exit.
When = Literal["start", "exit"]
_SAID = {"start": "at enrolment", "exit": "at exit"}


@dataclass(frozen=True, slots=True)
class IncomeSupportSpec:
    """The kinds of income support a programme records (``participant.income_support``).

    Both default to the whole list; a definition narrows either, in the list's order.
    """

    at_enrolment: tuple[str, ...] = INCOME_KINDS
    at_exit: tuple[str, ...] = INCOME_KINDS

    def offered(self, when: When) -> tuple[str, ...]:
        """The kinds a coordinator may record ``when``, in the list's order."""
        return self.at_enrolment if when == "start" else self.at_exit

    @property
    def kinds(self) -> tuple[str, ...]:
        """Every kind the programme records at either time, in the list's order (what
        its reports list, with "uppgift saknas")."""
        return tuple(k for k in INCOME_KINDS if k in self.at_enrolment or k in self.at_exit)


#: The whole list at both times: a programme that does not narrow it.
EVERY_KIND = IncomeSupportSpec()


def income_name(key: str, lang: str = "sv") -> str:
    """The kind of income support as a reader says it in ``lang``."""
    return pgettext(lang, f"income.{key}", INCOME_SUPPORT[key])


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore")
    return " ".join(folded.decode().replace("_", " ").split())


def _key_of(text: str) -> str | None:
    """The kind ``text`` names: its key, or its Swedish or English name (case, accents
    and separators aside: "Försörjningsstöd", "forsorjningsstod", "Financial assistance")."""
    wanted = _plain(text)
    for key, name in INCOME_SUPPORT.items():
        if wanted in (_plain(key), _plain(name), _plain(income_name(key, "en"))):
            return key
    return None


def checked_income(value: str | None, income: IncomeSupportSpec = EVERY_KIND,
                   when: When = "start") -> str | None:
    """The key of the kind ``value`` names, if the programme records it ``when``.

    None or empty: not recorded ("uppgift saknas").  InputError, in one line, for a
    kind that is not in the list or that the programme's definition does not offer
    then, naming the kinds it does offer (with a did-you-mean for a typo).
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    offered = income.offered(when)
    key = _key_of(value)
    if key is None or key not in offered:
        shown = shown_choice(value)  # a pasted page is not repeated whole
        said = (f"income support {_SAID[when]} {shown} is not a kind of income support"
                if key is None else f"income support {shown} is not one this programme "
                                    f"records {_SAID[when]}")
        raise InputError(f"{said}; write one of {', '.join(offered)}"
                         f"{did_you_mean(value, offered)}", kind="income_unknown",
                         value=value[:64])
    return key
