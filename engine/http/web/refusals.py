"""Engine refusals in the reader's language: a catalogue by kind, with parameters.

The engine raises its errors (and gives its notices) with the English the command
line prints, and a ``kind`` with parameters (:class:`engine.errors.StegvisError`,
:class:`engine.errors.Notice`).  A page words each kind from a catalogue: Swedish here,
English in the catalogue (:mod:`engine.language`, context ``refusal.<kind>``; written for
a person using the web pages, not the command line's English: no command names, no
case numbers or stored codes, the same facts as the Swedish sentence), the parameters
in the reader's words (dates by Babel, statuses and field names from the catalogue,
names from the definition as they are).  The web's own refusals are raised with
:func:`refusal`: a page text, translated like any other.

No English reaches a Swedish page: an error whose kind the Swedish catalogue does not
know is shown as a general Swedish sentence (and logged; an English reader gets the
engine's English), and tests/test_web_refusals.py checks that every kind the engine
raises has both sentences, so that fallback is never needed.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from starlette.requests import Request

from engine.errors import InputError
from engine.http.web.i18n import translate, value_text
from engine.http.web.refusals_inputs import INPUT_REFUSALS
from engine.inputs.identity_text import hide_identity_numbers
from engine.language import N_, gettext, has_translation, pgettext
from engine.service.shared.status_words import status_word

_log = logging.getLogger("stegvis.web")

#: The Swedish sentence of each kind; ``{What}`` is ``{what}`` with a capital letter.
SWEDISH: dict[str, str] = {
    "date_in_future": "{What} {day} ligger i framtiden (i dag är det {today}).",
    "date_before": "{What} {day} är före {before_what} {before}.",
    "not_a_date": "{What}: ”{value}” är inte ett datum (ÅÅÅÅ-MM-DD).",
    "not_a_duration": "{What}: ”{value}” är ingen tidslängd (till exempel ”2 veckor”).",
    "case_not_active": "Ärendet pågår inte (det är {status}); det går inte att göra nu.",
    "case_not_exited": "Ärendet är inte avslutat (det är {status}).",
    "case_erased": ("Ärendets uppgifter är raderade (gallrade efter bevarandetiden); det "
                    "går inte att öppna igen. Skriv in personen på nytt."),
    "not_waiting": "Ärendet står inte på väntelistan (det är {status}).",
    "no_case": "Ärendet finns inte.",
    "changed_meanwhile": "Någon annan ändrade ärendet samtidigt. Ladda om sidan och försök "
                         "igen.",
    "definition_missing": ("Ärendets version av programmets definition saknas. Kontakta "
                           "systemadministratören."),
    "actor_missing": "Det syns inte vem som gör ändringen. Logga in igen.",
    "programme_full": "{programme} är fullt ({taken} av {places} platser).",
    "caseload_full": ("{coordinator} har redan {taken} pågående ärenden i {programme}, så "
                      "många som en samordnare har ({places}). Välj en annan samordnare."),
    "quota_full": "Platserna för {municipality} i {programme} är fyllda ({places} platser).",
    "not_enrolling": "{programme} tar inte emot deltagare {day}.",
    "no_obligation": "Ärendet har ingen sådan punkt. Ladda om sidan och försök igen.",
    "obligation_already": "”{name}” är redan {status}.",
    "obligation_not_done": "”{name}” är inte klar (den är {status}); det finns inget att ångra.",
    "undo_follow_up_instead": "”{name}” är ett uppföljningsmöte: ångra mötet i stället.",
    "post_exit_stays": ("”{name}” blev klar när resultatet efter avslutet registrerades, och "
                        "det resultatet står kvar."),
    "follow_up_twice": "En uppföljning hållen {day} är redan registrerad. Ska den rättas: "
                       "ångra den och registrera den igen.",
    "no_follow_up_to_undo": "Ärendet har inget uppföljningsmöte att ångra.",
    "no_move_to_undo": "Ärendet har inte bytt fas sedan inskrivningen; det finns inget att "
                       "ångra.",
    "no_follow_ups": "{programme} har inga återkommande uppföljningar.",
    "which_series": "Välj vilken av uppföljningarna mötet hör till: {series}.",
    "next_follow_up_outside": "Nästa uppföljning ska komma efter den här ({held_on}) och "
                              "senast {latest} (var {interval}); {next_on} går inte.",
    "interval_zero": "Tiden mellan mötena kan inte vara noll.",
    "interval_longer": "Ett överenskommet intervall får bara vara tätare än {longest}; "
                       "{length} är längre.",
    "interval_tighter": "{programme} tillåter intervall ner till {tightest}; {length} är "
                        "tätare.",
    "interval_not_here": "Ett tätare intervall kan inte avtalas för {series}.",
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
    "no_extension_request": "Ansökan om förlängning finns inte längre. Ladda om sidan.",
    "extension_too_long": "{programme} tillåter ingen förlängning med {length}.",
    "extension_past_end": ("{programme} slutar den {end}; en förlängning med {length} skulle "
                           "räcka till den {ends}, efter programmets slut."),
    "extension_decided": "Ansökan om förlängning är redan {status}.",
    "extension_case_closed": "Ärendet pågår inte (det är {status}), så förlängningen kan "
                             "inte beviljas. Avslå ansökan, eller ångra avslutet först.",
    "extension_wrong_role": "Förlängningen beslutas av {role}.",
    "unknown_choice": "{What} finns inte i programmet.",
    "income_unknown": "Försörjningen {value} finns inte i listan. Välj en ur listan.",
    "unknown_choices": ("Något av det valda finns inte i {programme} längre. Ladda om sidan "
                        "och välj igen."),
    "no_capacity_scale": "{programme} bedömer inte aktivitetsförmåga.",
    "capacity_outside": "Aktivitetsförmågan {value} ligger utanför skalan {min}–{max}.",
    "no_reimbursement": "{programme} har ingen ersättningsmodell.",
    "no_need_level": "Ärendet har ingen bedömning med behovsnivå till och med {day}.",
    "post_exit_too_early": "Uppföljningen efter avslutet kan registreras tidigast {opens}; "
                           "{day} är för tidigt.",
    "post_exit_twice": "Uppföljningen efter avslutet är redan registrerad ({day}).",
    "survey_unanswered": "Ingen av frågorna är besvarad. Fyll i minst ett svar.",
    "unknown_question": "Enkäten har inte den frågan längre. Ladda om sidan.",
    "answer_yes_no": "”{question}”: svara ja eller nej.",
    "answer_outside_scale": "”{question}”: välj ett tal från {min} till {max}.",
    "answer_too_long": "”{question}”: {n} tecken, men högst {length} får plats.",
    "text_too_long": "{What}: {n} tecken, men högst {length} får plats.",
    "text_empty": "{What} saknas.",
    "text_control_character": "{What} innehåller ett styrtecken eller en radbrytning där "
                              "det inte får finnas. Skriv det utan.",
    "text_identity_number": "{What} innehåller något som ser ut som ett personnummer eller "
                            "samordningsnummer. Numret sparas bara i sitt eget fält, med "
                            "samtycke, aldrig i annan text.",
    "key_identity_number": ("Nyckeln ser ut som ett personnummer eller samordningsnummer. "
                            "Använd en nyckel som inte säger vem personen är; numret sparas "
                            "bara i sitt eget fält, med samtycke."),
    "key_length": "Deltagarens nyckel ska vara 1–{length} tecken.",
    "key_open_case": "Deltagaren {key} har redan ett pågående ärende i {programme}.",
    "key_other_person": ("Nyckeln {key} finns redan, för en person med ett annat kön eller "
                         "födelseår. Kontrollera nyckeln: är det samma person?"),
    "birth_year_impossible": ("Födelseåret {year} går inte: det ska vara från {first} till "
                              "året för inskrivningen ({day})."),
    "birth_year_other": "Födelseåret {year} stämmer inte med födelsedatumet {born}.",
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
    "identity_open_case": ("Personen har redan ett pågående ärende i {programme}. En person "
                           "har ett ärende i taget i ett program."),
    "meeting_passed": "Tiden har redan varit ({day}). Välj en tid framåt.",
    "link_lifetime": "En inloggningslänk fungerar 1–{longest} dagar, inte {days}.",
    "no_link": "Länken finns inte längre. Ladda om sidan.",
    # Notices given with a change that was made.
    "waiting_list": ("{programme} är fullt ({taken} av {places} platser): deltagaren står på "
                     "väntelistan."),
    "caseload_passed": ("{coordinator} har nu fler pågående ärenden i {programme} än de "
                        "{places} en samordnare ska ha ({taken} före det här)."),
    "soft_quota_full": ("{municipality} har redan {taken} av sina {places} platser. Deltagaren "
                        "är inskriven efter behov; skriv skälet i en anteckning."),
    "total_planned_passed": ("{programme} planerade {places} deltagare sammanlagt; det här är "
                             "nummer {n}."),
}

#: The engine's names of fields and choices (``what``), in Swedish.
FIELDS: dict[str, str] = {
    "admission date": "antagningsdatum", "answer date": "svarsdatum",
    "assessment date": "bedömningsdatum", "completion date": "datumet då det gjordes",
    "consent date": "samtyckesdatum", "decision date": "beslutsdatum",
    "exit date": "avslutsdatum", "follow-up date": "uppföljningens datum",
    "phase change date": "datumet för fasbytet", "request date": "ansökningsdatum",
    "meeting date": "mötesdatum", "next meeting": "nästa möte", "date": "datum",
    "enrolment date": "inskrivningsdatum", "birth date": "födelsedatum",
    "referral date": "anvisningsdatum", "agreed interval": "det överenskomna intervallet",
    "extension": "förlängningen", "follow-up series": "uppföljningsserien",
    "need level": "behovsnivån", "placement form": "placeringsformen",
    "type case": "typfallet", "survey": "enkäten", "step movement": "stegförflyttningen",
    "role": "rollen", "phase": "fasen", "exit outcome": "avslutsorsaken", "gender": "könet",
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
    "the place": "platsen", "the meeting time": "mötestiden",
    "the coordinator": "samordnaren", "who acts (--as)": "vem som gör ändringen",
    "who records it (--as)": "vem som registrerar", "who asks (--as)": "vem som ansöker",
    "who decides (--as)": "vem som beslutar", "who assesses (--as)": "vem som bedömer",
    "who completes it (--as)": "vem som gör det", "the audit entry": "loggposten",
    "the audit entry's text": "loggpostens text",
    "entering": "bytet till den nuvarande fasen",
}

#: A page text that says something went wrong without saying what: shown for an error
#: whose kind no catalogue words (the tests keep this from happening).
UNWORDED = N_("Det gick inte att spara. Kontrollera uppgifterna och försök igen.")


class Worded(Protocol):
    """An error or notice with a kind (see the module docstring)."""

    kind: str
    params: dict[str, object]


def refusal(request: Request, message: str, **values: object) -> InputError:
    """The web's own refusal: ``message`` is a Swedish page text (in the page catalogue,
    translated when shown), ``values`` fill its ``{names}``."""
    return InputError(message.format(**values) if values else message, kind="page",
                      text=message, values=values)


def _word(language: str, name: str, value: Any) -> str:
    worded = value_text(language, name, value)  # a date, a duration, a number
    if worded is not None:
        return worded
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if name == "status":
        words = status_word(str(value))
        if language == "sv" or has_translation(language, words):
            return gettext(language, words)
        return str(value).replace("_", " ")
    if name in ("what", "before_what"):
        text = str(value)
        if text.startswith("entering "):  # "entering <phase>": the phase is the case's own
            text = "entering"
        if text not in FIELDS:
            return text
        return pgettext(language, f"field.{text}", FIELDS[text])
    return str(value)


def refusal_text(language: str, error: Worded) -> str:
    """What a page says about ``error`` (or a notice) in ``language`` (see the module
    docstring)."""
    if error.kind == "page":
        values = error.params.get("values")
        return translate(language, str(error.params["text"]),
                         **(values if isinstance(values, dict) else {}))
    template = SWEDISH.get(error.kind)
    if template is not None and language != "sv":
        context = f"refusal.{error.kind}"
        template = pgettext(language, context, template) \
            if has_translation(language, template, context) else None
    if template is not None:
        values = {name: _word(language, name, value) for name, value in error.params.items()}
        if "what" in values:
            values["What"] = values["what"][:1].upper() + values["what"][1:]
        try:
            return hide_identity_numbers(template.format(**values))
        except (KeyError, IndexError):  # a kind raised without a parameter its sentence uses
            pass
    if language != "sv":  # the engine's own English, rather than no reason at all
        return hide_identity_numbers(str(error))
    _log.warning("no Swedish sentence for a refusal of kind %r: %s", error.kind,
                 hide_identity_numbers(str(error).splitlines()[0] if str(error) else ""))
    return translate(language, UNWORDED)
