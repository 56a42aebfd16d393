"""Engine refusals in the reader's language: a catalogue by kind, with parameters.

The engine raises its errors with the English the command line prints, and a
``kind`` with parameters (:class:`engine.errors.StegvisError`).  A Swedish reader gets
the catalogue's sentence for that kind, its parameters worded in Swedish: dates by
Babel, statuses and field names from the tables below, names from the definition as
they are.  An English reader gets the engine's own message.

An error without a kind shows its message as it is: the web's own refusals are
written in the reader's language when they are raised (``text(request, …)``).  The
tests (tests/test_web_refusals.py) check that each main action's refusals have a kind
this catalogue words, so no English sentence reaches a Swedish page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from engine.dates.durations import Duration
from engine.errors import StegvisError
from engine.http.web.i18n import day_text, number_text
from engine.http.web.refusals_inputs import INPUT_REFUSALS
from engine.inputs.identity_text import hide_identity_numbers
from engine.service.shared.status_words import status_word

#: The Swedish sentence of each kind; ``{What}`` is ``{what}`` with a capital letter.
SWEDISH: dict[str, str] = {
    "date_in_future": "{What} {day} ligger i framtiden (i dag är det {today}).",
    "date_before": "{What} {day} är före {before_what} {before}.",
    "not_a_date": "{What}: ”{value}” är inte ett datum (ÅÅÅÅ-MM-DD).",
    "case_not_active": "Ärendet pågår inte (det är {status}); det går inte att göra nu.",
    "case_not_exited": "Ärendet är inte avslutat (det är {status}).",
    "case_erased": ("Ärendets uppgifter är raderade (gallrade efter bevarandetiden); det "
                    "går inte att öppna igen. Skriv in personen på nytt."),
    "not_waiting": "Ärendet står inte på väntelistan (det är {status}).",
    "programme_full": "{programme} är fortfarande fullt ({taken} av {places} platser).",
    "no_obligation": "Ärendet har ingen sådan punkt. Ladda om sidan och försök igen.",
    "obligation_already": "”{name}” är redan {status}.",
    "follow_up_twice": "En uppföljning hållen {day} är redan registrerad. Ska den rättas: "
                       "ångra den och registrera den igen.",
    "next_follow_up_outside": "Nästa uppföljning ska komma efter den här ({held_on}) och "
                              "senast {latest} (var {interval}); {next_on} går inte.",
    "no_transition": "Från fasen {phase} går det inte att byta till {to}.",
    "move_requires": "Bytet från {phase} till {to} kräver att detta är klart först: "
                     "{missing}.",
    "move_needs_approval": "Bytet till {to} måste godkännas av {role}.",
    "completion_not_here": "En deltagare fullföljer från {phases}, inte från {phase}. Byt "
                           "fas först, eller registrera ett avbrott.",
    "reason_missing": "Skriv varför.",
    "goal_missing": "Skriv målet.",
    "no_goal": "Målet finns inte längre i ärendet. Ladda om sidan.",
    "complete_follow_up": "Ett uppföljningsmöte registreras med vilka som var med och "
                          "stegförflyttningen, i formuläret för uppföljningsmöten.",
    "no_extension": "{programme} har ingen tidsgräns att förlänga.",
    "extension_too_long": "{programme} tillåter ingen förlängning med {length}.",
    "extension_decided": "Ansökan om förlängning är redan {status}.",
    "extension_case_closed": "Ärendet pågår inte (det är {status}), så förlängningen kan "
                             "inte beviljas. Avslå ansökan, eller ångra avslutet först.",
    "extension_wrong_role": "Förlängningen beslutas av {role}.",
    "unknown_choice": "{What} finns inte i programmet.",
    "no_capacity_scale": "{programme} bedömer inte aktivitetsförmåga.",
    "capacity_outside": "Aktivitetsförmågan {value} ligger utanför skalan {min}–{max}.",
    "post_exit_too_early": "Uppföljningen efter avslutet kan registreras tidigast {opens}; "
                           "{day} är för tidigt.",
    "post_exit_twice": "Uppföljningen efter avslutet är redan registrerad ({day}).",
    "text_too_long": "{What}: {n} tecken, men högst {length} får plats.",
    "text_empty": "{What} saknas.",
    "text_control_character": "{What} innehåller ett styrtecken eller en radbrytning där "
                              "det inte får finnas. Skriv det utan.",
    "text_identity_number": "{What} innehåller något som ser ut som ett personnummer eller "
                            "samordningsnummer. Numret sparas bara i sitt eget fält, med "
                            "samtycke, aldrig i annan text.",
    "consent_missing": "Ett personnummer sparas bara med deltagarens samtycke: ange datumet "
                       "för samtycket.",
    "identity_invalid": "Personnumret är inte giltigt (formatet eller kontrollsiffran). "
                        "Kontrollera det med deltagaren.",
    "identity_other_birth": "Personnumret stämmer inte med deltagarens födelseår eller "
                            "födelsedatum.",
    "identity_stored": "Deltagaren har redan ett sparat personnummer; det byts inte ut.",
    "identity_taken": "Personnumret är redan sparat för en annan deltagare; en person har en "
                      "nyckel.",
    **INPUT_REFUSALS,
}

#: The engine's names of fields and choices (``what``), in Swedish.
FIELDS: dict[str, str] = {
    "admission date": "antagningsdatum", "answer date": "svarsdatum",
    "assessment date": "bedömningsdatum", "completion date": "datumet då det gjordes",
    "consent date": "samtyckesdatum", "decision date": "beslutsdatum",
    "exit date": "avslutsdatum", "follow-up date": "uppföljningens datum",
    "phase change date": "datumet för fasbytet", "request date": "ansökningsdatum",
    "meeting date": "mötesdatum", "next meeting": "nästa möte", "date": "datum",
    "need level": "behovsnivån", "placement form": "placeringsformen",
    "type case": "typfallet", "survey": "enkäten", "step movement": "stegförflyttningen",
    "role": "rollen", "phase": "fasen", "exit outcome": "avslutsorsaken",
    "sub-outcome": "det närmare resultatet",
    "post-exit follow-up": "uppföljningen efter avslutet", "status": "resultatet",
    "the enrolment on": "inskrivningen", "the exit on": "avslutet",
    "the request on": "ansökan", "the waiting-list entry on": "platsen på väntelistan",
    "the participant key": "deltagarens nyckel", "the municipality": "kommunen",
    "the coordinator's name": "samordnarens namn", "the referring party": "anvisande part",
    "the notes": "anteckningen", "the goal": "målet", "the survey answers": "enkätsvaren",
    "the reason": "skälet", "the note": "anteckningen", "the display name": "visningsnamnet",
    "the e-mail address": "e-postadressen", "the contact's name": "kontaktens namn",
    "the start date": "startdatumet", "the extension": "förlängningen",
    "the agreed interval": "det överenskomna intervallet",
}

def _swedish(name: str, value: Any) -> str:
    if isinstance(value, date):
        return day_text(value, "sv")
    if isinstance(value, Duration):
        return value.swedish()
    if isinstance(value, int) and not isinstance(value, bool):
        return number_text(value, "sv")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if name == "status":
        return status_word(str(value))
    if name in ("what", "before_what"):
        text = str(value)
        if text.startswith("entering "):
            return "bytet till den nuvarande fasen"
        return FIELDS.get(text, text)
    return str(value)


def refusal_text(language: str, error: StegvisError) -> str:
    """What a page says about ``error`` in ``language`` (see the module docstring)."""
    template = SWEDISH.get(error.kind) if language == "sv" else None
    if template is None:
        return hide_identity_numbers(str(error))
    values = {name: _swedish(name, value) for name, value in error.params.items()}
    if "what" in values:
        values["What"] = values["what"][:1].upper() + values["what"][1:]
    try:
        return hide_identity_numbers(template.format(**values))
    except (KeyError, IndexError):  # a kind raised without a parameter its sentence uses
        return hide_identity_numbers(str(error))
