"""Plain Swedish for the engine's codes: kinds of obligation, statuses, step movements.

Each is a page text (translated like any other); none of the codes themselves
(``task``, ``follow_up:3``) is ever shown to a person.
"""

from __future__ import annotations

from engine.language import N_
from engine.service.shared.status_words import STATUS_WORDS

#: What an obligation of each kind asks the coordinator to do.
TO_DO = {
    "follow_up": "Håll uppföljningsmötet och registrera det",
    "task": "Gör uppgiften och markera den som klar",
    "meeting": "Håll mötet och markera det som hållet",
    "survey": "Låt deltagaren besvara enkäten",
    "critical_point": "Gå igenom den kritiska punkten",
    "handover": "Gör överlämningen",
    "exit_task": "Gör det som hör till avslutet",
    "duration_warning": "Planera avslutet eller ansök om förlängning",
    "duration_limit": "Maxtiden nås: avsluta eller ansök om förlängning",
    "post_exit_follow_up": "Följ upp hur det har gått efter avslutet",
    # A task done by recording what it asks for (an assessment, the placement form, …).
    "record": "Registrera det som uppgiften ber om; då blir den klar",
}

#: A short name for each kind, for tables.
KIND = {
    "follow_up": "Uppföljning", "task": "Uppgift", "meeting": "Möte", "survey": "Enkät",
    "critical_point": "Kritisk punkt", "handover": "Överlämning", "exit_task": "Vid avslut",
    "duration_warning": "Tidsgräns", "duration_limit": "Tidsgräns",
    "post_exit_follow_up": "Uppföljning efter avslut", "report": "Rapport",
    "report_draft": "Rapportutkast",
    "evaluation_start": "Utvärdering", "evaluation_step": "Utvärdering",
    "evaluation_deadline": "Utvärdering", "project_phase_start": "Projektfas",
    "project_phase_end": "Projektfas",
}

CASE_STATUS = {"waiting": "På väntelistan", "active": "Pågår", "exited": "Avslutat"}

#: How an obligation stands on the case page.
STATE = {"done": "Klar", "missed": "Missad", "cancelled": "Bortfallen", "overdue": "Försenad",
         "open": "Aktuell", "coming": "Kommande", "moot": "Behövs inte efter avslutet"}

ROLE = {"coordinator": "Samordnare", "programme-admin": "Programförvaltare",
        "reader": "Styrgrupp/styrelse", "system-admin": "Systemadministratör",
        "citizen": "Deltagare"}

#: How an extension request stands (the one table of status words).
EXTENSION_STATUS = {code: STATUS_WORDS[code] for code in ("pending", "approved", "rejected")}

#: What a system administrator can do to an account, and the button's words.
ACCOUNT_CHANGES = {"unlock": "Lås upp", "enable": "Aktivera", "disable": "Stäng av"}

#: The pages the access log records (its ``what``), as the log page names them.
ACCESS_PAGES = {"ärendesida": "Ärendesidan", "inkorg": "Att göra", "inkorg (json)":
                "Att göra (för program)", "mina ärenden": "Mina ärenden",
                "egen plan": "Deltagarens plan", "rapportarkiv": "Rapportarkivet",
                "registerutdrag": "Registerutdrag"}

#: Who looked, by role; the command line's exports are logged with the role ``cli``.
ACCESS_ROLE = {**ROLE, "cli": "Kommandoraden"}

STEP_MOVEMENT = {"yes": "Ja", "partly": "Delvis", "no": "Nej"}

GENDER = {"kvinna": "Kvinna", "man": "Man", "annat": "Annat",
          "uppgift_saknas": "Uppgift saknas"}

#: Kinds a coordinator marks done with one button (follow-ups are recorded with their
#: attendees; post-exit follow-ups with what was found; time limits end by an exit).
ONE_CLICK = ("task", "meeting", "survey", "critical_point", "handover", "exit_task")


def to_do(kind: str) -> str:
    """What to do about an obligation of ``kind`` (Swedish page text)."""
    return TO_DO.get(kind, N_("Se ärendet"))


def kind_name(kind: str) -> str:
    """A short name for ``kind`` (Swedish page text)."""
    return KIND.get(kind, N_("Annat"))


def anchor_of(key: str) -> str:
    """The case page's anchor of an obligation (``follow_up:2`` → ``o-follow-up-2``)."""
    return "o-" + "".join(ch if ch.isalnum() else "-" for ch in key)
